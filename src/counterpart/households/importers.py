"""Import of a registry export (one row per member, DOMAIN.md's layout) from .csv or .xlsx.

A valid file is written in a single pass (`import_pipeline`), which stops at the first sign of trouble;
the file is then checked and, if valid, written here in two passes, and nothing is written unless the whole
file is valid:

1. **Check.** The file is streamed (csv reader / calamine rows); headers are mapped by name and synonym in
   zh-Hans, zh-Hant, en and ja (title rows above the header are skipped, unknown columns reported); every
   row is validated and prepared — the ID number checked, hashed and encrypted at once, so it never reaches
   the disk in clear — and spilled to a temporary SQLite file. Errors (row, column, value, reason) go to
   the same file. Checks across rows (an ID twice in the file, a household with no head or two, a
   household in two villages) are then GROUP BY queries on the spill; checks against the registry
   (ID already registered, household number already used) are batched per chunk through indexes. Memory
   stays flat whatever the file size: only one chunk of rows and the village cache live in memory.
2. **Write.** In one transaction, households, incomes, guarantees, status changes and members are read back
   from the spill in chunks and inserted set-wise: psycopg COPY on PostgreSQL, `executemany` of the same
   INSERT `bulk_create` would emit on SQLite (measured: building model instances costs more than the
   insert itself). Household ids are reserved from the sequence (PostgreSQL) or after the table's
   maximum under the write lock (SQLite), so members can refer to them without reading them back.

simple_history rows are not written for imported records: the import job (`Household.import_job`) and the
initial `StatusChange` are their history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counterpart.core import jobs
from counterpart.core.bulk import BulkWriter, existing_rows
from counterpart.core.files import new_private_file
from counterpart.core.names import name_exact_q
from counterpart.core.services import Actor
from counterpart.core.tabular import (
    Header,
    HeaderMap,
    RowError,
    Table,
    TabularFileError,
    normalize_header,
    open_table,
    write_error_report,
)
from counterpart.geo.models import Region
from counterpart.households import ids
from counterpart.households.models import (
    GUARANTEE_FIELDS,
    GuaranteeCheck,
    Household,
    Member,
    PovertyCause,
    StatusChange,
    YearlyIncome,
)
from counterpart.households.selectors import province_code_of
from counterpart.households.services import GUARANTEE_WORDS
from counterpart.pairings.scope import RegistryFacet, scope_for

Progress = jobs.Progress  # progress(done, total, stage)

CHUNK = 5000
MAX_ERRORS_SHOWN = 200
#: Stop checking after this many errors: the report is already long enough to act on.
MAX_ERRORS = 10_000
HEADER_SCAN_ROWS = 30
#: Distinct repeated values (villages, ethnicities…) kept as one object each; see `_canonical`.
CANONICAL_MAX = 10_000

# --- headers ----------------------------------------------------------------------------------------------

#: Field → header names (any language); compared after NFKC, without spaces, case-folded.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "county": (
        "县(市、区、旗)",
        "县(市、区)",
        "县",
        "县区",
        "县市区",
        "行政县",
        "區縣",
        "縣(市、區、旗)",
        "縣",
        "county",
        "県",
    ),
    "town": (
        "乡(镇)",
        "乡镇",
        "乡",
        "镇",
        "乡(镇、街道)",
        "鄉(鎮)",
        "鄉鎮",
        "town",
        "township",
        "郷鎮",
        "町村",
    ),
    "village": ("行政村", "村", "村名", "village", "行政村名"),
    "village_code": ("村代码", "行政村代码", "行政区划代码", "村编码", "village code", "村代碼", "村コード"),
    "household_number": (
        "户编号",
        "户编码",
        "户号",
        "戶編號",
        "household number",
        "household no",
        "household id",
        "世帯番号",
    ),
    "person_number": ("人编号", "人员编号", "人編號", "person number", "person no", "個人番号"),
    "name": ("姓名", "name", "氏名"),
    "id_number": (
        "证件号码",
        "身份证",
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "證件號碼",
        "身分證",
        "身份證號碼",
        "id number",
        "id no",
        "resident id",
        "身分証番号",
        "身分証明書番号",
    ),
    "relation": (
        "与户主关系",
        "與戶主關係",
        "relation to head",
        "relationship to head",
        "relation",
        "続柄",
        "世帯主との続柄",
    ),
    "sex": ("性别", "性別", "sex", "gender"),
    "birth_date": ("出生日期", "出生年月", "birth date", "date of birth", "生年月日"),
    "ethnicity": ("民族", "ethnicity"),
    "education": ("文化程度", "education", "学歴"),
    "health": ("健康状况", "健康狀況", "health", "健康状態"),
    "migrant_months": (
        "务工时间(月)",
        "务工时间",
        "务工月数",
        "外出务工时间(月)",
        "務工時間(月)",
        "務工時間",
        "months of migrant work",
        "出稼ぎ月数",
    ),
    "status": ("脱贫属性", "脫貧屬性", "贫困户状态", "poverty status", "status", "貧困脱却状況"),
    "household_type": ("贫困户属性", "貧困戶屬性", "户类型", "戶類型", "household type", "世帯区分"),
    "standard": ("识别标准", "識別標準", "identification standard", "認定基準"),
    "main_cause": (
        "主要致贫原因",
        "致贫原因1",
        "致贫原因",
        # The monitoring lists name the cause as the risk.
        "致贫返贫风险",
        "返贫致贫风险",
        "风险类型",
        "主要风险类型",
        "致貧返貧風險",
        "主要致貧原因",
        "main poverty cause",
        "主な貧困原因",
    ),
    "other_causes": ("其他致贫原因", "致贫原因2", "其他致貧原因", "other poverty causes", "その他の貧困原因"),
    "income": (
        "人均纯收入",
        "人均纯收入(元)",
        "家庭人均纯收入",
        "家庭人均纯收入(元)",
        "年人均纯收入",
        "人均純收入",
        "per-capita net income",
        "income",
        "一人当たり純収入",
    ),
    "year": ("年度", "收入年度", "year"),
    "data_date": ("数据日期", "数据时间", "數據日期", "data date", "データ日付"),
    "phone": (
        "联系电话",
        "户联系电话",
        "家庭联系电话",
        "户主联系电话",
        "聯繫電話",
        "戶聯繫電話",
        "电话",
        "phone",
        "household phone",
        "電話番号",
    ),
    "food": ("不愁吃", "吃饭有保障", "food", "食"),
    "clothing": ("不愁穿", "穿衣有保障", "clothing", "衣"),
    "education_guarantee": (
        "义务教育有保障",
        "义务教育保障",
        "义务教育",
        "義務教育有保障",
        "compulsory education",
        "義務教育",
    ),
    "medical": (
        "基本医疗有保障",
        "基本医疗保障",
        "基本医疗",
        "基本醫療有保障",
        "basic medical care",
        "基本医療",
    ),
    "housing": ("住房安全有保障", "住房安全保障", "住房安全", "safe housing", "住宅の安全"),
    "dangerous_house": ("危房户", "是否危房户", "危房戶", "dangerous house", "危険住宅"),
    "water": (
        "饮水安全",
        "饮水安全有保障",
        "饮水安全保障",
        "飲水安全",
        "safe drinking water",
        "安全な飲み水",
    ),
    "water_difficulty": ("饮水困难", "是否饮水困难", "飲水困難", "drinking water difficulty", "飲み水の困難"),
    # The 2021+ exports of the monitoring system (DOMAIN.md).
    "exit_year": ("脱贫年度", "脱贫年份", "脱贫时间", "脫貧年度", "year of exit", "貧困脱却年"),
    "first_identified_on": (
        "首次识别时间",
        "首次识别日期",
        "户识别时间",
        "户识别日期",
        "首次識別時間",
        "first identified on",
        "初回認定日",
    ),
    "monitoring_category": (
        "监测对象类别",
        "监测对象类型",
        "易返贫致贫户类型",
        "监测类型",
        "監測對象類別",
        "monitoring category",
        "監視対象区分",
    ),
    "risk_eliminated": (
        "风险是否消除",
        "是否风险消除",
        "是否消除风险",
        "風險是否消除",
        "risk eliminated",
        "リスク解消",
    ),
    "risk_identified_on": (
        "风险识别时间",
        "风险识别日期",
        "识别监测时间",
        "纳入监测时间",
        "纳入监测日期",
        "風險識別時間",
        "risk identified on",
        "リスク認定日",
    ),
    "risk_eliminated_on": (
        "风险消除时间",
        "风险消除日期",
        "消除风险时间",
        "風險消除時間",
        "risk eliminated on",
        "リスク解消日",
    ),
}
#: Headers that carry a year before the field's name ("2021年人均纯收入(元)"): the field, and the year is
#: read from the header (`RegistryImporter._resolve_year`).
HEADER_PATTERNS = {"income": re.compile(r"(?P<year>(?:19|20)\d\d)年度?(?:家庭)?人均纯收入(?:\(元\))?")}
_NOT_KEPT = gettext_lazy("the registry does not keep it")
#: Columns of the national exports that are known and deliberately not imported: each is reported with its
#: reason in the import's summary (not as unknown).
IGNORED: dict[str, Any] = {
    **dict.fromkeys(["序号", "序號", "no", "no.", "番号"], gettext_lazy("a row number")),
    **dict.fromkeys(
        ["自然村", "组", "村民小组"],
        gettext_lazy("households are kept under their administrative village"),
    ),
    **dict.fromkeys(
        ["人数", "人數", "家庭人口数", "household size"], gettext_lazy("counted from the member rows")
    ),
    **dict.fromkeys(
        [
            "在校生状况",
            "在校生狀況",
            "劳动技能",
            "勞動技能",
            "劳动能力",
            "务工状况",
            "務工狀況",
            "参加大病医疗",
            "是否参加大病保险",
            "参加城乡居民基本医疗保险",
            "参加城乡居民基本养老保险",
            "人识别时间",
            "人员识别时间",
            "人员识别日期",
            "是否残疾",
            "残疾证号",
        ],
        _NOT_KEPT,
    ),
    **dict.fromkeys(
        ["省", "市", "市(州)", "省(区、市)", "市(地、州、盟)"],
        gettext_lazy("the village is found from the county, town and village"),
    ),
    **dict.fromkeys(
        ["人员联系电话", "个人联系电话", "本人联系电话", "人联系电话"],
        gettext_lazy("the registry keeps the household's phone only"),
    ),
    **dict.fromkeys(
        ["两不愁三保障", "兩不愁三保障", "监测信息", "基本信息", "家庭成员信息"],
        gettext_lazy("a heading over other columns"),
    ),
}

LABELS: dict[str, str] = {
    "county": "县(市、区、旗)",
    "town": "乡(镇)",
    "village": "行政村",
    "village_code": "村代码",
    "household_number": "户编号",
    "person_number": "人编号",
    "name": "姓名",
    "id_number": "证件号码",
    "relation": "与户主关系",
    "income": "人均纯收入",
}


_norm = normalize_header


#: A non-negative amount that Decimal(text).quantize(Decimal("0.01")) prints unchanged (below 1e10).
_PLAIN_YUAN = re.compile(r"(?:0|[1-9][0-9]{0,9})\.[0-9]{2}")

HEADERS = HeaderMap(SYNONYMS, ignored=IGNORED, patterns=HEADER_PATTERNS)
_IGNORED_REASONS = {_norm(name): reason for name, reason in IGNORED.items()}

MAX_LENGTH = {
    "household_number": 40,
    "person_number": 40,
    "name": 100,
    "phone": 30,
    "ethnicity": 20,
    "education": 30,
    "health": 30,
    "county": 100,
    "town": 100,
    "village": 100,
    "village_code": 12,
}

RELATIONS: dict[str, str] = {
    **dict.fromkeys(["户主", "戶主", "head", "head of household", "世帯主", "本人"], "head"),
    **dict.fromkeys(["配偶", "妻", "夫", "妻子", "丈夫", "spouse", "wife", "husband", "配偶者"], "spouse"),
    **dict.fromkeys(
        [
            "之子",
            "之女",
            "子",
            "女",
            "儿子",
            "女儿",
            "兒子",
            "女兒",
            "长子",
            "长女",
            "次子",
            "次女",
            "son",
            "daughter",
            "child",
            "娘",
            "息子",
        ],
        "child",
    ),
    **dict.fromkeys(
        ["之儿媳", "之女婿", "儿媳", "女婿", "兒媳", "child-in-law", "son-in-law", "daughter-in-law"],
        "child_in_law",
    ),
    **dict.fromkeys(
        ["之孙子", "之孙女", "孙子", "孙女", "孫子", "孫女", "之外孙子", "之外孙女", "grandchild", "孫"],
        "grandchild",
    ),
    **dict.fromkeys(
        ["之父", "之母", "父亲", "母亲", "父親", "母親", "父", "母", "parent", "father", "mother", "親"],
        "parent",
    ),
    **dict.fromkeys(
        ["之祖父", "之祖母", "祖父", "祖母", "grandparent", "grandfather", "grandmother"], "grandparent"
    ),
    **dict.fromkeys(
        ["兄弟姐妹", "之兄弟姐妹", "兄弟", "姐妹", "sibling", "brother", "sister", "兄弟姉妹"], "sibling"
    ),
    **dict.fromkeys(["其他", "其它", "other", "その他"], "other"),
}
STATUSES: dict[str, str] = {
    **dict.fromkeys(["未脱贫", "未脫貧", "贫困户", "贫困", "poor", "not exited", "未脱却"], "poor"),
    **dict.fromkeys(
        [
            "已脱贫",
            "脱贫",
            "脱贫户",
            "已脫貧",
            "已脱贫享受政策",
            "已脱贫不再享受政策",
            "脱贫享受政策",
            "脱贫不享受政策",
            "exited",
            "脱却済み",
        ],
        "exited",
    ),
    **dict.fromkeys(["返贫", "返貧", "returned", "returned to poverty"], "returned"),
    **dict.fromkeys(["脱贫不稳定户", "脫貧不穩定戶", "unstable"], "unstable"),
    **dict.fromkeys(["边缘易致贫户", "邊緣易致貧戶", "marginal"], "marginal"),
    **dict.fromkeys(["突发严重困难户", "突發嚴重困難戶", "hardship"], "hardship"),
}
TYPES: dict[str, str] = {
    **dict.fromkeys(["一般贫困户", "一般户", "ordinary", "一般貧困戶"], "ordinary"),
    **dict.fromkeys(["低保贫困户", "低保户", "低保", "低保貧困戶", "dibao", "minimum living"], "dibao"),
    **dict.fromkeys(
        ["特困供养贫困户", "五保贫困户", "五保户", "特困户", "特困供养", "wubao", "extreme poverty"], "wubao"
    ),
}
#: 户类型 of the 2021+ exports: the household class (the same column named the poverty-household attribute
#: in older exports, `TYPES`; the value tells which).
CLASSES: dict[str, str] = {
    **dict.fromkeys(["脱贫户", "脫貧戶", "已脱贫户", "exited household", "脱却世帯"], "class:exited"),
    **dict.fromkeys(
        ["一般农户", "一般農戶", "非贫困户", "ordinary rural household", "一般農家"], "class:ordinary"
    ),
}
CATEGORIES: dict[str, str] = {
    **dict.fromkeys(["脱贫不稳定户", "脫貧不穩定戶", "脱贫不稳定", "unstable"], "unstable"),
    **dict.fromkeys(["边缘易致贫户", "邊緣易致貧戶", "边缘易致贫", "marginal"], "marginal"),
    **dict.fromkeys(["突发严重困难户", "突發嚴重困難戶", "突发严重困难", "hardship"], "hardship"),
}
YES_NO: dict[str, bool] = {
    **dict.fromkeys(["是", "已消除", "消除", "yes", "y", "1", "はい"], True),
    **dict.fromkeys(["否", "未消除", "no", "n", "0", "いいえ"], False),
}
STANDARDS: dict[str, str] = {
    **dict.fromkeys(["国家标准", "國家標準", "national"], "national"),
    **dict.fromkeys(["省定标准", "省標準", "省定標準", "provincial"], "provincial"),
    **dict.fromkeys(["市定标准", "市定標準", "city"], "city"),
}
CAUSES: dict[str, str] = {
    **{c: c for c in PovertyCause.values},
    **dict.fromkeys(["因病", "因病致贫"], "illness"),
    **dict.fromkeys(["因残", "因殘", "因残致贫"], "disability"),
    **dict.fromkeys(["因学", "因學", "因学致贫"], "schooling"),
    **dict.fromkeys(["因灾", "因災", "因灾致贫"], "disaster"),
    **dict.fromkeys(["缺土地", "缺地"], "land"),
    "缺水": "water",
    **dict.fromkeys(["缺技术", "缺技術"], "skills"),
    **dict.fromkeys(["缺劳力", "缺勞力", "缺劳动力"], "labour"),
    **dict.fromkeys(["缺资金", "缺資金"], "funds"),
    **dict.fromkeys(["交通条件落后", "交通條件落後", "交通落后"], "transport"),
    **dict.fromkeys(["自身发展动力不足", "自身發展動力不足", "缺乏内生动力"], "motivation"),
    **dict.fromkeys(["因自然灾害", "自然灾害"], "disaster"),
    **dict.fromkeys(["因意外事故", "意外事故", "因意外"], "accident"),
    **dict.fromkeys(["因产业项目失败", "产业项目失败", "因产业失败"], "business"),
    **dict.fromkeys(["因务工就业不稳", "务工就业不稳", "因就业不稳"], "employment"),
    **dict.fromkeys(["住房出现安全问题", "因住房安全问题", "住房安全问题"], "housing"),
    **dict.fromkeys(["饮水安全问题", "因饮水安全问题"], "water"),
    **dict.fromkeys(["其他", "其它", "因婚", "因丧", "因婚丧", "其他意外支出", "因其他"], "other"),
}
SEXES = {
    **dict.fromkeys(["男", "m", "male", "男性"], "M"),
    **dict.fromkeys(["女", "f", "female", "女性"], "F"),
}


#: The values each column accepts, as the national exports write them (named in its error message).
ACCEPTED: dict[str, tuple[str, ...]] = {
    "status": ("未脱贫", "已脱贫", "返贫", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"),
    "household_type": ("一般贫困户", "低保贫困户", "特困供养贫困户", "脱贫户", "一般农户"),
    "standard": ("国家标准", "省定标准", "市定标准"),
    "main_cause": (
        "因病",
        "因残",
        "因学",
        "因灾",
        "缺土地",
        "缺水",
        "缺技术",
        "缺劳力",
        "缺资金",
        "交通条件落后",
        "自身发展动力不足",
        "因意外事故",
        "因产业项目失败",
        "因务工就业不稳",
        "住房出现安全问题",
        "其他",
    ),
    "monitoring_category": ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户"),
    "yes_no": ("是", "否"),
    "guarantee": ("是", "否", "不适用"),
}
CHOICE_ERRORS = {
    "status": gettext_lazy("Unknown poverty status; accepted values: %(values)s."),
    "household_type": gettext_lazy("Unknown household type; accepted values: %(values)s."),
    "standard": gettext_lazy("Unknown identification standard; accepted values: %(values)s."),
    "main_cause": gettext_lazy("Unknown poverty cause; accepted values: %(values)s."),
    "monitoring_category": gettext_lazy("Unknown monitoring category; accepted values: %(values)s."),
    "yes_no": gettext_lazy("Expected one of: %(values)s."),
    "guarantee": gettext_lazy("Expected one of: %(values)s."),
}


def choice_error(name: str) -> str:
    """The message of an unknown value in column `name`, naming the accepted values."""
    return str(CHOICE_ERRORS[name]) % {"values": "、".join(ACCEPTED[name])}


#: (field, value table, default when empty) of the household's categorical columns, in `_household`'s order.
_CHOICES = (
    ("status", STATUSES, ""),
    ("household_type", {**TYPES, **CLASSES}, ""),
    ("standard", STANDARDS, Household.Standard.NATIONAL),
    ("main_cause", CAUSES, ""),
    ("monitoring_category", CATEGORIES, ""),
)
_NOT_SEEN = object()
#: The household-level values before the guarantees (`_household`): type, standard, status, main cause,
#: other causes, phone, income, year, class, category, risk eliminated, risk identified on, risk eliminated
#: on, first identified on, exit year.
HOUSEHOLD_VALUES = 15
#: The household-level spill columns of a member who is not the head.
_NO_HOUSEHOLD_VALUES: tuple[None, ...] = (None,) * (HOUSEHOLD_VALUES + len(GUARANTEE_FIELDS))


#: A row as `_parse_row` returns it: (row, household number, 1 if head else 0, village key, person number,
#: name, sex, birth date, relation, ethnicity, education, health, migrant months, ID hash, ID ciphertext,
#: masked ID, household values or None) — the household values (type, standard, status, main cause, other
#: causes, phone, income, year, six guarantees) only on the head's row.
ParsedRow = tuple[Any, ...]


class RowRejected(Exception):
    """Raised by `_error` in fail-fast mode: the single-pass import stops at the first error (the two-pass
    check then reports them all)."""


#: The file as a whole cannot be read (encoding, no header, duplicate columns…): a sentence for users.
ImportFileError = TabularFileError


@dataclass
class ImportResult:
    rows: int = 0
    households: int = 0
    members: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first MAX_ERRORS_SHOWN
    unknown_columns: list[str] = field(default_factory=list)
    #: Known columns not imported, each "name: reason".
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The year of the incomes and guarantees (None: each row's own) and where it comes from, in words.
    year: int | None = None
    year_source: str = ""
    file_error: str = ""
    error_report: str = ""  # path of the CSV report when there were errors
    written: bool = False
    #: Written in the single pass (`import_pipeline`), not by the two-pass fallback.
    single_pass: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.error_count


# --- reading ----------------------------------------------------------------------------------------------


def iter_file_rows(path: Path) -> Table:
    """(row number as a spreadsheet shows it, cells as text) for every row, an estimate of the count and
    the column of the first cell (`core.tabular.open_table`: measured first, then streamed)."""
    return open_table(path, text=True)


def _is_header(fields: set[str]) -> bool:
    return {"household_number", "name"} <= fields


def find_header(table: Table) -> Header:
    """The first row that names a household number and a name (title rows above it are skipped)."""
    # A header merged over two rows (两不愁三保障 over 不愁吃 | 不愁穿 …) is read as one.
    header = HEADERS.find(
        table.rows,
        is_header=_is_header,
        scan_rows=HEADER_SCAN_ROWS,
        first_column=table.first_column,
        sub_header=True,
    )
    if header is None:
        raise ImportFileError(
            _(
                "No header row found in the first %(n)d rows: "
                "expected columns such as 户编号, 姓名, 证件号码, 与户主关系, 行政村."
            )
            % {"n": HEADER_SCAN_ROWS}
        )
    columns = header.columns
    missing = [f for f in ("household_number", "name", "id_number", "relation") if f not in columns]
    if "village_code" not in columns and "village" not in columns:
        missing.append("village")
    if missing:
        raise ImportFileError(
            _("Row %(row)d looks like the header but lacks the columns: %(cols)s.")
            % {"row": header.row, "cols": "、".join(LABELS.get(m, m) for m in missing)}
        )
    return header


#: Rows under the table that are not members: a totals row (合计) or a note (注：…, 填表人 …).
_NOT_A_MEMBER = re.compile(
    r"^(?:合计|合計|总计|總計|小计|小計|total|注|说明|說明|备注|填表|制表|审核|负责人)"
)
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"((?:19|20)\d\d)(\d\d)(\d\d)")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def parse_date(text: str) -> dt.date | None:
    """A date as the exports write it (2021-05-10, 2021/5/10, 2021.5.10, 2021年5月10日, 20210510, a date cell
    with a time of day); None when it is none of these."""
    match = _DATE.match(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_year(text: str) -> int | None:
    """A year as written (2019, 2019年, or the year of a date); None otherwise."""
    match = _YEAR.fullmatch(text)
    if match:
        return int(match[1])
    date = parse_date(text)
    return date.year if date else None


# --- the importer -----------------------------------------------------------------------------------------

_SPILL_COLUMNS = (
    "row",
    "hh",
    "is_head",
    "village_id",
    "village_code",
    "person_number",
    "name",
    "sex",
    "birth_date",
    "relation",
    "ethnicity",
    "education",
    "health",
    "migrant",
    "id_hash",
    "id_cipher",
    "id_masked",
    "htype",
    "standard",
    "status",
    "main_cause",
    "other_causes",
    "phone",
    "income",
    "year",
    "hclass",
    "category",
    "risk_eliminated",
    "risk_on",
    "risk_eliminated_on",
    "first_on",
    "exit_year",
    *(f"g_{g}" for g in GUARANTEE_FIELDS),
)


#: The columns both imports write, in the order of their tuples.
HOUSEHOLD_COLUMNS = (
    "id, created_at, updated_at, number, village_id, province_code, household_type, standard, status, "
    "main_cause, other_causes, phone, generated, import_job_id, household_class, monitoring_category, "
    "risk_eliminated, risk_identified_on, risk_eliminated_on, first_identified_on, exit_year"
)
INCOME_COLUMNS = "household_id, province_code, year, per_capita_net_income"
GUARANTEE_COLUMNS = "household_id, province_code, year, " + ", ".join(GUARANTEE_FIELDS)
CHANGE_COLUMNS = "household_id, from_status, to_status, changed_at, changed_by_id, reason, effective_on"
MEMBER_COLUMNS = (
    "created_at, updated_at, household_id, province_code, person_number, name, sex, birth_date, relation, "
    "ethnicity, education, health, migrant_work_months, id_cipher, id_hash, id_masked"
)


class RegistryImporter:
    """Checks then writes one file. Use :meth:`run`; it never raises for a bad file (see the result)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        actor: Actor,
        year: int | None,
        generated: bool = False,
        import_job_id: int | None = None,
        progress: Progress | None = None,
        report_dir: str | os.PathLike[str] | None = None,
        source_name: str = "",
        workers: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.actor = actor
        self.year = year
        self.generated = generated
        self.import_job_id = import_job_id
        self.progress = progress or (lambda _done, _total, _stage: None)
        self.report_dir = Path(report_dir) if report_dir else None
        self.source_name = source_name or self.path.name
        self.scope: RegistryFacet | None = None if actor is None else scope_for(actor).registry
        self.codec = ids.codec()
        self.today = dt.date.today()  # noqa: DTZ011  # birth dates are calendar dates
        self.codes = ids.known_codes()
        self._villages_by_code: dict[str, tuple[int, str] | None] = {}
        self._counties_loaded: set[str] = set()
        self._memo: dict[tuple[str, str], str | None] = {}
        self._villages_by_path: dict[tuple[str, str, str], tuple[int, str] | str | None] = {}
        self.result = ImportResult()
        self._canonicals: dict[Any, Any] = {}
        #: Set by the single-pass import: the first error stops it (see `RowRejected`).
        self.fail_fast = False
        self.workers = workers

    # Spill ---------------------------------------------------------------------------------------------
    def _open_spill(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="counterpart-import-")
        self.spill = sqlite3.connect(os.path.join(self._tmp.name, "spill.sqlite3"), isolation_level=None)
        self.spill.execute("PRAGMA journal_mode=OFF")
        self.spill.execute("PRAGMA synchronous=OFF")
        self.spill.execute(f"CREATE TABLE m ({', '.join(_SPILL_COLUMNS)})")
        self.spill.execute("CREATE TABLE err (row INTEGER, col TEXT, value TEXT, reason TEXT)")
        self.spill.execute("CREATE TABLE hhid (hh TEXT PRIMARY KEY, id INTEGER)")
        self.spill.execute("BEGIN")

    def _close_spill(self) -> None:
        with contextlib.suppress(Exception):
            self.spill.close()
        self._tmp.cleanup()

    def _error(self, row: int, column: str, value: str, reason: str) -> None:
        if self.fail_fast:
            raise RowRejected(reason)
        self.result.error_count += 1
        value = value if len(value) <= 200 else value[:200] + "…"
        if len(self.result.errors) < MAX_ERRORS_SHOWN:
            self.result.errors.append(RowError(row, column, value, reason))
        self.spill.execute("INSERT INTO err VALUES (?, ?, ?, ?)", (row, column, value, reason))

    # Public --------------------------------------------------------------------------------------------
    def run(self, *, write: bool = True) -> ImportResult:
        """Import the file. A valid file is written in one pass (`import_pipeline`); at the first sign of
        trouble that pass is rolled back and the file is checked in full here, so that every error is
        reported (and a valid file the single pass cannot take, such as one whose households are not on
        consecutive rows, is written by the two passes)."""
        if write:
            from counterpart.households.import_pipeline import write_in_one_pass

            if write_in_one_pass(self):
                return self.result
            self.result = ImportResult()
        self._open_spill()
        try:
            try:
                self._check()
            except ImportFileError as exc:
                self.result.file_error = str(exc)
                return self.result
            if self.result.error_count:
                self._write_error_report()
            elif write:
                self._write()
                self.result.written = True
            return self.result
        finally:
            self._close_spill()

    # Pass 1 --------------------------------------------------------------------------------------------
    def _check(self) -> None:
        table = iter_file_rows(self.path)
        header = find_header(table)
        self._use_header(header)
        rows = cast("Iterator[tuple[int, list[str]]]", header.rows_after(table.rows))
        total = max(table.estimate - header.row, 1)
        chunk: list[tuple[Any, ...]] = []
        done = 0
        for number, cells in rows:
            if self.skips(cells):
                continue
            self.result.rows += 1
            chunk.append(self._check_row(number, cells))
            if len(chunk) >= CHUNK:
                self._flush_chunk(chunk)
                chunk = []
            done += 1
            if done % CHUNK == 0:
                self.progress(done, max(total, done), "check")
            if self.result.error_count >= MAX_ERRORS:
                self._error(number, "", "", _("Too many errors: checking stopped here."))
                break
        if chunk:
            self._flush_chunk(chunk)
        if self.result.rows == 0:
            raise ImportFileError(_("The file has a header but no rows."))
        self.progress(done, done, "check")
        self._check_across_rows()

    def _use_header(self, header: Header) -> None:
        """Map the header's columns to fields once; every row is then read by index. Also says which
        known columns are not imported (and why) and where the year of the incomes comes from."""
        self.header = header
        self.result.unknown_columns = header.unknown
        cols = header.columns
        self._width = len(header.names)
        # Every field → its column; a field the file lacks → the empty cell appended to each row.
        self._ix = {f: cols.get(f, self._width) for f in (*SYNONYMS, *MAX_LENGTH)}
        self.names = {f: header.names[i].strip() for f, i in cols.items()}
        self._hh_index = cols["household_number"]
        self._length_fields = [(f, limit, cols[f]) for f, limit in MAX_LENGTH.items() if f in cols]
        # Each guarantee column the file has is recorded, one by one (DOMAIN.md: 危房户 stands for safe
        # housing turned round, 饮水困难 for safe drinking water).
        self._housing_column = "housing" if "housing" in cols else "dangerous_house"
        self._water_column = "water" if "water" in cols else "water_difficulty"
        self._guarantee_columns = [
            (i, column)
            for i, column in enumerate(
                (
                    "food",
                    "clothing",
                    "education_guarantee",
                    "medical",
                    self._housing_column,
                    self._water_column,
                )
            )
            if column in cols
        ]
        self.guarantee_columns = bool(self._guarantee_columns)
        used = set(cols.values())
        ignored = []
        for i, name in enumerate(header.names):
            reason = None if i in used else _IGNORED_REASONS.get(_norm(name))
            if reason is not None:
                ignored.append(f"{name.strip()}: {reason}")
        for column, instead in (("dangerous_house", "housing"), ("water_difficulty", "water")):
            if column in cols and instead in cols:
                ignored.append(
                    _("%(name)s: %(other)s is read instead")
                    % {"name": self.names[column], "other": self.names[instead]}
                )
        self.result.ignored_columns = ignored
        if self.guarantee_columns and len(self._guarantee_columns) < len(GUARANTEE_FIELDS):
            self.result.notes.append(
                _("Guarantees recorded: %(columns)s; the others are not in the file.")
                % {"columns": "、".join(self.names[c] for _i, c in self._guarantee_columns)}
            )
        self._resolve_year(header)

    def _resolve_year(self, header: Header) -> None:
        """The year of the incomes and guarantees: the one given (form, --year), else the income column's
        name (2021年人均纯收入), else the title's, else each row's 年度 or 数据日期; a file that needs one and
        names none is refused, naming the option."""
        cols = header.columns
        result = self.result
        income_name = self.names.get("income", "")
        from_header = HEADER_PATTERNS["income"].fullmatch(_norm(income_name)) if income_name else None
        title = next((t for t in header.above if _TITLE_YEAR.search(t)), "")
        if self.year is not None:
            result.year, result.year_source = self.year, _("the year given for the import")
        elif from_header:
            self.year = int(from_header["year"])
            result.year = self.year
            result.year_source = _("the column “%(name)s”") % {"name": income_name}
        elif title:
            self.year = int(_TITLE_YEAR.search(title)[1])  # type: ignore[index]
            result.year = self.year
            result.year_source = _("the title “%(title)s”") % {"title": title[:100]}
        elif "year" in cols:
            result.year_source = _("the column “%(name)s” of each row") % {"name": self.names["year"]}
        elif "data_date" in cols:
            result.year_source = _("the year of the column “%(name)s” of each row") % {
                "name": self.names["data_date"]
            }
        elif "income" in cols or self.guarantee_columns:
            raise ImportFileError(
                _(
                    "The file does not say which year its incomes are of (no 年度 or 数据日期 column, no "
                    "year in the title or in the income column's name): give the year of the incomes "
                    "(--year, or “Year of the incomes” on the upload form)."
                )
            )
        if result.year_source and ("income" in cols or self.guarantee_columns):
            if result.year is not None:
                result.notes.append(
                    _("Incomes and guarantees filed under %(year)s (from %(source)s).")
                    % {"year": result.year, "source": result.year_source}
                )
            else:
                result.notes.append(
                    _("Incomes and guarantees filed under the year of %(source)s.")
                    % {"source": result.year_source}
                )

    def skips(self, cells: Sequence[str]) -> bool:
        """A blank row, a totals row or a note under the table: not a member (no household number)."""
        if len(cells) > self._hh_index and cells[self._hh_index].strip():
            return False  # a member row: the usual case, decided by one cell
        texts = [c.strip() for c in cells if c.strip()]
        return not texts or any(_NOT_A_MEMBER.match(_norm(t)) for t in texts[:3])

    def _cell(self, cells: Sequence[str], name: str) -> str:
        """The stripped text of column `name` (rows are padded to the header's width plus one first)."""
        return cells[self._ix[name]].strip()

    def _canonical(self, value: Any) -> Any:
        """The first object seen equal to `value` (a bounded number of them: a file of all-different values
        must not grow memory)."""
        found = self._canonicals.get(value)
        if found is not None:
            return found
        if len(self._canonicals) < CANONICAL_MAX:
            self._canonicals[value] = value
        return value

    def _lookup(self, table: dict[str, str], name: str, text: str) -> str | None:
        """A value table lookup, memoized per (column, text): the same few texts repeat on every row."""
        key = (name, text)
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = table.get(_norm(text))
            return value

    def _check_row(self, number: int, cells: list[str]) -> tuple[Any, ...]:
        """A row as the spill stores it: the parsed row with its village resolved (see `_SPILL_COLUMNS`)."""
        parsed = self._parse_row(number, cells)
        village = self._village(number, parsed[3])
        return (
            *parsed[:3],
            village[0] if village else None,
            village[1] if village else "",
            *parsed[4:16],
            *(parsed[16] or _NO_HOUSEHOLD_VALUES),
        )

    def _parse_row(self, number: int, cells: list[str]) -> ParsedRow:
        """Everything about a row that needs no database: checked, and the ID hashed and encrypted.

        Runs in the worker process of the single-pass import (see `import_pipeline`), so it must not
        touch the database; the village is resolved by the caller from the returned key. Every check
        runs on every row, so that one pass reports every error of the file.
        """
        cells = self._fit(number, cells)
        label = self.names.get
        values = self._bounded(number, cells)
        hh = values["household_number"]
        if not hh:
            self._error(number, label("household_number", "户编号"), "", _("Missing household number."))
        name = values["name"]
        if not name:
            self._error(number, label("name", "姓名"), "", _("Missing name."))
        relation = self._relation(number, cells)
        id_hash, id_cipher, id_masked, sex, birth = self._identity(number, cells)
        # One object per distinct value of the columns that repeat: a batch sent to the writer process
        # then pickles each once (pickle refers back to an object it has already written).
        canon = self._canonical
        village_key = canon((values["village_code"], values["county"], values["town"], values["village"]))
        # Household-level values are read from the head's row only (the one the write reads), so that an
        # error in one is reported once per household, not once per member. Rows with errors are spilled
        # too, so that checks across rows (no head, duplicates) do not report consequences of an error
        # already reported; nothing is written once there is any error.
        head = relation == "head"
        household = self._household(number, cells, values) if head else None
        if not head:
            # The member's own copy of the household's income is not written, but a value that is not a
            # number is still an error of its cell: a clerk who typed it there must hear of it.
            self._income(number, cells)
        return (
            number,
            hh,
            1 if head else 0,
            village_key,
            values["person_number"],
            name,
            sex,
            birth,
            relation,
            canon(values["ethnicity"]),
            canon(values["education"]),
            canon(values["health"]),
            self._migrant(number, cells),
            id_hash,
            id_cipher,
            id_masked,
            household,
        )

    def _fit(self, number: int, cells: list[str]) -> list[str]:
        """The row cut or padded to the header's width, without NUL characters (each one an error), plus
        the empty cell that the columns the file lacks point at (see `_ix`): no per-row branching."""
        width = self._width
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width:
            if any(c.strip() for c in cells[width:]):
                self._error(number, "", "", _("The row has more cells than the header has columns."))
            cells = cells[:width]
        if any("\x00" in c for c in cells):  # a NUL cannot be stored (PostgreSQL refuses it in text)
            for index, cell in enumerate(cells):
                if "\x00" in cell:
                    column = next((n for n, i in self._ix.items() if i == index), "")
                    self._error(
                        number,
                        self.names.get(column, column),
                        cell.replace("\x00", "\ufffd"),
                        _("The cell holds a NUL character, which cannot be stored."),
                    )
            cells = [c.replace("\x00", "") for c in cells]
        cells.append("")
        return cells

    def _bounded(self, number: int, cells: list[str]) -> dict[str, str]:
        """The text columns with a length limit, stripped; one too long is an error (and left empty)."""
        values = dict.fromkeys(MAX_LENGTH, "")
        for fname, limit, index in self._length_fields:
            value = cells[index].strip()
            if len(value) > limit:
                self._error(
                    number,
                    self.names.get(fname, fname),
                    value,
                    _("Too long: %(n)d characters, at most %(max)d.") % {"n": len(value), "max": limit},
                )
                value = ""
            values[fname] = value
        return values

    def _relation(self, number: int, cells: list[str]) -> str:
        text = cells[self._ix["relation"]].strip()
        if not text:
            self._error(
                number, self.names.get("relation", "与户主关系"), "", _("Missing relation to the head.")
            )
            return ""
        relation = self._memo.get(("relation", text), _NOT_SEEN)
        if relation is _NOT_SEEN:
            relation = self._lookup(RELATIONS, "relation", text)
        return str(relation or "other")

    def _identity(self, number: int, cells: list[str]) -> tuple[str, str, str, str, str | None]:
        """(ID hash, ciphertext, masked ID, sex, birth date as ISO text): the ID number is checked, hashed and
        encrypted here, so only the ciphertext goes to the spill; sex and birth date come from the number
        when it is valid, the sex column overriding."""
        ix = self._ix
        raw_id = cells[ix["id_number"]].strip()
        id_hash = id_cipher = id_masked = ""
        birth: dt.date | None = None
        sex = ""
        column = self.names.get("id_number", "证件号码")
        if not raw_id:
            self._error(number, column, "", _("Missing ID number."))
        else:
            try:
                value, birth = ids.validate(raw_id, today=self.today)
            except ids.InvalidIdNumber as exc:
                self._error(number, column, ids.mask(raw_id[:40]), str(exc))
            else:
                id_hash = self.codec.hash(value)
                id_cipher = self.codec.encrypt(value, id_hash)
                id_masked = value[:6] + "************"  # ids.mask of a valid (18-character) number
                sex = "M" if int(value[16]) % 2 else "F"
        sex_text = cells[ix["sex"]].strip()
        if sex_text:
            sex = self._lookup(SEXES, "sex", sex_text) or sex
        birth_text = cells[ix["birth_date"]].strip()
        if birth_text and birth is None:
            with contextlib.suppress(ValueError):
                birth = dt.date.fromisoformat(birth_text[:10])
        return id_hash, id_cipher, id_masked, sex, birth.isoformat() if birth else None

    def _migrant(self, number: int, cells: list[str]) -> int | None:
        text = cells[self._ix["migrant_months"]].strip()
        if not text:
            return None
        text = text.removesuffix("个月").removesuffix("月").strip()
        if text.isdigit() and int(text) <= 12:
            return int(text)
        self._error(number, self.names.get("migrant_months", ""), text, _("Months of migrant work: 0 to 12."))
        return None

    def _household(self, number: int, cells: list[str], values: dict[str, str]) -> tuple[Any, ...]:
        """The household-level values of the head's row, in the spill's order (`_SPILL_COLUMNS` from htype
        on). The status comes from 脱贫属性, else from the 2021+ household class (脱贫户: exited, 一般农户:
        not poor) or the exit year; a monitoring category whose risk is not eliminated is the status."""
        memo = self._memo
        choices: list[str] = []
        for field_name, table, default in _CHOICES:
            text = cells[self._ix[field_name]].strip()
            if not text:
                choices.append(default)
                continue
            found = memo.get((field_name, text))
            choices.append(found or self._choice(number, text, field_name, table, default))
        status, htype, standard, main_cause, category = choices
        hclass = ""
        if htype.startswith("class:"):
            hclass, htype = htype.removeprefix("class:"), ""
        htype = htype or Household.Type.ORDINARY
        exit_year = self._year_cell(number, cells, "exit_year")
        risk_eliminated = self._yes_no(number, cells, "risk_eliminated")
        risk_on = self._date_cell(number, cells, "risk_identified_on")
        risk_eliminated_on = self._date_cell(number, cells, "risk_eliminated_on")
        if risk_eliminated_on and risk_eliminated is False:
            self._error(
                number,
                self.names.get("risk_eliminated_on", ""),
                risk_eliminated_on,
                _("A date of elimination, but the risk is not eliminated (%(column)s).")
                % {"column": self.names.get("risk_eliminated", "")},
            )
        if risk_on and risk_eliminated_on and risk_eliminated_on < risk_on:
            self._error(
                number,
                self.names.get("risk_eliminated_on", ""),
                risk_eliminated_on,
                _("The risk is eliminated before it was identified (%(date)s).") % {"date": risk_on},
            )
        if not status:
            if hclass == "exited" or exit_year:
                status = Household.Status.EXITED
            elif hclass == "ordinary":
                status = Household.Status.NOT_POOR
            else:
                status = Household.Status.POOR
        return (
            htype,
            standard,
            status,
            main_cause,
            ",".join(self._other_causes(number, cells)),
            values["phone"],
            self._income(number, cells),
            self._year(number, cells),
            hclass,
            category,
            risk_eliminated,
            risk_on,
            risk_eliminated_on,
            self._date_cell(number, cells, "first_identified_on"),
            exit_year,
            *self._guarantees(number, cells),
        )

    def _date_cell(self, number: int, cells: list[str], name: str) -> str | None:
        """The date in column `name` as ISO text, or None (and an error when the cell holds no date)."""
        text = cells[self._ix[name]].strip()
        if not text:
            return None
        date = parse_date(text)
        if date is None:
            self._error(number, self.names.get(name, name), text, _("Not a date (write it as 2021-05-10)."))
            return None
        return date.isoformat()

    def _year_cell(self, number: int, cells: list[str], name: str) -> int | None:
        text = cells[self._ix[name]].strip()
        if not text:
            return None
        year = parse_year(text)
        if year is None or not 1980 <= year <= 2100:
            self._error(number, self.names.get(name, name), text, _("Not a year (write it as 2019)."))
            return None
        return year

    def _yes_no(self, number: int, cells: list[str], name: str) -> bool | None:
        text = cells[self._ix[name]].strip()
        if not text:
            return None
        value = YES_NO.get(_norm(text))
        if value is None:
            self._error(number, self.names.get(name, name), text, choice_error("yes_no"))
        return value

    def _income(self, number: int, cells: list[str]) -> str | None:
        """The per-capita income as Decimal.quantize(0.01) prints it, or None."""
        text = cells[self._ix["income"]].strip().replace(",", "").replace("元", "").strip()
        if not text:
            return None
        if _PLAIN_YUAN.fullmatch(text):
            return text  # already what Decimal.quantize(0.01) would print
        try:
            amount = Decimal(text)
            if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self._error(number, self.names.get("income", "人均纯收入"), text, _("Not a number of yuan."))
            return None
        return str(amount.quantize(Decimal("0.01")))

    def _year(self, number: int, cells: list[str]) -> int | None:
        """The year of the row's income and guarantees: its 年度, else the import's year, else the year of
        its 数据日期 (`_resolve_year`)."""
        text = cells[self._ix["year"]].strip()
        if text:
            year = parse_year(text)
            if year is not None and 2000 <= year <= 2100:
                return year
            self._error(number, self.names.get("year", "年度"), text, _("Not a year (write it as 2021)."))
            return self.year
        if self.year is not None:
            return self.year
        date_text = cells[self._ix["data_date"]].strip()
        if date_text:
            year = parse_year(date_text)
            if year is not None and 2000 <= year <= 2100:
                return year
            self._error(
                number,
                self.names.get("data_date", "数据日期"),
                date_text,
                _("Not a date (write it as 2021-05-10)."),
            )
        elif "income" in self.header.columns or self.guarantee_columns:
            column = self.names.get("year") or self.names.get("data_date") or "年度"
            self._error(
                number, column, "", _("Missing year: give it in this column or for the whole import.")
            )
        return None

    def _other_causes(self, number: int, cells: list[str]) -> list[str]:
        text = cells[self._ix["other_causes"]].strip()
        causes: list[str] = []
        for part in filter(None, (p.strip() for p in text.replace("、", ",").replace(";", ",").split(","))):
            cause = CAUSES.get(_norm(part))
            if cause is None:
                self._error(number, self.names.get("other_causes", ""), part, choice_error("main_cause"))
            elif cause not in causes:
                causes.append(cause)
        return causes

    def _guarantees(self, number: int, cells: list[str]) -> list[str | None]:
        """The six guarantees, each None when the file does not carry it; 危房户 stands for safe housing and
        饮水困难 for safe drinking water, with the answer turned round."""
        guarantees: list[str | None] = [None] * len(GUARANTEE_FIELDS)
        for i, column in self._guarantee_columns:
            text = cells[self._ix[column]].strip()
            gvalue: str | None = GUARANTEE_WORDS.get(_norm(text))
            if column in ("dangerous_house", "water_difficulty"):
                gvalue = {"met": "not_met", "not_met": "met"}.get(gvalue or "", gvalue)
            if text and gvalue is None:
                self._error(number, self.names.get(column, column), text, choice_error("guarantee"))
            guarantees[i] = gvalue or None
        return guarantees

    def _choice(self, number: int, text: str, name: str, table: dict[str, str], default: str) -> str:
        """The value `text` (not empty) stands for in column `name`, or `default` and an error."""
        value = self._lookup(table, name, text)
        if value is None:
            self._error(number, self.names.get(name, name), text, choice_error(name))
            return default
        return value

    def village_cached(self, key: tuple[str, str, str, str]) -> bool:
        """Whether `_village(…, key)` can answer without a query."""
        code = key[0]
        if code:
            return code in self._villages_by_code or code[:6] in self._counties_loaded
        return key[1:] in self._villages_by_path

    def _village(self, number: int, key: tuple[str, str, str, str]) -> tuple[int, str] | None:
        """(pk, code) of the village that `key` (village code, county, town, village) names, or None and
        an error."""
        label = self.names.get
        code = key[0]
        if code:
            if code not in self._villages_by_code:
                # One query per county loads all its villages (a few hundred), not one query per village.
                county = code[:6]
                if county not in self._counties_loaded:
                    self._counties_loaded.add(county)
                    self._villages_by_code.update(
                        (c, (pk, c))
                        for pk, c in Region.objects.filter(
                            code__startswith=county, level=Region.Level.VILLAGE
                        ).values_list("pk", "code")
                    )
                self._villages_by_code.setdefault(code, None)
            village = self._villages_by_code[code]
            if village is None:
                self._error(number, label("village_code", "村代码"), code, _("Unknown village code."))
                return None
        else:
            path = key[1:]
            if not path[2]:
                self._error(number, label("village", "行政村"), "", _("Missing village."))
                return None
            if path not in self._villages_by_path:
                self._villages_by_path[path] = self._resolve_path(*path)
            found_path = self._villages_by_path[path]
            if found_path is None or isinstance(found_path, str):
                reason = found_path or _(
                    "Unknown village: no village of this name under this town and county."
                )
                self._error(number, label("village", "行政村"), "/".join(p for p in path if p), reason)
                return None
            village = found_path
        if self.scope is not None and not self.scope.can_manage(village[1]):
            self._error(
                number,
                label("village", "行政村"),
                village[1],
                _("This village is outside the regions you manage."),
            )
            return None
        return village

    def _resolve_path(self, county: str, town: str, village: str) -> tuple[int, str] | str | None:
        """The village named `village` under `town` under `county` (a name in any of the four languages or an
        alias, `core.names`)."""
        qs = Region.objects.filter(name_exact_q(Region, village), level=Region.Level.VILLAGE)
        if town:
            qs = qs.filter(name_exact_q(Region, town, path="parent__"))
        if county:
            qs = qs.filter(name_exact_q(Region, county, path="parent__parent__"))
        found = list(qs.values_list("pk", "code")[:2])
        if len(found) > 1:
            return _("Several villages have this name; add the town and county columns or a village code.")
        return (found[0][0], found[0][1]) if found else None

    def _flush_chunk(self, chunk: list[tuple[Any, ...]]) -> None:
        """Registry checks for a chunk (two indexed IN queries), then spill it."""
        registered = _existing(Member, "id_hash", [row[14] for row in chunk if row[14]], hexadecimal=True)
        used = _existing(Household, "number", list({row[1] for row in chunk if row[1]}))
        for row in chunk:
            if row[14] in registered:
                self._error(
                    row[0],
                    self.names.get("id_number", "证件号码"),
                    row[16],
                    _("This ID number is already in the registry."),
                )
            if row[1] in used:
                self._error(
                    row[0],
                    self.names.get("household_number", "户编号"),
                    row[1],
                    _("This household number is already in the registry."),
                )
        placeholders = ", ".join("?" * len(_SPILL_COLUMNS))
        self.spill.executemany(f"INSERT INTO m VALUES ({placeholders})", chunk)  # noqa: S608  # fixed columns

    def _check_across_rows(self) -> None:
        sp = self.spill
        sp.execute("CREATE INDEX m_hash ON m (id_hash)")
        sp.execute("CREATE INDEX m_hh ON m (hh, row)")
        id_label = self.names.get("id_number", "证件号码")
        duplicates = sp.execute(
            """SELECT m.row, m.id_masked, d.first FROM m
               JOIN (SELECT id_hash, min(row) AS first FROM m WHERE id_hash != ''
                     GROUP BY id_hash HAVING count(*) > 1) d
               ON d.id_hash = m.id_hash WHERE m.row > d.first ORDER BY m.row"""
        )
        for row, masked, first in duplicates.fetchall():
            self._error(row, id_label, masked, _("The same ID number as row %(row)d.") % {"row": first})
        bad = sp.execute(
            """SELECT hh, min(row), sum(is_head), count(DISTINCT village_id) FROM m GROUP BY hh
               HAVING sum(is_head) != 1 OR count(DISTINCT village_id) > 1 ORDER BY min(row)"""
        )
        rel = self.names.get("relation", "与户主关系")
        for hh, first, heads, villages in bad.fetchall():
            if heads == 0:
                self._error(
                    first, rel, hh, _("Household %(hh)s has no head (与户主关系 = 户主).") % {"hh": hh}
                )
            elif heads > 1:
                self._error(first, rel, hh, _("Household %(hh)s has %(n)d heads.") % {"hh": hh, "n": heads})
            if villages > 1:
                self._error(
                    first,
                    self.names.get("village", "行政村"),
                    hh,
                    _("The members of household %(hh)s are in different villages.") % {"hh": hh},
                )

    def _write_error_report(self) -> None:
        # A random name (`core.files`), mode 0600: the report names no job and cannot be guessed.
        target = new_private_file(self.report_dir or Path(tempfile.gettempdir()), suffix=".csv")
        rows = self.spill.execute("SELECT row, col, value, reason FROM err ORDER BY row, rowid")
        self.result.error_report = str(write_error_report(target, rows))

    # Pass 2 --------------------------------------------------------------------------------------------
    def _write(self) -> None:
        self.spill.execute("COMMIT")
        total = self.spill.execute("SELECT count(*) FROM m").fetchone()[0]
        households = self.spill.execute("SELECT count(*) FROM m WHERE is_head = 1").fetchone()[0]
        self.spill.execute("BEGIN")
        writer = BulkWriter()
        # Values go in as the text the database parses (dates ISO, money as a decimal string), so
        # no per-value adaptation is needed on either backend; the timestamp is adapted once.
        now = writer.timestamp(timezone.now())
        user_id = getattr(self.actor, "pk", None) if self.actor is not None else None
        rows = HouseholdRows(
            now=now,
            generated=self.generated,
            job_id=self.import_job_id,
            user_id=user_id,
            source_name=self.source_name,
            with_guarantees=self.guarantee_columns,
        )
        done = 0
        with transaction.atomic():
            next_id = writer.reserve_start(Household)
            guarantee_columns = ", ".join(f"g_{g}" for g in GUARANTEE_FIELDS)
            heads = self.spill.execute(
                "SELECT hh, village_id, village_code, htype, standard, status, main_cause, other_causes, "  # noqa: S608
                "phone, income, year, hclass, category, risk_eliminated, risk_on, risk_eliminated_on, "
                f"first_on, exit_year, {guarantee_columns} FROM m WHERE is_head = 1 ORDER BY rowid"
            )
            while batch := heads.fetchmany(CHUNK):
                id_list = writer.reserve(Household, len(batch), next_id)
                next_id = id_list[-1] + 1
                mapping = []
                for pk, row in zip(id_list, batch, strict=True):
                    rows.add(pk, row[0], row[1], row[2], row[3:])
                    mapping.append((row[0], pk))
                for model, columns, table_rows in rows.take():
                    writer.insert(model, columns, table_rows, adapt=False)
                self.spill.executemany("INSERT INTO hhid VALUES (?, ?)", mapping)
                self.result.households += len(batch)
                self.progress(self.result.households, households, "households")
            members = self.spill.execute(
                "SELECT ?, ?, h.id, substr(m.village_code, 1, 2) || '0000', m.person_number, m.name, m.sex, "
                "m.birth_date, m.relation, m.ethnicity, m.education, m.health, m.migrant, m.id_cipher, "
                "m.id_hash, m.id_masked FROM m JOIN hhid h ON h.hh = m.hh ORDER BY m.rowid",
                (now, now),
            )
            while batch := members.fetchmany(CHUNK):
                writer.insert(Member, MEMBER_COLUMNS, batch, adapt=False)
                done += len(batch)
                self.progress(done, total, "members")
        self.result.members = done


