"""The access matrix, generated from the URLconf and the OpenAPI: every route × every role, on an object of
the own pairing (Dalian → Liupanshui) and, for the office of another pairing (Shanghai → Zunyi), the same
object seen from outside; reads and writes.

Every route needs a rule in `PAGES` or `API` below: a route without one fails
`test_every_route_has_a_rule`, so a new page or operation cannot be added without saying who may use it.
For each (route, role) the rule says whether the role may; the test then checks:

- a role that may gets neither 401, 403, 404 nor a redirect to the login page (a write with an empty body may
  be refused as invalid, 400/422 or the form again, never as forbidden);
- a signed-in role that may not gets 403 or 404 (or 405 where the method is not offered at all), and the
  database is unchanged after all such requests (counted over every table, history tables included);
- the anonymous user is sent to the login page (pages) or gets 401 (API);
- nothing ever answers 5xx, and no answer to the other pairing's office carries a marker of Dalian's data,
  whatever route it asked for (lists, searches, dashboards and exports included).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from counterpart.agreements.models import AgreementParty
from counterpart.core.models import SourceDocument
from counterpart.funds.models import ProjectImportJob
from counterpart.households.models import Member
from counterpart.households.services import MemberInput, household_register
from counterpart.pairings.models import ScopeGrant
from tests.conftest import World, api_client, login
from tests.factories import (
    AgreementFactory,
    MeetingFactory,
    MilestoneFactory,
    OrganizationFactory,
    ProgressReportFactory,
    RegionFactory,
    ScopeGrantFactory,
    UserFactory,
)
from tests.households.conftest import make_id
from tests.plans.factories import ItemFactory, ResponsibilityListFactory
from tests.plans.files import png

pytestmark = pytest.mark.django_db

MARK = "DLMARK"  # in every text of Dalian's data: must never reach the other pairing's office
UNIT_MARK = "UNITMARK"  # in the item another unit leads: must never reach the unit reporter

# --- roles -------------------------------------------------------------------------------------------------

ANON = "anonymous"
ASSESSOR = "assessor"
OFFICE = "office"  # the helping-side office of Dalian → Liupanshui
HELPED = "helped"  # the helped-side office of Dalian → Liupanshui (Liupanshui's registry)
VIEWER = "viewer"  # reads Dalian → Liupanshui
REPORTER = "reporter"  # reports for a unit that leads one of Dalian's items
OTHER = "other"  # the office of Shanghai → Zunyi
ROLES = (ANON, ASSESSOR, OFFICE, HELPED, VIEWER, REPORTER, OTHER)
SIGNED_IN = frozenset(ROLES) - {ANON}

# Who may, by access level. Every object below belongs to Dalian → Liupanshui.
READ = frozenset({ASSESSOR, OFFICE, HELPED, VIEWER})
WRITE = frozenset({ASSESSOR, OFFICE, HELPED})
ACCESS: dict[str, frozenset[str]] = {
    "public": frozenset(ROLES),
    "signed_in": SIGNED_IN,
    "read": READ,
    "write": WRITE,
    # a unit reporter reads the items its unit leads, their entries and evidence, and reports on them
    "read_item": READ | {REPORTER},
    "report_item": WRITE | {REPORTER},
    # the registry: read by whoever reads the pairing; recorded, imported and unmasked by the helped side
    "read_registry": READ,
    "write_registry": frozenset({ASSESSOR, HELPED}),
    # a unit reporter reads the list (only the items its unit leads: checked below) and findings on its unit
    "read_list": READ | {REPORTER},
    "assessor": frozenset({ASSESSOR}),
    "nobody": frozenset(),
    "writes_somewhere": frozenset({ASSESSOR, OFFICE, HELPED, OTHER}),  # an office of some pairing
    "staff": frozenset(),  # the Django admin: no role of the product is staff
    "creator_office": frozenset({OFFICE}),  # a background job: only whoever started it
    "import_job": frozenset({HELPED, ASSESSOR}),  # a registry import: whoever uploaded it, and assessors
    # a follow-up on an audit finding: the list's office or the unit the finding is on
    "report_finding": WRITE | {REPORTER},
}


@dataclass(frozen=True)
class Rule:
    """`kind`: what the route's id names (None: no id); `get`/`post`: the access level of `ACCESS`, or None
    where the method is not offered. `refused_as_form`: a create form without an object in its URL, whose
    choices (pairing, member, owner) are already limited to what the user may write, so a role that may not
    gets the form back with the choice refused (the database unchanged is still checked)."""

    kind: str | None = None
    get: str | None = None
    post: str | None = None
    refused_as_form: bool = False
    example: str | None = None  # the path to request, for a route whose id is not an object's (a region code)


def page(kind: str | None, get: str | None, post: str | None = None) -> Rule:
    return Rule(kind, get, post)


def create_form(get: str = "signed_in", post: str = "write") -> Rule:
    return Rule(None, get, post, refused_as_form=True)


# Pages, by URL name. A form page's GET is a write (it offers to change the object).
PAGES: dict[str, Rule] = {
    "set_language": page(None, None, "public"),
    "login": page(None, "public", "public"),
    "logout": page(None, None, "public"),
    "web:home": page(None, "signed_in"),
    "web:healthz": page(None, "public"),
    "web:source": page("source", "signed_in"),  # a published report records were read from
    "api:openapi-json": page(None, "public"),  # the API's shape, no data
    "api:openapi-view": page(None, "public"),
    "api:api-root": page(None, "nobody"),  # django-ninja's root: 404 for all
    "pairings:list": page(None, "signed_in"),
    "pairings:detail": page("pairing", "read"),
    "pairings:create": create_form("writes_somewhere", "write"),  # a sub-pairing under one the user writes
    # the national region tree: reference data every signed-in user reads
    "geo:tree": page(None, "signed_in"),
    "geo:search": page(None, "signed_in"),
    "geo:detail": Rule(None, "signed_in", example="/regions/520200/"),
    "meetings:list": page(None, "signed_in"),
    "meetings:create": create_form(),
    "meetings:detail": page("meeting", "read"),
    "meetings:edit": page("meeting", "write", "write"),
    "meetings:attendee_add": page("meeting", "write", "write"),
    "meetings:decision_add": page("meeting", "write", "write"),
    "agreements:list": page(None, "signed_in"),
    "agreements:create": create_form(),
    "agreements:detail": page("agreement", "read"),
    "agreements:edit": Rule("agreement", "write", "write", refused_as_form=True),  # parties formset
    "agreements:report_add": page("agreement", "write", "write"),
    "agreements:milestone_add": page("agreement", "write", "write"),
    "agreements:milestone_done": page("milestone", None, "write"),
    "intake:start": create_form("signed_in", "signed_in"),
    "intake:save": Rule(None, None, "write", refused_as_form=True),
    "plans:index": page(None, "signed_in"),
    "plans:my_items": page(None, "signed_in"),
    "plans:review": page(None, "signed_in"),
    "plans:import": create_form("writes_somewhere"),
    "plans:dashboard": page(None, "signed_in"),
    "plans:list": page("list", "read_list"),
    "plans:list_dashboard": page("list", "read_list"),
    "plans:dispatch": page("list", "read_list"),
    "plans:export": page("list", "read_list"),
    "plans:export_job": page("list", None, "read_list"),
    "plans:spot_check_draw": page("list", "write", "write"),
    "plans:spot_check": page("spot_check", "read"),
    "plans:spot_check_record": page("spot_check_result", "write", "write"),
    "plans:spot_check_expose": page("spot_check_result", None, "write"),
    "plans:item": page("item", "read_item"),
    "plans:report": page("item", "report_item", "report_item"),
    "plans:entry_review": page("entry", "write", "write"),
    "plans:evidence": page("evidence", "read_item"),
    "plans:job": page("plans_job", "creator_office"),
    "plans:job_confirm": page("plans_preview", None, "creator_office"),
    "plans:job_download": page("plans_job", "creator_office"),
    "plans:job_errors": page("plans_job", "creator_office"),
    # the table import of the project library (funds/import_views.py) and its export
    "funds:import": create_form("writes_somewhere"),
    "funds:import_job": page("funds_import_job", "creator_office"),
    "funds:import_confirm": page("funds_import_preview", None, "creator_office"),
    "funds:import_errors": page("funds_import_job", "creator_office"),
    "funds:export": page(None, "signed_in"),  # the library the user reads (scoped; nothing for others)
    "funds:iati": page(None, "signed_in"),  # a pairing and year the user reads (400 without them)
    # the public notice of a county and year: the user's own projects only (400 without a county and year)
    "funds:notice": page(None, "signed_in"),
    "funds:notice_xlsx": page(None, "signed_in"),
    "funds:notice_pdf": page(None, "signed_in"),
    "plans:accountability": page("list", "write", "write"),
    "plans:findings": page("list", "write", "write"),  # the page carries the form
    "plans:overdue_findings": page(None, "signed_in"),
    "plans:finding": page("finding", "read_list", "write"),
    "plans:agreement_ledger": page("agreement", "read", "write"),
    "plans:agreement_report_review": page("progress_report", "write", "write"),
    "households:list": page(None, "signed_in"),
    "households:detail": page("household", "read_registry"),
    "households:status": page("household", "write_registry", "write_registry"),
    "households:unmask": page("member", None, "write_registry"),
    "households:unmask_log": page(None, "assessor"),
    "households:unmask_log_export": page(None, "assessor"),
    "households:summary": page(None, "signed_in"),
    "households:flags": page(None, "signed_in"),
    "households:flag_review": page("flag", "write_registry", "write_registry"),
    "households:import": create_form("write_registry", "write_registry"),
    "households:import_job": page("import_job", "import_job"),
    "households:import_errors": page("import_job", "import_job"),
    "assistance:overview": page(None, "signed_in"),
    "assistance:household": page("household", "read_registry"),
    "assistance:placement_create": page("household", "read_registry", "write"),
    "assistance:training_create": create_form(),
    "assistance:purchase_create": create_form(),
    "assistance:dispatch_create": create_form(),
    "assistance:award_create": create_form(),
    # assessment: runs are started, adjusted and published by assessors; a published run is read by everyone
    # signed in, and in it each reads the results of its own pairings
    "assessment:runs": page(None, "signed_in"),
    "assessment:run_create": page(None, None, "assessor"),
    "assessment:run": page("assessment_run", "signed_in"),
    "assessment:run_publish": page("assessment_run", None, "assessor"),
    "assessment:run_sample": page("assessment_run", None, "assessor"),
    "assessment:result": page("assessment_result", "read"),
    "assessment:result_annex": page("assessment_result", "read"),
    "assessment:result_statements": page("assessment_result", None, "write"),
    "assessment:score": page("assessment_score", "read"),
    "assessment:score_adjust": page("assessment_score", None, "assessor"),
    "funds:dashboard": page(None, "signed_in"),
    "funds:project_list": page(None, "signed_in"),
    "funds:project_create": create_form(),
    "funds:project_detail": page("project", "read"),
    "funds:project_edit": page("project", "write", "write"),
    "funds:transaction_add": page("project", "write", "write"),
    "admin": page(None, "staff", "staff"),
}

# API operations, by "METHOD path" as the OpenAPI names them; the kind comes from the path's parameter.
API: dict[str, str] = {
    "GET /api/pairings": "signed_in",
    "GET /api/pairings/{pairing_id}": "read",
    "POST /api/pairings": "write",  # a sub-pairing under Dalian's
    "GET /api/meetings": "signed_in",
    "POST /api/meetings": "write",
    "GET /api/meetings/{meeting_id}": "read",
    "PATCH /api/meetings/{meeting_id}": "write",
    "GET /api/agreements": "signed_in",
    "POST /api/agreements": "write",
    "GET /api/agreements/{agreement_id}": "read",
    "PATCH /api/agreements/{agreement_id}": "write",
    "GET /api/agreements/{agreement_id}/progress-reports": "read",
    "POST /api/agreements/{agreement_id}/progress-reports": "write",
    "GET /api/regions": "signed_in",
    "GET /api/regions/search": "signed_in",
    "GET /api/regions/{code}/children": "signed_in",
    "GET /api/organizations": "signed_in",
    "POST /api/intake/draft": "signed_in",
    "POST /api/intake/draft/file": "signed_in",
    "GET /api/plans/lists": "signed_in",
    "GET /api/plans/lists/{list_id}": "read_list",
    "GET /api/plans/lists/{list_id}/items": "read_list",
    "GET /api/plans/items": "signed_in",
    "GET /api/plans/items/{item_id}": "read_item",
    "GET /api/plans/items/{item_id}/entries": "read_item",
    "POST /api/plans/items/{item_id}/entries": "report_item",
    "GET /api/plans/entries/{entry_id}": "read_item",
    "POST /api/plans/entries/{entry_id}/accept": "write",
    "POST /api/plans/entries/{entry_id}/return": "write",
    "GET /api/plans/agreements/{agreement_id}/entries": "read",
    "POST /api/plans/agreements/{agreement_id}/entries": "write",
    "GET /api/plans/agreement-reports/{report_id}": "read",
    "POST /api/plans/agreement-reports/{report_id}/accept": "write",
    "POST /api/plans/agreement-reports/{report_id}/return": "write",
    "GET /api/plans/lists/{list_id}/spot-checks": "read",
    "POST /api/plans/lists/{list_id}/spot-checks": "write",
    "GET /api/plans/spot-checks/{check_id}": "read",
    "POST /api/plans/spot-check-results/{result_id}": "write",
    "GET /api/plans/lists/{list_id}/findings": "read",
    "POST /api/plans/lists/{list_id}/findings": "write",
    "GET /api/plans/findings/{finding_id}": "read_list",
    "POST /api/plans/findings/{finding_id}/rectifications": "report_finding",
    "POST /api/plans/findings/{finding_id}/close": "write",
    "GET /api/households": "signed_in",
    "GET /api/households/summary": "signed_in",
    "GET /api/households/{household_id}": "read_registry",
    "GET /api/assistance/totals": "signed_in",
    "GET /api/assessment/runs": "signed_in",
    "GET /api/assessment/runs/{run_id}": "signed_in",  # a published run
    "GET /api/assessment/runs/{run_id}/results": "signed_in",  # each reads its own pairings' results
    "GET /api/assessment/results/{assessment_result_id}": "read",
    "GET /api/funds/projects": "signed_in",
    "POST /api/funds/projects": "write",
    "GET /api/funds/projects/{project_id}": "read",
    "PATCH /api/funds/projects/{project_id}": "write",
    "GET /api/funds/projects/{project_id}/transactions": "read",
    "POST /api/funds/projects/{project_id}/transactions": "write",
    "GET /api/funds/alerts": "signed_in",
}

# Path parameters that name reference data, not an object of a pairing: the value requested.
API_FIXED = {"code": "520200"}
API_KINDS = {
    "pairing_id": "pairing",
    "meeting_id": "meeting",
    "agreement_id": "agreement",
    "list_id": "list",
    "item_id": "item",
    "entry_id": "entry",
    "report_id": "progress_report",
    "check_id": "spot_check",
    "result_id": "spot_check_result",
    "finding_id": "finding",
    "household_id": "household",
    "run_id": "assessment_run",
    "assessment_result_id": "assessment_result",
    "project_id": "project",
}


# Valid bodies for the writes (so a refusal is the permission's, not the body's), by rule key; `o` is the
# cast's ids. A write without one is sent empty.
PAGE_DATA: dict[str, Any] = {
    "pairings:create": lambda o: {
        "level": "county",
        "programme": "east_west",
        "helper_region": "210200",
        "helped_region": "520201",
        "parent": o["pairing"],
    },
    "meetings:create": lambda o: {
        "kind": "seminar",
        "title": "座谈会",
        "date": "2019-06-01",
        "pairing": o["pairing"],
    },
    "meetings:edit": lambda o: {
        "kind": "seminar",
        "title": "改名",
        "date": "2018-09-12",
        "pairing": o["pairing"],
    },
    "meetings:attendee_add": lambda _o: {"name": "张三", "role": "attendee", "title": "局长"},
    "meetings:decision_add": lambda _o: {"text": "共建园区"},
    "funds:project_create": lambda o: {
        "pairing": o["pairing"],
        "title": "项目",
        "sector": "other",
        "stage": "reserve",
    },
    "funds:project_edit": lambda _o: {"title": "改名", "sector": "other", "stage": "reserve"},
    "funds:transaction_add": lambda _o: {"kind": 1, "date": "2019-03-01", "amount": "10", "currency": "CNY"},
    "agreements:report_add": lambda _o: {"reported_on": "2019-02-01", "text": "已完成一期"},
    "agreements:milestone_add": lambda _o: {"what": "二期", "due_date": "2019-06-01"},
    "agreements:milestone_done": lambda _o: {"done_date": "2019-03-01"},
    "plans:spot_check_draw": lambda _o: {"sample_size": 1},
    "plans:spot_check_record": lambda _o: {"result": "confirmed"},
    "plans:spot_check_expose": lambda _o: {"reason": "通报"},
    "plans:report": lambda _o: {"period": "2018-07", "value": "20", "narrative": "进展"},
    "plans:entry_review": lambda _o: {"decision": "accept"},
    "plans:accountability": lambda o: {"item": o["item"], "unit": o["unit"], "reason": "问责"},
    "plans:findings": lambda o: {
        "unit": o["unit"],
        "text": "问题",
        "severity": "medium",
        "deadline": "2019-06-30",
    },
    "plans:finding": lambda _o: {"date": "2019-01-15", "text": "已整改"},
    "plans:agreement_ledger": lambda _o: {"period": "2018-07", "value": "20"},
    "plans:agreement_report_review": lambda _o: {"decision": "accept"},
    "households:status": lambda _o: {"to_status": "exited", "year": "2020", "reason": "收入达标"},
    "households:flag_review": lambda _o: {"outcome": "dismissed", "reason": "已核实"},
    "assistance:placement_create": lambda o: {
        "pairing": o["pairing"],
        "member": o["member"],
        "employer": o["helper_org"],
        "work_region": "210200",
        "start_date": "2020-03-01",
        "monthly_wage": "3000",
    },
    "assistance:training_create": lambda o: {"pairing": o["pairing"], "topic": "培训", "date": "2020-03-01"},
    "assistance:purchase_create": lambda o: {
        "pairing": o["pairing"],
        "product": "茶叶",
        "date": "2020-03-01",
    },
    "assistance:dispatch_create": lambda o: {
        "pairing": o["pairing"],
        "kind": "cadre",
        "start_date": "2020-03-01",
    },
    "assistance:award_create": lambda o: {"pairing": o["pairing"], "title": "先进", "date": "2020-03-01"},
}
API_DATA: dict[str, Any] = {
    "POST /api/pairings": lambda o: {
        "level": "county",
        "programme": "east_west",
        "helper_region": "210200",
        "helped_region": "520201",
        "parent": o["pairing"],
    },
    "POST /api/meetings": lambda o: {
        "kind": "seminar",
        "title": "座谈会",
        "date": "2019-06-01",
        "pairing": o["pairing"],
    },
    "PATCH /api/meetings/{meeting_id}": lambda _o: {"title": "改名"},
    "POST /api/funds/projects": lambda o: {"pairing": o["pairing"], "title": "项目"},
    "PATCH /api/funds/projects/{project_id}": lambda _o: {"title": "改名"},
    "POST /api/funds/projects/{project_id}/transactions": lambda _o: {
        "kind": 1,
        "date": "2019-03-01",
        "amount": "10",
    },
    "POST /api/agreements": lambda o: {
        "pairing": o["pairing"],
        "title": "协议",
        "parties": [
            {"organization": o["helper_org"], "role": "helping"},
            {"organization": o["helped_org"], "role": "helped"},
        ],
    },
    "PATCH /api/agreements/{agreement_id}": lambda _o: {"title": "改名"},
    "POST /api/agreements/{agreement_id}/progress-reports": lambda _o: {
        "reported_on": "2019-02-01",
        "text": "进展",
    },
    "POST /api/intake/draft": lambda _o: {"text": "大连市与六盘水市召开联席会议。"},
    "POST /api/plans/items/{item_id}/entries": lambda _o: {"year": 2018, "month": 7, "value": 20},
    "POST /api/plans/entries/{entry_id}/accept": lambda _o: {"comment": ""},
    "POST /api/plans/entries/{entry_id}/return": lambda _o: {"comment": "补充材料"},
    "POST /api/plans/agreements/{agreement_id}/entries": lambda _o: {"year": 2018, "month": 7, "value": 20},
    "POST /api/plans/agreement-reports/{report_id}/accept": lambda _o: {"comment": ""},
    "POST /api/plans/agreement-reports/{report_id}/return": lambda _o: {"comment": "补充材料"},
    "POST /api/plans/lists/{list_id}/spot-checks": lambda _o: {"sample_size": 1},
    "POST /api/plans/spot-check-results/{result_id}": lambda _o: {"result": "confirmed"},
    "POST /api/plans/lists/{list_id}/findings": lambda o: {
        "unit": o["unit"],
        "text": "问题",
        "deadline": "2019-06-30",
    },
    "POST /api/plans/findings/{finding_id}/rectifications": lambda _o: {
        "date": "2019-01-15",
        "text": "已整改",
    },
    "POST /api/plans/findings/{finding_id}/close": lambda _o: {"date": "2019-01-20", "text": "已关闭"},
}


# --- the routes, from the URLconf and the OpenAPI -----------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the rule's key
    template: str  # the path with `{id}` where the object's id goes
    methods: tuple[tuple[str, str | None], ...]  # (method, access level)
    kind: str | None
    api: bool = False
    refused_as_form: bool = False


def page_routes() -> Iterator[tuple[str, str]]:
    """(URL name, path template) of every page; the API's operations are read from the OpenAPI instead."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if getattr(pattern, "app_name", None) == "admin":
                    yield "admin", prefix + str(pattern.pattern)
                    continue
                inner = ":".join(filter(None, (namespace, pattern.namespace or "")))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                if getattr(pattern.callback, "__module__", "").startswith("ninja"):
                    continue  # an API operation: the OpenAPI lists it with its method
                name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
                yield name, prefix + str(pattern.pattern)

    yield from walk(get_resolver().url_patterns, "/", "")


