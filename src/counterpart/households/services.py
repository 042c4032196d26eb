"""Writes to the registry and its rules: registration, status changes (exit rule), incomes, guarantees,
the monitoring rule run, unmasking ID numbers (rate-limited, logged, in the household's history) and the
rotation of the ID-number encryption key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from counterpart.core import ratelimit
from counterpart.core.services import Actor, acting_user, validated_save
from counterpart.core.versions import bump, check_version
from counterpart.geo.models import Region
from counterpart.households import ids
from counterpart.households.models import (
    GUARANTEE_FIELDS,
    Guarantee,
    GuaranteeCheck,
    Household,
    Member,
    MonitoringFlag,
    PovertyCause,
    PovertyLine,
    StatusChange,
    UnmaskLog,
    YearlyIncome,
)
from counterpart.households.selectors import province_code_of
from counterpart.pairings.scope import scope_for

#: Default multiple of the poverty line below which an exited household is flagged (2020 guidance:
#: "about 1.5 times"); the HOUSEHOLD_MONITORING_MULTIPLE setting overrides it.
DEFAULT_MONITORING_MULTIPLE = Decimal("1.5")


def monitoring_multiple() -> Decimal:
    return Decimal(str(getattr(settings, "HOUSEHOLD_MONITORING_MULTIPLE", DEFAULT_MONITORING_MULTIPLE)))


def _user(actor: Actor) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _check_manage(actor: Actor, household_or_code: Household | str) -> None:
    """System work (`actor=None`: CLI, demo loader) may do anything; a user must manage the village."""
    if actor is None:
        return
    code = household_or_code if isinstance(household_or_code, str) else household_or_code.village.code
    if not scope_for(actor).registry.can_manage(code):
        raise PermissionDenied(
            _("Only the cooperation office of the helped side or an assessor may do this.")
        )


# --- registration -----------------------------------------------------------------------------------------


@dataclass
class MemberInput:
    name: str
    id_number: str
    relation: str
    person_number: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    ethnicity: str = ""
    education: str = ""
    health: str = ""
    migrant_work_months: int | None = None


@transaction.atomic
def household_register(
    *,
    actor: Actor,
    number: str,
    village: Region,
    members: Sequence[MemberInput],
    household_type: str = Household.Type.ORDINARY,
    standard: str = Household.Standard.NATIONAL,
    status: str = Household.Status.POOR,
    main_cause: str = "",
    other_causes: Iterable[str] = (),
    phone: str = "",
    generated: bool = False,
    reason: str = "",
) -> Household:
    """Register a household with its members. Rules: the village is a village-level region the actor
    manages; exactly one head; every ID number valid and not already in the registry or twice here."""
    _check_manage(actor, village.code)
    if village.level != Region.Level.VILLAGE:
        raise ValidationError({"village": _("Choose a village.")})
    causes = [c for c in other_causes if c]
    unknown = [c for c in [main_cause, *causes] if c and c not in PovertyCause.values]
    if unknown:
        raise ValidationError({"other_causes": _("Unknown poverty cause: %(c)s") % {"c": ", ".join(unknown)}})
    heads = [m for m in members if m.relation == Member.Relation.HEAD]
    if len(heads) != 1:
        raise ValidationError({"members": _("A household has exactly one head.")})
    codec = ids.codec()
    prepared = []
    for m in members:
        try:
            value, birth = ids.validate(m.id_number)
        except ids.InvalidIdNumber as exc:
            raise ValidationError({"members": f"{m.name}: {exc}"}) from exc
        prepared.append((m, value, birth, codec.hash(value)))
    # One query for the numbers already registered, whatever the size of the household.
    registered = set(
        Member.objects.filter(id_hash__in=[row[3] for row in prepared]).values_list("id_hash", flat=True)
    )
    seen: set[str] = set()
    for m, _value, _birth, digest in prepared:
        if digest in seen or digest in registered:
            raise ValidationError(
                {"members": _("%(name)s: this ID number is already registered.") % {"name": m.name}}
            )
        seen.add(digest)
    province = province_code_of(village.code)
    household = validated_save(
        Household(
            number=number.strip(),
            village=village,
            province_code=province,
            household_type=household_type,
            standard=standard,
            status=status,
            main_cause=main_cause,
            other_causes=",".join(causes),
            phone=phone,
            generated=generated,
        ),
        actor=actor,
    )
    for m, value, birth, digest in prepared:
        validated_save(
            Member(
                household=household,
                province_code=province,
                person_number=m.person_number,
                name=m.name.strip(),
                sex=m.sex or ids.sex_of(value),
                birth_date=m.birth_date or birth,
                relation=m.relation,
                ethnicity=m.ethnicity,
                education=m.education,
                health=m.health,
                migrant_work_months=m.migrant_work_months,
                id_cipher=codec.encrypt(value, digest),
                id_hash=digest,
                id_masked=ids.mask(value),
            ),
            actor=actor,
        )
    StatusChange.objects.create(
        household=household,
        from_status="",
        to_status=status,
        changed_by=_user(actor),
        reason=reason or _("Registered."),
    )
    return household


# --- incomes and guarantees -------------------------------------------------------------------------------


@transaction.atomic
def income_record(*, actor: Actor, household: Household, year: int, amount: Decimal) -> YearlyIncome:
    """Record (or correct) the per-capita net income of a year."""
    _check_manage(actor, household)
    if amount < 0:
        raise ValidationError({"amount": _("An income cannot be negative here.")})
    income = YearlyIncome.objects.filter(household=household, year=year).first() or YearlyIncome(
        household=household, year=year, province_code=household.province_code
    )
    income.per_capita_net_income = amount
    return validated_save(income, actor=actor)


@transaction.atomic
def guarantees_record(*, actor: Actor, household: Household, year: int, **values: str) -> GuaranteeCheck:
    """Record the guarantees of a year; fields not given keep their value (a new year starts all met)."""
    _check_manage(actor, household)
    unknown = set(values) - set(GUARANTEE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown guarantees: {sorted(unknown)}")
    check = GuaranteeCheck.objects.filter(household=household, year=year).first() or GuaranteeCheck(
        household=household, year=year, province_code=household.province_code
    )
    for name, value in values.items():
        setattr(check, name, value)
    return validated_save(check, actor=actor)


# --- status -----------------------------------------------------------------------------------------------


def exit_refusals(*, household: Household, year: int) -> list[str]:
    """Why the household cannot exit in `year` (empty: it can). Exit needs an income at or above the
    year's line and every guarantee met (or not applicable)."""
    reasons = []
    line = PovertyLine.objects.filter(year=year).first()
    income = YearlyIncome.objects.filter(household=household, year=year).first()
    check = GuaranteeCheck.objects.filter(household=household, year=year).first()
    if line is None:
        reasons.append(_("No poverty line is recorded for %(year)s.") % {"year": year})
    if income is None:
        reasons.append(_("No income is recorded for %(year)s.") % {"year": year})
    elif line is not None and income.per_capita_net_income < line.amount:
        reasons.append(
            _("The income %(income)s is below the line of %(line)s yuan for %(year)s.")
            % {"income": income.per_capita_net_income, "line": line.amount, "year": year}
        )
    if check is None:
        reasons.append(_("No guarantees are recorded for %(year)s.") % {"year": year})
    else:
        reasons.extend(
            _("Not met: %(guarantee)s.") % {"guarantee": check._meta.get_field(name).verbose_name}  # type: ignore[union-attr]
            for name in check.unmet()
        )
    return reasons


