"""Input cleaning for meeting reports: pasted text, .txt, .html and .docx.

The cleaned text is what every span of a draft refers to. Cleaning keeps, for every character of the
cleaned text, the offset of the character it came from in the input (`CleanText.origin`), so a span can
be shown in the source as well.

Page junk is dropped line by line: menus and breadcrumbs, spam title lines, copyright and "powered by"
lines, image file names, forum buttons. Pinyin put in brackets after characters by some transcoding web
pages (``會(huì)``) is removed, and so are the mojibake remnants those pages leave (``?shù)?``).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from django.utils.translation import gettext as _


class IntakeError(ValueError):
    """A report that cannot be read; the message says why, in the user's language."""


#: Characters of the four scripts we care about.
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff]")
LATIN_RE = re.compile(r"[A-Za-z]")

_PINYIN_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"
_PINYIN = f"[a-z{_PINYIN_VOWELS}]{{1,6}}"
#: ``會(huì)`` → ``會``: a pinyin syllable with a tone mark in brackets right after a Han character.
PINYIN_RE = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-z{_PINYIN_VOWELS}]*[{_PINYIN_VOWELS}]){_PINYIN}\)")
#: ``?shù)?`` — a character lost by the transcoding page, with its pinyin half kept.
PINYIN_MOJIBAKE_RE = re.compile(rf"\?{_PINYIN}\)\??(?:\(?{_PINYIN}\))?")

IMAGE_NAME_RE = re.compile(r"^[\w\-.]+\.(?:jpe?g|png|gif|bmp|webp|tiff?|svg)$", re.IGNORECASE)
COPYRIGHT_RE = re.compile(
    r"(?:copyright|all rights reserved|版权所有|版權所有|著作权|著作權|powered by|produced by|"
    r"^©|©\s*\d{4}|备案|備案|icp证|icp備|icp备)",
    re.IGNORECASE,
)
BREADCRUMB_RE = re.compile(
    r"^(?:所在位置|当前位置|當前位置|您的位置|你的位置|现在位置|位置|you are here|home)\s*[:：>]"
    r"|(?:\S+\s*[>›»]\s*){2,}\S+$",
    re.IGNORECASE,
)
#: Whole lines that are buttons of forums and news pages.
BUTTON_LINES = frozenset(
    {
        "发帖",
        "發帖",
        "回复",
        "回覆",
        "使用道具",
        "举报",
        "舉報",
        "踩",
        "顶",
        "頂",
        "收藏",
        "分享",
        "打印",
        "关闭",
        "關閉",
        "关闭窗口",
        "返回顶部",
        "返回頂部",
        "跳转到指定楼层",
        "跳轉到指定樓層",
        "成为第一个回答人",
        "只看该作者",
        "只看大图",
        "倒序浏览",
        "上一篇",
        "下一篇",
        "【打印】",
        "【关闭】",
        "b color link quote code smilies",
        "print",
        "close",
        "share",
        "back to top",
    }
)
#: Words of spam title lines (adult video sites injecting their titles into hacked pages).
SPAM_WORDS = (
    "视频",
    "在线",
    "精品",
    "国产",
    "亚洲",
    "三级",
    "不卡",
    "无码",
    "av",
    "成人",
    "午夜",
    "日韩",
    "欧美",
)
#: Separators of menus ("首页 | 新闻 | 政务") and of spam titles ("a_b_c").
MENU_SEP_RE = re.compile(r"\s*[|｜/_]\s*")


