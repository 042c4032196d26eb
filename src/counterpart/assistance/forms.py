"""Forms of the assistance records; each maps onto its service's arguments (`placement_record`,
`training_record`, `purchase_record`, `dispatch_record`, `award_record`). Pairings offered are those the
user writes; region codes are resolved in the view (an unknown code is shown beside its field). A training's
attendees are typed as resident ID numbers and resolved here to registry members the user may read; an ID
number is only ever shown masked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from counterpart.assistance.models import Award, Dispatch, Purchase, Training
from counterpart.core.ui import DateInput, Form
from counterpart.households import ids
from counterpart.households.models import Household, Member
from counterpart.households.selectors import members_by_id_numbers
from counterpart.households.services import IdLookupRateLimited
from counterpart.orgs.models import Organization, Person
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_choices


class _RecordForm(Form):
    pairing = forms.ModelChoiceField(label=_("Pairing"), queryset=Pairing.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["pairing"].queryset = pairing_choices(user=user, write=True)  # type: ignore[attr-defined]


def _organizations(*, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=Organization.objects.order_by("name", "id"), required=required)


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


#: Attendees named in one training form (the lookup is one `IN` query; SQLite allows 32 766 parameters).
MAX_ATTENDEES = 2000


class _IdNumbersTextarea(forms.Textarea):
    """Never renders a value: resident ID numbers typed in are not sent back in clear (after an error the
    list is pasted again)."""

    def format_value(self, _value: Any) -> None:
        return None


class TrainingForm(_RecordForm):
    topic = forms.CharField(label=_("Topic"), max_length=Training._meta.get_field("topic").max_length)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    trainees = forms.IntegerField(label=_("Trainees"), min_value=0, initial=0)
    organizer = _organizations(required=False)
    region = forms.CharField(label=_("Place (region code)"), max_length=12, required=False)
    members = forms.CharField(
        label=_("ID numbers of registry members who attended, one per line"),
        widget=_IdNumbersTextarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        required=False,
        help_text=_(
            "The number of trainees is at least the number of members listed. For privacy the list is not "
            "shown again if the form is refused: paste it anew."
        ),
    )

    field_order = ["pairing", "topic", "date", "trainees", "organizer", "region", "members"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].label = _("Organizer")

    def clean_members(self) -> list[Member]:
        """Each non-blank line is the ID number of a registry member the user may read (one query for all
        lines); each line's problem is reported with the number masked, never in clear, and an unknown
        number reads the same as one out of the user's scope. A number listed twice counts once."""
        lines = self.cleaned_data["members"].splitlines()
        count = sum(1 for line in lines if line.strip())
        if count > MAX_ATTENDEES:
            too_many = {"max": MAX_ATTENDEES, "n": count}
            raise forms.ValidationError(_("List at most %(max)d ID numbers; this list has %(n)d.") % too_many)
        errors: list[tuple[int, str]] = []
        numbers: list[tuple[int, str]] = []
        for line_number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                number, _birth = ids.validate(line)
            except ids.InvalidIdNumber as exc:
                reason = {"line": line_number, "number": ids.mask(line), "reason": exc}
                errors.append((line_number, _("Line %(line)d (%(number)s): %(reason)s") % reason))
            else:
                numbers.append((line_number, number))
        try:
            found = (
                members_by_id_numbers(user=self.user, numbers=[n for _line, n in numbers]) if numbers else {}
            )
        except IdLookupRateLimited as exc:
            raise forms.ValidationError(str(exc.args[0])) from exc
        for line_number, number in numbers:
            if number not in found:
                errors.append(
                    (
                        line_number,
                        _("Line %(line)d: %(number)s is not the ID number of a registry member you may see.")
                        % {"line": line_number, "number": ids.mask(number)},
                    )
                )
        if errors:
            raise forms.ValidationError([message for _line, message in sorted(errors)])
        return list({found[n].pk: found[n] for _line, n in numbers}.values())


class AwardForm(_RecordForm):
    title = forms.CharField(label=_("Award"), max_length=Award._meta.get_field("title").max_length)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    awarded_by = _organizations(required=False)
    recipient_org = _organizations(required=False)
    recipient_person = forms.ModelChoiceField(
        label=_("Awarded person"), queryset=Person.objects.order_by("name", "id"), required=False
    )

    field_order = ["pairing", "title", "date", "awarded_by", "recipient_org", "recipient_person"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["awarded_by"].label = _("Awarded by")
        self.fields["recipient_org"].label = _("Awarded group")