def api_operations() -> Iterator[tuple[str, str]]:
    from counterpart.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            yield f"{method.upper()} {path}", path


def all_routes() -> list[Route]:
    routes = []
    for name, template in page_routes():
        rule = PAGES.get(name)
        if rule is None:
            routes.append(Route(name, template, (), None))
            continue
        path = rule.example or re.sub(r"<(?:int:)?\w+>", "{id}", template)
        methods = (("GET", rule.get), ("POST", rule.post))
        routes.append(Route(name, path, methods, rule.kind, refused_as_form=rule.refused_as_form))
    for key, template in api_operations():
        method = key.split(" ", 1)[0]
        params = [p for p in re.findall(r"\{(\w+)\}", template) if p not in API_FIXED]
        kind = API_KINDS.get(params[0]) if params else None
        for name, value in API_FIXED.items():
            template = template.replace(f"{{{name}}}", value)
        path = re.sub(r"\{\w+\}", "{id}", template)
        routes.append(Route(key, path, ((method, API.get(key)),), kind, api=True))
    return routes


def test_every_route_has_a_rule() -> None:
    """A new page or API operation fails here until the matrix says who may use it (and a rule for a route
    that is gone fails too)."""
    pages = dict(page_routes())
    operations = dict(api_operations())
    assert sorted(set(pages) - set(PAGES)) == [], "pages without a rule in PAGES"
    assert sorted(set(operations) - set(API)) == [], "API operations without a rule in API"
    assert sorted(set(PAGES) - set(pages)) == [], "rules in PAGES for pages that no longer exist"
    assert sorted(set(API) - set(operations)) == [], "rules in API for operations that no longer exist"
    kinds = {PAGES[name].kind for name in pages} | {
        API_KINDS.get(p) for t in operations.values() for p in re.findall(r"\{(\w+)\}", t)
    }
    assert kinds - {None} <= set(KINDS), "a route names an object the matrix cannot build"
    for template in operations.values():
        for param in re.findall(r"\{(\w+)\}", template):
            assert param in API_KINDS or param in API_FIXED, f"{template}: no kind for the parameter {param}"


