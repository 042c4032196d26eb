"""Intake pages: read a report into a draft, review it beside the source text, save what was accepted.

Nothing is written before the review form is posted; the draft travels in the form signed, so the ids of
registry matches cannot be swapped, and every write still goes through the services' scope checks.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from counterpart.agreements.models import Agreement
from counterpart.intake.engine import make_draft
from counterpart.intake.forms import ReportForm, reviewed_from_post
from counterpart.intake.lexicon import KIND_VALUES
from counterpart.intake.selectors import DatabaseRegistry, draft_limit_to_user
from counterpart.intake.services import intake_draft_save
from counterpart.intake.text import IntakeError
from counterpart.meetings.models import Attendance, Meeting
from counterpart.pairings.selectors import pairing_choices
from counterpart.pairings.ui import check_posted_pairing

SIGNING_SALT = "counterpart.intake.draft"
#: A draft left on the review page longer than this must be read again.
DRAFT_MAX_AGE = 24 * 3600


def _segments(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """The cleaned text cut at the items' spans (sentences, so they do not overlap), each marked span
    listing the items it is the source of."""
    text = draft.get("text", "")
    marks: dict[tuple[int, int], list[str]] = {}
    items = [("meeting", 0, draft["meeting"])]
    items += [("attendee", i, a) for i, a in enumerate(draft["attendees"])]
    items += [("agreement", i, a) for i, a in enumerate(draft["agreements"])]
    items += [("figure", i, f) for i, f in enumerate(draft["figures"])]
    for kind, index, item in items:
        start, end = item.get("span") or (0, 0)
        if 0 <= start < end <= len(text):
            marks.setdefault((start, end), []).append(f"{kind}-{index}")
    segments: list[dict[str, Any]] = []
    pos = 0
    for start, end in sorted(marks):
        if start < pos:
            continue  # overlapping spans: the first one is shown
        if start > pos:
            segments.append({"text": text[pos:start], "items": []})
        segments.append({"text": text[start:end], "items": marks[(start, end)], "id": f"src-{start}"})
        pos = end
    if pos < len(text):
        segments.append({"text": text[pos:], "items": []})
    return segments


def _review_context(
    request: HttpRequest, draft: dict[str, Any], errors: list[str] | None = None
) -> dict[str, Any]:
    meeting = draft["meeting"]
    existing = None
    if meeting["match"].get("meeting_id"):
        existing = (
            Meeting.objects.filter(pk=meeting["match"]["meeting_id"]).only("id", "title", "date").first()
        )
    for item in [*draft["attendees"], *draft["agreements"]]:
        # a recognized meeting adds only what the reviewer ticks; what it already has cannot be added again
        item["accept_default"] = not existing and not item["match"].get("recorded")
    kind_value = KIND_VALUES.get(meeting["kind"], "other")
    return {
        "draft": draft,
        "signed": signing.dumps(draft, salt=SIGNING_SALT, compress=True),
        "segments": _segments(draft),
        "pairings": pairing_choices(user=request.user, write=True),
        "meeting_kinds": Meeting.Kind.choices,
        "meeting_kind": kind_value,
        "attendance_roles": Attendance.Role.choices,
        "agreement_kinds": Agreement.Kind.choices,
        "existing": existing,
        "errors": errors or [],
        "posted": request.POST if request.method == "POST" and "draft" in request.POST else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def intake_start_view(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        data: bytes | str = upload.read() if upload else form.cleaned_data["text"]
        filename = upload.name if upload else ""
        try:
            draft = make_draft(
                data,
                filename=filename,
                published=form.cleaned_data.get("published"),
                registry=DatabaseRegistry(),
            )
        except IntakeError as exc:
            form.add_error(None, str(exc))
        else:
            draft["source_name"] = filename
            draft_limit_to_user(draft, request.user)
            return render(request, "intake/review.html", _review_context(request, draft))
    return render(request, "intake/start.html", {"form": form})


@login_required
@require_POST
def intake_save_view(request: HttpRequest) -> HttpResponse:
    try:
        draft = signing.loads(request.POST.get("draft", ""), salt=SIGNING_SALT, max_age=DRAFT_MAX_AGE)
    except signing.BadSignature:
        return HttpResponseBadRequest(_("The draft is missing, changed or too old; read the report again."))
    check_posted_pairing(request, message=_("You may not change meetings of this pairing."))
    try:
        reviewed = reviewed_from_post(draft, request.POST)
        result = intake_draft_save(actor=request.user, draft=reviewed)
    except ValidationError as exc:
        return render(
            request, "intake/review.html", _review_context(request, draft, errors=exc.messages), status=422
        )
    if result.created_meeting:
        messages.success(
            request,
            _("The meeting was recorded with %(a)d attendees and %(g)d agreements.")
            % {"a": result.attendances, "g": result.agreements},
        )
    else:
        messages.success(
            request,
            _(
                "The report was merged into the meeting already recorded: %(a)d attendees and %(g)d "
                "agreements added, %(s)d items it already had were skipped."
            )
            % {"a": result.attendances, "g": result.agreements, "s": result.skipped},
        )
    return redirect("meetings:detail", pk=result.meeting.pk)
