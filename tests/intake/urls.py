"""URLs for the intake tests: the project's, plus the intake pages and API router when the project does not
mount them yet (they are mounted by one line each in counterpart/urls.py and counterpart/api.py)."""

from __future__ import annotations

from typing import Any

from django.urls import include, path
from ninja import NinjaAPI

from counterpart.api import api as project_api
from counterpart.core.api_auth import API_AUTH
from counterpart.intake.api import router as intake_router
from counterpart.urls import urlpatterns as project_urlpatterns

urlpatterns: list[Any] = []
if intake_router not in [router for _prefix, router in project_api._routers]:
    test_api = NinjaAPI(urls_namespace="intake_test_api", auth=API_AUTH)
    test_api.add_router("/intake", intake_router)
    urlpatterns.append(path("api/", test_api.urls))
_names = {getattr(p, "namespace", None) for p in project_urlpatterns}
if "intake" not in _names:
    urlpatterns.append(path("", include("counterpart.intake.urls")))
urlpatterns += project_urlpatterns
