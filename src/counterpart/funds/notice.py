"""The public notice of a county's projects of a year (公告公示, issue 16 item 5), as a page, an .xlsx and a
.pdf that show the same rows and the same figures.

What a published notice carries (DOMAIN, funds): the project, its place and content, the implementing
unit, the total investment split into cooperation funds / pooled department funds / the farmers' own money
(social donations and enterprise investment in one column beside them), the villages, households and people
covered with the registered poor counted apart, the stage and the planned period. Amounts in 万元.

Privacy: a notice is posted on a village board and a county website. It holds numbers only — no name and
no ID number of a household is read for it (the registered households a project reaches are linked by a
keyed hash and only counted in the project's own figures). Projects still in the reserve are not
published: the notice is the year's plan, the projects the county chose.

Selected through `selectors.project_list` (the user's scope, a county by the code prefix of the places, a
year), with the fundings prefetched: three queries whatever the number of projects. The totals row is the
sum of the rows shown, so the three forms cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from counterpart.core.exports import workbook
from counterpart.core.formats import MISSING, format_number, format_wan
from counterpart.funds import selectors
from counterpart.funds.models import FundingSource, ProjectFunding, Stage
from counterpart.geo.models import Region

WAN = Decimal(10000)
#: The money columns, in 万元 (keys of `NoticeRow.money`).
MONEY_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("total", gettext_lazy("Total investment")),
    ("cooperation", gettext_lazy("of it: cooperation funds")),
    ("pooled", gettext_lazy("pooled department funds")),
    ("farmers", gettext_lazy("farmers' own share")),
    ("other", gettext_lazy("social donations and enterprise investment")),
)
#: The beneficiary columns, in numbers (attributes of the project).
COUNT_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("villages", gettext_lazy("Villages covered")),
    ("households", gettext_lazy("Households covered")),
    ("people", gettext_lazy("People covered")),
    ("poor_people", gettext_lazy("of them registered poor people")),
)
SOURCE_COLUMN = {
    FundingSource.COOPERATION: "cooperation",
    FundingSource.POOLED: "pooled",
    FundingSource.FARMERS: "farmers",
    FundingSource.SOCIAL: "other",
    FundingSource.ENTERPRISE: "other",
}


@dataclass(frozen=True)
class NoticeRow:
    number: int
    title: str
    places: str
    content: str
    implementing: str
    money: dict[str, Decimal | None]  # yuan, by MONEY_COLUMNS key
    counts: dict[str, int | None]  # by COUNT_COLUMNS key
    stage: str
    period: str


@dataclass(frozen=True)
class Notice:
    county: Region
    year: int
    published: dt.date
    days: int
    publisher: str = ""
    phone: str = ""
    rows: list[NoticeRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Public notice of the east–west cooperation projects of %(county)s, %(year)s") % {
            "county": self.county.name,
            "year": self.year,
        }

    @property
    def period_end(self) -> dt.date:
        return self.published + dt.timedelta(days=self.days - 1)

    @property
    def footer(self) -> list[str]:
        """The lines under the table: the notice period, where objections go, the supervision phone."""
        lines = [
            _(
                "Notice period: %(start)s to %(end)s (%(days)s days). Objections may be raised with the "
                "publishing unit during the notice period."
            )
            % {"start": self.published.isoformat(), "end": self.period_end.isoformat(), "days": self.days}
        ]
        if self.publisher:
            lines.append(_("Published by: %(publisher)s") % {"publisher": self.publisher})
        if self.phone:
            lines.append(_("Supervision phone: %(phone)s") % {"phone": self.phone})
        return lines

    @property
    def money_totals(self) -> dict[str, Decimal | None]:
        return {key: _total(row.money[key] for row in self.rows) for key, _label in MONEY_COLUMNS}

    @property
    def count_totals(self) -> dict[str, int | None]:
        return {key: _total(row.counts[key] for row in self.rows) for key, _label in COUNT_COLUMNS}


def _total(values: Any) -> Any:
    """The sum of the values given; None when none is (a column nobody filled in stays empty)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


#: The longest content and place texts a notice prints (a posted notice summarises; a longer cell would not
#: fit on one printed page, which the PDF's table cannot split): cut at a character with "…", the same in
#: the page, the .xlsx and the .pdf.
CONTENT_MAX = 300
PLACES_MAX = 200


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return ""
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"