# --- Dalian's data: one object of every kind ----------------------------------------------------------------

KINDS = (
    "pairing",
    "meeting",
    "agreement",
    "milestone",
    "progress_report",
    "list",
    "item",
    "entry",
    "evidence",
    "spot_check",
    "spot_check_result",
    "finding",
    "plans_job",
    "plans_preview",
    "funds_import_job",
    "funds_import_preview",
    "household",
    "member",
    "flag",
    "import_job",
    "assessment_run",
    "assessment_result",
    "assessment_score",
    "project",
    "source",
)


@dataclass
class Cast:
    users: dict[str, Any]
    objects: dict[str, int]
    extra: dict[str, int]


@pytest.fixture
def cast(world: World, settings: Any, tmp_path: Any) -> Cast:
    from counterpart.core.jobs import files_dir
    from counterpart.funds import services as funds_services
    from counterpart.households.models import ImportJob, MonitoringFlag
    from counterpart.plans import services as plans_services
    from counterpart.plans.models import PlansJob

    settings.MEDIA_ROOT = str(tmp_path / "media")
    dl = world.dalian_liupanshui
    helper_org = OrganizationFactory(name="大连市人民政府", region=dl.helper_region)
    helped_org = OrganizationFactory(name="六盘水市人民政府", region=dl.helped_region)
    unit = OrganizationFactory(name="大连市农业农村局", region=dl.helper_region)
    meeting = MeetingFactory(pairing=dl, title=f"{MARK}联席会议", date=dt.date(2018, 9, 12))
    agreement = AgreementFactory(pairing=dl, meeting=meeting, title=f"{MARK}框架协议", with_parties=False)
    AgreementParty.objects.create(
        agreement=agreement, organization=helper_org, role=AgreementParty.Role.HELPING, order=0
    )
    AgreementParty.objects.create(
        agreement=agreement, organization=helped_org, role=AgreementParty.Role.HELPED, order=1
    )
    milestone = MilestoneFactory(agreement=agreement, what=f"{MARK}一期")
    report = ProgressReportFactory(agreement=agreement, text=f"{MARK}进展")
    rlist = ResponsibilityListFactory(title=f"{MARK}责任清单", owner=helper_org, pairing=dl, year=2018)
    item = ItemFactory(responsibility_list=rlist, task=f"{MARK}建设扶贫车间", lead_unit=unit)
    ItemFactory(responsibility_list=rlist, task=f"{MARK}{UNIT_MARK}劳务协作", lead_unit=helper_org)
    entry = plans_services.ledger_entry_submit(
        actor=None,
        item=item,
        year=2018,
        month=6,
        value=Decimal("10"),
        narrative=f"{MARK}已开工",
        files=[SimpleUploadedFile("现场.png", png())],
    )
    spot_check = plans_services.spot_check_draw(
        actor=None, responsibility_list=rlist, sample_size=1, seed=1, note=f"{MARK}抽查"
    )
    finding = plans_services.audit_finding_create(
        actor=None, responsibility_list=rlist, unit=unit, text=f"{MARK}整改", deadline=dt.date(2018, 12, 31)
    )

    county = RegionFactory(code="520201", name="钟山区", level="county", parent=dl.helped_region)
    town = RegionFactory(code="520201100", name="大湾镇", level="town", parent=county)
    village = RegionFactory(code="520201100201", name="海嘎村", level="village", parent=town)
    household = household_register(
        actor=None,
        number="5202011002010001",
        village=village,
        members=[
            MemberInput(name=f"{MARK}户主", id_number=make_id("520201"), relation=Member.Relation.HEAD),
            MemberInput(
                name=f"{MARK}之子", id_number=make_id("520201", dt.date(2005, 3, 3)), relation="child"
            ),
        ],
        reason=f"{MARK}识别",
    )
    flag = MonitoringFlag.objects.create(
        household=household, year=2020, reason=MonitoringFlag.Reason.INCOME_BELOW_LINE, detail=MARK
    )

    users = {
        ASSESSOR: world.assessor,
        OFFICE: world.dalian_office,
        VIEWER: world.viewer,
        OTHER: world.shanghai_office,
        HELPED: UserFactory(username="liupanshui"),
        REPORTER: UserFactory(username="reporter"),
    }
    ScopeGrantFactory(user=users[HELPED], pairing=dl, role=ScopeGrant.Role.OFFICE, side="helped")
    ScopeGrantFactory(user=users[REPORTER], role=ScopeGrant.Role.REPORTER, organization=unit, side="")
    export_file = files_dir(PlansJob) / "export.xlsx"
    export_file.write_bytes(b"PK")
    plans_job = PlansJob.objects.create(
        kind=PlansJob.Kind.EXPORT,
        status=PlansJob.Status.DONE,
        created_by=users[OFFICE],
        responsibility_list=rlist,
        original_name=MARK,
        result_path=export_file.name,
        errors=[{"row": 2, "column": "A", "value": MARK, "message": MARK}],
    )
    plans_preview = PlansJob.objects.create(
        kind=PlansJob.Kind.PREVIEW,
        status=PlansJob.Status.PREVIEWED,
        created_by=users[OFFICE],
        original_name=MARK,
        params={"owner": helper_org.pk, "pairing": dl.pk},
    )
    funds_import_job = ProjectImportJob.objects.create(
        kind=ProjectImportJob.Kind.PREVIEW,
        status=ProjectImportJob.Status.INVALID,
        created_by=users[OFFICE],
        pairing=dl,
        original_name=MARK,
        params={"year": 2021},
        errors=[{"row": 2, "column": "A", "value": MARK, "reason": MARK}],
    )
    funds_import_preview = ProjectImportJob.objects.create(
        kind=ProjectImportJob.Kind.PREVIEW,
        status=ProjectImportJob.Status.PREVIEWED,
        created_by=users[OFFICE],
        pairing=dl,
        original_name=MARK,
        params={"year": 2021},
    )
    report_file = files_dir(ImportJob) / "errors.csv"  # in its job folder, named relatively
    report_file.write_text(f"row,reason\n2,{MARK}\n", encoding="utf-8")
    import_job = ImportJob.objects.create(
        created_by=users[HELPED], year=2020, original_name=f"{MARK}.csv", error_report=report_file.name
    )

    from counterpart.assessment.models import AssessmentRun, Result, Score
    from counterpart.assessment.schemes import available_schemes

    assessment_run = AssessmentRun.objects.create(
        scheme_code="east-west",
        scheme_version=1,
        scheme=available_schemes()["east-west"].as_data(),
        year=2018,
        status=AssessmentRun.Status.DONE,
        state=AssessmentRun.State.PUBLISHED,
    )
    assessment_result = Result.objects.create(
        run=assessment_run, pairing=dl, group="city", self_assessment=f"{MARK}自评", partner_opinion=MARK
    )
    assessment_score = Score.objects.create(
        result=assessment_result,
        area="labour",
        indicator="placements",
        weight=6,
        value=1,
        target=1000,
        score=Decimal("0.01"),
        evidence_count=1,
        explanation={
            "rule": "share_of_target",
            "value": "1",
            "target": "1000",
            "weight": "6",
            "score": "0.01",
        },
    )
    project = funds_services.project_create(
        actor=None,
        pairing=dl,
        title=f"{MARK}冷水鱼养殖",
        places_text=MARK,
        planned_end=dt.date(2019, 1, 1),  # overdue: an alert naming the project on the dashboards
        budget=Decimal("100000"),
    )
    funds_services.transaction_record(
        actor=None,
        project=project,
        kind=1,
        date=dt.date(2018, 10, 1),
        amount=Decimal("50000"),
        description=MARK,
    )

    objects = {
        "pairing": dl.pk,
        "meeting": meeting.pk,
        "agreement": agreement.pk,
        "milestone": milestone.pk,
        "progress_report": report.pk,
        "list": rlist.pk,
        "item": item.pk,
        "entry": entry.pk,
        "evidence": entry.evidence.get().pk,
        "spot_check": spot_check.pk,
        "spot_check_result": spot_check.results.get().pk,
        "finding": finding.pk,
        "plans_job": plans_job.pk,
        "plans_preview": plans_preview.pk,
        "funds_import_job": funds_import_job.pk,
        "funds_import_preview": funds_import_preview.pk,
        "household": household.pk,
        "member": household.members.order_by("pk")[0].pk,
        "flag": flag.pk,
        "import_job": import_job.pk,
        "assessment_run": assessment_run.pk,
        "assessment_result": assessment_result.pk,
        "assessment_score": assessment_score.pk,
        "project": project.pk,
        "source": SourceDocument.objects.create(
            file_name="000_report.txt", language="ja", title="推进会报道", text="九月十二日，推进会召开。"
        ).pk,
    }
    assert set(objects) == set(KINDS)
    extra = {"unit": unit.pk, "helper_org": helper_org.pk, "helped_org": helped_org.pk}
    return Cast(users, objects, extra)


