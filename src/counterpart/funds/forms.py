"""Forms of the funds pages: the project list's filters, the project form and the transaction form. They
only parse; `funds.services` keeps the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from counterpart.core.inputs import MAX_YEAR, MIN_YEAR
from counterpart.core.ui import DateInput, FilterForm, Form
from counterpart.funds.models import FundingSource, Project, Sector, Stage, Transaction
from counterpart.funds.selectors import SORTS, organization_choices
from counterpart.geo.forms import RegionField
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_choices

#: Place fields on the project form (a project is built in one or several regions).
PLACE_SLOTS = 4


class ProjectFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    pairing = forms.TypedChoiceField(label=_("Pairing"), required=False, coerce=int, empty_value=None)
    county = RegionField(label=_("County"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    alerts = forms.BooleanField(label=_("With alerts only"), required=False)
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS], widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairing"].choices = [("", _("All pairings"))] + [  # type: ignore[attr-defined]
            (p.pk, str(p)) for p in pairing_choices(user=user)
        ]
        self.fields["sector"].choices = [("", _("All sectors")), *Sector.choices]  # type: ignore[attr-defined]
        self.fields["stage"].choices = [("", _("All stages")), *Stage.choices]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of `project_list` (invalid ones are ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        county = data.get("county")
        return {
            "pairing_id": data.get("pairing"),
            "county_code": county.code if county is not None else "",
            "sector": data.get("sector") or "",
            "stage": data.get("stage") or "",
            "year": data.get("year"),
            "search": (data.get("q") or "").strip(),
            "alerts_only": bool(data.get("alerts")),
            "sort": data.get("sort") or "-year",
        }


class ProjectForm(Form):
    """The fields of `funds.services.project_create` / `project_update` (the pairing only on create)."""

    pairing = forms.ModelChoiceField(label=_("Pairing"), queryset=Pairing.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Project"), max_length=300)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, initial=Sector.OTHER)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.RESERVE)
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    places_text = forms.CharField(
        label=_("Places as written"),
        required=False,
        max_length=500,
        help_text=_("For places that are not one region, e.g. “全市24个镇”."),
    )
    implementing_org = forms.TypedChoiceField(
        label=_("Implementing organization"), required=False, coerce=int, empty_value=None
    )
    budget = forms.DecimalField(
        label=_("Budget (yuan)"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DateInput())
    actual_end = forms.DateField(label=_("Actual end"), required=False, widget=DateInput())
    villages = forms.IntegerField(label=_("Villages benefiting"), required=False, min_value=0)
    households = forms.IntegerField(label=_("Households benefiting"), required=False, min_value=0)
    people = forms.IntegerField(label=_("People benefiting"), required=False, min_value=0)
    poor_people = forms.IntegerField(label=_("Of them registered poor people"), required=False, min_value=0)

    def __init__(self, *args: Any, user: Any, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, PLACE_SLOTS + 1):
            self.fields[f"place_{n}"] = RegionField(label=_("Place %(n)s") % {"n": n}, required=False)
        for source, label in FundingSource.choices:
            self.fields[f"funding_{source}"] = forms.DecimalField(
                label=label, required=False, min_value=0, max_digits=16, decimal_places=2
            )
        if project is None:
            self.fields["pairing"].queryset = pairing_choices(user=user, write=True)  # type: ignore[attr-defined]
            orgs = organization_choices(user=user)
        else:
            del self.fields["pairing"]
            orgs = organization_choices(user=user, pairing=project.pairing)
        self._orgs = {org.pk: org for org in orgs}
        self.fields["implementing_org"].choices = [  # type: ignore[attr-defined]
            ("", _("none")),
            *((pk, str(org)) for pk, org in self._orgs.items()),
        ]

    def place_fields(self) -> list[Any]:
        return [self[f"place_{n}"] for n in range(1, PLACE_SLOTS + 1)]

    def funding_fields(self) -> list[Any]:
        return [self[f"funding_{source}"] for source in FundingSource.values]

    @staticmethod
    def initial_from(project: Project) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(project, name)
            for name in (
                "title",
                "sector",
                "year",
                "stage",
                "content",
                "places_text",
                "budget",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "villages",
                "households",
                "people",
                "poor_people",
            )
        }
        initial["implementing_org"] = project.implementing_org_id
        for n, place in enumerate(project.project_places.all(), start=1):
            if n <= PLACE_SLOTS:
                initial[f"place_{n}"] = place.region
        for funding in project.fundings.all():
            initial[f"funding_{funding.source}"] = funding.amount
        return initial

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as the services' keyword arguments (places, fundings, organization gathered)."""
        data = dict(self.cleaned_data)
        places = [data.pop(f"place_{n}") for n in range(1, PLACE_SLOTS + 1)]
        data["places"] = list({p.pk: p for p in places if p is not None}.values())
        data["fundings"] = {source: data.pop(f"funding_{source}") for source in FundingSource.values}
        org_id = data.pop("implementing_org")
        data["implementing_org"] = self._orgs.get(org_id) if org_id else None
        return data


