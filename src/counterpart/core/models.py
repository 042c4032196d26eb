"""Shared base classes: multilingual names, source notes, time stamps, the alias table."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Languages a name can be stored in, in the order of LANGUAGES.
NAME_LANGUAGES = ("zh-hans", "zh-hant", "en", "ja")


class UndeletableQuerySet(models.QuerySet):
    """A queryset whose rows are never deleted: `delete()` refuses, like the model's own `delete()`, so no
    bulk path (a queryset, a manager, a cascade from code) gets round the rule."""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise models.ProtectedError(
            f"{self.model._meta.verbose_name_plural} are never deleted.", set(self[:1])
        )


class UndeletableModel(models.Model):
    """A record that is kept for good (a progress report, a ledger entry): neither it nor its queryset
    deletes. Corrections are new records; the history keeps every version."""

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *_args: object, **_kwargs: object) -> tuple[int, dict[str, int]]:
        raise models.ProtectedError(f"{self._meta.verbose_name_plural} are never deleted.", {self})


class Versioned(models.Model):
    """A record people edit: `version` counts its writes (1 when created), so an edit made on what a user
    opened at version N is refused when the row moved on (`core.versions`: `lock_for_write`, `StaleWrite`).

    Every save of an existing row writes the row's version + 1, read under the row's lock — not the
    instance's own number, which may be stale — so two writers never leave the same version. A conditional
    `.update()` (a review) sets `version=F("version") + 1` itself (`core.versions.bump`)."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        db_default=1,
        editable=False,
        help_text=_("How many times the record was written."),
    )

    #: The version the next save writes, when the caller read the row under its lock (`core.versions`).
    _version_next: int | None = None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "version"]
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            following = self._version_next
            if following is None:
                current = (
                    type(self)
                    ._base_manager.using(using)
                    .select_for_update()
                    .filter(pk=self.pk)
                    .values_list("version", flat=True)
                    .first()
                )
                following = self.version if current is None else current + 1
            self._version_next = None
            self.version = following
            super().save(*args, **kwargs)


class ReviewedRecord(models.Model):
    """A report an office reviews (a ledger entry, an agreement's period report): when it was submitted,
    who reviewed it, when and with what comment, and whether it is invented demonstration data. The
    review status itself is each model's own (its choices differ)."""

    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Invented demonstration data, not a real record.")
    )

    class Meta:
        abstract = True


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class SourcedModel(TimeStampedModel):
    """A record that can say where it came from: a seed report and the character span of its sentence."""

    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where this record comes from, e.g. a report file and character span."),
    )

    class Meta:
        abstract = True


class NamedModel(SourcedModel):
    """Names in the four languages of the platform, stored once, one column per language.

    `name` is the zh-Hans name and the one used for sorting; the others are optional. Further
    forms (short forms such as 沪/遵, former names, other spellings) live in :class:`Alias`.
    """

    name = models.CharField(_("name (simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    def name_in(self, language: str | None = None) -> str:
        """The name in `language` (default: the active language), falling back to zh-Hans."""
        lang = (language or get_language() or "zh-hans").lower()
        if lang.startswith("zh-hant") or lang in {"zh-tw", "zh-hk"}:
            return self.name_zh_hant or self.name
        if lang.startswith("en"):
            return self.name_en or self.name
        if lang.startswith("ja"):
            return self.name_ja or self.name
        return self.name

    @property
    def display_name(self) -> str:
        return self.name_in()


class Alias(TimeStampedModel):
    """Another form of a name of a region, organization or person (short form, former name, spelling).

    Together with the name columns of :class:`NamedModel` this is the one table of names that search and
    report intake match against.
    """

    class Kind(models.TextChoices):
        SHORT = "short", _("short form")
        FORMER = "former", _("former name")
        VARIANT = "variant", _("other spelling or translation")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=10)
    text = models.CharField(_("text"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VARIANT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        indexes = [models.Index(fields=["text"]), models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language", "text"], name="core_alias_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    """The life of a background job (`core.jobs`), the same for every kind of job."""

    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    PREVIEWED = "previewed", _("checked: waiting for confirmation")
    INVALID = "invalid", _("refused: errors found")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class BackgroundJob(models.Model):
    """What every background job records (`core.jobs` claims, runs, reports and cleans up every one).

    `path` is the job's upload (a file the CLI was given stays the user's own); `worker` names the process
    running it (`host:pid:start`), so a worker that starts can tell a job whose process died."""

    #: The setting naming the folder of the uploads and progress files, and its default under MEDIA_ROOT.
    files_setting = ""
    files_default = "jobs"
    #: The fields naming files the job wrote in its folder and keeps with its record (an error report, an
    #: export): a backup copies them. Every stored name is relative to the folder (`core.jobs.stored_name`).
    result_fields: tuple[str, ...] = ()

    Status = JobStatus
    FINISHED = (JobStatus.INVALID, JobStatus.DONE, JobStatus.FAILED)

    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    original_name = models.CharField(_("file"), max_length=255, blank=True)
    path = models.CharField(max_length=500, blank=True, editable=False)
    worker = models.CharField(_("worker process"), max_length=100, blank=True, editable=False)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    message = models.TextField(_("message"), blank=True)
    #: The language of whoever started the job: its messages and row errors are written in it.
    language = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.language:
            self.language = get_language() or settings.LANGUAGE_CODE
        super().save(*args, **kwargs)

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_active(self) -> bool:
        """Queued or running: the progress page keeps polling."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))


#: A record's `source` naming a passage of a source document: "<file name>:<start>-<end>" (character offsets
#: [start, end) of the document's text). Anything else (generated data, an intake) is not a passage.
SOURCE_SPAN_RE = re.compile(r"(?P<file>[\w.-]+\.(?:txt|html?|docx)):(?P<start>\d+)-(?P<end>\d+)")


def parse_source_span(source: str | None) -> tuple[str, int, int] | None:
    """``"000_….txt:12-34"`` → ``("000_….txt", 12, 34)``; None for a source that names no passage."""
    match = SOURCE_SPAN_RE.fullmatch((source or "").strip())
    if match is None or int(match["end"]) < int(match["start"]):
        return None
    return match["file"], int(match["start"]), int(match["end"])


class SourceDocument(TimeStampedModel):
    """A document records were taken from (a news report, a forum repost of a press release, a government
    page): what users see of it — its kind, date, language and title — in place of the file name its
    records' `source` names (`{% cite %}`); `text` is the document as read, so a passage can be shown."""

    class Kind(models.TextChoices):
        NEWS_REPORT = "news_report", _("report")
        REPOST = "repost", _("repost of a report")
        GOVERNMENT_PAGE = "government_page", _("government page")
        OTHER = "other", _("document")

    file_name = models.CharField(_("file name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS_REPORT)
    published = models.DateField(_("published"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True, help_text=_("The document as read, for its passages."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["published", "file_name"]

    def __str__(self) -> str:
        return self.title

    def passage(self, start: int, end: int, *, context: int = 200) -> tuple[str, str, str]:
        """(text before, the passage, text after) of [start, end), with up to `context` characters around."""
        text = self.text
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        return text[max(0, start - context) : start], text[start:end], text[end : end + context]