class HouseholdRows:
    """The household-level rows of a batch, in the column order of HOUSEHOLD_COLUMNS, INCOME_COLUMNS,
    GUARANTEE_COLUMNS and CHANGE_COLUMNS: the household, its income (when given), its guarantee check (the
    guarantees the file carries) and its status history as the file dates it (`status_history`). Both
    imports fill it and write what `take` hands over.
    """

    def __init__(
        self,
        *,
        now: Any,
        generated: bool,
        job_id: int | None,
        user_id: int | None,
        source_name: str,
        with_guarantees: bool,
    ) -> None:
        self.now, self.generated, self.job_id = now, generated, job_id
        self.user_id, self.with_guarantees = user_id, with_guarantees
        file = {"file": source_name}
        # Translated once per import: each status change cites the file.
        self.reason = _("Imported from %(file)s.") % file
        self.reasons = {
            "identified": _("Identified as poor; imported from %(file)s.") % file,
            "exited": _("Exited in %(year)s (脱贫年度); imported from %(file)s."),
            "monitored": _("Identified as a monitoring object; imported from %(file)s.") % file,
            "eliminated": _("Risk eliminated; imported from %(file)s.") % file,
        }
        self._file = file
        self._start()

    def _start(self) -> None:
        self.households: list[tuple[Any, ...]] = []
        self.incomes: list[tuple[Any, ...]] = []
        self.checks: list[tuple[Any, ...]] = []
        self.changes: list[tuple[Any, ...]] = []

    def status_history(
        self,
        status: str,
        category: str,
        eliminated: bool | None,
        risk_on: str | None,
        eliminated_on: str | None,
        first_on: str | None,
        exit_year: int | None,
    ) -> tuple[str, list[tuple[str, str, str | None, str]]]:
        """(current status, [(from, to, effective on, reason)]) of a household as its file dates it: an
        exit year gives poor → exited on its 31 December (from the first identification), a monitoring
        category the change into monitoring on the risk's identification date and, once the risk is
        eliminated, back out of it on its elimination date."""
        changes: list[tuple[str, str, str | None, str]]
        if status == Household.Status.EXITED and exit_year:
            changes = [
                ("", Household.Status.POOR, first_on, self.reasons["identified"]),
                (
                    Household.Status.POOR,
                    Household.Status.EXITED,
                    f"{exit_year}-12-31",
                    self.reasons["exited"] % {"year": exit_year, **self._file},
                ),
            ]
        else:
            changes = [("", status, first_on, self.reason)]
        if category:
            changes.append((status, category, risk_on, self.reasons["monitored"]))
            if eliminated:
                changes.append((category, status, eliminated_on, self.reasons["eliminated"]))
            else:
                status = category
        return status, changes

    def add(self, pk: int, number: str, village_id: int, village_code: str, values: Sequence[Any]) -> str:
        """Add one household; `values` are the head row's household values (`RegistryImporter._household`).
        Returns its province code."""
        now = self.now
        province = province_code_of(village_code)
        (
            htype,
            standard,
            status,
            main_cause,
            others,
            phone,
            income,
            year,
            hclass,
            category,
            eliminated,
            risk_on,
            eliminated_on,
            first_on,
            exit_year,
            *checks,
        ) = values
        if category or exit_year:
            status, changes = self.status_history(
                status, category, eliminated, risk_on, eliminated_on, first_on, exit_year
            )
        else:  # the 2014–2020 exports: one change, the status at import
            changes = [("", status, first_on, self.reason)]
        self.households.append(
            (
                pk,
                now,
                now,
                number,
                village_id,
                province,
                htype,
                standard,
                status,
                main_cause,
                others,
                phone,
                self.generated,
                self.job_id,
                hclass or "",
                category or "",
                eliminated,
                risk_on,
                eliminated_on,
                first_on,
                exit_year,
            )
        )
        if income is not None and year is not None:
            self.incomes.append((pk, province, year, income))
        if self.with_guarantees and year is not None and any(c is not None for c in checks):
            self.checks.append((pk, province, year, *(c or "" for c in checks)))
        user_id = self.user_id
        self.changes.extend(
            (pk, from_status, to_status, now, user_id, reason, effective_on)
            for from_status, to_status, effective_on, reason in changes
        )
        return province

    def take(self) -> list[tuple[type[models.Model], str, list[tuple[Any, ...]]]]:
        """(model, columns, rows) of each table, households first; the next batch starts empty."""
        tables: list[tuple[type[models.Model], str, list[tuple[Any, ...]]]] = [
            (Household, HOUSEHOLD_COLUMNS, self.households),
            (YearlyIncome, INCOME_COLUMNS, self.incomes),
            (GuaranteeCheck, GUARANTEE_COLUMNS, self.checks),
            (StatusChange, CHANGE_COLUMNS, self.changes),
        ]
        self._start()
        return tables


def _existing(
    model: type[models.Model], column: str, values: list[str], *, hexadecimal: bool = False
) -> set[str]:
    """Which of `values` the registry already holds in `column` (an indexed column): one query."""
    return {row[0] for row in existing_rows(model, column, values, hexadecimal=hexadecimal)}


def import_registry(
    path: str | os.PathLike[str],
    *,
    actor: Actor,
    year: int | None,
    generated: bool = False,
    import_job_id: int | None = None,
    progress: Progress | None = None,
    report_dir: str | os.PathLike[str] | None = None,
    source_name: str = "",
    write: bool = True,
    workers: int | None = None,
) -> ImportResult:
    """Check a registry file and, if every row is valid, write it (see the module docstring)."""
    return RegistryImporter(
        path,
        actor=actor,
        year=year,
        generated=generated,
        import_job_id=import_job_id,
        progress=progress,
        report_dir=report_dir,
        source_name=source_name,
        workers=workers,
    ).run(write=write)
