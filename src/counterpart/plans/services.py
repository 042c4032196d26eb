"""Writes of plans, lists, items, the ledger, evidence, spot checks, accountability and audit findings.

Every service checks the actor's lists scope (`scope_for(actor).lists`, see `pairings.scope`): offices write
the lists of their pairings, a unit reporter writes ledger entries only for the items its unit leads.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from counterpart.agreements.models import Agreement, ProgressReport
from counterpart.core.services import Actor, acting_user, validated_save
from counterpart.core.versions import bump, check_locked, check_version, keep_version
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import ListsFacet, actor_scope
from counterpart.plans.evidence import EvidenceRefused, check_evidence
from counterpart.plans.models import (
    AccountabilityRecord,
    AuditFinding,
    EvidenceFile,
    Item,
    ItemUnit,
    LedgerEntry,
    Plan,
    RectificationEntry,
    ResponsibilityList,
    SpotCheck,
    SpotCheckResult,
)


def _scope(actor: Actor) -> ListsFacet:
    """`actor=None` is system work (the demo loader, the CLI without --user): no scope limit."""
    return actor_scope(actor).lists


#: Accepted evidence: extension → (content type, leading bytes). Office files are zip containers.
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
}


def evidence_max_bytes() -> int:
    return int(getattr(settings, "PLANS_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


# --- checks ---------------------------------------------------------


def _check_can_write_list(actor: Actor, rlist: ResponsibilityList) -> None:
    if not _scope(actor).can_write_list(rlist):
        raise PermissionDenied(_("You may not change this responsibility list."))


def _check_can_write_pairing_or_owner(actor: Actor, pairing: Pairing | None, owner: Organization) -> None:
    probe = ResponsibilityList(pairing=pairing, owner=owner)
    if not _scope(actor).can_write_list(probe):
        raise PermissionDenied(_("You may not create lists for this pairing or owner."))


def _check_item_dates(start_date: dt.date, deadline: dt.date) -> None:
    if deadline < start_date:
        raise ValidationError({"deadline": _("The deadline is before the start.")})


# --- plans, lists, items ---------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    title: str,
    owner: Organization,
    start_year: int,
    end_year: int,
    pairing: Pairing | None = None,
    generated: bool = False,
    source: str = "",
) -> Plan:
    """A multi-year plan of a pairing (or of an owner in the actor's home region); years in order."""
    _check_can_write_pairing_or_owner(actor, pairing, owner)
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year is before the first.")})
    plan = Plan(
        title=title.strip(),
        owner=owner,
        pairing=pairing,
        start_year=start_year,
        end_year=end_year,
        generated=generated,
        source=source,
    )
    return validated_save(plan, actor=actor)


@transaction.atomic
def responsibility_list_create(
    *,
    actor: Actor,
    title: str,
    owner: Organization,
    year: int,
    plan: Plan | None = None,
    pairing: Pairing | None = None,
    generated: bool = False,
    source: str = "",
) -> ResponsibilityList:
    """A yearly list; under a plan it takes the plan's pairing and must fall within the plan's years."""
    if plan is not None:
        pairing = plan.pairing if plan.pairing_id else pairing
        if not plan.start_year <= year <= plan.end_year:
            raise ValidationError(
                {
                    "year": _("The year lies outside the plan (%(a)s–%(b)s).")
                    % {"a": plan.start_year, "b": plan.end_year}
                }
            )
    _check_can_write_pairing_or_owner(actor, pairing, owner)
    rlist = ResponsibilityList(
        title=title.strip(),
        owner=owner,
        year=year,
        plan=plan,
        pairing=pairing,
        generated=generated,
        source=source,
    )
    return validated_save(rlist, actor=actor)


#: A target's quantity and the unit written after it ("完成造林5000亩" → 5000, 亩); not a date (2020年).
NUMBER_IN_TARGET = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?![年月日号號\d])([^\d\s，。；,;、（）()：:]{0,4})")


def parse_target(text: str) -> tuple[Decimal | None, str]:
    """(quantity, unit) from a target such as "完成造林5000亩"; (None, "") for a yes/no deliverable."""
    match = NUMBER_IN_TARGET.search(unicodedata.normalize("NFKC", text))
    if not match:
        return None, ""
    try:
        quantity = Decimal(match[1].replace(",", ""))
    except InvalidOperation:
        return None, ""
    if quantity <= 0:
        return None, ""
    return quantity, match[2][:30]