@dataclass
class CleanText:
    """The cleaned text and, per character, the offset in the input it came from."""

    text: str
    origin: list[int] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the input that the cleaned span ``[start, end)`` came from."""
        if not self.origin or start >= end:
            return start, end
        return self.origin[start], self.origin[max(start, end - 1)] + 1


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.origin: list[int] = []

    def add(self, text: str, start: int) -> None:
        self.parts.append(text)
        self.origin.extend(range(start, start + len(text)))

    def add_char(self, char: str, at: int) -> None:
        self.parts.append(char)
        self.origin.append(at)

    def build(self) -> tuple[str, list[int]]:
        return "".join(self.parts), self.origin


def _strip_inline(line: str, start: int) -> list[tuple[str, int]]:
    """Remove pinyin brackets and mojibake remnants inside a line; returns kept pieces with their offsets."""
    pieces: list[tuple[str, int]] = []
    pos = 0
    junk = sorted(
        [(m.start(), m.end()) for m in PINYIN_RE.finditer(line)]
        + [(m.start(), m.end()) for m in PINYIN_MOJIBAKE_RE.finditer(line)]
    )
    for a, b in junk:
        if a < pos:
            continue
        if a > pos:
            pieces.append((line[pos:a], start + pos))
        pos = b
    if pos < len(line):
        pieces.append((line[pos:], start + pos))
    return pieces


def is_junk_line(line: str, next_line: str = "") -> bool:
    """A line of page furniture rather than report text."""
    text = line.strip()
    if not text:
        return False
    low = text.lower()
    if low in BUTTON_LINES or IMAGE_NAME_RE.match(text):
        return True
    if COPYRIGHT_RE.search(text) and len(text) < 120:
        return True
    if BREADCRUMB_RE.search(text) and len(text) < 120:
        return True
    parts = [p for p in MENU_SEP_RE.split(text) if p]
    if len(parts) >= 3 and sum(any(w in p.lower() for w in SPAM_WORDS) for p in parts) >= 2:
        return True
    if len(parts) >= 4 and all(len(p) <= 8 for p in parts) and not re.search(r"\d{4}", text):
        return True  # a menu: short items between separators
    # a truncated copy of the title that follows
    stem = text.rstrip(".…").strip()
    return text.endswith(("...", "…")) and len(text) > 4 and next_line.strip().startswith(stem)


def clean_text(raw: str) -> CleanText:
    """Clean pasted or extracted text; every span of a draft refers to the returned text."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    lines: list[tuple[str, int]] = []
    offset = 0
    for line in raw.split("\n"):
        lines.append((line, offset))
        offset += len(line) + 1
    builder = _Builder()
    dropped: list[str] = []
    blank_pending = False
    wrote_any = False
    for index, (line, start) in enumerate(lines):
        next_line = next((ln for ln, _o in lines[index + 1 :] if ln.strip()), "")
        if is_junk_line(line, next_line):
            dropped.append(line.strip())
            continue
        pieces = _strip_inline(line, start)
        # trim leading/trailing whitespace (also ideographic and no-break spaces) of the line
        joined = "".join(p for p, _s in pieces)
        lead = len(joined) - len(joined.lstrip())
        trail = len(joined.rstrip())
        if trail <= lead:
            blank_pending = wrote_any
            continue
        if wrote_any:
            builder.add_char("\n", start - 1 if start else 0)
            if blank_pending:
                builder.add_char("\n", start - 1 if start else 0)
        blank_pending = False
        pos = 0
        for piece, piece_start in pieces:
            a = max(lead - pos, 0)
            b = min(trail - pos, len(piece))
            if a < b:
                builder.add(piece[a:b], piece_start + a)
            pos += len(piece)
        wrote_any = True
    text, origin = builder.build()
    return CleanText(text=text, origin=origin, dropped=dropped)


