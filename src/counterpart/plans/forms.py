"""Forms of the plans pages: they parse input; the rules live in `plans.services`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from counterpart.core.inputs import period_message, period_or_none
from counterpart.core.ui import DateInput, FilterForm, Form
from counterpart.orgs.models import Organization
from counterpart.plans.models import AuditFinding, Item
from counterpart.plans.status import ItemStatus


class ItemFilterForm(FilterForm):
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    deadline_before = forms.DateField(label=_("Deadline by"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", _("all units")),
            *((u.pk, u.display_name) for u in units),
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("any status")), *ItemStatus.choices]
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("any category")),
            *Item.Category.choices,
        ]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "unit_id": data.get("unit"),
            "status": data.get("status") or "",
            "category": data.get("category") or "",
            "deadline_before": data.get("deadline_before"),
            "search": data.get("q") or "",
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def parse_period(text: str | None) -> tuple[int, int] | None:
    """`YYYY-MM` as (year, month), None unless a month of the years `core.inputs` takes."""
    return period_or_none(text)


class PeriodField(forms.CharField):
    """A month as YYYY-MM (an `<input type="month">`)."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        period = parse_period(text)
        if period is None:
            raise forms.ValidationError(period_message())
        return period


class LedgerEntryForm(Form):
    period = PeriodField(label=_("Period (month)"))
    value = forms.DecimalField(
        label=_("Cumulative value"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text=_(
            "The total achieved since the start, up to the end of the month (a deliverable: percent)."
        ),
    )
    narrative = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    evidence = MultipleFileField(label=_("Evidence (PDF, JPG, PNG, XLSX, DOCX)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = timezone.localdate()
            self.fields["period"].initial = f"{today.year}-{today.month:02d}"


class ReviewForm(Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    #: The version of the entry the reviewer read: an entry corrected since is not accepted unseen.
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class ImportForm(Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organization.objects.none())
    target = forms.ChoiceField(label=_("Pairing"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=_("Empty: the year in the list's title, else the year most of its deadlines name."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args: Any, pairings: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = Organization.objects.order_by("name")
        cast(forms.ChoiceField, self.fields["target"]).choices = [
            ("", _("— none (the owner's own list) —")),
            *((p.pk, str(p)) for p in pairings),
        ]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"


class UnitReviewForm(Form):
    """The review step of a list import: for each unit no organization has, an existing organization
    (one of the candidates, or found by its exact name or alias) or a new organization in the owner's
    region under the name given. `choices()` is the answer `jobs.import_job_confirm` takes."""

    MATCH, CREATE = "match", "create"

    def __init__(self, *args: Any, units: list[dict[str, Any]], region: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for i, unit in enumerate(units):
            candidates = unit.get("candidates") or []
            self.fields[f"unit-{i}-action"] = forms.ChoiceField(
                label=unit["name"],
                choices=[
                    (self.MATCH, _("an existing organization")),
                    (self.CREATE, _("a new organization in %(region)s") % {"region": region or "—"}),
                ],
                widget=forms.RadioSelect,
                initial=self.MATCH if candidates else self.CREATE,
            )
            self.fields[f"unit-{i}-organization"] = forms.TypedChoiceField(
                label=_("Candidates"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("— choose —")), *((c["id"], c["name"]) for c in candidates)],
            )
            self.fields[f"unit-{i}-search"] = forms.CharField(
                label=_("or its exact name"), required=False, max_length=300
            )
            self.fields[f"unit-{i}-name"] = forms.CharField(
                label=_("Name of the new organization"),
                required=False,
                max_length=300,
                initial=unit.get("proposed") or unit["name"],
            )

    def rows(self) -> list[dict[str, Any]]:
        """Each unit with its bound fields, for the template."""
        return [
            {
                "unit": unit,
                "action": self[f"unit-{i}-action"],
                "organization": self[f"unit-{i}-organization"],
                "search": self[f"unit-{i}-search"],
                "name": self[f"unit-{i}-name"],
            }
            for i, unit in enumerate(self.units)
        ]

    def clean(self) -> dict[str, Any]:
        from counterpart.core.names import resolve_name

        data = super().clean() or {}
        self.answers: dict[str, dict[str, Any]] = {}
        for i, unit in enumerate(self.units):
            action = data.get(f"unit-{i}-action")
            if action == self.CREATE:
                name = (data.get(f"unit-{i}-name") or "").strip()
                if not name:
                    self.add_error(f"unit-{i}-name", _("Give the new organization's name."))
                    continue
                self.answers[unit["name"]] = {"create": name}
                continue
            pk = data.get(f"unit-{i}-organization")
            search = (data.get(f"unit-{i}-search") or "").strip()
            if search:
                found, candidates = resolve_name(Organization.objects.all(), search)
                if found is None:
                    self.add_error(
                        f"unit-{i}-search",
                        _("No single organization is named “%(name)s”.") % {"name": search}
                        if not candidates
                        else _("Several organizations are named “%(name)s”; choose one from the list.")
                        % {"name": search},
                    )
                    continue
                pk = found.pk
            if pk is None:
                self.add_error(f"unit-{i}-organization", _("Choose an organization or create one."))
                continue
            self.answers[unit["name"]] = {"organization": pk}
        return data

    def choices(self) -> dict[str, dict[str, Any]]:
        return self.answers


class SpotCheckForm(Form):
    """How many items to draw; an assessor may also give the number of an earlier draw to repeat it (the
    seed, an internal of the draw no one else is shown)."""

    sample_size = forms.IntegerField(label=_("Items to draw"), min_value=1, max_value=1000, initial=5)
    seed = forms.IntegerField(
        label=_("Repeat the draw numbered (leave empty for a new draw)"), required=False, min_value=0
    )

    def __init__(self, *args: Any, assessor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not assessor:
            del self.fields["seed"]


class SpotCheckResultForm(Form):
    result = forms.ChoiceField(
        choices=[("confirmed", _("confirmed")), ("discrepancy", _("discrepancy"))], label=_("Result")
    )
    note = forms.CharField(label=_("Note"), required=False)


class AgreementEntryForm(Form):
    period = PeriodField(label=_("Period (month)"))
    value = forms.DecimalField(
        label=_("Percent complete"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("Cumulative: how far the agreement is carried out at the end of the month (0–100)."),
    )
    narrative = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    evidence = MultipleFileField(label=_("Evidence (PDF, JPG, PNG, XLSX, DOCX)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = timezone.localdate()
            self.fields["period"].initial = f"{today.year}-{today.month:02d}"


class AuditFindingForm(Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label=_("Severity"), choices=AuditFinding.Severity.choices)
    deadline = forms.DateField(label=_("Rectification deadline"), widget=DateInput())

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            units if units is not None else Organization.objects.order_by("name")
        )
        if not self.is_bound:
            self.fields["severity"].initial = AuditFinding.Severity.MEDIUM


class RectificationForm(Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["date"].initial = timezone.localdate()


class AccountabilityForm(Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.none(), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Empty: the item's lead unit."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: Any = None, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["item"]).queryset = (
            items if items is not None else Item.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            units if units is not None else Organization.objects.order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("item") and not data.get("unit"):
            raise forms.ValidationError(_("Choose an item or a unit."))
        return data


class ExposeForm(Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