@transaction.atomic
def household_status_change(
    *,
    actor: Actor,
    household: Household,
    to_status: str,
    reason: str,
    year: int | None = None,
    version: int | None = None,
) -> StatusChange:
    """Change the status, recording who, when and why. Exit is refused unless every guarantee of `year`
    (default: the latest year with an income) is met and the income is at or above that year's line.
    The update is conditional on the status read (and on `version`, the household's as the user opened
    it, when given), so two people changing it at once cannot both win."""
    _check_manage(actor, household)
    if to_status not in Household.Status.values:
        raise ValidationError({"to_status": _("Unknown status.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the status changes.")})
    if to_status == household.status:
        raise ValidationError({"to_status": _("The household already has this status.")})
    if to_status == Household.Status.EXITED:
        if year is None:
            latest = household.incomes.order_by("-year").values_list("year", flat=True).first()
            year = latest or dt.date.today().year  # noqa: DTZ011  # a calendar year
        refusals = exit_refusals(household=household, year=year)
        if refusals:
            raise ValidationError({"to_status": [_("Exit refused."), *refusals]})
    from_status = household.status
    condition: dict[str, Any] = {"status": from_status}
    if version is not None:
        condition["version"] = version
    updated = Household.objects.filter(pk=household.pk, **condition).update(status=to_status, version=bump())
    if not updated:
        household.refresh_from_db()
        check_version(household, expected_version=version, yours={"status": to_status})
        raise ValidationError({"to_status": _("The status was changed meanwhile by someone else; reload.")})
    household.refresh_from_db(fields=["status", "version"])
    return StatusChange.objects.create(
        household=household,
        from_status=from_status,
        to_status=to_status,
        changed_by=_user(actor),
        reason=reason.strip(),
    )


