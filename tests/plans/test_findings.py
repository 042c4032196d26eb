"""Audit findings (create, rectify, close, overdue flag), the accountability list (from an item or a
spot-check discrepancy): pages through the services, office only, with validation and pinned query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from counterpart.plans import services
from counterpart.plans.models import AccountabilityRecord, AuditFinding, SpotCheckResult
from tests.plans.conftest import Plans, fresh
from tests.plans.test_views import _queries, login

pytestmark = pytest.mark.django_db

PAST = dt.date(2018, 3, 31)
FUTURE = dt.date(2100, 1, 1)


def _finding(plans: Plans, deadline: dt.date = PAST, **kwargs: Any) -> AuditFinding:
    return services.audit_finding_create(
        actor=None,
        responsibility_list=kwargs.pop("responsibility_list", plans.rlist),
        unit=kwargs.pop("unit", plans.unit_a),
        text=kwargs.pop("text", "扶贫车间资金拨付滞后"),
        deadline=deadline,
        **kwargs,
    )


def test_finding_services_validate_and_check_scope(plans: Plans) -> None:
    with pytest.raises(ValidationError, match="Describe"):
        _finding(plans, text="  ")
    with pytest.raises(ValidationError, match="severity"):
        _finding(plans, severity="extreme")
    for user in (plans.reporter_a, plans.world.viewer, plans.world.shanghai_office):
        with pytest.raises(PermissionDenied):
            services.audit_finding_create(
                actor=user, responsibility_list=plans.rlist, unit=plans.unit_a, text="x", deadline=PAST
            )
    finding = _finding(plans)
    with pytest.raises(ValidationError, match="what was done"):
        services.rectification_add(actor=plans.world.dalian_office, finding=finding, date=PAST, text="")
    # The finding's unit reports rectification but may not close the finding.
    services.rectification_add(actor=plans.reporter_a, finding=finding, date=PAST, text="已拨付一半")
    with pytest.raises(PermissionDenied):
        services.audit_finding_close(actor=fresh(plans.reporter_a), finding=finding, date=PAST, text="x")
    with pytest.raises(PermissionDenied):
        services.rectification_add(actor=plans.reporter_b, finding=finding, date=PAST, text="x")
    services.audit_finding_close(actor=plans.world.dalian_office, finding=finding, date=PAST, text="全部拨付")
    assert finding.closed_at is not None
    with pytest.raises(ValidationError, match="closed"):
        services.rectification_add(
            actor=fresh(plans.world.dalian_office), finding=finding, date=PAST, text="x"
        )


def test_the_findings_pages(plans: Plans) -> None:
    office = login(plans.world.dalian_office)
    url = reverse("plans:findings", args=[plans.rlist.pk])
    data = {"unit": plans.unit_a.pk, "text": "台账不全", "severity": "high", "deadline": "2018-03-31"}
    assert office.post(url, {**data, "text": ""}).status_code == 400
    assert office.post(url, {**data, "severity": "extreme"}).status_code == 400
    assert office.post(url, {**data, "deadline": "2018-13-40"}).status_code == 400
    response = office.post(url, data)
    finding = AuditFinding.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:finding", args=[finding.pk])
    page = office.get(url).content.decode()
    assert "台账不全" in page
    assert "flag-overdue" in page
    detail = reverse("plans:finding", args=[finding.pk])
    assert office.post(detail, {"date": "2018-04-02", "text": "", "action": "rectify"}).status_code == 400
    assert (
        office.post(detail, {"date": "2018-04-02", "text": "补齐台账", "action": "rectify"}).status_code
        == 302
    )
    finding.refresh_from_db()
    assert finding.closed_at is None
    assert finding.rectifications.count() == 1
    assert (
        office.post(detail, {"date": "2018-04-09", "text": "验收通过", "action": "close"}).status_code == 302
    )
    finding.refresh_from_db()
    assert finding.closed_at is not None
    page = office.get(detail).content.decode()
    assert "验收通过" in page
    assert "rectification-form" not in page
    assert "flag-overdue" not in page


def test_findings_pages_are_office_only(plans: Plans) -> None:
    finding = _finding(plans)
    data = {"unit": plans.unit_a.pk, "text": "x", "severity": "low", "deadline": "2018-03-31"}
    for user, status in (
        (plans.reporter_a, 403),
        (plans.world.viewer, 403),
        (plans.world.shanghai_office, 404),
    ):
        client = login(user)
        assert client.get(reverse("plans:findings", args=[plans.rlist.pk])).status_code == status
        assert client.post(reverse("plans:findings", args=[plans.rlist.pk]), data).status_code == status
        assert client.get(reverse("plans:accountability", args=[plans.rlist.pk])).status_code == status
        rectify = {"date": "2018-04-02", "text": "x", "action": "close"}
        assert client.post(reverse("plans:finding", args=[finding.pk]), rectify).status_code in (403, 404)
    # The finding's unit reads its finding; another unit does not.
    page = login(plans.reporter_a).get(reverse("plans:finding", args=[finding.pk])).content.decode()
    assert "rectification-form" not in page
    assert login(plans.reporter_b).get(reverse("plans:finding", args=[finding.pk])).status_code == 404
    assert AuditFinding.objects.count() == 1
    assert not finding.rectifications.exists()


def test_the_overdue_list_flags_and_filters(plans: Plans) -> None:
    overdue = _finding(plans, text="F1-车间资金")
    _finding(plans, deadline=FUTURE, text="F2-培训台账")
    closed = _finding(plans, text="F3-已办结")
    services.audit_finding_close(actor=None, finding=closed, date=PAST, text="ok")
    _finding(plans, responsibility_list=plans.shanghai_list, text="F4-上海")
    office = login(plans.world.dalian_office)
    page = office.get(reverse("plans:overdue_findings")).content.decode()
    assert "F1-车间资金" in page
    assert "F2-培训台账" not in page
    assert "F3-已办结" not in page
    assert "F4-上海" not in page
    assert page.count("flag-overdue") == 1
    page = office.get(reverse("plans:overdue_findings") + "?all=1").content.decode()
    assert "F2-培训台账" in page
    assert "F3-已办结" in page
    assert "F4-上海" not in page
    page = login(plans.reporter_a).get(reverse("plans:overdue_findings")).content.decode()
    assert overdue.pk
    assert "F1-车间资金" not in page


def test_accountability_from_an_item_and_from_a_discrepancy(plans: Plans) -> None:
    office = login(plans.world.dalian_office)
    url = reverse("plans:accountability", args=[plans.rlist.pk])
    assert office.post(url, {"item": plans.item_a.pk, "reason": ""}).status_code == 400
    assert office.post(url, {"reason": "进度滞后"}).status_code == 400  # neither item nor unit
    assert office.post(url, {"item": plans.shanghai_item.pk, "reason": "x"}).status_code == 400
    assert office.post(url, {"item": plans.item_a.pk, "reason": "进度滞后"}).status_code == 302
    record = AccountabilityRecord.objects.get()
    assert record.unit == plans.unit_a
    assert record.item == plans.item_a
    assert office.post(url, {"unit": plans.unit_b.pk, "reason": "报送不及时"}).status_code == 302
    check = services.spot_check_draw(actor=None, responsibility_list=plans.rlist, sample_size=2, seed=1)
    result = check.results.get(item=plans.item_b)  # type: ignore[attr-defined]
    expose = reverse("plans:spot_check_expose", args=[result.pk])
    office.post(expose, {"reason": ""})
    assert AccountabilityRecord.objects.count() == 2  # not a discrepancy yet: refused
    services.spot_check_record(
        actor=None, result=result, outcome=SpotCheckResult.Result.DISCREPANCY, note="数据不符"
    )
    assert "数据不符" in office.get(url).content.decode()
    assert office.post(expose, {"reason": ""}).status_code == 302
    exposed = AccountabilityRecord.objects.order_by("-id").first()
    assert exposed is not None
    assert exposed.item == plans.item_b
    assert exposed.reason == "数据不符"
    assert login(plans.reporter_b).post(expose, {"reason": "x"}).status_code == 404
    assert AccountabilityRecord.objects.count() == 3


@pytest.mark.parametrize("page", ["findings", "overdue", "accountability"])
def test_new_lists_use_a_constant_number_of_queries(plans: Plans, settings: Any, page: str) -> None:
    settings.PAGE_SIZE = 100
    client = login(plans.world.dalian_office)
    url = {
        "findings": reverse("plans:findings", args=[plans.rlist.pk]),
        "overdue": reverse("plans:overdue_findings") + "?all=1",
        "accountability": reverse("plans:accountability", args=[plans.rlist.pk]),
    }[page]

    def add(n: int) -> None:
        for i in range(n):
            finding = _finding(plans, unit=plans.unit_b if i % 2 else plans.unit_a)
            services.rectification_add(actor=None, finding=finding, date=PAST, text="x")
            services.accountability_record_add(
                actor=None, responsibility_list=plans.rlist, unit=plans.unit_a, item=plans.item_a, reason="r"
            )

    add(2)
    small = _queries(client, url)
    add(20)
    large = _queries(client, url)
    assert small == large
    assert large <= 12


def test_expose_refuses_a_reason_too_long_and_says_why(plans: Plans) -> None:
    check = services.spot_check_draw(actor=None, responsibility_list=plans.rlist, sample_size=2, seed=1)
    result = check.results.get(item=plans.item_b)  # type: ignore[attr-defined]
    services.spot_check_record(
        actor=None, result=result, outcome=SpotCheckResult.Result.DISCREPANCY, note="数据不符"
    )
    office = login(plans.world.dalian_office)
    response = office.post(
        reverse("plans:spot_check_expose", args=[result.pk]), {"reason": "长" * 2001}, follow=True
    )
    assert AccountabilityRecord.objects.count() == 0
    assert "2000" in response.content.decode()
