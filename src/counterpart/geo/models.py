from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counterpart.core.models import NamedModel

region_code_validator = RegexValidator(
    r"^(\d{6}|\d{9}|\d{12})$",
    _("A region code has 6 digits (GB/T 2260), or 9 or 12 digits (statistical codes of towns and villages)."),
)


class Region(NamedModel):
    """An administrative division. Codes change over time (Shuicheng County 520221 became Shuicheng
    District 520204 in 2020), so a region keeps its validity dates and its successor."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")
        COUNTY = "county", _("county")
        TOWN = "town", _("town")
        VILLAGE = "village", _("village")

    code = models.CharField(_("code"), max_length=12, unique=True, validators=[region_code_validator])
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        # Search among the 665k regions of the national tree: by exact name and name prefix (`name`), and
        # by the other languages' names, which few regions have (partial indexes of the non-empty ones).
        indexes = [
            models.Index(fields=["name"], name="geo_region_name_idx"),
            *(
                models.Index(
                    fields=[column], name=f"geo_region_{column}_idx", condition=Q(**{f"{column}__gt": ""})
                )
                for column in ("name_zh_hant", "name_en", "name_ja")
            ),
        ]
