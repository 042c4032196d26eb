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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.core import jobs
from counterpart.core.names import NameIndex
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
from counterpart.plans.models import Item, Plan, ResponsibilityList

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
        "工作任務",
        "任務內容",
        "任務",
        "重點任務",
        "task",
        "tasks",
        "task description",
        "業務内容",
        "タスク",
        "任務内容",
        "取組内容",
    ),
    "lead_unit": (
        "责任单位",
        "牵头单位",
        "牵头责任单位",
        "主责单位",
        "責任單位",
        "牽頭單位",
        "牽頭責任單位",
        "lead unit",
        "responsible unit",
        "lead",
        "responsible",
        "責任単位",
        "主管部署",
        "担当部署",
        "責任部署",
        "牽頭単位",
    ),
    "co_units": (
        "配合单位",
        "协办单位",
        "配合單位",
        "協辦單位",
        "co-units",
        "co-unit",
        "supporting units",
        "cooperating units",
        "協力単位",
        "協力部署",
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
        "完成時限",
        "完成時間",
        "時限",
        "deadline",
        "due",
        "due date",
        "期限",
        "完了期限",
        "完成期限",
    ),
    "note": ("备注", "備註", "note", "notes", "remarks", "備考"),
    "category": ("类别", "分类", "類別", "分類", "category", "カテゴリ", "区分"),
    "progress": ("进展情况", "進展情況", "progress", "進捗状況", "進捗"),
    "status": ("状态", "狀態", "status", "状態"),
    "last_report": ("最近报告日期", "最近報告日期", "last report", "最終報告日"),
}

#: The columns export writes, in order (zh-Hans headers, the usual ones).
EXPORT_HEADERS = ("序号", "工作任务", "责任单位", "配合单位", "目标/指标", "完成时限", "备注")

CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("资金", Item.Category.FUNDS),
    ("資金", Item.Category.FUNDS),
    ("fund", Item.Category.FUNDS),
    ("产业", Item.Category.INDUSTRY),
    ("產業", Item.Category.INDUSTRY),
    ("industr", Item.Category.INDUSTRY),
    ("劳务", Item.Category.LABOUR),
    ("勞務", Item.Category.LABOUR),
    ("labour", Item.Category.LABOUR),
    ("人才", Item.Category.TALENT),
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

#: Separators between unit names in one cell.
UNIT_SPLIT = re.compile(r"\s*(?:[、，,；;／/|\n]|和|及|与)\s*")
NUMBER_IN_TARGET = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?![年月日号號\d])([^\d\s，。；,;、（）()：:]{0,4})")
MAX_HEADER_SCAN = 15
CHUNK = 2000


_norm = normalize_header
HEADERS = HeaderMap(HEADER_SYNONYMS)
#: Columns a list cannot do without.
REQUIRED = ("task", "lead_unit", "deadline")


@dataclass
class ParsedRow:
    row: int
    number: str
    task: str
    lead_unit_id: int
    co_unit_ids: list[int]
    target_text: str
    target_quantity: Decimal | None
    target_unit: str
    deadline: dt.date
    note: str
    category: str
    lead_unit_name: str = ""


