"""Labour cooperation (placements, trainings), consumption assistance (purchases), personnel support
(dispatches) and awards. Every record names the pairing that helped, which is how scope filters it.

A placement or a training attendance refers to a registry member without a database-level foreign key
(`db_constraint=False`): the member table is partitioned by province at national scale (DESIGN §3), and the
reference carries the member's `province_code` so a lookup can be routed to its partition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from counterpart.core.models import SourcedModel, Versioned


class RecordedModel(Versioned, SourcedModel):
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    generated = models.BooleanField(_("generated"), default=False)

    class Meta:
        abstract = True


class Placement(RecordedModel):
    """A registered poor labourer placed in a job."""

    member = models.ForeignKey(
        "households.Member",
        verbose_name=_("member"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="placements",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="placements",
    )
    province_code = models.CharField(max_length=6, editable=False)
    employer = models.ForeignKey(
        "orgs.Organization", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    work_region = models.ForeignKey(
        "geo.Region", verbose_name=_("region of work"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("start"))
    monthly_wage = models.DecimalField(_("monthly wage (yuan)"), max_digits=10, decimal_places=2)
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="placements"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("job placement")
        verbose_name_plural = _("job placements")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["pairing", "start_date"], name="assistance_placement_pairing"),
            models.Index(fields=["household"], name="assistance_placement_hh"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.employer_id}"


class Training(RecordedModel):
    topic = models.CharField(_("topic"), max_length=200)
    date = models.DateField(_("date"))
    trainees = models.PositiveIntegerField(_("trainees"), default=0)
    organizer = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organizer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="trainings"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["pairing", "date"], name="assistance_training_pairing")]

    def __str__(self) -> str:
        return self.topic


class TrainingAttendance(models.Model):
    """A registry member who attended a training (the household page lists trainings received)."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        "households.Member",
        verbose_name=_("member"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="trainings_attended",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="trainings_attended",
    )
    province_code = models.CharField(max_length=6, editable=False)

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        constraints = [
            models.UniqueConstraint(fields=["training", "member"], name="assistance_attendance_uniq")
        ]
        indexes = [models.Index(fields=["household"], name="assistance_attendance_hh")]

    def __str__(self) -> str:
        return f"{self.training_id} · {self.member_id}"


class Purchase(RecordedModel):
    class Channel(models.TextChoices):
        GOVERNMENT = "government", _("government and institution canteens")
        ENTERPRISE = "enterprise", _("enterprise purchase")
        MARKET = "market", _("wholesale market or shop")
        ONLINE = "online", _("e-commerce")
        FAIR = "fair", _("trade fair")
        OTHER = "other", pgettext_lazy("channel", "other")

    buyer = models.ForeignKey(
        "orgs.Organization", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.CharField(_("product"), max_length=200)
    seller = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("seller"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seller_region = models.ForeignKey(
        "geo.Region", verbose_name=_("seller's region"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.OTHER)
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="purchases"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["pairing", "date"], name="assistance_purchase_pairing")]

    def __str__(self) -> str:
        return self.product


class Dispatch(RecordedModel):
    class Kind(models.TextChoices):
        CADRE = "cadre", _("cadre")
        TEACHER = "teacher", _("teacher")
        DOCTOR = "doctor", _("doctor")
        TECHNICIAN = "technician", _("technician")

    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="dispatches"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    from_org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    to_org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("sent to"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("term start"))
    end_date = models.DateField(_("term end"), null=True, blank=True)
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="dispatches"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispatched person")
        verbose_name_plural = _("dispatched personnel")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["pairing", "start_date"], name="assistance_dispatch_pairing")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.kind}"


class Award(RecordedModel):
    """An award to a group or an individual for the cooperation (seed 002)."""

    title = models.CharField(_("award"), max_length=300)
    awarded_by = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("awarded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("recipient (group)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("recipient (individual)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    date = models.DateField(_("date"))
    pairing = models.ForeignKey(
        "pairings.Pairing", verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="awards"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient_org__isnull=False) | models.Q(recipient_person__isnull=False),
                name="assistance_award_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return self.title
