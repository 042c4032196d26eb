"""Template helpers that know no domain: amounts (`money`, `money_wan`), citations of a record's source
(`{% cite %}`) and bylines that read right when the person or the date is missing (`{% byline %}`)."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from counterpart.core.formats import format_amount, format_number
from counterpart.core.models import SourceDocument, parse_source_span
from counterpart.core.ui import INLINE, inline_tag

register = template.Library()


@register.filter
def money(value: Any, currency: str = "CNY") -> str:
    """`{{ agreement.value|money:agreement.currency }}` → ¥128,000.00 (the active language's format)."""
    return format_amount(value, currency or "CNY")


@register.filter
def money_wan(value: Any, currency: str = "CNY") -> str:
    """`{{ total|money_wan }}` → 12.8 万元, the unit officials write (full amount in English)."""
    return format_amount(value, currency or "CNY", wan=True)


@register.filter
def quantity(value: Any) -> str:
    """A target or a cumulative value with the language's separators, no trailing zeros (1,250.5)."""
    return format_number(value)


def _language_label(code: str) -> str:
    return {
        "zh-hans": pgettext("written in", "Simplified Chinese"),
        "zh-hant": pgettext("written in", "Traditional Chinese"),
        "en": pgettext("written in", "English"),
        "ja": pgettext("written in", "Japanese"),
    }.get(code, code)


def _documents(context: template.Context) -> dict[str, SourceDocument]:
    """Every source document by file name, read once per request (a handful of rows)."""
    holder: Any = context.get("request") or context
    documents = getattr(holder, "_source_documents", None)
    if documents is None:
        documents = {d.file_name: d for d in SourceDocument.objects.defer("text")}
        with contextlib.suppress(AttributeError):  # a plain Context: read again next time
            holder._source_documents = documents
    return documents


def citation_label(document: SourceDocument) -> str:
    """报道（2018-09-13，日文）: the kind, date and language of a document, never its file name."""
    language = _language_label(document.language)
    if document.published is None:
        return _("%(kind)s (%(language)s)") % {"kind": document.get_kind_display(), "language": language}
    return _("%(kind)s (%(date)s, %(language)s)") % {
        "kind": document.get_kind_display(),
        "date": document.published.isoformat(),
        "language": language,
    }


@register.simple_tag(takes_context=True)
def cite(context: template.Context, record: Any, field: str = "source") -> str | SafeString:
    """Where `record` comes from, in words: a link to the passage of its source document, "generated
    demonstration data" for invented records, "report intake" for a draft read from a report; empty when
    the record says nothing (so `{% cite obj as c %}{% if c %}…` shows no empty row)."""
    source = str(getattr(record, field, "") or "").strip()
    if not source:
        return ""
    span = parse_source_span(source)
    if span is not None:
        document = _documents(context).get(span[0])
        if document is None:
            return _("a source report")
        url = reverse("web:source", args=[document.pk])
        return format_html(
            '<a class="citation" href="{}?span={}-{}" title="{}">{}</a>',
            url,
            span[1],
            span[2],
            document.title,
            citation_label(document),
        )
    if source.startswith("generated"):
        return _("generated demonstration data")
    if source.startswith("intake"):
        return _("report intake")
    return _("entered by hand")


_BYLINES = {
    "reported": (
        gettext_noop("Reported by %(who)s on %(when)s"),
        gettext_noop("Reported by %(who)s"),
        gettext_noop("Reported on %(when)s"),
    ),
    "reviewed": (
        gettext_noop("reviewed by %(who)s on %(when)s"),
        gettext_noop("reviewed by %(who)s"),
        gettext_noop("reviewed on %(when)s"),
    ),
}


@register.simple_tag
def byline(action: str, who: Any, when: dt.datetime | dt.date | None) -> str:
    """ "由 张三 于 2021-03-31 10:00 填报", "由 张三 填报" or "于 … 填报": a sentence that reads right
    whichever of the person and the time is missing (empty when both are)."""
    both, who_only, when_only = _BYLINES[action]
    name = str(who.get_full_name() or who.get_username()) if hasattr(who, "get_username") else str(who or "")
    stamp = ""
    if isinstance(when, dt.datetime):
        stamp = f"{timezone.localtime(when) if timezone.is_aware(when) else when:%Y-%m-%d %H:%M}"
    elif isinstance(when, dt.date):
        stamp = when.isoformat()
    if name and stamp:
        return _(both) % {"who": name, "when": stamp}
    if name:
        return _(who_only) % {"who": name}
    if stamp:
        return _(when_only) % {"when": stamp}
    return ""


@register.filter
def is_inline(message: Any) -> bool:
    """Whether a message is shown beside a part of the page rather than in the list at the top."""
    return str(getattr(message, "extra_tags", "") or "").split(" ")[:1] == [INLINE]


@register.inclusion_tag("core/messages_at.html", takes_context=True)
def messages_at(context: template.Context, anchor: str, pk: Any = None) -> dict[str, Any]:
    """The messages about the element with id `anchor` (`{% messages_at "entry" entry.pk %}`: "entry-12"),
    such as a review form's refusal, shown next to its buttons."""
    tag = inline_tag(anchor if pk is None else f"{anchor}-{pk}")
    return {"inline_messages": [m for m in context.get("messages") or () if m.extra_tags == tag]}
