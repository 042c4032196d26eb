"""The public notice (issue 16 item 5): a page that chooses a county and a year and shows the notice,
and its .xlsx and .pdf, made from the same `funds.notice.public_notice` (the same rows, the same totals)."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from counterpart.core.files import set_download_headers
from counterpart.core.ui import bad_request
from counterpart.funds import notice as notices
from counterpart.funds.forms import NoticeForm
from counterpart.pairings.selectors import pairing_get_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _notice(request: HttpRequest) -> tuple[NoticeForm, notices.Notice | None]:
    """The form bound to the query once it names a county or a year (before, a pairing passed in is its
    initial choice: no error shown for what the user has not chosen yet) and the notice when it is valid."""
    if "county" in request.GET or "year" in request.GET:
        form = NoticeForm(request.GET, user=request.user)
    else:
        form = NoticeForm(initial={"pairing": request.GET.get("pairing")}, user=request.user)
    if not form.is_bound or not form.is_valid():
        return form, None
    arguments = form.notice_arguments()
    if arguments["pairing_id"] is not None:
        pairing_get_for_user(user=request.user, pairing_id=arguments["pairing_id"])  # 404 outside the scope
    return form, notices.public_notice(user=request.user, **arguments)


@login_required
@require_GET
def notice_view(request: HttpRequest) -> HttpResponse:
    form, notice = _notice(request)
    context = {
        "form": form,
        "notice": notice,
        "headers": notices.headers(),
        "rows": list(notices.table_rows(notice)) if notice else [],
        "query": request.GET.urlencode(),
        "pdf_available": notices.pdf_available(),
    }
    return render(request, "funds/notice.html", context)


def _download_or_400(request: HttpRequest) -> tuple[notices.Notice | None, HttpResponse | None]:
    form, notice = _notice(request)
    if notice is None:
        messages = [
            f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
        ]
        return None, bad_request(
            request, ValidationError(messages or [_("Choose a county and a year for the public notice.")])
        )
    return notice, None


def _filename(notice: notices.Notice, extension: str) -> str:
    return _("public notice") + f"-{notice.county.name}-{notice.year}.{extension}"


@login_required
@require_GET
def notice_xlsx_view(request: HttpRequest) -> HttpResponse:
    notice, error = _download_or_400(request)
    if notice is None:
        return error  # type: ignore[return-value]
    buffer = io.BytesIO()
    notices.write_notice_xlsx(buffer, notice)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    set_download_headers(response, filename=_filename(notice, "xlsx"))
    return response


@login_required
@require_GET
def notice_pdf_view(request: HttpRequest) -> HttpResponse:
    notice, error = _download_or_400(request)
    if notice is None:
        return error  # type: ignore[return-value]
    buffer = io.BytesIO()
    try:
        notices.write_notice_pdf(buffer, notice)
    except notices.NoFontError as exc:
        return render(request, "400.html", {"message": str(exc)}, status=503)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    set_download_headers(response, filename=_filename(notice, "pdf"))
    return response
