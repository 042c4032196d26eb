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
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from counterpart.agreements.models import Agreement
from counterpart.intake.engine import make_draft
from counterpart.intake.forms import ReportForm, draft_with_posted, reviewed_from_post
from counterpart.intake.lexicon import KIND_VALUES
from counterpart.intake.selectors import DatabaseRegistry, draft_limit_to_user
from counterpart.intake.services import intake_draft_save
from counterpart.intake.text import IntakeError
from counterpart.meetings.models import Attendance, Meeting
from counterpart.pairings.selectors import pairing_choices
from counterpart.pairings.ui import check_posted_pairing

SIGNING_SALT = "counterpart.intake.draft"
#: The meeting's fields the review page shows an error beside.
MEETING_FIELDS = ("title", "date", "number", "pairing")
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
    request: HttpRequest,
    draft: dict[str, Any],
    errors: list[str] | None = None,
    field_errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The review page's context; after a refused save (`field_errors`), the draft as posted, each error
    beside its field or item."""
    signed = signing.dumps(draft, salt=SIGNING_SALT, compress=True)
    posted = field_errors is not None
    if posted:
        draft = draft_with_posted(draft, request.POST)
    field_errors = field_errors or {}
    meeting = draft["meeting"]
    existing = None
    if meeting["match"].get("meeting_id"):
        existing = (
            Meeting.objects.filter(pk=meeting["match"]["meeting_id"]).only("id", "title", "date").first()
        )
    for prefix, items in (("attendee", draft["attendees"]), ("agreement", draft["agreements"])):
        for i, item in enumerate(items):
            # a recognized meeting adds only what is ticked; what it already has cannot be added again
            default = not existing and not item["match"].get("recorded")
            item["accept_default"] = item["accept_posted"] if posted else default
            item["errors"] = field_errors.get(f"{prefix}-{i}", [])
    for i, item in enumerate(draft["figures"]):
        recorded = item.setdefault("match", {}).get("recorded", False)
        item["accept_default"] = item["accept_posted"] if posted else not existing and not recorded
        item["errors"] = field_errors.get(f"figure-{i}", [])
    kind_value = meeting.get("kind_value") or KIND_VALUES.get(meeting["kind"], "other")
    item_keys = ("attendee-", "agreement-", "figure-")
    shown = {k for k in field_errors if k in MEETING_FIELDS or k.startswith(item_keys)}
    return {
        "draft": draft,
        "signed": signed,
        "segments": _segments(draft),
        "pairings": pairing_choices(user=request.user, write=True),
        "meeting_kinds": Meeting.Kind.choices,
        "meeting_kind": kind_value,
        "attendance_roles": Attendance.Role.choices,
        "agreement_kinds": Agreement.Kind.choices,
        "existing": existing,
        # errors of a field the page shows beside it; any other (a model's own) on top
        "errors": [
            *(errors or []),
            *(m for k, v in field_errors.items() if k not in shown for m in v),
        ],
        "field_errors": {k: v for k, v in field_errors.items() if k in MEETING_FIELDS},
        "item_error_count": sum(len(v) for k, v in field_errors.items() if k.startswith(item_keys)),
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
        if hasattr(exc, "error_dict"):
            context = _review_context(request, draft, field_errors=exc.message_dict)
        else:
            context = _review_context(request, draft, errors=exc.messages, field_errors={})
        return render(request, "intake/review.html", context, status=422)
    counts = {"a": result.attendances, "g": result.agreements, "f": result.figures, "s": result.skipped}
    if result.created_meeting:
        message = _("The meeting was recorded with %(a)d attendees, %(g)d agreements and %(f)d figures.")
    else:
        message = _(
            "The report was merged into the meeting already recorded: %(a)d attendees, %(g)d agreements "
            "and %(f)d figures added, %(s)d items it already had were skipped."
        )
    messages.success(request, message % counts)
    if result.skipped_items:
        messages.info(
            request,
            _("Skipped: %(items)s") % {"items": pgettext("list separator", ", ").join(result.skipped_items)},
        )
    return redirect("meetings:detail", pk=result.meeting.pk)