def check_target_units(*, target_text: str, target_quantity: Decimal | None, target_unit: str) -> None:
    """The unit progress is counted in is the unit the target is written in: "170米" is a target of 170 米,
    whose progress reads "… / 170 米", never "170 公里". A yes/no deliverable has no unit. (A unit written
    with a qualifier, 亩以上, is the same unit as 亩.)"""
    unit = target_unit.strip()
    if target_quantity is None:
        if unit:
            raise ValidationError(
                {
                    "target_unit": _("A yes/no deliverable has no unit, but “%(unit)s” is given.")
                    % {"unit": unit}
                }
            )
        return
    written_quantity, written_unit = parse_target(target_text)
    if written_quantity is None or not written_unit or not unit:
        return
    if not (written_unit.startswith(unit) or unit.startswith(written_unit)):
        raise ValidationError(
            {
                "target_unit": _(
                    "The target reads “%(text)s” (in %(written)s), but its progress would be counted in "
                    "%(unit)s: the two must be the same unit."
                )
                % {"text": target_text, "written": written_unit, "unit": unit}
            }
        )


@transaction.atomic
def item_create(
    *,
    actor: Actor,
    responsibility_list: ResponsibilityList,
    number: str,
    task: str,
    lead_unit: Organization,
    deadline: dt.date | None,
    start_date: dt.date | None = None,
    deadline_kind: str = Item.DeadlineKind.DATE,
    lead_units: Sequence[Organization | str] = (),
    responsible_units: Sequence[Organization | str] = (),
    co_units: Sequence[Organization | str] = (),
    category: str = Item.Category.OTHER,
    category_text: str = "",
    target_text: str = "",
    target_quantity: Decimal | None = None,
    target_unit: str = "",
    note: str = "",
    pairing: Pairing | None = None,
    agreement: Any = None,
    decision: Any = None,
    position: int | None = None,
    generated: bool = False,
) -> Item:
    """An item led by `lead_unit` (it reports) and any further `lead_units`, carried out by
    `responsible_units`, supported by `co_units` (an organization, or the text of a collective unit such as
    各镇); a supporting unit cannot also lead. It starts on 1 January of the list's year unless told
    otherwise; an item with a date deadline has one, a start-only or ongoing item none."""
    _check_can_write_list(actor, responsibility_list)
    if not task.strip():
        raise ValidationError({"task": _("The task is empty.")})
    start_date = start_date or dt.date(responsibility_list.year, 1, 1)
    if deadline_kind == Item.DeadlineKind.DATE:
        if deadline is None:
            raise ValidationError({"deadline": _("The deadline is missing.")})
        _check_item_dates(start_date, deadline)
    else:
        deadline = None
    leads: list[Organization | str] = [lead_unit, *(u for u in lead_units if u != lead_unit)]
    lead_ids = {u.pk for u in leads if isinstance(u, Organization)}
    if any(isinstance(unit, Organization) and unit.pk in lead_ids for unit in co_units):
        raise ValidationError({"co_units": _("The lead unit cannot also be a co-unit.")})
    check_target_units(target_text=target_text, target_quantity=target_quantity, target_unit=target_unit)
    if position is None:
        position = responsibility_list.items.count() + 1
    item = Item(
        responsibility_list=responsibility_list,
        number=number.strip(),
        position=position,
        task=task.strip(),
        category=category,
        category_text=category_text,
        lead_unit=lead_unit,
        target_text=target_text,
        target_quantity=target_quantity,
        target_unit=target_unit,
        start_date=start_date,
        deadline=deadline,
        deadline_kind=deadline_kind,
        note=note,
        pairing=pairing,
        agreement=agreement,
        decision=decision,
        generated=generated,
    )
    validated_save(item, actor=actor)
    links = [
        ItemUnit(
            item=item,
            role=role,
            position=i,
            organization=unit if isinstance(unit, Organization) else None,
            collective="" if isinstance(unit, Organization) else str(unit).strip()[:100],
        )
        for role, units in (
            (ItemUnit.Role.LEAD, leads),
            (ItemUnit.Role.RESPONSIBLE, responsible_units),
            (ItemUnit.Role.SUPPORTING, co_units),
        )
        for i, unit in enumerate(dict.fromkeys(units), start=1)
    ]
    for link in links:
        link.full_clean()
    ItemUnit.objects.bulk_create(links)
    return item