@dataclass
class ImportPreview:
    """The first pass: parsed rows and every error; `ok` when the file can be written."""

    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    header_row: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class ImportFailed(ValidationError):
    """The file has errors; `preview.errors` lists every one. Nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        if preview.errors:
            message = _("%(n)s errors in the file; nothing was imported.") % {"n": len(preview.errors)}
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


_DATE_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?$")
_DATE_MONTH = re.compile(
    r"^(?:(\d{4})\s*[-/.年])?\s*(\d{1,2})\s*月?\s*(?:底|末|份|前|中旬|下旬)?(?:之前|前)?$"
)
_DATE_YEAR_END = re.compile(r"^(\d{4})\s*年?\s*(?:底|末|年底|年末|内|內|全年)$")


def parse_deadline(value: Any, *, year: int) -> dt.date | None:
    """A deadline cell: a date, 2018-12-31, 2018/12/31, 2018年12月31日, 2018年12月底 (month end), 12月底
    (the list's year), 2018年底 (31 December). None when it is not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", _text(value))
    if not text:
        return None
    if match := _DATE_FULL.match(text):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if match := _DATE_YEAR_END.match(text):
        return dt.date(int(match[1]), 12, 31)
    if (match := _DATE_MONTH.match(text)) and ("月" in text or match[1]):
        month = int(match[2])
        if not 1 <= month <= 12:
            return None
        from counterpart.plans.status import month_end

        return month_end(int(match[1] or year), month)
    return None


def parse_target(text: str) -> tuple[Decimal | None, str]:
    """(quantity, unit) from a target such as "完成造林5000亩"; (None, "") for a yes/no deliverable."""
    match = NUMBER_IN_TARGET.search(unicodedata.normalize("NFKC", text))
    if not match:
        return None, ""
    try:
        quantity = Decimal(match[1].replace(",", ""))
    except InvalidOperation:
        return None, ""
    if quantity <= 0:
        return None, ""
    return quantity, match[2][:30]


def parse_category(text: str) -> str:
    norm = _norm(text)
    if not norm:
        return Item.Category.OTHER
    if norm in Item.Category.values:
        return norm
    for word, category in CATEGORY_WORDS:
        if word in norm:
            return category
    return ""


def _is_header(keys: set[str]) -> bool:
    return "task" in keys and len(keys) >= 2


ErrorSink = Callable[[str, Any, str], None]


class _ListRows:
    """The first pass over the rows under a list's header: each row parsed and checked, its errors (every
    one, by the header's names) or its `ParsedRow` added to `preview`. Units are resolved by the one name
    resolver (`core.names.NameIndex`: names in four languages and aliases, read once)."""

    def __init__(self, header: Header, *, year: int, preview: ImportPreview) -> None:
        self.header = header
        self.year = year
        self.preview = preview
        self.units = NameIndex(Organization.objects.all())
        self.seen_numbers: dict[str, int] = {}
        self.position = 0

    def add(self, row_number: int, row: Sequence[Any]) -> None:
        cells = {key: (row[i] if i < len(row) else None) for key, i in self.header.columns.items()}
        if not any(_text(v) for v in cells.values()):
            return  # blank line
        self.position += 1
        errors: list[RowError] = []

        def error(key: str, value: Any, reason: str) -> None:
            errors.append(RowError(row_number, self.header.label(key), _text(value), reason))

        number = self._number(_text(cells.get("number")), row_number, error)
        task = _text(cells.get("task"))
        if not task:
            error("task", "", _("the task is empty"))
        lead_id = self._lead_unit(_text(cells.get("lead_unit")), error)
        co_ids = self._co_units(_text(cells.get("co_units")), lead_id, error)
        deadline = self._deadline(cells.get("deadline"), error)
        target_text = _text(cells.get("target"))[:300]
        quantity, unit = parse_target(target_text)
        category = parse_category(_text(cells.get("category")))
        if not category:
            error("category", cells.get("category"), _("unknown category"))
        if errors:
            self.preview.errors.extend(errors)
        elif lead_id is not None and deadline is not None:
            self.preview.rows.append(
                ParsedRow(
                    row=row_number,
                    number=number[:20],
                    task=task,
                    lead_unit_id=lead_id,
                    co_unit_ids=co_ids,
                    target_text=target_text,
                    target_quantity=quantity,
                    target_unit=unit,
                    deadline=deadline,
                    note=_text(cells.get("note")),
                    category=category,
                    lead_unit_name=self.units.names.get(lead_id, ""),
                )
            )

    def _number(self, text: str, row_number: int, error: ErrorSink) -> str:
        number = text or str(self.position)
        if number in self.seen_numbers:
            error("number", number, _("the same number as row %(row)s") % {"row": self.seen_numbers[number]})
        self.seen_numbers.setdefault(number, row_number)
        return number

    def _unit(self, name: str) -> tuple[int | None, str]:
        """(id, "") or (None, why not)."""
        pk, candidates = self.units.resolve(name)
        if pk is not None:
            return pk, ""
        if not candidates:
            return None, _("unknown unit")
        return None, _("ambiguous unit name (several organizations have it)")

    def _lead_unit(self, text: str, error: ErrorSink) -> int | None:
        names = [n for n in UNIT_SPLIT.split(text) if n]
        if not names:
            error("lead_unit", text, _("no lead unit"))
            return None
        if len(names) > 1:
            error(
                "lead_unit",
                text,
                _("more than one lead unit; name exactly one and put the others under co-units"),
            )
            return None
        pk, reason = self._unit(names[0])
        if pk is None:
            error("lead_unit", text, reason)
        return pk

    def _co_units(self, text: str, lead_id: int | None, error: ErrorSink) -> list[int]:
        ids: list[int] = []
        for name in (n for n in UNIT_SPLIT.split(text) if n):
            pk, reason = self._unit(name)
            if pk is None:
                error("co_units", name, reason)
            elif pk == lead_id:
                error("co_units", name, _("the lead unit is also listed as a co-unit"))
            elif pk not in ids:
                ids.append(pk)
        return ids

    def _deadline(self, raw: Any, error: ErrorSink) -> dt.date | None:
        deadline = parse_deadline(raw, year=self.year)
        if deadline is None:
            error("deadline", raw, _("not a date") if _text(raw) else _("no deadline"))
        elif deadline < dt.date(self.year, 1, 1):
            error("deadline", raw, _("before the start of the list's year"))
            return None
        return deadline


def parse_list_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    year: int,
    progress: Progress | None = None,
    total: int = 0,
    first_column: int = 0,
) -> ImportPreview:
    """Parse and validate every row (numbered as the spreadsheet shows them); collect every error."""
    preview = ImportPreview()
    iterator = iter(rows)
    header = HEADERS.find(
        iterator, is_header=_is_header, scan_rows=MAX_HEADER_SCAN, first_column=first_column
    )
    if header is None:
        preview.errors.append(
            RowError(
                0, "", "", _("No header row found: the file needs at least a task and a lead unit column.")
            )
        )
        return preview
    preview.header_row, preview.unknown_columns = header.row, header.unknown
    for key in REQUIRED:
        if key not in header.columns:
            names = " / ".join(HEADER_SYNONYMS[key][:3])
            preview.errors.append(RowError(header.row, names, "", _("missing column")))
    if preview.errors:
        return preview
    parser = _ListRows(header, year=year, preview=preview)
    for row_number, row in iterator:
        parser.add(row_number, row)
        if progress and parser.position and parser.position % CHUNK == 0:
            progress(parser.position, max(total, parser.position), "check")
    if not preview.rows and not preview.errors:
        preview.errors.append(RowError(header.row + 1, "", "", _("the file holds no items")))
    return preview


