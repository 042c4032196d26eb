"""The region tree browser and the region search (a page, and the options of the region picker)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from counterpart.core.ui import is_htmx, paginate
from counterpart.geo.forms import RegionSearchForm
from counterpart.geo.models import Region
from counterpart.geo.selectors import region_chain, region_children, region_search


def _render(request: HttpRequest, full: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, partial if is_htmx(request) else full, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def region_tree_view(request: HttpRequest, code: str = "") -> HttpResponse:
    """A region (the provinces without `code`): its chain, its facts and its children, a page at a time,
    each with how many regions lie under it; a child's page loads the next level."""
    region = None
    if code:
        region = (
            Region.objects.select_related("parent__parent__parent__parent", "successor")
            .filter(code=code)
            .first()
        )
        if region is None:
            raise Http404
    context = {
        "region": region,
        "chain": region_chain(region) if region else [],
        "page": paginate(request, region_children(region)),
        "form": RegionSearchForm(),
    }
    return _render(request, "geo/region_tree.html", "geo/partials/region_children.html", context)


@login_required
@require_GET
def region_search_view(request: HttpRequest) -> HttpResponse:
    """Regions found by name, alias or code prefix; `pick=1` answers the region picker's list."""
    form = RegionSearchForm(request.GET)
    hits = region_search(form.cleaned_data["q"], level=form.cleaned_data["level"]) if form.is_valid() else []
    results = [(region, candidate, region_chain(region)) for region, candidate in hits]
    context = {"form": form, "results": results, "searched": form.is_valid()}
    if request.GET.get("pick"):
        return render(request, "geo/partials/picker_options.html", context)
    return _render(request, "geo/region_search.html", "geo/partials/search_results.html", context)
