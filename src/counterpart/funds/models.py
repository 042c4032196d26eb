"""Projects and funds (issue 16): the project library (项目库), its funding split by source, its outputs, the
registered households it benefits, and its money as transactions typed as IATI does.

Every record names its project, and every project its pairing, which is how scope filters them. Totals
(committed, received, disbursed, spent) are never stored: `funds.selectors.with_totals` sums the transactions
in the database, so nothing can drift from the rows. Supervision alerts are derived the same way
(`funds.selectors.alerts_for_projects`), so they clear the moment their cause is gone.

Registered households are linked by their registry row without a database-level foreign key
(`db_constraint=False`, with the household's `province_code`), as assistance's placements are: the registry
tables are partitioned by province at national scale (DESIGN §3). No ID number is ever stored here.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from counterpart.core.models import BackgroundJob, SourcedModel

#: The only currency the platform records (yuan); another is refused by the services.
CURRENCIES = ("CNY",)


class Sector(models.TextChoices):
    """The controlled list of project sectors (issue 16, item 1)."""

    INDUSTRY = "industry", _("industry")
    AGRICULTURE = "agriculture", _("agriculture")
    INFRASTRUCTURE = "infrastructure", _("infrastructure")
    HOUSING = "housing", _("housing and relocation support")
    WATER = "water", _("drinking water")
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health")
    LABOUR = "labour", _("labour and training")
    CONSUMPTION = "consumption", _("consumption assistance")
    OTHER = "other", pgettext_lazy("sector", "other")


class Stage(models.TextChoices):
    """The seven stages of a project, in order: reserve → … → accepted."""

    RESERVE = "reserve", _("in the reserve")
    PLANNED = "planned", _("planned")
    APPROVED = "approved", _("approved and funds released")
    TENDERED = "tendered", _("tendered")
    STARTED = "started", _("started")
    COMPLETED = "completed", _("completed")
    ACCEPTED = "accepted", _("accepted")


#: Stages in order (a project is "started" at STARTED or later).
STAGE_ORDER = [s.value for s in Stage]
STARTED_STAGES = (Stage.STARTED, Stage.COMPLETED, Stage.ACCEPTED)
DONE_STAGES = (Stage.COMPLETED, Stage.ACCEPTED)


class FundingSource(models.TextChoices):
    """Where a project's money comes from (issue 16, item 1)."""

    COOPERATION = "cooperation", _("cooperation funds of the helping side")
    POOLED = "pooled", _("pooled department funds")
    SOCIAL = "social", _("social donations")
    ENTERPRISE = "enterprise", _("enterprise investment")
    FARMERS = "farmers", _("farmers' own share")