# --- ledger ---------------------------------------------------------


def _check_period(item: Item, year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("The month must be between 1 and 12.")})
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("The period lies in the future.")})
    if (year, month) < (item.start_date.year, item.start_date.month):
        raise ValidationError({"month": _("The period is before the item starts.")})


#: The longest progress narrative, review comment or finding text accepted (characters): a month's report is
#: a paragraph or two; a pasted document belongs in the evidence files.
TEXT_MAX_CHARS = 4000


def check_text_length(field: str, text: str) -> None:
    """Refuse a text longer than `TEXT_MAX_CHARS`, saying how long it is, beside its field."""
    if len(text) > TEXT_MAX_CHARS:
        raise ValidationError(
            {
                field: _(
                    "At most %(max)s characters (this one has %(n)s): attach longer documents as evidence."
                )
                % {"max": TEXT_MAX_CHARS, "n": len(text)}
            }
        )


@transaction.atomic
def ledger_entry_submit(
    *,
    actor: Actor,
    item: Item,
    year: int,
    month: int,
    value: Decimal,
    narrative: str = "",
    files: Iterable[UploadedFile] = (),
    generated: bool = False,
    version: int | None = None,
) -> LedgerEntry:
    """Report the cumulative value of an item for a period. The unit that leads the item reports (or the
    office on its behalf). One entry per period: a submitted or returned entry is corrected in place and goes
    back to the office as submitted; an accepted entry is final (report the next period instead). A
    cumulative value below an earlier accepted one is refused. A correction made on the entry as it was at
    `version` is refused when the entry was written since (reviewed, or corrected by someone else)."""
    if not _scope(actor).can_report(item):
        raise PermissionDenied(_("You may not report on this item."))
    _check_period(item, year, month)
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    check_text_length("narrative", narrative.strip())
    earlier = (
        LedgerEntry.objects.filter(item=item, status=LedgerEntry.Status.ACCEPTED)
        .filter(period_before_q(year, month))
        .order_by("-year", "-month")
        .values_list("value", flat=True)
        .first()
    )
    if earlier is not None and value < earlier:
        raise ValidationError(
            {
                "value": _("The value is cumulative and cannot fall below the accepted %(value)s.")
                % {"value": earlier}
            }
        )
    # Lock the period's row, if any: the reporter and the office must not both change it at once.
    entry = LedgerEntry.objects.select_for_update().filter(item=item, year=year, month=month).first()
    now = timezone.now()
    if entry is None:
        entry = LedgerEntry(item=item, year=year, month=month, generated=generated)
    else:
        check_locked(entry, expected_version=version, yours={"value": value, "narrative": narrative.strip()})
    if entry.status == LedgerEntry.Status.ACCEPTED:
        raise ValidationError(_("The entry for this period was accepted already; report the next period."))
    entry.value = value
    entry.narrative = narrative.strip()
    entry.reporter = acting_user(actor)
    entry.status = LedgerEntry.Status.SUBMITTED
    entry.submitted_at = now
    validated_save(entry, actor=actor)
    for upload in files:
        evidence_attach(actor=actor, entry=entry, upload=upload)
    return entry


