"""The one name resolver (`core.names`): name columns and aliases, ranked, with reasons."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import translation

from counterpart.core.models import Alias
from counterpart.core.names import EXACT_ALIAS, EXACT_NAME, PARTIAL_NAME, name_candidates, resolve_name
from counterpart.geo.models import Region
from counterpart.meetings.services import attendance_add_by_name
from counterpart.orgs.models import Person
from counterpart.pairings.selectors import pairing_list
from tests.conftest import World
from tests.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


def alias(obj: Any, text: str, language: str = "zh-hans") -> Alias:
    return Alias.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, language=language, text=text
    )


def test_an_exact_name_ranks_above_an_alias_and_each_says_why(world: World) -> None:
    shanghai = Region.objects.get(code="310000")
    zunyi = Region.objects.get(code="520300")
    alias(zunyi, "上海市")  # a (made-up) alias equal to another region's name
    candidates = name_candidates(Region.objects.all(), " 上海市 ")
    assert [(c.pk, c.rank) for c in candidates] == [(shanghai.pk, EXACT_NAME), (zunyi.pk, EXACT_ALIAS)]
    with translation.override("en"):
        assert candidates[0].reason == "the name in zh-hans is “上海市”"
        assert candidates[1].reason == "an alias (zh-hans) is “上海市”"
    assert resolve_name(Region.objects.all(), "上海市")[0] == shanghai


def test_aliases_and_other_languages_resolve_and_case_is_ignored_for_latin_letters(world: World) -> None:
    shanghai = Region.objects.get(code="310000")
    alias(shanghai, "沪")
    assert resolve_name(Region.objects.all(), "沪")[0] == shanghai
    assert resolve_name(Region.objects.all(), "shanghai")[0] == shanghai


def test_two_rows_of_the_same_rank_are_ambiguous_and_nothing_is_guessed(world: World) -> None:
    PersonFactory(name="李明")
    PersonFactory(name="李明")
    person, candidates = resolve_name(Person.objects.all(), "李明")
    assert person is None
    assert len(candidates) == 2
    assert resolve_name(Person.objects.all(), "王五") == (None, [])


def test_partial_matches_rank_below_exact_ones(world: World) -> None:
    candidates = name_candidates(Region.objects.all(), "市", partial=True)
    assert candidates
    assert {c.rank for c in candidates} == {PARTIAL_NAME}
    assert name_candidates(Region.objects.all(), "遵义市", partial=True)[0].rank == EXACT_NAME


def test_the_resolver_scopes_to_its_queryset(world: World) -> None:
    shanghai = Region.objects.get(code="310000")
    alias(shanghai, "沪")
    assert name_candidates(Region.objects.exclude(pk=shanghai.pk), "沪") == []


def test_pairing_search_finds_a_pairing_by_an_alias_of_its_region(world: World) -> None:
    alias(Region.objects.get(code="310000"), "沪")
    found = list(pairing_list(user=world.assessor, search="沪"))
    assert found == [world.shanghai_zunyi]


def test_an_attendee_named_by_an_alias_is_the_registered_person(world: World) -> None:
    person = PersonFactory(name="张三", name_en="Zhang San")
    alias(person, "老张")
    meeting = MeetingFactory(pairing=world.dalian_liupanshui)
    attendance = attendance_add_by_name(actor=world.dalian_office, meeting=meeting, name="老张")
    assert attendance.person == person
    PersonFactory(name="李四")
    PersonFactory(name="李四")
    with pytest.raises(ValidationError, match="Several people"), translation.override("en"):
        attendance_add_by_name(actor=world.dalian_office, meeting=meeting, name="李四")


def test_a_name_written_as_its_region_writes_it_resolves_county_first_then_city(world: World) -> None:
    from counterpart.core.names import NameIndex, local_forms
    from counterpart.orgs.models import Organization

    assert local_forms("县环保局", ["长海县", "大连市"]) == [
        "长海县环保局", "县环保局", "长海县县环保局", "大连市县环保局"
    ]  # fmt: skip
    assert local_forms("市财政局", ["长海县", "大连市"])[0] == "大连市财政局"
    assert local_forms("环保局", ["长海县", "大连市"])[:3] == ["环保局", "长海县环保局", "大连市环保局"]
    county = Organization.objects.create(name="长海县环保局")
    city = Organization.objects.create(name="大连市环保局")
    index = NameIndex(Organization.objects.all())
    assert index.resolve_within("县环保局", ["长海县", "大连市"])[::2] == (county.pk, "长海县环保局")
    assert index.resolve_within("环保局", ["长海县", "大连市"])[0] == county.pk
    assert index.resolve_within("环保局", ["庄河市", "大连市"])[0] == city.pk
    assert index.resolve_within("县环保局", ["庄河市", "大连市"])[:2] == (None, [])
