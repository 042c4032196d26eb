"""Assessment (issue 17): a run of a scheme for a year, its results (one per pairing or unit), the score of
every indicator with its explanation and evidence count, and the adjustments made by assessors.

A run is a background job (`core.models.BackgroundJob`: queued → running → done, computed by `core.jobs`) and
has its own state on top, draft → published. A run keeps the scheme it used (the file's data, version and
checksum), and every figure it computed: once published, nothing of it changes (services refuse), and later
changes of the records it read do not reach it — a revision is a new run.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counterpart.core.models import BackgroundJob, TimeStampedModel


class AssessmentRun(BackgroundJob):
    files_setting = "ASSESSMENT_JOB_DIR"
    files_default = "assessment_jobs"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    scheme_code = models.CharField(_("scheme"), max_length=50)
    scheme_version = models.PositiveIntegerField(_("scheme version"))
    scheme_checksum = models.CharField(max_length=64, editable=False)
    #: the scheme as it was loaded (`Scheme.as_data`): the run reads it back, never the file again
    scheme = models.JSONField(editable=False, default=dict)
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: the sample of subjects drawn for the on-site cross-check, and the seed that drew it
    sample_seed = models.BigIntegerField(_("sample seed"), null=True, blank=True)
    sample_ids = models.JSONField(_("subjects drawn for on-site checks"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta(BackgroundJob.Meta):
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        indexes = [models.Index(fields=["scheme_code", "year"], name="assessment_run_scheme_year")]

    def __str__(self) -> str:
        return f"{self.scheme_code} v{self.scheme_version} · {self.year}"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class Result(TimeStampedModel):
    """One subject's result in a run: a pairing's (or a unit's) total, grade, rank within its group and the
    change on last year's published run; the self-assessment and the partner's opinion."""

    run = models.ForeignKey(
        AssessmentRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results"
    )
    pairing = models.ForeignKey(
        "pairings.Pairing",
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_results",
    )
    unit = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_results",
    )
    group = models.CharField(_("group"), max_length=40)
    total = models.DecimalField(_("computed score"), max_digits=8, decimal_places=2, default=Decimal(0))
    adjusted_total = models.DecimalField(_("score"), max_digits=8, decimal_places=2, default=Decimal(0))
    #: the points of the indicators that could be computed (those of metrics without data are left out)
    available = models.DecimalField(
        _("points computable"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    percent = models.DecimalField(_("percent"), max_digits=6, decimal_places=2, default=Decimal(0))
    grade = models.CharField(_("grade"), max_length=30, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("group size"), default=0)
    previous_percent = models.DecimalField(
        _("last year"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    #: {area code: {"score": "…", "weight": "…", "available": "…"}}
    areas = models.JSONField(_("areas"), default=dict)
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    partner_opinion = models.TextField(_("partner's opinion"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["group", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "pairing"], name="assessment_result_pairing_uniq"),
            models.UniqueConstraint(fields=["run", "unit"], name="assessment_result_unit_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.pairing or self.unit}"

    @property
    def subject(self) -> Any:
        return self.pairing or self.unit

    @property
    def change(self) -> Decimal | None:
        return None if self.previous_percent is None else self.percent - self.previous_percent


class Score(models.Model):
    """An indicator's value, target and score for one subject, and the sentence that explains it
    (`explanation`: the rule and the figures it read; the sentence is written in the reader's language)."""

    class Status(models.TextChoices):
        COMPUTED = "computed", _("computed")
        UNAVAILABLE = "unavailable", _("cannot be computed yet")
        NOT_APPLICABLE = "not_applicable", _("nothing to rate")

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="scores"
    )
    area = models.CharField(_("area"), max_length=50)
    indicator = models.CharField(_("indicator"), max_length=50)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.COMPUTED)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2)
    evidence_count = models.PositiveIntegerField(_("records"), default=0)
    explanation = models.JSONField(_("explanation"), default=dict)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["result", "indicator"], name="assessment_score_uniq")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class Adjustment(TimeStampedModel):
    """An assessor's change to an indicator's score, with its written reason; shown beside the computed
    score, which it never overwrites."""

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="adjustments"
    )
    points = models.DecimalField(_("points (+/−)"), max_digits=8, decimal_places=2)
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.score_id}: {self.points:+}"