# --- the run ------------------------------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    """Rows of every table the product writes (history tables included, so an update shows as a new row),
    except the ones a request writes whoever sends it: sessions, login attempts and API token use."""
    skip = {"sessions", "axes", "admin", "contenttypes"}
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in skip and not model._meta.proxy and model._meta.managed
    }


def clients(cast: Cast) -> dict[str, tuple[Client, Client]]:
    """(web client, API client) per role."""
    out: dict[str, tuple[Client, Client]] = {ANON: (Client(), Client())}
    for role, user in cast.users.items():
        out[role] = (login(user), api_client(user))
    return out


@dataclass(frozen=True)
class Request:
    route: Route
    method: str
    path: str
    role: str
    access: str
    data: dict[str, Any]

    @property
    def may(self) -> bool:
        return self.role in ACCESS[self.access]

    @property
    def label(self) -> str:
        return f"{self.method} {self.path} ({self.route.key}) as {self.role}"


def requests(cast: Cast) -> Iterator[Request]:
    """Every route × method × role, on Dalian's object, with a valid body for the writes we have one for."""
    ids = {**cast.objects, **cast.extra}
    for route in all_routes():
        path = route.template
        if route.kind is not None:
            path = path.replace("{id}", str(cast.objects[route.kind]))
        if route.key == "admin":
            path = "/admin/"
        builder = (API_DATA if route.api else PAGE_DATA).get(route.key)
        for method, access in route.methods:
            if access is None:
                continue
            data = builder(ids) if builder and method != "GET" else {}
            for role in ROLES:
                yield Request(route, method, path, role, access, data)


