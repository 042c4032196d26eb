"""The validation gaps found by a walk through the UI (issue 19 item 8): a review refused is said beside the
entry, not at the top of a long page; progress narratives, comments and finding texts have a length limit; a
rectification deadline cannot lie before its list's year."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from counterpart.plans import services
from counterpart.plans.models import AuditFinding, LedgerEntry
from counterpart.plans.services import TEXT_MAX_CHARS
from tests.conftest import login
from tests.plans.conftest import Plans
from tests.plans.factories import LedgerEntryFactory
from tests.plans.test_views import current_items, this_month

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def zh(message: str) -> str:
    """A message as the page shows it (zh-Hans, the default language), escaped as in the HTML."""
    with translation.override("zh-hans"):
        return escape(translation.gettext(message))


def _top_messages(html: str) -> str:
    found = re.search(r'<ul class="messages" role="status">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def _entry_block(html: str, pk: int) -> str:
    found = re.search(rf'<li class="entry" id="entry-{pk}".*?</li>\s*(?=<li|</ul>)', html, re.S)
    assert found, "the entry is on the page"
    return found.group(0)


def test_a_return_without_comment_is_refused_beside_the_entry(plans: Plans) -> None:
    current_items(plans)
    entry = LedgerEntryFactory(
        item=plans.item_a, status=LedgerEntry.Status.SUBMITTED, year=timezone.localdate().year, month=1
    )
    office = login(plans.world.dalian_office)
    response = office.post(reverse("plans:entry_review", args=[entry.pk]), {"decision": "return"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('plans:item', args=[plans.item_a.pk])}#entry-{entry.pk}"
    expected = zh("Say why the entry is returned.")
    html = office.get(response["Location"]).content.decode()
    # The message is read once: a second page has it no more.
    page = office.get(reverse("plans:item", args=[plans.item_a.pk])).content.decode()
    assert expected in _entry_block(html, entry.pk)
    assert 'role="alert"' in _entry_block(html, entry.pk)
    assert expected not in _top_messages(html)
    assert expected not in page  # shown once, then gone
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.SUBMITTED


def test_an_accepted_review_lands_on_its_entry_with_the_message_at_the_top(plans: Plans) -> None:
    current_items(plans)
    entry = LedgerEntryFactory(
        item=plans.item_a, status=LedgerEntry.Status.SUBMITTED, year=timezone.localdate().year, month=1
    )
    office = login(plans.world.dalian_office)
    response = office.post(reverse("plans:entry_review", args=[entry.pk]), {"decision": "accept"})
    assert response["Location"].endswith(f"#entry-{entry.pk}")
    html = office.get(response["Location"]).content.decode()
    assert zh("The entry was accepted.") in _top_messages(html)


def test_from_the_queue_a_refusal_stays_at_the_top(plans: Plans) -> None:
    """The queue lists only what waits for review: an entry reviewed meanwhile is not there to hold the
    message, so it goes to the top of the queue."""
    current_items(plans)
    entry = LedgerEntryFactory(
        item=plans.item_a, status=LedgerEntry.Status.ACCEPTED, year=timezone.localdate().year, month=1
    )
    office = login(plans.world.dalian_office)
    response = office.post(
        reverse("plans:entry_review", args=[entry.pk]), {"decision": "accept", "next": "queue"}
    )
    assert response["Location"] == reverse("plans:review")
    html = office.get(response["Location"]).content.decode()
    assert zh("This entry is no longer waiting for review; reload the page.") in _top_messages(html)


def test_a_narrative_longer_than_the_limit_is_refused_and_nothing_written(plans: Plans) -> None:
    current_items(plans)
    today = timezone.localdate()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.ledger_entry_submit(
            actor=plans.reporter_a,
            item=plans.item_a,
            year=today.year,
            month=today.month,
            value=Decimal(3),
            narrative="长" * (TEXT_MAX_CHARS + 1),
        )
    assert "narrative" in refused.value.message_dict
    assert f"this one has {TEXT_MAX_CHARS + 1}" in refused.value.message_dict["narrative"][0]
    assert not LedgerEntry.objects.filter(item=plans.item_a).exists()
    # the page says it beside the field and keeps what was typed
    reporter = login(plans.reporter_a)
    long_text = "长" * (TEXT_MAX_CHARS + 1)
    response = reporter.post(
        reverse("plans:report", args=[plans.item_a.pk]),
        {"period": this_month(), "value": "3", "narrative": long_text},
    )
    assert response.status_code == 400
    assert long_text in response.content.decode()
    assert not LedgerEntry.objects.filter(item=plans.item_a).exists()
    entry = services.ledger_entry_submit(
        actor=plans.reporter_a,
        item=plans.item_a,
        year=today.year,
        month=today.month,
        value=Decimal(3),
        narrative="长" * TEXT_MAX_CHARS,
    )
    assert len(entry.narrative) == TEXT_MAX_CHARS


def test_a_review_comment_longer_than_the_limit_is_refused(plans: Plans) -> None:
    current_items(plans)
    entry = LedgerEntryFactory(
        item=plans.item_a, status=LedgerEntry.Status.SUBMITTED, year=timezone.localdate().year, month=1
    )
    with pytest.raises(ValidationError) as refused:
        services.ledger_entry_return(
            actor=plans.world.dalian_office, entry=entry, comment="请" * (TEXT_MAX_CHARS + 1)
        )
    assert "comment" in refused.value.message_dict
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.SUBMITTED


def test_a_rectification_deadline_before_the_lists_year_is_refused(plans: Plans) -> None:
    year = plans.rlist.year
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.audit_finding_create(
            actor=None,
            responsibility_list=plans.rlist,
            unit=plans.unit_a,
            text="台账不全",
            deadline=dt.date(2001, 1, 1),
        )
    assert refused.value.message_dict["deadline"] == [
        f"The rectification deadline lies before the list's year ({year})."
    ]
    assert not AuditFinding.objects.exists()
    # the form says it beside the field
    office = login(plans.world.dalian_office)
    response = office.post(
        reverse("plans:findings", args=[plans.rlist.pk]),
        {"unit": plans.unit_a.pk, "text": "台账不全", "severity": "high", "deadline": "2001-01-01"},
    )
    assert response.status_code == 400
    assert (
        zh("The rectification deadline lies before the list's year (%(year)s).") % {"year": year}
        in response.content.decode()
    )
    assert not AuditFinding.objects.exists()
    # a deadline in an earlier month of the list's own year is a finding of the past, recorded as such
    finding = services.audit_finding_create(
        actor=None,
        responsibility_list=plans.rlist,
        unit=plans.unit_a,
        text="台账不全",
        deadline=dt.date(year, 1, 31),
    )
    assert finding.deadline == dt.date(year, 1, 31)
