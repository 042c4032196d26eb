from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counterpart.core.models import SourcedModel, UndeletableModel


class Agreement(SourcedModel):
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


class Milestone(SourcedModel):
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


class ProgressReport(UndeletableModel, SourcedModel):
    """A dated report of how an agreement is being carried out. Never deleted (`UndeletableModel`)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("progress"))
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["agreement", "reported_on"])]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.text[:40]}"
