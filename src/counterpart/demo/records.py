"""The demo's memory of what it made: fact key → record (see `DemoRecord`)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from counterpart.demo.models import DemoRecord


def demo_object(key: str, model: type[models.Model]) -> Any:
    """The record the demo made for `key`, or None when it has not been loaded (or was deleted since)."""
    record = DemoRecord.objects.filter(key=key).first()
    return model._default_manager.filter(pk=record.object_id).first() if record else None


def demo_remember(key: str, obj: models.Model) -> None:
    DemoRecord.objects.create(key=key, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
