"""Plans, yearly responsibility lists and their items; the work ledger (台账) of the units; spot checks,
accountability and audit findings.

Scope: a list belongs to a pairing (directly or through its plan) or, standing alone, to its owner
organization's region (an office of that region reads and writes it). A unit reporter sees only the items its
unit leads. See `pairings.scope.ListsFacet`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from counterpart.core.files import random_name
from counterpart.core.models import (
    BackgroundJob,
    ReviewedRecord,
    SourcedModel,
    TimeStampedModel,
    UndeletableModel,
    Versioned,
)


class Plan(SourcedModel):
    """A multi-year action plan (e.g. the Dalian–Liupanshui three-year plan, 2018–2020)."""

    title = models.CharField(_("title"), max_length=300)
    pairing = models.ForeignKey(
        "pairings.Pairing",
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    owner = models.ForeignKey(
        "orgs.Organization", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="plans"
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Invented demonstration data, not a real record.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start_year", "title"]

    def __str__(self) -> str:
        return self.title


class ResponsibilityList(SourcedModel):
    """A yearly responsibility list (责任清单), part of a plan or standing alone under its owner."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="lists"
    )
    pairing = models.ForeignKey(
        "pairings.Pairing",
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsibility_lists",
        help_text=_("Taken from the plan when the plan has one."),
    )
    owner = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="responsibility_lists",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=300)
    generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Invented demonstration data, not a real record.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility list")
        verbose_name_plural = _("responsibility lists")
        ordering = ["-year", "title", "id"]

    def __str__(self) -> str:
        return self.title


