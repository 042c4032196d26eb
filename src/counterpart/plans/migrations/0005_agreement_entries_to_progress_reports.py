"""One progress record per agreement: every ledger entry on an agreement becomes a period `ProgressReport`.

Each entry's row, every one of its historical rows (django-simple-history: same history date, type, user and
change reason, in the same order, under the new report's id) and its evidence files (and their historical
rows) move over; the entry and its historical rows are then removed. Field for field: narrative → text,
status → review_status, the period, value, reporter, review, submission and time stamps as they were;
`reported_on` is the local date the entry was (last) submitted, or created when it never was. Reversible:
going back moves the period reports to agreement ledger entries the same way (the dated reports stay).

Work in chunks of `CHUNK` rows with bulk inserts and one UPDATE of the evidence per chunk.
"""

from contextlib import contextmanager

from django.db import migrations
from django.db.models import Case, Q, Value, When
from django.utils import timezone

CHUNK = 1000

SHARED = (
    "agreement_id",
    "reporter_id",
    "year",
    "month",
    "value",
    "review_comment",
    "reviewed_by_id",
    "reviewed_at",
    "submitted_at",
    "generated",
    "created_at",
    "updated_at",
)
HISTORY = ("history_date", "history_change_reason", "history_type", "history_user_id")


@contextmanager
def _keep_time_stamps(model):
    """Insert created_at / updated_at as they were instead of "now" (on the migration's own model class,
    set back afterwards)."""
    fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _chunks(qs):
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _move(apps, db, *, source, target, rows, fields, evidence_from, evidence_to):
    """Copy `rows` of model `source` (and their history) to `target`, repoint their evidence, remove them."""
    source_model = apps.get_model(*source)
    source_history = apps.get_model(source[0], f"Historical{source[1]}")
    target_model = apps.get_model(*target)
    target_history = apps.get_model(target[0], f"Historical{target[1]}")
    evidence = (apps.get_model("plans", "EvidenceFile"), apps.get_model("plans", "HistoricalEvidenceFile"))
    with _keep_time_stamps(target_model):
        for chunk in _chunks(source_model.objects.using(db).filter(rows)):
            created = target_model.objects.using(db).bulk_create([target_model(**fields(row)) for row in chunk])
            mapping = {old.pk: new.pk for old, new in zip(chunk, created, strict=True)}
            old_history = source_history.objects.using(db).filter(id__in=list(mapping))
            target_history.objects.using(db).bulk_create(
                (
                    target_history(id=mapping[row.id], **fields(row), **{name: getattr(row, name) for name in HISTORY})
                    for row in old_history.order_by("history_date", "history_id").iterator(chunk_size=CHUNK)
                ),
                batch_size=CHUNK,
            )
            for model in evidence:
                files = model.objects.using(db).filter(**{f"{evidence_from}__in": list(mapping)})
                owners = set(files.values_list(evidence_from, flat=True))
                if owners:
                    whens = [When(**{evidence_from: old}, then=Value(mapping[old])) for old in owners]
                    files.update(**{evidence_to: Case(*whens), evidence_from: None})
            old_history.delete()
            source_model.objects.using(db).filter(pk__in=list(mapping)).delete()


def _shared(row):
    return {name: getattr(row, name) for name in SHARED}


def entries_to_reports(apps, schema_editor):
    _move(
        apps,
        schema_editor.connection.alias,
        source=("plans", "LedgerEntry"),
        target=("agreements", "ProgressReport"),
        rows=Q(agreement__isnull=False),
        fields=lambda row: {
            **_shared(row),
            "reported_on": timezone.localtime(row.submitted_at or row.created_at).date(),
            "text": row.narrative,
            "review_status": row.status,
        },
        evidence_from="entry_id",
        evidence_to="report_id",
    )


def reports_to_entries(apps, schema_editor):
    _move(
        apps,
        schema_editor.connection.alias,
        source=("agreements", "ProgressReport"),
        target=("plans", "LedgerEntry"),
        rows=Q(year__isnull=False),
        fields=lambda row: {**_shared(row), "narrative": row.text, "status": row.review_status},
        evidence_from="report_id",
        evidence_to="entry_id",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_progress_report_period_review"),
        ("plans", "0004_evidence_report"),
    ]

    operations = [migrations.RunPython(entries_to_reports, reports_to_entries)]
