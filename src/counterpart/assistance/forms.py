"""Forms of the assistance records; each maps onto its service's arguments (`placement_record`,
`purchase_record`, `dispatch_record`). Pairings offered are those the user writes; region codes are
resolved in the view (an unknown code is shown beside its field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from counterpart.assistance.models import Dispatch, Purchase
from counterpart.households.models import Household
from counterpart.orgs.models import Organization, Person
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_choices
from counterpart.web.forms import DateInput


class _RecordForm(forms.Form):
    pairing = forms.ModelChoiceField(label=_("Pairing"), queryset=Pairing.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairing_choices(user=user, write=True)  # type: ignore[attr-defined]


def _organizations() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=Organization.objects.order_by("name", "id"))


class PlacementForm(_RecordForm):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Household.objects.none())
    employer = _organizations()
    work_region = forms.CharField(label=_("Region of work (code)"), max_length=12)
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    monthly_wage = forms.DecimalField(label=_("Monthly wage (yuan)"), max_digits=12, decimal_places=2)

    field_order = ["pairing", "member", "employer", "work_region", "start_date", "monthly_wage"]

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = household.members.order_by("person_number", "id")  # type: ignore[attr-defined]
        self.fields["employer"].label = _("Employer")


class PurchaseForm(_RecordForm):
    buyer = _organizations()
    product = forms.CharField(label=_("Product"), max_length=200)
    seller = forms.ModelChoiceField(
        label=_("Seller"), queryset=Organization.objects.order_by("name", "id"), required=False
    )
    seller_region = forms.CharField(label=_("Seller's region (code)"), max_length=12)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=16, decimal_places=2)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Channel"), choices=Purchase.Channel.choices)

    field_order = ["pairing", "buyer", "product", "seller", "seller_region", "amount", "date", "channel"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buyer"].label = _("Buyer")


class DispatchForm(_RecordForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.order_by("name", "id"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Dispatch.Kind.choices)
    from_org = _organizations()
    to_org = _organizations()
    start_date = forms.DateField(label=_("Start of the term"), widget=DateInput())
    end_date = forms.DateField(label=_("End of the term"), widget=DateInput(), required=False)

    field_order = ["pairing", "person", "kind", "from_org", "to_org", "start_date", "end_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_org"].label = _("Sent by")
        self.fields["to_org"].label = _("Sent to")
