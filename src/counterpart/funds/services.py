"""Writes of projects and their money. Rules kept here:

- the pairing must be one the actor writes (a project's pairing never changes);
- a project's agreement and responsibility item belong to its pairing; its dates are in order; the
  budget, each funding amount and each beneficiary count are not negative;
- a transaction is in yuan (CNY; another currency is refused), its amount above zero, its date within the
  years the platform takes and not in the future; a disbursement may not take the disbursements above
  the funds received, an expenditure may not take the spending above the budget. Each refusal names its
  field, and nothing is written (one transaction; the project row is locked while its totals are read, so
  two disbursements recorded at once cannot both pass the check).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.agreements.models import Agreement
from counterpart.core.inputs import MAX_YEAR, MIN_YEAR
from counterpart.core.services import Actor, acting_user, apply_changes, validated_save
from counterpart.funds.models import (
    CURRENCIES,
    FundingSource,
    Project,
    ProjectFunding,
    ProjectHousehold,
    ProjectOutput,
    ProjectPlace,
    Sector,
    Stage,
    Transaction,
)
from counterpart.geo.models import Region
from counterpart.households.models import Household
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import actor_scope
from counterpart.plans.models import Item

PROJECT_EDITABLE = {
    "title",
    "content",
    "sector",
    "year",
    "implementing_org",
    "agreement",
    "item",
    "places_text",
    "budget",
    "stage",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "villages",
    "households",
    "people",
    "poor_people",
    "source",
}

OutputSpec = tuple[str, Decimal, str]


def yuan(value: Decimal) -> str:
    """An amount for a message: thousands separators, two places, the unit."""
    return _("%(amount)s yuan") % {"amount": f"{value:,.2f}"}


def _check_can_write(actor: Actor, pairing: Pairing) -> None:
    if not actor_scope(actor).can_write(pairing):
        raise PermissionDenied(_("You may not change the projects of this pairing."))


def _check_project(project: Project) -> None:
    errors: dict[str, str] = {}
    if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
        errors["planned_end"] = _("The planned end is before the planned start.")
    if project.actual_start and project.actual_end and project.actual_end < project.actual_start:
        errors["actual_end"] = _("The actual end is before the actual start.")
    if project.budget is not None and project.budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if project.year is not None and not MIN_YEAR <= project.year <= MAX_YEAR:
        errors["year"] = _("The year must be between %(low)s and %(high)s.") % {
            "low": MIN_YEAR,
            "high": MAX_YEAR,
        }
    for name in ("villages", "households", "people", "poor_people"):
        value = getattr(project, name)
        if value is not None and value < 0:
            errors[name] = _("A number of beneficiaries cannot be negative.")
    if (
        project.people is not None
        and project.poor_people is not None
        and project.poor_people > project.people
    ):
        errors["poor_people"] = _("The registered poor people are more than the people benefiting.")
    if project.agreement_id and project.agreement and project.agreement.pairing_id != project.pairing_id:
        errors["agreement"] = _("The agreement belongs to another pairing.")
    if project.item_id and project.item and project.item.pairing_id not in (None, project.pairing_id):
        errors["item"] = _("The responsibility item belongs to another pairing.")
    if project.sector not in Sector.values:
        errors["sector"] = _("Unknown sector “%(value)s”.") % {"value": project.sector}
    if project.stage not in Stage.values:
        errors["stage"] = _("Unknown stage “%(value)s”.") % {"value": project.stage}
    if errors:
        raise ValidationError(errors)


def _check_fundings(fundings: Mapping[str, Decimal | None]) -> None:
    for source, amount in fundings.items():
        if source not in FundingSource.values:
            raise ValidationError({"fundings": _("Unknown source of funds “%(value)s”.") % {"value": source}})
        if amount is not None and amount < 0:
            raise ValidationError({f"funding_{source}": _("An amount cannot be negative.")})


def _write_places(actor: Actor, project: Project, places: Sequence[Region]) -> None:
    wanted = {region.pk: region for region in places}
    for row in list(ProjectPlace.objects.filter(project=project)):
        if row.region_id in wanted:
            wanted.pop(row.region_id)
        else:
            row._history_user = acting_user(actor)  # type: ignore[attr-defined]
            row.delete()
    for region in wanted.values():
        validated_save(ProjectPlace(project=project, region=region), actor=actor)


def _write_fundings(actor: Actor, project: Project, fundings: Mapping[str, Decimal | None]) -> None:
    _check_fundings(fundings)
    existing = {row.source: row for row in ProjectFunding.objects.filter(project=project)}
    for source, amount in fundings.items():
        row = existing.get(source)
        if amount is None:
            if row is not None:
                row._history_user = acting_user(actor)  # type: ignore[attr-defined]
                row.delete()
        elif row is None:
            validated_save(ProjectFunding(project=project, source=source, amount=amount), actor=actor)
        elif row.amount != amount:
            row.amount = amount
            validated_save(row, actor=actor)


def _write_outputs(actor: Actor, project: Project, outputs: Sequence[OutputSpec]) -> None:
    for row in list(ProjectOutput.objects.filter(project=project)):
        row._history_user = acting_user(actor)  # type: ignore[attr-defined]
        row.delete()
    for what, value, unit in outputs:
        if not what.strip():
            raise ValidationError({"outputs": _("An output needs to say what it is.")})
        validated_save(ProjectOutput(project=project, what=what.strip(), value=value, unit=unit), actor=actor)


def _write_households(actor: Actor, project: Project, households: Sequence[Household]) -> None:
    """Link registered households (by their registry row; no ID number is involved) living in the pairing's
    helped region."""
    from counterpart.geo.selectors import region_prefix

    helped = project.pairing.helped_region
    prefix = region_prefix(helped.code) if helped is not None else None
    have = set(ProjectHousehold.objects.filter(project=project).values_list("household_id", flat=True))
    for household in households:
        if prefix is None or not household.village.code.startswith(prefix):
            raise ValidationError(
                {
                    "households": _("Household %(number)s is not in the helped region.")
                    % {"number": household.number}
                }
            )
        if household.pk not in have:
            validated_save(
                ProjectHousehold(project=project, household=household, province_code=household.province_code),
                actor=actor,
            )


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    pairing: Pairing,
    title: str,
    sector: str = Sector.OTHER,
    content: str = "",
    year: int | None = None,
    places: Sequence[Region] = (),
    places_text: str = "",
    implementing_org: Organization | None = None,
    agreement: Agreement | None = None,
    item: Item | None = None,
    budget: Decimal | None = None,
    stage: str = Stage.RESERVE,
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    actual_start: dt.date | None = None,
    actual_end: dt.date | None = None,
    villages: int | None = None,
    households: int | None = None,
    people: int | None = None,
    poor_people: int | None = None,
    fundings: Mapping[str, Decimal | None] | None = None,
    outputs: Sequence[OutputSpec] = (),
    beneficiary_households: Sequence[Household] = (),
    source: str = "",
    generated: bool = False,
) -> Project:
    """A project of a pairing the actor writes, with its places, funding by source and outputs."""
    _check_can_write(actor, pairing)
    project = Project(
        pairing=pairing,
        title=title.strip(),
        sector=sector,
        content=content,
        year=year,
        places_text=places_text,
        implementing_org=implementing_org,
        agreement=agreement,
        item=item,
        budget=budget,
        stage=stage,
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        villages=villages,
        households=households,
        people=people,
        poor_people=poor_people,
        source=source,
        generated=generated,
        recorded_by=acting_user(actor),
    )
    _check_project(project)
    if fundings:
        _check_fundings(fundings)
    validated_save(project, actor=actor)
    _write_places(actor, project, places)
    if fundings:
        _write_fundings(actor, project, fundings)
    _write_outputs(actor, project, outputs)
    _write_households(actor, project, beneficiary_households)
    return project


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    project: Project,
    places: Sequence[Region] | None = None,
    fundings: Mapping[str, Decimal | None] | None = None,
    outputs: Sequence[OutputSpec] | None = None,
    beneficiary_households: Sequence[Household] | None = None,
    **changes: Any,
) -> Project:
    """Change fields; `places` and `outputs`, when given, replace the lists; `fundings` sets the amount of
    each source named (None removes it). A budget below what is already spent is refused."""
    _check_can_write(actor, project.pairing)
    changed = apply_changes(project, changes, allowed=PROJECT_EDITABLE)
    if changed:
        _check_project(project)
        if "budget" in changed and project.budget is not None:
            spent = _kind_total(project, Transaction.Kind.EXPENDITURE)
            if spent > project.budget:
                raise ValidationError(
                    {
                        "budget": _("The budget is below what is already spent (%(spent)s).")
                        % {"spent": yuan(spent)}
                    }
                )
        validated_save(project, actor=actor)
    if places is not None:
        _write_places(actor, project, places)
    if fundings is not None:
        _write_fundings(actor, project, fundings)
    if outputs is not None:
        _write_outputs(actor, project, outputs)
    if beneficiary_households is not None:
        _write_households(actor, project, beneficiary_households)
    return project


def _kind_total(project: Project, *kinds: int) -> Decimal:
    total = Transaction.objects.filter(project=project, kind__in=kinds).aggregate(total=Sum("amount"))[
        "total"
    ]
    return total or Decimal("0")


def _check_transaction(
    project: Project, *, kind: int, date: dt.date, amount: Decimal, currency: str, today: dt.date
) -> None:
    errors: dict[str, str] = {}
    if kind not in Transaction.Kind.values:
        errors["kind"] = _("Unknown transaction type “%(value)s”.") % {"value": kind}
    if currency not in CURRENCIES:
        errors["currency"] = _("Unknown currency “%(code)s”; amounts are recorded in %(codes)s.") % {
            "code": currency,
            "codes": ", ".join(CURRENCIES),
        }
    if amount <= 0:
        errors["amount"] = _("The amount must be above zero.")
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        errors["date"] = _("The date must be in the years %(low)s to %(high)s.") % {
            "low": MIN_YEAR,
            "high": MAX_YEAR,
        }
    elif date > today:
        errors["date"] = _("The date is in the future.")
    if errors:
        raise ValidationError(errors)
    if kind == Transaction.Kind.DISBURSEMENT:
        received = _kind_total(project, Transaction.Kind.INCOMING_FUNDS)
        disbursed = _kind_total(project, Transaction.Kind.DISBURSEMENT) + amount
        if disbursed > received:
            raise ValidationError(
                {
                    "amount": _(
                        "Disbursements would reach %(disbursed)s, above the funds received (%(received)s)."
                    )
                    % {"disbursed": yuan(disbursed), "received": yuan(received)}
                }
            )
    if kind == Transaction.Kind.EXPENDITURE and project.budget is not None:
        spent = _kind_total(project, Transaction.Kind.EXPENDITURE) + amount
        if spent > project.budget:
            raise ValidationError(
                {
                    "amount": _("The spending would reach %(spent)s, above the budget (%(budget)s).")
                    % {"spent": yuan(spent), "budget": yuan(project.budget)}
                }
            )


@transaction.atomic
def transaction_record(
    *,
    actor: Actor,
    project: Project,
    kind: int,
    date: dt.date,
    amount: Decimal,
    currency: str = "CNY",
    provider_org: Organization | None = None,
    receiver_org: Organization | None = None,
    funding_source: str = "",
    recipient_region: Region | None = None,
    description: str = "",
    source: str = "",
    generated: bool = False,
    today: dt.date | None = None,
) -> Transaction:
    """Record one movement of a project's money (see the module's rules)."""
    _check_can_write(actor, project.pairing)
    # Lock the project while its totals are read: two disbursements at once are checked one after the other.
    project = Project.objects.select_for_update().get(pk=project.pk)
    _check_transaction(
        project,
        kind=kind,
        date=date,
        amount=amount,
        currency=(currency or "").strip().upper(),
        today=today or timezone.localdate(),
    )
    if funding_source and funding_source not in FundingSource.values:
        raise ValidationError(
            {"funding_source": _("Unknown source of funds “%(value)s”.") % {"value": funding_source}}
        )
    return validated_save(
        Transaction(
            project=project,
            kind=kind,
            date=date,
            amount=amount,
            currency=currency.strip().upper(),
            provider_org=provider_org,
            receiver_org=receiver_org,
            funding_source=funding_source,
            recipient_region=recipient_region,
            description=description.strip(),
            source=source,
            generated=generated,
            recorded_by=acting_user(actor),
        ),
        actor=actor,
    )
