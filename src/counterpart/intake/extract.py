"""Deterministic, rule-based extraction of a meeting report into the intake draft (DESIGN.md §6).

All rules run over `work`, a copy of the cleaned text with every character NFKC-normalized and turned into
its simplified form one for one (so 會議, 会議 and 会议 read the same and offsets stay those of the cleaned
text); what the draft shows is always cut from the cleaned text itself, so names keep their surface form.
The same input always gives the same draft: no randomness, no dictionary iteration order that matters.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from counterpart.intake import lexicon as lx
from counterpart.intake.gazetteer import Gazetteer, strip_admin_suffix
from counterpart.intake.text import CleanText, to_simplified

Span = tuple[int, int]
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CLASS = f"[{HAN}]"
ADMIN_SUFFIX_RE = "(?:自治区|自治州|自治县|特别行政区|特区|市|县|区|州|省|盟|旗)"

# --- dates ------------------------------------------------------------------------------------------------

FULL_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?:\s*日)?(?!\d)"
)
_EN_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
EN_DATE_RE = re.compile(
    rf"\b(?P<mon>{_EN_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?"
    rf"|\b(?P<d_b>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon_b>{_EN_MONTH})\b(?:,?\s+(?P<y_b>(?:19|20)\d{{2}}))?"
)
CJK_DATE_RE = re.compile(
    r"(?<![\d.])(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*[日号]"
    r"(?:\s*(?:上午|下午|晚上|晚|早上|凌晨|中午|午前|午後|午后))?"
    r"(?:\s*(?:至|到|-|~|—|–|から|〜|~)\s*(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日号])?"
)
#: Numeric datelines, year last: 06.06.2018 (day first), 09/16/2020 or 16/09/2020 (month or day first).
NUMERIC_YEAR_LAST_RE = re.compile(
    r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})(?![\d./])"
)
#: Japanese era years: 令和2年9月16日, 平成30年6月6日 (元年 is the first year).
ERA_DATE_RE = re.compile(
    r"(?P<era>令和|平成)\s*(?P<n>元|\d{1,2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
)
ERA_START = {"令和": 2018, "平成": 1988}
#: A weekday named for the meeting ("on Friday", "周五", "金曜日"): the last such day up to the publication.
WEEKDAY_RE = re.compile(
    r"\b(?:on\s+|last\s+|this\s+)?(?P<en>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?:上|本)?(?:星期|周|礼拜|禮拜|週)(?P<zh>[一二三四五六日天])"
    r"|(?P<ja>[月火水木金土日])曜日?",
)
WEEKDAY_INDEX = {
    **{
        d: i
        for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    **{d: i for i, d in enumerate("一二三四五六日")},
    "天": 6,
    **{d: i for i, d in enumerate("月火水木金土")},
}
#: Days named relative to the publication ("昨日" in a report of 16 April is 15 April).
RELATIVE_DAY_RE = re.compile(r"昨日|昨天|前天|今日|今天|\byesterday\b|\btoday\b", re.I)
RELATIVE_DAY_OFFSET = {"昨日": -1, "昨天": -1, "前天": -2, "今日": 0, "今天": 0, "yesterday": -1, "today": 0}
#: The dateline of a news agency ("Jishou, September 4 (Xiangxi Daily) --", "新华社北京9月4日电"): the day the
#: story was filed, not the day of the meeting.
EN_DATELINE_BEFORE_RE = re.compile(r"(?:^|\n)[A-Z][A-Za-z .'’-]{1,40},\s*$")
EN_DATELINE_AFTER_RE = re.compile(r"\s*(?:\([^)]{1,60}\))?\s*(?:--|—|–|-)")
PUBLISHED_LABEL_RE = re.compile(
    r"发布|发表|日期|时间|更新|published|posted|date|updated|掲載|公開|公开", re.I
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    y: int | None
    m: int | None
    d: int
    m2: int | None = None
    d2: int | None = None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    index = y * 12 + (m - 1) + delta
    return index // 12, index % 12 + 1


def resolve_date(
    y: int | None, m: int | None, d: int, published: dt.date | None
) -> tuple[dt.date | None, str | None]:
    """A date from what the text gives, completed from the publication date: a missing year or month is
    the publication's, moved back by one when that would put the meeting after the publication
    ("27日" in a report of 28 October is 27 October; "12月30日" in one of 2 January is last year's).
    Returns (date or None, partial ISO form such as "--09-12" when it cannot be completed)."""
    if y is not None and m is not None:
        return _safe_date(y, m, d), None
    partial = f"--{m:02d}-{d:02d}" if m is not None else f"---{d:02d}"
    if published is None:
        return None, partial
    if m is None:
        year, month = published.year, published.month
        found = _safe_date(year, month, d)
        if found is None or found > published:
            year, month = _shift_month(year, month, -1)
            found = _safe_date(year, month, d)
        return found, None
    year = y if y is not None else published.year
    found = _safe_date(year, m, d)
    if y is None and (found is None or found > published):
        found = _safe_date(year - 1, m, d)
    return found, None


def relative_dates(doc_work: str, start: int, end: int, published: dt.date | None) -> list[DateMention]:
    """昨日 / yesterday / 今天, and a weekday ("on Friday", 周五, 金曜日) in work[start:end], as full dates
    counted from the publication date (a weekday is the last such day up to it). A weekday written right
    after a date ("5月9日（星期四）") only repeats it and is left out."""
    if published is None:
        return []
    out = []
    for m in RELATIVE_DAY_RE.finditer(doc_work, start, end):
        day = published + dt.timedelta(days=RELATIVE_DAY_OFFSET[m.group(0).lower()])
        out.append(DateMention(m.start(), m.end(), day.year, day.month, day.day))
    for m in WEEKDAY_RE.finditer(doc_work, start, end):
        if m["ja"] and not m.group(0).endswith(("曜", "曜日")):
            continue
        if m["ja"] and m.group(0) == "日曜" and doc_work[m.end() : m.end() + 1] != "日":
            continue
        before = doc_work[max(start, m.start() - 4) : m.start()]
        if re.search(r"[日号]\s*[（(]?\s*$|\d\s*[（(]?\s*$", before):
            continue  # 5月9日（星期四）, September 4 (Friday): the date already says it
        weekday = WEEKDAY_INDEX[(m["en"] or m["zh"] or m["ja"]).lower()]
        day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
        out.append(DateMention(m.start(), m.end(), day.year, day.month, day.day))
    return out


def is_dateline(work: str, mention: DateMention, lang: str) -> bool:
    """A date that only says when the story was filed: "…9月4日电", "Jishou, September 4 (Xinhua) --"."""
    if lang != "en":
        return work[mention.end : mention.end + 1] == "电"
    line_start = work.rfind("\n", 0, mention.start) + 1
    return bool(
        EN_DATELINE_BEFORE_RE.search(work[line_start : mention.start])
        and EN_DATELINE_AFTER_RE.match(work, mention.end)
    )


def _en_month(name: str) -> int:
    return lx.EN_MONTHS[name[:3].lower()]


def find_dates(work: str, start: int = 0, end: int | None = None, lang: str = "zh-Hans") -> list[DateMention]:
    end = len(work) if end is None else end
    chunk = work[start:end]
    found: list[DateMention] = []
    taken: list[Span] = []
    for m in FULL_DATE_RE.finditer(chunk):
        found.append(DateMention(start + m.start(), start + m.end(), int(m["y"]), int(m["m"]), int(m["d"])))
        taken.append((m.start(), m.end()))

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in NUMERIC_YEAR_LAST_RE.finditer(chunk):
        first, second = int(m["a"]), int(m["b"])
        # dots are written day first (06.06.2018); slashes month first in English unless that cannot be
        month_first = m["sep"] == "/" and first <= 12 and (second > 12 or lang == "en")
        n_day, n_month = (second, first) if month_first else (first, second)
        if free(m.start(), m.end()) and _safe_date(int(m["y"]), n_month, n_day):
            found.append(DateMention(start + m.start(), start + m.end(), int(m["y"]), n_month, n_day))
            taken.append((m.start(), m.end()))
    for m in ERA_DATE_RE.finditer(chunk):
        year = ERA_START[m["era"]] + (1 if m["n"] == "元" else int(m["n"]))
        if free(m.start(), m.end()) and _safe_date(year, int(m["m"]), int(m["d"])):
            found.append(DateMention(start + m.start(), start + m.end(), year, int(m["m"]), int(m["d"])))
            taken.append((m.start(), m.end()))

    if lang == "en":
        for m in EN_DATE_RE.finditer(chunk):
            if not free(m.start(), m.end()):
                continue
            if m["mon"]:
                y = int(m["y"]) if m["y"] else None
                mon, d, d2 = _en_month(m["mon"]), int(m["d"]), int(m["d2"]) if m["d2"] else None
            else:
                y = int(m["y_b"]) if m["y_b"] else None
                mon, d, d2 = _en_month(m["mon_b"]), int(m["d_b"]), None
            if 1 <= d <= 31:
                found.append(DateMention(start + m.start(), start + m.end(), y, mon, d, None, d2))
    else:
        for m in CJK_DATE_RE.finditer(chunk):
            if not free(m.start(), m.end()):
                continue
            d = int(m["d"])
            month = int(m["m"]) if m["m"] else None
            if not 1 <= d <= 31 or (month is not None and not 1 <= month <= 12):
                continue
            found.append(
                DateMention(
                    start + m.start(),
                    start + m.end(),
                    int(m["y"]) if m["y"] else None,
                    month,
                    d,
                    int(m["m2"]) if m["m2"] else None,
                    int(m["d2"]) if m["d2"] else None,
                )
            )
    found.sort(key=lambda x: x.start)
    return found


# --- numbers ----------------------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_cn_number(text: str) -> int | None:
    """九 → 9, 十二 → 12, 二十 → 20, 一百零五 → 105, 12 → 12; None when it is not a number."""
    text = unicodedata.normalize("NFKC", text.strip())
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    return total + current


ORDINAL_CJK_RE = re.compile(r"第\s*([0-9一二三四五六七八九十百零〇两]+)\s*(?:次|届|回|期)")
ORDINAL_EN_RE = re.compile(
    r"\b(\d+)(?:st|nd|rd|th)\b|\b(" + "|".join(lx.EN_ORDINAL_WORDS) + r")\b", re.IGNORECASE
)


def parse_ordinal(text: str) -> int | None:
    """第九次 → 9, 第9回 → 9, "9th" → 9, "ninth" → 9 (the first ordinal in `text`)."""
    work = to_simplified(unicodedata.normalize("NFKC", text))
    m = ORDINAL_CJK_RE.search(work)
    if m:
        return parse_cn_number(m.group(1))
    m = ORDINAL_EN_RE.search(work)
    if m:
        return int(m.group(1)) if m.group(1) else lx.EN_ORDINAL_WORDS[m.group(2).lower()]
    return None


# --- the document ----------------------------------------------------------------------------------------

_NFKC_CACHE: dict[str, str] = {}


def make_work(text: str) -> str:
    """NFKC per character (only where it stays one character), then simplified; same length as `text`."""
    out = []
    for c in text:
        if c < "\x80":
            out.append(c)
            continue
        n = _NFKC_CACHE.get(c)
        if n is None:
            n = unicodedata.normalize("NFKC", c)
            n = n if len(n) == 1 else c
            _NFKC_CACHE[c] = n
        out.append(n)
    return to_simplified("".join(out))


SENT_END_CJK = re.compile(r"[。！？!?]+[”」』）)\"']*")
SENT_END_EN = re.compile(r"(?<=[.!?])[\"”']?(?=\s+[A-Z\"“(])")


@dataclass
class Doc:
    text: str
    work: str
    lang: str
    sentences: list[Span]
    lines: list[Span]
    header_end: int
    published: dt.date | None
    gazetteer: Gazetteer
    published_span: Span | None = None
    notes: list[str] = field(default_factory=list)

    def sentence_of(self, pos: int) -> Span:
        for a, b in self.sentences:
            if a <= pos < b:
                return a, b
        return pos, pos

    def body_sentences(self) -> list[Span]:
        return [s for s in self.sentences if s[0] >= self.header_end]

    def header_lines(self) -> list[Span]:
        return [ln for ln in self.lines if ln[1] <= self.header_end]


def split_lines(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def split_sentences(work: str, lang: str, lines: list[Span]) -> list[Span]:
    sentences: list[Span] = []
    for a, b in lines:
        line = work[a:b]
        pos = 0
        if lang == "en":
            cuts = [m.end() for m in SENT_END_EN.finditer(line)]
        else:
            cuts = [m.end() for m in SENT_END_CJK.finditer(line)]
        for cut in [*cuts, len(line)]:
            seg = line[pos:cut]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg.rstrip())
            if trail > lead:
                sentences.append((a + pos + lead, a + pos + trail))
            pos = cut
    return sentences


def _find_header_end(work: str, lines: list[Span], lang: str) -> int:
    """Where the body starts: the first line that reads as running text (a sentence that ends)."""
    for a, b in lines:
        line = work[a:b]
        if lang == "en":
            if len(line) >= 120 and re.search(r"[.!?][\"”']?$|[.!?]\s", line):
                return a
        elif len(line) >= 25 and re.search(r"[。！？]", line):
            return a
    return 0


def find_published(
    work: str, lines: list[Span], header_end: int, lang: str
) -> tuple[dt.date | None, Span | None]:
    """The publication date: a full date in the page header (or a short date line near the top when the
    page has no clear header), one after a label (发布日期, Published) first."""
    candidates = [m for m in find_dates(work, 0, header_end, lang) if m.y is not None and m.m is not None]
    if not candidates:
        for a, b in lines[:8]:
            if b - a <= 60:
                candidates.extend(
                    m for m in find_dates(work, a, b, lang) if m.y is not None and m.m is not None
                )
    if not candidates:
        return None, None
    header = work
    labelled = [m for m in candidates if PUBLISHED_LABEL_RE.search(header[max(0, m.start - 12) : m.start])]
    best = (labelled or candidates)[0]
    return _safe_date(best.y or 0, best.m or 0, best.d), (best.start, best.end)


def make_doc(clean: CleanText, lang: str, published: dt.date | None, gazetteer: Gazetteer) -> Doc:
    text = clean.text
    work = make_work(text)
    lines = split_lines(text)
    header_end = _find_header_end(work, lines, lang)
    sentences = split_sentences(work, lang, lines)
    found, span = find_published(work, lines, header_end, lang)
    doc = Doc(text, work, lang, sentences, lines, header_end, published or found, gazetteer)
    doc.published_span = span if published is None else None
    return doc


# --- meeting ----------------------------------------------------------------------------------------------


def _kind_matches(doc: Doc, kind: str) -> list[re.Match[str]]:
    pattern = dict(lx.MEETING_KINDS)[kind]
    return list(pattern.finditer(doc.work))


def find_kind(doc: Doc) -> str:
    """The meeting kind named in the headline or the first sentences, by priority (a joint meeting with a
    signing ceremony is a joint meeting)."""
    lead_end = doc.header_end
    body = doc.body_sentences()
    if body:
        lead_end = max(lead_end, body[min(2, len(body) - 1)][1])
    lead = doc.work[:lead_end]
    for kind, pattern in lx.MEETING_KINDS:
        if pattern.search(lead):
            return kind
    return "other"


def find_number(doc: Doc, kind_spans: list[Span]) -> int | None:
    """The ordinal right before the meeting's name: 第九次联席会议, 第9回, "the 9th joint meeting"."""
    for a, _b in kind_spans:
        window = doc.work[max(0, a - 14) : a] if doc.lang != "en" else doc.work[max(0, a - 40) : a]
        matches = list(ORDINAL_CJK_RE.finditer(window)) if doc.lang != "en" else []
        if matches:
            return parse_cn_number(matches[-1].group(1))
        if doc.lang == "en":
            en = list(ORDINAL_EN_RE.finditer(window))
            if en:
                m = en[-1]
                between = window[m.end() :]
                after_month = re.search(rf"{_EN_MONTH}\.?\s*$", window[: m.start()])
                if len(between) <= 30 and not re.search(r"[,.;:]", between) and not after_month:
                    return int(m.group(1)) if m.group(1) else lx.EN_ORDINAL_WORDS[m.group(2).lower()]
    return None


PLACE_ZH_RE = re.compile(
    r"(?:在|于)(?P<p>[^\s,，。；;:：、“”\"()（）]{2,20}?)(?:隆重|顺利|胜利)?(?:举行|召开|举办|开幕|开展|进行)"
)
PLACE_JA_RE = re.compile(
    r"(?:は|が|、|^)(?P<p>[^、。はがをにでの「」\s]{2,25}?)(?:に|で|において|にて)(?:て)?"
    r"(?:开催|開催|开か|開か|举行|挙行|行わ|召开)"
)
PLACE_EN_RE = re.compile(
    r"\bheld\s+(?:at|in)\s+(?:the\s+)?(?P<p>[A-Za-z][\w'’\- ]{1,60}?)"
    r"(?=\s*[,.;]|\s+(?:on|from|and|with|by)\b|$)",
    re.IGNORECASE,
)
DEICTIC_PLACES = {
    "我市",
    "本市",
    "わが市",
    "我が市",
    "我县",
    "本县",
    "我区",
    "本区",
    "我省",
    "本省",
    "当地",
    "our city",
}


def _place_candidates(doc: Doc, span: Span) -> list[Span]:
    a, b = span
    text = doc.work[a:b]
    out: list[Span] = []
    if doc.lang == "en":
        patterns = [PLACE_EN_RE]
    elif doc.lang == "ja":
        patterns = [PLACE_JA_RE, PLACE_ZH_RE]
    else:
        patterns = [PLACE_ZH_RE]
    for pattern in patterns:
        for m in pattern.finditer(text):
            p = m.group("p")
            if re.search(r"\d", p) or p.endswith(("会上", "会议上")):
                continue
            out.append((a + m.start("p"), a + m.end("p")))
    return out


def find_place(
    doc: Doc, meeting_spans: list[Span], pairing: list[str] | None
) -> tuple[str | None, Span | None]:
    """Where the meeting was held: the sentence that names the meeting first, then the headline."""
    regions = [*meeting_spans, *doc.header_lines(), *doc.body_sentences()[:3]]
    for span in regions:
        for a, b in _place_candidates(doc, span):
            place = doc.text[a:b].strip()
            if doc.work[a:b].lower() in DEICTIC_PLACES or place.lower() in DEICTIC_PLACES:
                resolved = _resolve_deictic(doc, pairing)
                if resolved:
                    return resolved, (a, b)
                continue
            return place, (a, b)
    return None, None


DELEGATION_RE = re.compile(
    rf"(?P<n>{HAN_CLASS}{{2,14}}?)(?:党政)?(?:代表团|代表団|考察团)|(?P<e>[A-Z]\w+)(?:'s)? delegation"
)
SOURCE_LINE_RE = re.compile(
    rf"(?:来源|出处|source)\s*[:：]?\s*(?P<n>{HAN_CLASS}{{2,6}}?)(?:日报|晚报|新闻|电视|广播|政府|网)", re.I
)


def _side_key(name: str) -> str:
    return to_simplified(strip_admin_suffix(name)).lower()


def _resolve_deictic(doc: Doc, pairing: list[str] | None) -> str | None:
    """'我市' (our city) in a report: the side that receives a delegation, else the side whose paper it is."""
    if not pairing:
        return None
    keys = [_side_key(p) for p in pairing]
    for m in DELEGATION_RE.finditer(doc.work):
        name = (m.group("n") or m.group("e") or "").lower()
        hits = [i for i, k in enumerate(keys) if k and k in name]
        if len(hits) == 1:
            return pairing[1 - hits[0]]
    for m in SOURCE_LINE_RE.finditer(doc.work):
        name = m.group("n").lower()
        hits = [i for i, k in enumerate(keys) if k and (k in name or name in k)]
        if len(hits) == 1:
            return pairing[hits[0]]
    return None


@dataclass
class MeetingFound:
    kind: str
    number: int | None
    date: dt.date | None
    end_date: dt.date | None
    date_partial: str | None
    span: Span
    kind_spans: list[Span]


def _month_context(doc: Doc, mention: DateMention) -> dt.date | None:
    """The last date with its month written before a bare day ("10月8日至10日…9日"), in the body, resolved."""
    before = [
        m
        for m in find_dates(doc.work, doc.header_end, mention.start, doc.lang)
        if m.m is not None and not is_dateline(doc.work, m, doc.lang)
    ]
    if not before:
        return None
    last = before[-1]
    return resolve_date(last.y, last.m, last.d, doc.published)[0]


def find_meeting(doc: Doc) -> MeetingFound:
    kind = find_kind(doc)
    kind_spans = [(m.start(), m.end()) for m in _kind_matches(doc, kind)] if kind != "other" else []
    sentence_spans: list[Span] = []
    for a, _b in kind_spans:
        s = doc.sentence_of(a)
        if s not in sentence_spans:
            sentence_spans.append(s)
    candidates: list[tuple[DateMention, Span]] = []

    def mentions(s: Span) -> list[DateMention]:
        found = find_dates(doc.work, s[0], s[1], doc.lang)
        found += relative_dates(doc.work, s[0], s[1], doc.published)
        return sorted((m for m in found if not is_dateline(doc.work, m, doc.lang)), key=lambda m: m.start)

    for s in sentence_spans:
        for mention in mentions(s):
            if (
                doc.published_span
                and mention.start >= doc.published_span[0]
                and mention.end <= doc.published_span[1]
            ):
                continue
            candidates.append((mention, s))
    if not candidates:
        for s in doc.body_sentences()[:2]:
            candidates.extend((m, s) for m in mentions(s))
    resolved: list[tuple[dt.date | None, str | None, DateMention, Span]] = []
    for mention, s in candidates:
        date, partial = resolve_date(mention.y, mention.m, mention.d, doc.published)
        context = _month_context(doc, mention) if mention.m is None else None
        if context is not None and context.day <= mention.d:
            # "9日" after "10月8日至10日" is the 9th of that October, whatever the publication's month
            date, partial = _safe_date(context.year, context.month, mention.d) or date, None
        resolved.append((date, partial, mention, s))
    date = end_date = None
    partial = None
    span = sentence_spans[0] if sentence_spans else (doc.body_sentences() or [(0, 0)])[0]
    if resolved:
        counts = Counter((r[0], r[1]) for r in resolved)
        # the most frequent date; a single day beats the first day of a range on a tie
        best_key = max(
            counts,
            key=lambda k: (
                counts[k],
                -min(i for i, r in enumerate(resolved) if (r[0], r[1]) == k),
            ),
        )
        for date_, partial_, mention, s in resolved:
            if (date_, partial_) == best_key:
                date, partial, span = date_, partial_, s
                if mention.d2 is not None and counts[best_key] == 1 and date_ is not None:
                    end_month = mention.m2 or date_.month
                    end_date = _safe_date(date_.year, end_month, mention.d2)
                break
    number = find_number(doc, kind_spans)
    return MeetingFound(kind, number, date, end_date, partial, span, kind_spans)


# --- pairing ----------------------------------------------------------------------------------------------

#: 大连·六盘水, 深圳—河池, 深圳市-河池市: two places joined by a middle dot or a single dash.
DOT_CJK_RE = re.compile(
    rf"(?P<a>{HAN_CLASS}{{2,12}})\s*(?:[·・•‧･]|(?P<dash>(?<![—–－-])[—–－-](?![—–－-])))\s*(?P<b>{HAN_CLASS}{{2,14}})"
)
DOT_EN_RE = re.compile(r"\b(?P<a>[A-Z][A-Za-z'’]+)\s*[·・•‧･]\s*(?P<b>[A-Z][A-Za-z'’]+)")
AND_CJK_RE = re.compile(
    rf"(?P<a>{HAN_CLASS}{{2,12}}?{ADMIN_SUFFIX_RE})(?:与|和|同|及|と)"
    rf"(?P<b>(?:{HAN_CLASS}{{1,10}}?{ADMIN_SUFFIX_RE})+)"
)
#: 广州市党政代表团赴毕节市 / 北京市对口支援拉萨市: the helping side, a verb of visiting or helping, the
#: other.
VERB_PAIR_CJK_RE = re.compile(
    rf"(?P<a>{HAN_CLASS}{{2,12}}?{ADMIN_SUFFIX_RE})(?:(?:党政)?(?:代表团|考察团)(?:一行)?(?:赴|到|来|抵达|前往)|"
    rf"对口(?:支援|帮扶|援助|协作))(?P<b>(?:{HAN_CLASS}{{1,10}}?{ADMIN_SUFFIX_RE})+)"
)
SHORT_PAIR_RE = re.compile(
    rf"(?P<a>{HAN_CLASS})(?P<b>{HAN_CLASS})(?:两市|两地|两省市|两省|两县|两区|东西部扶贫协作|东西部协作|扶贫协作|对口帮扶|"
    rf"对口支援|对口协作|协作|合作)"
)
BETWEEN_EN_RE = re.compile(
    r"\bbetween\s+(?:the\s+)?(?P<a>[A-Z][A-Za-z'’]+(?:\s+City)?)\s+and\s+(?:the\s+)?(?P<b>[A-Z][A-Za-z'’]+(?:\s+City)?)"
)
TOPIC_WORD_RE = re.compile(
    r"东西部|扶贫|协作|合作|精准|对口|联席|推进|工作|产业|劳务|教育|携手|帮扶|脱贫|乡村|振兴|两地|两市|贫困|协力|会议|"
    r"连携|援助|支援"
)
_LEFT_CUT = set("在于日午为和与是的了召开举行会上时及由对向从将把")
_ADMIN_UNIT_RE = re.compile(rf"{HAN_CLASS}{{1,10}}?{ADMIN_SUFFIX_RE}")


@dataclass
class PairingFound:
    sides: list[str]
    spans: list[Span]
    span: Span


def _known_region(doc: Doc, name: str) -> bool:
    return bool(doc.gazetteer.lookup_loose(name, "region"))


def _trim_left_place(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    """The place name that ends at b within work[a:b]: the longest known name, else the part after the last
    function character."""
    for start in range(a, b - 1):
        if _known_region(doc, doc.work[start:b]):
            return start, b
    run = doc.work[a:b]
    cut = max((i for i, c in enumerate(run) if c in _LEFT_CUT), default=-1)
    start = a + cut + 1
    if b - start < 2 or b - start > 8:
        return None
    return start, b


def _trim_right_place(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    """The place name that starts at a: the longest known name, else the shortest prefix ending in an
    administrative suffix (六盘水市精准… → 六盘水市)."""
    for end in range(b, a + 1, -1):
        if _known_region(doc, doc.work[a:end]):
            return a, end
    m = re.match(rf"{HAN_CLASS}{{1,9}}?{ADMIN_SUFFIX_RE}", doc.work[a:b])
    if m and m.end() >= 3:
        return a, a + m.end()
    # no suffix (杭州·恩施东西部扶贫协作…): the name runs up to the first word of the topic
    topic = TOPIC_WORD_RE.search(doc.work, a, b)
    if topic and 2 <= topic.start() - a <= 6:
        return a, topic.start()
    return None


def _expand_short(doc: Doc, char: str) -> str | None:
    """A one-character short form → the place it stands for: the registry or the built-in province
    short forms when the text names that place, else a place name in the text that starts with it
    (遵 → 遵义市; 甘 in 津甘 → 甘南州 when the text speaks of 甘南州 and not of 甘肃), else the registry."""
    entries = doc.gazetteer.lookup(char, "region")
    for entry in entries:
        if to_simplified(strip_admin_suffix(entry.name)) in doc.work:
            return strip_admin_suffix(entry.name)
    m = re.search(rf"{re.escape(char)}{HAN_CLASS}{{1,3}}?(?:市|县|州|盟)", doc.work)
    if m:
        return strip_admin_suffix(doc.text[m.start() : m.end()])
    if entries:
        return strip_admin_suffix(entries[0].name)
    return None


def find_pairing(doc: Doc, meeting_span: Span) -> PairingFound | None:
    regions = [*doc.header_lines(), meeting_span, *doc.body_sentences()[:3]]
    seen: list[Span] = []
    for region in regions:
        if region in seen or region[0] >= region[1]:
            continue
        seen.append(region)
        found = _pairing_in(doc, region)
        if found:
            return _orient(doc, found)
    return None


def _pairing_in(doc: Doc, region: Span) -> PairingFound | None:
    a0, b0 = region
    work = doc.work[a0:b0]
    if doc.lang == "en":
        for pattern in (DOT_EN_RE, BETWEEN_EN_RE):
            m = pattern.search(work)
            if m:
                spans = [(a0 + m.start("a"), a0 + m.end("a")), (a0 + m.start("b"), a0 + m.end("b"))]
                sides = [doc.text[x:y] for x, y in spans]
                if _side_key(sides[0]) != _side_key(sides[1]):
                    return PairingFound(sides, spans, region)
        return None
    for m in DOT_CJK_RE.finditer(work):
        if m.group("dash") and not TOPIC_WORD_RE.search(work):
            continue  # "中国-大连" in a site's title; a dash joins a pairing only in a line about the pairing
        left = _trim_left_place(doc, a0 + m.start("a"), a0 + m.end("a"))
        right = _trim_right_place(doc, a0 + m.start("b"), a0 + m.end("b"))
        if left and right:
            return PairingFound(
                [doc.text[left[0] : left[1]], doc.text[right[0] : right[1]]], [left, right], region
            )
    for m in [*AND_CJK_RE.finditer(work), *VERB_PAIR_CJK_RE.finditer(work)]:
        left = _trim_left_place(doc, a0 + m.start("a"), a0 + m.end("a"))
        units = list(_ADMIN_UNIT_RE.finditer(m.group("b")))
        if not left or not units:
            continue
        last = units[-1]
        right = (a0 + m.start("b") + last.start(), a0 + m.start("b") + last.end())
        if right[1] - right[0] < 3 and not _known_region(doc, doc.work[right[0] : right[1]]):
            continue
        sides = [doc.text[left[0] : left[1]], doc.text[right[0] : right[1]]]
        if _side_key(sides[0]) != _side_key(sides[1]):
            return PairingFound(sides, [left, right], region)
    for m in SHORT_PAIR_RE.finditer(work):
        ca, cb = m.group("a"), m.group("b")
        if ca == cb:
            continue
        ea, eb = _expand_short(doc, ca), _expand_short(doc, cb)
        if ea and eb and _side_key(ea) != _side_key(eb):
            spans = [(a0 + m.start("a"), a0 + m.end("a")), (a0 + m.start("b"), a0 + m.end("b"))]
            return PairingFound([ea, eb], spans, region)
    return None


HELPED_CJK_RE = re.compile(
    rf"(?:对口(?:支援|帮扶|援助|协作)|帮扶|援助|支援|援建|扶持)(?:了)?(?P<n>{HAN_CLASS}{{2,12}})"
)
HELPED_JA_RE = re.compile(
    rf"(?P<n>{HAN_CLASS}{{2,10}})(?:を対象に|への|に対する|を)(?:{HAN_CLASS}{{0,4}})?(?:扶助|支援|援助)"
)
HELPED_EN_RE = re.compile(
    r"\b(?:help(?:ing|ed|s)?|assist(?:ing|ed|ance to)?|support(?:ing|ed)?|aid(?:ing|ed)?)"
    r"\s+(?P<n>[A-Z][A-Za-z]+)"
)


def _orient(doc: Doc, found: PairingFound) -> PairingFound:
    """[helping, helped]: written helper first as a rule (沪遵, 大连·六盘水); swapped when the text says
    the first is the one helped (对口支援 X, "helping X", Xへの扶助)."""
    keys = [_side_key(s) for s in found.sides]
    votes = [0, 0]
    patterns = {"en": [HELPED_EN_RE], "ja": [HELPED_JA_RE, HELPED_CJK_RE]}.get(doc.lang, [HELPED_CJK_RE])
    for pattern in patterns:
        for m in pattern.finditer(doc.work):
            name = m.group("n").lower()
            for i, key in enumerate(keys):
                if key and key in name[: len(key) + 8]:
                    votes[i] += 1
    if votes[0] > votes[1]:
        return PairingFound(found.sides[::-1], found.spans[::-1], found.span)
    return found


# --- people -----------------------------------------------------------------------------------------------


@dataclass
class PersonFound:
    name: str  # surface
    key: str  # work form
    title: str
    span: Span
    first: int  # offset of the discovering mention
    role: str = "attendee"


def _is_cjk_name(name: str) -> bool:
    if not re.fullmatch(f"{HAN_CLASS}{{2,4}}", name):
        return False
    if len(name) == 4 and name[:2] in lx.TIBETAN_NAME_PARTS and name[2:] in lx.TIBETAN_NAME_PARTS:
        return True  # 扎西顿珠, 白玛次仁: Tibetan names have no surname
    if name[:2] in lx.SURNAMES_2:
        given = name[2:]
        return 1 <= len(given) <= 2 and not any(c in lx.NAME_STOP_CHARS for c in given)
    if name[0] in lx.SURNAMES_1:
        given = name[1:]
        return 1 <= len(given) <= 2 and not any(c in lx.NAME_STOP_CHARS for c in given)
    return False


def _name_at(doc: Doc, pos: int, end_re: re.Pattern[str]) -> tuple[int, int] | None:
    """A name starting at `pos` and followed by what may follow a name; the longest one wins."""
    for length in (4, 3, 2):
        cand = doc.work[pos : pos + length]
        if len(cand) == length and _is_cjk_name(cand) and end_re.match(doc.work, pos + length):
            if length == 4 and cand[:2] not in lx.SURNAMES_2 and cand[:2] not in lx.TIBETAN_NAME_PARTS:
                continue
            return pos, pos + length
    return None


_END_ZH = re.compile(lx.NAME_END_ZH)
_END_JA = re.compile(lx.NAME_END_JA + "|" + lx.NAME_END_ZH)
TITLE_FIND_RE = re.compile(lx.TITLE_RE)
CLAUSE_START_RE = re.compile(r"[，,。；;：:\n！？!?「」“”()（）]")
CLAUSE_START_JA_RE = re.compile(r"[、，,。；;：:\n！？!?「」“”()（）はがを]")


def _title_before(doc: Doc, end: int) -> str:
    """The title phrase that ends at `end`: back to the previous clause mark (in Japanese also 、 and the
    topic and subject particles, since there a list of people is separated by 、)."""
    start = end
    stop = CLAUSE_START_JA_RE if doc.lang == "ja" else CLAUSE_START_RE
    while start > 0 and not stop.match(doc.work[start - 1]) and end - start < 40:
        start -= 1
    title = doc.text[start:end].strip()
    # a leading date or adverbial ("5月8日至9日,") is not part of a title
    title = re.sub(r"^(?:\d{1,2}月)?\d{1,2}日(?:至\d{1,2}日)?", "", title)
    return title.strip(" 、,，")


def _people_cjk(doc: Doc) -> list[PersonFound]:  # noqa: C901  # to split (issue 12)
    end_re = _END_JA if doc.lang == "ja" else _END_ZH
    found: dict[str, PersonFound] = {}

    def add(a: int, b: int, title: str) -> None:
        key = doc.work[a:b]
        # a title phrase never holds the person before: "A书记周某、B书记柯某" → "B书记"
        for other in found:
            for joiner in ("、", "和", "与", "及", ",", "，"):
                cut = title.rfind(doc.text[found[other].first : found[other].first + len(other)] + joiner)
                if cut >= 0:
                    title = title[cut + len(other) + 1 :]
        if key not in found:
            found[key] = PersonFound(doc.text[a:b], key, title, doc.sentence_of(a), a)
        elif not found[key].title and title:
            found[key].title = title

    # <title><name>(、<name>)* — 省委书记、省长谌贻琴 / 市领导杨文龙、李长春等
    for m in TITLE_FIND_RE.finditer(doc.work):
        pos = m.end()
        title = _title_before(doc, m.end())
        while True:
            hit = _name_at(doc, pos, end_re)
            if not hit:
                break
            add(hit[0], hit[1], title)
            if doc.work[hit[1] : hit[1] + 1] in {"、", "，"} and hit[1] + 1 < len(doc.work):
                nxt = _name_at(doc, hit[1] + 1, end_re)
                if nxt and doc.work[hit[1]] == "、":
                    pos = hit[1] + 1
                    continue
            if doc.lang == "ja" and doc.work[hit[1] : hit[1] + 1] == "氏":
                break
            break
    if doc.lang == "ja":
        # <...>の<name>氏 / 、<name>氏 / <name>氏は
        list_title = ""
        for m in re.finditer("氏", doc.work):
            b = m.start()
            a = b
            while a > 0 and re.match(HAN_CLASS, doc.work[a - 1]) and b - a < 6:
                a -= 1
            run = doc.work[a:b]
            hit = None
            for length in (min(len(run), 4), 3, 2):
                if length <= len(run) and _is_cjk_name(run[-length:]):
                    hit = (b - length, b)
                    break
            if not hit:
                continue
            before = doc.work[hit[0] - 1] if hit[0] > 0 else ""
            if before == "の":
                list_title = _title_before(doc, hit[0] - 1)
                title = list_title
            elif before == "、":
                title = list_title
            else:
                title = ""
            add(hit[0], hit[1], title)
        # の<name><title> — 国务院…司の曲天軍司長
        for m in re.finditer(
            rf"の(?P<n>{HAN_CLASS}{{2,4}}?)(?P<t>{lx.TITLE_RE})(?=[、,，。がはをとの\s])", doc.work
        ):
            if _is_cjk_name(m.group("n")):
                org = _title_before(doc, m.start())
                add(m.start("n"), m.end("n"), org + doc.text[m.start("t") : m.end("t")])
    return list(found.values())


EN_NAME_RE = re.compile(r"\b(?P<s>[A-Z][a-z]{0,8})\s(?P<g>[A-Z][a-z]{1,12})\b")
EN_ORG_AFTER_RE = re.compile(r"\s+(?:" + "|".join(lx.EN_ORG_HEADS) + r")\b")


def is_pinyin_word(word: str) -> bool:
    """Can `word` be cut into one to three pinyin syllables? ("Zuojun" → zuo·jun)."""
    word = word.lower().replace("'", "").replace("’", "")
    n = len(word)
    best = [99] * (n + 1)
    best[0] = 0
    for i in range(n):
        if best[i] >= 3:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            if word[i:j] in lx.PINYIN_SYLLABLES:
                best[j] = min(best[j], best[i] + 1)
    return best[n] <= 3


def _is_en_person(match: re.Match[str], text: str) -> bool:
    return (
        match.group("s") in lx.PINYIN_SURNAMES
        and is_pinyin_word(match.group("g"))
        and not EN_ORG_AFTER_RE.match(text, match.end())
    )


def _starts_with_en_person(text: str) -> bool:
    m = EN_NAME_RE.match(text)
    return bool(m and _is_en_person(m, text))


def _people_en(doc: Doc) -> list[PersonFound]:
    found: dict[str, PersonFound] = {}
    for m in EN_NAME_RE.finditer(doc.work):
        if not _is_en_person(m, doc.work):
            continue
        key = m.group(0)
        if key in found:
            continue
        title = ""
        after = doc.text[m.end() : m.end() + 200]
        t = re.match(
            r",\s*(?P<t>[^,]{3,160}?)(?=,|\s+(?:attended|presided|reported|delivered|said)\b)", after
        )
        if t and not _starts_with_en_person(t.group("t")) and not t.group("t").lower().startswith("and "):
            title = t.group("t").strip()
        else:
            before = doc.text[max(0, m.start() - 240) : m.start()]
            lm = re.search(
                r"([A-Z][\w ]{3,60}?)\s+(?:like|such as|including)\s+(?:[A-Z]\w+ [A-Z]\w+,\s*)*$", before
            )
            if lm:
                title = lm.group(1).strip()
        found[key] = PersonFound(
            doc.text[m.start() : m.end()], key, title, doc.sentence_of(m.start()), m.start()
        )
    return list(found.values())


_REFERENCE_AFTER = re.compile(r"\s?(?:总书记|総書記|主席)(?!\S*(?:主持|出席|参加))")
_REFERENCE_BEFORE = re.compile(r"(?:General Secretary|Comrade|President|Chairman)\s+$")


def _is_reference(doc: Doc, person: PersonFound) -> bool:
    """Names only quoted, never present: the general secretary of the party ("习近平总书记", "General
    Secretary Xi Jinping")."""
    for m in re.finditer(re.escape(person.key), doc.work):
        after = doc.work[m.end() : m.end() + 4]
        before = doc.work[max(0, m.start() - 20) : m.start()]
        if after.startswith(("总书记", "総書記")) or _REFERENCE_BEFORE.search(before):
            return True
        if before.endswith(("总书记", "総書記")):
            return True
    return False


def _clauses(doc: Doc, sentence: Span) -> list[Span]:
    a, b = sentence
    text = doc.work[a:b]
    if doc.lang == "en":
        cut_re = re.compile(r",\s+|;\s+")
    elif doc.lang == "ja":
        cut_re = re.compile(r"(?<=[しててりきみいちびにでえけせれめ])、|[,，；;]")
    else:
        cut_re = re.compile(r"[,，；;:：]")
    spans, pos = [], 0
    for m in cut_re.finditer(text):
        spans.append((a + pos, a + m.start()))
        pos = m.end()
    spans.append((a + pos, b))
    return [s for s in spans if s[1] > s[0]]


#: A chair named after the verb: "presided over by X", "chaired by X".
PASSIVE_CHAIR_RE = re.compile(r"(?:presided over|chaired|hosted|moderated)\s+by\s+$", re.I)


def _cues(text: str) -> set[str]:
    return {role for role, pattern in lx.ROLE_CUES if pattern.search(text)}


def assign_roles(doc: Doc, people: list[PersonFound]) -> None:
    """Each mention of a person takes the cue words of its clause and of the clauses after it that carry
    no other name (their shared predicate): "A、B、C出席并讲话" makes all three speakers. A person's role is
    the strongest over all mentions: chair > speaker > reporter > attendee."""
    keys = [p.key for p in people]
    for person in people:
        best = 0
        for m in re.finditer(re.escape(person.key), doc.work):
            sentence = doc.sentence_of(m.start())
            if sentence[0] == sentence[1]:
                continue
            clauses = _clauses(doc, sentence)
            index = next((i for i, c in enumerate(clauses) if c[0] <= m.start() < c[1]), None)
            if index is None:
                continue
            cues: set[str] = set()
            if PASSIVE_CHAIR_RE.search(doc.work[clauses[index][0] : m.start()]):
                cues.add("chair")
            for j in range(index, len(clauses)):
                ca, cb = clauses[j]
                clause = doc.work[ca:cb]
                if j > index and cues and any(k in clause for k in keys if k != person.key):
                    break
                own = clause
                if j == index:
                    # only what follows the name (a clause "A主持, B讲话" is cut at the name after)
                    own = doc.work[m.end() : cb]
                    others = [clause.find(k) for k in keys if k != person.key and k in doc.work[m.end() : cb]]
                    if others and cues:
                        pass
                cues |= _cues(own)
            for role in cues:
                best = max(best, lx.ROLE_ORDER[role])
        person.role = next((r for r, v in lx.ROLE_ORDER.items() if v == best), "attendee")


def find_people(doc: Doc) -> list[PersonFound]:
    people = _people_en(doc) if doc.lang == "en" else _people_cjk(doc)
    people = [p for p in people if not _is_reference(doc, p)]
    # a shorter key inside a longer one (王忠 in 王忠书 …) is the same mention: keep the longer
    people = [
        p
        for p in people
        if not any(
            q is not p and p.key in q.key and q.first <= p.first < q.first + len(q.key) for q in people
        )
    ]
    people.sort(key=lambda p: p.first)
    assign_roles(doc, people)
    return people


# --- agreements -------------------------------------------------------------------------------------------


@dataclass
class AgreementFound:
    parties: list[str]
    subject: str
    kind: str
    span: Span
    party_of_pairing: bool = False


_LEAD_ADVERBIAL_ZH = re.compile(
    r"^(?:会上|会议上|会议期间|会前|会后|期间|同时|此外|另外|现场|活动中|仪式上|当天|当日|席间|随后|最后|其中|并|还)[,，、]?"
)
_LEAD_ADVERBIAL_JA = re.compile(r"^(?:[^、]{0,10}?(?:では|には|において|で|上)、|また、|さらに、|そして、)")
_PAIRING_WORDS_CJK = re.compile(
    rf"(?:{HAN_CLASS}{{0,2}})?(?:两市|两地|双方|两省|两省市|两县|两区|両市|両者|両省|双方)"
)
_QUOTED = re.compile(r"[「“\"《『](?P<q>[^」”\"》』]{2,200})[」”\"》』]")


def agreement_kind(subject: str) -> str:
    work = to_simplified(subject)
    for kind, pattern in lx.AGREEMENT_KINDS:
        if pattern.search(work):
            return kind
    return "other"


#: Adverbs between the parties and the verb (…分别签订, …现场签订, …共同签署).
_PARTY_TAIL_ZH = re.compile(r"(?:分别|共同|现场|正式|当场|一起|一同|集中|还|也|并|又|均|已)+$")
#: How many sign (A、B与C三方签订, A、BとCの三者は): not a party.
_PARTY_COUNT = re.compile(r"(?:的|の)?(?:双方|两方|三方|四方|五方|两者|三者|四者|両者|各方)$")
#: 等 meaning "and others" (not 高等, 中等, 同等, 平等, 等级).
_ETC_RE = re.compile(r"など|(?<![高中同平初对])等(?!级|次)")
#: Where the name of a party ends, so that 与/和/及 after it joins two parties (人力资源和社会保障局 stays
#: one).
_PARTY_END_CHARS = "市县区州省盟旗镇乡村局委办厅部司署团院校学会社行所厂场站馆园店队处室组中心司府协联营"
_PARTY_JOIN_RE = re.compile(rf"(?<=[{_PARTY_END_CHARS}])(?:与|和|同|跟|及)|(?:与|同|跟)")
_PARTY_SEP_RE = re.compile(r"[、，,]")


def _split_parties_zh(text: str) -> list[str]:
    """市商务局、州投资促进局与港口集团 → three parties; 与/和/及 join parties only after the end of a name
    (a name such as 人力资源和社会保障局 keeps its 和), else the first 与/同/跟 does."""
    work = to_simplified(text)  # one character for one: offsets fit `text`
    out: list[str] = []
    start = 0
    for sep in [*_PARTY_SEP_RE.finditer(work), None]:
        end = sep.start() if sep else len(work)
        pos = start
        for m in _PARTY_JOIN_RE.finditer(work, start, end):
            if m.start() - pos >= 2:
                out.append(text[pos : m.start()])
                pos = m.end()
        out.append(text[pos:end])
        start = sep.end() if sep else end
    return [x for x in (p.strip() for p in out) if x]


def _clean_party(text: str, lang: str) -> str:
    text = text.strip(" 、,，。；;:：「」“”\"'《》")
    if lang == "en":
        text = re.sub(r"^(?:and|with|the|both|also)\s+", "", text, flags=re.I)
        text = re.sub(r"^(?:At|In|During|On)\s+the\s+\w+(?:\s+\w+)?,\s*", "", text)
        text = text.strip(" ,")
        if text.endswith(".") and not re.search(r"\b(?:Ltd|Co|Inc|Corp|Bros)\.$", text):
            text = text[:-1]
        return text
    # "六盘水幼儿师范などの高等専門学校" → the named school
    work = to_simplified(text)
    etc = _ETC_RE.search(work, 1)
    text = text[: etc.start()] if etc else text
    text = re.sub(r"(?:が|は|と|も|共同|一起)$", "", text)
    text = text.strip(" 、,，")
    for pattern in (_PARTY_TAIL_ZH, _PARTY_COUNT):
        m = pattern.search(to_simplified(text))
        if m and m.start() >= 2:
            text = text[: m.start()]
    return text.strip(" 、,，")


def _split_cjk_list(text: str) -> list[str]:
    return [p for p in re.split(r"[、，,]|及び|并且|以及|及|和|と", text) if p.strip()]


def _agreement_subject(text: str) -> str:
    text = text.strip(" ,，。.、")
    q = _QUOTED.search(text)
    if q:
        return q.group("q").strip()
    text = re.sub(r"^(?:了|的|a |an |the )", "", text)
    return text.strip(" ,，。.、")


def _subject_items(subject: str) -> list[str]:
    """教育扶贫、健康扶贫…等协议 → 教育扶贫协议, 健康扶贫协议, …; 《A》《B》和《C》 → A, B, C."""
    titles = re.findall(r"《([^》]{2,200})》", subject)
    if len(titles) >= 2:
        return [t.strip() for t in titles]
    m = re.fullmatch(rf"(?P<items>.+?)等(?P<noun>(?:合作|帮扶|框架)?(?:{lx.CONTRACT_NOUNS_CJK}))", subject)
    if not m or "、" not in m.group("items"):
        return [subject]
    return [item.strip() + m.group("noun") for item in m.group("items").split("、") if item.strip()]


def _agreements_cjk(doc: Doc, pairing: list[str] | None) -> list[AgreementFound]:
    out: list[AgreementFound] = []
    sign = re.compile(lx.SIGN_VERBS_CJK)
    for sentence in doc.sentences:
        s_work = doc.work[sentence[0] : sentence[1]]
        if not sign.search(s_work) or not re.search(lx.CONTRACT_NOUNS_CJK, s_work):
            continue
        # clauses: one signing each (ja: …を締結し、…; zh: …，…)
        if doc.lang == "ja":
            cuts = [m.end() for m in re.finditer(rf"(?:{lx.SIGN_VERBS_CJK})し、", s_work)]
        else:
            cuts = [m.end() for m in re.finditer(r"[，,；;]", s_work)]
        pos = 0
        for cut in [*cuts, len(s_work)]:
            a, b = sentence[0] + pos, sentence[0] + cut
            pos = cut
            if not sign.search(doc.work[a:b]):
                continue
            out.extend(_parse_cjk_clause(doc, a, b, sentence, pairing))
    return out


def _surface(doc: Doc, a: int, b: int) -> str:
    return doc.text[a:b]


def _parse_cjk_clause(  # noqa: C901  # to split (issue 12)
    doc: Doc, a: int, b: int, sentence: Span, pairing: list[str] | None
) -> list[AgreementFound]:
    work = doc.work[a:b]
    lead = (_LEAD_ADVERBIAL_JA if doc.lang == "ja" else _LEAD_ADVERBIAL_ZH).match(work)
    if lead:
        a += lead.end()
        work = doc.work[a:b]
    sv = lx.SIGN_VERBS_CJK

    def surf(m: re.Match[str], group: str) -> str:
        return _surface(doc, a + m.start(group), a + m.end(group))

    def found(parties: list[str], subject: str, from_pairing: bool = False) -> list[AgreementFound]:
        parties = [p for p in (_clean_party(x, doc.lang) for x in parties) if p]
        items = _subject_items(subject.strip(" ,，。.、了"))
        if len(items) < 2:
            items = _subject_items(_agreement_subject(subject))
        return [AgreementFound(parties, item, agreement_kind(item), sentence, from_pairing) for item in items]

    def pairs(groups: list[list[str]], subject: str) -> list[AgreementFound]:
        return [x for group in groups for x in found(group, subject)]

    # the two sides: 沪遵两市签订了…协议 / 両市は「…」を調印した
    pm = _PAIRING_WORDS_CJK.search(work)
    sm = re.search(sv, work)
    if pm and sm and pm.start() < sm.start() and pm.start() <= 4:
        parties = list(pairing) if pairing else [_surface(doc, a + pm.start(), a + pm.end())]
        if doc.lang == "ja":
            q = re.search(rf"(?:は|が)?(?P<s>.+?)を(?:{sv})", work[pm.end() :])
            subject = _surface(doc, a + pm.end() + q.start("s"), a + pm.end() + q.end("s")) if q else ""
        else:
            subject = _surface(doc, a + sm.end(), b)
        return found(parties, subject, True)
    if doc.lang == "ja":
        # AとB、CとDがそれぞれ「S」を締結: one agreement per pair
        m = re.match(rf"(?P<list>.+?)(?:が|は)それぞれ(?P<s>[^と]+?)(?:を|に)(?:{sv})", work)
        if m:
            groups = [g.split("と") for g in re.split("、", surf(m, "list"))]
            if len(groups) >= 2 and all(len(g) == 2 for g in groups):
                return pairs(groups, surf(m, "s"))
        m = re.match(rf"(?P<list>.+?)(?:が|は)それぞれ(?P<b>.+?)と(?P<s>.+?)を(?:{sv})", work)
        if m:
            items = _split_cjk_list(surf(m, "list"))
            return [x for item in items for x in found([item, surf(m, "b")], surf(m, "s"))]
        m = re.match(rf"(?P<p>.+?)(?:が|は)(?P<s>[^がは]+?)(?:を|に)(?:{sv})", work)
        if m and "と" in m.group("p"):
            return found(re.split("[と、]", surf(m, "p")), surf(m, "s"))
        # AはBと「S」を締結 / AがBとSを締結
        m = re.match(rf"(?P<a>[^、]+?)(?:が|は)(?P<b>[^がは「」]+?)と(?P<s>[^と]+?)(?:を|に)(?:{sv})", work)
        if m:
            return found([surf(m, "a"), surf(m, "b")], surf(m, "s"))
        m = re.match(rf"(?P<all>.+?)を(?:{sv})", work)
        if m:
            items = surf(m, "all").split("と")
            if len(items) >= 3:
                return found(items[:-1], items[-1])
        return []
    # zh: <parties>(就<topic>)<adverbs><verb>了<subject>
    m = re.match(rf"(?P<pre>.+?)(?:就(?P<on>.+?))?(?:{sv})了?(?P<s>.*)", work)
    if not m:
        return []
    subject = surf(m, "s")
    if m.group("on"):
        subject = surf(m, "on") + subject
    pre_end = m.end("pre")
    tail = _PARTY_TAIL_ZH.search(m.group("pre"))
    respectively = bool(tail and "分别" in tail.group(0))
    if tail:
        pre_end = m.start("pre") + tail.start()
    pre = _surface(doc, a, a + pre_end)
    pre_work = work[:pre_end]
    # A、B、C分别与D、E、F签订: pairwise when both lists are as long, else each with the other side
    resp = re.match(r"(?P<l>.+?)分别(?:与|和|同|跟)(?P<r>.+)$", pre_work)
    if resp:
        left = _split_parties_zh(pre[: resp.end("l")])
        right = _split_parties_zh(pre[resp.start("r") :])
        if len(left) == len(right) > 1:
            return pairs([[x, y] for x, y in zip(left, right, strict=True)], subject)
        other = pre[resp.start("r") :]
        return pairs([[x, other] for x in left], subject)
    # A与B、C与D分别签订: one agreement per pair
    if respectively:
        groups = [_split_parties_zh(g) for g in re.split(r"[、，,]", pre) if g.strip()]
        if len(groups) >= 2 and all(len(g) == 2 for g in groups):
            return pairs(groups, subject)
    # A与B / A、B与C(三方): one agreement with every party
    parties = _split_parties_zh(pre)
    if len(parties) >= 2:
        return found(parties, subject)
    return []


_PROTECT_RE = re.compile(r"\b(Co|Inc|Corp|Ltd|No|St|Mr|Ms|Dr)\.,", re.I)
_EN_HEAD_END_RE = re.compile(
    r"(?:"
    + "|".join(lx.EN_ORG_HEADS)
    + r"|Ltd\.?|Inc\.?|Co\.?|Government|Exchange|Committee|Administration)$"
)
#: An organization's head word anywhere in a piece ("the Linxia Prefecture Bureau of Commerce").
_EN_HEAD_WORD_RE = re.compile(
    r"\b(?:Bureau|Department|Commission|Office|Committee|Administration|Ministry)\s+of\b"
)
_EN_PAIRING_RE = re.compile(
    r"(?:the\s+)?(?:two|both)\s+(?:cities|sides|parties|provinces|counties|places|governments)", re.I
)


def split_en_list(text: str) -> list[str]:
    """ "A, B and C" → [A, B, C]; an "and" inside a name ("Science and Technology Innovation City") stays:
    an "and" splits only where the part before it ends like an organization's name."""
    text = _PROTECT_RE.sub(lambda m: m.group(0)[:-1] + "\x00", text)
    pieces = [p.strip().replace("\x00", ",") for p in re.split(r",\s*(?:and\s+)?", text) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        parts = piece.split(" and ")
        current = parts[0]
        for part in parts[1:]:
            if _EN_HEAD_END_RE.search(current.strip()) or _EN_HEAD_WORD_RE.search(current):
                out.append(current.strip())
                current = part
            else:
                current = current + " and " + part
        out.append(current.strip())
    return [p for p in out if p]


_EN_LEAD_WORD_RE = re.compile(
    r"(?:At|In|During|On|After|Before|Meanwhile|Also|Besides|Moreover|Furthermore|Then|Later|Finally|Since|"
    r"With|Under|According|Among|Of|To|For|As|It|He|She|They|This|These)\b"
)
_EN_VERB_RE = re.compile(
    r"\b(?:was|were|is|are|said|held|has|have|had|will|would|signed|attended|presided|delivered|stressed)\b"
)


def _en_name_like(segment: str) -> bool:
    """Can a comma-separated piece be an item of a list of parties (no verb, no leading adverbial)?"""
    segment = segment.strip()
    return (
        bool(segment)
        and not _EN_LEAD_WORD_RE.match(segment)
        and not _EN_VERB_RE.search(segment)
        and len(segment.split()) <= 10
    )


def _agreements_en(doc: Doc, pairing: list[str] | None) -> list[AgreementFound]:
    out: list[AgreementFound] = []
    for sentence in doc.sentences:
        s_text = doc.work[sentence[0] : sentence[1]]
        if not re.search(r"\bsigned\b|\bsigning of\b|\binked\b|\bconcluded\b", s_text):
            continue
        if not re.search(r"agreement|contract|memorand|protocol|\bplan\b|\bMoU\b", s_text, re.I):
            continue
        protected = _PROTECT_RE.sub(lambda m: m.group(0)[:-1] + "\x00", s_text)
        segments: list[tuple[int, int]] = []
        pos = 0
        for m in re.finditer(r",\s+", protected):
            segments.append((pos, m.start()))
            pos = m.end()
        segments.append((pos, len(protected)))
        pending: list[tuple[int, int]] = []
        done: set[tuple[int, int]] = set()
        for sa, sb in segments:
            if (sa, sb) in done:
                continue
            seg = protected[sa:sb]
            if not re.search(r"\bsigned\b", seg):
                pending.append((sa, sb))
                continue
            start, end = sa, sb
            names: list[
                tuple[int, int]
            ] = []  # the pending segments right before that read as names (a list of parties)
            for pa, pb in reversed(pending):
                if not _en_name_like(protected[pa:pb]):
                    break
                names.insert(0, (pa, pb))
            signed_at = re.search(r"\bsigned\b", seg)
            before_signed = seg[: signed_at.start() if signed_at else len(seg)]
            if names and (re.search(r"\brespectively\b", seg) or re.search(r"\band\s", before_signed)):
                start = names[0][0]
            elif pending and re.match(r"and\s", seg):
                start = pending[-1][0]
            if re.search(r"\brespectively\b", seg) and re.search(r"\bwith\s", seg):
                # "… respectively signed … with A, B and C": the list after "with" runs on
                follow = [x for x in segments if x[0] >= sb]
                for fa, fb in follow:
                    if not _en_name_like(protected[fa:fb]):
                        break
                    end = fb
                    done.add((fa, fb))
            pending = []
            surface = doc.text[sentence[0] + start : sentence[0] + end]
            out.extend(_parse_en_clause(surface, sentence, pairing))
    return out


def _parse_en_clause(surface: str, sentence: Span, pairing: list[str] | None) -> list[AgreementFound]:
    def result(
        parties: list[str], subject: str, tail: str | None, from_pairing: bool = False
    ) -> AgreementFound:
        subject = _agreement_subject(subject)
        if tail:
            subject = f"{subject} {tail.strip()}"
        return AgreementFound(
            [p for p in (_clean_party(x, "en") for x in parties) if p],
            subject.strip(),
            agreement_kind(subject),
            sentence,
            from_pairing,
        )

    tail_re = r"(?:\s+(?P<tail>(?:to|on|for|regarding|concerning|about|in order to)\s.+?))?"
    m = re.match(
        r"(?P<pre>.*?)" + _EN_PAIRING_RE.pattern + r"\s+(?:jointly\s+)?signed\s+(?P<s>.+?)\.?$", surface, re.I
    )
    if m and len(m.group("pre")) < 40:
        parties = list(pairing) if pairing else ["the two sides"]
        return [result(parties, m.group("s"), None, True)]
    m = re.match(
        r"(?P<list>.+?)\s+respectively\s+signed\s+(?P<s>.+?)\s+with\s+(?P<b>.+?)" + tail_re + r"\.?$", surface
    )
    if m:
        left = split_en_list(m.group("list"))
        if len(left) > 1:  # "Jinan's Lixia District, Shizhong District and …": the owner is not a party
            left[0] = re.sub(r"^[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?['’]s\s+(?=[A-Z])", "", left[0])
        right = split_en_list(m.group("b"))
        if len(left) == len(right) > 1:
            return [result([x, y], m.group("s"), m.group("tail")) for x, y in zip(left, right, strict=True)]
        return [result([item, m.group("b")], m.group("s"), m.group("tail")) for item in left]
    m = re.match(r"(?P<a>.+?)\s+signed\s+(?P<s>.+?)\s+with\s+(?P<b>.+?)" + tail_re + r"\.?$", surface)
    if m:
        return [result([m.group("a"), m.group("b")], m.group("s"), m.group("tail"))]
    m = re.match(r"(?P<ab>.+?)\s+(?:jointly\s+)?signed\s+(?P<s>.+?)\.?$", surface)
    if m:
        parties = split_en_list(m.group("ab"))
        if len(parties) >= 2:
            return [result(parties, m.group("s"), None)]
    return []


def find_agreements(doc: Doc, pairing: list[str] | None) -> list[AgreementFound]:
    found = _agreements_en(doc, pairing) if doc.lang == "en" else _agreements_cjk(doc, pairing)
    out: list[AgreementFound] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    for agreement in found:
        if len(agreement.parties) < 2 and not agreement.party_of_pairing:
            continue
        key = (
            tuple(to_simplified(p).lower() for p in agreement.parties),
            to_simplified(agreement.subject).lower(),
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(agreement)
    return out


# --- figures ----------------------------------------------------------------------------------------------

_CJK_UNITS = (
    "万元|亿元|千元|美元|元|人次|人|户|个|项目|项|家|名|所|间|公里|千米|平方米|米|亩|公顷|吨|年间|周年|年|倍|%|"
    "单位|件|台|套|座|条|场|批|期|次"
)
FIGURE_CJK_RE = re.compile(
    rf"(?<![\d.第])(?<!第\s)(?P<v>\d+(?:[.,]\d+)*)\s*(?P<mult>万亿|亿|万|千)?\s*(?P<u>{_CJK_UNITS})?"
    r"(?![\d.]|\s*(?:月|日|号|时|点|:|/|-\d|分|秒))"
)
FIGURE_EN_RE = re.compile(
    r"(?<![\w.])(?P<v>\d+(?:[.,]\d+)*)\s*(?P<mult>million|billion|thousand|hundred)?\s*"
    r"(?P<u>yuan|RMB|dollars?|people|persons|person-times|households|villages|counties|projects|items|enterprises|"
    r"companies|years?|months|hectares|mu|tons|tonnes|km|kilometers|percent|%|times|students|teachers|doctors|"
    r"cadres|jobs|units)?\b",
    re.IGNORECASE,
)
_UNIT_CANON = {"年间": "年", "年間": "年"}


@dataclass
class FigureFound:
    what: str
    value: str
    unit: str
    span: Span


def find_figures(doc: Doc) -> list[FigureFound]:
    out: list[FigureFound] = []
    seen: set[tuple[str, str]] = set()
    pattern = FIGURE_EN_RE if doc.lang == "en" else FIGURE_CJK_RE
    for sentence in doc.body_sentences():
        s_work = doc.work[sentence[0] : sentence[1]]
        for m in pattern.finditer(s_work):
            mult, unit = m.group("mult"), m.group("u")
            if not mult and not unit:
                continue
            raw_value = m.group("v").replace(",", "")
            try:
                number = float(raw_value)
            except ValueError:
                continue
            if doc.lang != "en" and unit in {"年", "年间"} and 1900 <= number <= 2100:
                continue  # a year, not a duration
            if doc.lang != "en" and unit == "次" and s_work[max(0, m.start() - 1) : m.start()] == "第":
                continue
            if (
                doc.lang == "en"
                and (unit or "").lower() in {"", "years", "year"}
                and 1900 <= number <= 2100
                and not mult
            ):
                continue
            a, b = sentence[0] + m.start(), sentence[0] + m.end()
            surface_unit = doc.text[sentence[0] + m.start("u") : sentence[0] + m.end("u")] if unit else ""
            if doc.lang == "en":
                unit_out = (mult or unit or "").lower()
                if mult:
                    what_src = doc.text[sentence[0] + (m.start("u") if unit else m.end()) : b + 40]
                else:
                    what_src = doc.text[max(sentence[0], a - 40) : a]
                words = re.findall(r"[A-Za-z'-]+", what_src)
                what = " ".join(words[:5] if mult else words[-5:])
            else:
                surface_mult = (
                    doc.text[sentence[0] + m.start("mult") : sentence[0] + m.end("mult")] if mult else ""
                )
                unit_out = surface_mult + _UNIT_CANON.get(surface_unit, surface_unit)
                what = re.split(r"[，,。；;、]", doc.text[b : b + 16].lstrip("の的"))[0]
                if not what.strip():
                    # "贫困人口 25.6 万人": what is counted is written before the number
                    before = re.split(r"[，,。；;、：:]", doc.text[max(sentence[0], a - 16) : a])[-1]
                    what = re.sub(r"^(?:共有|共|有|已|累计|其中)", "", before.strip())
            key = (raw_value, unit_out)
            if key in seen:
                continue
            seen.add(key)
            out.append(FigureFound(what.strip(), raw_value, unit_out, sentence))
    return out


# --- the draft --------------------------------------------------------------------------------------------


def headline(doc: Doc, kind_spans: list[Span]) -> str:
    for a, b in doc.header_lines():
        if any(a <= k < b for k, _e in kind_spans):
            return doc.text[a:b]
    lines = doc.header_lines() or doc.lines[:1]
    return doc.text[lines[0][0] : lines[0][1]] if lines else ""


def extract(
    clean: CleanText, *, lang: str, published: dt.date | None, gazetteer: Gazetteer
) -> dict[str, Any]:
    """The §6 draft of a cleaned report (without registry matches; see `matching.match_draft`)."""
    doc = make_doc(clean, lang, published, gazetteer)
    meeting = find_meeting(doc)
    pairing_found = find_pairing(doc, meeting.span)
    pairing = pairing_found.sides if pairing_found else None
    place, _place_span = find_place(doc, [meeting.span] if meeting.kind_spans else [], pairing)
    people = find_people(doc)
    agreements = find_agreements(doc, pairing)
    figures = find_figures(doc)
    return {
        "language": lang,
        "published": doc.published.isoformat() if doc.published else None,
        "title": headline(doc, meeting.kind_spans),
        "meeting": {
            "kind": meeting.kind,
            "number": meeting.number,
            "date": meeting.date.isoformat() if meeting.date else None,
            "end_date": meeting.end_date.isoformat() if meeting.end_date else None,
            "date_partial": meeting.date_partial,
            "place": place,
            "pairing": pairing,
            "span": list(meeting.span),
            "match": {"pairing_id": None, "meeting_id": None},
        },
        "attendees": [
            {
                "name": p.name,
                "title": p.title,
                "role": p.role,
                "span": list(p.span),
                "match": {"person_id": None},
            }
            for p in people
        ],
        "agreements": [
            {
                "parties": a.parties,
                "subject": a.subject,
                "kind": a.kind,
                "span": list(a.span),
                "match": {"organization_ids": [None] * len(a.parties)},
            }
            for a in agreements
        ],
        "figures": [
            {"what": f.what, "value": f.value, "unit": f.unit, "span": list(f.span)} for f in figures
        ],
        "text": clean.text,
    }
