from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_loads() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path, methods in {
        "/api/pairings": {"get", "post"},
        "/api/pairings/{pairing_id}": {"get"},
        "/api/meetings": {"get", "post"},
        "/api/meetings/{meeting_id}": {"get", "patch"},
        "/api/agreements": {"get", "post"},
        "/api/agreements/{agreement_id}": {"get", "patch"},
        "/api/agreements/{agreement_id}/progress-reports": {"get", "post"},
        "/api/regions": {"get"},
        "/api/regions/search": {"get"},
        "/api/regions/{code}/children": {"get"},
        "/api/organizations": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
    assert {"ApiTokenAuth", "SessionCsrfAuth"} <= set(schema["components"]["securitySchemes"])


def test_each_choice_field_documents_its_own_values() -> None:
    schemas = Client().get("/api/openapi.json").json()["components"]["schemas"]
    meeting_kinds = schemas["MeetingOut"]["properties"]["kind"]["enum"]
    agreement_kinds = schemas["AgreementOut"]["properties"]["kind"]["enum"]
    assert "joint_meeting" in meeting_kinds
    assert "framework" in agreement_kinds
    assert "framework" not in meeting_kinds


def test_the_docs_page_renders() -> None:
    assert Client().get("/api/docs").status_code == 200
