from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from counterpart.core.models import ReviewedRecord, SourcedModel, UndeletableModel, Versioned


class Agreement(Versioned, SourcedModel):
    class Kind(models.TextChoices):
        ACTION_PLAN = "action_plan", _("action plan")
        FRAMEWORK = "framework", _("framework agreement")
        STRATEGIC = "strategic", _("strategic cooperation")
        PROJECT = "project", _("project agreement")
        SALES = "sales", _("sales agreement")
        PARK = "park", _("co-built park")
        COOPERATION = "cooperation", _("cooperation agreement")
        OTHER = "other", _("other")

    class Sector(models.TextChoices):
        GENERAL = "general", _("general")
        INDUSTRY = "industry", _("industry")
        AGRICULTURE = "agriculture", _("agriculture")
        FINANCE = "finance", _("finance")
        CONSUMPTION = "consumption", _("consumption assistance")
        EDUCATION = "education", _("education")
        HEALTH = "health", _("health")
        LABOUR = "labour", _("labour cooperation")
        SOCIAL = "social", _("social assistance")
        ENVIRONMENT = "environment", _("environment and resources")
        ELDERLY = "elderly", _("elderly care")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        SIGNED = "signed", _("signed")
        IMPLEMENTING = "implementing", _("implementing")
        COMPLETED = "completed", _("completed")
        STALLED = "stalled", _("stalled")
        TERMINATED = "terminated", _("terminated")

    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COOPERATION)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices, default=Sector.GENERAL)
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="agreements"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("signed at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    signed_date = models.DateField(_("signed on"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    value = models.DecimalField(
        _("value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SIGNED)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_date", "id"]
        indexes = [models.Index(fields=["pairing", "signed_date"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title


class AgreementParty(SourcedModel):
    class Role(models.TextChoices):
        HELPING = "helping", _("helping side")
        HELPED = "helped", _("helped side")
        PARTY = "party", _("party")
        WITNESS = "witness", _("witness")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTY)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organization"], name="agreements_party_unique_org")
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Milestone(Versioned, SourcedModel):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="milestones"
    )
    what = models.CharField(_("what"), max_length=300)
    due_date = models.DateField(_("due"))
    done_date = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["agreement", "due_date"])]

    def __str__(self) -> str:
        return self.what


class ProgressReport(Versioned, UndeletableModel, ReviewedRecord, SourcedModel):
    """A report of how an agreement is being carried out: the one progress record of an agreement.

    Two shapes, one table. A *dated report* (the agreement page) has a date, a text and perhaps the status
    it moved the agreement to; it is not reviewed (`review_status` empty). A *ledger report* (the agreement's
    ledger) is for one period (year, month; one per agreement and period) with the percent complete at the
    period's end (cumulative, 0–100), evidence files (`plans.EvidenceFile.report`) and the office's review:
    submitted, then accepted or returned with a comment (a returned report is corrected in place and
    submitted again; every edit stays in its history); its `reported_on` is the day it was last submitted.
    The stall flag counts both. Never deleted (`UndeletableModel`: nor in bulk).
    """

    class ReviewStatus(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", pgettext_lazy("ledger entry", "returned")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("progress"), blank=True)
    status_after = models.CharField(
        _("status after this report"), max_length=12, choices=Agreement.Status.choices, blank=True
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.DecimalField(
        _("Percent complete"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("The value is the percent complete at the end of the month (cumulative)."),
    )
    review_status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, blank=True, default=""
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["agreement", "reported_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "month"],
                condition=models.Q(year__isnull=False),
                name="agreements_report_one_per_period",
            ),
            # A dated report has no period, value or review; a ledger report has all three.
            models.CheckConstraint(
                condition=models.Q(
                    year__isnull=True, month__isnull=True, value__isnull=True, review_status=""
                )
                | (
                    models.Q(year__isnull=False, month__isnull=False, value__isnull=False)
                    & ~models.Q(review_status="")
                ),
                name="agreements_report_dated_or_period",
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.year}-{self.month:02d}" if self.is_period_report else f"{self.reported_on}"
        return f"{when} {self.text[:40]}"

    @property
    def is_period_report(self) -> bool:
        """A ledger report (for a month, reviewed) rather than a dated one."""
        return self.year is not None and self.month is not None
