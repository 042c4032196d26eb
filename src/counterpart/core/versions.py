"""No lost update: the one mechanism every app's edit services use.

An editable record is `core.models.Versioned`: its `version` counts its writes. A user edits what they
opened at some version; the service calls `lock_for_write(obj, expected_version=…)` inside its transaction:
the row is read again under its lock (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite every write
transaction begins IMMEDIATE and holds the database), and

- with an expected version (the form's hidden field, the API's `If-Match` or body `version`) a row written
  since is refused with `StaleWrite`, which says what changed: each field, the user's value, the value now,
  who changed it and when (read from the record's simple_history rows);
- without one (an API client that sends neither), the caller's changes go onto the fresh row, so a change
  of another field made meanwhile is kept.

Reviews that race keep their conditional updates (`filter(pk=…, status=…, version=…).update(…)`) and bump
the version with `bump()`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from counterpart.core.models import Versioned

V = TypeVar("V", bound=Versioned)

#: Fields no user edits: they change with every write and say nothing of what changed.
UNCOMPARED = frozenset({"id", "version", "created_at", "updated_at", "submitted_at"})


@dataclass(frozen=True)
class Change:
    """A field another user changed since the record was opened."""

    field: str
    label: str
    yours: Any
    theirs: Any
    by: str
    at: dt.datetime | None
    model_field: models.Field

    def as_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "yours": json_value(self.yours),
            "theirs": json_value(self.theirs),
            "by": self.by,
            "at": self.at.isoformat() if self.at else None,
        }

    @property
    def theirs_display(self) -> str:
        return display_value(self.model_field, self.theirs)

    @property
    def note(self) -> str:
        """What a form shows beside the field: the value now, who changed it and when."""
        if self.at is None:
            return _("Changed meanwhile; it is now: %(value)s.") % {"value": self.theirs_display}
        when = formats.date_format(timezone.localtime(self.at), "SHORT_DATETIME_FORMAT")
        if self.by:
            return _("Changed by %(user)s at %(when)s; it is now: %(value)s.") % {
                "user": self.by,
                "when": when,
                "value": self.theirs_display,
            }
        return _("Changed at %(when)s; it is now: %(value)s.") % {"when": when, "value": self.theirs_display}


class StaleWrite(Exception):  # the domain's name for it: a write on what is no longer there
    """The record was written since the user opened it: nothing was saved. `changes` says what changed;
    `version` is the record's version now (a form takes it, so the next save goes through)."""

    def __init__(self, *, obj: Versioned, expected_version: int, changes: list[Change]) -> None:
        self.obj = obj
        self.expected_version = expected_version
        self.version = obj.version
        self.changes = changes
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "Someone else saved this record after you opened it; nothing of yours was saved. "
            "Check what changed, then save again."
        )

    def as_json(self) -> dict[str, Any]:
        return {"detail": self.message, "changed": [change.as_json() for change in self.changes]}


def json_value(value: Any) -> Any:
    """A field's value as the API writes it: a related record by its id, dates in ISO 8601, numbers of
    Decimal as text."""
    if isinstance(value, models.Model):
        value = value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def display_value(field: models.Field, value: Any) -> str:
    """A field's value as a page shows it: a choice's label, a related record's name, a localized date."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        if isinstance(value, models.Model):
            return str(value)
        related = field.related_model._base_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related is not None else "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(formats.localize(value))


def _user_label(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _compared_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in UNCOMPARED and not field.primary_key and field.editable
    ]


def _same(a: Any, b: Any) -> bool:
    return json_value(a) == json_value(b)


def changes_since(
    obj: Versioned, *, expected_version: int, yours: Mapping[str, Any] | None = None
) -> list[Change]:
    """The fields of `obj` (as it is now) that differ from the record at `expected_version`, each with who
    changed it last and when (its history rows after that version, oldest first, one query)."""
    yours = yours or {}
    records = list(
        obj.history.filter(version__gte=expected_version)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    opened = [record for record in records if record.version == expected_version]
    then = opened[-1] if opened else None
    later = [record for record in records if record.version > expected_version]
    changes = []
    for field in _compared_fields(type(obj)):
        now = getattr(obj, field.attname)
        if then is not None:
            before = getattr(then, field.attname)
            if _same(before, now):
                continue
        else:  # no history of the opened version: what the user sent that is not what is there now
            if field.name not in yours or _same(yours[field.name], now):
                continue
            before = None
        by, at, previous = "", None, before
        for record in later:
            value = getattr(record, field.attname)
            if then is None or not _same(value, previous):
                by, at = _user_label(record.history_user), record.history_date
            previous = value
        changes.append(
            Change(
                field=field.name,
                label=str(field.verbose_name),
                yours=yours.get(field.name, before),
                theirs=now,
                by=by,
                at=at,
                model_field=field,
            )
        )
    return changes


def lock_for_write(obj: V, *, expected_version: int | None, yours: Mapping[str, Any] | None = None) -> V:
    """Read `obj`'s row again, locked until the transaction ends, into `obj`; refuse it (`StaleWrite`)
    when `expected_version` is given and the row was written since. The next `save()` writes the version
    after the one read. Call it inside the service's transaction, before applying the changes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_write() must run inside the service's transaction.")
    obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())
    return check_locked(obj, expected_version=expected_version, yours=yours)


def check_locked(obj: V, *, expected_version: int | None, yours: Mapping[str, Any] | None = None) -> V:
    """`lock_for_write` for a row the caller has just read under its lock (`select_for_update()`)."""
    check_version(obj, expected_version=expected_version, yours=yours)
    obj._version_next = obj.version + 1  # read by Versioned.save()
    return obj


def check_version(
    obj: Versioned, *, expected_version: int | None, yours: Mapping[str, Any] | None = None
) -> None:
    """Refuse a write on `obj` as it is in the database now when the user opened another version."""
    if expected_version is not None and obj.version != expected_version:
        raise StaleWrite(
            obj=obj,
            expected_version=expected_version,
            changes=changes_since(obj, expected_version=expected_version, yours=yours),
        )


def bump() -> Any:
    """The version a conditional `.update()` writes (it bypasses `save()`)."""
    return F("version") + 1


def keep_version(obj: Versioned) -> None:
    """After a conditional `.update()` that bumped the version and a refresh: the next `save()` (the one that
    records the history row) writes the row's version as it is."""
    obj._version_next = obj.version  # read by Versioned.save()
