"""Dates from any dateline (issue 18 item 3): the publication date in its usual forms, partial, relative and
weekday dates resolved against it, the meeting's day when a visit spans days."""

from __future__ import annotations

import pytest

from counterpart.intake.engine import make_draft

BODY_ZH = (
    "{day}，上海·遵义东西部扶贫协作联席会议在遵义召开。上海市委书记李强出席会议并讲话。会议还签订了合作协议。"
)


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        ("06.06.2018", "2018-06-06"),
        ("2018/06/06", "2018-06-06"),
        ("2018-06-06 10:32", "2018-06-06"),
        ("发布时间：2018年6月6日", "2018-06-06"),
        ("16/06/2018", "2018-06-16"),
    ],
)
def test_a_bare_day_is_read_against_the_publication_date_in_any_numeric_or_chinese_form(
    dateline: str, published: str
) -> None:
    draft = make_draft(f"上海市与遵义市召开联席会议\n{dateline}\n" + BODY_ZH.format(day="5日"))
    assert draft["published"] == published
    assert draft["meeting"]["date"] == published[:8] + "05"


def test_an_english_updated_line_and_a_weekday_give_the_last_such_day_before_publication() -> None:
    text = (
        "Shanghai and Zunyi hold joint meeting\nUpdated: Sep 16, 2020\nOfficials from Shanghai and Zunyi "
        "held a joint meeting on Friday in Zunyi to review east-west cooperation progress, and signed "
        "agreements on labour cooperation."
    )
    draft = make_draft(text)
    assert draft["published"] == "2020-09-16"  # a Wednesday
    assert draft["meeting"]["date"] == "2020-09-11"


def test_a_chinese_weekday_after_a_date_only_repeats_it() -> None:
    text = "上海市与遵义市召开联席会议\n发布时间：2019-05-20\n" + BODY_ZH.format(day="5月9日（星期四）")
    assert make_draft(text)["meeting"]["date"] == "2019-05-09"


def test_a_chinese_weekday_alone_is_counted_back_from_the_publication() -> None:
    text = "上海市与遵义市召开联席会议\n发布时间：2019-05-13\n" + BODY_ZH.format(day="上周五")
    assert make_draft(text)["meeting"]["date"] == "2019-05-10"


def test_a_japanese_era_dateline_and_a_bare_day() -> None:
    text = (
        "上海市と遵義市が合同会議\n令和2年9月16日\n14日、上海・遵義東西部協力合同会議が遵義市で開かれた。"
        "上海市委員会書記の李強氏が出席し、講演した。"
    )
    draft = make_draft(text)
    assert (draft["published"], draft["meeting"]["date"]) == ("2020-09-16", "2020-09-14")


def test_the_meeting_day_of_a_visit_over_several_days_is_the_day_the_meeting_names() -> None:
    text = (
        "杭州市党政代表团赴黔东南州考察\n发布时间：2020-11-20\n10月8日至10日，杭州市党政代表团到黔东南州考察对接"
        "东西部协作工作。9日，杭州·黔东南东西部协作联席会议在凯里召开，杭州市委书记周江勇出席会议并讲话。"
    )
    # "9日" is the 9th of the visit's October, not of the publication's November
    assert make_draft(text)["meeting"]["date"] == "2020-10-09"