def send(clients: dict[str, tuple[Client, Client]], request: Request) -> Any:
    web, api = clients[request.role]
    if request.route.api:
        return api.generic(
            request.method, request.path, json.dumps(request.data), content_type="application/json"
        )
    if request.method == "POST":
        return web.post(request.path, request.data)
    return web.get(request.path)


def redirects_to(response: Any, url: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(url)


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@dataclass
class Outcome:
    requests: int = 0
    problems: list[str] = field(default_factory=list)


def problem(request: Request, response: Any) -> str | None:
    """What is wrong with this answer, if anything."""
    status = response.status_code
    text = body(response)
    login_url = resolve_url(settings.LOGIN_URL)
    if status >= 500:
        return f"{status}"
    if request.role == OTHER and MARK in text:
        return f"{status}, Dalian's data in the answer"
    if request.role == REPORTER and UNIT_MARK in text:
        return f"{status}, another unit's item in the answer"
    if request.route.key == "admin":  # no role of the product is staff: the admin's own sign-in for all
        return None if redirects_to(response, "/admin/login/") else f"{status}, not sent to the admin sign-in"
    if request.route.key == "logout":  # signing out ends on the sign-in page, whoever asks
        return None if status == 302 else f"{status}, expected a redirect"
    if request.access == "nobody":
        return None if status == 404 else f"{status}, expected 404"
    if request.role == ANON and not request.may:
        signed_out = status == 401 if request.route.api else redirects_to(response, login_url)
        return None if signed_out else f"{status}, not sent to sign in"
    if request.may:
        refused = status in (401, 403, 404) or redirects_to(response, login_url)
        return f"{status}, refused to a role that may" if refused else None
    if status in (403, 404, 405):
        return None
    if request.route.refused_as_form and request.method == "POST" and status in (200, 400, 422):
        return None  # the form again, its scoped choice refused (and nothing written: checked apart)
    return f"{status}, allowed to a role that may not"


def test_the_access_matrix_has_no_leak(cast: Cast) -> None:
    """Denied requests first, the database counted after each denied write; then the allowed ones."""
    web_api = clients(cast)
    plan = list(requests(cast))
    outcome = Outcome()
    with translation.override("en"):
        counts = row_counts()
        # the refused first, then the allowed, signing out last (it ends the clients' sessions)
        order = [r for r in plan if not r.may] + sorted(
            (r for r in plan if r.may), key=lambda r: r.route.key == "logout"
        )
        for request in order:
            outcome.requests += 1
            found = problem(request, send(web_api, request))
            if found:
                outcome.problems.append(f"{request.label}: {found}")
            if not request.may and request.method != "GET":
                now = row_counts()
                changed = sorted(table for table in counts if counts[table] != now[table])
                if changed:
                    outcome.problems.append(f"{request.label}: refused, yet wrote to {changed}")
                counts = now
    routes = all_routes()
    print(
        f"\naccess matrix: {len(routes)} routes, {len(ROLES)} roles, {outcome.requests} requests, "
        f"{sum(not r.may for r in plan)} of them refused, {len(outcome.problems)} problems"
    )
    assert not outcome.problems, f"{len(outcome.problems)} problems:\n" + "\n".join(outcome.problems)
