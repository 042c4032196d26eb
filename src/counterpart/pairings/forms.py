from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from counterpart.core.ui import DateInput, FilterForm, Form
from counterpart.geo.forms import RegionField
from counterpart.pairings.models import Pairing
from counterpart.pairings.scope import scope_for
from counterpart.pairings.selectors import pairing_choices


class PairingSearchForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class PairingForm(Form):
    """The fields of `pairings.services.pairing_create`: both sides are regions of the national tree, found
    by the region picker; the parent limited to the pairings the user writes (an assessor may leave it
    empty for a top-level pairing)."""

    helper_region = RegionField(label=_("Helping region"))
    helped_region = RegionField(label=_("Helped region"))
    level = forms.ChoiceField(label=_("Level"), choices=Pairing.Level.choices)
    programme = forms.ChoiceField(label=_("Programme"), choices=Pairing.Programme.choices)
    parent = forms.ModelChoiceField(label=_("Part of"), queryset=Pairing.objects.none(), required=False)
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = pairing_choices(user=user, write=True)
        parent.empty_label = _("None (a top-level pairing)") if scope_for(user).everything else None
        parent.required = not scope_for(user).everything
