"""The filed-and-carded registry (建档立卡): households, members, yearly incomes and guarantees,
status history, the poverty line per year, monitoring flags, unmask log and import jobs.

Scale notes (DESIGN §3): the household tables carry `province_code` (the first two digits of the village code
followed by "0000"), the key a declarative partitioning or a Citus cluster splits them on; the per-year
unique constraints include it, and nothing outside these tables holds a database-level foreign key to a
member (`db_constraint=False` where the ORM relation is still convenient). Two values are unique
nationally, because a person and a household are filed once in the country: the member's keyed ID hash and
the household number. The database enforces both, which closes the race between two imports that check
at the same moment and lets the single-pass import rely on the insert itself to find a duplicate (one
index probe that the insert makes anyway, instead of a query per batch). A partitioned deployment would
keep these two in a narrow global lookup table. Indexes are declared in `Meta.indexes`:
a `CharField` with `db_index=True` would also get a redundant `varchar_pattern_ops` "_like" index on
PostgreSQL, which halves COPY speed (DOMAIN.md, bulk-loading figures). The encrypted ID is base64 text, not a
`BinaryField`, which would turn off Django's fast UNNEST bulk insert.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from counterpart.core.models import BackgroundJob, TimeStampedModel, Versioned


class PovertyCause(models.TextChoices):
    ILLNESS = "illness", _("illness")
    DISABILITY = "disability", _("disability")
    SCHOOLING = "schooling", _("schooling costs")
    DISASTER = "disaster", _("disaster")
    LAND = "land", _("lack of land")
    WATER = "water", _("lack of water")
    SKILLS = "skills", _("lack of skills")
    LABOUR = "labour", _("lack of labour")
    FUNDS = "funds", _("lack of funds")
    TRANSPORT = "transport", _("poor transport")
    MOTIVATION = "motivation", _("lack of own motivation")
    # Causes of the 2021+ monitoring system beyond the old list.
    ACCIDENT = "accident", _("accident")
    BUSINESS = "business", _("failure of a farming or business project")
    EMPLOYMENT = "employment", _("unstable employment")
    HOUSING = "housing", _("unsafe housing")
    OTHER = "other", pgettext_lazy("poverty cause", "other")


class Household(Versioned, TimeStampedModel):
    class Type(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary poor household")
        MINIMUM_LIVING = "dibao", _("with minimum-living allowance")
        EXTREME_POVERTY = "wubao", _("extreme-poverty support")

    class Standard(models.TextChoices):
        NATIONAL = "national", _("national standard")
        PROVINCIAL = "provincial", _("provincial standard")
        CITY = "city", _("city standard")

    class Status(models.TextChoices):
        POOR = "poor", _("poor (not exited)")
        EXITED = "exited", _("exited")
        RETURNED = "returned", _("returned to poverty")
        UNSTABLE = "unstable", _("monitored: unstable after exit")
        MARGINAL = "marginal", _("monitored: marginal, at risk")
        HARDSHIP = "hardship", _("monitored: sudden severe hardship")
        #: An ordinary rural household (一般农户) never registered poor, e.g. once its risk is eliminated.
        NOT_POOR = "not_poor", _("ordinary rural household, not poor")

    class HouseholdClass(models.TextChoices):
        """户类型 of the 2021+ exports (not the old 贫困户属性)."""

        EXITED = "exited", _("household lifted out of poverty")
        ORDINARY = "ordinary", _("ordinary rural household")

    class MonitoringCategory(models.TextChoices):
        UNSTABLE = "unstable", _("unstable after exit")
        MARGINAL = "marginal", _("marginal, at risk")
        HARDSHIP = "hardship", _("sudden severe hardship")

    MONITORED = (Status.UNSTABLE, Status.MARGINAL, Status.HARDSHIP)

    number = models.CharField(_("household number"), max_length=40)
    village = models.ForeignKey(
        "geo.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # covered by the (village, status) index
    )
    province_code = models.CharField(_("province code"), max_length=6, editable=False)
    household_type = models.CharField(
        _("household type"), max_length=10, choices=Type.choices, default=Type.ORDINARY
    )
    standard = models.CharField(
        _("identification standard"), max_length=10, choices=Standard.choices, default=Standard.NATIONAL
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.POOR)
    main_cause = models.CharField(
        _("main poverty cause"), max_length=12, choices=PovertyCause.choices, blank=True
    )
    #: Further causes, comma-separated values of :class:`PovertyCause` (a text column keeps COPY simple).
    other_causes = models.CharField(_("other poverty causes"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The 2021+ exports (DOMAIN.md): household class, exit year and the monitoring fields. Database defaults,
    # so a bulk insert that does not name them (an older file's) still works.
    household_class = models.CharField(
        _("household class"), max_length=10, choices=HouseholdClass.choices, blank=True, db_default=""
    )
    exit_year = models.PositiveSmallIntegerField(_("year of exit"), null=True, blank=True)
    first_identified_on = models.DateField(_("first identified on"), null=True, blank=True)
    monitoring_category = models.CharField(
        _("monitoring category"), max_length=10, choices=MonitoringCategory.choices, blank=True, db_default=""
    )
    risk_identified_on = models.DateField(_("risk identified on"), null=True, blank=True)
    risk_eliminated = models.BooleanField(_("risk eliminated"), null=True, blank=True)
    risk_eliminated_on = models.DateField(_("risk eliminated on"), null=True, blank=True)
    generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Invented demo or benchmark data, not a real household.")
    )
    import_job = models.ForeignKey(
        "ImportJob",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["province_code", "import_job"])

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["number"]
        constraints = [
            # National: a household is filed once in the country (see the module docstring).
            models.UniqueConstraint(
                fields=["number"],
                name="households_household_number_uniq",
                violation_error_message=_("This household number is already in the registry."),
            )
        ]
        indexes = [models.Index(fields=["village", "status"], name="households_hh_village_status")]

    def __str__(self) -> str:
        return self.number

    @property
    def other_cause_list(self) -> list[str]:
        return [c for c in self.other_causes.split(",") if c]

    def get_other_causes_display(self) -> str:
        labels = dict(PovertyCause.choices)
        return "、".join(str(labels.get(c, c)) for c in self.other_cause_list)

    @property
    def is_monitored(self) -> bool:
        return self.status in self.MONITORED


class Member(Versioned, TimeStampedModel):
    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        CHILD_IN_LAW = "child_in_law", _("child-in-law")
        GRANDCHILD = "grandchild", _("grandchild")
        PARENT = "parent", _("parent")
        GRANDPARENT = "grandparent", _("grandparent")
        SIBLING = "sibling", _("sibling")
        OTHER = "other", pgettext_lazy("relation", "other")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    province_code = models.CharField(_("province code"), max_length=6, editable=False)
    person_number = models.CharField(_("person number"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    relation = models.CharField(_("relation to head"), max_length=12, choices=Relation.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    education = models.CharField(_("education"), max_length=30, blank=True)
    health = models.CharField(_("health"), max_length=30, blank=True)
    migrant_work_months = models.PositiveSmallIntegerField(_("months of migrant work"), null=True, blank=True)
    #: AES-GCM ciphertext of the ID number: "<key version>$<base64(nonce + ciphertext + tag)>".
    id_cipher = models.CharField(max_length=80, editable=False)
    #: Keyed HMAC-SHA256 (hex) of the normalized ID number, for exact lookup and duplicate checks.
    id_hash = models.CharField(max_length=64, editable=False)
    #: The region code (first 6 characters) and 12 stars: what every page shows (`ids.mask`, docs/roles.md).
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    history = HistoricalRecords(excluded_fields=["province_code", "id_cipher", "id_hash"])

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "id"]
        constraints = [
            # National: a person is filed once in the country (see the module docstring).
            models.UniqueConstraint(
                fields=["id_hash"],
                name="households_member_id_hash_uniq",
                violation_error_message=_("This ID number is already in the registry."),
            )
        ]
        indexes = [models.Index(fields=["name"], name="households_member_name")]

    def __str__(self) -> str:
        return self.name


class YearlyIncome(models.Model):
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="incomes",
        db_index=False,  # covered by the (household, year) unique constraint
    )
    province_code = models.CharField(max_length=6, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    per_capita_net_income = models.DecimalField(
        _("per-capita net income (yuan)"), max_digits=12, decimal_places=2
    )
    history = HistoricalRecords(excluded_fields=["province_code"])

    class Meta:
        verbose_name = _("yearly income")
        verbose_name_plural = _("yearly incomes")
        ordering = ["household", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="households_income_year_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.per_capita_net_income}"


class Guarantee(models.TextChoices):
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    NA = "na", _("not applicable")
    #: Not in the file (an export with only some of the guarantee columns records those alone).
    NOT_RECORDED = "", _("not recorded")


#: The "two no-worries, three guarantees" and safe drinking water, in display order.
GUARANTEE_FIELDS = ("food", "clothing", "education", "medical", "housing", "water")


class GuaranteeCheck(models.Model):
    """The guarantees of one household in one year."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="guarantees",
        db_index=False,  # covered by the (household, year) unique constraint
    )
    province_code = models.CharField(max_length=6, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    food = models.CharField(
        _("food"), max_length=7, choices=Guarantee.choices, default=Guarantee.MET, blank=True
    )
    clothing = models.CharField(
        _("clothing"), max_length=7, choices=Guarantee.choices, default=Guarantee.MET, blank=True
    )
    education = models.CharField(
        _("compulsory education"), max_length=7, choices=Guarantee.choices, default=Guarantee.MET, blank=True
    )
    medical = models.CharField(
        _("basic medical care"), max_length=7, choices=Guarantee.choices, default=Guarantee.MET, blank=True
    )
    housing = models.CharField(
        _("safe housing"), max_length=7, choices=Guarantee.choices, default=Guarantee.MET, blank=True
    )
    water = models.CharField(
        _("safe drinking water"), max_length=7, choices=Guarantee.choices, default=Guarantee.MET, blank=True
    )
    history = HistoricalRecords(excluded_fields=["province_code"])

    class Meta:
        verbose_name = _("guarantees of a year")
        verbose_name_plural = _("guarantees of a year")
        ordering = ["household", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="households_guarantee_year_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.household_id} · {self.year}"

    def unmet(self) -> list[str]:
        """Names of the guarantees not met this year."""
        return [f for f in GUARANTEE_FIELDS if getattr(self, f) == Guarantee.NOT_MET]

    @staticmethod
    def any_unmet_q(prefix: str = "") -> Q:
        """Rows where at least one guarantee is not met (`prefix` is the lookup path to the check)."""
        q = Q()
        for name in GUARANTEE_FIELDS:
            q |= Q(**{f"{prefix}{name}": Guarantee.NOT_MET})
        return q


class PovertyLine(TimeStampedModel):
    """The national poverty line of a year (yuan per person per year, current prices). Data, not code:
    values not confirmed from an official source are marked so and shown with that mark."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.DecimalField(_("line (yuan per person per year)"), max_digits=10, decimal_places=2)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("poverty line")
        verbose_name_plural = _("poverty lines")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class StatusChange(models.Model):
    """One change of a household's status: who, when, why."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Household.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Household.Status.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    #: When the change took effect, where it is known and not the day it was recorded (an exit year, a risk
    #: identified or eliminated, as the registry's export dates them).
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["household", "-changed_at", "-id"]
        indexes = [models.Index(fields=["household", "changed_at"], name="households_status_change_hh")]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.from_status} → {self.to_status}"


class MonitoringFlag(models.Model):
    """A household the monitoring rule picked for a person to review."""

    class Reason(models.TextChoices):
        INCOME_BELOW_LINE = "income", _("income below the monitoring line")
        GUARANTEE_LOST = "guarantee", _("a guarantee is not met")

    class Outcome(models.TextChoices):
        OPEN = "open", _("to review")
        MONITORED = "monitored", _("put under monitoring")
        DISMISSED = "dismissed", _("dismissed")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="flags"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.TextField(_("reason of the review"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: the review (who put the household under monitoring or dismissed the flag, when, why) and any later
    #: change of it; flags are written in bulk by the rule, so the first version is the reviewed one.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring flag")
        verbose_name_plural = _("monitoring flags")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year", "reason"], name="households_flag_uniq")
        ]
        indexes = [models.Index(fields=["outcome"], name="households_flag_outcome")]

    def __str__(self) -> str:
        return f"{self.household_id} · {self.year} · {self.reason}"


class UnmaskLog(models.Model):
    """Every view of an ID number in clear. The member is a soft reference (no database-level foreign key)
    so that the log survives partitioning of the member table by province."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    province_code = models.CharField(max_length=6)
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)
    channel = models.CharField(_("channel"), max_length=10, default="web")
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("ID unmask log entry")
        verbose_name_plural = _("ID unmask log")
        ordering = ["-viewed_at", "-id"]
        indexes = [
            models.Index(fields=["member"], name="households_unmask_member"),
            models.Index(fields=["viewed_at"], name="households_unmask_viewed_at"),
            models.Index(fields=["user", "viewed_at"], name="households_unmask_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.member_id} · {self.viewed_at:%Y-%m-%d %H:%M}"


class ImportJob(BackgroundJob):
    """One registry file being imported (`core.jobs`): its stage, progress and the error report."""

    files_setting = "HOUSEHOLD_IMPORT_DIR"
    files_default = "household_imports"
    result_fields = ("error_report",)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: Given by the user (form, --year); None: read from the file (`year_source` says where).
    year = models.PositiveSmallIntegerField(_("year of the incomes"), null=True, blank=True)
    year_source = models.CharField(_("where the year comes from"), max_length=300, blank=True)
    generated = models.BooleanField(_("generated data"), default=False)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    households_created = models.PositiveIntegerField(_("households written"), default=0)
    members_created = models.PositiveIntegerField(_("members written"), default=0)
    unknown_columns = models.TextField(_("unknown columns"), blank=True)
    #: Known columns not imported, one a line: "name: reason".
    ignored_columns = models.TextField(_("columns not imported"), blank=True)
    error_report = models.CharField(max_length=500, blank=True, editable=False)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")

    def __str__(self) -> str:
        return self.original_name