class Project(SourcedModel):
    """An assistance project of a pairing (项目库)."""

    # What: the title, the content as the county writes it (建设内容), the sector and the year of the funds.
    title = models.CharField(_("project"), max_length=300)
    content = models.TextField(_("content"), blank=True)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, default=Sector.OTHER)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    # Who: the pairing (scope), the implementing organization, the agreement or responsibility item it carries
    # out (either, both or none).
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="projects"
    )
    implementing_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("implementing organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    item = models.ForeignKey(
        "plans.Item",
        verbose_name=_("responsibility item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )

    # Where: the regions of the national tree (ProjectPlace rows) and the places as written in the table
    # ("全市24个镇", "左权、沩山、茶山"), kept when a place is collective or not yet matched.
    places: models.ManyToManyField = models.ManyToManyField(
        "geo.Region", verbose_name=_("places"), through="ProjectPlace", related_name="+", blank=True
    )
    places_text = models.CharField(_("places as written"), max_length=500, blank=True)

    # Money: the budget in yuan (the funding split is in ProjectFunding; the flows are Transactions).
    budget = models.DecimalField(
        _("budget (yuan)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=16,
        decimal_places=2,
    )

    # Progress: the stage and the planned and actual dates.
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.RESERVE)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    # Beneficiaries in numbers (the registered households themselves are ProjectHousehold rows).
    villages = models.PositiveIntegerField(_("villages benefiting"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households benefiting"), null=True, blank=True)
    people = models.PositiveIntegerField(_("people benefiting"), null=True, blank=True)
    poor_people = models.PositiveIntegerField(_("of them registered poor people"), null=True, blank=True)

    # Provenance: who recorded it and whether it is invented demonstration data (`source` names a seed span).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Invented demonstration data, not a real record.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-year", "title", "id"]
        indexes = [
            models.Index(fields=["pairing", "year"], name="funds_project_pairing_year"),
            models.Index(fields=["stage"], name="funds_project_stage"),
        ]

    def __str__(self) -> str:
        return self.title

    def places_label(self) -> str:
        """The names of the project's places, "、" between them (prefetch `project_places__region` for a
        list); its places as written when it has none."""
        return "、".join(p.region.name for p in self.project_places.all()) or self.places_text


class ProjectPlace(models.Model):
    """A region of the national tree where a project is built (a county, town or village)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="project_places"
    )
    region = models.ForeignKey(
        "geo.Region", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project place")
        verbose_name_plural = _("project places")
        constraints = [models.UniqueConstraint(fields=["project", "region"], name="funds_place_uniq")]

    def __str__(self) -> str:
        return f"{self.project_id} @ {self.region_id}"


class ProjectFunding(models.Model):
    """A project's funding from one source (one row per source)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="fundings"
    )
    source = models.CharField(_("source of funds"), max_length=12, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("amount (yuan)"), validators=[MinValueValidator(Decimal("0"))], max_digits=16, decimal_places=2
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project funding")
        verbose_name_plural = _("project fundings")
        ordering = ["project", "source"]
        constraints = [models.UniqueConstraint(fields=["project", "source"], name="funds_funding_uniq")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.source}"


class ProjectOutput(models.Model):
    """An output of a project as a recorded figure (jobs, people lifted, km of road, m³ of water…)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="outputs"
    )
    what = models.CharField(_("output"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project output")
        verbose_name_plural = _("project outputs")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self.what}: {self.value} {self.unit}"


class ProjectHousehold(models.Model):
    """A registered household a project benefits, by its registry row (never an ID number in clear)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="beneficiary_households"
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    province_code = models.CharField(max_length=6, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beneficiary household")
        verbose_name_plural = _("beneficiary households")
        constraints = [models.UniqueConstraint(fields=["project", "household"], name="funds_household_uniq")]
        indexes = [models.Index(fields=["household"], name="funds_project_household_hh")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.household_id}"


class Transaction(SourcedModel):
    """A movement of a project's money, typed by the IATI transaction type codes."""

    class Kind(models.IntegerChoices):
        INCOMING_FUNDS = 1, _("incoming funds")
        COMMITMENT = 2, _("commitment")
        DISBURSEMENT = 3, _("disbursement")
        EXPENDITURE = 4, _("expenditure")
        INCOMING_COMMITMENT = 11, _("incoming commitment")

    # What: the IATI type, the date, the amount in its currency (CNY only), what it was for.
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="transactions"
    )
    kind = models.PositiveSmallIntegerField(_("transaction type"), choices=Kind.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0"))], max_digits=16, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    description = models.CharField(_("description"), max_length=300, blank=True)

    # Between whom: provider and receiver organizations, the source of the funds, and the county (or other
    # region) an allocation goes to, which the supervision checks against the pairing.
    provider_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("receiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    funding_source = models.CharField(
        _("source of funds"), max_length=12, choices=FundingSource.choices, blank=True
    )
    recipient_region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("recipient region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Provenance, as on Project.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Invented demonstration data, not a real record.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["project", "kind", "date"], name="funds_transaction_project")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="funds_transaction_amount_gte_0")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.kind} · {self.amount}"


class ProjectImportJob(BackgroundJob):
    """A table import run from the web (`core.jobs`, `funds.jobs`): the check of an allocation or project
    table (its preview: every error and warning with its row and column, or the projects to write), which
    waits for confirmation and then becomes its import. The CLI (`import-projects`) runs the same check and
    write in the foreground. Only its creator sees a job."""

    files_setting = "FUNDS_JOB_DIR"
    files_default = "funds_jobs"

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("check before import")
        IMPORT = "import", _("import")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=dict, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("project table import")
        verbose_name_plural = _("project table imports")
