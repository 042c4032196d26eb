from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from counterpart.core.inputs import MAX_YEAR, MIN_YEAR
from counterpart.core.ui import DateInput, Form
from counterpart.funds.tables import UNIT_CHOICES


class ProjectImportForm(Form):
    """The upload of an allocation or project table: the file, the pairing, the year of the funds, the
    unit of amounts the table does not state and the date of the allocation."""

    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    pairing = forms.ChoiceField(label=_("Pairing"))
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    unit = forms.ChoiceField(
        label=_("Unit of the amounts"),
        required=False,
        help_text=_("Only for a table that states its unit nowhere (not in a header, a row or the cells)."),
    )
    date = forms.DateField(
        label=_("Date of the allocation"),
        required=False,
        widget=DateInput,
        help_text=_("Empty: 1 January of the year."),
    )

    def __init__(self, *args: Any, pairings: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["pairing"]).choices = [(p.pk, str(p)) for p in pairings]
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", _("stated in the table")),
            *((u, u) for u in UNIT_CHOICES),
        ]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