def public_notice(
    *,
    user: Any,
    county: Region,
    year: int,
    pairing_id: int | None = None,
    published: dt.date | None = None,
    days: int = 10,
    publisher: str = "",
    phone: str = "",
) -> Notice:
    """The notice of `county`'s projects of `year` that `user` may read (of `pairing_id` and the pairings
    under it, if given), ordered by title; projects in the reserve left out."""
    projects = (
        selectors.project_list(
            user=user, pairing_id=pairing_id, county_code=county.code, year=year, sort="title"
        )
        .exclude(stage=Stage.RESERVE)
        .prefetch_related(Prefetch("fundings", queryset=ProjectFunding.objects.order_by("source")))
    )
    rows = []
    for number, project in enumerate(projects, start=1):
        money: dict[str, Decimal | None] = {key: None for key, _label in MONEY_COLUMNS}
        for funding in project.fundings.all():
            key = SOURCE_COLUMN[FundingSource(funding.source)]
            money[key] = (money[key] or Decimal(0)) + funding.amount
        sources = [v for k, v in money.items() if k != "total" and v is not None]
        money["total"] = project.budget if project.budget is not None else _total(sources)
        rows.append(
            NoticeRow(
                number=number,
                title=project.title,
                places=_clip(project.places_label(), PLACES_MAX),
                content=_clip(project.content, CONTENT_MAX),
                implementing=project.implementing_org.name if project.implementing_org else "",
                money=money,
                counts={key: getattr(project, key) for key, _label in COUNT_COLUMNS},
                stage=project.get_stage_display(),
                period=_period(project.planned_start, project.planned_end),
            )
        )
    return Notice(
        county=county,
        year=year,
        published=published or timezone.localdate(),
        days=days,
        publisher=publisher,
        phone=phone,
        rows=rows,
    )


def headers() -> list[str]:
    """The table's column headers, in the active language (the money ones with their unit)."""
    unit = _("10,000 yuan")
    return [
        _("No."),
        _("Project name"),
        _("Construction site"),
        _("Content"),
        _("Implementing unit"),
        *(f"{label} ({unit})" for _key, label in MONEY_COLUMNS),
        *(str(label) for _key, label in COUNT_COLUMNS),
        _("Stage"),
        _("Planned period"),
    ]


def unit_line(notice: Notice) -> str:
    """The line above the table: the unit of its money and the date of the notice."""
    return _("Unit: 10,000 yuan") + "    " + _("Date: %(date)s") % {"date": notice.published.isoformat()}


def table_rows(notice: Notice) -> Iterator[list[str]]:
    """The rows as the page and the PDF print them (figures formatted once, here), the totals row last."""
    for row in notice.rows:
        yield [
            str(row.number),
            row.title,
            row.places or MISSING,
            row.content,
            row.implementing,
            *(format_wan(row.money[key]) for key, _label in MONEY_COLUMNS),
            *(format_number(row.counts[key]) for key, _label in COUNT_COLUMNS),
            row.stage,
            row.period,
        ]
    if notice.rows:
        money, counts = notice.money_totals, notice.count_totals
        yield [
            _("Total"),
            _("%(count)s projects") % {"count": len(notice.rows)},
            "",
            "",
            "",
            *(format_wan(money[key]) for key, _label in MONEY_COLUMNS),
            *(format_number(counts[key]) for key, _label in COUNT_COLUMNS),
            "",
            "",
        ]


def _wan_number(value: Decimal | None) -> float | None:
    # a number cell in 万元, exact to the yuan (4 places: exact in a double for any realistic amount)
    return float((value / WAN).quantize(Decimal("0.0001"))) if value is not None else None


def write_notice_xlsx(target: str | Path | IO[bytes], notice: Notice) -> None:
    """The notice as the sheet a county posts: the title over the table, a line with the unit and the
    date, the header, the rows (money as numbers in 万元), the totals row and the notice lines under it."""
    book = workbook(target, {"in_memory": not isinstance(target, (str, Path))})
    sheet = book.add_worksheet(_("Public notice")[:31])
    title = book.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    head = book.add_format(
        {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
    )
    text = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    money = book.add_format({"num_format": "#,##0.00##", "valign": "top", "border": 1})
    count = book.add_format({"num_format": "#,##0", "valign": "top", "border": 1})
    bold_text = book.add_format({"bold": True, "valign": "top", "border": 1})
    bold_money = book.add_format({"bold": True, "num_format": "#,##0.00##", "valign": "top", "border": 1})
    bold_count = book.add_format({"bold": True, "num_format": "#,##0", "valign": "top", "border": 1})
    names = headers()
    last = len(names) - 1
    sheet.merge_range(0, 0, 0, last, notice.title, title)
    sheet.set_row(0, 30)
    sheet.merge_range(
        1,
        0,
        1,
        last,
        _("Unit: 10,000 yuan") + "    " + _("Date: %(date)s") % {"date": notice.published},
        None,
    )
    for c, name in enumerate(names):
        sheet.write_string(2, c, name, head)
    sheet.set_row(2, 45)
    sheet.freeze_panes(3, 0)
    first_money = 5
    first_count = first_money + len(MONEY_COLUMNS)
    r = 3
    for row in notice.rows:
        sheet.write_number(r, 0, row.number, count)
        for c, value in enumerate((row.title, row.places, row.content, row.implementing), start=1):
            sheet.write_string(r, c, value, text)
        for i, (key, _label) in enumerate(MONEY_COLUMNS):
            _cell(sheet, r, first_money + i, _wan_number(row.money[key]), money)
        for i, (key, _label) in enumerate(COUNT_COLUMNS):
            _cell(sheet, r, first_count + i, row.counts[key], count)
        sheet.write_string(r, last - 1, row.stage, text)
        sheet.write_string(r, last, row.period, text)
        r += 1
    if notice.rows:
        totals, counts = notice.money_totals, notice.count_totals
        sheet.write_string(r, 0, _("Total"), bold_text)
        sheet.write_string(r, 1, _("%(count)s projects") % {"count": len(notice.rows)}, bold_text)
        for c in (2, 3, 4, last - 1, last):
            sheet.write_blank(r, c, None, bold_text)
        for i, (key, _label) in enumerate(MONEY_COLUMNS):
            _cell(sheet, r, first_money + i, _wan_number(totals[key]), bold_money)
        for i, (key, _label) in enumerate(COUNT_COLUMNS):
            _cell(sheet, r, first_count + i, counts[key], bold_count)
        r += 1
    for line in notice.footer:
        r += 1
        sheet.merge_range(r, 0, r, last, line, None)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 2, 18)
    sheet.set_column(3, 3, 36)
    sheet.set_column(4, 4, 16)
    sheet.set_column(first_money, last - 2, 11)
    sheet.set_column(last - 1, last, 14)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(2)
    book.close()


