"""The pages that record a job placement, a purchase and a dispatch (through the assistance services)."""

from __future__ import annotations

from django.urls import reverse

from counterpart.assistance.models import Dispatch, Placement, Purchase
from tests.factories import OrganizationFactory, PersonFactory
from tests.households.conftest import Registry
from tests.households.test_views import login


def test_placement_is_recorded_for_a_member_of_the_household(registry: Registry) -> None:
    world = registry.world
    member = registry.household.members.get(relation="head")
    employer = OrganizationFactory(name="大连某公司")
    url = reverse("assistance:placement_create", args=[registry.household.pk])
    client = login(world.dalian_office)
    page = client.get(url)
    assert page.status_code == 200 and member.name in page.content.decode()
    response = client.post(
        url,
        {
            "pairing": world.dalian_liupanshui.pk,
            "member": member.pk,
            "employer": employer.pk,
            "work_region": world.dalian_liupanshui.helper_region.code,
            "start_date": "2020-03-01",
            "monthly_wage": "4200",
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.member, placement.employer, placement.recorded_by) == (
        member,
        employer,
        world.dalian_office,
    )


def test_placement_with_an_unknown_region_code_is_refused_beside_the_field(registry: Registry) -> None:
    world = registry.world
    response = login(world.dalian_office).post(
        reverse("assistance:placement_create", args=[registry.household.pk]),
        {
            "pairing": world.dalian_liupanshui.pk,
            "member": registry.household.members.first().pk,
            "employer": OrganizationFactory().pk,
            "work_region": "999999",
            "start_date": "2020-03-01",
            "monthly_wage": "4200",
        },
    )
    assert response.status_code == 400 and "Unknown region code" in response.content.decode()
    assert not Placement.objects.exists()


def test_placement_outside_the_users_scope_is_refused(registry: Registry) -> None:
    world = registry.world
    # A household the Shanghai office cannot see, and a pairing it does not write.
    url = reverse("assistance:placement_create", args=[registry.household.pk])
    assert login(world.shanghai_office).get(url).status_code == 404
    own = reverse("assistance:placement_create", args=[registry.zunyi_household.pk])
    response = login(world.shanghai_office).post(
        own,
        {
            "pairing": world.dalian_liupanshui.pk,
            "member": registry.zunyi_household.members.first().pk,
            "employer": OrganizationFactory().pk,
            "work_region": "210200",
            "start_date": "2020-03-01",
            "monthly_wage": "4200",
        },
    )
    assert response.status_code in (403, 404)
    assert not Placement.objects.exists()


def test_a_member_of_another_household_cannot_be_posted(registry: Registry) -> None:
    world = registry.world
    other = registry.zunyi_household.members.first()
    response = login(world.dalian_office).post(
        reverse("assistance:placement_create", args=[registry.household.pk]),
        {
            "pairing": world.dalian_liupanshui.pk,
            "member": other.pk,
            "employer": OrganizationFactory().pk,
            "work_region": "210200",
            "start_date": "2020-03-01",
            "monthly_wage": "4200",
        },
    )
    assert response.status_code == 400
    assert not Placement.objects.exists()


def test_purchase_is_recorded_by_the_pairing_office_only(registry: Registry) -> None:
    world = registry.world
    buyer = OrganizationFactory(name="大连某超市")
    body = {
        "pairing": world.dalian_liupanshui.pk,
        "buyer": buyer.pk,
        "product": "刺梨",
        "seller_region": world.dalian_liupanshui.helped_region.code,
        "amount": "100000.50",
        "date": "2020-06-01",
        "channel": "other",
    }
    url = reverse("assistance:purchase_create")
    assert login(world.viewer).post(url, body).status_code in (403, 404)
    assert login(world.shanghai_office).post(url, body).status_code in (403, 404)
    assert not Purchase.objects.exists()
    assert login(world.dalian_office).post(url, body).status_code == 302
    purchase = Purchase.objects.get()
    assert (purchase.buyer, purchase.product, str(purchase.amount)) == (buyer, "刺梨", "100000.50")


def test_dispatch_term_ending_before_it_starts_is_refused(registry: Registry) -> None:
    world = registry.world
    body = {
        "pairing": world.dalian_liupanshui.pk,
        "person": PersonFactory().pk,
        "kind": "doctor",
        "from_org": OrganizationFactory().pk,
        "to_org": OrganizationFactory().pk,
        "start_date": "2020-03-01",
        "end_date": "2019-03-01",
    }
    client = login(world.dalian_office)
    url = reverse("assistance:dispatch_create")
    refused = client.post(url, body)
    assert refused.status_code == 400 and "The term cannot end before it starts." in refused.content.decode()
    assert not Dispatch.objects.exists()
    assert client.post(url, {**body, "end_date": "2021-03-01"}).status_code == 302
    assert Dispatch.objects.get().kind == "doctor"
