"""The HTTP API (django-ninja): OpenAPI at /api/docs. Routers live in each app's api.py.

Every endpoint needs a signed-in user: a personal token (`Authorization: Bearer <key>`, see
`counterpart create_api_token`) or the Django session (with the CSRF token on unsafe methods).
Errors are JSON `{"detail": "..."}`; a refused value is a 422 that also names the field:
`{"detail": "...", "errors": {"field": ["message"]}}`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from counterpart.agreements.api import router as agreements_router
from counterpart.assistance.api import router as assistance_router
from counterpart.core.api_auth import API_AUTH
from counterpart.core.api_common import validation_error_body
from counterpart.geo.api import router as regions_router
from counterpart.households.api import router as households_router
from counterpart.meetings.api import router as meetings_router
from counterpart.orgs.api import router as organizations_router
from counterpart.pairings.api import router as pairings_router
from counterpart.plans.api import router as plans_router

api = NinjaAPI(
    title="Counterpart API",
    version="1",
    description=__doc__ or "",
    urls_namespace="api",
    auth=API_AUTH,
)

api.add_router("/pairings", pairings_router)
api.add_router("/meetings", meetings_router)
api.add_router("/agreements", agreements_router)
api.add_router("/regions", regions_router)
api.add_router("/organizations", organizations_router)
api.add_router("/intake", "counterpart.intake.api.router")
api.add_router("/plans", plans_router)
api.add_router("/households", households_router)
api.add_router("/assistance", assistance_router)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, validation_error_body(exc), status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("You may not do this.")}, status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)
