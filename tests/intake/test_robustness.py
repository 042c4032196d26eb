"""Arbitrary Unicode and HTML never crash intake: the answer is a draft or a clear IntakeError."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterpart.intake.engine import make_draft
from counterpart.intake.text import IntakeError

REPORT_WORDS = st.sampled_from(
    ["联席会议", "第九次", "5月8日", "至9日", "签订了", "协议", "、", "，", "。", "市委书记", "李强",
     "沪遵两市", "分别与", "会(huì)", "W0201.jpg", "\n", "2019-5-11", "On September 12th", " signed ",
     " with ", "Co., Ltd.", "respectively", "は", "と", "を締結し、", "氏", "万元", "3.4 million", "<p>",
     "</div>", "&amp;", "·", "与"]
)  # fmt: skip


def _check(data: str | bytes, filename: str = "") -> None:
    try:
        draft = make_draft(data, filename=filename)
    except IntakeError as exc:
        error = str(exc)
    else:
        error = None
    if error is not None:
        assert error, "a refused input is refused with a message"
        return
    json.dumps(draft, ensure_ascii=False)
    text = draft["text"]
    for item in [draft["meeting"], *draft["attendees"], *draft["agreements"], *draft["figures"]]:
        a, b = item["span"]
        assert 0 <= a <= b <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode_gives_a_draft_or_a_clear_error(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(REPORT_WORDS, max_size=60).map("".join))
def test_report_like_fragments_give_a_draft_or_a_clear_error(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.text(max_size=30),
        lambda inner: st.builds(
            lambda tag, body: f"<{tag}>{body}</{tag}>",
            st.sampled_from(["p", "div", "script", "style", "nav", "h1", "td", "span", "b"]),
            inner,
        ),
        max_leaves=10,
    ).map(lambda body: f"<html><body>{body}</body></html>")
)
def test_arbitrary_html_gives_a_draft_or_a_clear_error(html: str) -> None:
    _check(html, "page.html")


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_draft_or_a_clear_error(data: bytes) -> None:
    _check(data, "upload.txt")
    _check(data, "upload.docx")
