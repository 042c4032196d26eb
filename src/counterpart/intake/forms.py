"""Forms of the intake pages: the report to read, and the reading of the review form's fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counterpart.core.ui import Form
from counterpart.intake.services import ReviewedAgreement, ReviewedAttendee, ReviewedDraft

#: Largest upload read (bytes).
MAX_UPLOAD = 5 * 1024 * 1024


class ReportForm(Form):
    text = forms.CharField(
        label=gettext_lazy("Report text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy("Paste the report (Chinese, Japanese or English), or upload a file below."),
    )
    file = forms.FileField(
        label=gettext_lazy("or a file"),
        required=False,
        help_text=gettext_lazy(".txt, .html or .docx"),
    )
    published = forms.DateField(
        label=gettext_lazy("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Only if the page does not show it: partial dates (“9月12日”) are read against it."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is too large (at most 5 MB)."))
        if not (data.get("text") or "").strip() and upload is None:
            raise ValidationError(_("Paste the report's text or choose a file."))
        return data


def reviewed_from_post(draft: dict[str, Any], data: Any) -> ReviewedDraft:
    """The reviewed draft from the review form's fields (`data` is a QueryDict or a dict of lists): the
    meeting's fields, and for each item whether it is accepted and its edited values. Raises
    ValidationError with every problem found."""

    def get(key: str, default: str = "") -> str:
        value = data.get(key, default)
        return (value if isinstance(value, str) else default).strip()

    errors: dict[str, list[str]] = {}
    raw_date = get("date")
    date: dt.date | None = None
    try:
        date = dt.date.fromisoformat(raw_date)
    except ValueError:
        errors.setdefault("date", []).append(_("Give the meeting's date (YYYY-MM-DD)."))
    pairing_raw = get("pairing")
    if not pairing_raw.isdigit():
        errors.setdefault("pairing", []).append(_("Choose the pairing the meeting belongs to."))
    number_raw = get("number")
    if number_raw and not number_raw.isdigit():
        errors.setdefault("number", []).append(_("The number is a whole number, e.g. 9."))
    meeting_id = get("meeting_id")
    keep_match = get("keep_meeting_match") == "1" and meeting_id.isdigit()
    attendees = []
    for i, item in enumerate(draft.get("attendees", [])):
        if get(f"attendee-{i}-accept") != "1":
            continue
        name = get(f"attendee-{i}-name") or item["name"]
        span = item.get("span")
        attendees.append(
            ReviewedAttendee(
                name=name,
                role=get(f"attendee-{i}-role") or item.get("role") or "attendee",
                title=get(f"attendee-{i}-title"),
                # an edited name is a new name: the registry match was for the name as read
                person_id=item["match"].get("person_id") if name == item["name"] else None,
                span=(span[0], span[1]) if span else None,
            )
        )
    agreements = []
    for i, item in enumerate(draft.get("agreements", [])):
        if get(f"agreement-{i}-accept") != "1":
            continue
        parties, org_ids = [], []
        for j, party in enumerate(item["parties"]):
            name = get(f"agreement-{i}-party-{j}") or party
            parties.append(name)
            matched = (
                item["match"]["organization_ids"][j] if j < len(item["match"]["organization_ids"]) else None
            )
            org_ids.append(matched if name == party else None)
        span = item.get("span")
        agreements.append(
            ReviewedAgreement(
                parties=parties,
                organization_ids=org_ids,
                subject=get(f"agreement-{i}-subject") or item["subject"],
                kind=get(f"agreement-{i}-kind") or item.get("kind") or "other",
                span=(span[0], span[1]) if span else None,
            )
        )
    if errors or date is None:
        raise ValidationError(errors)
    return ReviewedDraft(
        language=draft.get("language", "zh-Hans"),
        kind=get("kind") or draft["meeting"]["kind"],
        title=get("title") or draft.get("title", ""),
        date=date,
        pairing_id=int(pairing_raw),
        number=int(number_raw) if number_raw else None,
        place=get("place"),
        meeting_id=int(meeting_id) if keep_match else None,
        source=get("source") or "intake",
        attendees=attendees,
        agreements=agreements,
    )
