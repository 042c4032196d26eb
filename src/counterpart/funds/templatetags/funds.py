"""Money as officials read it: amounts in 万元 (ten thousand yuan)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from counterpart.core.formats import MISSING, format_wan
from counterpart.funds.models import Sector

register = template.Library()


@register.filter
def wan(value: Any) -> str:
    """Yuan shown in 万元 with up to four decimals and the language's separators (1,234,500 → 123.45万元),
    in every language (the funds pages are 万元 tables; `core_ui.money_wan` shows English the full amount)."""
    text = format_wan(value)
    return text if text == MISSING else _("%(amount)s ten thousand yuan") % {"amount": text}


@register.filter
def sector_label(value: str) -> str:
    """A sector's code as the user's language names it."""
    return str(dict(Sector.choices).get(value, value))