@transaction.atomic
def agreement_entry_submit(
    *,
    actor: Actor,
    agreement: Agreement,
    year: int,
    month: int,
    value: Decimal,
    narrative: str = "",
    files: Iterable[UploadedFile] = (),
    generated: bool = False,
    version: int | None = None,
) -> ProgressReport:
    """Report an agreement's progress for a period: percent complete (0–100), cumulative like an item's
    value. It is the agreement's progress report for that period (`agreements.ProgressReport`, dated the day
    it is submitted, so the stall flag counts it). The office of the agreement's pairing reports and reviews;
    the same one-report-per-period rules as an item's ledger."""
    if not _scope(actor).can_write_agreement(agreement):
        raise PermissionDenied(_("You may not report on this agreement."))
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("The month must be between 1 and 12.")})
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("The period lies in the future.")})
    if value < 0 or value > 100:
        raise ValidationError({"value": _("Give the percent complete, from 0 to 100.")})
    check_text_length("narrative", narrative.strip())
    earlier = (
        ProgressReport.objects.filter(agreement=agreement, review_status=ProgressReport.ReviewStatus.ACCEPTED)
        .filter(period_before_q(year, month))
        .order_by("-year", "-month")
        .values_list("value", flat=True)
        .first()
    )
    if earlier is not None and value < earlier:
        raise ValidationError(
            {
                "value": _("The value is cumulative and cannot fall below the accepted %(value)s.")
                % {"value": earlier}
            }
        )
    report = (
        ProgressReport.objects.select_for_update().filter(agreement=agreement, year=year, month=month).first()
    )
    if report is None:
        report = ProgressReport(agreement=agreement, year=year, month=month, generated=generated)
    else:
        check_locked(report, expected_version=version, yours={"value": value, "text": narrative.strip()})
    if report.review_status == ProgressReport.ReviewStatus.ACCEPTED:
        raise ValidationError(_("The entry for this period was accepted already; report the next period."))
    report.value = value
    report.text = narrative.strip()
    report.reporter = acting_user(actor)
    report.review_status = ProgressReport.ReviewStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.reported_on = today
    validated_save(report, actor=actor)
    for upload in files:
        evidence_attach(actor=actor, entry=report, upload=upload)
    return report


def period_before_q(year: int, month: int) -> Q:
    return Q(year__lt=year) | Q(year=year, month__lt=month)


#: What the office reviews: an item's ledger entry or an agreement's period progress report.
Reviewable = LedgerEntry | ProgressReport


def _review_status_field(entry: Reviewable) -> str:
    return "review_status" if isinstance(entry, ProgressReport) else "status"


def _review(*, actor: Actor, entry: Reviewable, status: str, comment: str, version: int | None) -> Reviewable:
    if not _scope(actor).can_write_entry(entry):
        raise PermissionDenied(_("Only the office of this list may review its ledger."))
    check_text_length("comment", comment)
    now = timezone.now()
    field = _review_status_field(entry)
    # Conditional update: of two reviewers (or a reviewer and a correcting reporter) only the first wins;
    # the second finds the entry no longer submitted — or, when it names the version it reviewed, written
    # since (a corrected value is not accepted unseen).
    condition: dict[str, Any] = {field: LedgerEntry.Status.SUBMITTED}
    if version is not None:
        condition["version"] = version
    updated = (
        type(entry)
        .objects.filter(pk=entry.pk, **condition)
        .update(
            **{field: status},
            review_comment=comment,
            reviewed_by=acting_user(actor),
            reviewed_at=now,
            updated_at=now,
            version=bump(),
        )
    )
    entry.refresh_from_db()
    if not updated:
        check_version(entry, expected_version=version, yours={field: status, "review_comment": comment})
        raise ValidationError(_("This entry is no longer waiting for review; reload the page."))
    # The conditional UPDATE bypasses save() and so the history: save the row once more (same values) to
    # record who reviewed it.
    entry._change_reason = status  # type: ignore[union-attr]  # read by django-simple-history
    keep_version(entry)
    validated_save(entry, actor=actor)
    return entry


@transaction.atomic
def ledger_entry_accept(
    *, actor: Actor, entry: Reviewable, comment: str = "", version: int | None = None
) -> Reviewable:
    """The office accepts a submitted entry (or agreement report); its value becomes the item's progress.
    With `version` (the one the reviewer read), an entry written since is refused (`StaleWrite`)."""
    return _review(
        actor=actor, entry=entry, status=LedgerEntry.Status.ACCEPTED, comment=comment.strip(), version=version
    )


