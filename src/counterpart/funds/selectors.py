"""Reads of projects and their money, filtered by the pairings in the user's scope.

Totals are sums over the transactions in the database (`with_totals`: one GROUP BY, never a loop).

Supervision alerts are derived, not stored: `with_alert_flags` computes every condition from the rows in
the same query (the thresholds from settings: FUNDS_IDLE_DAYS, FUNDS_SPENDING_PLAN), and `alert_list`
turns the flagged rows into alerts with their reason. Chosen over a stored alert table refreshed by a job:
an alert clears the moment its cause is gone (the expenditure recorded, the stage moved on), with no
refresh to forget and no stale row between two runs; the scan is one query over the projects in scope.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.funds.models import (
    DONE_STAGES,
    STARTED_STAGES,
    Project,
    ProjectFunding,
    ProjectOutput,
    ProjectPlace,
    Sector,
    Transaction,
)
from counterpart.geo.models import Region
from counterpart.geo.selectors import region_prefix
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_subtree_q

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=16, decimal_places=2))
MONEY: DecimalField = DecimalField(max_digits=18, decimal_places=2)

SORTS = {
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "year": ("year", "title", "id"),
    "-year": ("-year", "title", "id"),
    "stage": ("stage", "id"),
    "-stage": ("-stage", "-id"),
    "budget": ("budget", "id"),
    "-budget": ("-budget", "-id"),
    "spent": ("spent", "id"),
    "-spent": ("-spent", "-id"),
}


def _sum(*kinds: int) -> Coalesce:
    return Coalesce(
        Sum("transactions__amount", filter=Q(transactions__kind__in=kinds)), ZERO, output_field=MONEY
    )


def with_totals(qs: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate `committed` (commitments and incoming commitments), `received` (incoming funds),
    `disbursed` and `spent` (expenditure), in yuan, and the dates the alerts read."""
    return qs.annotate(
        committed=_sum(Transaction.Kind.COMMITMENT, Transaction.Kind.INCOMING_COMMITMENT),
        received=_sum(Transaction.Kind.INCOMING_FUNDS),
        disbursed=_sum(Transaction.Kind.DISBURSEMENT),
        spent=_sum(Transaction.Kind.EXPENDITURE),
        last_flow_date=Max(
            "transactions__date",
            filter=Q(
                transactions__kind__in=(
                    Transaction.Kind.INCOMING_FUNDS,
                    Transaction.Kind.DISBURSEMENT,
                    Transaction.Kind.EXPENDITURE,
                )
            ),
        ),
        first_use_date=Min(
            "transactions__date",
            filter=Q(transactions__kind__in=(Transaction.Kind.DISBURSEMENT, Transaction.Kind.EXPENDITURE)),
        ),
        last_use_date=Max(
            "transactions__date",
            filter=Q(transactions__kind__in=(Transaction.Kind.DISBURSEMENT, Transaction.Kind.EXPENDITURE)),
        ),
    )


def plan_rate(year: int | None, today: dt.date) -> int | None:
    """The share of the funds received (percent) the spending plan expects spent by today for a project of
    `year`: that of the last plan month already ended; all of it for an earlier year; None if none ended."""
    plan = sorted(settings.FUNDS_SPENDING_PLAN)
    if year is None or not plan or year > today.year:
        return None
    if year < today.year:
        return plan[-1][1]
    ended = [
        rate for month, rate in plan if dt.date(year, month, calendar.monthrange(year, month)[1]) < today
    ]
    return ended[-1] if ended else None


def _helped_prefix() -> Case:
    """The code prefix of the pairing's helped region in SQL (`geo.selectors.region_prefix`)."""
    code = F("pairing__helped_region__code")
    return Case(
        When(pairing__helped_region__code__endswith="0000", then=Substr(code, 1, 2)),
        When(pairing__helped_region__code__endswith="00", then=Substr(code, 1, 4)),
        default=code,
        output_field=CharField(),
    )


