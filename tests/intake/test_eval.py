"""The evaluation on the seed reports meets its goals (skipped when ../shared/seeds is absent)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("intake_eval", ROOT / "bench" / "intake_eval.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["intake_eval"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluation(request: Any) -> dict[str, Any]:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the seed reports are not available at {seeds}")
    return _load_eval().evaluate(seeds, runs=1)


def test_every_seed_has_a_gold_annotation(seeds_dir: Path) -> None:
    gold = {p.stem for p in (ROOT / "tests" / "intake" / "gold").glob("*.json")}
    assert gold == {p.stem for p in seeds_dir.glob("*.txt")}


def test_agreement_parties_f1_is_at_least_0_9(evaluation: dict[str, Any]) -> None:
    assert evaluation["scores"]["agreement parties"].f1 >= 0.9


def test_attendees_f1_is_at_least_0_9(evaluation: dict[str, Any]) -> None:
    assert evaluation["scores"]["attendees"].f1 >= 0.9


def test_every_meeting_date_is_exact(evaluation: dict[str, Any]) -> None:
    assert all(evaluation["dates"].values()), evaluation["dates"]


def test_the_seed_meeting_reported_in_japanese_and_english_has_the_same_13_agreements(
    evaluation: dict[str, Any],
) -> None:
    drafts = evaluation["drafts"]
    ja = drafts["000_24c8201ea03fd8b9"]
    en = drafts["003_a5b5d013e731d761"]
    assert len(ja["agreements"]) == len(en["agreements"]) == 13
    assert ja["meeting"]["date"] == "2018-09-12"
    assert en["meeting"]["date_partial"] == "--09-12"  # the English page gives no year


def test_eval_script_reports_a_missing_seed_folder(tmp_path: Path, capsys: Any) -> None:
    assert _load_eval().main([str(tmp_path / "nowhere")]) == 2
    assert "not available" in capsys.readouterr().out