class TransactionForm(Form):
    kind = forms.TypedChoiceField(label=_("Transaction type"), choices=Transaction.Kind.choices, coerce=int)
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    provider_org = forms.TypedChoiceField(label=_("Provider"), required=False, coerce=int, empty_value=None)
    receiver_org = forms.TypedChoiceField(label=_("Receiver"), required=False, coerce=int, empty_value=None)
    funding_source = forms.ChoiceField(label=_("Source of funds"), required=False)
    recipient_region = RegionField(label=_("Recipient region"), required=False)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)

    def __init__(self, *args: Any, user: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._orgs = {org.pk: org for org in organization_choices(user=user, pairing=project.pairing)}
        choices = [("", _("none")), *((pk, str(org)) for pk, org in self._orgs.items())]
        self.fields["provider_org"].choices = choices  # type: ignore[attr-defined]
        self.fields["receiver_org"].choices = choices  # type: ignore[attr-defined]
        self.fields["funding_source"].choices = [("", _("not stated")), *FundingSource.choices]  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["provider_org"] = self._orgs.get(data["provider_org"]) if data["provider_org"] else None
        data["receiver_org"] = self._orgs.get(data["receiver_org"]) if data["receiver_org"] else None
        return data


class NoticeForm(Form):
    """The public notice's choices (`funds.notice.public_notice`): a county and a year, and what is printed
    with the table. Bound to the query string; nothing is stored."""

    county = RegionField(
        label=_("County"),
        help_text=_("A county or district: its projects and those of its towns and villages."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    pairing = forms.TypedChoiceField(label=_("Pairing"), required=False, coerce=int, empty_value=None)
    published = forms.DateField(label=_("Date of the notice"), required=False, widget=DateInput())
    days = forms.IntegerField(
        label=_("Notice period (days)"), required=False, min_value=1, max_value=90, initial=10
    )
    publisher = forms.CharField(label=_("Publishing unit"), required=False, max_length=100)
    phone = forms.CharField(label=_("Supervision phone"), required=False, max_length=40)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairing"].choices = [("", _("All pairings"))] + [  # type: ignore[attr-defined]
            (p.pk, str(p)) for p in pairing_choices(user=user)
        ]

    def clean_county(self) -> Any:
        county = self.cleaned_data["county"]
        if county is not None and county.level != county.Level.COUNTY:
            raise forms.ValidationError(
                _("“%(name)s” is a %(level)s: choose a county or district."),
                code="not_county",
                params={"name": county.name, "level": county.get_level_display()},
            )
        return county

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(c.isdigit() or c in "-+() 转" for c in phone):
            raise forms.ValidationError(_("A phone number has digits, spaces and “-” only."), code="phone")
        return phone

    def notice_arguments(self) -> dict[str, Any]:
        """The valid choices as keyword arguments of `public_notice` (call after `is_valid()`)."""
        data = self.cleaned_data
        return {
            "county": data["county"],
            "year": data["year"],
            "pairing_id": data.get("pairing"),
            "published": data.get("published") or timezone.localdate(),
            "days": data.get("days") or 10,
            "publisher": (data.get("publisher") or "").strip(),
            "phone": data.get("phone") or "",
        }
