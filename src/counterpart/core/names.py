"""The one name resolver: which rows of a named model (a region, an organization, a person) a piece of text
names, over the four name columns and the `core.Alias` table, ranked, each with the reason it was found.

Search (`name_search_q`), the services that take a name typed or read from a report (an attendee), and the
importers and intake resolve names here, so an alias added once is found everywhere. Exact matches rank above
partial ones, a name column above an alias; the text is compared after trimming and, for Latin letters,
without case. Two candidates with the same top rank are an ambiguity the caller reports: nothing here
guesses between them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from counterpart.core.models import Alias

#: The name columns of a `NamedModel`, with the language each holds.
NAME_COLUMNS = (("name", "zh-hans"), ("name_zh_hant", "zh-hant"), ("name_en", "en"), ("name_ja", "ja"))

#: Ranks: the higher the better. SHORT_FORM: the text and a name shortened the same way (`NameIndex` with
#: `forms`: 民和县 and 民和回族土族自治县 are both 民和).
EXACT_NAME, EXACT_ALIAS, SHORT_FORM, PREFIX_NAME, PARTIAL_NAME, PARTIAL_ALIAS = 40, 30, 27, 25, 20, 10

_REASONS = {
    EXACT_NAME: _("the name in %(language)s is “%(text)s”"),
    EXACT_ALIAS: _("an alias (%(language)s) is “%(text)s”"),
    SHORT_FORM: _("the name in %(language)s is “%(text)s” in short"),
    PREFIX_NAME: _("the name in %(language)s starts with “%(text)s”"),
    PARTIAL_NAME: _("the name in %(language)s contains “%(text)s”"),
    PARTIAL_ALIAS: _("an alias (%(language)s) contains “%(text)s”"),
}


@dataclass(frozen=True)
class Candidate:
    """A row the text may name: its id, its rank (higher is better) and why it was found."""

    pk: int
    rank: int
    language: str
    matched: str

    @property
    def reason(self) -> str:
        return str(_REASONS[self.rank] % {"language": self.language, "text": self.matched})


def name_search_q(model: type[models.Model], term: str) -> Q:
    """Rows of a `NamedModel` whose name in any language, or any alias, contains `term`."""
    term = term.strip()
    alias = Alias.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        text__icontains=term,
    )
    q = Q(Exists(alias))
    for column, _language in NAME_COLUMNS:
        q |= Q(**{f"{column}__icontains": term})
    return q


def name_candidates(
    queryset: QuerySet[Any], text: str, *, partial: bool = False, limit: int = 10
) -> list[Candidate]:
    """The rows of `queryset` that `text` names, best first (ties by id): exact matches of a name column or
    an alias, and with `partial` also rows whose name or alias contains the text. Two queries."""
    text = (text or "").strip()
    if not text:
        return []
    lookup = "icontains" if partial else "iexact"
    best: dict[int, Candidate] = {}

    def offer(candidate: Candidate) -> None:
        if candidate.pk not in best or candidate.rank > best[candidate.pk].rank:
            best[candidate.pk] = candidate

    columns = [column for column, _language in NAME_COLUMNS]
    where = Q()
    for column in columns:
        where |= Q(**{f"{column}__{lookup}": text})
    for row in queryset.filter(where).values("pk", *columns)[: limit * 4]:
        for column, language in NAME_COLUMNS:
            value = (row[column] or "").strip()
            if value.casefold() == text.casefold():
                offer(Candidate(row["pk"], EXACT_NAME, language, value))
            elif partial and text.casefold() in value.casefold():
                offer(Candidate(row["pk"], PARTIAL_NAME, language, value))
    aliases = Alias.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model),
        object_id__in=queryset.values("pk"),
        **{f"text__{lookup}": text},
    ).values_list("object_id", "language", "text")[: limit * 4]
    for object_id, language, value in aliases:
        exact = value.strip().casefold() == text.casefold()
        offer(Candidate(object_id, EXACT_ALIAS if exact else PARTIAL_ALIAS, language, value))
    return sorted(best.values(), key=lambda c: (-c.rank, c.pk))[:limit]


def ranked_search(
    queryset: QuerySet[Any],
    text: str,
    *,
    limit: int = 20,
    order_by: Sequence[Any] = ("pk",),
    scan_name: bool = True,
) -> list[Candidate]:
    """Search for a picker over a large table (the 665k regions): the rows of `queryset` whose name or alias
    is `text`, then whose zh-Hans name starts with it, then whose name or alias contains it — at most
    `limit`, best rank first, each rank in `order_by` order. Each step is one query cut at `limit` and the
    later ones run only while fewer rows are found; the exact and prefix steps use an index on `name`
    (a prefix is the range [text, text + U+10FFFF), which a B-tree answers on both databases); the
    step "zh-Hans name contains" scans that index, and `scan_name=False` skips it (Latin text, which a
    Chinese name does not contain)."""
    text = (text or "").strip()
    if not text:
        return []
    return _RankedSearch(queryset, text, limit, order_by, scan_name=scan_name).run()


class _RankedSearch:
    def __init__(
        self, queryset: QuerySet[Any], text: str, limit: int, order_by: Sequence[Any], *, scan_name: bool
    ) -> None:
        self.queryset, self.text, self.limit, self.order_by = queryset, text, limit, order_by
        self.scan_name = scan_name
        self.folded = text.casefold()
        self.found: dict[int, Candidate] = {}
        self.content_type = ContentType.objects.get_for_model(queryset.model)
        self.columns = [column for column, _language in NAME_COLUMNS]

    def run(self) -> list[Candidate]:
        text, folded = self.text, self.folded
        self.names("name", text, lambda v: v == folded, EXACT_NAME)
        self.names("iexact", text, lambda v: v == folded, EXACT_NAME)
        self.aliases("iexact", EXACT_ALIAS)
        self.names("range", text, lambda v: v.startswith(folded), PREFIX_NAME)
        if self.scan_name:
            self.names("contains", text, lambda v: folded in v, PARTIAL_NAME)
        self.names("icontains", text, lambda v: folded in v, PARTIAL_NAME)
        self.aliases("icontains", PARTIAL_ALIAS)
        return sorted(self.found.values(), key=lambda c: -c.rank)[: self.limit]

    @property
    def room(self) -> int:
        return self.limit - len(self.found)

    def names(self, how: str, text: str, test: Any, rank: int) -> None:
        """One step: `name` exact, or starting with the text (a range), or containing it (a scan cut at the
        limit, in `order_by` order); or the other languages' columns (`iexact`, `icontains`), each only
        over its non-empty values (`column > ''`: a range on its partial index, where the model has one)."""
        if self.room <= 0:
            return
        if how == "name":
            wheres = [Q(name=text)]
        elif how == "range":
            wheres = [Q(name__gte=text, name__lt=text + "\U0010ffff")]
        elif how == "contains":
            wheres = [Q(name__contains=text)]
        else:
            wheres = [Q(**{f"{column}__gt": "", f"{column}__{how}": text}) for column in self.columns[1:]]
        for where in wheres:
            if self.room <= 0:
                return
            qs = self.queryset.filter(where)
            if self.found:
                qs = qs.exclude(pk__in=list(self.found))
            if how == "contains":
                # A scan: of the name index alone (it covers name and id), stopping at the limit.
                pks = list(qs.order_by().values_list("pk", flat=True)[: self.room])
                qs = self.queryset.filter(pk__in=pks)
            for row in qs.order_by(*self.order_by).values("pk", *self.columns)[: self.room]:
                self.offer(row, test, rank)

    def offer(self, row: dict[str, Any], test: Any, rank: int) -> None:
        for column, language in NAME_COLUMNS:
            value = (row[column] or "").strip()
            if value and test(value.casefold()):
                self.found.setdefault(row["pk"], Candidate(row["pk"], rank, language, value))
                return
        # The database compared differently (a collation): still a hit, shown by its name.
        self.found.setdefault(row["pk"], Candidate(row["pk"], rank, "zh-hans", row["name"]))

    def aliases(self, lookup: str, rank: int) -> None:
        if self.room <= 0:
            return
        aliases = Alias.objects.filter(
            content_type=self.content_type, **{f"text__{lookup}": self.text}
        ).values_list("object_id", "language", "text")
        hits: dict[int, tuple[str, str]] = {}
        for object_id, language, value in aliases[: self.limit * 4]:
            if object_id not in self.found:
                hits.setdefault(object_id, (language, value))
        if not hits:
            return
        keep = self.queryset.filter(pk__in=list(hits)).order_by(*self.order_by).values_list("pk", flat=True)
        for pk in list(keep[: self.room]):
            self.found[pk] = Candidate(pk, rank, *hits[pk])


def resolve_name(queryset: QuerySet[Any], text: str) -> tuple[Any | None, list[Candidate]]:
    """The one row `text` names exactly (by a name column or an alias), or None, with every exact candidate
    (none: unknown; several of the top rank: ambiguous, the caller asks a person)."""
    candidates = name_candidates(queryset, text)
    top = [c for c in candidates if c.rank == candidates[0].rank] if candidates else []
    if len(top) != 1:
        return None, candidates
    return queryset.get(pk=top[0].pk), candidates


def name_exact_q(model: type[models.Model], text: str, *, path: str = "") -> Q:
    """Rows whose name in any language, or an alias, is exactly `text` (Latin letters without case); `path`
    reaches the named model through relations (``"parent__"``: rows whose parent is so named)."""
    text = (text or "").strip()
    q = Q()
    for column, _language in NAME_COLUMNS:
        q |= Q(**{f"{path}{column}__iexact": text})
    alias = Alias.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef(f"{path}pk"),
        text__iexact=text,
    )
    return q | Q(Exists(alias))


def name_key(text: str) -> str:
    """A name as `NameIndex` compares it: NFKC (full-width letters and digits folded), without whitespace,
    case-folded. A cell of a file carries stray spaces and full-width forms that a person does not see."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


