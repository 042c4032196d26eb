"""Pieces every app's API router shares: the bounded input types, pagination, the one error body and the
responses every operation documents, small reference schemas.

Every error is JSON `{"detail": "..."}`; a refused value (422) also names the field:
`{"detail": "...", "errors": {"field": ["message"]}}` (docs/architecture.md, "Input limits").
"""

import logging
import re
from typing import Annotated, Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Header, NinjaAPI, Schema
from ninja import errors as ninja_errors
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from counterpart.core import inputs
from counterpart.core.inputs import DEFAULT_PAGE_SIZE, MAX_ID, MAX_OFFSET, MAX_PAGE_SIZE
from counterpart.core.versions import StaleWrite

logger = logging.getLogger("django.request")

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_ID", "MAX_PAGE_SIZE"]

#: An id of a record: 1..2^63-1, what the database's 64-bit keys hold.
Id = Annotated[int, Field(ge=inputs.MIN_ID, le=inputs.MAX_ID)]
#: A calendar year of the programme's records.
Year = Annotated[int, Field(ge=inputs.MIN_YEAR, le=inputs.MAX_YEAR)]
#: A month as `YYYY-MM` within those years.
Period = Annotated[str, Field(pattern=inputs.PERIOD_PATTERN, description="A month as YYYY-MM.")]
#: Rows to skip in a paginated list.
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
#: Rows per page.
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`: 50 rows by default, at most 500."""

    class Input(Schema):
        limit: Limit = Field(DEFAULT_PAGE_SIZE, description="Rows per page (≤ 500).")
        offset: Offset = Field(0, description="Rows to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


class ErrorOut(Schema):
    """Every error of the API but a refused value."""

    detail: str = Field(description="What went wrong, in the user's language.")


class ChangeOut(Schema):
    """A field written by someone else since the record was opened."""

    field: str = Field(description="The field's name, as in the record's body.")
    yours: Any = Field(description="The value this request sent (or the one it opened, if it sent none).")
    theirs: Any = Field(description="The value now.")
    by: str = Field(description="Who changed it (empty when not known).")
    at: str | None = Field(description="When (ISO 8601; empty when not known).")


class ConflictOut(Schema):
    """A write refused for the record's state: a stale write (`If-Match` or the body's `version` names a
    version the record has moved past) says what changed since."""

    detail: str = Field(description="What went wrong, in the user's language.")
    changed: list[ChangeOut] = Field(
        default_factory=list, description="The fields changed since the version the request named."
    )


class ValidationErrorOut(Schema):
    """A refused value (422): the message and the messages by field."""

    detail: str = Field(description="All the messages in one sentence, in the user's language.")
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
    return {"detail": " ".join(parts) or _("The input is not valid."), "errors": errors}


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
    names `pairing` on an agreement must not look as if it had moved it). No text may hold a NUL character
    (PostgreSQL cannot store one)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("nul_character", "NUL character")
        return value


#: The largest ordinal or count an integer column holds on every database (PostgreSQL's `integer`).
MAX_NUMBER = 2**31 - 1


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def unchanged(**constraints: Any) -> Any:
    """The default of a PATCH field: left out, it stays as it is (the handler dumps with
    `exclude_unset`). The field's type says whether `null` is taken; the schema shows no default."""
    return Field(None, json_schema_extra=_no_default, **constraints)


# --- the one error body ---------------------------------------------------------

#: The responses every operation may give besides its own, documented on each in the OpenAPI document.
SHARED_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("ErrorOut", "The request cannot be read (a malformed body or form)."),
    401: ("ErrorOut", "No valid token (`Authorization: Bearer <key>`) or signed-in session."),
    403: ("ErrorOut", "The user may not do this (e.g. a write on a pairing it only reads)."),
    404: ("ErrorOut", "No such record in the user's scope (its existence is not revealed)."),
    409: (
        "ConflictOut",
        "The request conflicts with the record's state; a stale write (`If-Match` or the body's `version` "
        "older than the record's) lists what changed since in `changed`.",
    ),
    413: ("ErrorOut", "The body is larger than this endpoint takes (docs/architecture.md, Input limits)."),
    422: ("ValidationErrorOut", "A value is refused: the message and the messages by field."),
    429: ("ErrorOut", "Too many requests of this kind: try again later."),
}

# pydantic's error types, in the user's language (pydantic's own messages are English and name internals).
_PYDANTIC_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("This field is not accepted here."),
    "int_parsing": gettext_lazy("Give a whole number."),
    "int_type": gettext_lazy("Give a whole number."),
    "int_from_float": gettext_lazy("Give a whole number."),
    "greater_than_equal": gettext_lazy("Give a value of at least %(ge)s."),
    "greater_than": gettext_lazy("Give a value greater than %(gt)s."),
    "less_than_equal": gettext_lazy("Give a value of at most %(le)s."),
    "less_than": gettext_lazy("Give a value less than %(lt)s."),
    "string_type": gettext_lazy("Give a text."),
    "string_too_short": gettext_lazy("Give at least %(min_length)s characters."),
    "string_too_long": gettext_lazy("Give at most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_lazy("The value does not have the expected form."),
    "enum": gettext_lazy("Give one of %(expected)s."),
    "literal_error": gettext_lazy("Give one of %(expected)s."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "bool_type": gettext_lazy("Give true or false."),
    "date_parsing": gettext_lazy("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Give a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Give a date as YYYY-MM-DD."),
    "date_type": gettext_lazy("Give a date as YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Give a date and time (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("Give a date and time (ISO 8601)."),
    "datetime_type": gettext_lazy("Give a date and time (ISO 8601)."),
    "decimal_parsing": gettext_lazy("Give a number."),
    "decimal_type": gettext_lazy("Give a number."),
    "float_parsing": gettext_lazy("Give a number."),
    "float_type": gettext_lazy("Give a number."),
    "finite_number": gettext_lazy("Give a number."),
    "decimal_max_digits": gettext_lazy("The number has too many digits."),
    "decimal_max_places": gettext_lazy("The number has too many decimal places."),
    "decimal_whole_digits": gettext_lazy("The number has too many digits."),
    "list_type": gettext_lazy("Give a list."),
    "dict_type": gettext_lazy("Give an object."),
    "model_type": gettext_lazy("Give an object."),
    "model_attributes_type": gettext_lazy("Give an object."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "value_error": gettext_lazy("This value is not accepted."),
    "nul_character": gettext_lazy("The text holds a NUL character."),
}

# The first element of a ninja error's location says where the value was (query, path, body, form, file);
# a body's second element is the handler's parameter name (`payload`), not a field the client sent.
_SOURCES = {"query", "path", "header", "cookie", "body", "form", "file"}


def _error_field(loc: Any) -> str:
    parts = list(loc or ())
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source in {"body", "form"} and parts and parts[0] == "payload":
            parts.pop(0)
    return ".".join(str(part) for part in parts) or NON_FIELD_ERRORS


def _error_message(error: dict[str, Any]) -> str:
    template = _PYDANTIC_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return _("This value is not accepted.")
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return str(template) % context
    except (KeyError, TypeError, ValueError):
        return _("This value is not accepted.")


def ninja_validation_body(exc: ninja_errors.ValidationError) -> dict[str, Any]:
    """The body of a refused request (ninja's parameter validation), in the shape of every 422."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        messages = errors.setdefault(_error_field(error.get("loc")), [])
        message = _error_message(error)
        if message not in messages:
            messages.append(message)
    return validation_error_body(ValidationError(errors))


def error_body(message: str) -> dict[str, str]:
    return {"detail": message}


def install_error_handlers(api: NinjaAPI) -> None:
    """The one error body on every error `api` answers: 422 with the messages by field, every other error
    `{"detail": str}`, never a traceback (a server error is logged, as Django logs one, and answered a plain
    message, with or without DEBUG)."""

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_ninja_validation(request: HttpRequest, exc: ninja_errors.ValidationError) -> HttpResponse:
        return respond(request, ninja_validation_body(exc), 422)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, validation_error_body(exc), 422)

    def on_http_error(request: HttpRequest, exc: ninja_errors.HttpError) -> HttpResponse:
        if isinstance(exc, ninja_errors.AuthenticationError):
            message = _("Sign in, or send a valid API token.")
        elif exc.status_code == 400 and str(exc) == "Cannot parse request body":  # ninja's own, in English
            message = _("The body is not valid JSON.")
        else:
            message = str(exc)
        return respond(request, error_body(message), exc.status_code)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, error_body(str(exc) or _("You may not do this.")), 403)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, error_body(str(exc) or _("Not found.")), 404)

    def on_stale_write(request: HttpRequest, exc: StaleWrite) -> HttpResponse:
        response = respond(request, exc.as_json(), 409)
        response["ETag"] = etag(exc.obj)
        return response

    def on_too_big(request: HttpRequest, _exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, error_body(too_large_message()), 413)

    def on_bad_request(request: HttpRequest, _exc: Exception) -> HttpResponse:
        return respond(request, error_body(_("The request cannot be read.")), 400)

    def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return respond(request, error_body(_("Server error: it has been logged.")), 500)

    api.exception_handler(Exception)(on_server_error)
    api.exception_handler(ninja_errors.ValidationError)(on_ninja_validation)
    api.exception_handler(ValidationError)(on_validation)
    api.exception_handler(ninja_errors.HttpError)(on_http_error)
    api.exception_handler(PermissionDenied)(on_permission_denied)
    api.exception_handler(Http404)(on_not_found)
    api.exception_handler(RequestDataTooBig)(on_too_big)
    api.exception_handler(StaleWrite)(on_stale_write)
    api.exception_handler(SuspiciousOperation)(on_bad_request)
    api.exception_handler(MultiPartParserError)(on_bad_request)


# --- versions: no lost update (core.versions) ------------------------------------------------------------

#: A record's version in a body: what a GET answered (`version`) and a write may name.
Version = Annotated[
    int, Field(ge=1, le=2**31 - 1, description="The version read; a write on an older one is a 409.")
]

#: The `If-Match` header of a write: the ETag a GET answered (`"3"`), or `*`.
IfMatch = Annotated[
    str | None,
    Header(
        None,
        alias="If-Match",
        description='The ETag of the version read (`"3"`): a record written since is not changed (409, '
        "with what changed). Without it (and without a body `version`) the write goes onto the record as it "
        "is now.",
    ),
]

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,10})"?\s*$')


def etag(obj: Any) -> str:
    """The ETag of a versioned record: its version, quoted."""
    return f'"{obj.version}"'


def with_etag(response: HttpResponse, obj: Any) -> Any:
    """Put the record's ETag on the answer (ninja's temporal response) and return the record."""
    response["ETag"] = etag(obj)
    return obj


def expected_version(if_match: str | None, body_version: int | None = None) -> int | None:
    """The version a write names: `If-Match` (a quoted version, weak or strong; `*` names none) or the
    body's `version`; both must agree. None: the write goes onto the record as it is now."""
    header: int | None = None
    if if_match is not None and if_match.strip() != "*":
        match = _ETAG.match(if_match)
        number = int(match.group(1)) if match else 0
        if not 1 <= number <= 2**31 - 1:
            raise ValidationError({"If-Match": _('Give the ETag a record was read with, e.g. "3".')})
        header = number
    if header is not None and body_version is not None and header != body_version:
        raise ValidationError({"version": _("The version and the If-Match header name different versions.")})
    return header if header is not None else body_version


def too_large_message() -> str:
    return _("The request is too large.")


class CounterpartAPI(NinjaAPI):
    """django-ninja with the one error body: every operation documents the shared error responses, so the
    OpenAPI document lists every status the API answers."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        document_shared_responses(schema)
        return schema


def document_shared_responses(schema: dict[str, Any]) -> None:
    """Add SHARED_RESPONSES to every operation of an OpenAPI document (those it documents stay)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in (
        ("ErrorOut", ErrorOut),
        ("ValidationErrorOut", ValidationErrorOut),
        ("ConflictOut", ConflictOut),
    ):
        components.setdefault(name, model.model_json_schema(ref_template="#/components/schemas/{model}"))
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, (name, description) in SHARED_RESPONSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                    },
                )
