from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counterpart.core.models import NamedModel, SourcedModel, Versioned


class Organization(Versioned, NamedModel):
    """A unit: government, party committee, department, zone, enterprise, university, school, hospital…"""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government")
        PARTY_COMMITTEE = "party", _("party committee")
        DEPARTMENT = "department", _("government department")
        ZONE = "zone", _("development zone")
        ENTERPRISE = "enterprise", _("enterprise")
        UNIVERSITY = "university", _("university or college")
        SCHOOL = "school", _("school")
        HOSPITAL = "hospital", _("hospital")
        EXCHANGE = "exchange", _("exchange")
        COOPERATIVE = "cooperative", _("cooperative")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]


class Person(NamedModel):
    """A person named in a report or dispatched to the other side."""

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]


class Position(SourcedModel):
    """A title a person holds (or held) in an organization; the title is kept as written."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["person__name", "-start_date"]

    def __str__(self) -> str:
        return f"{self.person} · {self.title}"