def _cell(sheet: Any, r: int, c: int, value: Any, fmt: Any) -> None:
    if value is None:
        sheet.write_blank(r, c, None, fmt)
    else:
        sheet.write_number(r, c, value, fmt)


class NoFontError(RuntimeError):
    """No font that has Chinese characters is installed where the PDF is made."""


#: The family names' endings in a CJK collection (Noto CJK) that write each language's characters.
FONT_LANGUAGE_TAG = {"zh-hans": "SC", "zh-hant": "TC", "ja": "JP", "en": "SC"}


@cache
def _font_file(language: str) -> tuple[str, int] | None:
    """The first font of settings.NOTICE_FONT_CANDIDATES that exists, with the face of a collection (.ttc)
    whose family name ends with the language's tag (Noto Sans CJK SC for simplified Chinese…), else its
    first face."""
    from fontTools.ttLib import TTCollection

    tag = FONT_LANGUAGE_TAG.get(language, "SC")
    for candidate in settings.NOTICE_FONT_CANDIDATES:
        path = Path(candidate)
        if not path.is_file():
            continue
        if path.suffix.lower() != ".ttc":
            return str(path), 0
        collection = TTCollection(str(path), lazy=True)
        for index, face in enumerate(collection.fonts):
            if str(face["name"].getDebugName(1) or "").endswith(f" {tag}"):
                return str(path), index
        return str(path), 0
    return None


def pdf_available() -> bool:
    return _font_file(_language()) is not None


def _language() -> str:
    return (get_language() or "zh-hans").lower()


#: Column widths of the PDF table (mm, A4 landscape: 277 mm between the margins), in `headers()` order.
PDF_WIDTHS: Sequence[int] = (8, 32, 24, 41, 20, 14, 14, 14, 14, 14, 11, 11, 11, 11, 14, 24)
#: The columns of figures (right-aligned): the money and the counts.
FIGURE_COLUMNS = range(5, 5 + len(MONEY_COLUMNS) + len(COUNT_COLUMNS))


def write_notice_pdf(target: str | Path | IO[bytes], notice: Notice) -> None:
    """The notice as an A4 landscape PDF: the title, the unit and date line, the table (its header repeated
    on every page, the totals row last) and the notice lines; page numbers in the footer. Raises
    NoFontError when no font with Chinese characters is installed (settings.NOTICE_FONT_CANDIDATES)."""
    from fpdf import FPDF
    from fpdf.enums import WrapMode, XPos, YPos
    from fpdf.fonts import FontFace

    font = _font_file(_language())
    if font is None:
        raise NoFontError(
            _("The PDF cannot be made here: no font with Chinese characters is installed on the server.")
        )
    path, index = font
    page_label = _("Page %(page)s of %(pages)s")

    class NoticePdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("cjk", size=8)
            self.cell(0, 8, page_label % {"page": self.page_no(), "pages": "{nb}"}, align="C")

    pdf = NoticePdf(orientation="L", format="A4")
    pdf.set_title(notice.title)
    pdf.set_creator("Counterpart")
    pdf.add_font("cjk", "", path, collection_font_number=index)
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("cjk", size=15)
    pdf.multi_cell(0, 9, notice.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("cjk", size=8)
    pdf.cell(0, 6, unit_line(notice), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("cjk", size=7)
    rows = list(table_rows(notice))
    with pdf.table(
        col_widths=PDF_WIDTHS,
        wrapmode=WrapMode.CHAR,
        repeat_headings=1,
        headings_style=FontFace(fill_color=(235, 238, 242)),
        line_height=4,
        text_align="LEFT",
    ) as table:
        heading = table.row()
        for name in headers():
            heading.cell(name)
        for values in rows:
            row = table.row()
            for c, value in enumerate(values):
                row.cell(value, align="RIGHT" if c in FIGURE_COLUMNS else None)
    if not rows:
        pdf.cell(
            0, 8, _("No project of this county and year is published."), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    pdf.ln(3)
    pdf.set_font("cjk", size=8)
    for line in notice.footer:
        pdf.multi_cell(0, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR)
    data = bytes(pdf.output())
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)
