"""Input cleaning and language detection (no database)."""

from __future__ import annotations

import io

import pytest

from counterpart.intake.text import (
    IntakeError,
    clean_text,
    detect_language,
    html_to_text,
    is_junk_line,
    normalize_name,
    read_input,
)


def test_pinyin_in_brackets_after_characters_is_removed() -> None:
    clean = clean_text("兩地聯(lián)席會(huì)議在我市召開")
    assert clean.text == "兩地聯席會議在我市召開"


def test_mojibake_remnants_of_transcoding_pages_are_removed() -> None:
    clean = clean_text("信息來(lái)源:中山日?qǐng)?bào) 發(fā)布日期:2017年10月28日")
    assert "?" not in clean.text
    assert "bào" not in clean.text
    assert clean.text.endswith("發布日期:2017年10月28日")


def test_spans_of_the_cleaned_text_map_back_to_the_input() -> None:
    raw = "  標題\n\n  聯(lián)席會(huì)議召開。"
    clean = clean_text(raw)
    start = clean.text.index("會議")
    a, b = clean.source_span(start, start + 2)
    assert raw[a] == "會"
    assert raw[b - 1] == "議"


@pytest.mark.parametrize(
    "line",
    [
        "国产sm精品全国_最新亚洲精品视频在线_天天看在线视频国产_精品三级不卡在线观看视频",
        "所在位置: 政務公開 > 領導之窗 > 領導活動",
        "W020190510410036268274.jpg",
        "发帖",
        "使用道具",
        "回复",
        "返回顶部",
        "Copyright 2018 DaLian China.All Rights Reserved",
        "Powered by TXGZ.CC © 2017 图行贵州",
        "首页 | 新闻 | 政务 | 服务 | 互动",
        "B Color Link Quote Code Smilies",
    ],
)
def test_page_junk_lines_are_recognised(line: str) -> None:
    assert is_junk_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "沪遵扶贫协作第九次联席会议在遵义举行",
        "5月8日,沪遵扶贫协作第九次联席会议在遵义召开,图为李强在会上讲话。",
        "On September 12th, the promotion meeting was held at the guesthouse.",
        "2018-09-13",
    ],
)
def test_report_lines_are_kept(line: str) -> None:
    assert not is_junk_line(line)


def test_truncated_copy_of_the_title_is_dropped() -> None:
    clean = clean_text("大連市・六盤水市推進...\n大連市・六盤水市推進会はわが市で開催\n本文。")
    assert clean.text.startswith("大連市・六盤水市推進会は")


def test_html_markup_scripts_and_menus_are_stripped() -> None:
    html = (
        "<html><head><title>T</title><script>var x = '<p>no</p>';</script></head><body>"
        "<nav><a href='/'>首页</a></nav><h1>沪遵扶贫协作第九次联席会议</h1>"
        "<p>5月8日&nbsp;会议在遵义召开。</p>"
        "<footer>版权所有</footer></body></html>"
    )
    text = html_to_text(html)
    assert "var x" not in text
    assert "首页" not in text
    assert "版权所有" not in text
    clean = clean_text(text)
    assert "沪遵扶贫协作第九次联席会议\n" in clean.text
    assert "会议在遵义召开。" in clean.text


def test_docx_paragraphs_are_read() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("中山市与工布江达县联席会议召开")
    document.add_paragraph("27日上午，两地联席会议在我市召开。")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_input(buffer.getvalue(), "report.docx")
    assert text.splitlines() == ["中山市与工布江达县联席会议召开", "27日上午，两地联席会议在我市召开。"]


def test_a_broken_docx_gives_a_clear_error() -> None:
    with pytest.raises(IntakeError, match="docx"):
        read_input(b"PK\x03\x04 not really a zip", "report.docx")


def test_binary_input_is_refused() -> None:
    with pytest.raises(IntakeError):
        read_input(b"\x00\x01\x02\x03binary", "x.txt")


def test_unsupported_file_types_are_refused_with_the_type() -> None:
    with pytest.raises(IntakeError, match=r"\.pdf"):
        read_input(b"%PDF-1.4", "report.pdf")


def test_gb18030_text_files_are_decoded() -> None:
    assert read_input("联席会议在遵义举行".encode("gb18030"), "x.txt") == "联席会议在遵义举行"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("沪遵扶贫协作第九次联席会议在遵义举行，两市签订了协议。", "zh-Hans"),
        ("中山市與工布江達縣兩地聯席會議在我市召開，共同推進對口援助工作。", "zh-Hant"),
        ("9月12日、大連市・六盤水市精確貧困扶助作業推進会は棒槌島ホテルに開催された。", "ja"),
        ("On September 12th, the promotion meeting was held at the Goog Island state guesthouse.", "en"),
    ],
)
def test_language_is_detected(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_text_without_letters_has_no_language() -> None:
    with pytest.raises(IntakeError):
        detect_language("12345 !!! ---")


def test_names_normalize_across_scripts_and_spacing() -> None:
    assert normalize_name("六盤水市") == normalize_name("六盘水市")
    assert normalize_name("大連・六盤水") == normalize_name("大连六盘水")
    assert normalize_name("Dalian City") == normalize_name("dalian  city")
    assert normalize_name("水城県") == normalize_name("水城县")
