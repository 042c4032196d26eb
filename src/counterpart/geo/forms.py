"""The region search form and the region picker: a search box that lists regions as one types (with their
parent chain, so two 新村 differ) and keeps the chosen code — never a <select> of 665k options. Without
script the box takes a code or a name that names one region."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from counterpart.core.names import resolve_name
from counterpart.core.ui import FilterForm
from counterpart.geo.models import Region
from counterpart.geo.selectors import region_chain, search_text

CHAIN_SEPARATOR = " › "


def chain_label(region: Region) -> str:
    return CHAIN_SEPARATOR.join(r.display_name for r in region_chain(region))


class RegionSearchForm(FilterForm):
    q = forms.CharField(label=_("Region"), max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("any level")), *Region.Level.choices]
    )


class RegionPicker(forms.Widget):
    template_name = "geo/widgets/region_picker.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:  # noqa: ARG002
        """The chosen code, or what was typed when nothing was chosen."""
        return (data.get(name) or "").strip() or (data.get(f"{name}__text") or "").strip()

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        region = value if isinstance(value, Region) else None
        if region is None and isinstance(value, str | int) and str(value).isdigit():
            region = (
                Region.objects.filter(code=str(value))
                .select_related("parent__parent__parent__parent")
                .first()
            )
        if region is None and isinstance(value, int):
            region = Region.objects.filter(pk=value).select_related("parent__parent__parent__parent").first()
        context["widget"].update(
            code=region.code if region else "",
            label=chain_label(region) if region else (value or ""),
            search_url=reverse("geo:search"),
        )
        return context


class RegionField(forms.Field):
    """Any region of the national tree, by the code the picker keeps or a code or name typed."""

    widget = RegionPicker
    default_error_messages = {
        "unknown": _("No region is called or coded “%(text)s”: choose one from the list."),
        "ambiguous": _("Several regions are called “%(text)s”: choose one from the list."),
    }

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Region) else value

    def to_python(self, value: Any) -> Region | None:
        if isinstance(value, Region):
            return value
        text = (value or "").strip()
        if not text:
            return None
        text = text.split(CHAIN_SEPARATOR.strip())[-1].strip()  # a chain label typed back
        if text.isascii() and text.isdigit():
            region = Region.objects.filter(code=text).first()
            if region is None:
                raise ValidationError(self.error_messages["unknown"], code="unknown", params={"text": text})
            return region
        region, candidates = resolve_name(Region.objects.all(), search_text(text))
        if region is None:
            key = "ambiguous" if candidates else "unknown"
            raise ValidationError(self.error_messages[key], code=key, params={"text": text})
        return region
