"""The rules generalize: reports of other city pairs, never used to write the rules' word lists, meet the
goals of the seed reports (no database; the reports and their gold are in tests/intake/gold_unseen/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "tests" / "intake" / "gold_unseen"


def _load_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("intake_eval", ROOT / "bench" / "intake_eval.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["intake_eval"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluation() -> dict[str, Any]:
    return _load_eval().evaluate_unseen(runs=1)


def test_every_unseen_report_has_its_gold() -> None:
    texts = {p.stem for p in UNSEEN.glob("*.txt")}
    assert texts == {p.stem for p in UNSEEN.glob("*.json")}
    assert len(texts) >= 10


def test_the_unseen_set_covers_the_four_languages(evaluation: dict[str, Any]) -> None:
    assert {d["language"] for d in evaluation["drafts"].values()} == {"zh-Hans", "zh-Hant", "ja", "en"}


def test_agreement_parties_f1_is_at_least_0_9(evaluation: dict[str, Any]) -> None:
    assert evaluation["scores"]["agreement parties"].f1 >= 0.9


def test_attendees_f1_is_at_least_0_9(evaluation: dict[str, Any]) -> None:
    assert evaluation["scores"]["attendees"].f1 >= 0.9


def test_every_meeting_date_is_exact(evaluation: dict[str, Any]) -> None:
    assert all(evaluation["dates"].values()), evaluation["dates"]


def test_each_report_is_drafted_in_under_200_ms(evaluation: dict[str, Any]) -> None:
    assert max(evaluation["timings"].values()) < 200, evaluation["timings"]


def test_pairs_listed_before_respectively_make_one_agreement_each(evaluation: dict[str, Any]) -> None:
    # "A与B、C与D分别签订了结对帮扶协议" is two agreements, A–B and C–D
    draft = evaluation["drafts"]["u01_hangzhou_qiandongnan"]
    parties = [a["parties"] for a in draft["agreements"]]
    assert ["杭州市余杭区", "台江县"] in parties
    assert ["杭州市萧山区", "从江县"] in parties


def test_three_parties_sign_one_agreement(evaluation: dict[str, Any]) -> None:
    draft = evaluation["drafts"]["u02_ningbo_qianxinan"]
    assert ["宁波市商务局", "黔西南州投资促进局", "宁波舟山港集团有限公司"] in [
        a["parties"] for a in draft["agreements"]
    ]


def test_yesterday_is_resolved_against_the_publication_date(evaluation: dict[str, Any]) -> None:
    assert evaluation["drafts"]["u02_ningbo_qianxinan"]["meeting"]["date"] == "2021-04-15"


def test_a_news_agency_dateline_is_not_the_meeting_date(evaluation: dict[str, Any]) -> None:
    assert evaluation["drafts"]["u11_jinan_xiangxi"]["meeting"]["date"] == "2020-09-03"
