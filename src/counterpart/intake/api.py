"""Report intake over the API: the draft of a report (DESIGN.md §6). Nothing is saved here: a draft is for a
person to review on the intake page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile

from counterpart.core.api_auth import request_user
from counterpart.core.api_common import ErrorOut, InputSchema
from counterpart.intake.engine import make_draft
from counterpart.intake.forms import MAX_UPLOAD
from counterpart.intake.selectors import DatabaseRegistry, draft_limit_to_user
from counterpart.intake.text import IntakeError

router = Router(tags=["intake"])


class DraftIn(InputSchema):
    text: str = Field(
        description="The report: plain text or HTML (markup is stripped).", max_length=2_000_000
    )
    published: dt.date | None = Field(
        None,
        description="The publication date, if the text does not show it; partial dates are read against it.",
    )
    filename: str = Field(
        "", description="The file name, if any: its suffix (.txt, .html) says how to read it."
    )


def _draft(
    request: HttpRequest, data: bytes | str, filename: str, published: dt.date | None
) -> dict[str, Any]:
    try:
        draft = make_draft(data, filename=filename, published=published, registry=DatabaseRegistry())
    except IntakeError as exc:
        raise HttpError(422, str(exc)) from exc
    return draft_limit_to_user(draft, request_user(request))


@router.post(
    "/draft",
    response={200: dict[str, Any], 422: ErrorOut},
    summary="Draft of a pasted report",
    description=(
        "The meeting, pairing, attendees, agreements and figures read from the report, each with the span of "
        "its source sentence in `text` (the cleaned text) and the registry records it matches (null if new)."
    ),
)
def intake_draft(request: HttpRequest, payload: DraftIn) -> dict[str, Any]:
    return _draft(request, payload.text, payload.filename, payload.published)


@router.post(
    "/draft/file",
    response={200: dict[str, Any], 422: ErrorOut},
    summary="Draft of an uploaded report (.txt, .html, .docx)",
)
def intake_draft_file(
    request: HttpRequest, file: File[UploadedFile], published: Form[dt.date | None] = None
) -> dict[str, Any]:
    if file.size and file.size > MAX_UPLOAD:
        raise HttpError(422, _("The file is too large (at most 5 MB)."))
    return _draft(request, file.read(), file.name or "", published)