class Item(Versioned, TimeStampedModel):
    """One task of a list: its units in order (`ItemUnit`: the lead units that coordinate, 牵头; the
    responsible units that carry it out, 责任; the supporting units, 配合/协办/参与; a collective unit such as
    各镇 kept as written), a target and a deadline. `lead_unit` is the first lead, the unit that reports
    on the item (a unit reporter's scope).

    The deadline has a kind: a date; a start date only (2020年7月起); or ongoing (长期坚持, 持续推进: no
    deadline, judged by its periodic reports). `deadline_text` and `category_text` keep the cells as written.

    The target is either a quantity (`target_quantity` + `target_unit`) or a yes/no deliverable
    (`target_quantity` empty); `target_text` keeps the cell as written in the source spreadsheet. Its status
    is not stored: `plans.status.with_item_status` derives it from the ledger.
    """

    class Category(models.TextChoices):
        FUNDS = "funds", _("funds")
        INDUSTRY = "industry", _("industry")
        LABOUR = "labour", _("labour cooperation")
        TALENT = "talent", _("talent exchange")
        CONSUMPTION = "consumption", _("consumption assistance")
        EDUCATION = "education", _("education")
        HEALTH = "health", _("health")
        ORGANIZATION = "organization", _("organization and leadership")
        ENVIRONMENT = "environment", _("environment")
        OTHER = "other", _("other")

    class DeadlineKind(models.TextChoices):
        DATE = "date", _("by a date")
        START = "start", _("from a date, no deadline")
        ONGOING = "ongoing", _("ongoing")

    responsibility_list = models.ForeignKey(
        ResponsibilityList, verbose_name=_("list"), on_delete=models.PROTECT, related_name="items"
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("序号 as written in the list."))
    position = models.PositiveIntegerField(_("position"), default=0)
    task = models.TextField(_("task"))
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    lead_unit = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="led_items",
        help_text=_("The first lead unit: the one that reports on the item."),  # see importers._lead_id
    )
    target_text = models.CharField(_("target as written"), max_length=300, blank=True)
    target_quantity = models.DecimalField(
        _("target quantity"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Empty for a yes/no deliverable (reported as percent complete)."),
    )
    target_unit = models.CharField(_("target unit"), max_length=30, blank=True)
    start_date = models.DateField(_("start"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_kind = models.CharField(
        _("kind of deadline"), max_length=8, choices=DeadlineKind.choices, default=DeadlineKind.DATE
    )
    deadline_text = models.CharField(_("deadline as written"), max_length=100, blank=True)
    category_text = models.CharField(_("category as written"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    pairing = models.ForeignKey(
        "pairings.Pairing",
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("meeting decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Invented demonstration data, not a real record.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility item")
        verbose_name_plural = _("responsibility items")
        ordering = ["responsibility_list", "position", "id"]
        indexes = [
            models.Index(fields=["responsibility_list", "position"]),
            models.Index(fields=["lead_unit", "deadline"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline_kind="date", deadline__isnull=False)
                | (~models.Q(deadline_kind="date") & models.Q(deadline__isnull=True)),
                name="plans_item_deadline_of_its_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.task[:40]}"

    @property
    def is_deliverable(self) -> bool:
        return self.target_quantity is None

    @property
    def effective_target(self) -> Decimal:
        """What a cumulative value is measured against: the quantity, or 100 (percent) for a deliverable."""
        return self.target_quantity if self.target_quantity is not None else Decimal("100")

    def _units(self, role: str) -> list[ItemUnit]:
        # `unit_links` prefetched (selectors do) or read once here.
        return [link for link in self.unit_links.all() if link.role == role]

    @property
    def lead_units(self) -> list[ItemUnit]:
        """The lead units in order (an item written without unit rows: its `lead_unit`)."""
        return self._units(ItemUnit.Role.LEAD) or [
            ItemUnit(item=self, role=ItemUnit.Role.LEAD, position=1, organization=self.lead_unit)
        ]

    @property
    def responsible_units(self) -> list[ItemUnit]:
        return self._units(ItemUnit.Role.RESPONSIBLE)

    @property
    def supporting_units(self) -> list[ItemUnit]:
        return self._units(ItemUnit.Role.SUPPORTING)

    @property
    def co_units(self) -> list[Any]:
        """The supporting units that are organizations (the former co-units)."""
        return [link.organization for link in self.supporting_units if link.organization is not None]


class ItemUnit(models.Model):
    """One unit of an item in one role, in the list's order: an organization, or a collective unit
    written as the list writes it (各镇, 区直各部门, 各相关单位) with no organization."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead unit")
        RESPONSIBLE = "responsible", _("responsible unit")
        SUPPORTING = "supporting", _("supporting unit")

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="unit_links"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="item_links",
    )
    collective = models.CharField(
        _("collective unit"), max_length=100, blank=True, help_text=_("As written, e.g. 各镇 or 各相关单位.")
    )

    class Meta:
        verbose_name = _("unit of an item")
        verbose_name_plural = _("units of items")
        ordering = ["item", "role", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organization__isnull=False) & models.Q(collective=""))
                | (models.Q(organization__isnull=True) & ~models.Q(collective="")),
                name="plans_itemunit_organization_xor_collective",
            ),
            models.UniqueConstraint(
                fields=["item", "role", "organization"],
                condition=models.Q(organization__isnull=False),
                name="plans_itemunit_once_per_role",
            ),
        ]
        indexes = [models.Index(fields=["organization", "role"], name="plans_itemunit_org_role")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_collective(self) -> bool:
        return self.organization_id is None

    @property
    def display_name(self) -> str:
        if self.organization is not None:
            return str(getattr(self.organization, "display_name", None) or self.organization)
        return self.collective


class LedgerEntry(Versioned, UndeletableModel, ReviewedRecord, TimeStampedModel):
    """A progress report on an item by its unit for one period (year, month): one entry per item and period.
    (An agreement's ledger is its `agreements.ProgressReport` rows for a period: one progress record per
    agreement.)

    **The value is cumulative**: the total achieved from the item's start to the end of the period, in the
    item's target unit (for a yes/no deliverable: percent complete, 0–100). The item's progress is therefore
    its latest *accepted* entry's value divided by the target; nothing is summed.

    The office reviews an entry: accepted, or returned with a comment; a returned entry goes back to the
    reporter, who corrects and submits it again (same row; every edit stays in its history). Entries are
    never hard-deleted (items protect them, `delete()` refuses).
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", pgettext_lazy("ledger entry", "returned")

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.DecimalField(
        _("cumulative value"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Total achieved since the start, up to the end of the period."),
    )
    narrative = models.TextField(_("progress"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-year", "-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "year", "month"], name="plans_entry_one_per_period"),
        ]
        indexes = [
            # The status subquery: the latest accepted entry of an item is one index probe.
            models.Index(fields=["item", "status", "year", "month"], name="plans_entry_item_status"),
            models.Index(fields=["year", "month"], name="plans_entry_period"),
        ]

    def __str__(self) -> str:
        return f"item {self.item_id} {self.year}-{self.month:02d}"


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:  # noqa: ARG001  # Django's signature
    """A random name (`core.files`): neither the user's name, nor the checksum (which the page shows), nor
    the primary key; the user's name is `original_name`, the download name. Older files keep their names."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    name = random_name(f".{ext}" if ext.isalnum() and len(ext) <= 5 else ".bin")
    return f"plans/evidence/{name[:2]}/{name}"


class EvidenceFile(TimeStampedModel):
    """A file attached to a ledger entry of an item or to a ledger report of an agreement (exactly one, a
    check constraint), stored under MEDIA_ROOT with its SHA-256; served only through a scope-checked view."""

    entry = models.ForeignKey(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    report = models.ForeignKey(
        "agreements.ProgressReport",
        verbose_name=_("progress report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__isnull=False, report__isnull=True)
                | models.Q(entry__isnull=True, report__isnull=False),
                name="plans_evidence_entry_xor_report",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type in {"image/png", "image/jpeg"}

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class SpotCheck(TimeStampedModel):
    """A reproducible random draw of items of a list: `random.Random(seed).sample(sorted ids, size)`."""

    responsibility_list = models.ForeignKey(
        ResponsibilityList, verbose_name=_("list"), on_delete=models.PROTECT, related_name="spot_checks"
    )
    seed = models.BigIntegerField(_("seed"))
    sample_size = models.PositiveIntegerField(_("sample size"), validators=[MinValueValidator(1)])
    drawn_item_ids = models.JSONField(_("drawn items"), default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.responsibility_list_id} #{self.pk}"


class SpotCheckResult(TimeStampedModel):
    class Result(models.TextChoices):
        PENDING = "pending", _("not yet checked")
        CONFIRMED = "confirmed", _("confirmed")
        DISCREPANCY = "discrepancy", _("discrepancy")

    spot_check = models.ForeignKey(
        SpotCheck, verbose_name=_("spot check"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="spot_check_results"
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, default=Result.PENDING)
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spot check result")
        verbose_name_plural = _("spot check results")
        ordering = ["spot_check", "id"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "item"], name="plans_spotcheck_item_once")
        ]


class AccountabilityRecord(TimeStampedModel):
    """An item or unit exposed (通报) for lagging or a discrepancy, with the reason."""

    responsibility_list = models.ForeignKey(
        ResponsibilityList,
        verbose_name=_("list"),
        on_delete=models.PROTECT,
        related_name="accountability_records",
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountability_records",
    )
    unit = models.ForeignKey(
        "orgs.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["-created_at", "-id"]


class AuditFinding(Versioned, TimeStampedModel):
    """An audit finding on a unit, followed by rectification entries until closed; overdue when open past
    its deadline."""

    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    responsibility_list = models.ForeignKey(
        ResponsibilityList, verbose_name=_("list"), on_delete=models.PROTECT, related_name="audit_findings"
    )
    unit = models.ForeignKey(
        "orgs.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("finding"))
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    deadline = models.DateField(_("rectification deadline"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["deadline", "id"]


class RectificationEntry(TimeStampedModel):
    finding = models.ForeignKey(
        AuditFinding, verbose_name=_("finding"), on_delete=models.PROTECT, related_name="rectifications"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    closes = models.BooleanField(_("closes the finding"), default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification entry")
        verbose_name_plural = _("rectification entries")
        ordering = ["date", "id"]


class PlansJob(BackgroundJob):
    """A background job run from the web (`core.jobs`): the check of a list file (its preview, which waits
    for confirmation and then becomes its import), a list import or a ledger export; the CLI runs the same
    importer and exporter functions in the foreground. Only its creator sees a job."""

    files_setting = "PLANS_JOB_DIR"
    files_default = "plans_jobs"
    result_fields = ("result_path",)

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("check before import")
        IMPORT = "import", _("import")
        EXPORT = "export", _("export")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsibility_list = models.ForeignKey(
        ResponsibilityList,
        verbose_name=_("list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        help_text=_("The list exported, or the list an import created."),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result_path = models.CharField(max_length=500, blank=True, editable=False)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    preview = models.JSONField(
        _("preview"),
        default=dict,
        blank=True,
        help_text=_("What the check of an import found: the first rows, their count, the ignored columns."),
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = _("plans job")
        verbose_name_plural = _("plans jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