def with_alert_flags(qs: QuerySet[Project], *, today: dt.date | None = None) -> QuerySet[Project]:
    """Annotate the totals and one boolean per alert (see `ALERT_KINDS`), all in the one query."""
    today = today or timezone.localdate()
    idle_cutoff = today - dt.timedelta(days=settings.FUNDS_IDLE_DAYS)
    current = plan_rate(today.year, today)
    past = plan_rate(today.year - 1, today)
    outside_place = ProjectPlace.objects.filter(project=OuterRef("pk")).exclude(
        region__code__startswith=OuterRef("helped_prefix")
    )
    outside_allocation = Transaction.objects.filter(
        project=OuterRef("pk"), recipient_region__isnull=False
    ).exclude(recipient_region__code__startswith=OuterRef("helped_prefix"))
    qs = with_totals(qs).annotate(
        helped_prefix=_helped_prefix(),
        unspent=Case(
            When(disbursed__gt=0, then=F("disbursed") - F("spent")),
            default=F("received") - F("spent"),
            output_field=MONEY,
        ),
        plan_rate=Case(
            When(year__lt=today.year, then=Value(past)),
            When(year=today.year, then=Value(current)),
            default=Value(None),
            output_field=IntegerField(),
        ),
        start_by=Coalesce("actual_start", "planned_start"),
        end_by=Coalesce("actual_end", "planned_end"),
    )
    return qs.annotate(
        spend_gap=ExpressionWrapper(F("received") * F("plan_rate") - F("spent") * 100, output_field=MONEY),
        alert_idle=Case(
            When(unspent__gt=0, last_flow_date__lt=idle_cutoff, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        alert_spending=Case(
            When(received__gt=0, plan_rate__isnull=False, spend_gap__gt=0, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        alert_not_started=Case(
            When(
                Q(planned_start__lt=today, actual_start__isnull=True) & ~Q(stage__in=STARTED_STAGES),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
        alert_overdue=Case(
            When(Q(planned_end__lt=today) & ~Q(stage__in=DONE_STAGES), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        alert_outside=Case(
            When(Q(Exists(outside_place)) | Q(Exists(outside_allocation)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        alert_dates=Case(
            When(Q(first_use_date__lt=F("start_by")) | Q(last_use_date__gt=F("end_by")), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


ALERT_KINDS = ("idle", "spending", "not_started", "overdue", "outside", "dates")
ANY_ALERT = Q(alert_idle=True) | Q(alert_spending=True) | Q(alert_not_started=True)
ANY_ALERT |= Q(alert_overdue=True) | Q(alert_outside=True) | Q(alert_dates=True)


@dataclass(frozen=True)
class Alert:
    """A supervision alert: what, on which project, why (a sentence), against what threshold, and where to
    look (the project's page)."""

    kind: str
    project_id: int
    project_title: str
    pairing_id: int
    reason: str
    threshold: str
    url: str


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal('0')):,.2f}"


def alerts_of(project: Project, *, today: dt.date | None = None) -> list[Alert]:
    """The alerts of a project annotated by `with_alert_flags` (no query)."""
    today = today or timezone.localdate()
    url = reverse("funds:project_detail", args=[project.pk])
    out: list[Alert] = []

    def add(kind: str, reason: str, threshold: str) -> None:
        out.append(Alert(kind, project.pk, project.title, project.pairing_id, reason, threshold, url))

    p: Any = project
    if p.alert_idle:
        days = (today - p.last_flow_date).days
        add(
            "idle",
            _("%(amount)s yuan released and not spent; no money moved for %(days)s days (since %(date)s).")
            % {"amount": _money(p.unspent), "days": days, "date": p.last_flow_date.isoformat()},
            _("idle for more than %(days)s days") % {"days": settings.FUNDS_IDLE_DAYS},
        )
    if p.alert_spending:
        rate = p.spent * 100 / p.received if p.received else Decimal("0")
        add(
            "spending",
            _("%(rate)s%% of the funds received is spent; the plan expects %(plan)s%% by now.")
            % {"rate": f"{rate:.1f}", "plan": p.plan_rate},
            _("spending plan: %(plan)s%%") % {"plan": p.plan_rate},
        )
    if p.alert_not_started:
        add(
            "not_started",
            _("Planned to start on %(date)s and not started.") % {"date": p.planned_start.isoformat()},
            _("the planned start"),
        )
    if p.alert_overdue:
        add(
            "overdue",
            _("Planned to end on %(date)s and not completed.") % {"date": p.planned_end.isoformat()},
            _("the planned end"),
        )
    if p.alert_outside:
        add(
            "outside",
            _("A place or an allocation of the project is outside the helped region of the pairing."),
            _("the helped region of the pairing"),
        )
    if p.alert_dates:
        add(
            "dates",
            _("Money was disbursed or spent outside the project's dates (%(first)s to %(last)s).")
            % {
                "first": p.first_use_date.isoformat() if p.first_use_date else "—",
                "last": p.last_use_date.isoformat() if p.last_use_date else "—",
            },
            _("the project's start and end dates"),
        )
    return out


def _scoped_projects(user: Any) -> QuerySet[Project]:
    return Project.objects.filter(scope_for(user).pairing_q("pairing__"))


def project_list(
    *,
    user: Any,
    pairing_id: int | None = None,
    county_code: str = "",
    sector: str = "",
    stage: str = "",
    year: int | None = None,
    search: str = "",
    alerts_only: bool = False,
    sort: str = "-year",
    today: dt.date | None = None,
) -> QuerySet[Project]:
    """Projects in the user's scope with their totals and alert flags, filtered and sorted. A county is
    matched by the code prefix of any of the project's places (a town or village under it counts)."""
    qs = _scoped_projects(user)
    if pairing_id is not None:
        qs = qs.filter(pairing_subtree_q(pairing_id, "pairing__"))
    if county_code:
        under = ProjectPlace.objects.filter(
            project=OuterRef("pk"), region__code__startswith=region_prefix(county_code)
        )
        qs = qs.filter(Exists(under))
    if sector:
        qs = qs.filter(sector=sector)
    if stage:
        qs = qs.filter(stage=stage)
    if year:
        qs = qs.filter(year=year)
    if search.strip():
        text = search.strip()
        qs = qs.filter(Q(title__icontains=text) | Q(content__icontains=text) | Q(places_text__icontains=text))
    qs = with_alert_flags(qs, today=today)
    if alerts_only:
        qs = qs.filter(ANY_ALERT)
    return (
        qs.select_related(
            "pairing__helper_region", "pairing__helped_region", "pairing__helper_org", "pairing__helped_org"
        )
        .select_related("implementing_org")
        .prefetch_related(Prefetch("project_places", queryset=ProjectPlace.objects.select_related("region")))
        .order_by(*SORTS.get(sort, SORTS["-year"]))
    )


def project_get_for_user(*, user: Any, project_id: int, today: dt.date | None = None) -> Project:
    """The project with its totals, alert flags, places, funding and outputs; 404 outside the scope."""
    qs = with_alert_flags(_scoped_projects(user).filter(pk=project_id), today=today)
    qs = qs.select_related(
        "pairing__helper_region",
        "pairing__helped_region",
        "pairing__helper_org",
        "pairing__helped_org",
        "implementing_org",
        "agreement",
        "item",
    ).prefetch_related(
        Prefetch(
            "project_places", queryset=ProjectPlace.objects.select_related("region").order_by("region__code")
        ),
        Prefetch("fundings", queryset=ProjectFunding.objects.order_by("source")),
        Prefetch("outputs", queryset=ProjectOutput.objects.order_by("id")),
    )
    project = qs.first()
    if project is None:
        raise Http404("No such project.")
    return project


def transaction_list(
    *, user: Any, project: Project | None = None, pairing_id: int | None = None
) -> QuerySet[Transaction]:
    """Transactions of projects in the user's scope, newest first, with their organizations."""
    qs = Transaction.objects.filter(scope_for(user).pairing_q("project__pairing__"))
    if project is not None:
        qs = qs.filter(project=project)
    if pairing_id is not None:
        qs = qs.filter(pairing_subtree_q(pairing_id, "project__pairing__"))
    return qs.select_related("provider_org", "receiver_org", "recipient_region", "project").order_by(
        "-date", "-id"
    )


def alert_list(
    *, user: Any, pairing: Pairing | None = None, kind: str = "", today: dt.date | None = None
) -> list[Alert]:
    """The supervision alerts of the projects in the user's scope (of `pairing` and its sub-pairings), in
    one query: only flagged projects are read."""
    today = today or timezone.localdate()
    qs = with_alert_flags(_scoped_projects(user), today=today)
    if pairing is not None:
        qs = qs.filter(pairing_subtree_q(pairing, "pairing__"))
    qs = qs.filter(Q(**{f"alert_{kind}": True}) if kind in ALERT_KINDS else ANY_ALERT).order_by(
        "pairing", "title", "id"
    )
    alerts = [alert for project in qs for alert in alerts_of(project, today=today)]
    return [a for a in alerts if not kind or a.kind == kind]


def fund_flow_by_year(*, user: Any, pairing: Pairing | None = None) -> list[dict[str, Any]]:
    """Committed, received, disbursed and spent per project year, in yuan (one aggregate query)."""
    qs = Transaction.objects.filter(scope_for(user).pairing_q("project__pairing__"))
    if pairing is not None:
        qs = qs.filter(pairing_subtree_q(pairing, "project__pairing__"))

    def total(*kinds: int) -> Coalesce:
        return Coalesce(Sum("amount", filter=Q(kind__in=kinds)), ZERO, output_field=MONEY)

    rows = (
        qs.values(year=F("project__year"))
        .annotate(
            committed=total(Transaction.Kind.COMMITMENT, Transaction.Kind.INCOMING_COMMITMENT),
            received=total(Transaction.Kind.INCOMING_FUNDS),
            disbursed=total(Transaction.Kind.DISBURSEMENT),
            spent=total(Transaction.Kind.EXPENDITURE),
        )
        .order_by("year")
    )
    return list(rows)


def fund_flow_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """ECharts options for `fund_flow_by_year` rows: four bars per year, in 万元."""
    years = [str(row["year"]) if row["year"] else "—" for row in rows]

    def series(key: str, name: str) -> dict[str, Any]:
        return {"name": name, "type": "bar", "data": [float(row[key] / 10000) for row in rows]}

    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "xAxis": {"type": "category", "data": years},
        "yAxis": {"type": "value", "name": _("10,000 yuan")},
        "series": [
            series("committed", _("committed")),
            series("received", _("received")),
            series("disbursed", _("disbursed")),
            series("spent", _("spent")),
        ],
    }


#: The county column of a project whose places lie in several counties, and of one without a place.
SEVERAL_COUNTIES = "several"
NO_PLACE = "none"


def _place_county(first: bool) -> Subquery:
    """The lowest (`first`) or highest 6-digit county code of the project's places, in SQL."""
    places = (
        ProjectPlace.objects.filter(project=OuterRef("pk"))
        .annotate(county=Substr("region__code", 1, 6))
        .order_by("county" if first else "-county")
        .values("county")[:1]
    )
    return Subquery(places, output_field=CharField())


def fund_flow_by_county(
    *, user: Any, pairing: Pairing | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """Money per helping region, county and sector (committed, received, spent, in yuan), in one aggregate
    query. A project counts for the county its places lie in (the 6-digit prefix of their codes: a town or
    village counts for its county); one with places in several counties for SEVERAL_COUNTIES and one
    without a place for NO_PLACE, so no yuan is counted twice. Rows carry the county's name."""
    qs = _scoped_projects(user)
    if pairing is not None:
        qs = qs.filter(pairing_subtree_q(pairing, "pairing__"))
    if year:
        qs = qs.filter(year=year)
    rows = list(
        qs.annotate(county_first=_place_county(True), county_last=_place_county(False))
        .values("pairing__helper_region__name", "county_first", "county_last", "sector")
        .annotate(
            committed=_sum(Transaction.Kind.COMMITMENT, Transaction.Kind.INCOMING_COMMITMENT),
            received=_sum(Transaction.Kind.INCOMING_FUNDS),
            spent=_sum(Transaction.Kind.EXPENDITURE),
        )
        .order_by()
    )
    codes = {r["county_first"] for r in rows if r["county_first"] and r["county_first"] == r["county_last"]}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        first, last = r["county_first"], r["county_last"]
        code = NO_PLACE if not first else (first if first == last else SEVERAL_COUNTIES)
        key = (r["pairing__helper_region__name"], code, r["sector"])
        row = out.setdefault(
            key,
            {
                "helper": key[0],
                "county": code,
                "county_name": names.get(code, "") or _county_label(code),
                "sector": key[2],
                "committed": Decimal(0),
                "received": Decimal(0),
                "spent": Decimal(0),
            },
        )
        for field in ("committed", "received", "spent"):
            row[field] += r[field]
    return sorted(out.values(), key=lambda row: (row["helper"], row["county"], row["sector"]))


def _county_label(code: str) -> str:
    if code == SEVERAL_COUNTIES:
        return _("several counties")
    if code == NO_PLACE:
        return _("no place given")
    return code


def county_spending_ranking(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`fund_flow_by_county` rows summed per county with the spending rate (spent / received, percent, one
    decimal; None when nothing was received), highest rate first, those without a rate last."""
    counties: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = counties.setdefault(
            r["county"],
            {"county": r["county"], "name": r["county_name"], "received": Decimal(0), "spent": Decimal(0)},
        )
        c["received"] += r["received"]
        c["spent"] += r["spent"]
    for c in counties.values():
        c["rate"] = (c["spent"] * 100 / c["received"]).quantize(Decimal("0.1")) if c["received"] else None
    return sorted(counties.values(), key=lambda c: (c["rate"] is None, -(c["rate"] or 0), c["name"]))


def fund_sankey_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """ECharts options of a Sankey diagram of the committed funds (万元): helping region → county →
    sector. A name two levels share (ECharts needs unique node names) gets its level after it."""
    sectors = dict(Sector.choices)
    Node = tuple[str, int]  # (name, level)
    links: dict[tuple[Node, Node], Decimal] = {}
    for r in rows:
        if r["committed"] <= 0:
            continue
        helper: Node = (r["helper"], 0)
        county: Node = (r["county_name"], 1)
        sector: Node = (str(sectors.get(r["sector"], r["sector"])), 2)
        for link in ((helper, county), (county, sector)):
            links[link] = links.get(link, Decimal(0)) + r["committed"]
    nodes = sorted({n for link in links for n in link}, key=lambda n: (n[1], n[0]))
    levels: dict[str, int] = {}
    for name, _level in nodes:
        levels[name] = levels.get(name, 0) + 1

    def label(n: Node) -> str:
        return n[0] if levels[n[0]] == 1 else f"{n[0]} ({n[1] + 1})"

    return {
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "sankey",
                "emphasis": {"focus": "adjacency"},
                "nodeAlign": "left",
                "data": [{"name": label(n)} for n in nodes],
                "links": [
                    {"source": label(a), "target": label(b), "value": float(v / 10000)}
                    for (a, b), v in sorted(links.items())
                ],
            }
        ],
    }


def county_ranking_chart(ranking: list[dict[str, Any]]) -> dict[str, Any]:
    """ECharts options of the counties' spending rates (percent), a horizontal bar each, highest on top."""
    ranked = [c for c in ranking if c["rate"] is not None][::-1]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"containLabel": True, "left": 8, "right": 24},
        "xAxis": {"type": "value", "max": 100, "name": "%"},
        "yAxis": {"type": "category", "data": [c["name"] for c in ranked]},
        "series": [{"type": "bar", "name": _("spending rate"), "data": [float(c["rate"]) for c in ranked]}],
    }


def organization_choices(*, user: Any, pairing: Pairing | None = None) -> QuerySet[Organization]:
    """Organizations the user may name on a project: those of the regions (or the organizations) on either
    side of the pairings it writes — or of `pairing` only."""
    pairings = (
        [pairing]
        if pairing is not None
        else list(
            Pairing.objects.filter(scope_for(user).pairing_q(write=True)).select_related(
                "helper_region", "helped_region"
            )
        )
    )
    if scope_for(user).everything and pairing is None:
        return Organization.objects.select_related("region").order_by("name")
    q = Q(pk__in=[])
    for p in pairings:
        for region in (p.helper_region, p.helped_region):
            if region is not None:
                q |= Q(region__code__startswith=region_prefix(region.code))
        for org_id in (p.helper_org_id, p.helped_org_id):
            if org_id is not None:
                q |= Q(pk=org_id)
    return Organization.objects.filter(q).select_related("region").order_by("name")