# --- monitoring -------------------------------------------------------------------------------------------

#: Statuses the monitoring rule looks at: households out of poverty (exited) or already monitored; a poor or
#: returned household is counted as poor already.
WATCHED_STATUSES = (Household.Status.EXITED, *Household.MONITORED)


@dataclass
class MonitoringRun:
    year: int
    line: Decimal
    monitoring_line: Decimal
    income_flags: int = 0
    guarantee_flags: int = 0
    skipped_existing: int = 0
    flagged_ids: list[int] = field(default_factory=list)


def monitoring_run(
    *, actor: Actor, year: int, multiple: Decimal | None = None, households: QuerySet[Household] | None = None
) -> MonitoringRun:
    """Flag for review every watched household (exited or monitored) whose income of `year` is below the
    monitoring line (the year's line × HOUSEHOLD_MONITORING_MULTIPLE) or that has a guarantee not met in
    `year`. Set-based: two queries select the households, flags are inserted in chunks; a household
    already flagged for the same year and reason is not flagged twice."""
    line = PovertyLine.objects.filter(year=year).first()
    if line is None:
        raise ValidationError({"year": _("No poverty line is recorded for %(year)s.") % {"year": year}})
    factor = monitoring_multiple() if multiple is None else multiple
    threshold = (line.amount * factor).quantize(Decimal("0.01"))
    base = households if households is not None else Household.objects.all()
    if actor is not None:
        base = base.filter(scope_for(actor).registry.manage_q())
    base = base.filter(status__in=WATCHED_STATUSES)
    result = MonitoringRun(year=year, line=line.amount, monitoring_line=threshold)
    low_income = base.filter(incomes__year=year, incomes__per_capita_net_income__lt=threshold)
    unmet = base.filter(
        pk__in=GuaranteeCheck.objects.filter(GuaranteeCheck.any_unmet_q(), year=year).values("household")
    )
    for reason, qs, detail in (
        (MonitoringFlag.Reason.INCOME_BELOW_LINE, low_income, _("below %(line)s yuan") % {"line": threshold}),
        (MonitoringFlag.Reason.GUARANTEE_LOST, unmet, ""),
    ):
        existing = MonitoringFlag.objects.filter(year=year, reason=reason).values("household")
        pending = qs.exclude(pk__in=existing).values_list("pk", flat=True).distinct()
        chunk: list[MonitoringFlag] = []
        count = 0
        with transaction.atomic():
            for pk in pending.iterator(chunk_size=5000):
                chunk.append(MonitoringFlag(household_id=pk, year=year, reason=reason, detail=detail))
                result.flagged_ids.append(pk)
                if len(chunk) >= 5000:
                    MonitoringFlag.objects.bulk_create(chunk, ignore_conflicts=True)
                    count += len(chunk)
                    chunk = []
            if chunk:
                MonitoringFlag.objects.bulk_create(chunk, ignore_conflicts=True)
                count += len(chunk)
        if reason == MonitoringFlag.Reason.INCOME_BELOW_LINE:
            result.income_flags = count
        else:
            result.guarantee_flags = count
    return result


