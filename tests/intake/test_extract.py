"""Extraction rules on small texts (no database): dates, ordinals, people, agreements, figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from counterpart.intake.engine import make_draft
from counterpart.intake.extract import parse_cn_number, parse_ordinal, resolve_date, split_en_list

PUB = dt.date(2018, 9, 13)


@pytest.mark.parametrize(
    ("y", "m", "d", "published", "expected"),
    [
        (None, 9, 12, PUB, dt.date(2018, 9, 12)),  # "9月12日"
        (None, None, 12, PUB, dt.date(2018, 9, 12)),  # "12日"
        (None, None, 27, dt.date(2017, 10, 28), dt.date(2017, 10, 27)),  # "27日上午"
        (None, 12, 30, dt.date(2019, 1, 2), dt.date(2018, 12, 30)),  # last year's December
        (None, None, 30, dt.date(2019, 1, 2), dt.date(2018, 12, 30)),  # last month
        (2019, 5, 8, None, dt.date(2019, 5, 8)),  # a full date needs no publication date
    ],
)
def test_partial_dates_resolve_against_the_publication_date(
    y: int | None, m: int | None, d: int, published: dt.date | None, expected: dt.date
) -> None:
    assert resolve_date(y, m, d, published)[0] == expected


def test_a_day_that_does_not_exist_last_month_is_not_invented() -> None:
    # "30日" published on 2 March: February has no 30th
    assert resolve_date(None, None, 30, dt.date(2019, 3, 2))[0] is None


def test_without_a_publication_date_a_partial_date_stays_partial() -> None:
    assert resolve_date(None, 9, 12, None) == (None, "--09-12")


@pytest.mark.parametrize(
    ("text", "number"),
    [("第九次联席会议", 9), ("第9回合同会議", 9), ("第十二次", 12), ("第二十三届", 23),
     ("the 9th joint meeting", 9), ("the ninth joint meeting", 9), ("第一百零五次", 105)],
)  # fmt: skip
def test_ordinals_are_parsed(text: str, number: int) -> None:
    assert parse_ordinal(text) == number


def test_chinese_numbers() -> None:
    assert [parse_cn_number(x) for x in ("九", "十", "十二", "二十", "两", "12", "abc")] == [
        9,
        10,
        12,
        20,
        2,
        12,
        None,
    ]


def draft(text: str, published: str | None = None) -> dict[str, Any]:
    return make_draft(text, published=dt.date.fromisoformat(published) if published else None)


def test_date_ranges_give_the_start_and_the_end() -> None:
    d = draft(
        "闽宁协作联席会议召开\n2019-06-20\n\n6月18日至19日，闽宁协作第二十三次联席会议在银川市举行，两地领导出席。",
        None,
    )
    assert d["meeting"]["date"] == "2019-06-18"
    assert d["meeting"]["end_date"] == "2019-06-19"
    assert d["meeting"]["number"] == 23
    assert d["meeting"]["place"] == "银川市"


def test_english_date_with_a_year_needs_no_publication_date() -> None:
    d = draft(
        "Zhejiang and Sichuan Hold Joint Meeting\n\nOn March 5, 2020, the 4th joint meeting on east-west "
        "cooperation between Zhejiang Province and Sichuan Province was held in Chengdu. The two provinces "
        "signed a labour cooperation agreement."
    )
    assert d["language"] == "en"
    assert d["meeting"]["date"] == "2020-03-05"
    assert d["meeting"]["number"] == 4
    assert d["meeting"]["place"] == "Chengdu"


def test_respectively_signed_lists_expand_into_one_agreement_each_zh() -> None:
    d = draft(
        "东西部扶贫协作推进会召开\n2020-04-02\n\n4月1日，杭州市与恩施州东西部扶贫协作推进会在恩施召开。"
        "会上，杭州市余杭区、富阳区、临安区分别与恩施州三个县签订了结对帮扶协议。"
    )
    parties = [a["parties"] for a in d["agreements"]]
    assert parties == [
        ["杭州市余杭区", "恩施州三个县"],
        ["富阳区", "恩施州三个县"],
        ["临安区", "恩施州三个县"],
    ]


def test_respectively_signed_lists_expand_in_japanese() -> None:
    d = draft(
        "推進会を開催\n2018-09-13\n\n9月12日、大連市・六盤水市推進会は大連で開催された。"
        "花園口経済区、長興島経済区がそれぞれ六盤水市の開発区とエリア共同建設契約を調印した。"
    )
    assert [a["parties"][0] for a in d["agreements"]] == ["花園口経済区", "長興島経済区"]
    assert {a["kind"] for a in d["agreements"]} == {"park"}


def test_two_cities_signing_a_list_of_subjects_gives_one_agreement_per_subject() -> None:
    d = draft(
        "粤桂扶贫协作第五次联席会议在南宁举行\n2019-07-03\n\n7月2日，粤桂扶贫协作第五次联席会议在南宁举行。"
        "会上，粤桂两省区签订了产业合作、劳务协作等协议。"
    )
    assert d["meeting"]["pairing"] == ["广东", "广西"]
    assert [a["subject"] for a in d["agreements"]] == ["产业合作协议", "劳务协作协议"]
    assert all(a["parties"] == ["广东", "广西"] for a in d["agreements"])


def test_en_signed_with_and_and_signed_patterns() -> None:
    d = draft(
        "Signing\n\nOn May 3, 2021, the joint meeting of Xiamen·Linxia cooperation was held in Linxia. "
        "Xiamen Airlines signed a sales agreement with Linxia Agricultural Cooperative on beef and mutton, "
        "Xiamen University and Linxia Vocational and Technical College signed the Framework Agreement on "
        "Teacher Training."
    )
    got = [(a["parties"], a["kind"]) for a in d["agreements"]]
    assert got == [
        (["Xiamen Airlines", "Linxia Agricultural Cooperative"], "sales"),
        (["Xiamen University", "Linxia Vocational and Technical College"], "framework"),
    ]


def test_en_list_splitting_keeps_and_inside_names() -> None:
    assert split_en_list("Dalian Science and Technology City, Huayuankou Zone and Changxing Island Zone") == [
        "Dalian Science and Technology City",
        "Huayuankou Zone",
        "Changxing Island Zone",
    ]
    assert split_en_list("Qixing Co., Ltd. and Hongxing Co., Ltd.") == [
        "Qixing Co., Ltd.",
        "Hongxing Co., Ltd.",
    ]


def test_people_after_titles_with_roles() -> None:
    d = draft(
        "闽宁协作联席会议召开\n2019-06-20\n\n6月18日，闽宁协作联席会议在银川举行。自治区党委书记石泰峰主持会议并讲话，"
        "福建省委书记于伟国出席会议。自治区领导姜志刚、马力等参加活动。记者 王小明 摄"
    )
    people = {a["name"]: a["role"] for a in d["attendees"]}
    assert people == {"石泰峰": "chair", "于伟国": "attendee", "姜志刚": "attendee", "马力": "attendee"}


def test_the_general_secretary_quoted_in_a_report_is_not_an_attendee() -> None:
    d = draft(
        "联席会议\n2019-06-20\n\n6月18日，闽宁协作联席会议在银川举行。省委书记李明主持会议。会议学习了习近平总书记重要讲话精神，"
        "中共中央总书记习近平的指示要求。"
    )
    assert [a["name"] for a in d["attendees"]] == ["李明"]


def test_en_people_with_pinyin_names_and_roles() -> None:
    d = draft(
        "Joint Meeting\n\nOn May 3, 2021, the joint meeting of Xiamen·Linxia cooperation was held in Linxia. "
        "Zhao Long, Secretary of the Xiamen Municipal Party Committee, presided over the meeting. "
        "Huang Wenbin, Mayor of Linxia, delivered a speech. Jin Lifang Group and Wang Fu Hotel were "
        "mentioned. General Secretary Xi Jinping's instructions were studied."
    )
    assert {a["name"]: a["role"] for a in d["attendees"]} == {"Zhao Long": "chair", "Huang Wenbin": "speaker"}


def test_figures_with_units_but_not_years_dates_or_ordinals() -> None:
    d = draft(
        "联席会议\n2019-06-20\n\n6月18日，联席会议在银川举行。2018年共投入帮扶资金3.5亿元，实施项目120个，帮助1.2万人脱贫，"
        "第26个镇区已结对，合作已有22年。"
    )
    got = {(f["value"], f["unit"]) for f in d["figures"]}
    assert got == {("3.5", "亿元"), ("120", "个"), ("1.2", "万人"), ("22", "年")}


def test_same_input_gives_the_same_draft(seeds_dir: Any) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        data = path.read_bytes()
        assert make_draft(data, filename=path.name) == make_draft(data, filename=path.name)


def test_spans_refer_to_the_cleaned_text(seeds_dir: Any) -> None:
    path = next(iter(sorted(seeds_dir.glob("002_*.txt"))))
    d = make_draft(path.read_bytes(), filename=path.name)
    text = d["text"]
    for item in [d["meeting"], *d["attendees"], *d["agreements"], *d["figures"]]:
        a, b = item["span"]
        assert 0 <= a < b <= len(text)
    for attendee in d["attendees"]:
        a, b = attendee["span"]
        assert attendee["name"] in text[a:b]


def test_an_unseen_pair_without_suffixes_and_titles_listing_several_people() -> None:
    d = draft(
        "杭州·恩施东西部扶贫协作联席会议召开\n发布时间：2019-04-13 09:12\n\n"
        "4月12日上午，杭州·恩施东西部扶贫协作第三次联席会议在恩施召开。杭州市委书记周江勇、恩施州委书记柯俊出席会议并讲话，"
        "恩施州委副书记、州长刘芳震主持会议。会上，杭州市与恩施州签订了《2019年东西部扶贫协作协议》。"
    )
    assert d["meeting"]["pairing"] == ["杭州", "恩施"]
    assert (d["meeting"]["date"], d["meeting"]["number"], d["meeting"]["place"]) == ("2019-04-12", 3, "恩施")
    assert [(a["name"], a["role"], a["title"]) for a in d["attendees"]] == [
        ("周江勇", "speaker", "杭州市委书记"),
        ("柯俊", "speaker", "恩施州委书记"),
        ("刘芳震", "chair", "恩施州委副书记、州长"),
    ]
    assert [(a["parties"], a["subject"]) for a in d["agreements"]] == [
        (["杭州市", "恩施州"], "2019年东西部扶贫协作协议")
    ]
