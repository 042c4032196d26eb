"""Money as officials read it: amounts in 万元 (ten thousand yuan)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def wan(value: Any) -> str:
    """Yuan shown in 万元 with up to four decimals and thousands separators (1,234,500 → 123.45万元)."""
    if value is None or value == "":
        return "—"
    amount = (Decimal(value) / 10000).quantize(Decimal("0.0001")).normalize()
    text = f"{amount:,f}"
    return _("%(amount)s ten thousand yuan") % {"amount": text}
