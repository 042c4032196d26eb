from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from counterpart.core.models import SourcedModel, Versioned


class Meeting(Versioned, SourcedModel):
    """A meeting of a pairing (or of one side, such as a standing committee), possibly part of a larger one:
    a signing ceremony or the visits belong to the joint meeting they were held with."""

    class Kind(models.TextChoices):
        JOINT_MEETING = "joint_meeting", _("high-level joint meeting")
        PROMOTION = "promotion_meeting", _("promotion meeting")
        MONTHLY_DISPATCH = "monthly_dispatch", _("monthly dispatch meeting")
        SIGNING = "signing_ceremony", _("signing ceremony")
        SEMINAR = "seminar", _("seminar")
        VISIT = "visit", _("visit")
        STANDING_COMMITTEE = "standing_committee", _("standing committee meeting")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, help_text=_("9 for “the 9th”."))
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    pairing = models.ForeignKey(
        "pairings.Pairing",
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    host = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("place (region)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["pairing", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class Attendance(SourcedModel):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        SPEAKER = "speaker", _("speaker")
        REPORTER = "reporter", _("reported progress")
        ATTENDEE = "attendee", _("attendee")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.ATTENDEE)
    title = models.CharField(_("title at the meeting"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meetings_attendance_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Decision(SourcedModel):
    """Something a meeting decided or agreed on; it can become a responsibility item."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Figure(SourcedModel):
    """A figure a meeting's report states (六盘水市人口 340 万, "183 officials", "3 billion yuan"): what it
    counts, the value as a decimal, the unit as written (with its multiplier: 万元, billion) and the character
    span of the sentence it was read from."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="figures"
    )
    what = models.CharField(pgettext_lazy("of a figure", "what"), max_length=300)
    value = models.DecimalField(pgettext_lazy("of a figure", "value"), max_digits=24, decimal_places=4)
    unit = models.CharField(pgettext_lazy("of a figure", "unit"), max_length=40, blank=True)
    span_start = models.PositiveIntegerField(_("span start"), null=True, blank=True)
    span_end = models.PositiveIntegerField(
        _("span end"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.what}: {self.value_display} {self.unit}".strip()

    @property
    def value_display(self) -> str:
        """The value without trailing zeros, never in exponent form (3000000000, not 3E+9)."""
        return f"{self.value.normalize():f}"
