"""Forms of the intake pages: the report to read, and the reading of the review form's fields."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counterpart.core.ui import Form
from counterpart.intake.services import ReviewedAgreement, ReviewedAttendee, ReviewedDraft, ReviewedFigure

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


def _decimal(raw: str) -> Decimal | None:
    """A figure's value as the review shows it (340, 1,200, 3.5); None when it is no number."""
    try:
        value = Decimal(raw.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def reviewed_from_post(draft: dict[str, Any], data: Any) -> ReviewedDraft:  # noqa: C901  # one reading per field
    """The reviewed draft from the review form's fields (`data` is a QueryDict or a dict of lists): the
    meeting's fields, and for each item whether it is accepted and its edited values. Raises
    ValidationError with every problem found, keyed by the field (`title`) or the item (`figure-2`)."""

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
    # the title the reviewer left: an emptied title is an error, never silently the headline again
    title = get("title") if "title" in data else draft.get("title", "").strip()
    if not title and not keep_match:
        errors.setdefault("title", []).append(_("Give the meeting's title."))
    known: list[str] = []
    attendees = []
    for i, item in enumerate(draft.get("attendees", [])):
        if get(f"attendee-{i}-accept") != "1":
            if keep_match and item["match"].get("recorded"):
                known.append(item["name"])
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
                index=i,
                recorded=keep_match and bool(item["match"].get("recorded")),
            )
        )
    # a party the reviewer renamed to a name the draft matched elsewhere is that match
    matched_parties: dict[str, int] = {}
    for item in draft.get("agreements", []):
        for party, org_id in zip(item["parties"], item["match"]["organization_ids"], strict=False):
            if org_id is not None:
                matched_parties.setdefault(party, org_id)
    agreements = []
    for i, item in enumerate(draft.get("agreements", [])):
        if get(f"agreement-{i}-accept") != "1":
            if keep_match and item["match"].get("recorded"):
                known.append(item["subject"])
            continue
        parties, org_ids = [], []
        for j, party in enumerate(item["parties"]):
            name = get(f"agreement-{i}-party-{j}") or party
            parties.append(name)
            matched = (
                item["match"]["organization_ids"][j] if j < len(item["match"]["organization_ids"]) else None
            )
            org_ids.append(matched if name == party else matched_parties.get(name))
        span = item.get("span")
        subject = get(f"agreement-{i}-subject") if f"agreement-{i}-subject" in data else item["subject"]
        if not subject:
            errors.setdefault(f"agreement-{i}", []).append(_("Give the agreement's subject."))
        agreements.append(
            ReviewedAgreement(
                parties=parties,
                organization_ids=org_ids,
                subject=subject,
                kind=get(f"agreement-{i}-kind") or item.get("kind") or "other",
                span=(span[0], span[1]) if span else None,
                index=i,
                recorded=keep_match and bool(item["match"].get("recorded")),
            )
        )
    figures = []
    for i, item in enumerate(draft.get("figures", [])):
        if get(f"figure-{i}-accept") != "1":
            if keep_match and item.get("match", {}).get("recorded"):
                known.append(f"{item['what']} {item['value']} {item['unit']}".strip())
            continue
        what = get(f"figure-{i}-what") if f"figure-{i}-what" in data else item["what"]
        raw_value = get(f"figure-{i}-value") if f"figure-{i}-value" in data else str(item["value"])
        value = _decimal(raw_value)
        if not what:
            errors.setdefault(f"figure-{i}", []).append(_("Say what the figure counts."))
        if value is None:
            errors.setdefault(f"figure-{i}", []).append(
                _("“%(value)s” is not a number (write it as 340 or 3.5).") % {"value": raw_value}
            )
            continue
        span = item.get("span")
        figures.append(
            ReviewedFigure(
                what=what,
                value=value,
                unit=get(f"figure-{i}-unit") if f"figure-{i}-unit" in data else item["unit"],
                span=(span[0], span[1]) if span else None,
                index=i,
            )
        )
    if errors or date is None:
        raise ValidationError(errors)
    return ReviewedDraft(
        language=draft.get("language", "zh-Hans"),
        kind=get("kind") or draft["meeting"]["kind"],
        title=title,
        date=date,
        pairing_id=int(pairing_raw),
        number=int(number_raw) if number_raw else None,
        place=get("place"),
        meeting_id=int(meeting_id) if keep_match else None,
        source=get("source") or "intake",
        attendees=attendees,
        agreements=agreements,
        figures=figures,
        known_items=known,
    )


def draft_with_posted(draft: dict[str, Any], data: Any) -> dict[str, Any]:
    """The draft as the review form posted it, to show it again with its errors: the reviewer's ticks and
    edits kept (a copy; the signed draft is unchanged)."""

    def get(key: str, default: str) -> str:
        value = data.get(key)
        return value.strip() if isinstance(value, str) else default

    shown = copy.deepcopy(draft)
    shown["title"] = get("title", shown.get("title", ""))
    meeting = shown["meeting"]
    for key in ("date", "place", "number"):
        meeting[key] = get(key, meeting.get(key) or "")
    meeting["kind_value"] = get("kind", "")
    if get("pairing", "").isdigit():
        meeting["match"]["pairing_id"] = int(get("pairing", ""))
    for prefix, items, fields in (
        ("attendee", shown["attendees"], ("name", "title", "role")),
        ("agreement", shown["agreements"], ("subject", "kind")),
        ("figure", shown["figures"], ("what", "value", "unit")),
    ):
        for i, item in enumerate(items):
            item["accept_posted"] = get(f"{prefix}-{i}-accept", "") == "1"
            for key in fields:
                item[key] = get(f"{prefix}-{i}-{key}", str(item.get(key) or ""))
            if prefix == "agreement":
                item["parties"] = [get(f"agreement-{i}-party-{j}", p) for j, p in enumerate(item["parties"])]
    return shown
