"""Pieces every app's API router shares: pagination, error bodies, small reference schemas."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import translation
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict, WithJsonSchema

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`: 50 rows by default, at most 500."""

    class Input(Schema):
        limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page (≤ 500).")
        offset: int = Field(0, ge=0, description="Rows to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages by field; `__all__` for errors of the whole object."
    )


def validation_error_body(exc: ValidationError) -> dict[str, Any]:
    """`{"detail": "...", "errors": {"field": ["message"]}}` from a Django ValidationError."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: list(exc.messages)}
    parts = [
        "; ".join(messages) if field == NON_FIELD_ERRORS else f"{field}: {'; '.join(messages)}"
        for field, messages in errors.items()
    ]
    return {"detail": " ".join(parts) or "Invalid input.", "errors": errors}


class ValidationErrors:
    """Collects reference errors (an unknown id, an unknown code) field by field, to raise them together."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


class NamedRef(Schema):
    """A region or an organization as it appears inside another object."""

    id: int
    name: str
    name_en: str


def choices_schema(choices: type[models.TextChoices]) -> WithJsonSchema:
    """The JSON schema of a choices field, inlined: every app has its own `Kind`/`Level`/`Role`, and as
    components they would overwrite one another in the OpenAPI document."""
    with translation.override("en"):  # the API's documentation is in English, whatever the server's language
        description = "; ".join(f"`{value}`: {label}" for value, label in choices.choices)
    return WithJsonSchema({"type": "string", "enum": list(choices.values), "description": description})


class InputSchema(Schema):
    """A request body: a field the endpoint does not take is an error, not silently dropped (a PATCH that
    names `pairing` on an agreement must not look as if it had moved it)."""

    model_config = ConfigDict(extra="forbid")
