"""Funds pages: the dashboard (alerts, fund flow), the project list (htmx-filtered), the project page with
its money and the forms to record a project or a transaction. Writes go through `funds.services`, which
check scope again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from counterpart.core.inputs import parse_id, parse_year
from counterpart.core.ui import add_service_errors, is_htmx, paginate, query_value
from counterpart.funds import selectors, services
from counterpart.funds.forms import ProjectFilterForm, ProjectForm, TransactionForm
from counterpart.funds.models import Project
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_choices, pairing_get_for_user
from counterpart.pairings.ui import check_posted_pairing

NOT_ALLOWED = gettext_lazy("You may not change the projects of this pairing.")

#: The sortable columns of the project list.
SORT_COLUMNS = ("title", "year", "stage", "budget", "spent")


@login_required
@require_GET
def funds_dashboard_view(request: HttpRequest) -> HttpResponse:
    pairing_id = query_value(request, "pairing", parse_id)
    pairing = pairing_get_for_user(user=request.user, pairing_id=pairing_id) if pairing_id else None
    year = query_value(request, "year", parse_year)
    flow = selectors.fund_flow_by_year(user=request.user, pairing=pairing)
    by_county = selectors.fund_flow_by_county(user=request.user, pairing=pairing, year=year)
    ranking = selectors.county_spending_ranking(by_county)
    context = {
        "pairing": pairing,
        "year": year,
        "years": [row["year"] for row in flow if row["year"]],
        "pairings": pairing_choices(user=request.user),
        "sankey": selectors.fund_sankey_chart(by_county),
        "sankey_rows": [row for row in by_county if row["committed"] > 0],
        "ranking": ranking,
        "ranking_chart": selectors.county_ranking_chart(ranking),
        "ranking_height": 80 + 28 * len(ranking),  # a bar per county
        "alerts": selectors.alert_list(user=request.user, pairing=pairing),
        "flow": flow,
        "flow_chart": selectors.fund_flow_chart(flow),
        "can_create": bool(scope_for(request.user).write_paths) or scope_for(request.user).everything,
    }
    return render(request, "funds/dashboard.html", context)


@login_required
@require_GET
def project_list_view(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET, user=request.user)
    filters = form.filters()
    page = paginate(request, selectors.project_list(user=request.user, **filters))
    current = filters["sort"]
    sort_links = {
        column: {
            "key": f"-{column}" if current == column else column,
            "active": current.lstrip("-") == column,
            "descending": current == f"-{column}",
        }
        for column in SORT_COLUMNS
    }
    scope = scope_for(request.user)
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "sort": current,
        "sort_links": sort_links,
        "can_create": scope.everything or bool(scope.write_paths),
        # the downloads of what the list shows (re-rendered with the table, so they follow the filters)
        "export_query": request.GET.urlencode(),
        "iati_ready": filters["pairing_id"] is not None and filters["year"] is not None,
    }
    template = "funds/partials/project_table.html" if is_htmx(request) else "funds/project_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _detail(
    request: HttpRequest, project: Project, *, transaction_form: TransactionForm | None = None
) -> HttpResponse:
    can_write = scope_for(request.user).can_write(project.pairing)
    context: dict[str, Any] = {
        "project": project,
        "alerts": selectors.alerts_of(project),
        "transactions": selectors.transaction_list(user=request.user, project=project),
        "can_write": can_write,
    }
    if can_write:
        context["transaction_form"] = transaction_form or TransactionForm(user=request.user, project=project)
    status = 400 if transaction_form is not None and transaction_form.errors else 200
    return render(request, "funds/project_detail.html", context, status=status)


@login_required
@require_GET
def project_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.project_get_for_user(user=request.user, project_id=pk))


@login_required
@require_http_methods(["GET", "POST"])
def transaction_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a transaction on the project (the form on the project page posts here); errors beside
    their fields on the project page."""
    project = selectors.project_get_for_user(user=request.user, project_id=pk)
    if not scope_for(request.user).can_write(project.pairing):
        raise PermissionDenied(NOT_ALLOWED)
    if request.method != "POST":
        return _detail(request, project)
    form = TransactionForm(request.POST, user=request.user, project=project)
    if form.is_valid():
        try:
            services.transaction_record(actor=request.user, project=project, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The transaction was recorded."))
            return redirect("funds:project_detail", pk=project.pk)
    return _detail(request, project, transaction_form=form)


def _render_form(request: HttpRequest, form: ProjectForm, project: Project | None) -> HttpResponse:
    status = 400 if form.is_bound else 200
    context = {"form": form, "project": project}
    return render(request, "funds/project_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_create_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        check_posted_pairing(request, message=str(NOT_ALLOWED))
        form = ProjectForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                project = services.project_create(actor=request.user, **form.service_arguments())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The project was recorded."))
                return redirect("funds:project_detail", pk=project.pk)
    else:
        initial = {}
        pairing_id = query_value(request, "pairing", parse_id)
        if pairing_id:
            initial["pairing"] = pairing_id
        form = ProjectForm(user=request.user, initial=initial)
    return _render_form(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, project_id=pk)
    if not scope_for(request.user).can_write(project.pairing):
        raise PermissionDenied(NOT_ALLOWED)
    if request.method == "POST":
        form = ProjectForm(request.POST, user=request.user, project=project)
        if form.is_valid():
            try:
                services.project_update(actor=request.user, project=project, **form.service_arguments())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The project was saved."))
                return redirect("funds:project_detail", pk=project.pk)
    else:
        form = ProjectForm(user=request.user, project=project, initial=ProjectForm.initial_from(project))
    return _render_form(request, form, project)
