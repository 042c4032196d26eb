"""Reads for the dashboard and the pairing page, composed of the domain selectors (which filter by scope)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from counterpart.agreements.models import Agreement, ProgressReport
from counterpart.agreements.selectors import agreement_status_counts, stalled_count_by_pairing
from counterpart.meetings.models import Meeting
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_list

#: Colours of the agreement statuses in charts (the same as the badges in app.css).
STATUS_COLOURS = {
    Agreement.Status.SIGNED: "#4c78a8",
    Agreement.Status.IMPLEMENTING: "#54a24b",
    Agreement.Status.COMPLETED: "#2f6f4f",
    Agreement.Status.STALLED: "#e45756",
    Agreement.Status.TERMINATED: "#9d9da1",
}


def dashboard_pairings(*, user: Any) -> list[Pairing]:
    """Pairings in scope with `meeting_count`, `agreement_count` and `stalled_count`, in two queries."""
    stalled = stalled_count_by_pairing(user=user)
    pairings = list(pairing_list(user=user))
    for pairing in pairings:
        pairing.stalled_count = stalled.get(pairing.pk, 0)  # type: ignore[attr-defined]
    return pairings


def agreement_status_chart(*, user: Any, pairing_id: int | None = None) -> dict[str, Any]:
    """ECharts options (plain JSON-able dict) of the agreements in scope by the status they are in (one
    flagged stalled counts under stalled: `agreement_status_counts`), titled with the number flagged
    stalled — the stalled bar's height."""
    counts = agreement_status_counts(user=user, pairing_id=pairing_id)
    stalled = sum(stalled_count_by_pairing(user=user).values()) if pairing_id is None else None
    labels = [str(label) for _value, label in Agreement.Status.choices]
    data = [
        {"value": counts.get(value, 0), "itemStyle": {"color": STATUS_COLOURS[Agreement.Status(value)]}}
        for value in Agreement.Status.values
    ]
    options: dict[str, Any] = {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 16, "top": 24, "bottom": 32, "containLabel": True},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"name": gettext("Agreements"), "type": "bar", "data": data, "barMaxWidth": 48}],
    }
    if stalled is not None:
        options["title"] = {
            "text": gettext("%(n)s flagged stalled") % {"n": stalled},
            "right": 0,
            "top": 0,
            "textStyle": {"fontSize": 12, "color": STATUS_COLOURS[Agreement.Status.STALLED]},
        }
    return options


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    kind: str  # "meeting", "agreement", "report"
    kind_label: str
    title: str
    url_name: str
    object_id: int
    note: str = ""


def pairing_timeline(
    *,
    meetings: Iterable[Meeting],
    agreements: Iterable[Agreement],
    reports: QuerySet[ProgressReport] | Iterable[ProgressReport],
) -> list[TimelineEntry]:
    """Meetings, signed agreements and progress reports of a pairing by date, newest first. Takes rows the
    caller already read through the scope-filtered selectors."""
    entries: list[TimelineEntry] = [
        TimelineEntry(m.date, "meeting", gettext("Meeting"), m.title, "meetings:detail", m.pk, m.place)
        for m in meetings
    ]
    entries.extend(
        TimelineEntry(
            a.signed_date, "agreement", gettext("Agreement signed"), a.title, "agreements:detail", a.pk
        )
        for a in agreements
        if a.signed_date
    )
    entries.extend(
        TimelineEntry(
            r.reported_on,
            "report",
            gettext("Progress report"),
            r.agreement.title,
            "agreements:detail",
            r.agreement_id,
            r.text[:120],
        )
        for r in reports
    )
    order = {"meeting": 0, "agreement": 1, "report": 2}
    entries.sort(key=lambda e: (e.date, -order[e.kind]), reverse=True)
    return entries
