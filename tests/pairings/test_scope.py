from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from counterpart.pairings import services
from counterpart.pairings.models import Pairing, ScopeGrant
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_list
from tests.conftest import World
from tests.factories import OrganizationFactory, ScopeGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_office_reads_its_pairing_and_the_ones_under_it(world: World) -> None:
    ids = set(pairing_list(user=world.dalian_office).values_list("pk", flat=True))
    assert ids == {world.dalian_liupanshui.pk, world.park.pk}


def test_office_of_another_pairing_sees_none_of_dalians(world: World) -> None:
    ids = set(pairing_list(user=world.shanghai_office).values_list("pk", flat=True))
    assert ids == {world.shanghai_zunyi.pk}


def test_assessor_reads_everything(world: World) -> None:
    assert pairing_list(user=world.assessor).count() == 3


def test_viewer_reads_but_does_not_write(world: World) -> None:
    scope = scope_for(world.viewer)
    assert scope.can_read(world.park)
    assert not scope.can_write(world.dalian_liupanshui)


def test_anonymous_user_sees_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert pairing_list(user=AnonymousUser()).count() == 0


def test_sub_pairing_needs_write_access_to_the_parent(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.pairing_create(
            actor=world.shanghai_office,
            level=Pairing.Level.COUNTY,
            programme=Pairing.Programme.EAST_WEST,
            helper_region=world.dalian_liupanshui.helper_region,
            helped_region=world.dalian_liupanshui.helped_region,
            parent=world.dalian_liupanshui,
        )


def test_pairing_path_nests_under_the_parent(world: World) -> None:
    child = services.pairing_create(
        actor=world.dalian_office,
        level=Pairing.Level.COUNTY,
        programme=Pairing.Programme.EAST_WEST,
        helper_region=world.dalian_liupanshui.helper_region,
        helped_region=world.dalian_liupanshui.helped_region,
        parent=world.dalian_liupanshui,
    )
    assert child.path == f"{world.dalian_liupanshui.path}{child.pk}/"
    assert child.history.count() == 1


def test_pairing_without_helped_side_or_with_end_before_start_is_refused(world: World) -> None:
    import datetime as dt

    with pytest.raises(ValidationError) as excinfo:
        services.pairing_create(
            actor=world.assessor,
            level=Pairing.Level.CITY,
            programme=Pairing.Programme.EAST_WEST,
            helper_region=world.dalian_liupanshui.helper_region,
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2019, 1, 1),
        )
    assert set(excinfo.value.message_dict) == {"helped_region", "end_date"}
    assert Pairing.objects.count() == 3


# --- the one scope: facets and permission questions ---------------------------------------------------


def test_the_scope_is_built_with_one_query_and_cached_for_the_request(
    world: World, django_assert_num_queries: Any
) -> None:
    user = type(world.dalian_office).objects.get(pk=world.dalian_office.pk)
    with django_assert_num_queries(1):
        scope = scope_for(user)
        assert scope.lists.can_create()
        assert scope_for(user) is scope
    with django_assert_num_queries(1):  # the registry facet: one query on first use, then cached
        assert scope.registry.read_prefixes == ("5202",)
        assert scope_for(user).registry is scope.registry


def test_can_create_asks_for_an_office_grant(world: World) -> None:
    assert scope_for(world.assessor).can_create()
    assert scope_for(world.dalian_office).can_create()
    assert not scope_for(world.viewer).can_create()


def test_lists_facet_lets_an_office_of_a_home_region_create_and_a_reporter_only_report(world: World) -> None:
    reporter = UserFactory(username="unit")
    ScopeGrantFactory(
        user=reporter,
        pairing=world.dalian_liupanshui,
        role=ScopeGrant.Role.REPORTER,
        organization=OrganizationFactory(),
    )
    lists = scope_for(reporter).lists
    assert lists.is_reporter
    assert not lists.can_create()
    assert lists.read_paths == ()  # a reporter reads only the items of its unit
    assert scope_for(world.dalian_office).lists.can_create()


def test_registry_facet_manages_only_the_helped_side_office(world: World) -> None:
    helped_office = UserFactory(username="liupanshui")
    ScopeGrantFactory(user=helped_office, pairing=world.dalian_liupanshui, side=ScopeGrant.Side.HELPED)
    registry = scope_for(helped_office).registry
    assert registry.manage_prefixes == ("5202",)
    assert registry.can_import()
    assert registry.can_unmask("520201001001")
    assert not registry.can_unmask("520301001001")
    helper = scope_for(world.dalian_office).registry
    assert helper.can_read("520201001001")
    assert not helper.can_import()
    assert not helper.can_unmask("520201001001")
    assert scope_for(world.assessor).registry.can_unmask("110101001001")
    assert not scope_for(world.shanghai_office).registry.can_read("520201001001")