# --- HTML and DOCX --------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "title",
    ]
)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "footer",
        "button",
        "select",
        "option",
        "iframe",
        "form",
    ]
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.out.append("\n")

    def handle_startendtag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    """The text of an HTML page, one line per block element; scripts, styles, menus and footers dropped."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything it still refuses is a bad file
        raise IntakeError(_("The HTML could not be read: %(reason)s") % {"reason": exc}) from exc
    return "".join(parser.out)


def docx_to_text(data: bytes) -> str:
    """The paragraphs (and table cells) of a .docx file, one per line."""
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise IntakeError(_("Reading .docx files needs the python-docx package.")) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IntakeError(_("This is not a readable .docx file.")) from exc
    except Exception as exc:  # python-docx raises its own errors for broken parts
        raise IntakeError(_("This is not a readable .docx file.")) from exc
    lines = [p.text for p in document.paragraphs]
    lines.extend(
        "\t".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows
    )
    return "\n".join(lines)


def decode_bytes(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB 18030, Big5, Shift JIS."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise IntakeError(_("This looks like a binary file, not a text report."))
    for encoding in ("utf-8-sig", "gb18030", "big5", "shift_jis"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return bool(re.search(r"<(?:!doctype html|html|body|div|p|br|span|table|head)\b", head))


def read_input(data: bytes | str, filename: str = "") -> str:
    """The raw text of an input, by file name suffix (.txt, .html/.htm, .docx) or by content."""
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix == ".docx":
        if isinstance(data, str):
            raise IntakeError(_("A .docx file must be uploaded as a file."))
        return docx_to_text(data)
    if suffix in {".doc", ".pdf", ".xls", ".xlsx", ".ppt", ".pptx"}:
        raise IntakeError(
            _("Files of type %(suffix)s cannot be read; use .txt, .html or .docx, or paste the text.")
            % {"suffix": suffix}
        )
    text = decode_bytes(data) if isinstance(data, bytes) else data
    if suffix in {".html", ".htm", ".xhtml"} or (suffix not in {".txt"} and looks_like_html(text)):
        return html_to_text(text)
    return text


# --- Language --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _converters() -> tuple[object, object, object]:
    import opencc

    return opencc.OpenCC("t2s.json"), opencc.OpenCC("s2t.json"), opencc.OpenCC("jp2t.json")


_T2S_CACHE: dict[str, str] = {}
#: Japanese forms that OpenCC leaves as they are, though Chinese writes them otherwise (呉 is the surname 吴).
_JA_TO_SIMPLIFIED = {"呉": "吴", "隣": "邻", "邉": "边", "邊": "边", "﨑": "崎", "髙": "高"}
_S2T_CACHE: dict[str, str] = {}


def _convert_chars(text: str, cache: dict[str, str], which: int) -> str:
    missing = {c for c in set(text) if c not in cache}
    if missing:
        conv = _converters()[which]
        ordered = sorted(missing)
        # one call for all new characters; single characters convert one to one
        converted = conv.convert("\n".join(ordered)).split("\n")  # type: ignore[attr-defined]
        if len(converted) != len(ordered):  # pragma: no cover - defensive
            converted = [conv.convert(c) for c in ordered]  # type: ignore[attr-defined]
        if which == 0:  # Japanese shinjitai (県, 伝, 広) first to their traditional forms, then simplified
            jp2t = _converters()[2]
            converted = [
                conv.convert(jp2t.convert(c)) if s == c else s  # type: ignore[attr-defined]
                for c, s in zip(ordered, converted, strict=True)
            ]
            converted = [_JA_TO_SIMPLIFIED.get(c, s) for c, s in zip(ordered, converted, strict=True)]
        for c, s in zip(ordered, converted, strict=True):
            cache[c] = s if len(s) == 1 else c
    return "".join(cache[c] for c in text)


def to_simplified(text: str) -> str:
    """Traditional (and Japanese kyūjitai/shinjitai where they coincide) → simplified, one character for one
    character, so offsets stay valid."""
    return _convert_chars(text, _T2S_CACHE, 0)


def comparable(text: str) -> str:
    """A name or title compared as a reader would: NFKC, without spaces, simplified, case folded."""
    return to_simplified(unicodedata.normalize("NFKC", text)).replace(" ", "").casefold()


def to_traditional(text: str) -> str:
    return _convert_chars(text, _S2T_CACHE, 1)


def detect_language(text: str) -> str:
    """zh-Hans, zh-Hant, ja or en, by script: kana → ja; Han characters that only traditional writing
    uses outnumbering those only simplified uses → zh-Hant; mostly Latin letters → en."""
    han = HAN_RE.findall(text)
    kana = len(KANA_RE.findall(text))
    latin = len(LATIN_RE.findall(text))
    if not han and not kana and not latin:
        raise IntakeError(_("No text in Chinese, Japanese or English was found."))
    if kana >= 5 and kana >= 0.05 * (len(han) + kana):
        return "ja"
    if latin > 2 * (len(han) + kana):
        return "en"
    if not han:
        return "en" if latin else "ja"
    sample = "".join(han)
    simplified = to_simplified(sample)
    traditional = to_traditional(sample)
    trad_only = sum(1 for a, b in zip(sample, simplified, strict=True) if a != b)
    simp_only = sum(1 for a, b in zip(sample, traditional, strict=True) if a != b)
    return "zh-Hant" if trad_only > simp_only else "zh-Hans"


def normalize_name(text: str) -> str:
    """The key a name is matched by: NFKC, simplified characters, lower case, no spaces or middle dots."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text).lower()
    return re.sub(r"[\s·・•‧･\u3000\"'“”‘’「」『』]+", "", text)
