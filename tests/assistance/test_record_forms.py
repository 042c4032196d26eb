"""The pages that record a job placement, a training, a purchase, a dispatch and an award (through the
assistance services)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from counterpart.assistance.models import Award, Dispatch, Placement, Purchase, Training, TrainingAttendance
from counterpart.households import ids
from counterpart.households.models import Member
from tests.factories import OrganizationFactory, PersonFactory
from tests.households.conftest import Registry, make_id
from tests.households.test_views import login


def test_placement_is_recorded_for_a_member_of_the_household(registry: Registry) -> None:
    world = registry.world
    member = registry.household.members.get(relation="head")
    employer = OrganizationFactory(name="大连某公司")
    url = reverse("assistance:placement_create", args=[registry.household.pk])
    client = login(world.dalian_office)
    page = client.get(url)
    assert page.status_code == 200
    assert member.name in page.content.decode()
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
    assert response.status_code == 400
    assert "Unknown region code" in response.content.decode()
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
    assert refused.status_code == 400
    assert "The term cannot end before it starts." in refused.content.decode()
    assert not Dispatch.objects.exists()
    assert client.post(url, {**body, "end_date": "2021-03-01"}).status_code == 302
    assert Dispatch.objects.get().kind == "doctor"


def clear_id(member: Member) -> str:
    return ids.codec().decrypt(member.id_cipher, member.id_hash)


def training_body(registry: Registry, *lines: str, trainees: str = "1") -> dict[str, object]:
    return {
        "pairing": registry.world.dalian_liupanshui.pk,
        "topic": "电商培训",
        "date": "2020-05-10",
        "trainees": trainees,
        "organizer": OrganizationFactory(name="大连某职业学校").pk,
        "region": registry.zhongshan.code,
        "members": "\n".join(lines),
    }


def test_training_is_recorded_with_its_attendees_named_by_id_number(registry: Registry) -> None:
    head, child = registry.household.members.order_by("id")
    url = reverse("assistance:training_create")
    client = login(registry.world.dalian_office)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("assistance:overview")).content.decode()
    # Blank lines are skipped, spaces and a lower-case x are normalized, a number listed twice counts once.
    lines = (clear_id(head), "", f"  {clear_id(child).lower()} ", clear_id(head))
    response = client.post(url, training_body(registry, *lines, trainees="1"))
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:overview")
    training = Training.objects.get()
    assert (training.topic, training.region, training.trainees) == ("电商培训", registry.zhongshan, 2)
    assert set(training.attendances.values_list("member", "household")) == {
        (head.pk, registry.household.pk),
        (child.pk, registry.household.pk),
    }
    # More trainees than members named: the number given stands.
    assert client.post(url, training_body(registry, clear_id(head), trainees="30")).status_code == 302
    assert Training.objects.order_by("-id").first().trainees == 30


def test_training_with_a_bad_or_unknown_id_number_is_refused_with_the_number_masked(
    registry: Registry,
) -> None:
    known = clear_id(registry.household.members.first())
    mistyped = make_id("520201")
    mistyped = mistyped[:-1] + ("0" if mistyped[-1] != "0" else "1")
    unknown = make_id("520201")  # valid, in nobody's registry
    out_of_scope = clear_id(registry.zunyi_household.members.first())  # Dalian cannot read Zunyi
    response = login(registry.world.dalian_office).post(
        reverse("assistance:training_create"), training_body(registry, known, mistyped, unknown, out_of_scope)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Line 2 ({ids.mask(mistyped)}): The check character is wrong" in html
    assert f"Line 3: {ids.mask(unknown)} is not the ID number of a registry member you may see." in html
    # Out of scope reads exactly as unknown: the page does not tell that the number is in the registry.
    assert f"Line 4: {ids.mask(out_of_scope)} is not the ID number of a registry member you may see." in html
    for number in (known, mistyped, unknown, out_of_scope):
        assert number not in html
    assert "Line 1" not in html
    assert not Training.objects.exists()
    assert not TrainingAttendance.objects.exists()


def test_unknown_attendee_numbers_are_limited_so_the_list_cannot_confirm_guesses(
    registry: Registry, settings: Any
) -> None:
    """Saying which lines are unknown confirms guesses: unknown numbers count against a per-user limit."""
    settings.HOUSEHOLD_ID_MISS_RATE = "3/h"
    known = clear_id(registry.household.members.first())
    guesses = [make_id("520201") for _ in range(4)]
    client = login(registry.world.dalian_office)
    url = reverse("assistance:training_create")
    first = client.post(url, training_body(registry, known, *guesses[:3])).content.decode()
    assert first.count("is not the ID number of a registry member you may see") == 3
    refused = client.post(url, training_body(registry, known, guesses[3])).content.decode()
    assert "try again in" in refused
    assert "is not the ID number" not in refused  # no answer about the lines once over the limit
    assert client.post(url, training_body(registry, known)).status_code == 302  # known numbers still pass


def test_training_lists_at_most_2000_attendees(registry: Registry) -> None:
    lines = ["x"] * 2001
    response = login(registry.world.dalian_office).post(
        reverse("assistance:training_create"), training_body(registry, *lines)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["members"] == ["List at most 2000 ID numbers; this list has 2001."]
    assert not Training.objects.exists()


def test_training_attendee_outside_the_pairings_helped_region_is_refused_beside_the_list(
    registry: Registry,
) -> None:
    # The assessor reads every registry, but a Zunyi member did not attend a Dalian–Liupanshui training.
    zunyi_member = clear_id(registry.zunyi_household.members.first())
    response = login(registry.world.assessor).post(
        reverse("assistance:training_create"), training_body(registry, zunyi_member)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["members"] == [
        "This member does not live in the helped region of the pairing."
    ]
    assert not Training.objects.exists()


def test_award_needs_a_recipient(registry: Registry) -> None:
    world = registry.world
    person = PersonFactory(name="王某")
    body = {
        "pairing": world.dalian_liupanshui.pk,
        "title": "东西部协作先进个人",
        "date": "2020-12-01",
        "awarded_by": OrganizationFactory(name="大连市人民政府").pk,
    }
    url = reverse("assistance:award_create")
    client = login(world.dalian_office)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("assistance:overview")).content.decode()
    refused = client.post(url, body)
    assert refused.status_code == 400
    assert refused.context["form"].errors["recipient_org"] == ["Name the group or the person awarded."]
    assert not Award.objects.exists()
    response = client.post(url, {**body, "recipient_person": person.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:overview")
    award = Award.objects.get()
    assert (award.title, award.recipient_person, award.recipient_org, award.recorded_by) == (
        "东西部协作先进个人",
        person,
        None,
        world.dalian_office,
    )


def test_training_and_award_are_recorded_by_the_pairing_office_only(registry: Registry) -> None:
    world = registry.world
    training = training_body(registry, clear_id(registry.household.members.first()))
    award = {
        "pairing": world.dalian_liupanshui.pk,
        "title": "先进集体",
        "date": "2020-12-01",
        "recipient_org": OrganizationFactory().pk,
    }
    for user in (world.viewer, world.shanghai_office):
        client = login(user)
        assert client.post(reverse("assistance:training_create"), training).status_code in (403, 404)
        assert client.post(reverse("assistance:award_create"), award).status_code in (403, 404)
    assert not Training.objects.exists()
    assert not TrainingAttendance.objects.exists()
    assert not Award.objects.exists()
    client = login(world.dalian_office)
    assert client.post(reverse("assistance:training_create"), training).status_code == 302
    assert client.post(reverse("assistance:award_create"), award).status_code == 302
    assert Training.objects.count() == 1
    assert Award.objects.count() == 1