def parse_list_file(
    source: str | Path | IO[bytes], *, filename: str = "", year: int, progress: Progress | None = None
) -> ImportPreview:
    try:
        table = iter_file_rows(source, filename=filename)
        try:
            return parse_list_rows(
                table.rows,
                year=year,
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
    generated: bool = False,
    progress: Progress | None = None,
) -> tuple[ResponsibilityList, ImportPreview]:
    """Import a responsibility list: a new list (owner, year, title; under `plan` if given) or the items
    appended to an existing `responsibility_list`. Raises `ImportFailed` with every row error and writes
    nothing unless the whole file is valid. `actor=None` is system work (the CLI without --user)."""
    scope = actor_scope(actor).lists
    if responsibility_list is not None:
        year = responsibility_list.year
        probe = responsibility_list
    else:
        if plan is not None and plan.pairing_id:
            pairing = plan.pairing
        year = year or (plan.start_year if plan else dt.date.today().year)  # noqa: DTZ011  # a calendar year
        probe = ResponsibilityList(pairing=pairing, owner=owner)
    if pairing is not None and probe.pairing_id is None:
        probe.pairing = pairing
    if not scope.can_write_list(probe):
        raise PermissionDenied(_("You may not import lists for this pairing or owner."))
    preview = parse_list_file(source, filename=filename, year=year, progress=progress)
    if not preview.ok:
        raise ImportFailed(preview)
    rlist = write_list(
        actor=actor,
        preview=preview,
        owner=owner,
        year=year,
        title=title,
        plan=plan,
        pairing=pairing,
        responsibility_list=responsibility_list,
        generated=generated,
        progress=progress,
    )
    return rlist, preview


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
    """The second pass: one transaction, items and co-unit links in bulk."""
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
    _insert_items(
        actor=actor,
        rlist=responsibility_list,
        rows=preview.rows,
        first_position=first_position,
        pairing_id=pairing.pk if pairing is not None else None,
        generated=generated,
        progress=progress,
    )
    return responsibility_list


_ITEM_COLUMNS = (
    "created_at", "updated_at", "responsibility_list_id", "number", "position", "task", "category",
    "lead_unit_id", "target_text", "target_quantity", "target_unit", "start_date", "deadline", "note",
    "pairing_id", "generated",
)  # fmt: skip


#: The columns of an item's history row: the item's, then simple_history's own.
_HISTORY_COLUMNS = (
    "id", *_ITEM_COLUMNS, "history_date", "history_change_reason", "history_type", "history_user_id",
)  # fmt: skip


def _insert_history(
    cursor: Any, ids: list[int], item_rows: list[tuple[Any, ...]], *, now: Any, user_id: int | None
) -> None:
    """One "+" (created) history row per imported item, in one statement, as simple_history writes it."""
    cursor.executemany(
        f"INSERT INTO {Item.history.model._meta.db_table} ({', '.join(_HISTORY_COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(_HISTORY_COLUMNS))})",
        [(pk, *values, now, "import", "+", user_id) for pk, values in zip(ids, item_rows, strict=True)],
    )


def _insert_items(
    *,
    actor: Actor,
    rlist: ResponsibilityList,
    rows: list[ParsedRow],
    first_position: int,
    pairing_id: int | None,
    generated: bool,
    progress: Progress | None,
) -> None:
    """Items, their history rows ("+", created) and co-unit links in three multi-row statements, with the
    values adapted once per column type: at 10,000 rows the ORM's per-field compilation of `bulk_create`
    costs seconds, the database milliseconds. Fields not written take their model defaults (all empty)."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    start = dt.date(rlist.year, 1, 1)
    item_rows = [
        (
            now, now, rlist.pk, row.number, first_position + i, row.task, row.category, row.lead_unit_id,
            row.target_text, ops.adapt_decimalfield_value(row.target_quantity, 16, 2), row.target_unit,
            ops.adapt_datefield_value(min(start, row.deadline)), ops.adapt_datefield_value(row.deadline),
            row.note, pairing_id, generated,
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
        links = [(pk, unit_id) for pk, row in zip(ids, rows, strict=True) for unit_id in row.co_unit_ids]
        if links:
            through = Item.co_units.through._meta.db_table
            cursor.executemany(
                f"INSERT INTO {through} (item_id, organization_id) VALUES (%s, %s)",  # noqa: S608
                links,
            )