@transaction.atomic
def flag_review(
    *, actor: Actor, flag: MonitoringFlag, outcome: str, to_status: str = "", reason: str = ""
) -> MonitoringFlag:
    """Close an open flag: dismiss it, or put the household under a monitored status (recorded as a status
    change with `reason`). Either way a reason is required and kept on the flag; only the office that
    manages the household's village may review, and a flag is reviewed once (a conditional update)."""
    from django.utils import timezone

    _check_manage(actor, flag.household)
    if outcome not in (MonitoringFlag.Outcome.MONITORED, MonitoringFlag.Outcome.DISMISSED):
        raise ValidationError({"outcome": _("Choose monitor or dismiss.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the flag is confirmed or dismissed.")})
    if outcome == MonitoringFlag.Outcome.MONITORED:
        if to_status not in Household.MONITORED:
            raise ValidationError({"to_status": _("Choose a monitoring category.")})
        household_status_change(actor=actor, household=flag.household, to_status=to_status, reason=reason)
    updated = MonitoringFlag.objects.filter(pk=flag.pk, outcome=MonitoringFlag.Outcome.OPEN).update(
        outcome=outcome, reviewed_at=timezone.now(), reviewed_by=_user(actor), review_reason=reason
    )
    if not updated:
        raise ValidationError({"outcome": _("This flag was already reviewed.")})
    flag.refresh_from_db()
    return flag


# --- ID numbers -------------------------------------------------------------------------------------------


#: Unmaskings (and searches by ID number) a user may make, per window; the HOUSEHOLD_UNMASK_RATE setting
#: overrides it ("count/unit" separated by commas, unit s, m, h or d).
DEFAULT_UNMASK_RATE = "10/m, 100/h"


