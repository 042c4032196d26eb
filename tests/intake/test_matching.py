"""Matching against the registry after the demo is loaded: pairing, the same meeting, people, parties."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from counterpart.demo.loader import load_demo
from counterpart.intake.engine import make_draft
from counterpart.intake.gazetteer import Gazetteer
from counterpart.intake.selectors import DatabaseRegistry, gazetteer_from_db
from counterpart.meetings.models import Meeting
from counterpart.orgs.models import Person
from counterpart.pairings.models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any) -> None:
    load_demo()


def _seed(seeds_dir: Path, prefix: str) -> Path:
    return next(iter(sorted(seeds_dir.glob(f"{prefix}_*.txt"))))


def _dalian_liupanshui() -> Pairing:
    return Pairing.objects.get(helper_region__code="210200", helped_region__code="520200", parent=None)


def test_gazetteer_is_built_with_one_query_per_table(demo: None, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(7):  # regions, organizations, people, aliases (+ content types)
        gazetteer = gazetteer_from_db()
    assert gazetteer.lookup("六盤水市", "region")
    assert gazetteer.lookup("遵", "region")[0].name == "遵义市"
    assert gazetteer.lookup("Tan Zuojun", "person")[0].name == "谭作钧"


def test_english_report_matches_the_pairing_and_the_existing_meeting(demo: None, seeds_dir: Path) -> None:
    path = _seed(seeds_dir, "003")
    draft = make_draft(path.read_bytes(), filename=path.name, registry=DatabaseRegistry())
    pairing = _dalian_liupanshui()
    meeting = Meeting.objects.get(pairing=pairing, date=dt.date(2018, 9, 12), parent=None)
    assert draft["meeting"]["match"] == {"pairing_id": pairing.pk, "meeting_id": meeting.pk}
    assert draft["meeting"]["date"] == "2018-09-12"  # the year comes from the matched meeting
    people = {a["name"]: a["match"]["person_id"] for a in draft["attendees"]}
    assert people["Tan Zuojun"] == Person.objects.get(name="谭作钧").pk
    assert all(people.values())
    assert len(draft["agreements"]) == 13
    two_cities = draft["agreements"][0]["match"]["organization_ids"]
    assert None not in two_cities  # "the two cities" → the two city governments


def test_japanese_report_of_the_same_meeting_is_recognised_too(demo: None, seeds_dir: Path) -> None:
    path = _seed(seeds_dir, "000")
    draft = make_draft(path.read_bytes(), filename=path.name, registry=DatabaseRegistry())
    pairing = _dalian_liupanshui()
    meeting = Meeting.objects.get(pairing=pairing, date=dt.date(2018, 9, 12), parent=None)
    assert draft["meeting"]["match"] == {"pairing_id": pairing.pk, "meeting_id": meeting.pk}
    parties = [ids for a in draft["agreements"] for ids in a["match"]["organization_ids"]]
    assert sum(1 for x in parties if x) >= 20


def test_shanghai_zunyi_short_forms_match_through_aliases(demo: None, seeds_dir: Path) -> None:
    path = _seed(seeds_dir, "002")
    draft = make_draft(path.read_bytes(), filename=path.name, registry=DatabaseRegistry())
    pairing = Pairing.objects.get(helper_region__code="310000", helped_region__code="520300", parent=None)
    assert draft["meeting"]["match"]["pairing_id"] == pairing.pk
    assert draft["meeting"]["match"]["meeting_id"] == Meeting.objects.get(pairing=pairing, number=9).pk


def test_a_meeting_on_another_day_is_not_the_same_meeting(demo: None) -> None:
    text = "大连·六盘水协作推进会召开\n2018-10-21\n\n10月20日，大连·六盘水协作推进会在大连召开。"
    draft = make_draft(text, registry=DatabaseRegistry())
    assert draft["meeting"]["match"]["pairing_id"] == _dalian_liupanshui().pk
    assert draft["meeting"]["match"]["meeting_id"] is None


def test_without_a_database_nothing_is_matched(seeds_dir: Path) -> None:
    path = _seed(seeds_dir, "003")
    draft = make_draft(path.read_bytes(), filename=path.name)
    assert draft["meeting"]["match"] == {"pairing_id": None, "meeting_id": None}
    assert len(Gazetteer()) > 30  # the built-in short forms of province-level names
