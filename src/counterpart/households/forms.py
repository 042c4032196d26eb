from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from counterpart.core.ui import DateInput, FilterForm, Form
from counterpart.households.models import Household, MonitoringFlag


class HouseholdSearchForm(FilterForm):
    number = forms.CharField(label=_("Household number"), required=False, max_length=40)
    name = forms.CharField(label=_("Member name"), required=False, max_length=100)
    village = forms.CharField(label=_("Village (name or code)"), required=False, max_length=100)
    id_number = forms.CharField(
        label=_("ID number (exact)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Household.Status.choices]
    )

    def __init__(self, *args: Any, id_search: bool = True, **kwargs: Any) -> None:
        """`id_search`: the user may search by ID number (it may unmask numbers somewhere); otherwise the
        field is not shown and a number given anyway is refused."""
        super().__init__(*args, **kwargs)
        self.id_search = id_search
        if not id_search:
            self.fields["id_number"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.id_search and str(data.get("id_number", "")).strip():
            raise forms.ValidationError(
                _("Searching by ID number is for those who may see ID numbers in clear.")
            )
        return data

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class StatusChangeForm(Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=Household.Status.choices)
    year = forms.IntegerField(label=_("Year (for exit)"), required=False, min_value=2000, max_value=2100)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class FlagReviewForm(Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (MonitoringFlag.Outcome.MONITORED, _("Confirm: put under monitoring")),
            (MonitoringFlag.Outcome.DISMISSED, _("Dismiss")),
        ],
    )
    to_status = forms.ChoiceField(
        label=_("Monitoring category"),
        required=False,
        choices=[("", "—"), *((s.value, s.label) for s in Household.MONITORED)],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ImportForm(Form):
    file = forms.FileField(label=_("Registry file (.csv or .xlsx)"))
    year = forms.IntegerField(
        label=_("Year of the incomes"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_(
            "Leave it empty when the file says it (a 年度 or 数据日期 column, the title, or a column such as "
            "2021年人均纯收入); a file that does not say it is refused until you give it."
        ),
    )


class SummaryForm(Form):
    region = forms.CharField(label=_("Region code"), required=False, max_length=12)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class UnmaskLogFilterForm(FilterForm):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    household = forms.CharField(label=_("Household number"), required=False, max_length=40)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
