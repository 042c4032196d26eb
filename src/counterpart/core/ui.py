"""UI helpers shared by every app's forms and views. They know no domain: this module imports only Django."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages as django_messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(
    form: forms.Form, exc: ValidationError, *, elsewhere: dict[str, list[str]] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message beside its field; messages about names
    listed in `elsewhere` (e.g. "parties", shown beside a formset) go to that list; the rest on top."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, messages in exc.message_dict.items():
        if elsewhere is not None and name in elsewhere:
            elsewhere[name].extend(messages)
        elif name in form.fields:
            for message in messages:
                form.add_error(name, message)
        else:
            for message in messages:
                form.add_error(None, message)


def paginate(request: Any, queryset: QuerySet[Any]) -> Page:
    """The requested page (settings.PAGE_SIZE rows); a bad or too-large page number gives the last page."""
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def is_htmx(request: Any) -> bool:
    """Whether htmx sent the request (django-htmx sets `request.htmx`); such requests get a fragment."""
    return bool(getattr(request, "htmx", False))


def query_value(request: Any, name: str, parse: Callable[..., Any], *, default: Any = None) -> Any:
    """A query parameter read by one of `core.inputs`' parsers (`parse_id`, `parse_year`, `parse_period`).
    A value outside the database's ranges is not an error page: the page says what is wrong (a message on
    top) and is shown as if the parameter were not given."""
    try:
        value = parse(request.GET.get(name), field=name)
    except ValidationError as exc:
        django_messages.error(request, " ".join(exc.messages))
        return default
    return default if value is None else value


def bad_request(request: Any, exc: ValidationError) -> HttpResponse:
    """The translated 400 page with the messages of `exc` (a query value a download cannot take)."""
    return render(request, "400.html", {"message": " ".join(exc.messages)}, status=400)


#: The label Django gives an empty choice; users never see it.
DJANGO_EMPTY_LABEL = "---------"


def label_empty_choices(form: forms.BaseForm, label: Any) -> None:
    """Give every empty choice of `form` a label in words instead of Django's "---------": a model choice
    field's `empty_label` and a choice field's ("", "---------") entry."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_EMPTY_LABEL:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]  # choices are normalised by now
            if any(value == "" and text == DJANGO_EMPTY_LABEL for value, text in choices):
                field.choices = [
                    (value, label if value == "" and text == DJANGO_EMPTY_LABEL else text)
                    for value, text in choices
                ]


class Form(forms.Form):
    """The base of the product's forms: an empty choice reads "请选择" (please choose). A form that sets its
    choices after `__init__` calls `label_empty_choices(self, self.empty_choice_label)` again."""

    empty_choice_label: Any = _("Please choose")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label_empty_choices(self, self.empty_choice_label)


class FilterForm(Form):
    """A list's filters: an empty choice reads "全部" (all), the list unfiltered."""

    empty_choice_label: Any = _("All")


# --- versions: no lost update (core.versions) ------------------------------------------------------------


def add_version_field(form: forms.Form, version: int | None) -> None:
    """A hidden `version` field: the version of the record the form was opened on. The edit service refuses
    a save when the record was written since (`core.versions.StaleWrite`); empty, the save goes through."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )
    if version is not None:
        form.initial["version"] = version


def show_stale_write(form: forms.Form, exc: Any) -> None:
    """Re-show `form` after a refused stale save (`StaleWrite`): the message on top, beside each field that
    changed its value now and who changed it when (a change of a field the form lacks on top). The user's
    input stays as typed; the hidden version takes the record's version now, so saving again — after
    checking — goes through."""
    form.add_error(None, exc.message)
    for change in exc.changes:
        if change.field in form.fields and change.field != "version":
            form.add_error(change.field, change.note)
        else:
            form.add_error(None, f"{change.label}: {change.note}")
    if "version" in form.fields:
        data: Any = form.data
        data = data.copy()  # a QueryDict: a mutable copy, every value of every field kept
        data[form.add_prefix("version")] = str(exc.version)
        form.data = data


#: The extra tag of a message that belongs beside one part of a page (`{% messages_at %}` of core_ui), not in
#: the page's top list: "inline <anchor>", the anchor being the id of the element it is about.
INLINE = "inline"


def inline_tag(anchor: str) -> str:
    """The `extra_tags` of a message shown beside the element with id `anchor`."""
    return f"{INLINE} {anchor}"
