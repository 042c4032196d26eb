from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counterpart.core.models import SourcedModel, Versioned


class Pairing(Versioned, SourcedModel):
    """Helper → helped, between regions or organizations; pairings nest (a county pairing sits under a city
    pairing). `path` ("/1/5/12/") is the chain of ids from the root: a subtree is one indexed prefix query."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        COUNTY = "county", _("county")
        TOWN = "town", _("town")
        VILLAGE = "village", _("village")
        ENTERPRISE_VILLAGE = "enterprise_village", _("enterprise–village")
        PARK = "park", _("co-built park")
        SCHOOL = "school", _("school")
        HOSPITAL = "hospital", _("hospital")

    class Programme(models.TextChoices):
        EAST_WEST = "east_west", _("east–west cooperation")
        TIBET_AID = "tibet_aid", _("counterpart aid to Tibet")
        XINJIANG_AID = "xinjiang_aid", _("counterpart aid to Xinjiang")
        OTHER = "other", _("other counterpart assistance")

    helper_region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("helping region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    helped_region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("helped region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    helper_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("helping organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    helped_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("helped organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start date precision"),
        max_length=5,
        default="day",
        choices=[("day", _("day")), ("month", _("month")), ("year", _("year"))],
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, default="")
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["path"]
        indexes = [models.Index(fields=["path"])]

    @property
    def helper(self) -> object:
        return self.helper_org or self.helper_region

    @property
    def helped(self) -> object:
        return self.helped_org or self.helped_region

    def __str__(self) -> str:
        return f"{self.helper} → {self.helped}"


class ScopeGrant(SourcedModel):
    """What a user may see and do. An assessor grant has no pairing: it covers everything. An office or viewer
    grant covers one pairing and every pairing under it. A unit reporter's grant names its organization."""

    class Role(models.TextChoices):
        ASSESSOR = "assessor", _("national assessor")
        OFFICE = "office", _("cooperation office")
        REPORTER = "reporter", _("unit reporter")
        VIEWER = "viewer", _("viewer")

    class Side(models.TextChoices):
        HELPING = "helping", _("helping side")
        HELPED = "helped", _("helped side")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="scope_grants",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    pairing = models.ForeignKey(
        Pairing,
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
    )
    side = models.CharField(_("side"), max_length=8, choices=Side.choices, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scope grant")
        verbose_name_plural = _("scope grants")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.pairing or '*'}"
