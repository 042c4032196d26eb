"""Schemes as data: the defaults load; a faulty scheme names the line and the field."""

from __future__ import annotations

import re

import pytest

from counterpart.assessment.schemes import SCHEME_DIR, SchemeError, available_schemes, parse_scheme

GOOD = """
code = "tiny"
version = 2
subject = "pairing"
total = 10

[[grades]]
code = "good"
min = 50
max = 100
name = "好"

[[grades]]
code = "poor"
min = 0
max = 50
name = "差"

[[areas]]
code = "labour"
name = "劳务协作"

[[areas.indicators]]
code = "placements"
name = { zh_hans = "就业", zh_hant = "就業", en = "placed", ja = "就業" }
numerator = "placements"
target = { source = "fixed", value = 10 }
rule = "share_of_target"
weight = 6

[[areas.indicators]]
code = "stalled"
name = { zh_hans = "停滞", zh_hant = "停滯", en = "stalled", ja = "停滞" }
numerator = "agreements(stalled=yes)"
out_of = "agreements"
rule = "deduction"
params = { per = 2 }
weight = 4
"""


def line_of(text: str, pattern: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if re.search(pattern, line))


def test_the_default_schemes_load_with_their_codes() -> None:
    schemes = available_schemes()
    assert set(schemes) >= {"east-west", "unit-performance"}
    east_west = schemes["east-west"]
    assert [a.code for a in east_west.areas] == [
        "organization",
        "talent",
        "funds",
        "industry",
        "labour",
        "hand_in_hand",
    ]
    assert sum(i.weight for i in east_west.indicators) == east_west.total == 100
    assert "chosen" in (SCHEME_DIR / "east-west.toml").read_text().lower()  # the weights are marked a choice


def test_a_good_scheme_loads_with_its_version() -> None:
    scheme = parse_scheme(GOOD)
    assert (scheme.code, scheme.version) == ("tiny", 2)
    assert scheme.indicator("stalled").out_of is not None
    assert len(scheme.checksum) == 64


def test_an_unknown_metric_is_named_with_its_line() -> None:
    text = GOOD.replace('numerator = "placements"', 'numerator = "placementz"')
    with pytest.raises(SchemeError) as caught:
        parse_scheme(text, source="tiny.toml")
    (line, field, message), *_ = caught.value.problems
    assert line == line_of(text, "placementz")
    assert field == "labour.placements.numerator"
    assert "placementz" in message
    assert f"tiny.toml:{line}:" in str(caught.value)


def test_an_argument_the_metric_does_not_take_is_refused() -> None:
    text = GOOD.replace("agreements(stalled=yes)", "agreements(stalled=maybe)")
    with pytest.raises(SchemeError, match="stalled=maybe"):
        parse_scheme(text)


def test_weights_not_summing_to_the_total_are_refused() -> None:
    text = GOOD.replace("total = 10", "total = 12")
    with pytest.raises(SchemeError) as caught:
        parse_scheme(text)
    (line, field, message), *_ = caught.value.problems
    assert (line, field) == (line_of(text, "^total"), "total")
    assert "10" in message
    assert "12" in message


def test_overlapping_bands_are_refused() -> None:
    text = GOOD.replace("min = 50\nmax = 100", "min = 40\nmax = 100")
    with pytest.raises(SchemeError) as caught:
        parse_scheme(text)
    (line, field, message), *_ = caught.value.problems
    assert field == "grades.good.min"
    assert line == line_of(text, "min = 40")
    assert "overlaps" in message


def test_a_rule_needing_a_target_without_one_is_refused() -> None:
    text = GOOD.replace('target = { source = "fixed", value = 10 }\n', "")
    with pytest.raises(SchemeError, match="needs a target"):
        parse_scheme(text)


def test_a_metric_about_units_in_a_pairing_scheme_is_refused() -> None:
    with pytest.raises(SchemeError, match="about units"):
        parse_scheme(GOOD.replace('numerator = "placements"', 'numerator = "unit_accountability"'))
