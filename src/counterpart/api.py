"""The HTTP API (django-ninja): OpenAPI at /api/docs. Routers live in each app's api.py.

Every endpoint needs a signed-in user: a personal token (`Authorization: Bearer <key>`, see
`counterpart create_api_token`) or the Django session (with the CSRF token on unsafe methods).
Errors are JSON `{"detail": "..."}` (400, 401, 403, 404, 409, 413, 429), in the user's language; a refused
value is a 422 that also names the field: `{"detail": "...", "errors": {"field": ["message"]}}`. Ids are
1 to 2^63-1, years 1900 to 2100, periods `YYYY-MM` within them. A body is at most 2.5 MB (the intake draft
takes 13 MB: its text is up to 2,000,000 characters; uploads up to the file limits of their endpoints);
a larger one is a 413.
"""

from django.http import HttpRequest, HttpResponse

from counterpart.agreements.api import router as agreements_router
from counterpart.assessment.api import router as assessment_router
from counterpart.assistance.api import router as assistance_router
from counterpart.core.api_auth import API_AUTH
from counterpart.core.api_common import CounterpartAPI, error_body, install_error_handlers
from counterpart.funds.api import router as funds_router
from counterpart.geo.api import router as regions_router
from counterpart.households.api import router as households_router
from counterpart.households.services import IdLookupRateLimited
from counterpart.meetings.api import router as meetings_router
from counterpart.orgs.api import router as organizations_router
from counterpart.pairings.api import router as pairings_router
from counterpart.plans.api import router as plans_router

api = CounterpartAPI(
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
api.add_router("/assessment", assessment_router)
api.add_router("/funds", funds_router)


install_error_handlers(api)


@api.exception_handler(IdLookupRateLimited)
def on_id_lookup_rate_limited(request: HttpRequest, exc: IdLookupRateLimited) -> HttpResponse:
    """An ID-number search over the user's unmask rate limit: 429, as on the page."""
    response = api.create_response(request, error_body(str(exc)), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response
