"""The facts of the five seed reports, as plain data, for the demo loader.

Every record a report states carries ``source`` = ``"<seed file>:<start>-<end>"``: the character
offsets ``[start, end)`` (Python ``str`` indices of the file read as UTF-8, no newline translation)
of the sentence that states it; ``also`` holds further spans (the English report 003 tells the same
meeting as the Japanese 000), and ``evidence`` exact substrings of those spans that are not already
one of the record's names or titles. ``tests/demo/test_facts.py`` checks every span against the seeds.

Rules kept here:

- Nothing is invented. A value the reports do not give is ``None`` or absent. Where a report leaves
  a party unnamed (the three economic development zones of Liupanshui) the organization is a
  placeholder (``placeholder: True``) whose name says so and whose ``note`` explains it.
- ``name`` / ``title`` are zh-Hans. For the Japanese and English reports (000, 001, 003) they are
  renderings into Chinese: the official Chinese name where it is known (大连生态科技创新城,
  棒棰岛宾馆), otherwise a careful back-translation, said so in ``note``. ``name_ja`` / ``name_en`` /
  ``title_ja`` / ``title_en`` keep the reports' own surface forms, typos included
  (``"Goog Island state guesthouse"``).
- Report 004 is zh-Hant as transcoded by its web page, with the pinyin of some characters put in
  brackets after them (``會(huì)``). ``name_zh_hant`` holds the clean form (``石運本``); ``evidence``
  holds the exact text.
- ``name_en`` of a person the English report does not name is Hanyu Pinyin (surname first), said so
  in ``note``.
- Regions follow GB/T 2260; codes checked against the Ministry of Civil Affairs lists as collected in
  the public yescallop/areacodes data set (2024 list and its yearly change files). ``valid_from`` /
  ``valid_to`` are ISO dates only where the day is known; the year of a change is in
  ``valid_from_year`` / ``valid_to_year``, the approving document in ``note``.
- Language codes are Django's: ``zh-hans``, ``zh-hant``, ``en``, ``ja``.

Each list holds plain dicts (typed below); cross references use ``key`` strings (regions: their
code). Parents come before their children in ``PAIRINGS`` and ``MEETINGS``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final, NotRequired, TypedDict

SEED_000: Final = "000_24c8201ea03fd8b9.txt"  # ja, "DALIAN CHINA" Japanese news page, 2018-09-13
SEED_001: Final = "001_19c1fe233f7b33f6.txt"  # ja, Dalian news page, 2021-01-22
SEED_002: Final = "002_5719ddbdb174f5b9.txt"  # zh-Hans, forum repost (图行贵州) of a press report, 2019-5-11
SEED_003: Final = "003_a5b5d013e731d761.txt"  # en, the same meeting as 000
SEED_004: Final = "004_639a3bace4e58a0f.txt"  # zh-Hant, 中山日报 via a government page, 2017-10-28

SOURCE_RE: Final = re.compile(r"^(?P<file>\d{3}_[0-9a-f]{16}\.txt):(?P<start>\d+)-(?P<end>\d+)$")
GB_T_2260: Final = "GB/T 2260"


def parse_source(source: str | None) -> tuple[str, int, int] | None:
    """``"000_….txt:12-34"`` → ``("000_….txt", 12, 34)``; ``None`` for a source that is not a seed span."""
    match = SOURCE_RE.match(source or "")
    if match is None:
        return None
    return match["file"], int(match["start"]), int(match["end"])


# Record shapes -------------------------------------------------------------------------------------


class RegionFact(TypedDict):
    code: str
    name: str
    level: str  # province / prefecture / county
    parent: str | None
    name_zh_hant: NotRequired[str | None]
    name_en: NotRequired[str | None]
    name_ja: NotRequired[str | None]
    valid_from: NotRequired[str | None]  # ISO date, only when the day is known
    valid_to: NotRequired[str | None]
    valid_from_year: NotRequired[int | None]
    valid_to_year: NotRequired[int | None]
    successor: NotRequired[str | None]
    note: NotRequired[str]
    source: str


class AliasFact(TypedDict):
    target_kind: str  # region / organization / person
    target: str  # region code or organization / person key
    language: str  # zh-hans / zh-hant / en / ja
    text: str
    kind: str  # short / former / variant
    note: NotRequired[str]


class OrganizationFact(TypedDict):
    key: str
    name: str
    kind: str
    region: str | None
    name_zh_hant: NotRequired[str | None]
    name_en: NotRequired[str | None]
    name_ja: NotRequired[str | None]
    placeholder: NotRequired[bool]
    note: NotRequired[str]
    source: NotRequired[str | None]
    also: NotRequired[tuple[str, ...]]
    evidence: NotRequired[tuple[str, ...]]


class PersonFact(TypedDict):
    key: str
    name: str
    name_en: NotRequired[str | None]
    name_ja: NotRequired[str | None]
    name_zh_hant: NotRequired[str | None]
    note: NotRequired[str]
    source: str
    also: NotRequired[tuple[str, ...]]
    evidence: NotRequired[tuple[str, ...]]


class PairingFact(TypedDict):
    key: str
    helper: str  # region code (digits) or organization key
    helped: str
    level: str
    programme: str
    start_date: str | None
    start_precision: NotRequired[str | None]  # day / month / year
    parent: str | None
    note: NotRequired[str]
    source: str
    also: NotRequired[tuple[str, ...]]
    evidence: NotRequired[tuple[str, ...]]


class MeetingFact(TypedDict):
    key: str
    kind: str
    number: int | None
    title: str
    title_en: NotRequired[str | None]
    title_ja: NotRequired[str | None]
    title_zh_hant: NotRequired[str | None]
    pairing: str | None
    host: str | None
    parent: str | None
    date: str
    end_date: NotRequired[str | None]
    date_note: NotRequired[str]
    place: str | None
    place_ja: NotRequired[str | None]
    place_en: NotRequired[str | None]
    place_region: str | None
    summary: str
    source: str
    also: NotRequired[tuple[str, ...]]
    evidence: NotRequired[tuple[str, ...]]
    published: str | None
    published_source: str | None


class AttendanceFact(TypedDict):
    meeting: str
    person: str
    role: str  # chair / speaker / reporter / attendee
    title: str  # zh-Hans, as the report gives it
    title_en: NotRequired[str | None]
    title_ja: NotRequired[str | None]
    title_zh_hant: NotRequired[str | None]
    organization: NotRequired[str | None]  # the body the title belongs to, where the title names one
    order: int
    source: str
    also: NotRequired[tuple[str, ...]]
    evidence: NotRequired[tuple[str, ...]]


class DecisionFact(TypedDict):
    meeting: str
    order: int
    text: str  # zh-Hans, in our words
    proposed_by: NotRequired[str | None]  # person key, where the report puts it in someone's mouth
    source: str
    also: NotRequired[tuple[str, ...]]
    evidence: tuple[str, ...]


class AgreementFact(TypedDict):
    key: str
    title: str
    title_en: NotRequired[str | None]
    title_ja: NotRequired[str | None]
    kind: str
    sector: str
    pairing: str
    meeting: str | None
    signed_date: str | None
    parties: tuple[tuple[str, str], ...]  # (organization key, helping / helped / party)
    note: NotRequired[str]
    source: str
    also: NotRequired[tuple[str, ...]]
    evidence: NotRequired[tuple[str, ...]]


class FigureFact(TypedDict):
    key: str
    what: str
    value: Decimal
    unit: str
    subject_kind: str  # region / organization / pairing / meeting / agreement
    subject: str
    as_of: str | None
    derived: NotRequired[bool]  # counted by us from what the report lists, not a number it prints
    note: NotRequired[str]
    source: str
    also: NotRequired[tuple[str, ...]]
    evidence: tuple[str, ...]


class PublicationFact(TypedDict):
    seed: str
    language: str
    published: str | None
    source: str | None
    kind: str  # core.SourceDocument.Kind: what users are told the document is (报道, 转帖, 政府网页)
    title: str  # zh-Hans, a rendering of the report's headline for the Japanese and English ones
    publisher: NotRequired[str]
    note: NotRequired[str]
    evidence: NotRequired[tuple[str, ...]]


# Regions -------------------------------------------------------------------------------------------

REGIONS: Final[tuple[RegionFact, ...]] = (
    {
        "code": "210000",
        "name": "辽宁省",
        "level": "province",
        "parent": None,
        "name_zh_hant": "遼寧省",
        "name_en": "Liaoning",
        "name_ja": "遼寧省",
        "source": GB_T_2260,
    },
    {
        "code": "210200",
        "name": "大连市",
        "level": "prefecture",
        "parent": "210000",
        "name_zh_hant": "大連市",
        "name_en": "Dalian",
        "name_ja": "大連市",
        "source": GB_T_2260,
    },
    {
        "code": "310000",
        "name": "上海市",
        "level": "province",
        "parent": None,
        "name_zh_hant": "上海市",
        "name_en": "Shanghai",
        "name_ja": "上海市",
        "note": "直辖市（省级）",
        "source": GB_T_2260,
    },
    {
        "code": "440000",
        "name": "广东省",
        "level": "province",
        "parent": None,
        "name_zh_hant": "廣東省",
        "name_en": "Guangdong",
        "name_ja": "広東省",
        "source": GB_T_2260,
    },
    {
        "code": "442000",
        "name": "中山市",
        "level": "prefecture",
        "parent": "440000",
        "name_zh_hant": "中山市",
        "name_en": "Zhongshan",
        "name_ja": "中山市",
        "note": "不设区的地级市（无县级区划）",
        "source": GB_T_2260,
    },
    {
        "code": "520000",
        "name": "贵州省",
        "level": "province",
        "parent": None,
        "name_zh_hant": "貴州省",
        "name_en": "Guizhou",
        "name_ja": "貴州省",
        "source": GB_T_2260,
    },
    {
        "code": "520100",
        "name": "贵阳市",
        "level": "prefecture",
        "parent": "520000",
        "name_zh_hant": "貴陽市",
        "name_en": "Guiyang",
        "name_ja": "貴陽市",
        "source": GB_T_2260,
    },
    {
        "code": "520115",
        "name": "观山湖区",
        "level": "county",
        "parent": "520100",
        "name_zh_hant": "觀山湖區",
        "name_en": "Guanshanhu District",
        "valid_from_year": 2012,
        "note": "2012年设立（由乌当区、清镇市析置）",
        "source": GB_T_2260,
    },
    {
        "code": "520200",
        "name": "六盘水市",
        "level": "prefecture",
        "parent": "520000",
        "name_zh_hant": "六盤水市",
        "name_en": "Liupanshui",
        "name_ja": "六盤水市",
        "source": GB_T_2260,
    },
    {
        "code": "520201",
        "name": "钟山区",
        "level": "county",
        "parent": "520200",
        "name_en": "Zhongshan District",
        "name_ja": "鐘山区",
        "note": "英文 Zhongshan District 亦指大连市中山区（210202），以上级区划区分；繁体写法未核实，故空缺",
        "source": GB_T_2260,
    },
    {
        "code": "520203",
        "name": "六枝特区",
        "level": "county",
        "parent": "520200",
        "name_zh_hant": "六枝特區",
        "name_en": "Liuzhi Special Zone",
        "name_ja": "六枝特別区",
        "source": GB_T_2260,
    },
    {
        "code": "520221",
        "name": "水城县",
        "level": "county",
        "parent": "520200",
        "name_zh_hant": "水城縣",
        "name_en": "Shuicheng County",
        "name_ja": "水城県",
        "valid_to": None,
        "valid_to_year": 2020,
        "successor": "520204",
        "note": "国函〔2020〕83号撤销水城县，设立水城区（保华、木果等5个乡镇划归钟山区）；撤销日期未核实到日",
        "source": GB_T_2260,
    },
    {
        "code": "520204",
        "name": "水城区",
        "level": "county",
        "parent": "520200",
        "name_zh_hant": "水城區",
        "name_en": "Shuicheng District",
        "valid_from": None,
        "valid_from_year": 2020,
        "note": "国函〔2020〕83号由水城县改设",
        "source": GB_T_2260,
    },
    {
        "code": "520222",
        "name": "盘县",
        "level": "county",
        "parent": "520200",
        "name_zh_hant": "盤縣",
        "name_en": "Pan County",
        "valid_to": None,
        "valid_to_year": 2017,
        "successor": "520281",
        "note": "民函〔2017〕74号撤销盘县，设立县级盘州市",
        "source": GB_T_2260,
    },
    {
        "code": "520281",
        "name": "盘州市",
        "level": "county",
        "parent": "520200",
        "name_zh_hant": "盤州市",
        "name_en": "Panzhou",
        "name_ja": "盤州市",
        "valid_from": None,
        "valid_from_year": 2017,
        "note": "县级市，由贵州省直辖、六盘水市代管（民函〔2017〕74号）",
        "source": GB_T_2260,
    },
    {
        "code": "520300",
        "name": "遵义市",
        "level": "prefecture",
        "parent": "520000",
        "name_zh_hant": "遵義市",
        "name_en": "Zunyi",
        "name_ja": "遵義市",
        "source": GB_T_2260,
    },
    {
        "code": "520303",
        "name": "汇川区",
        "level": "county",
        "parent": "520300",
        "name_zh_hant": "匯川區",
        "name_en": "Huichuan District",
        "source": GB_T_2260,
    },
    {
        "code": "520324",
        "name": "正安县",
        "level": "county",
        "parent": "520300",
        "name_zh_hant": "正安縣",
        "name_en": "Zheng'an County",
        "source": GB_T_2260,
    },
    {
        "code": "540000",
        "name": "西藏自治区",
        "level": "province",
        "parent": None,
        "name_zh_hant": "西藏自治區",
        "name_en": "Tibet Autonomous Region",
        "name_ja": "チベット自治区",
        "source": GB_T_2260,
    },
    {
        "code": "540400",
        "name": "林芝市",
        "level": "prefecture",
        "parent": "540000",
        "name_zh_hant": "林芝市",
        "name_en": "Nyingchi",
        "valid_from_year": 2015,
        "note": "国函〔2015〕51号撤销林芝地区（542600），设立地级林芝市",
        "source": GB_T_2260,
    },
    {
        "code": "540421",
        "name": "工布江达县",
        "level": "county",
        "parent": "540400",
        "name_zh_hant": "工布江達縣",
        "name_en": "Gongbujiangda County",
        "valid_from_year": 2015,
        "note": "2015年随林芝撤地设市由542622改为540421",
        "source": GB_T_2260,
    },
)

# Aliases -------------------------------------------------------------------------------------------

ALIASES: Final[tuple[AliasFact, ...]] = (
    {"target_kind": "region", "target": "210000", "language": "zh-hans", "text": "辽", "kind": "short"},
    {"target_kind": "region", "target": "210000", "language": "zh-hans", "text": "辽宁", "kind": "short"},
    {"target_kind": "region", "target": "210200", "language": "zh-hans", "text": "连", "kind": "short"},
    {"target_kind": "region", "target": "210200", "language": "zh-hans", "text": "大连", "kind": "short"},
    {"target_kind": "region", "target": "210200", "language": "ja", "text": "大連", "kind": "short"},
    {"target_kind": "region", "target": "210200", "language": "en", "text": "Dalian City", "kind": "variant"},
    {"target_kind": "region", "target": "310000", "language": "zh-hans", "text": "沪", "kind": "short"},
    {"target_kind": "region", "target": "310000", "language": "zh-hans", "text": "上海", "kind": "short"},
    {"target_kind": "region", "target": "440000", "language": "zh-hans", "text": "粤", "kind": "short"},
    {"target_kind": "region", "target": "440000", "language": "zh-hant", "text": "粵", "kind": "short"},
    {
        "target_kind": "region",
        "target": "442000",
        "language": "zh-hans",
        "text": "中山",
        "kind": "short",
        "note": "大连市亦有中山区（210202）",
    },
    {
        "target_kind": "region",
        "target": "442000",
        "language": "en",
        "text": "Zhongshan City",
        "kind": "variant",
    },
    {"target_kind": "region", "target": "520000", "language": "zh-hans", "text": "黔", "kind": "short"},
    {"target_kind": "region", "target": "520000", "language": "zh-hans", "text": "贵州", "kind": "short"},
    {"target_kind": "region", "target": "520000", "language": "ja", "text": "貴州", "kind": "short"},
    {"target_kind": "region", "target": "520100", "language": "zh-hans", "text": "筑", "kind": "short"},
    {"target_kind": "region", "target": "520100", "language": "zh-hans", "text": "贵阳", "kind": "short"},
    {"target_kind": "region", "target": "520200", "language": "zh-hans", "text": "六盘水", "kind": "short"},
    {
        "target_kind": "region",
        "target": "520200",
        "language": "zh-hans",
        "text": "凉都",
        "kind": "short",
        "note": "别称“中国凉都”",
    },
    {"target_kind": "region", "target": "520200", "language": "zh-hant", "text": "六盤水", "kind": "short"},
    {"target_kind": "region", "target": "520200", "language": "ja", "text": "六盤水", "kind": "short"},
    {
        "target_kind": "region",
        "target": "520200",
        "language": "en",
        "text": "Liupanshui City",
        "kind": "variant",
    },
    {"target_kind": "region", "target": "520203", "language": "zh-hans", "text": "六枝", "kind": "short"},
    {"target_kind": "region", "target": "520281", "language": "zh-hans", "text": "盘县", "kind": "former"},
    {
        "target_kind": "region",
        "target": "520281",
        "language": "en",
        "text": "Panzhou City",
        "kind": "variant",
    },
    {"target_kind": "region", "target": "520300", "language": "zh-hans", "text": "遵", "kind": "short"},
    {"target_kind": "region", "target": "520300", "language": "zh-hans", "text": "遵义", "kind": "short"},
    {"target_kind": "region", "target": "520324", "language": "zh-hans", "text": "正安", "kind": "short"},
    {"target_kind": "region", "target": "540000", "language": "zh-hans", "text": "藏", "kind": "short"},
    {"target_kind": "region", "target": "540000", "language": "zh-hans", "text": "西藏", "kind": "short"},
    {"target_kind": "region", "target": "540000", "language": "en", "text": "Xizang", "kind": "variant"},
    {"target_kind": "region", "target": "540400", "language": "zh-hans", "text": "林芝", "kind": "short"},
    {
        "target_kind": "region",
        "target": "540400",
        "language": "zh-hans",
        "text": "林芝地区",
        "kind": "former",
    },
    {"target_kind": "region", "target": "540421", "language": "zh-hans", "text": "工布江达", "kind": "short"},
    {"target_kind": "region", "target": "540421", "language": "zh-hant", "text": "工布江達", "kind": "short"},
    {
        "target_kind": "region",
        "target": "540421",
        "language": "en",
        "text": "Gongbo'gyamda County",
        "kind": "variant",
    },
    {
        "target_kind": "organization",
        "target": "cpaad",
        "language": "zh-hans",
        "text": "国务院扶贫办",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "cpaad",
        "language": "ja",
        "text": "国務院貧困扶助事務室",
        "kind": "variant",
    },
    {
        "target_kind": "organization",
        "target": "cpaad",
        "language": "en",
        "text": "Poverty Alleviation Office of the State Council",
        "kind": "variant",
    },
    {
        "target_kind": "organization",
        "target": "cpc_dalian",
        "language": "zh-hans",
        "text": "中共大连市委",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "cpc_dalian",
        "language": "zh-hans",
        "text": "大连市委",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "cpc_dalian",
        "language": "en",
        "text": "Dalian Municipal Party Committee",
        "kind": "variant",
    },
    {
        "target_kind": "organization",
        "target": "cpc_liaoning",
        "language": "zh-hans",
        "text": "辽宁省委",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "cpc_liupanshui",
        "language": "zh-hans",
        "text": "六盘水市委",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "cpc_liupanshui",
        "language": "en",
        "text": "Liupanshui Municipal Party Committee",
        "kind": "variant",
    },
    {
        "target_kind": "organization",
        "target": "liupanshui_gov",
        "language": "zh-hans",
        "text": "六盘水市政府",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "cpc_shanghai",
        "language": "zh-hans",
        "text": "上海市委",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "cpc_guizhou",
        "language": "zh-hans",
        "text": "贵州省委",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "cpc_zhongshan",
        "language": "zh-hans",
        "text": "中山市委",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "dce",
        "language": "zh-hans",
        "text": "大商所",
        "kind": "short",
    },
    {
        "target_kind": "organization",
        "target": "liuzhi_gov",
        "language": "zh-hans",
        "text": "六枝特区",
        "kind": "short",
        "note": "报道以区名指称签约方",
    },
    {
        "target_kind": "organization",
        "target": "panzhou_gov",
        "language": "zh-hans",
        "text": "盘州市",
        "kind": "short",
        "note": "报道以市名指称签约方",
    },
    {
        "target_kind": "organization",
        "target": "zhongshan_district_gov",
        "language": "zh-hans",
        "text": "钟山区",
        "kind": "short",
        "note": "报道以区名指称签约方",
    },
    {
        "target_kind": "organization",
        "target": "lps_preschool_college",
        "language": "ja",
        "text": "六盤水幼児師範などの高等専門学校",
        "kind": "variant",
        "note": "日文报道的原样写法（“など”疑为误译）",
    },
    {
        "target_kind": "organization",
        "target": "jinlifang",
        "language": "ja",
        "text": "大連科学技術プラザ金立方グループ",
        "kind": "variant",
    },
)

# Organizations -------------------------------------------------------------------------------------

_PARK_PLACEHOLDER_NOTE: Final = (
    "报道只说大连三园区“分别与六盘水市的三个经济开发区”签订园区共建协议，未写出这三个开发区的名称；"
    "此为占位记录，不是真实名称。The report does not name the three Liupanshui economic development "
    "zones."
)

ORGANIZATIONS: Final[tuple[OrganizationFact, ...]] = (
    # Party committees and governments (titles and signatories).
    {
        "key": "cpaad",
        "name": "国务院扶贫开发领导小组办公室",
        "kind": "government",
        "region": None,
        "name_en": "Poverty Alleviation Office of the State Council",
        "name_ja": "国務院貧困扶助事務室",
        "note": "简称国务院扶贫办（2021年改组为国家乡村振兴局）；曲天军时任其社会扶贫司司长",
        "source": "000_24c8201ea03fd8b9.txt:162-240",
        "also": ("003_a5b5d013e731d761.txt:255-628",),
    },
    {
        "key": "cpc_liaoning",
        "name": "中共辽宁省委员会",
        "kind": "party",
        "region": "210000",
        "name_en": "CPC Liaoning Provincial Committee",
    },
    {
        "key": "cpc_dalian",
        "name": "中共大连市委员会",
        "kind": "party",
        "region": "210200",
        "name_zh_hant": "中共大連市委員會",
        "name_en": "CPC Dalian Municipal Committee",
        "name_ja": "大連市委員会",
        "source": "000_24c8201ea03fd8b9.txt:1973-1998",
        "also": ("001_19c1fe233f7b33f6.txt:41-116",),
        "evidence": ("市委員会",),
    },
    {
        "key": "dalian_gov",
        "name": "大连市人民政府",
        "kind": "government",
        "region": "210200",
        "name_en": "Dalian Municipal Government",
        "note": "报道称“两市签订”，未写签署机关，以市政府记为大连一方",
    },
    {
        "key": "cpc_liupanshui",
        "name": "中共六盘水市委员会",
        "kind": "party",
        "region": "520200",
        "name_en": "Liupanshui Municipal Committee",
        "name_ja": "六盤水市委員会",
        "source": "000_24c8201ea03fd8b9.txt:162-240",
        "also": ("003_a5b5d013e731d761.txt:255-628",),
    },
    {
        "key": "liupanshui_gov",
        "name": "六盘水市人民政府",
        "kind": "government",
        "region": "520200",
        "name_zh_hant": "六盤水市人民政府",
        "name_en": "Liupanshui Municipal Government",
        "name_ja": "六盤水市政府",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "liuzhi_gov",
        "name": "六枝特区人民政府",
        "kind": "government",
        "region": "520203",
        "name_en": "Liuzhi Special Zone",
        "name_ja": "六枝特別区",
        "note": "报道以“六枝特区”为签约方，未写全称，记为特区政府",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "panzhou_gov",
        "name": "盘州市人民政府",
        "kind": "government",
        "region": "520281",
        "name_en": "Panzhou City",
        "name_ja": "盤州市",
        "note": "报道以“盘州市”为签约方，未写全称，记为市政府",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "zhongshan_district_gov",
        "name": "钟山区人民政府",
        "kind": "government",
        "region": "520201",
        "name_en": "Zhongshan District",
        "name_ja": "鐘山区",
        "note": "报道以“钟山区”为签约方，未写全称，记为区政府",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "cpc_shanghai",
        "name": "中共上海市委员会",
        "kind": "party",
        "region": "310000",
        "name_en": "CPC Shanghai Municipal Committee",
        "source": "002_5719ddbdb174f5b9.txt:805-882",
        "evidence": ("上海市委",),
    },
    {
        "key": "shanghai_gov",
        "name": "上海市人民政府",
        "kind": "government",
        "region": "310000",
        "name_en": "Shanghai Municipal Government",
        "note": "报道称“沪遵两市签订”，未写签署机关，以市政府记为上海一方",
        "source": "002_5719ddbdb174f5b9.txt:805-882",
        "evidence": ("上海市委、市政府",),
    },
    {
        "key": "cpc_guizhou",
        "name": "中共贵州省委员会",
        "kind": "party",
        "region": "520000",
        "name_en": "CPC Guizhou Provincial Committee",
        "source": "002_5719ddbdb174f5b9.txt:1751-1828",
        "evidence": ("贵州省委",),
    },
    {
        "key": "guizhou_gov",
        "name": "贵州省人民政府",
        "kind": "government",
        "region": "520000",
        "name_en": "Guizhou Provincial Government",
        "source": "002_5719ddbdb174f5b9.txt:1751-1828",
        "evidence": ("省政府",),
    },
    {
        "key": "zunyi_gov",
        "name": "遵义市人民政府",
        "kind": "government",
        "region": "520300",
        "name_en": "Zunyi Municipal Government",
        "note": "报道称“沪遵两市签订”，未写签署机关，以市政府记为遵义一方",
        "source": "002_5719ddbdb174f5b9.txt:2385-2422",
        "evidence": ("沪遵两市",),
    },
    {
        "key": "cpc_zhongshan",
        "name": "中共中山市委员会",
        "kind": "party",
        "region": "442000",
        "name_zh_hant": "中共中山市委員會",
        "name_en": "CPC Zhongshan Municipal Committee",
        "source": "004_639a3bace4e58a0f.txt:1579-1668",
        "evidence": ("中山市委",),
    },
    {
        "key": "zhongshan_gov",
        "name": "中山市人民政府",
        "kind": "government",
        "region": "442000",
        "name_zh_hant": "中山市人民政府",
        "name_en": "Zhongshan Municipal Government",
        "source": "004_639a3bace4e58a0f.txt:1579-1668",
        "evidence": ("中山市委、市政府",),
    },
    {
        "key": "zhongshan_tibet_team",
        "name": "中山援藏工作组",
        "kind": "other",
        "region": "442000",
        "name_zh_hant": "中山援藏工作組",
        "note": "中山市派驻工布江达县的援藏工作组",
        "source": "004_639a3bace4e58a0f.txt:1379-1503",
    },
    {
        "key": "gbjd_gov",
        "name": "工布江达县人民政府",
        "kind": "government",
        "region": "540421",
        "name_zh_hant": "工布江達縣人民政府",
        "name_en": "Gongbujiangda County Government",
        "note": "石运本时任县长",
    },
    # Dalian's three zones and the three Liupanshui zones the report leaves unnamed.
    {
        "key": "dalian_eco_city",
        "name": "大连生态科技创新城",
        "kind": "zone",
        "region": "210200",
        "name_zh_hant": "大連生態科技創新城",
        "name_en": "Dalian Ecological Science and Technology Innovation City",
        "name_ja": "大連生態科学技術イノベーションプラザ",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
    },
    {
        "key": "huayuankou",
        "name": "花园口经济区",
        "kind": "zone",
        "region": "210200",
        "name_zh_hant": "花園口經濟區",
        "name_en": "Huayuankou Economic Zone",
        "name_ja": "花園口経済区",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
    },
    {
        "key": "changxingdao",
        "name": "长兴岛经济区",
        "kind": "zone",
        "region": "210200",
        "name_zh_hant": "長興島經濟區",
        "name_en": "Changxing Island Economic Zone",
        "name_ja": "長興島経済区",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
    },
    {
        "key": "lps_zone_1",
        "name": "六盘水市经济开发区（报道未具名之一）",
        "kind": "zone",
        "region": "520200",
        "placeholder": True,
        "note": _PARK_PLACEHOLDER_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": ("六盤水市の三つの経済開発区", "three economic development zones"),
    },
    {
        "key": "lps_zone_2",
        "name": "六盘水市经济开发区（报道未具名之二）",
        "kind": "zone",
        "region": "520200",
        "placeholder": True,
        "note": _PARK_PLACEHOLDER_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": ("六盤水市の三つの経済開発区", "three economic development zones"),
    },
    {
        "key": "lps_zone_3",
        "name": "六盘水市经济开发区（报道未具名之三）",
        "kind": "zone",
        "region": "520200",
        "placeholder": True,
        "note": _PARK_PLACEHOLDER_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": ("六盤水市の三つの経済開発区", "three economic development zones"),
    },
    # The other parties of the 2018-09-12 signing ceremony, in the order of the reports.
    {
        "key": "dce",
        "name": "大连商品交易所",
        "kind": "exchange",
        "region": "210200",
        "name_zh_hant": "大連商品交易所",
        "name_en": "Dalian Commodity Exchange",
        "name_ja": "大連商品取引所",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "huanjia",
        "name": "大连环嘉集团",
        "kind": "enterprise",
        "region": "210200",
        "name_zh_hant": "大連環嘉集團",
        "name_en": "Dalian Huanjia Group",
        "name_ja": "大連環嘉グループ",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "hanwei",
        "name": "大连韩伟集团",
        "kind": "enterprise",
        "region": "210200",
        "name_zh_hant": "大連韓偉集團",
        "name_en": "Dalian Hanwei Group",
        "name_ja": "大連韓偉グループ",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "jiuli",
        "name": "大连九里投资有限公司",
        "kind": "enterprise",
        "region": "210200",
        "name_en": "Dalian Jiuli Investment Co., Ltd.",
        "name_ja": "大連九里投資有限公司",
        "note": "中文名按日文报道回译，未核实",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "jinlifang",
        "name": "金立方集团",
        "kind": "enterprise",
        "region": "210200",
        "name_en": "Jin Lifang Group",
        "name_ja": "大連科学技術プラザ金立方グループ",
        "note": (
            "日文报道写作“大連科学技術プラザ金立方グループ”，英文报道只写 Jin Lifang Group；"
            "完整中文名未核实，此处只取两报道共有的“金立方集团”"
        ),
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "zhongshan_edz",
        "name": "钟山经济开发区",
        "kind": "zone",
        "region": "520201",
        "name_en": "Zhongshan Economic Development Zone",
        "name_ja": "鐘山経済開発区",
        "note": "报道未说明它是否为园区共建协议所指“三个经济开发区”之一",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "guoyi",
        "name": "大连国亿生鲜连锁超市",
        "kind": "enterprise",
        "region": "210200",
        "name_en": "Dalian Guoyi Fresh Food Chain Supermarket",
        "name_ja": "大連国億生鮮スーパーチェーン店",
        "note": "中文名按日文报道回译，未核实",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "lps_supply_coop",
        "name": "六盘水市供销合作社",
        "kind": "cooperative",
        "region": "520200",
        "name_en": "Liupanshui Supply and Marketing Co., Ltd.",
        "name_ja": "六盤水市購買販売協同組合",
        "note": (
            "两报道不一致：日文为“購買販売協同組合”（供销合作社），英文为 Supply and Marketing Co., "
            "Ltd.（公司）；中文取“供销合作社”，签约主体是合作社还是其下属公司未核实"
        ),
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "qimingxing",
        "name": "大连启明星餐饮管理有限公司",
        "kind": "enterprise",
        "region": "210200",
        "name_en": "Dalian Qixing Restaurant Management Co., Ltd.",
        "name_ja": "大連啓明星飲食管理有限公司",
        "note": "两报道不一致：日文为“啓明星”，英文为 Qixing；中文按日文回译为“启明星”，未核实",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "hongxing",
        "name": "水城县宏兴绿色农业投资有限公司",
        "kind": "enterprise",
        "region": "520221",
        "name_en": "Shuicheng County Hongxing Green Agriculture Investment Co., Ltd.",
        "name_ja": "水城県広興緑色農業投資有限公司",
        "note": (
            "两报道不一致：日文为“広興”，英文为 Hongxing；取“宏兴”——与英文拼音相符，"
            "且公开报道有“水城区宏兴绿色农业投资有限公司”（水城区国有独资企业、红心猕猴桃基地）"
        ),
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "dmu",
        "name": "大连医科大学",
        "kind": "university",
        "region": "210200",
        "name_zh_hant": "大連醫科大學",
        "name_en": "Dalian Medical University",
        "name_ja": "大連医科大学",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "lps_vtc",
        "name": "六盘水职业技术学院",
        "kind": "university",
        "region": "520200",
        "name_zh_hant": "六盤水職業技術學院",
        "name_en": "Liupanshui Vocational and Technical College",
        "name_ja": "六盤水職業技術学院",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "lnnu",
        "name": "辽宁师范大学",
        "kind": "university",
        "region": "210200",
        "name_zh_hant": "遼寧師範大學",
        "name_en": "Liaoning Normal University",
        "name_ja": "遼寧師範大学",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "lps_preschool_college",
        "name": "六盘水幼儿师范高等专科学校",
        "kind": "university",
        "region": "520200",
        "name_en": "Liupanshui Preschool Teachers College",
        "name_ja": "六盤水幼児師範高等専門学校",
        "note": "日文报道原文为“六盤水幼児師範などの高等専門学校”（见别名），name_ja 取其去掉“など”后的写法",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
        "evidence": ("六盤水幼児師範",),
    },
    # Places the Shanghai delegation visited on 2019-05-08/09, as the report names them.
    {
        "key": "lingang_zunyi_tech_city",
        "name": "临港遵义科技城",
        "kind": "zone",
        "region": "520300",
        "note": "报道未写所在区县",
        "source": "002_5719ddbdb174f5b9.txt:419-453",
    },
    {
        "key": "zhengan_shanghai_art_kindergarten",
        "name": "正安县上海艺术实验幼儿园",
        "kind": "school",
        "region": "520324",
        "note": "上海援建的易地扶贫搬迁配套项目",
        "source": "002_5719ddbdb174f5b9.txt:502-560",
    },
    {
        "key": "shenqu_instruments",
        "name": "神曲乐器制造公司",
        "kind": "enterprise",
        "region": "520324",
        "note": "位于正安吉他产业园；全称未见于报道",
        "source": "002_5719ddbdb174f5b9.txt:560-606",
    },
    {
        "key": "zhengan_secondary_vocational",
        "name": "正安县中等职业技术学校",
        "kind": "school",
        "region": "520324",
        "source": "002_5719ddbdb174f5b9.txt:606-658",
    },
)

# People --------------------------------------------------------------------------------------------

_PINYIN: Final = "name_en 为汉语拼音，非报道原文"

PEOPLE: Final[tuple[PersonFact, ...]] = (
    {
        "key": "tan_zuojun",
        "name": "谭作钧",
        "name_en": "Tan Zuojun",
        "name_ja": "譚作鈞",
        "source": "000_24c8201ea03fd8b9.txt:162-240",
        "also": ("003_a5b5d013e731d761.txt:255-628", "001_19c1fe233f7b33f6.txt:186-213"),
    },
    {
        "key": "qu_tianjun",
        "name": "曲天军",
        "name_en": "Qu Tianjun",
        "name_ja": "曲天軍",
        "source": "000_24c8201ea03fd8b9.txt:162-240",
        "also": ("003_a5b5d013e731d761.txt:255-628",),
    },
    {
        "key": "wang_zhong",
        "name": "王忠",
        "name_en": "Wang Zhong",
        "name_ja": "王忠",
        "source": "000_24c8201ea03fd8b9.txt:162-240",
        "also": ("003_a5b5d013e731d761.txt:255-628",),
    },
    {
        "key": "tan_chengxu",
        "name": "谭成旭",
        "name_en": "Tan Chengxu",
        "name_ja": "譚成旭",
        "source": "000_24c8201ea03fd8b9.txt:240-266",
        "also": ("003_a5b5d013e731d761.txt:629-725",),
    },
    {
        "key": "xiong_boli",
        "name": "熊博力",
        "name_en": "Xiong Boli",
        "name_ja": "熊博力",
        "source": "000_24c8201ea03fd8b9.txt:1973-1998",
        "also": ("003_a5b5d013e731d761.txt:6316-6435",),
    },
    {
        "key": "jin_guowei",
        "name": "靳国卫",
        "name_en": "Jin Guowei",
        "name_ja": "靳国衛",
        "source": "000_24c8201ea03fd8b9.txt:1998-2050",
        "also": ("003_a5b5d013e731d761.txt:6436-6621",),
    },
    {
        "key": "wang_chenggang",
        "name": "王成刚",
        "name_en": "Wang Chenggang",
        "name_ja": "王成剛",
        "source": "000_24c8201ea03fd8b9.txt:1998-2050",
        "also": ("003_a5b5d013e731d761.txt:6436-6621",),
    },
    {
        "key": "wei_xiongjun",
        "name": "魏雄军",
        "name_en": "Wei Xiongjun",
        "name_ja": "魏雄軍",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "key": "zhang_zhixiang",
        "name": "张志祥",
        "name_en": "Zhang Zhixiang",
        "name_ja": "張志祥",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "key": "zheng_jianguo",
        "name": "郑建国",
        "name_en": "Zheng Jianguo",
        "name_ja": "鄭建国",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "key": "hou_meichuan",
        "name": "侯美传",
        "name_en": "Hou Meichuan",
        "name_ja": "侯美伝",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "key": "che_min",
        "name": "车民",
        "name_en": "Che Min",
        "name_ja": "車民",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "key": "li_qiang",
        "name": "李强",
        "name_en": "Li Qiang",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:225-287",
    },
    {
        "key": "sun_zhigang",
        "name": "孙志刚",
        "name_en": "Sun Zhigang",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:287-320",
    },
    {
        "key": "chen_yiqin",
        "name": "谌贻琴",
        "name_en": "Chen Yiqin",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:287-320",
        "also": ("002_5719ddbdb174f5b9.txt:2425-2451",),
    },
    {
        "key": "zhuge_yujie",
        "name": "诸葛宇杰",
        "name_en": "Zhuge Yujie",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "key": "mo_fuchun",
        "name": "莫负春",
        "name_en": "Mo Fuchun",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "key": "peng_chenlei",
        "name": "彭沉雷",
        "name_en": "Peng Chenlei",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "key": "wang_zhixiong",
        "name": "王志雄",
        "name_en": "Wang Zhixiong",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "key": "shi_guanghui",
        "name": "时光辉",
        "name_en": "Shi Guanghui",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "key": "yuan_zhou",
        "name": "袁周",
        "name_en": "Yuan Zhou",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "key": "wu_qiang",
        "name": "吴强",
        "name_en": "Wu Qiang",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "key": "li_hanyu",
        "name": "李汉宇",
        "name_en": "Li Hanyu",
        "note": _PINYIN,
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "key": "chen_xudong",
        "name": "陈旭东",
        "name_zh_hant": "陳旭東",
        "name_en": "Chen Xudong",
        "note": _PINYIN,
        "source": "004_639a3bace4e58a0f.txt:342-425",
    },
    {
        "key": "shi_yunben",
        "name": "石运本",
        "name_zh_hant": "石運本",
        "name_en": "Shi Yunben",
        "note": _PINYIN,
        "source": "004_639a3bace4e58a0f.txt:1506-1579",
        "evidence": ("石運(yùn)本",),
    },
    {
        "key": "yang_wenlong",
        "name": "杨文龙",
        "name_zh_hant": "楊文龍",
        "name_en": "Yang Wenlong",
        "note": _PINYIN,
        "source": "004_639a3bace4e58a0f.txt:342-425",
    },
    {
        "key": "li_changchun_zs",
        "name": "李长春",
        "name_zh_hant": "李長春",
        "name_en": "Li Changchun",
        "note": "中山市领导；与曾任中央政治局常委的李长春同名，不是同一人。" + _PINYIN,
        "source": "004_639a3bace4e58a0f.txt:342-425",
        "evidence": ("李長(zhǎng)春",),
    },
)

# Pairings ------------------------------------------------------------------------------------------

_PARK_PAIRING_NOTE: Final = (
    "大连三园区“分别”与六盘水市三个未具名的经济开发区签订园区共建协议；哪一个与哪一个配对报道未写，"
    "占位记录按顺序对应。"
)

PAIRINGS: Final[tuple[PairingFact, ...]] = (
    {
        "key": "dalian_liupanshui",
        "helper": "210200",
        "helped": "520200",
        "level": "city",
        "programme": "east_west",
        "start_date": None,
        "start_precision": None,
        "parent": None,
        "note": (
            "2018年9月12日王忠感谢大连“22年来”的帮扶，按此推算约始于1996年；这只是推算（“22年”可能是约数，"
            "起算点未说明），故不填开始日期。"
        ),
        "source": "000_24c8201ea03fd8b9.txt:1484-1568",
        "also": ("003_a5b5d013e731d761.txt:4568-4891",),
        "evidence": ("22年間", "22 years"),
    },
    {
        "key": "shanghai_zunyi",
        "helper": "310000",
        "helped": "520300",
        "level": "city",
        "programme": "east_west",
        "start_date": None,
        "start_precision": None,
        "parent": None,
        "note": "报道只说“上海对口帮扶遵义以来”，未给出起始时间；2019年5月8日举行第九次联席会议。",
        "source": "002_5719ddbdb174f5b9.txt:1828-1938",
        "evidence": ("上海对口帮扶遵义",),
    },
    {
        "key": "zhongshan_gongbujiangda",
        "helper": "442000",
        "helped": "540421",
        "level": "county",
        "programme": "tibet_aid",
        "start_date": "2016-07-01",
        "start_precision": "month",
        "parent": None,
        "note": (
            "陈旭东2017年10月27日说“从去年7月开始，中山市作为组长单位牵头对口支援林芝市工布江达县”"
            "（报道发布于2017-10-28），故为2016年7月；日未知。"
        ),
        "source": "004_639a3bace4e58a0f.txt:428-482",
        "evidence": ("從去年7月開始",),
    },
    {
        "key": "park_eco_city",
        "helper": "dalian_eco_city",
        "helped": "lps_zone_1",
        "level": "park",
        "programme": "east_west",
        "start_date": None,
        "start_precision": None,
        "parent": "dalian_liupanshui",
        "note": _PARK_PAIRING_NOTE + "园区共建协议签于2018-09-12。",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": (
            "大連生態科学技術イノベーションプラザ",
            "Dalian Ecological Science and Technology Innovation City",
        ),
    },
    {
        "key": "park_huayuankou",
        "helper": "huayuankou",
        "helped": "lps_zone_2",
        "level": "park",
        "programme": "east_west",
        "start_date": None,
        "start_precision": None,
        "parent": "dalian_liupanshui",
        "note": _PARK_PAIRING_NOTE + "园区共建协议签于2018-09-12。",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": ("花園口経済区", "Huayuankou Economic Zone"),
    },
    {
        "key": "park_changxingdao",
        "helper": "changxingdao",
        "helped": "lps_zone_3",
        "level": "park",
        "programme": "east_west",
        "start_date": None,
        "start_precision": None,
        "parent": "dalian_liupanshui",
        "note": _PARK_PAIRING_NOTE + "园区共建协议签于2018-09-12。",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": ("長興島経済区", "Changxing Island Economic Zone"),
    },
)

# Meetings ------------------------------------------------------------------------------------------

MEETINGS: Final[tuple[MeetingFact, ...]] = (
    {
        "key": "dl_lps_2018_promotion",
        "kind": "promotion_meeting",
        "number": None,
        "title": "大连市·六盘水市精准扶贫协作工作推进会",
        "title_en": "Promotion Meeting of Dalian·Liupanshui Precision Poverty Alleviation Cooperation",
        "title_ja": "大連市・六盤水市精確貧困扶助作業推進会",
        "pairing": "dalian_liupanshui",
        "host": None,
        "parent": None,
        "date": "2018-09-12",
        "end_date": None,
        "date_note": "报道（2018-09-13）写“9月12日”",
        "place": "棒棰岛宾馆",
        "place_ja": "棒槌島ホテル",
        "place_en": "Goog Island state guesthouse",
        "place_region": "210200",
        "summary": (
            "两市在大连召开精准扶贫协作工作推进会，通报东西部扶贫协作进展，签订三年行动计划（2018年度责任清"
            "单）协议。"
        ),
        "source": "000_24c8201ea03fd8b9.txt:123-162",
        "also": ("003_a5b5d013e731d761.txt:105-254", "003_a5b5d013e731d761.txt:0-103"),
        "evidence": ("Goog Island state guesthouse",),
        "published": "2018-09-13",
        "published_source": "000_24c8201ea03fd8b9.txt:107-117",
    },
    {
        "key": "dl_lps_2018_signing",
        "kind": "signing_ceremony",
        "number": None,
        "title": "大连市·六盘水市精准扶贫协作工作推进会签约仪式",
        "title_ja": "調印式",
        "pairing": "dalian_liupanshui",
        "host": None,
        "parent": "dl_lps_2018_promotion",
        "date": "2018-09-12",
        "end_date": None,
        "date_note": "推进会上举行",
        "place": "棒棰岛宾馆",
        "place_ja": "棒槌島ホテル",
        "place_en": "Goog Island state guesthouse",
        "place_region": "210200",
        "summary": (
            "推进会上的签约仪式：大连三园区与六盘水三个经济开发区签订园区共建协议，另有企业、交易所、"
            "高校与六盘水方面签订的合作协议。"
        ),
        "source": "000_24c8201ea03fd8b9.txt:2109-2121",
        "also": ("003_a5b5d013e731d761.txt:6792-6830",),
        "evidence": ("signing ceremonies",),
        "published": "2018-09-13",
        "published_source": "000_24c8201ea03fd8b9.txt:107-117",
    },
    {
        "key": "hu_zun_2019_joint_9",
        "kind": "joint_meeting",
        "number": 9,
        "title": "沪遵扶贫协作第九次联席会议",
        "pairing": "shanghai_zunyi",
        "host": None,
        "parent": None,
        "date": "2019-05-08",
        "end_date": None,
        "date_note": "图片说明写“5月8日……在遵义召开”",
        "place": "遵义",
        "place_region": "520300",
        "summary": (
            "李强率上海市代表团来黔，在遵义举行沪遵扶贫协作第九次联席会议；李强、孙志刚讲话，谌贻琴主持，"
            "两市签订教育扶贫、健康扶贫、劳务协作、残疾扶贫群众帮扶等协议。"
        ),
        "source": "002_5719ddbdb174f5b9.txt:225-287",
        "also": ("002_5719ddbdb174f5b9.txt:762-796", "002_5719ddbdb174f5b9.txt:109-127"),
        "published": "2019-05-11",
        "published_source": "002_5719ddbdb174f5b9.txt:68-82",
    },
    {
        "key": "hu_zun_2019_visit",
        "kind": "visit",
        "number": None,
        "title": "上海市代表团赴贵州考察扶贫协作",
        "pairing": "shanghai_zunyi",
        "host": None,
        "parent": "hu_zun_2019_joint_9",
        "date": "2019-05-08",
        "end_date": "2019-05-09",
        "date_note": "报道写“5月8日至9日”",
        "place": "贵阳市观山湖区、遵义市汇川区、正安县",
        "place_region": "520000",
        "summary": (
            "上海市代表团考察贵阳市观山湖区、遵义市汇川区、正安县：贵阳城乡规划展览馆、临港遵义科技城、"
            "正安县谢坝村、正安县上海艺术实验幼儿园、正安吉他产业园神曲乐器制造公司、"
            "正安县中等职业技术学校，并到遵义市红军山烈士陵园和遵义会议会址。"
        ),
        "source": "002_5719ddbdb174f5b9.txt:225-287",
        "also": ("002_5719ddbdb174f5b9.txt:323-385",),
        "evidence": ("上海市代表团到我省考察扶贫协作", "贵阳市观山湖区、遵义市汇川区和正安县"),
        "published": "2019-05-11",
        "published_source": "002_5719ddbdb174f5b9.txt:68-82",
    },
    {
        "key": "zs_gbjd_2017_joint",
        "kind": "joint_meeting",
        "number": None,
        "title": "中山市与工布江达县两地联席会议",
        "title_zh_hant": "中山市與工布江達縣兩地聯席會議",
        "pairing": "zhongshan_gongbujiangda",
        "host": None,
        "parent": None,
        "date": "2017-10-27",
        "end_date": None,
        "date_note": "报道写“27日上午”，发布于2017-10-28，故为2017-10-27",
        "place": "中山市",
        "place_region": "442000",
        "summary": (
            "工布江达县代表团到中山，两地联席会议在中山召开；陈旭东会见代表团，双方就沟通对接、产业合作、"
            "人才交流、教育卫生、招商引资等深入磋商。"
        ),
        "source": "004_639a3bace4e58a0f.txt:267-342",
        "also": ("004_639a3bace4e58a0f.txt:2179-2305",),
        "evidence": ("兩地聯(lián)席會(huì)議",),
        "published": "2017-10-28",
        "published_source": "004_639a3bace4e58a0f.txt:134-179",
    },
    {
        "key": "dl_2021_standing_committee",
        "kind": "standing_committee",
        "number": None,
        "title": "大连市委常委会扩大会议",
        "title_ja": "市委員会常務委員会拡大会議",
        "pairing": None,
        "host": "cpc_dalian",
        "parent": None,
        "date": "2021-01-21",
        "end_date": None,
        "date_note": "报道（2021-01-22）写“1月21日”",
        "place": None,
        "place_region": None,
        "summary": (
            "听取各区市县、开放先导区党（工）委工作汇报，学习全国审计工作会议精神，"
            "审议《大连市生态环境保护责任清单》和《关于加快大连市数字乡村发展的意见》。"
        ),
        "source": "001_19c1fe233f7b33f6.txt:41-116",
        "also": ("001_19c1fe233f7b33f6.txt:0-22",),
        "evidence": ("拡大会議",),
        "published": "2021-01-22",
        "published_source": "001_19c1fe233f7b33f6.txt:23-39",
    },
)

# Attendances ---------------------------------------------------------------------------------------

_M18: Final = "dl_lps_2018_promotion"
_M19: Final = "hu_zun_2019_joint_9"
_M17: Final = "zs_gbjd_2017_joint"
_M21: Final = "dl_2021_standing_committee"

ATTENDANCES: Final[tuple[AttendanceFact, ...]] = (
    {
        "meeting": _M18,
        "person": "tan_chengxu",
        "role": "chair",
        "order": 1,
        "title": "市委副书记、市长",
        "title_ja": "市委員会副書記兼市長",
        "title_en": "Deputy Secretary of Municipal Party Committee and Mayor",
        "organization": "dalian_gov",
        "source": "000_24c8201ea03fd8b9.txt:240-266",
        "also": ("003_a5b5d013e731d761.txt:629-725",),
    },
    {
        "meeting": _M18,
        "person": "tan_zuojun",
        "role": "speaker",
        "order": 2,
        "title": "省委常委、市委书记",
        "title_ja": "省委員会常務委員兼市委員会書記",
        "title_en": (
            "member of the Standing Committee of the Provincial Party Committee and Secretary of the "
            "Municipal Party Committee"
        ),
        "organization": "cpc_dalian",
        "source": "000_24c8201ea03fd8b9.txt:162-240",
        "also": ("003_a5b5d013e731d761.txt:255-628",),
    },
    {
        "meeting": _M18,
        "person": "qu_tianjun",
        "role": "speaker",
        "order": 3,
        "title": "国务院扶贫办社会扶贫司司长",
        "title_ja": "国務院貧困扶助事務室社会貧困扶助司司長",
        "title_en": (
            "Director of the Social Poverty Alleviation Department of Poverty Alleviation Office of the "
            "State Council"
        ),
        "organization": "cpaad",
        "source": "000_24c8201ea03fd8b9.txt:162-240",
        "also": ("003_a5b5d013e731d761.txt:255-628",),
    },
    {
        "meeting": _M18,
        "person": "wang_zhong",
        "role": "speaker",
        "order": 4,
        "title": "贵州省六盘水市委书记",
        "title_ja": "貴州省六盤水市委員会書記",
        "title_en": "Secretary of the Liupanshui Municipal Committee of Guizhou Province",
        "organization": "cpc_liupanshui",
        "source": "000_24c8201ea03fd8b9.txt:162-240",
        "also": ("003_a5b5d013e731d761.txt:255-628",),
    },
    {
        "meeting": _M18,
        "person": "xiong_boli",
        "role": "attendee",
        "order": 5,
        "title": "大连市委常委、秘书长",
        "title_ja": "大連市委員会常務委員兼秘書長",
        "title_en": "member of the Standing Committee of Dalian Municipal Committee and Secretary General",
        "organization": "cpc_dalian",
        "source": "000_24c8201ea03fd8b9.txt:1973-1998",
        "also": ("003_a5b5d013e731d761.txt:6316-6435",),
    },
    {
        "meeting": _M18,
        "person": "jin_guowei",
        "role": "reporter",
        "order": 6,
        "title": "大连市副市长",
        "title_ja": "大連市副市長",
        "title_en": "deputy mayor of Dalian",
        "organization": "dalian_gov",
        "source": "000_24c8201ea03fd8b9.txt:1998-2050",
        "also": ("003_a5b5d013e731d761.txt:6436-6621",),
    },
    {
        "meeting": _M18,
        "person": "wang_chenggang",
        "role": "reporter",
        "order": 7,
        "title": "六盘水市副市长",
        "title_ja": "六盤水市副市長",
        "title_en": "deputy mayor of Liupanshui",
        "organization": "liupanshui_gov",
        "source": "000_24c8201ea03fd8b9.txt:1998-2050",
        "also": ("003_a5b5d013e731d761.txt:6436-6621",),
    },
    {
        "meeting": _M18,
        "person": "wei_xiongjun",
        "role": "attendee",
        "order": 8,
        "title": "六盘水市领导",
        "title_ja": "六盤水市指導者",
        "title_en": "Leaders of Liupanshui City",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "meeting": _M18,
        "person": "zhang_zhixiang",
        "role": "attendee",
        "order": 9,
        "title": "六盘水市领导",
        "title_ja": "六盤水市指導者",
        "title_en": "Leaders of Liupanshui City",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "meeting": _M18,
        "person": "zheng_jianguo",
        "role": "attendee",
        "order": 10,
        "title": "六盘水市领导",
        "title_ja": "六盤水市指導者",
        "title_en": "Leaders of Liupanshui City",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "meeting": _M18,
        "person": "hou_meichuan",
        "role": "attendee",
        "order": 11,
        "title": "六盘水市领导",
        "title_ja": "六盤水市指導者",
        "title_en": "Leaders of Liupanshui City",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "meeting": _M18,
        "person": "che_min",
        "role": "attendee",
        "order": 12,
        "title": "六盘水市领导",
        "title_ja": "六盤水市指導者",
        "title_en": "Leaders of Liupanshui City",
        "source": "000_24c8201ea03fd8b9.txt:2050-2100",
        "also": ("003_a5b5d013e731d761.txt:6622-6789",),
    },
    {
        "meeting": _M19,
        "person": "chen_yiqin",
        "role": "chair",
        "order": 1,
        "title": "省委副书记、省长",
        "organization": "guizhou_gov",
        "source": "002_5719ddbdb174f5b9.txt:2425-2451",
        "also": ("002_5719ddbdb174f5b9.txt:287-320",),
    },
    {
        "meeting": _M19,
        "person": "li_qiang",
        "role": "speaker",
        "order": 2,
        "title": "中共中央政治局委员、上海市委书记",
        "organization": "cpc_shanghai",
        "source": "002_5719ddbdb174f5b9.txt:225-287",
        "also": ("002_5719ddbdb174f5b9.txt:762-796",),
    },
    {
        "meeting": _M19,
        "person": "sun_zhigang",
        "role": "speaker",
        "order": 3,
        "title": "省委书记、省人大常委会主任",
        "organization": "cpc_guizhou",
        "source": "002_5719ddbdb174f5b9.txt:287-320",
        "also": ("002_5719ddbdb174f5b9.txt:1707-1742",),
    },
    {
        "meeting": _M19,
        "person": "zhuge_yujie",
        "role": "attendee",
        "order": 4,
        "title": "上海市领导",
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "meeting": _M19,
        "person": "mo_fuchun",
        "role": "attendee",
        "order": 5,
        "title": "上海市领导",
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "meeting": _M19,
        "person": "peng_chenlei",
        "role": "attendee",
        "order": 6,
        "title": "上海市领导",
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "meeting": _M19,
        "person": "wang_zhixiong",
        "role": "attendee",
        "order": 7,
        "title": "上海市领导",
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "meeting": _M19,
        "person": "shi_guanghui",
        "role": "attendee",
        "order": 8,
        "title": "贵州省领导",
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "meeting": _M19,
        "person": "yuan_zhou",
        "role": "attendee",
        "order": 9,
        "title": "贵州省领导",
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "meeting": _M19,
        "person": "wu_qiang",
        "role": "attendee",
        "order": 10,
        "title": "贵州省领导",
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "meeting": _M19,
        "person": "li_hanyu",
        "role": "attendee",
        "order": 11,
        "title": "贵州省领导",
        "source": "002_5719ddbdb174f5b9.txt:2451-2523",
    },
    {
        "meeting": _M17,
        "person": "chen_xudong",
        "role": "speaker",
        "order": 1,
        "title": "市委书记",
        "title_zh_hant": "市委書記",
        "organization": "cpc_zhongshan",
        "source": "004_639a3bace4e58a0f.txt:342-425",
        "also": ("004_639a3bace4e58a0f.txt:428-482",),
    },
    {
        "meeting": _M17,
        "person": "shi_yunben",
        "role": "speaker",
        "order": 2,
        "title": "工布江达县委副书记、县长",
        "title_zh_hant": "工布江達縣委副書記、縣長",
        "organization": "gbjd_gov",
        "source": "004_639a3bace4e58a0f.txt:1506-1579",
        "evidence": ("石運(yùn)本",),
    },
    {
        "meeting": _M17,
        "person": "yang_wenlong",
        "role": "attendee",
        "order": 3,
        "title": "市领导",
        "title_zh_hant": "市領導",
        "source": "004_639a3bace4e58a0f.txt:342-425",
    },
    {
        "meeting": _M17,
        "person": "li_changchun_zs",
        "role": "attendee",
        "order": 4,
        "title": "市领导",
        "title_zh_hant": "市領導",
        "source": "004_639a3bace4e58a0f.txt:342-425",
        "evidence": ("李長(zhǎng)春",),
    },
    {
        "meeting": _M21,
        "person": "tan_zuojun",
        "role": "chair",
        "order": 1,
        "title": "省委常委、市委书记",
        "title_ja": "省委員会常務委員、市委員会書記",
        "organization": "cpc_dalian",
        "source": "001_19c1fe233f7b33f6.txt:186-213",
        "also": ("001_19c1fe233f7b33f6.txt:0-22",),
    },
)

# Decisions -----------------------------------------------------------------------------------------

DECISIONS: Final[tuple[DecisionFact, ...]] = (
    {
        "meeting": _M18,
        "order": 1,
        "proposed_by": "tan_zuojun",
        "text": (
            "按《2018年大连市东西部扶贫协作重点任务及项目清单》明确的目标任务压实责任，确保资金项目投入、"
            "社会事业帮扶、产业协作更加精准。"
        ),
        "source": "000_24c8201ea03fd8b9.txt:508-761",
        "also": ("003_a5b5d013e731d761.txt:1540-1933",),
        "evidence": (
            "2018年大連市東西部貧困扶助連携重点ミッション及びプロジェクトリスト",
            "List of Key Tasks and Projects for Poverty Alleviation",
        ),
    },
    {
        "meeting": _M18,
        "order": 2,
        "proposed_by": "tan_zuojun",
        "text": (
            "完善《大连市东西部扶贫协作和对口支援工作考核办法》，将承担具体任务的区市县（先导区）"
            "和市直部门纳入帮扶工作考核及市政府绩效考核。"
        ),
        "source": "000_24c8201ea03fd8b9.txt:508-761",
        "also": ("003_a5b5d013e731d761.txt:1934-2442",),
        "evidence": (
            "大連市東西部貧困扶助連携と支援作業の評価方法",
            "Assessment Methods for Poverty Alleviation",
        ),
    },
    {
        "meeting": _M18,
        "order": 3,
        "proposed_by": "tan_zuojun",
        "text": "实行高层联席会议、月调度会议、协作座谈会、走访调研等沟通对接机制。",
        "source": "000_24c8201ea03fd8b9.txt:761-901",
        "also": ("003_a5b5d013e731d761.txt:2443-2874",),
        "evidence": (
            "高層同席会議、毎月の調達会議、連携座談会",
            "high-level joint meetings, monthly dispatching meetings, collaboration seminars",
        ),
    },
    {
        "meeting": _M18,
        "order": 4,
        "proposed_by": "qu_tianjun",
        "text": "细化各项措施，建立工作台账，跟踪督查各项协作协议的落实进度，及时研究解决实际问题。",
        "source": "000_24c8201ea03fd8b9.txt:1340-1475",
        "also": ("003_a5b5d013e731d761.txt:4219-4565",),
        "evidence": ("作業台帳を設立し", "establish work ledgers"),
    },
    {
        "meeting": _M17,
        "order": 1,
        "text": "双方就沟通对接进行深入磋商。",
        "source": "004_639a3bace4e58a0f.txt:2179-2305",
        "evidence": ("溝通對(duì)接",),
    },
    {
        "meeting": _M17,
        "order": 2,
        "text": "双方就产业合作进行深入磋商。",
        "source": "004_639a3bace4e58a0f.txt:2179-2305",
        "evidence": ("產(chǎn)業(yè)合作",),
    },
    {
        "meeting": _M17,
        "order": 3,
        "text": "双方就人才交流进行深入磋商。",
        "source": "004_639a3bace4e58a0f.txt:2179-2305",
        "evidence": ("人才交流",),
    },
    {
        "meeting": _M17,
        "order": 4,
        "text": "双方就教育卫生进行深入磋商。",
        "source": "004_639a3bace4e58a0f.txt:2179-2305",
        "evidence": ("教育衛(wèi)生",),
    },
    {
        "meeting": _M17,
        "order": 5,
        "text": "双方就招商引资进行深入磋商。",
        "source": "004_639a3bace4e58a0f.txt:2179-2305",
        "evidence": ("招商引資",),
    },
    {
        "meeting": _M17,
        "order": 6,
        "text": "就进一步做好对口援助工作达成新的共识。",
        "source": "004_639a3bace4e58a0f.txt:2179-2305",
        "evidence": ("達(dá)成新的共識(shí)",),
    },
    {
        "meeting": _M21,
        "order": 1,
        "text": "听取各区市县、开放先导区党（工）委2020年工作情况和2021年工作安排的汇报。",
        "source": "001_19c1fe233f7b33f6.txt:41-116",
        "evidence": ("2020年の活動状況と2021年の活動手配",),
    },
    {
        "meeting": _M21,
        "order": 2,
        "text": "学习贯彻全国审计工作会议精神。",
        "source": "001_19c1fe233f7b33f6.txt:116-186",
        "evidence": ("全国監査業務会議の精神を学習・徹底",),
    },
    {
        "meeting": _M21,
        "order": 3,
        "text": "审议《大连市生态环境保护责任清单》，清单明确全市50个单位的232项生态环境保护责任。",
        "source": "001_19c1fe233f7b33f6.txt:116-186",
        "also": ("001_19c1fe233f7b33f6.txt:2009-2055",),
        "evidence": ("大連市生態環境保護責任リスト",),
    },
    {
        "meeting": _M21,
        "order": 4,
        "text": "审议《关于加快大连市数字乡村发展的意见》。",
        "source": "001_19c1fe233f7b33f6.txt:116-186",
        "evidence": ("大連市デジタル農村の発展加速に関する意見",),
    },
)

# Agreements ----------------------------------------------------------------------------------------

_ZH_NOTE: Final = "中文标题按日、英文报道译出，非协议原题"
_CEREMONY: Final = "dl_lps_2018_signing"
_DAY_2018: Final = "2018-09-12"

AGREEMENTS: Final[tuple[AgreementFact, ...]] = (
    {
        "key": "dl_lps_2018_action_plan",
        "kind": "action_plan",
        "sector": "general",
        "title": "大连市与六盘水市扶贫协作三年行动计划（2018年度责任清单）协议",
        "title_ja": "大連市と六盤水市貧困扶助連携三ヵ年行動プロジェクト(2018年度責任リスト)に関する契約",
        "title_en": (
            "Three-Year Action Plan for the Poverty Alleviation Cooperation between Dalian City and "
            "Liupanshui City (2018 Responsibility List) Agreement"
        ),
        "pairing": "dalian_liupanshui",
        "meeting": _M18,
        "signed_date": _DAY_2018,
        "parties": (("dalian_gov", "helping"), ("liupanshui_gov", "helped")),
        "note": _ZH_NOTE + "；报道称“两市”签订，签署机关未写明",
        "source": "000_24c8201ea03fd8b9.txt:266-326",
        "also": ("003_a5b5d013e731d761.txt:726-910",),
    },
    {
        "key": "park_eco_city_2018",
        "kind": "park",
        "sector": "industry",
        "title": "园区共建协议（大连生态科技创新城）",
        "title_ja": "エリア共同建設契約",
        "pairing": "park_eco_city",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("dalian_eco_city", "helping"), ("lps_zone_1", "helped")),
        "note": _ZH_NOTE + "；对方为报道未具名的六盘水市经济开发区",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": ("to build parks jointly",),
    },
    {
        "key": "park_huayuankou_2018",
        "kind": "park",
        "sector": "industry",
        "title": "园区共建协议（花园口经济区）",
        "title_ja": "エリア共同建設契約",
        "pairing": "park_huayuankou",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("huayuankou", "helping"), ("lps_zone_2", "helped")),
        "note": _ZH_NOTE + "；对方为报道未具名的六盘水市经济开发区",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": ("to build parks jointly",),
    },
    {
        "key": "park_changxingdao_2018",
        "kind": "park",
        "sector": "industry",
        "title": "园区共建协议（长兴岛经济区）",
        "title_ja": "エリア共同建設契約",
        "pairing": "park_changxingdao",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("changxingdao", "helping"), ("lps_zone_3", "helped")),
        "note": _ZH_NOTE + "；对方为报道未具名的六盘水市经济开发区",
        "source": "000_24c8201ea03fd8b9.txt:2121-2187",
        "also": ("003_a5b5d013e731d761.txt:6831-7059",),
        "evidence": ("to build parks jointly",),
    },
    {
        "key": "dce_liupanshui_2018",
        "kind": "strategic",
        "sector": "finance",
        "title": "大连商品交易所与六盘水市人民政府战略合作协议",
        "title_ja": "戦略連携契約",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("dce", "helping"), ("liupanshui_gov", "helped")),
        "note": _ZH_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
        "evidence": ("strategic cooperation agreement with Liupanshui Municipal Government",),
    },
    {
        "key": "huanjia_liuzhi_2018",
        "kind": "framework",
        "sector": "industry",
        "title": "再生资源回收利用项目合作框架协议",
        "title_ja": "リサイクル資源回収利用プロジェクト連携枠組み協定",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("huanjia", "helping"), ("liuzhi_gov", "helped")),
        "note": _ZH_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
        "evidence": ("recycling of renewable resources",),
    },
    {
        "key": "hanwei_panzhou_2018",
        "kind": "project",
        "sector": "agriculture",
        "title": "蛋鸡养殖项目合作协议",
        "title_ja": "卵用鶏養殖プロジェクト連携契約",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("hanwei", "helping"), ("panzhou_gov", "helped")),
        "note": _ZH_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
        "evidence": ("laying hen breeding project",),
    },
    {
        "key": "jiuli_zhongshan_2018",
        "kind": "strategic",
        "sector": "elderly",
        "title": "中国凉都乐椿轩、长者新城项目战略合作框架协议",
        "title_ja": "中国涼都楽椿軒、長者ニュータウンプロジェクト戦略連携枠組み協定",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("jiuli", "helping"), ("zhongshan_district_gov", "helped")),
        "note": _ZH_NOTE
        + "；日文为“中国涼都楽椿軒、長者ニュータウン”两个项目，英文只写 China's Liangdulechuan "
        "Town；“乐椿轩”按日文回译，未核实",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
        "evidence": ("strategic cooperation framework agreement with Zhongshan District",),
    },
    {
        "key": "jinlifang_zhongshan_edz_2018",
        "kind": "park",
        "sector": "finance",
        "title": "共建金融产业园项目协议",
        "title_ja": "金融産業区プロジェクトの共同建設に関する契約",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("jinlifang", "helping"), ("zhongshan_edz", "helped")),
        "note": _ZH_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
        "evidence": ("build a financial industrial park",),
    },
    {
        "key": "guoyi_supply_coop_2018",
        "kind": "sales",
        "sector": "consumption",
        "title": "关于设立六盘水特色农产品销售专区的合作协议",
        "title_ja": "六盤水農名産物販売専門エリアの設立に関する連携契約",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("guoyi", "helping"), ("lps_supply_coop", "helped")),
        "note": _ZH_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
        "evidence": ("Liupanshui special agricultural product sales zone",),
    },
    {
        "key": "qimingxing_hongxing_2018",
        "kind": "sales",
        "sector": "consumption",
        "title": "水城红心猕猴桃销售合作协议",
        "title_ja": "水城県紅心キュウイ販売契約",
        "title_en": "Shuicheng Red Kiwifruit Distribution Cooperation Agreement",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("qimingxing", "helping"), ("hongxing", "helped")),
        "note": _ZH_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "dmu_lps_vtc_2018",
        "kind": "framework",
        "sector": "education",
        "title": "共建六盘水医学护理学院框架协议",
        "title_ja": "六盤水市医学看護学院の共同建設に関する枠組み協定",
        "title_en": "Framework Agreement to Build Liupanshui Medical College",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("dmu", "helping"), ("lps_vtc", "helped")),
        "note": _ZH_NOTE + "；日文为“医学看護学院”（医学护理学院），英文为 Medical College",
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "lnnu_lps_preschool_2018",
        "kind": "framework",
        "sector": "education",
        "title": "支持六盘水幼儿师范高等专科学校提升办学质量框架协议",
        "title_ja": "幼児師範高等専門学校の品質向上の支援に関する枠組み協定",
        "title_en": "Framework Agreement to help improve the quality of Preschool Teachers College",
        "pairing": "dalian_liupanshui",
        "meeting": _CEREMONY,
        "signed_date": _DAY_2018,
        "parties": (("lnnu", "helping"), ("lps_preschool_college", "helped")),
        "note": _ZH_NOTE,
        "source": "000_24c8201ea03fd8b9.txt:2187-2603",
        "also": ("003_a5b5d013e731d761.txt:7060-8347",),
    },
    {
        "key": "hu_zun_2019_education",
        "kind": "cooperation",
        "sector": "education",
        "title": "教育扶贫协议",
        "pairing": "shanghai_zunyi",
        "meeting": _M19,
        "signed_date": "2019-05-08",
        "parties": (("shanghai_gov", "helping"), ("zunyi_gov", "helped")),
        "note": (
            "报道只列协议领域（“教育扶贫、健康扶贫、劳务协作、残疾扶贫群众帮扶等协议”），并以“等”结尾，"
            "可能不止四项；标题为领域名，非协议原题；报道称“沪遵两市签订”，签署机关未写明"
        ),
        "source": "002_5719ddbdb174f5b9.txt:2385-2422",
        "also": ("002_5719ddbdb174f5b9.txt:2322-2376",),
        "evidence": ("教育扶贫",),
    },
    {
        "key": "hu_zun_2019_health",
        "kind": "cooperation",
        "sector": "health",
        "title": "健康扶贫协议",
        "pairing": "shanghai_zunyi",
        "meeting": _M19,
        "signed_date": "2019-05-08",
        "parties": (("shanghai_gov", "helping"), ("zunyi_gov", "helped")),
        "note": "标题为报道所列领域名，非协议原题",
        "source": "002_5719ddbdb174f5b9.txt:2385-2422",
        "also": ("002_5719ddbdb174f5b9.txt:2322-2376",),
        "evidence": ("健康扶贫",),
    },
    {
        "key": "hu_zun_2019_labour",
        "kind": "cooperation",
        "sector": "labour",
        "title": "劳务协作协议",
        "pairing": "shanghai_zunyi",
        "meeting": _M19,
        "signed_date": "2019-05-08",
        "parties": (("shanghai_gov", "helping"), ("zunyi_gov", "helped")),
        "note": "标题为报道所列领域名，非协议原题",
        "source": "002_5719ddbdb174f5b9.txt:2385-2422",
        "also": ("002_5719ddbdb174f5b9.txt:2322-2376",),
        "evidence": ("劳务协作",),
    },
    {
        "key": "hu_zun_2019_disability",
        "kind": "cooperation",
        "sector": "social",
        "title": "残疾扶贫群众帮扶协议",
        "pairing": "shanghai_zunyi",
        "meeting": _M19,
        "signed_date": "2019-05-08",
        "parties": (("shanghai_gov", "helping"), ("zunyi_gov", "helped")),
        "note": "标题为报道所列领域名，非协议原题",
        "source": "002_5719ddbdb174f5b9.txt:2385-2422",
        "also": ("002_5719ddbdb174f5b9.txt:2322-2376",),
        "evidence": ("残疾扶贫群众帮扶",),
    },
)

# Figures -------------------------------------------------------------------------------------------

FIGURES: Final[tuple[FigureFact, ...]] = (
    {
        "key": "liupanshui_population_2018",
        "what": "六盘水市各族群众人口",
        "value": Decimal("340"),
        "unit": "万人",
        "subject_kind": "region",
        "subject": "520200",
        "as_of": "2018-09-12",
        "note": "王忠在推进会上的说法",
        "source": "000_24c8201ea03fd8b9.txt:1484-1568",
        "also": ("003_a5b5d013e731d761.txt:4568-4891",),
        "evidence": ("340万", "3.4 million"),
    },
    {
        "key": "dalian_liupanshui_years_2018",
        "what": "大连帮扶六盘水年数",
        "value": Decimal("22"),
        "unit": "年",
        "subject_kind": "pairing",
        "subject": "dalian_liupanshui",
        "as_of": "2018-09-12",
        "source": "000_24c8201ea03fd8b9.txt:1484-1568",
        "also": ("003_a5b5d013e731d761.txt:4568-4891",),
        "evidence": ("22年間", "22 years"),
    },
    {
        "key": "dalian_eco_list_items",
        "what": "《大连市生态环境保护责任清单》明确的生态环境保护责任",
        "value": Decimal("232"),
        "unit": "项",
        "subject_kind": "meeting",
        "subject": _M21,
        "as_of": "2021-01-21",
        "source": "001_19c1fe233f7b33f6.txt:2009-2055",
        "evidence": ("232項目",),
    },
    {
        "key": "dalian_eco_list_units",
        "what": "《大连市生态环境保护责任清单》涉及的单位",
        "value": Decimal("50"),
        "unit": "个",
        "subject_kind": "meeting",
        "subject": _M21,
        "as_of": "2021-01-21",
        "source": "001_19c1fe233f7b33f6.txt:2009-2055",
        "evidence": ("50単位",),
    },
    {
        "key": "hu_zun_joint_meeting_number",
        "what": "沪遵扶贫协作联席会议届次",
        "value": Decimal("9"),
        "unit": "次",
        "subject_kind": "pairing",
        "subject": "shanghai_zunyi",
        "as_of": "2019-05-08",
        "source": "002_5719ddbdb174f5b9.txt:225-287",
        "evidence": ("第九次联席会议",),
    },
    {
        "key": "shanghai_delegation_2019_counties",
        "what": "上海市代表团考察的区县",
        "value": Decimal("3"),
        "unit": "个",
        "subject_kind": "meeting",
        "subject": "hu_zun_2019_visit",
        "as_of": "2019-05-09",
        "derived": True,
        "note": "按报道列举的贵阳市观山湖区、遵义市汇川区、正安县计数",
        "source": "002_5719ddbdb174f5b9.txt:323-385",
        "evidence": ("贵阳市观山湖区、遵义市汇川区和正安县",),
    },
    {
        "key": "shanghai_delegation_2019_days",
        "what": "上海市代表团在贵州考察的天数",
        "value": Decimal("2"),
        "unit": "天",
        "subject_kind": "meeting",
        "subject": "hu_zun_2019_visit",
        "as_of": "2019-05-09",
        "derived": True,
        "note": "按报道“5月8日至9日”计数",
        "source": "002_5719ddbdb174f5b9.txt:225-287",
        "evidence": ("5月8日至9日",),
    },
)

# Publication of each seed report -------------------------------------------------------------------

PUBLISHED: Final[tuple[PublicationFact, ...]] = (
    {
        "seed": SEED_000,
        "kind": "news_report",
        "title": "大连市·六盘水市精准扶贫协作推进会在我市召开",
        "publisher": "DALIAN CHINA",
        "language": "ja",
        "published": "2018-09-13",
        "source": "000_24c8201ea03fd8b9.txt:107-117",
        "evidence": ("2018-09-13",),
    },
    {
        "seed": SEED_001,
        "kind": "news_report",
        "title": "谭作钧主持召开市委常委会扩大会议",
        "publisher": "大连新闻网页",
        "language": "ja",
        "published": "2021-01-22",
        "source": "001_19c1fe233f7b33f6.txt:23-39",
        "evidence": ("2021-01-22",),
    },
    {
        "seed": SEED_002,
        "kind": "repost",
        "title": "沪遵扶贫协作第九次联席会议在遵义举行",
        "publisher": "图行贵州（论坛转帖）",
        "language": "zh-hans",
        "published": "2019-05-11",
        "source": "002_5719ddbdb174f5b9.txt:68-82",
        "note": "论坛转帖（图行贵州）的发帖日期；原报道（记者许邵庭）的刊发日期文中未写",
        "evidence": ("2019-5-11",),
    },
    {
        "seed": SEED_003,
        "kind": "news_report",
        "title": "大连·六盘水精准扶贫协作推进会在大连召开（英文报道）",
        "language": "en",
        "published": None,
        "source": None,
        "note": "文中没有日期；与000为同一次会议（2018-09-12）的英文报道",
    },
    {
        "seed": SEED_004,
        "kind": "government_page",
        "title": "陈旭东会见工布江达县代表团一行",
        "publisher": "中山日报",
        "language": "zh-hant",
        "published": "2017-10-28",
        "source": "004_639a3bace4e58a0f.txt:134-179",
        "note": "信息来源：中山日报；网页转码后部分汉字后带括注拼音（如“會(huì)”）",
        "evidence": ("2017年10月28日",),
    },
)
