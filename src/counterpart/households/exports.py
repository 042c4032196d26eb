"""Workbooks of the registry: the unmask log (assessors). Every text is written as a string
(`core.exports.workbook` and `write_string`), so a name that starts with "=" stays text."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.core.exports import workbook as safe_workbook


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def unmask_log_xlsx(rows: Iterable[Any]) -> bytes:
    """The rows of `selectors.unmask_log` (annotated) as one sheet; streamed row by row."""
    buffer = io.BytesIO()
    workbook = safe_workbook(buffer, {"constant_memory": True, "in_memory": True})
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet = workbook.add_worksheet(_("ID numbers shown")[:31])
    headers = [
        _("Viewed at"),
        _("User"),
        _("Member"),
        _("Household number"),
        _("Village"),
        _("Channel"),
        _("From address"),
    ]
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 4, 18)
    sheet.set_column(5, 6, 16)
    for r, row in enumerate(rows, start=1):
        sheet.write_datetime(r, 0, _local(row.viewed_at), when)
        texts = (
            row.user.get_username(),
            row.member_name or "",
            row.household_number or "",
            row.village_name or "",
            row.channel,
            row.ip or "",
        )
        for col, text in enumerate(texts, start=1):
            sheet.write_string(r, col, str(text))
    workbook.close()
    return buffer.getvalue()
