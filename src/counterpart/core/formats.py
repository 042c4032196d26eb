"""Amounts in the active language's format, the one way the product shows money (Babel's CLDR data).

`format_amount(Decimal("128000"), "CNY")` is "¥128,000.00" in simplified Chinese, "CN¥128,000.00" in
traditional Chinese and English, "元128,000.00" in Japanese; `wan=True` gives the 万元 officials write in
reports ("12.8 万元", "12.8 萬元"), for yuan in the Chinese and Japanese interfaces only (English has no such
unit: the full amount is shown). The template filters `money` and `money_wan` (`core_ui`) call it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_currency, format_decimal
from django.utils.translation import get_language
from django.utils.translation import gettext as _

#: Django's language codes → the CLDR locales whose number and currency formats they use.
LOCALES = {"zh-hans": "zh_Hans_CN", "zh-hant": "zh_Hant_TW", "ja": "ja_JP", "en": "en"}
WAN = Decimal(10000)
MISSING = "—"


def babel_locale(language: str | None = None) -> str:
    code = (language or get_language() or "zh-hans").lower()
    return LOCALES.get(code, LOCALES.get(code.split("-")[0], "zh_Hans_CN"))


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_amount(
    value: Any, currency: str = "CNY", *, wan: bool = False, language: str | None = None
) -> str:
    """`value` (a Decimal, yuan with 2 places) as the active language writes an amount of `currency`;
    "—" when there is none. `wan`: yuan in 万元 (`format_wan`) where the language uses the unit."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    locale = babel_locale(language)
    currency = (currency or "CNY").upper()
    if wan and currency == "CNY" and not locale.startswith("en"):
        return _("%(amount)s ten thousand yuan") % {"amount": format_wan(amount, language=language)}
    return format_currency(amount, currency, locale=locale)


def format_wan(value: Any, *, language: str | None = None) -> str:
    """Yuan as the number of 万元 tables write, without the unit (their header names it): the language's
    separators, up to four decimals, exact to the yuan (1,234,500 → "123.45"); "—" when there is none."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    return format_decimal(amount / WAN, format="#,##0.####", locale=babel_locale(language))


def format_number(value: Any, *, language: str | None = None) -> str:
    """A quantity (a target, a cumulative value) with the language's separators and no trailing zeros."""
    number = _decimal(value)
    if number is None:
        return MISSING
    return format_decimal(number, format="#,##0.##", locale=babel_locale(language))
