from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from counterpart.agreements.models import Agreement, AgreementParty
from counterpart.agreements.selectors import SORTS
from counterpart.agreements.services import CURRENCIES
from counterpart.core.ui import DateInput, FilterForm, Form, add_version_field
from counterpart.meetings.models import Meeting
from counterpart.meetings.selectors import meeting_choices
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_choices

#: Status filter values: the stored statuses, where "stalled" selects the computed flag.
STATUS_FILTER_CHOICES = [
    ("", _("All statuses")),
    *[
        (value, _("stalled (flagged or marked)") if value == Agreement.Status.STALLED else label)
        for value, label in Agreement.Status.choices
    ],
]


class AgreementFilterForm(FilterForm):
    pairing = forms.TypedChoiceField(label=_("Pairing"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER_CHOICES)
    year = forms.IntegerField(label=_("Year signed"), required=False, min_value=1949, max_value=2100)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS], widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairing"].choices = [("", _("All pairings"))] + [  # type: ignore[attr-defined]
            (p.pk, str(p)) for p in pairing_choices(user=user)
        ]
        self.fields["kind"].choices = [("", _("All kinds")), *Agreement.Kind.choices]  # type: ignore[attr-defined]
        self.fields["sector"].choices = [("", _("All sectors")), *Agreement.Sector.choices]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of `agreement_list` (invalid ones are ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "pairing_id": data.get("pairing"),
            "kind": data.get("kind") or "",
            "sector": data.get("sector") or "",
            "status": data.get("status") or "",
            "year": data.get("year"),
            "search": (data.get("q") or "").strip(),
            "sort": data.get("sort") or "-signed",
        }


class AgreementForm(Form):
    """The fields of `agreements.services.agreement_create` / `agreement_update` (the pairing only on
    create); the parties and milestones come from the formsets beside it."""

    pairing = forms.ModelChoiceField(label=_("Pairing"), queryset=Pairing.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Agreement.Kind.choices, initial=Agreement.Kind.COOPERATION
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=Agreement.Sector.choices, initial=Agreement.Sector.GENERAL
    )
    meeting = forms.ModelChoiceField(
        label=_("Signed at"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("The meeting it was signed at, if any."),
    )
    signed_date = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the date of the meeting it was signed at."),
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())
    value = forms.DecimalField(label=_("Value"), required=False, min_value=0, max_digits=16, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES], initial="CNY")
    status = forms.ChoiceField(
        label=_("Status"), choices=Agreement.Status.choices, initial=Agreement.Status.SIGNED
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, user: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agreement is None:
            self.fields["pairing"].queryset = pairing_choices(user=user, write=True)  # type: ignore[attr-defined]
            meetings = meeting_choices(user=user)
        else:
            del self.fields["pairing"]
            pairing = agreement.pairing
            meetings = meeting_choices(
                user=user, pairing_ids=[pairing.pk, *filter(None, [pairing.parent_id])]
            )
            add_version_field(self, agreement.version)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, agreement: Agreement) -> dict[str, Any]:
        return {name: getattr(agreement, name) for name in cls.base_fields if name != "pairing"}


class PartyForm(Form):
    organization = forms.TypedChoiceField(
        label=_("Organization"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=AgreementParty.Role.choices, initial=AgreementParty.Role.PARTY
    )

    def __init__(self, *args: Any, organization_choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organization_choices  # type: ignore[attr-defined]


PartyFormSet = forms.formset_factory(PartyForm, extra=2)


class MilestoneForm(Form):
    what = forms.CharField(label=_("Milestone"), max_length=300, required=False)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("what")) != bool(data.get("due_date")):
            raise forms.ValidationError(_("Give both the milestone and its due date, or neither."))
        return data


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2)


class MilestoneAddForm(Form):
    what = forms.CharField(label=_("Milestone"), max_length=300)
    due_date = forms.DateField(label=_("Due"), widget=DateInput())


class MilestoneDoneForm(Form):
    done_date = forms.DateField(label=_("Done on"), widget=DateInput(), initial=timezone.localdate)


class ProgressReportForm(Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DateInput(), initial=timezone.localdate)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    status_after = forms.ChoiceField(
        label=_("Status after this report"),
        required=False,
        choices=[("", _("unchanged")), *Agreement.Status.choices],
        help_text=_("A first report moves a signed agreement to “implementing”."),
    )