class NameIndex:
    """Every row of `queryset` by its names in the four languages and its aliases, read once (two queries),
    for an importer that resolves thousands of cells against a few hundred rows. Ranks and reasons are the
    ones `name_candidates` gives, so a name found here is found by search and intake alike."""

    def __init__(
        self, queryset: QuerySet[Any], *, forms: Callable[[str], Sequence[str]] | None = None
    ) -> None:
        """`forms` gives the short forms of a name (geo's `short_forms`: 民和回族土族自治县 → 民和): each
        name is found by them too (`SHORT_FORM`), and a text no name has is looked up by its own."""
        self.by_key: dict[str, dict[int, Candidate]] = {}
        self.names: dict[int, str] = {}
        self.forms = forms
        columns = [column for column, _language in NAME_COLUMNS]
        for row in queryset.values("pk", *columns):
            self.names[row["pk"]] = row["name"]
            for column, language in NAME_COLUMNS:
                if value := (row[column] or "").strip():
                    self._offer(Candidate(row["pk"], EXACT_NAME, language, value))
                    for form in forms(value) if forms else ():
                        self._offer(Candidate(row["pk"], SHORT_FORM, language, form))
        aliases = Alias.objects.filter(
            content_type=ContentType.objects.get_for_model(queryset.model),
            object_id__in=queryset.values("pk"),  # a subquery: no parameter per row
        ).values_list("object_id", "language", "text")
        for object_id, language, value in aliases:
            self._offer(Candidate(object_id, EXACT_ALIAS, language, value.strip()))

    def _offer(self, candidate: Candidate) -> None:
        found = self.by_key.setdefault(name_key(candidate.matched), {})
        if candidate.pk not in found or candidate.rank > found[candidate.pk].rank:
            found[candidate.pk] = candidate

    def candidates(self, text: str) -> list[Candidate]:
        """The rows `text` names, best first (ties by id); with `forms`, a text no name or alias is is
        looked up by its short forms (民和县 → 民和)."""
        found = self.by_key.get(name_key(text), {})
        if not found and self.forms:
            merged: dict[int, Candidate] = {}
            for form in self.forms(text):
                for pk, candidate in self.by_key.get(name_key(form), {}).items():
                    merged.setdefault(pk, Candidate(pk, SHORT_FORM, candidate.language, candidate.matched))
            found = merged
        return sorted(found.values(), key=lambda c: (-c.rank, c.pk))

    def resolve(self, text: str) -> tuple[int | None, list[Candidate]]:
        """The id of the one row `text` names best, or None with the candidates (none: unknown; several
        of the top rank: ambiguous)."""
        candidates = self.candidates(text)
        top = [c for c in candidates if c.rank == candidates[0].rank] if candidates else []
        return (top[0].pk if len(top) == 1 else None), candidates

    def resolve_within(self, text: str, places: Sequence[str]) -> tuple[int | None, list[Candidate], str]:
        """`resolve` for a name written the way a region's own documents write it: `places` are the region's
        names, nearest first (a county, then its city), and 县环保局 in a list of 长海县 is 长海县环保局
        (`local_forms`). The first form that names any row decides: (id or None, its candidates, the form)."""
        for form in local_forms(text, places):
            candidates = self.candidates(form)
            if candidates:
                top = [c for c in candidates if c.rank == candidates[0].rank]
                return (top[0].pk if len(top) == 1 else None), candidates, form
        return None, [], text


#: A name's first character standing for its own region's level: 县环保局 is the county's bureau.
LEVEL_HEADS = "省市州盟县区旗镇乡"


def local_forms(text: str, places: Sequence[str]) -> list[str]:
    """The full names `text` may stand for in a region whose names are `places` (nearest first), in the
    order they are tried: a leading level character replaced by the region of that level (县环保局 →
    长海县环保局, 市发改委 → 大连市发改委), the text as written, then the text under each region's name
    (环保局 → 长海县环保局, 大连市环保局)."""
    text = (text or "").strip()
    forms: list[str] = []
    head = text[:1]
    if len(text) > 1 and head in LEVEL_HEADS:
        forms += [place + text[1:] for place in places if place.endswith(head)]
    forms.append(text)
    forms += [place + text for place in places if place and not text.startswith(place)]
    return list(dict.fromkeys(form for form in forms if form))
