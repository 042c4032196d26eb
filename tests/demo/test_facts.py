"""The demo facts are true to the seed reports: every span is a sentence of its seed that names what the
record says, every cross reference resolves, and the data keeps the shapes the loader relies on.

Pure Python: no database, no Django setup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from counterpart.demo import facts

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"

REGION_LEVELS = {"province", "prefecture", "county"}
ORG_KINDS = {
    "government", "party", "department", "zone", "enterprise", "university", "school", "hospital",
    "exchange", "cooperative", "other",
}  # fmt: skip
PAIRING_LEVELS = {"province", "city", "county", "town", "village", "enterprise_village", "park", "school",
                  "hospital"}  # fmt: skip
PROGRAMMES = {"east_west", "tibet_aid", "xinjiang_aid", "other"}
PRECISIONS = {"day", "month", "year"}
MEETING_KINDS = {
    "joint_meeting", "promotion_meeting", "monthly_dispatch", "signing_ceremony", "seminar", "visit",
    "standing_committee", "other",
}  # fmt: skip
ROLES = {"chair", "speaker", "reporter", "attendee"}
AGREEMENT_KINDS = {
    "action_plan",
    "framework",
    "strategic",
    "project",
    "sales",
    "park",
    "cooperation",
    "other",
}
SECTORS = {
    "general", "industry", "agriculture", "finance", "consumption", "education", "health", "labour", "social",
    "environment", "elderly", "other",
}  # fmt: skip
PARTY_ROLES = {"helping", "helped", "party"}
LANGUAGES = {"zh-hans", "zh-hant", "en", "ja"}
ALIAS_KINDS = {"short", "former", "variant"}

# Where a span may start or end: a sentence ends with one of these (a closing bracket may follow).
SENTENCE_END = "。！？.!?"
CLOSERS = "」』”’）)\"'"

Fact = Mapping[str, Any]


# Helpers -------------------------------------------------------------------------------------------


@cache
def seed_text(name: str) -> str:
    # Bytes, then decode: offsets are str indices of the file as it is, with no newline translation.
    return (SEEDS_DIR / name).read_bytes().decode("utf-8")


@pytest.fixture(scope="module", autouse=True)
def _seeds_available() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed reports are not available at {SEEDS_DIR}")


def _names(record: Fact, *fields: str) -> list[str]:
    return [record[f] for f in fields if record.get(f)]


PEOPLE = {p["key"]: p for p in facts.PEOPLE}
NAME_FIELDS = ("name", "name_zh_hant", "name_en", "name_ja")
TITLE_FIELDS = ("title", "title_zh_hant", "title_en", "title_ja")


def sourced_records() -> Iterator[tuple[str, Fact, list[str]]]:
    """Every record with its label and the surface forms one of which each of its spans must contain."""
    for o in facts.ORGANIZATIONS:
        yield f"organization:{o['key']}", o, _names(o, *NAME_FIELDS)
    for p in facts.PEOPLE:
        yield f"person:{p['key']}", p, _names(p, *NAME_FIELDS)
    for pairing in facts.PAIRINGS:
        yield f"pairing:{pairing['key']}", pairing, []
    for m in facts.MEETINGS:
        yield f"meeting:{m['key']}", m, _names(m, *TITLE_FIELDS)
    for a in facts.ATTENDANCES:
        person: Fact = PEOPLE.get(a["person"], {})
        names = _names(person, *NAME_FIELDS) + _names(a, *TITLE_FIELDS)
        yield f"attendance:{a['meeting']}:{a['person']}", a, names
    for d in facts.DECISIONS:
        yield f"decision:{d['meeting']}:{d['order']}", d, []
    for agreement in facts.AGREEMENTS:
        yield f"agreement:{agreement['key']}", agreement, _names(agreement, *TITLE_FIELDS)
    for f in facts.FIGURES:
        yield f"figure:{f['key']}", f, []
    for pub in facts.PUBLISHED:
        yield f"published:{pub['seed']}", pub, []


def spans_of(record: Fact) -> list[tuple[str, int, int]]:
    sources = [record.get("source"), *record.get("also", ())]
    return [span for s in sources if (span := facts.parse_source(s)) is not None]


RECORDS = [(label, record, names) for label, record, names in sourced_records() if spans_of(record)]
RECORD_IDS = [label for label, _record, _names in RECORDS]


# Spans ---------------------------------------------------------------------------------------------


def test_every_source_is_a_seed_span_or_a_named_standard() -> None:
    for label, record, _surfaces in sourced_records():
        for source in [record.get("source"), *record.get("also", ())]:
            if source is None:
                continue
            assert facts.parse_source(source) is not None, f"{label}: {source!r} is not file:start-end"
    for region in facts.REGIONS:
        assert region["source"] == facts.GB_T_2260


@pytest.mark.parametrize(("label", "record", "names"), RECORDS, ids=RECORD_IDS)
def test_each_span_is_a_sentence_of_its_seed_that_names_the_record(
    label: str, record: Fact, names: list[str]
) -> None:
    surfaces = names + list(record.get("evidence", ()))
    assert surfaces, f"{label}: no name, title or evidence to look for"
    for file, start, end in spans_of(record):
        assert (SEEDS_DIR / file).is_file(), f"{label}: {file} is not a seed report"
        text = seed_text(file)
        assert 0 <= start < end <= len(text), f"{label}: {file}:{start}-{end} is outside the file"
        sentence = text[start:end]
        assert sentence == sentence.strip(), f"{label}: {file}:{start}-{end} starts or ends with blanks"
        starts_clean = start == 0 or text[start - 1] in "\n \t\u3000" + SENTENCE_END + CLOSERS
        ends_clean = end == len(text) or text[end] in "\n" or sentence.rstrip(CLOSERS)[-1:] in SENTENCE_END
        assert starts_clean, f"{label}: {file}:{start}-{end} is not a whole sentence: {sentence!r}"
        assert ends_clean, f"{label}: {file}:{start}-{end} is not a whole sentence: {sentence!r}"
        assert any(s in sentence for s in surfaces), (
            f"{label}: {file}:{start}-{end} contains none of {surfaces!r}: {sentence!r}"
        )


@pytest.mark.parametrize(("label", "record", "names"), RECORDS, ids=RECORD_IDS)
def test_every_evidence_string_is_in_a_span_of_its_record(label: str, record: Fact, names: list[str]) -> None:
    texts = [seed_text(file)[start:end] for file, start, end in spans_of(record)]
    for evidence in record.get("evidence", ()):
        assert any(evidence in t for t in texts), f"{label}: {evidence!r} is in none of its spans"


def test_each_seed_has_one_publication_record_and_meetings_cite_it() -> None:
    seeds = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    assert sorted(p["seed"] for p in facts.PUBLISHED) == seeds
    by_seed = {p["seed"]: p for p in facts.PUBLISHED}
    for meeting in facts.MEETINGS:
        span = facts.parse_source(meeting["published_source"])
        assert span is not None
        publication = by_seed[span[0]]
        assert publication["source"] == meeting["published_source"]
        assert publication["published"] == meeting["published"]


# Shapes and references -----------------------------------------------------------------------------


def _keys(rows: tuple[Fact, ...], field: str = "key") -> set[str]:
    values = [r[field] for r in rows]
    duplicates = [k for k, n in Counter(values).items() if n > 1]
    assert not duplicates, f"duplicate {field}: {duplicates}"
    return set(values)


REGION_CODES = _keys(facts.REGIONS, "code")
ORG_KEYS = _keys(facts.ORGANIZATIONS)
PERSON_KEYS = _keys(facts.PEOPLE)
PAIRING_KEYS = _keys(facts.PAIRINGS)
MEETING_KEYS = _keys(facts.MEETINGS)
AGREEMENT_KEYS = _keys(facts.AGREEMENTS)
FIGURE_KEYS = _keys(facts.FIGURES)


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def test_regions_have_six_digit_codes_and_existing_parents() -> None:
    for r in facts.REGIONS:
        code = r["code"]
        assert re.fullmatch(r"\d{6}", code), code
        assert r["level"] in REGION_LEVELS, code
        if r["level"] == "province":
            assert r["parent"] is None, code
            assert code.endswith("0000"), code
        else:
            assert r["parent"] in REGION_CODES, f"{code}: parent {r['parent']} is missing"
            assert code[:2] == r["parent"][:2], f"{code} is not in its parent's province"
        if r.get("successor") is not None:
            assert r["successor"] in REGION_CODES, code
            assert r.get("valid_to") is not None or r.get("valid_to_year") is not None, code
        _iso(r.get("valid_from"))
        _iso(r.get("valid_to"))


def test_required_regions_are_there() -> None:
    required = {
        "210000", "210200", "520000", "520200", "520201", "520203", "520221", "520204", "520281", "310000",
        "520300", "520303", "520324", "520100", "520115", "440000", "442000", "540000", "540400", "540421",
    }  # fmt: skip
    assert required <= REGION_CODES
    shuicheng = next(r for r in facts.REGIONS if r["code"] == "520221")
    assert shuicheng["successor"] == "520204"
    assert shuicheng.get("valid_to_year") == 2020


def test_aliases_point_at_existing_targets() -> None:
    targets = {"region": REGION_CODES, "organization": ORG_KEYS, "person": PERSON_KEYS}
    seen = set()
    for a in facts.ALIASES:
        assert a["target"] in targets[a["target_kind"]], a
        assert a["language"] in LANGUAGES, a
        assert a["kind"] in ALIAS_KINDS, a
        assert a["text"], a
        key = (a["target_kind"], a["target"], a["language"], a["text"])
        assert key not in seen, f"duplicate alias {key}"
        seen.add(key)
    texts = {(a["language"], a["text"]) for a in facts.ALIASES}
    for short in ("沪", "遵", "连", "黔", "六盘水"):
        assert ("zh-hans", short) in texts


def test_organizations_have_known_kinds_and_regions() -> None:
    for o in facts.ORGANIZATIONS:
        assert o["kind"] in ORG_KINDS, o["key"]
        assert o["region"] is None or o["region"] in REGION_CODES, o["key"]


def test_unnamed_liupanshui_zones_are_marked_placeholders() -> None:
    placeholders = [o for o in facts.ORGANIZATIONS if o.get("placeholder")]
    assert len(placeholders) == 3
    for o in placeholders:
        assert "未具名" in o["name"], o["key"]
        assert o.get("note"), o["key"]
        assert o.get("name_en") is None, "a placeholder has no real name"
        assert o.get("name_ja") is None, "a placeholder has no real name"


def _side_exists(ref: str) -> bool:
    return ref in REGION_CODES if ref.isdigit() else ref in ORG_KEYS


def test_pairings_reference_existing_sides_and_parents_in_order() -> None:
    seen: set[str] = set()
    for p in facts.PAIRINGS:
        assert _side_exists(p["helper"]), p["key"]
        assert _side_exists(p["helped"]), p["key"]
        assert p["level"] in PAIRING_LEVELS, p["key"]
        assert p["programme"] in PROGRAMMES, p["key"]
        assert p["parent"] is None or p["parent"] in seen, f"{p['key']}: parent missing or listed later"
        if p["start_date"] is not None:
            _iso(p["start_date"])
            assert p.get("start_precision") in PRECISIONS, p["key"]
        seen.add(p["key"])
    parks = [p for p in facts.PAIRINGS if p["level"] == "park"]
    assert len(parks) == 3
    assert all(p["parent"] == "dalian_liupanshui" for p in parks)


def test_meetings_reference_existing_records_and_parents_in_order() -> None:
    seen: set[str] = set()
    for m in facts.MEETINGS:
        assert m["kind"] in MEETING_KINDS, m["key"]
        assert m["pairing"] is None or m["pairing"] in PAIRING_KEYS, m["key"]
        assert m["host"] is None or m["host"] in ORG_KEYS, m["key"]
        assert m["place_region"] is None or m["place_region"] in REGION_CODES, m["key"]
        assert m["parent"] is None or m["parent"] in seen, f"{m['key']}: parent missing or listed later"
        start, end = _iso(m["date"]), _iso(m.get("end_date"))
        assert start is not None, m["key"]
        assert end is None or end >= start, m["key"]
        assert m["summary"], m["key"]
        seen.add(m["key"])


def test_attendances_and_decisions_reference_existing_records() -> None:
    for a in facts.ATTENDANCES:
        label = f"{a['meeting']}:{a['person']}"
        assert a["meeting"] in MEETING_KEYS, label
        assert a["person"] in PERSON_KEYS, label
        assert a["role"] in ROLES, label
        assert a["title"], label
        assert a.get("organization") is None or a["organization"] in ORG_KEYS, label
    assert len({(a["meeting"], a["person"]) for a in facts.ATTENDANCES}) == len(facts.ATTENDANCES)
    for d in facts.DECISIONS:
        assert d["meeting"] in MEETING_KEYS, d
        assert d.get("proposed_by") is None or d["proposed_by"] in PERSON_KEYS, d
    assert len({(d["meeting"], d["order"]) for d in facts.DECISIONS}) == len(facts.DECISIONS)


def test_each_meeting_has_one_chair_at_most() -> None:
    chairs = Counter(a["meeting"] for a in facts.ATTENDANCES if a["role"] == "chair")
    assert all(n == 1 for n in chairs.values()), chairs


def test_agreements_reference_existing_records() -> None:
    for a in facts.AGREEMENTS:
        assert a["pairing"] in PAIRING_KEYS, a["key"]
        assert a["meeting"] is None or a["meeting"] in MEETING_KEYS, a["key"]
        assert a["kind"] in AGREEMENT_KINDS, a["key"]
        assert a["sector"] in SECTORS, a["key"]
        _iso(a["signed_date"])
        assert len(a["parties"]) >= 2, a["key"]
        for org, role in a["parties"]:
            assert org in ORG_KEYS, (a["key"], org, role)
            assert role in PARTY_ROLES, (a["key"], org, role)


def test_thirteen_agreements_were_signed_at_the_2018_dalian_meeting() -> None:
    meetings = {"dl_lps_2018_promotion", "dl_lps_2018_signing"}
    signed = [a for a in facts.AGREEMENTS if a["meeting"] in meetings]
    assert len(signed) == 13
    assert all(a["signed_date"] == "2018-09-12" for a in signed)
    assert sum(a["meeting"] == "dl_lps_2018_promotion" for a in signed) == 1
    park_pairings = {p["key"] for p in facts.PAIRINGS if p["level"] == "park"}
    assert {a["pairing"] for a in signed if a["kind"] == "park" and a["pairing"] != "dalian_liupanshui"} == (
        park_pairings
    )


def test_four_agreements_were_signed_at_the_ninth_shanghai_zunyi_meeting() -> None:
    signed = [a for a in facts.AGREEMENTS if a["meeting"] == "hu_zun_2019_joint_9"]
    assert sorted(a["sector"] for a in signed) == ["education", "health", "labour", "social"]
    assert all(dict(a["parties"]) == {"shanghai_gov": "helping", "zunyi_gov": "helped"} for a in signed)


def test_figures_reference_existing_subjects() -> None:
    subjects = {
        "region": REGION_CODES,
        "organization": ORG_KEYS,
        "pairing": PAIRING_KEYS,
        "meeting": MEETING_KEYS,
        "agreement": AGREEMENT_KEYS,
    }
    for f in facts.FIGURES:
        assert f["subject"] in subjects[f["subject_kind"]], f["key"]
        assert f["value"] >= 0, f["key"]
        assert f["unit"], f["key"]
        _iso(f["as_of"])
