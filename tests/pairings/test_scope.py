from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from counterpart.pairings import services
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_list, scope_for
from tests.conftest import World

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