@transaction.atomic
def ledger_entry_return(
    *, actor: Actor, entry: Reviewable, comment: str, version: int | None = None
) -> Reviewable:
    """The office returns a submitted entry (or agreement report) to the reporter, saying why; with
    `version`, as `ledger_entry_accept`."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the entry is returned.")})
    return _review(
        actor=actor, entry=entry, status=LedgerEntry.Status.RETURNED, comment=comment.strip(), version=version
    )


@transaction.atomic
def evidence_attach(*, actor: Actor, entry: Reviewable, upload: UploadedFile) -> EvidenceFile:
    """Attach a file (pdf, jpg, png, xlsx, docx; at most PLANS_EVIDENCE_MAX_BYTES) to an entry (or an
    agreement's period report) not yet accepted. The type is checked by extension, by the file's leading
    bytes and then by its structure (`plans.evidence`: a PDF pypdf opens, an image Pillow decodes — stored
    re-encoded —, an OOXML package with its parts and no macros); the file is stored under a random name
    (`core.files`, mode 0600) with its SHA-256."""
    if not _scope(actor).can_report_entry(entry):
        raise PermissionDenied(_("You may not add evidence to this entry."))
    if getattr(entry, _review_status_field(entry)) == LedgerEntry.Status.ACCEPTED:
        raise ValidationError(_("The entry was accepted; its evidence can no longer change."))
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EVIDENCE_TYPES:
        raise ValidationError(
            {
                "evidence": _("“%(name)s”: only PDF, JPG, PNG, XLSX and DOCX files are accepted.")
                % {"name": name}
            }
        )
    size = upload.size or 0
    limit = evidence_max_bytes()
    if size > limit:  # refused before a byte of it is read
        raise ValidationError(
            {
                "evidence": _("“%(name)s” is larger than %(mb)s MB.")
                % {"name": name, "mb": round(limit / 1048576, 1)}
            }
        )
    content_type, magics = EVIDENCE_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    if not head.startswith(magics):
        raise ValidationError(
            {"evidence": _("“%(name)s” is not really a %(ext)s file.") % {"name": name, "ext": ext.upper()}}
        )
    try:
        checked = check_evidence(upload, ext=ext, name=name, max_bytes=limit)
    except EvidenceRefused as exc:
        raise ValidationError({"evidence": str(exc)}) from exc
    try:
        evidence = EvidenceFile(
            entry=entry if isinstance(entry, LedgerEntry) else None,
            report=entry if isinstance(entry, ProgressReport) else None,
            original_name=name[:200],
            content_type=content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=acting_user(actor),
        )
        evidence.file.save(name, checked.content, save=False)
    finally:
        if checked.content is not upload:
            checked.close()
    return validated_save(evidence, actor=actor)


# --- spot checks, accountability, audit findings ---------------------------------------------------------


def spot_check_sample(*, item_ids: Iterable[int], seed: int, size: int) -> list[int]:
    """The draw: reproducible from the seed and the list's item ids."""
    population = sorted(item_ids)
    return sorted(random.Random(seed).sample(population, min(size, len(population))))  # noqa: S311  # not crypto


@transaction.atomic
def spot_check_draw(
    *,
    actor: Actor,
    responsibility_list: ResponsibilityList,
    sample_size: int,
    seed: int | None = None,
    note: str = "",
) -> SpotCheck:
    """Draw `sample_size` items of the list at random; the seed is stored so anyone can re-draw."""
    _check_can_write_list(actor, responsibility_list)
    if sample_size < 1:
        raise ValidationError({"sample_size": _("Draw at least one item.")})
    if seed is None:
        seed = secrets.randbelow(2**53)
    ids = list(responsibility_list.items.values_list("pk", flat=True))
    drawn = spot_check_sample(item_ids=ids, seed=seed, size=sample_size)
    check = validated_save(
        SpotCheck(
            responsibility_list=responsibility_list,
            seed=seed,
            sample_size=sample_size,
            drawn_item_ids=drawn,
            drawn_by=acting_user(actor),
            note=note,
        ),
        actor=actor,
    )
    SpotCheckResult.objects.bulk_create([SpotCheckResult(spot_check=check, item_id=pk) for pk in drawn])
    return check


@transaction.atomic
def spot_check_record(
    *, actor: Actor, result: SpotCheckResult, outcome: str, note: str = ""
) -> SpotCheckResult:
    """Record a checked item as confirmed or a discrepancy (a discrepancy needs a note)."""
    _check_can_write_list(actor, result.spot_check.responsibility_list)
    if outcome not in (SpotCheckResult.Result.CONFIRMED, SpotCheckResult.Result.DISCREPANCY):
        raise ValidationError({"result": _("Choose confirmed or discrepancy.")})
    if outcome == SpotCheckResult.Result.DISCREPANCY and not note.strip():
        raise ValidationError({"note": _("Describe the discrepancy.")})
    result.result = outcome
    result.note = note.strip()
    result.checked_by = acting_user(actor)
    result.checked_at = timezone.now()
    return validated_save(result, actor=actor)


@transaction.atomic
def accountability_record_add(
    *,
    actor: Actor,
    responsibility_list: ResponsibilityList,
    unit: Organization,
    reason: str,
    item: Item | None = None,
) -> AccountabilityRecord:
    """Expose a unit (and an item of it) with a reason."""
    _check_can_write_list(actor, responsibility_list)
    if item is not None and item.responsibility_list_id != responsibility_list.pk:
        raise ValidationError({"item": _("The item belongs to another list.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return validated_save(
        AccountabilityRecord(
            responsibility_list=responsibility_list,
            item=item,
            unit=unit,
            reason=reason.strip(),
            recorded_by=acting_user(actor),
        ),
        actor=actor,
    )


@transaction.atomic
def audit_finding_create(
    *,
    actor: Actor,
    responsibility_list: ResponsibilityList,
    unit: Organization,
    text: str,
    deadline: dt.date,
    severity: str = AuditFinding.Severity.MEDIUM,
) -> AuditFinding:
    """A finding on a unit of the list (office only): text required, a known severity, a deadline not before
    the list's year (findings of past years are recorded too, so a past deadline is allowed)."""
    _check_can_write_list(actor, responsibility_list)
    if not text.strip():
        raise ValidationError({"text": _("Describe the finding.")})
    if severity not in AuditFinding.Severity.values:
        raise ValidationError({"severity": _("Choose a severity.")})
    check_text_length("text", text.strip())
    if deadline.year < responsibility_list.year:
        raise ValidationError(
            {
                "deadline": _("The rectification deadline lies before the list's year (%(year)s).")
                % {"year": responsibility_list.year}
            }
        )
    return validated_save(
        AuditFinding(
            responsibility_list=responsibility_list,
            unit=unit,
            text=text.strip(),
            deadline=deadline,
            severity=severity,
        ),
        actor=actor,
    )


@transaction.atomic
def rectification_add(
    *, actor: Actor, finding: AuditFinding, date: dt.date, text: str, closes: bool = False
) -> RectificationEntry:
    """A follow-up on a finding, by the office or the finding's unit; one that `closes` closes the finding
    (once: a conditional update)."""
    scope = _scope(actor)
    if not (scope.can_write_list(finding.responsibility_list) or finding.unit_id in scope.units):
        raise PermissionDenied(_("You may not report on this finding."))
    if finding.closed_at is not None:
        raise ValidationError(_("The finding is closed."))
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    check_text_length("text", text.strip())
    if closes and not scope.can_write_list(finding.responsibility_list):
        raise PermissionDenied(_("Only the office of this list may close a finding."))
    entry = validated_save(
        RectificationEntry(
            finding=finding,
            date=date,
            text=text.strip(),
            closes=closes,
            reporter=acting_user(actor),
        ),
        actor=actor,
    )
    if closes:
        AuditFinding.objects.filter(pk=finding.pk, closed_at__isnull=True).update(
            closed_at=timezone.now(), version=bump()
        )
        finding.refresh_from_db(fields=["closed_at", "version"])
    return entry


def audit_finding_close(
    *, actor: Actor, finding: AuditFinding, date: dt.date, text: str
) -> RectificationEntry:
    """The office closes a finding with a last rectification entry saying what settled it."""
    if not _scope(actor).can_write_list(finding.responsibility_list):
        raise PermissionDenied(_("Only the office of this list may close a finding."))
    return rectification_add(actor=actor, finding=finding, date=date, text=text, closes=True)


@transaction.atomic
def accountability_from_discrepancy(
    *, actor: Actor, result: SpotCheckResult, reason: str = ""
) -> AccountabilityRecord:
    """Expose the item of a spot-check discrepancy (and its lead unit); the reason defaults to the check's
    note. The office's right is checked first: whoever may not is told so, not what the result is."""
    _check_can_write_list(actor, result.spot_check.responsibility_list)
    if result.result != SpotCheckResult.Result.DISCREPANCY:
        raise ValidationError({"result": _("Only a discrepancy can be exposed.")})
    item = result.item
    return accountability_record_add(
        actor=actor,
        responsibility_list=result.spot_check.responsibility_list,
        unit=item.lead_unit,
        item=item,
        reason=reason.strip() or result.note,
    )