class IdLookupRateLimited(PermissionDenied):
    """Too many unmaskings or ID-number searches in a window; `retry_after` seconds until it resets."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            _(
                "You have looked up many ID numbers in a short time; try again in %(seconds)d seconds. "
                "Every look-up is logged."
            )
            % {"seconds": retry_after}
        )


def unmask_limits() -> tuple[ratelimit.Limit, ...]:
    return ratelimit.parse_limits(str(getattr(settings, "HOUSEHOLD_UNMASK_RATE", DEFAULT_UNMASK_RATE)))


def id_lookup_count(*, user: Any) -> None:
    """Count one look-up of an ID number in clear (an unmasking, a search by ID number) against the user's
    rate limit; IdLookupRateLimited when the limit is reached (the look-up must not happen)."""
    wait = ratelimit.hit("id-lookup", getattr(user, "pk", None), unmask_limits())
    if wait is not None:
        raise IdLookupRateLimited(wait)


#: Numbers looked up by a list (training attendance) that match no member the user may read, per window; the
#: HOUSEHOLD_ID_MISS_RATE setting overrides it. A list that says which lines are unknown is an oracle for
#: guessed numbers; a real list has few misses (a typo rarely passes the check character).
DEFAULT_ID_MISS_RATE = "30/h, 100/d"


def id_lookup_misses(*, user: Any, misses: int) -> None:
    """Count `misses` unknown numbers of a list look-up; IdLookupRateLimited when over the limit (the
    look-up's answer must then not be given)."""
    if misses <= 0:
        return
    limits = ratelimit.parse_limits(str(getattr(settings, "HOUSEHOLD_ID_MISS_RATE", DEFAULT_ID_MISS_RATE)))
    wait = ratelimit.hit("id-miss", getattr(user, "pk", None), limits, cost=misses)
    if wait is not None:
        raise IdLookupRateLimited(wait)


def can_unmask(*, actor: Actor, member: Member) -> bool:
    return actor is not None and scope_for(actor).registry.can_unmask(member.household.village.code)


@transaction.atomic
def member_unmask(*, actor: Actor, member: Member, channel: str = "web", ip: str | None = None) -> str:
    """The ID number in clear, for the office of the helped side or an assessor only, within the rate
    limit; every view is logged (who, which member, when, from which address) and recorded in the
    household's history before the number is returned."""
    user = acting_user(actor)
    if user is None or not can_unmask(actor=user, member=member):
        raise PermissionDenied(_("You may not see ID numbers in clear."))
    id_lookup_count(user=user)
    try:
        clear = ids.codec().decrypt(member.id_cipher, member.id_hash)
    except ids.UnreadableIdNumber as exc:
        raise ValidationError(
            _("This ID number cannot be read (its key is missing or the record was altered).")
        ) from exc
    UnmaskLog.objects.create(
        user=user, member=member, province_code=member.province_code, channel=channel, ip=ip or None
    )
    reason = _("ID number of %(name)s shown in clear") % {"name": member.name}
    Household.history.bulk_history_create(
        [member.household], update=True, default_user=user, default_change_reason=reason[:100]
    )
    return clear


# --- key rotation -----------------------------------------------------------------------------------------


@dataclass
class KeyRotation:
    version: int
    total: int
    rewritten: int = 0
    #: members whose ciphertext does not decrypt (key missing, moved or altered): left as they are.
    unreadable: list[int] = field(default_factory=list)


def id_key_rotate(
    *, batch_size: int = 2000, progress: Callable[[int, int], None] | None = None
) -> KeyRotation:
    """Re-encrypt every ID number not yet sealed with the newest key (`ids.IdCodec.version`), bound to its
    member row. Set-based: members are read in primary-key batches and written back with one `bulk_update`
    per batch, each batch its own transaction, so an interrupted run resumes where it stopped (rows already on
    the new version are not selected again). The hash is not changed: the hash key is not the encryption key
    (docs/operations.md); a decrypted number whose hash differs from the stored one stops the run, as it
    would mean the hash key was changed."""
    codec = ids.codec()
    pending = Member.objects.exclude(id_cipher__startswith=codec.prefix).order_by("pk")
    result = KeyRotation(version=codec.version, total=pending.count())
    last = 0
    done = 0
    while True:
        batch = list(pending.filter(pk__gt=last).only("pk", "id_cipher", "id_hash")[:batch_size])
        if not batch:
            break
        last = batch[-1].pk
        changed = []
        for member in batch:
            try:
                number = codec.decrypt(member.id_cipher, member.id_hash)
            except ids.UnreadableIdNumber:
                result.unreadable.append(member.pk)
                continue
            if codec.hash(number) != member.id_hash:
                raise ImproperlyConfigured(
                    f"The ID hash of member {member.pk} does not match its number: the hash key "
                    "(HOUSEHOLD_ID_HASH_KEY, by default HOUSEHOLD_ID_KEY) was changed; restore it."
                )
            member.id_cipher = codec.encrypt(number, member.id_hash)
            changed.append(member)
        with transaction.atomic():
            Member.objects.bulk_update(changed, ["id_cipher"])
        result.rewritten += len(changed)
        done += len(batch)
        if progress is not None:
            progress(done, result.total)
    return result


def guarantee_value(text: str) -> str:
    """Normalize a guarantee value typed by a person or read from a file; '' when not recognised."""
    key = text.strip().lower()
    return GUARANTEE_WORDS.get(key, "")


GUARANTEE_WORDS = {
    **dict.fromkeys(
        ["met", "yes", "y", "1", "是", "已保障", "有保障", "达标", "はい", "true"], Guarantee.MET
    ),
    **dict.fromkeys(
        ["not_met", "no", "n", "0", "否", "未保障", "无保障", "不达标", "いいえ", "false"], Guarantee.NOT_MET
    ),
    **dict.fromkeys(["na", "n.a.", "n/a", "不适用", "不適用", "該当なし", "-"], Guarantee.NA),
}
