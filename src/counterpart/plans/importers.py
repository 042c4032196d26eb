"""Import of a responsibility list from .xlsx (python-calamine, rows streamed) or .csv.

Two passes: every row is parsed and validated first, collecting every error as (row, column, value, reason);
only a file without errors is written, in one short transaction with `bulk_create`. Headers are recognised
by name in zh-Hans, zh-Hant, en and ja, never by position; title rows above the header are skipped; unknown
columns are reported and ignored.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counterpart.core import jobs
from counterpart.core.names import LEVEL_HEADS, NameIndex, local_forms, name_key
from counterpart.core.services import Actor, acting_user
from counterpart.core.tabular import (
    Header,
    HeaderMap,
    RowError,
    Table,
    TabularFileError,
    cell_text,
    normalize_header,
    open_table,
)
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import actor_scope
from counterpart.plans.models import Item, ItemUnit, Plan, ResponsibilityList
from counterpart.plans.services import check_target_units, parse_target

Progress = jobs.Progress  # progress(done, total, stage)

#: Column key → header names in zh-Hans, zh-Hant, en and ja (compared after normalisation).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "序號", "编号", "編號", "番号", "no", "no.", "#", "number", "item no."),
    "task": (
        "工作任务",
        "任务内容",
        "任务",
        "重点任务",
        "工作内容",
        "具体任务",
        "主要任务",
        "工作任務",
        "任務內容",
        "任務",
        "重點任務",
        "具體任務",
        "task",
        "tasks",
        "task description",
        "業務内容",
        "タスク",
        "任務内容",
        "取組内容",
    ),
    # The concrete measures of a task (工作任务 + 具体措施): joined to the task, or the task itself.
    "measures": (
        "具体措施",
        "工作措施",
        "主要措施",
        "具体举措",
        "具體措施",
        "具體舉措",
        "measures",
        "actions",
        "具体的措置",
        "具体的な措置",
    ),
    # The units that coordinate (牵头): the first of them reports on the item.
    "lead_unit": (
        "牵头单位",
        "牵头部门",
        "牵头责任单位",
        "主责单位",
        "牽頭單位",
        "牽頭部門",
        "牽頭責任單位",
        "lead unit",
        "lead units",
        "lead",
        "lead department",
        "牽頭単位",
        "主管部署",
        "主担当部署",
    ),
    # The units that carry it out (责任). Alone (no lead column), its first unit leads.
    "responsible_units": (
        "责任单位",
        "责任部门",
        "责任主体",
        "实施单位",
        "責任單位",
        "責任部門",
        "實施單位",
        "responsible unit",
        "responsible units",
        "responsible",
        "implementing units",
        "責任単位",
        "責任部署",
        "担当部署",
        "実施部署",
    ),
    "co_units": (
        "配合单位",
        "配合部门",
        "协办单位",
        "协办部门",
        "参与单位",
        "参与部门",
        "配合單位",
        "配合部門",
        "協辦單位",
        "協辦部門",
        "參與單位",
        "參與部門",
        "co-units",
        "co-unit",
        "supporting units",
        "cooperating units",
        "participating units",
        "協力単位",
        "協力部署",
        "参加部署",
    ),
    "target": (
        "目标",
        "指标",
        "目标任务",
        "目标要求",
        "目标/指标",
        "目標",
        "指標",
        "目標任務",
        "目標要求",
        "target",
        "indicator",
        "targets",
        "目標値",
    ),
    "deadline": (
        "完成时限",
        "完成时间",
        "时限",
        "时间节点",
        "时限要求",
        "完成時限",
        "完成時間",
        "時限",
        "時間節點",
        "deadline",
        "due",
        "due date",
        "期限",
        "完了期限",
        "完成期限",
    ),
    "note": ("备注", "備註", "note", "notes", "remarks", "備考"),
    "category": ("类别", "分类", "类型", "類別", "分類", "類型", "category", "カテゴリ", "区分"),
    "progress": ("进展情况", "進展情況", "progress", "進捗状況", "進捗"),
    "status": ("状态", "狀態", "status", "状態"),
    "last_report": ("最近报告日期", "最近報告日期", "last report", "最終報告日"),
}

#: The columns export writes, in order (zh-Hans headers, the usual ones).
EXPORT_HEADERS = (
    "序号",
    "工作任务",
    "牵头单位",
    "责任单位",
    "配合单位",
    "目标/指标",
    "完成时限",
    "类别",
    "备注",
)

CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("资金", Item.Category.FUNDS),
    ("資金", Item.Category.FUNDS),
    ("fund", Item.Category.FUNDS),
    ("产业", Item.Category.INDUSTRY),
    ("產業", Item.Category.INDUSTRY),
    ("industr", Item.Category.INDUSTRY),
    ("劳务", Item.Category.LABOUR),
    ("勞務", Item.Category.LABOUR),
    ("就业", Item.Category.LABOUR),
    ("labour", Item.Category.LABOUR),
    ("人才", Item.Category.TALENT),
    ("干部", Item.Category.TALENT),
    ("talent", Item.Category.TALENT),
    ("消费", Item.Category.CONSUMPTION),
    ("消費", Item.Category.CONSUMPTION),
    ("consum", Item.Category.CONSUMPTION),
    ("教育", Item.Category.EDUCATION),
    ("educat", Item.Category.EDUCATION),
    ("健康", Item.Category.HEALTH),
    ("医疗", Item.Category.HEALTH),
    ("醫療", Item.Category.HEALTH),
    ("health", Item.Category.HEALTH),
    ("组织", Item.Category.ORGANIZATION),
    ("組織", Item.Category.ORGANIZATION),
    ("organi", Item.Category.ORGANIZATION),
    ("生态", Item.Category.ENVIRONMENT),
    ("生態", Item.Category.ENVIRONMENT),
    ("环境", Item.Category.ENVIRONMENT),
    ("環境", Item.Category.ENVIRONMENT),
    ("environ", Item.Category.ENVIRONMENT),
)

#: Separators between unit names in one cell: 、，,；; / | and line breaks, and spaces between two Chinese
#: names (县环保局 县林业局) but not inside a Latin one (Dalian Ecology Bureau).
UNIT_SPLIT = re.compile(
    r"\s*[、，,；;／/|\n\r]+\s*|(?<=[\u3400-\u9fff）)])[ \t\u3000]+(?=[\u3400-\u9fff（(])"
)
#: A unit's role written after it: 县环保局牵头, 县林业局（配合）; 负责 keeps the column's role.
ROLE_SUFFIX = re.compile(r"[（(]?(牵头|牽頭|负责|負責|配合|协助|協助|协办|協辦|参与|參與)[）)]?$")
ROLE_WORDS = {
    "牵头": ItemUnit.Role.LEAD,
    "牽頭": ItemUnit.Role.LEAD,
    "配合": ItemUnit.Role.SUPPORTING,
    "协助": ItemUnit.Role.SUPPORTING,
    "協助": ItemUnit.Role.SUPPORTING,
    "协办": ItemUnit.Role.SUPPORTING,
    "協辦": ItemUnit.Role.SUPPORTING,
    "参与": ItemUnit.Role.SUPPORTING,
    "參與": ItemUnit.Role.SUPPORTING,
}
#: A collective unit, kept as written: 各镇, 各乡镇（街道）, 区直各部门, 县直有关部门, 各相关单位, 相关部门.
COLLECTIVE = re.compile(r"^(?:[省市州盟县縣区區旗]直)?(?:各|相关|相關|有关|有關|其他|其它)")
#: A heading row of a section (一、产业合作; （二）劳务协作), whose text is the category of the rows under it.
SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[部分章节])"
)
#: A note under the table (注：排在首位的为牵头单位).
FOOTNOTE = re.compile(r"^(?:注|备注|備註|说明|說明)\s*[:：\d]")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
MAX_HEADER_SCAN = 15
CHUNK = 2000
#: Unknown units for which similar organizations are looked up for the review step.
MAX_SUGGESTED = 200


_norm = normalize_header
HEADERS = HeaderMap(HEADER_SYNONYMS)
#: Columns a list cannot do without: the task, and its units (a lead or a responsible column).
UNIT_KEYS = ("lead_unit", "responsible_units")


@dataclass(frozen=True)
class UnitLink:
    """One unit of a parsed row in its role: an organization (`organization_id`), an organization the
    import creates (`new_name`), or a collective unit as written (`collective`)."""

    role: str
    written: str
    organization_id: int | None = None
    new_name: str = ""
    collective: str = ""

    @property
    def is_unknown(self) -> bool:
        return self.organization_id is None and not self.new_name and not self.collective

    @property
    def identity(self) -> Any:
        return self.organization_id or self.new_name or self.collective or name_key(self.written)


@dataclass(frozen=True)
class DeadlineCell:
    """A deadline as written: its kind, and its date parts (`year` None: the list's year; `day` None: the
    month's last day, or its first for a start)."""

    kind: str
    text: str
    year: int | None = None
    month: int = 12
    day: int | None = None

    def date(self, list_year: int) -> dt.date | None:
        if self.kind == Item.DeadlineKind.ONGOING:
            return None
        year = self.year or list_year
        from counterpart.plans.status import month_end

        if self.day is not None:
            return dt.date(year, self.month, self.day)
        if self.kind == Item.DeadlineKind.START:
            return dt.date(year, self.month, 1)
        return month_end(year, self.month)


@dataclass
class ParsedRow:
    row: int
    number: str
    task: str
    units: list[UnitLink]
    target_text: str
    target_quantity: Decimal | None
    target_unit: str
    deadline_cell: DeadlineCell | None
    note: str
    category: str
    category_text: str = ""
    #: Set once the list's year is known (`ImportPreview.settle`).
    deadline: dt.date | None = None
    start_date: dt.date | None = None

    @property
    def deadline_kind(self) -> str:
        return self.deadline_cell.kind if self.deadline_cell else Item.DeadlineKind.ONGOING

    def names(self, role: str, index: NameIndex | None = None) -> list[str]:
        out = []
        for link in self.units:
            if link.role != role:
                continue
            if link.organization_id is not None and index is not None:
                out.append(index.names.get(link.organization_id, link.written))
            else:
                out.append(link.new_name or link.collective or link.written)
        return out


@dataclass
class UnknownUnit:
    """A unit name no organization has (or several have) in the owner's region: the review step asks the
    user to pick one (`candidates`, or a search) or to create it (`proposed`: its full name)."""

    name: str
    proposed: str
    #: The column it was first found in, as the file names it.
    column: str = ""
    rows: list[int] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    ambiguous: bool = False


YEAR_SOURCES = {
    "given": gettext_lazy("given"),
    "plan": gettext_lazy("the plan's first year"),
    "list": gettext_lazy("the year of the list the items are added to"),
    "title": gettext_lazy("read from the title above the table"),
    "deadlines": gettext_lazy("read from the deadlines"),
}


@dataclass
class ImportPreview:
    """The first pass: parsed rows and every error; `ok` when the file can be written (once every unit in
    `unknown_units` has been matched or is to be created: `needs_review`)."""

    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    header_row: int = 0
    unknown_units: dict[str, UnknownUnit] = field(default_factory=dict)
    year: int | None = None
    #: Where the year came from: a key of `YEAR_SOURCES`.
    year_source: str = ""
    title_year: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def needs_review(self) -> bool:
        return bool(self.unknown_units)

    def apply_choices(self, choices: UnitChoices) -> list[str]:
        return _apply_choices(self, choices)

    @property
    def year_source_label(self) -> str:
        return str(YEAR_SOURCES.get(self.year_source, ""))

    def settle(
        self,
        *,
        year: int | None,
        source: str,
        label: Callable[[str], str],
        default: tuple[int, str] | None = None,
    ) -> None:
        """Fix the list's year (given; else the title's; else the most frequent year of the deadlines; else
        `default`, the plan's) and date every row; a deadline before that year is an error."""
        if year is None and self.title_year is not None:
            year, source = self.title_year, "title"
        if year is None:
            years = Counter(
                r.deadline_cell.year for r in self.rows if r.deadline_cell and r.deadline_cell.year
            )
            if years:
                year = min(years, key=lambda y: (-years[y], y))
                source = "deadlines"
        if year is None and default is not None:
            year, source = default
        if year is None:
            if self.rows:
                self.errors.append(
                    RowError(
                        0,
                        "",
                        "",
                        _(
                            "The list's year is neither given nor in the title or the deadlines; give the "
                            "year (the form's year, the plan, or --year)."
                        ),
                    )
                )
            return
        self.year, self.year_source = year, source
        first = dt.date(year, 1, 1)
        for row in self.rows:
            cell = row.deadline_cell
            try:
                day = cell.date(year) if cell else None
            except ValueError:
                day = None
                self.errors.append(
                    RowError(row.row, label("deadline"), cell.text if cell else "", _("not a date"))
                )
            if cell is None or cell.kind == Item.DeadlineKind.ONGOING:
                row.start_date = first
            elif cell.kind == Item.DeadlineKind.START:
                row.start_date = day
            else:
                row.deadline = day
                row.start_date = min(first, day) if day else first
                if day is not None and day < first:
                    self.errors.append(
                        RowError(
                            row.row,
                            label("deadline"),
                            cell.text,
                            _("before the start of the list's year (%(year)s)") % {"year": year},
                        )
                    )
        self.errors.sort(key=lambda e: e.row)


class ImportFailed(ValidationError):
    """The file has errors; `preview.errors` lists every one. Nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        if preview.errors:
            message = _("%(n)s errors in the file; nothing was imported.") % {"n": len(preview.errors)}
        elif preview.needs_review:
            message = _(
                "%(n)s units are not known; match each to an organization or create it, then import."
            ) % {"n": len(preview.unknown_units)}
        else:
            message = _("The file holds no items; nothing was imported.")
        super().__init__(message)


# --- reading ---------------------------------------------------------------------------------------------


def iter_file_rows(source: str | Path | IO[bytes], *, filename: str = "") -> Table:
    """The rows of the first sheet of an .xlsx/.xls/.ods file, or of a .csv (UTF-8, UTF-8 with BOM or GB18030,
    streamed), numbered as a spreadsheet shows them (`core.tabular.open_table`: measured first)."""
    try:
        return open_table(source, filename=filename)
    except TabularFileError as exc:
        raise ValidationError(str(exc)) from exc


# --- parsing cells ---------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return cell_text(value).strip()


_DATE_FULL = re.compile(r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号號]?$")
_DATE_MONTH_DAY = re.compile(r"^(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号號]$")
_DATE_MONTH = re.compile(
    r"^(?:(?P<y>\d{4})\s*[-/.年])?\s*(?P<m>\d{1,2})\s*月?\s*(?:底|末|份|中旬|下旬|上旬)?$"
)
_DATE_YEAR_END = re.compile(r"^(?:(?P<y>\d{4})\s*年?|(?:今|本|当|當)?年)\s*(?:底|末|内|內|全年|度)?$")
_HALF = re.compile(r"^(?:(?P<y>\d{4})\s*年)?\s*(?P<h>上|下)半年(?:末|底)?$")
_QUARTER = re.compile(r"^(?:(?P<y>\d{4})\s*年)?\s*第?(?P<q>[一二三四1-4])季度(?:末|底)?$")
#: What ends a deadline (前, 之前…) or makes it a start (起, 开始…).
_DEADLINE_SUFFIX = re.compile(r"(?:之前|以前|前|为止|為止|止|完成|全面完成|截止)$")
_START_SUFFIX = re.compile(r"(?:起|开始|開始|以来|以來|启动|啟動)$")
_ONGOING = re.compile(
    r"长期|長期|持续|持續|常态|常態|经常|經常|每年|每月|每季|ongoing|continu", re.IGNORECASE
)
#: A date anywhere in a longer text (2019年6月底前完成摸底，2020年底前全面完成: the last one).
_DATE_ANYWHERE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号號])?)?"
    r"|(?P<m2>\d{1,2})\s*月\s*(?:(?P<d2>\d{1,2})\s*[日号號])?(?:底|末)"
)
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

#: The forms a deadline cell may take, shown when one is not understood.
DEADLINE_FORMS = (
    "2019-12-31, 2019年12月31日, 2019年12月31日前, 2020年7月底前, 6月底前, 年底前, "
    "2020年7月起, 长期坚持, 持续推进"
)


def _date_parts(text: str) -> tuple[int | None, int, int | None] | None:
    """(year or None, month, day or None: month end) of a whole date text, or None."""
    if match := _DATE_FULL.match(text):
        return int(match["y"]), int(match["m"]), int(match["d"])
    if match := _DATE_MONTH_DAY.match(text):
        return None, int(match["m"]), int(match["d"])
    if match := _HALF.match(text):
        return (int(match["y"]) if match["y"] else None), (6 if match["h"] == "上" else 12), None
    if match := _QUARTER.match(text):
        return (int(match["y"]) if match["y"] else None), _QUARTER_NUMBERS[match["q"]] * 3, None
    if match := _DATE_YEAR_END.match(text):
        return (int(match["y"]) if match["y"] else None), 12, None
    if (match := _DATE_MONTH.match(text)) and ("月" in text or match["y"]):
        return (int(match["y"]) if match["y"] else None), int(match["m"]), None
    return None


def read_deadline(value: Any) -> DeadlineCell | None:
    """A deadline cell: a date (2019-12-31, 2019/12/31, 2019年12月31日, …前), a month (2020年7月底前: its last
    day; 6月底前: in the list's year), a year's end (年底前: 31 December of the list's year; 2020年底), a
    half or a quarter (上半年, 三季度末), a start (2020年7月起: no deadline) or ongoing (长期坚持, 持续推进).
    None when it is none of them."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DeadlineCell(Item.DeadlineKind.DATE, value.isoformat(), value.year, value.month, value.day)
    written = _text(value)
    text = "".join(unicodedata.normalize("NFKC", written).split()).rstrip("。.;；")
    if not text:
        return None
    kind = Item.DeadlineKind.DATE
    core = text
    if match := _START_SUFFIX.search(text):
        kind, core = Item.DeadlineKind.START, text[: match.start()]
    else:
        while match := _DEADLINE_SUFFIX.search(core):
            core = core[: match.start()]
    if core.endswith(("月底", "月末")):
        core = core[:-1]
    parts = _date_parts(core) if core else None
    if parts is not None:
        return DeadlineCell(kind, written, *parts) if _valid(*parts) else None
    if _ONGOING.search(text):
        return DeadlineCell(Item.DeadlineKind.ONGOING, written)
    return _last_date_in(text, written)


def _last_date_in(text: str, written: str) -> DeadlineCell | None:
    """The last date in a longer text (2019年6月底前完成摸底，2020年底前全面完成 → 2020-12-31)."""
    found = list(_DATE_ANYWHERE.finditer(text))
    if not found:
        return None
    last = found[-1]
    year: int | None
    if last["y"]:
        year, month = int(last["y"]), int(last["m"]) if last["m"] else 12
        day = int(last["d"]) if last["d"] else None
    else:
        year, month, day = None, int(last["m2"]), (int(last["d2"]) if last["d2"] else None)
    if not _valid(year, month, day):
        return None
    return DeadlineCell(Item.DeadlineKind.DATE, written, year, month, day)


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    try:
        dt.date(year or 2000, month, day or 1)  # a leap year stands for a year not yet known
    except ValueError:
        return False
    return True


def parse_deadline(value: Any, *, year: int) -> dt.date | None:
    """The date a deadline cell gives in a list of `year` (None for none: not a date, a start or ongoing)."""
    cell = read_deadline(value)
    if cell is None or cell.kind != Item.DeadlineKind.DATE:
        return None
    try:
        return cell.date(year)
    except ValueError:
        return None


def parse_category(text: str) -> str:
    """The category a 类别 cell (or a section heading) names; `other` when none matches (the text itself is
    kept on the item as written)."""
    norm = _norm(text)
    if not norm:
        return Item.Category.OTHER
    if norm in Item.Category.values:
        return norm
    for value, label in Item.Category.choices:
        if norm == _norm(label):
            return value
    for word, category in CATEGORY_WORDS:
        if word in norm:
            return category
    return Item.Category.OTHER


def split_units(text: str, role: str) -> list[tuple[str, str]]:
    """(role, name) of each unit in a cell, in order. A role written after a name applies to it and to
    the names before it since the last role (县环保局牵头，县林业局、县水务局配合); 负责 and no word keep
    the column's `role`."""
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    for part in UNIT_SPLIT.split(text or ""):
        name = part.strip().removeprefix("由")
        if not name:
            continue
        match = ROLE_SUFFIX.search(name)
        if match and match.start() > 0:
            name = name[: match.start()].strip()
            assigned = ROLE_WORDS.get(match[1], role)
            out += [(assigned, n) for n in (*pending, name)]
            pending = []
        else:
            pending.append(name)
    out += [(role, n) for n in pending]
    return out


def is_collective(name: str) -> bool:
    return bool(COLLECTIVE.match(unicodedata.normalize("NFKC", name).strip()))


def _apply_choices(preview: ImportPreview, choices: UnitChoices) -> list[str]:
    """Settle unknown units by the user's choices (name as written → {"organization": id} or {"create":
    full name}); returns the names still unknown."""
    keyed = {name_key(name): choice for name, choice in choices.items()}
    wanted = [int(c["organization"]) for c in keyed.values() if str(c.get("organization") or "").isdigit()]
    existing = set(Organization.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    settled: dict[str, UnitLink] = {}
    for key in preview.unknown_units:
        choice = keyed.get(key, {})
        pk = int(choice["organization"]) if str(choice.get("organization") or "").isdigit() else None
        if pk in existing:
            settled[key] = UnitLink("", "", organization_id=pk)
        elif str(choice.get("create") or "").strip():
            settled[key] = UnitLink("", "", new_name=str(choice["create"]).strip()[:300])
    if not settled:
        return [u.name for u in preview.unknown_units.values()]
    for row in preview.rows:
        links: list[UnitLink] = []
        seen: set[tuple[str, Any]] = set()
        for link in row.units:
            found = settled.get(name_key(link.written)) if link.is_unknown else None
            if found is not None:
                link = replace(link, organization_id=found.organization_id, new_name=found.new_name)
            identity = (link.role, link.identity)
            if identity not in seen:
                seen.add(identity)
                links.append(link)
        row.units = links
    for key in settled:
        del preview.unknown_units[key]
    return [u.name for u in preview.unknown_units.values()]


def _is_header(keys: set[str]) -> bool:
    return bool(keys & {"task", "measures"}) and len(keys) >= 2


ErrorSink = Callable[[str, Any, str], None]


def region_places(owner: Organization | None) -> list[str]:
    """The names of the owner's region and the regions above it, nearest first (长海县, 大连市, 辽宁省)."""
    places: list[str] = []
    region = owner.region if owner is not None and owner.region_id else None
    seen: set[int] = set()
    while region is not None and region.pk not in seen and len(places) < 6:
        seen.add(region.pk)
        places.append(region.name)
        region = region.parent
    return places


UnitChoices = Mapping[str, Mapping[str, Any]]


class _ListRows:
    """The first pass over the rows under a list's header: each row parsed and checked, its errors (every
    one, by the header's names) or its `ParsedRow` added to `preview`. Units are resolved by the one name
    resolver (`core.names.NameIndex`: names in four languages and aliases, read once) as the region writes
    them (`NameIndex.resolve_within`: 县环保局 in a list of 长海县 is 长海县环保局); a unit no organization
    has goes to the review step (`preview.unknown_units`, settled by `ImportPreview.apply_choices`)."""

    def __init__(self, header: Header, *, preview: ImportPreview, places: Sequence[str]) -> None:
        self.header = header
        self.preview = preview
        self.places = list(places)
        self.units = NameIndex(Organization.objects.all())
        self.seen_numbers: dict[tuple[str, str], int] = {}
        self.position = 0
        self.section = ""
        self.has_lead_column = "lead_unit" in header.columns

    def add(self, row_number: int, row: Sequence[Any]) -> None:
        cells = {key: (row[i] if i < len(row) else None) for key, i in self.header.columns.items()}
        filled = [_text(v) for v in row if _text(v)]
        if not filled:
            return  # blank line
        if len(filled) == 1 and self._heading(filled[0], cells):
            return
        self.position += 1
        errors: list[RowError] = []

        def error(key: str, value: Any, reason: str) -> None:
            errors.append(RowError(row_number, self.header.label(key), _text(value), reason))

        number = self._number(_text(cells.get("number")), row_number, error)
        task, measures = _text(cells.get("task")), _text(cells.get("measures"))
        task = f"{task}：{measures}" if task and measures else task or measures
        if not task:
            error("task", "", _("the task is empty"))
        units = self._units(cells, row_number, error)
        deadline = self._deadline(cells.get("deadline"), error)
        target_text = _text(cells.get("target"))[:300]
        quantity, unit = parse_target(target_text)
        try:
            check_target_units(target_text=target_text, target_quantity=quantity, target_unit=unit)
        except ValidationError as exc:
            error("target", target_text, " ".join(exc.messages))
        category_text = _text(cells.get("category")) or self.section
        if errors:
            self.preview.errors.extend(errors)
            return
        self.preview.rows.append(
            ParsedRow(
                row=row_number,
                number=number[:20],
                task=task,
                units=units,
                target_text=target_text,
                target_quantity=quantity,
                target_unit=unit,
                deadline_cell=deadline,
                note=_text(cells.get("note")),
                category=parse_category(category_text),
                category_text=category_text[:100],
            )
        )

    def _heading(self, text: str, cells: Mapping[str, Any]) -> bool:
        """A section heading (its text the category of the rows under it) or a note under the table."""
        if FOOTNOTE.match(text):
            return True
        number = _text(cells.get("number"))
        if SECTION.match(text) or (number == text and not text.replace(".", "").isdigit()):
            self.section = SECTION.sub("", text).strip() or text
            return True
        return False

    def _number(self, text: str, row_number: int, error: ErrorSink) -> str:
        number = text or str(self.position)
        key = (self.section, number)
        if key in self.seen_numbers:
            error("number", number, _("the same number as row %(row)s") % {"row": self.seen_numbers[key]})
        self.seen_numbers.setdefault(key, row_number)
        return number

    def _units(self, cells: Mapping[str, Any], row_number: int, error: ErrorSink) -> list[UnitLink]:
        written = [
            (role, name, key)
            for key, column_role in (
                ("lead_unit", ItemUnit.Role.LEAD),
                ("responsible_units", ItemUnit.Role.RESPONSIBLE),
                ("co_units", ItemUnit.Role.SUPPORTING),
            )
            for role, name in split_units(_text(cells.get(key)), column_role)
        ]
        if not written:
            key = "lead_unit" if self.has_lead_column else "responsible_units"
            error(key, "", _("no unit: name the lead unit or the responsible units"))
            return []
        if not any(role == ItemUnit.Role.LEAD for role, _name, _key in written):
            # No lead named: the first responsible unit leads (排在首位的为牵头单位).
            first = next((i for i, (r, _n, _k) in enumerate(written) if r == ItemUnit.Role.RESPONSIBLE), None)
            if first is None:
                key = "lead_unit" if self.has_lead_column else "responsible_units"
                error(key, "", _("no lead unit and no responsible unit; only supporting units are named"))
                return []
            written[first] = (ItemUnit.Role.LEAD, *written[first][1:])
        links: list[UnitLink] = []
        seen: set[tuple[str, Any]] = set()
        for role, name, key in written:
            link = self._link(role, name, row_number, self.header.label(key))
            identity = (role, link.identity)
            if identity not in seen:
                seen.add(identity)
                links.append(link)
        return links

    def _link(self, role: str, name: str, row_number: int, column: str) -> UnitLink:
        if is_collective(name):
            return UnitLink(role, name, collective=name[:100])
        pk, candidates, _form = self.units.resolve_within(name, self.places)
        if pk is not None:
            return UnitLink(role, name, organization_id=pk)
        unknown = self.preview.unknown_units.get(name_key(name))
        if unknown is None:
            unknown = self.preview.unknown_units[name_key(name)] = UnknownUnit(
                name=name,
                column=column,
                proposed=local_forms(name, self.places)[0],
                ambiguous=bool(candidates),
                candidates=[
                    {"id": c.pk, "name": self.units.names.get(c.pk, ""), "reason": c.reason}
                    for c in candidates
                ],
            )
        if len(unknown.rows) < 50:
            unknown.rows.append(row_number)
        return UnitLink(role, name)

    def _deadline(self, raw: Any, error: ErrorSink) -> DeadlineCell | None:
        if "deadline" not in self.header.columns:
            return None  # no deadline column: ongoing, judged by the periodic reports
        cell = read_deadline(raw)
        if cell is None and _text(raw):
            error(
                "deadline",
                raw,
                _("not a date; write it as one of: %(forms)s") % {"forms": DEADLINE_FORMS},
            )
        return cell


def _suggest(preview: ImportPreview, places: Sequence[str]) -> None:
    """Organizations whose names contain an unknown unit's own word (县环保局 → 环保局): the review step's
    suggestions."""
    from counterpart.core.names import name_candidates

    for unknown in list(preview.unknown_units.values())[:MAX_SUGGESTED]:
        if unknown.candidates:
            continue
        core = unknown.name
        for place in places:
            core = core.removeprefix(place)
        if len(core) > 1 and core[0] in LEVEL_HEADS:
            core = core[1:]
        if len(core) < 2:
            continue
        found = name_candidates(Organization.objects.all(), core, partial=True, limit=8)
        names = dict(Organization.objects.filter(pk__in=[c.pk for c in found]).values_list("pk", "name"))
        unknown.candidates = [{"id": c.pk, "name": names.get(c.pk, ""), "reason": c.reason} for c in found]


def _accepted_headers(key: str) -> str:
    return " / ".join(HEADER_SYNONYMS[key][:6])


def parse_list_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    year: int | None,
    year_source: str = "given",
    default_year: tuple[int, str] | None = None,
    owner: Organization | None = None,
    unit_choices: UnitChoices | None = None,
    progress: Progress | None = None,
    total: int = 0,
    first_column: int = 0,
) -> ImportPreview:
    """Parse and validate every row (numbered as the spreadsheet shows them); collect every error. The
    list's year is `year` when given, else the title's, else the deadlines', else `default_year` (the plan's
    first year: `ImportPreview.settle`). Units not known go to `unknown_units`, unless `unit_choices`
    (name as written → {"organization": id} or {"create": name}) settle them."""
    preview = ImportPreview()
    iterator = iter(rows)
    header = HEADERS.find(
        iterator, is_header=_is_header, scan_rows=MAX_HEADER_SCAN, first_column=first_column, sub_header=True
    )
    if header is None:
        preview.errors.append(
            RowError(
                0,
                "",
                "",
                _(
                    "No header row found: the file needs a task column (%(task)s) and a unit column "
                    "(%(unit)s)."
                )
                % {"task": _accepted_headers("task"), "unit": _accepted_headers("lead_unit")},
            )
        )
        return preview
    preview.header_row, preview.unknown_columns = header.row, header.unknown
    if "task" not in header.columns and "measures" not in header.columns:
        preview.errors.append(
            RowError(
                header.row,
                _accepted_headers("task"),
                "",
                _("missing column; name it one of: %(names)s") % {"names": _accepted_headers("task")},
            )
        )
    if not any(key in header.columns for key in UNIT_KEYS):
        names = f"{_accepted_headers('lead_unit')} / {_accepted_headers('responsible_units')}"
        preview.errors.append(
            RowError(header.row, names, "", _("missing column; name it one of: %(names)s") % {"names": names})
        )
    if preview.errors:
        return preview
    for text in header.above:
        if match := YEAR_IN_TITLE.search(unicodedata.normalize("NFKC", text)):
            preview.title_year = int(match[1])
            break
    places = region_places(owner)
    parser = _ListRows(header, preview=preview, places=places)
    for row_number, row in header.rows_after(iterator):
        parser.add(row_number, row)
        if progress and parser.position and parser.position % CHUNK == 0:
            progress(parser.position, max(total, parser.position), "check")
    if not preview.rows and not preview.errors:
        preview.errors.append(RowError(header.row + 1, "", "", _("the file holds no items")))
    preview.settle(year=year, source=year_source, default=default_year, label=header.label)
    if unit_choices:
        preview.apply_choices(unit_choices)
    _suggest(preview, places)
    return preview


def parse_list_file(
    source: str | Path | IO[bytes],
    *,
    filename: str = "",
    year: int | None,
    year_source: str = "given",
    default_year: tuple[int, str] | None = None,
    owner: Organization | None = None,
    unit_choices: UnitChoices | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    try:
        table = iter_file_rows(source, filename=filename)
        try:
            return parse_list_rows(
                table.rows,
                year=year,
                year_source=year_source,
                default_year=default_year,
                owner=owner,
                unit_choices=unit_choices,
                progress=progress,
                total=table.estimate,
                first_column=table.first_column,
            )
        finally:
            table.close()
    except ValidationError as exc:
        return ImportPreview(errors=[RowError(0, "", "", " ".join(exc.messages))])
    except TabularFileError as exc:  # raised while the rows are read (a CSV that changes encoding)
        return ImportPreview(errors=[RowError(0, "", "", str(exc))])


# --- the second pass -------------------------------------------------------------------------------------


def responsibility_list_import(
    *,
    actor: Actor,
    source: str | Path | IO[bytes],
    filename: str = "",
    owner: Organization,
    year: int | None = None,
    title: str = "",
    plan: Plan | None = None,
    pairing: Pairing | None = None,
    responsibility_list: ResponsibilityList | None = None,
    unit_choices: UnitChoices | None = None,
    create_units: bool = False,
    generated: bool = False,
    progress: Progress | None = None,
) -> tuple[ResponsibilityList, ImportPreview]:
    """Import a responsibility list: a new list (owner, year, title; under `plan` if given) or the items
    appended to an existing `responsibility_list`. The year: `year`, else the list's, else the title's or
    the deadlines', else the plan's first year (`preview.year_source` says which). Units no organization
    has are settled by `unit_choices` (the review step) or, with `create_units`, created in the owner's
    region. Raises `ImportFailed` with every row error (or every unit still unknown) and writes nothing
    unless the whole file is valid. `actor=None` is system work (the CLI without --user)."""
    scope = actor_scope(actor).lists
    source_of_year = "given"
    default_year: tuple[int, str] | None = None
    if responsibility_list is not None:
        year, source_of_year = responsibility_list.year, "list"
        probe = responsibility_list
    else:
        if plan is not None and plan.pairing_id:
            pairing = plan.pairing
        if plan is not None:
            default_year = (plan.start_year, "plan")
        probe = ResponsibilityList(pairing=pairing, owner=owner)
    if pairing is not None and probe.pairing_id is None:
        probe.pairing = pairing
    if not scope.can_write_list(probe):
        raise PermissionDenied(_("You may not import lists for this pairing or owner."))
    preview = parse_list_file(
        source,
        filename=filename,
        year=year,
        year_source=source_of_year,
        default_year=default_year,
        owner=owner,
        unit_choices=unit_choices,
        progress=progress,
    )
    if create_units and preview.unknown_units:
        preview.apply_choices({u.name: {"create": u.proposed} for u in preview.unknown_units.values()})
    if preview.unknown_units:
        preview.errors.extend(
            RowError(
                unknown.rows[0] if unknown.rows else 0,
                unknown.column,
                unknown.name,
                _("unknown unit; match it to an organization or create it in the review step"),
            )
            for unknown in preview.unknown_units.values()
        )
        preview.errors.sort(key=lambda e: e.row)
    if not preview.ok or preview.year is None:
        raise ImportFailed(preview)
    rlist = write_list(
        actor=actor,
        preview=preview,
        owner=owner,
        year=preview.year,
        title=title,
        plan=plan,
        pairing=pairing,
        responsibility_list=responsibility_list,
        generated=generated,
        progress=progress,
    )
    return rlist, preview


#: The kind of an organization the import creates, from the end of its name.
_KIND_BY_ENDING = (
    (("人民政府", "政府"), Organization.Kind.GOVERNMENT),
    (("委员会", "党委", "县委", "市委", "区委"), Organization.Kind.PARTY_COMMITTEE),
    (("局", "委", "办", "办公室", "部", "厅", "署", "处", "中心", "站", "所"), Organization.Kind.DEPARTMENT),
    (("镇", "乡", "街道", "街道办事处"), Organization.Kind.GOVERNMENT),
    (("医院", "卫生院"), Organization.Kind.HOSPITAL),
    (("学校", "中学", "小学"), Organization.Kind.SCHOOL),
    (("公司", "集团"), Organization.Kind.ENTERPRISE),
)


def _kind_of(name: str) -> str:
    for endings, kind in _KIND_BY_ENDING:
        if name.endswith(endings):
            return kind
    return Organization.Kind.OTHER


def _create_units(*, actor: Actor, preview: ImportPreview, owner: Organization, title: str) -> dict[str, int]:
    """The organizations the review step chose to create, in the owner's region (one per name; an
    organization of that name already in the region is taken instead): new name → id."""
    from counterpart.orgs.services import organization_create

    names = list(dict.fromkeys(link.new_name for row in preview.rows for link in row.units if link.new_name))
    if not names:
        return {}
    existing = dict(
        Organization.objects.filter(name__in=names, region=owner.region).values_list("name", "pk")
    )
    created: dict[str, int] = {}
    for name in names:
        if name in existing:
            created[name] = existing[name]
            continue
        org = organization_create(
            actor=actor,
            name=name,
            kind=_kind_of(name),
            region=owner.region,
            note=_("Created by the import of the responsibility list “%(title)s”.") % {"title": title},
        )
        created[name] = org.pk
    return created


@transaction.atomic
def write_list(
    *,
    actor: Actor,
    preview: ImportPreview,
    owner: Organization,
    year: int,
    title: str,
    plan: Plan | None,
    pairing: Pairing | None,
    responsibility_list: ResponsibilityList | None,
    generated: bool,
    progress: Progress | None = None,
) -> ResponsibilityList:
    """The second pass: one transaction; the units to create first, then items and their units in bulk."""
    from counterpart.core.services import validated_save

    if responsibility_list is None:
        if plan is not None and not plan.start_year <= year <= plan.end_year:
            raise ValidationError({"year": _("The year lies outside the plan.")})
        responsibility_list = validated_save(
            ResponsibilityList(
                title=(title or _("Responsibility list %(year)s") % {"year": year}).strip(),
                owner=owner,
                year=year,
                plan=plan,
                pairing=pairing,
                generated=generated,
            ),
            actor=actor,
        )
        first_position = 0
    else:
        first_position = responsibility_list.items.count()
    new_ids = _create_units(actor=actor, preview=preview, owner=owner, title=responsibility_list.title)
    _insert_items(
        actor=actor,
        rlist=responsibility_list,
        rows=preview.rows,
        first_position=first_position,
        pairing_id=pairing.pk if pairing is not None else None,
        generated=generated,
        new_ids=new_ids,
        fallback_lead=owner.pk,
        progress=progress,
    )
    return responsibility_list


_ITEM_COLUMNS = (
    "created_at", "updated_at", "responsibility_list_id", "number", "position", "task", "category",
    "category_text", "lead_unit_id", "target_text", "target_quantity", "target_unit", "start_date",
    "deadline", "deadline_kind", "deadline_text", "note", "pairing_id", "generated",
)  # fmt: skip


#: The columns of an item's history row: the item's, then simple_history's own.
_HISTORY_COLUMNS = (
    "id", *_ITEM_COLUMNS, "history_date", "history_change_reason", "history_type", "history_user_id",
)  # fmt: skip

_UNIT_COLUMNS = ("item_id", "role", "position", "organization_id", "collective")


def _insert_history(
    cursor: Any, ids: list[int], item_rows: list[tuple[Any, ...]], *, now: Any, user_id: int | None
) -> None:
    """One "+" (created) history row per imported item, in one statement, as simple_history writes it."""
    cursor.executemany(
        f"INSERT INTO {Item.history.model._meta.db_table} ({', '.join(_HISTORY_COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(_HISTORY_COLUMNS))})",
        [(pk, *values, now, "import", "+", user_id) for pk, values in zip(ids, item_rows, strict=True)],
    )


def _unit_rows(item_id: int, row: ParsedRow, new_ids: Mapping[str, int]) -> list[tuple[Any, ...]]:
    positions: Counter[str] = Counter()
    out = []
    seen: set[tuple[str, Any]] = set()
    for link in row.units:
        org_id = link.organization_id or new_ids.get(link.new_name)
        key = (link.role, org_id or link.collective)
        if key in seen:  # two names chosen as the same organization
            continue
        seen.add(key)
        positions[link.role] += 1
        out.append((item_id, link.role, positions[link.role], org_id, "" if org_id else link.collective))
    return out


def _lead_id(row: ParsedRow, new_ids: Mapping[str, int], fallback: int) -> int:
    """The unit that reports on the item: the first lead that is an organization, else the first
    responsible one (every lead a collective unit such as 各镇), else the list's owner."""
    for role in (ItemUnit.Role.LEAD, ItemUnit.Role.RESPONSIBLE):
        for link in row.units:
            if link.role == role and (link.organization_id or link.new_name):
                return link.organization_id or new_ids[link.new_name]
    return fallback


def _insert_items(
    *,
    actor: Actor,
    rlist: ResponsibilityList,
    rows: list[ParsedRow],
    first_position: int,
    pairing_id: int | None,
    generated: bool,
    new_ids: Mapping[str, int],
    fallback_lead: int,
    progress: Progress | None,
) -> None:
    """Items, their history rows ("+", created) and their units in three multi-row statements, with the
    values adapted once per column type: at 10,000 rows the ORM's per-field compilation of `bulk_create`
    costs seconds, the database milliseconds. Fields not written take their model defaults (all empty)."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    first = dt.date(rlist.year, 1, 1)
    item_rows = [
        (
            now, now, rlist.pk, row.number, first_position + i, row.task, row.category, row.category_text,
            _lead_id(row, new_ids, fallback_lead), row.target_text,
            ops.adapt_decimalfield_value(row.target_quantity, 16, 2), row.target_unit,
            ops.adapt_datefield_value(row.start_date or first), ops.adapt_datefield_value(row.deadline),
            row.deadline_kind, (row.deadline_cell.text if row.deadline_cell else "")[:100], row.note,
            pairing_id, generated,
        )
        for i, row in enumerate(rows, start=1)
    ]  # fmt: skip
    columns = ", ".join(_ITEM_COLUMNS)
    marks = ", ".join(["%s"] * len(_ITEM_COLUMNS))
    total = len(rows)
    with connection.cursor() as cursor:
        for offset in range(0, total, CHUNK):
            cursor.executemany(
                f"INSERT INTO {Item._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608  # constants only
                item_rows[offset : offset + CHUNK],
            )
            if progress:
                progress(min(offset + CHUNK, total), total, "write")
        cursor.execute(
            f"SELECT id FROM {Item._meta.db_table} WHERE responsibility_list_id = %s AND position > %s "  # noqa: S608
            "ORDER BY position",
            [rlist.pk, first_position],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        user = acting_user(actor)
        _insert_history(cursor, ids, item_rows, now=now, user_id=user.pk if user is not None else None)
        links = [link for pk, row in zip(ids, rows, strict=True) for link in _unit_rows(pk, row, new_ids)]
        for offset in range(0, len(links), CHUNK):
            cursor.executemany(
                f"INSERT INTO {ItemUnit._meta.db_table} ({', '.join(_UNIT_COLUMNS)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(_UNIT_COLUMNS))})",
                links[offset : offset + CHUNK],
            )
