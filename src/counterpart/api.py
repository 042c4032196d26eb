"""The HTTP API (django-ninja): OpenAPI at /api/docs. Routers live in each app's api.py."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Counterpart API", version="1", urls_namespace="api")
