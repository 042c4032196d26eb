"""The table of names that report intake matches against: regions, organizations and people in every
language they are stored in, plus their aliases (short forms, former names, other spellings).

Keys are normalized (NFKC, traditional and Japanese forms → simplified, lower case, no spaces or middle
dots), so 六盤水市, 六盘水市 and "Liupanshui" written in any case find the same region. Lookup is by the
longest match. The gazetteer works without a database too (only the built-in short forms of the
province-level divisions, which are general knowledge, are in it then).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from counterpart.intake.text import normalize_name, to_simplified

#: One-character (and common) short forms of China's province-level divisions → their full names.
PROVINCE_SHORT_FORMS: dict[str, str] = {
    "京": "北京市",
    "津": "天津市",
    "沪": "上海市",
    "申": "上海市",
    "渝": "重庆市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "川": "四川省",
    "蜀": "四川省",
    "黔": "贵州省",
    "滇": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "秦": "陕西省",
    "甘": "甘肃省",
    "陇": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
    "疆": "新疆维吾尔自治区",
    "港": "香港特别行政区",
    "澳": "澳门特别行政区",
}

#: Suffixes of administrative divisions, longest first; a name without its suffix is a common short form.
ADMIN_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "特区",
    "地区",
    "省",
    "市",
    "县",
    "区",
    "州",
    "盟",
    "旗",
)
#: The peoples named in an autonomous division's name (黔东南苗族侗族自治州 → 黔东南, 威宁彝族回族苗族自治县 →
#: 威宁): one or more "…族" before 自治州/县/区/旗, in simplified, traditional or Japanese writing.
_PEOPLES = (
    "柯尔克孜|乌孜别克|维吾尔|达斡尔|鄂伦春|塔吉克|塔塔尔|俄罗斯|鄂温克|哈萨克|土家|布依|哈尼|傈僳|拉祜|东乡|纳西|景颇|"
    "仫佬|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|德昂|保安|裕固|独龙|赫哲|门巴|珞巴|基诺|蒙古|朝鲜|苗|侗|藏|彝|回|壮|瑶|白|"
    "傣|黎|佤|畲|水|土|羌|怒|京|满"
)
AUTONOMOUS_RE = re.compile(rf"^(?P<stem>.{{2,}}?)(?:(?:{_PEOPLES})族?)*自治(?:州|县|区|旗)$")
#: Traditional and Japanese forms of the suffixes (縣, 區, 県).
OTHER_SCRIPT_SUFFIXES = ("縣", "県", "區")
EN_SUFFIX_RE = re.compile(
    r"\s+(?:city|county|district|province|prefecture|municipality|special zone|autonomous region)$", re.I
)


def strip_admin_suffix(name: str) -> str:
    """上海市 → 上海, 工布江达县 → 工布江达, 甘南藏族自治州 → 甘南, "Dalian City" → "Dalian" (never to fewer
    than two characters)."""
    m = AUTONOMOUS_RE.match(to_simplified(name))  # one character for one, so the cut fits `name`
    if m:
        return name[: m.end("stem")]
    for suffix in (*ADMIN_SUFFIXES, *OTHER_SCRIPT_SUFFIXES):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    stripped = EN_SUFFIX_RE.sub("", name)
    return stripped if len(stripped) >= 2 else name


@dataclass(frozen=True)
class Entry:
    """One registry record behind a name. `id` is None for a built-in form with no record behind it."""

    kind: str  # region / organization / person
    id: int | None
    name: str  # the record's zh-Hans name (the canonical form)


class Gazetteer:
    """Normalized name → entries, with a longest-match scan over a text."""

    def __init__(self, names: Iterable[tuple[str, Entry]] = (), *, builtin: bool = True) -> None:
        self.by_key: dict[str, list[Entry]] = {}
        self._max_len = 1
        for surface, entry in names:
            self.add(surface, entry)
        if builtin:
            for short, full in PROVINCE_SHORT_FORMS.items():
                for entry in self.lookup(full, kind="region") or [Entry("region", None, full)]:
                    self.add(short, entry)
                    self.add(strip_admin_suffix(full), entry)
                    self.add(full, entry)

    def __len__(self) -> int:
        return len(self.by_key)

    def add(self, surface: str, entry: Entry) -> None:
        key = normalize_name(surface or "")
        if not key:
            return
        entries = self.by_key.setdefault(key, [])
        if entry not in entries:
            # a record wins over a built-in form with no record behind it
            if entry.id is not None:
                entries[:] = [e for e in entries if not (e.id is None and e.kind == entry.kind)]
            elif any(e.kind == entry.kind and e.name == entry.name for e in entries):
                return
            entries.append(entry)
        self._max_len = max(self._max_len, len(key))

    def lookup(self, name: str, kind: str | None = None) -> list[Entry]:
        """Entries whose name, alias or other-language name is `name` (exactly, after normalization)."""
        entries = self.by_key.get(normalize_name(name or ""), [])
        return [e for e in entries if kind is None or e.kind == kind]

    def lookup_loose(self, name: str, kind: str | None = None) -> list[Entry]:
        """Like `lookup`, then without an administrative suffix (遵义市 ↔ 遵义, "Dalian City" ↔ "Dalian")."""
        found = self.lookup(name, kind)
        if found:
            return found
        stripped = strip_admin_suffix(name)
        if stripped != name:
            found = self.lookup(stripped, kind)
        if not found:
            for suffix in ("市", "县", "区", "省", " City", " County", " District"):
                found = self.lookup(name + suffix, kind)
                if found:
                    break
        return found

    def canonical(self, name: str, kind: str | None = None) -> str | None:
        entries = self.lookup_loose(name, kind)
        return entries[0].name if entries else None

    def scan(self, text: str, kind: str | None = None) -> list[tuple[int, int, list[Entry]]]:
        """Every longest, non-overlapping occurrence of a known name in `text` as (start, end, entries).
        Offsets are those of `text`; a Latin-script name must stand as whole words."""
        found: list[tuple[int, int, list[Entry]]] = []
        n = len(text)
        i = 0
        while i < n:
            best: tuple[int, list[Entry]] | None = None
            # try longer spans first; normalization may drop spaces, so allow a little slack
            for j in range(min(n, i + self._max_len + 8), i, -1):
                entries = self.lookup(text[i:j], kind)
                if entries:
                    best = (j, entries)
                    break
            if best is not None and _word_bounded(text, i, best[0]):
                found.append((i, best[0], best[1]))
                i = best[0]
            else:
                i += 1
        return found


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    first, last = text[start], text[end - 1]
    if first.isascii() and first.isalnum() and before.isascii() and before.isalnum():
        return False
    return not (last.isascii() and last.isalnum() and after.isascii() and after.isalnum())
