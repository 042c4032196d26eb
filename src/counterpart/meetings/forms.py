from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from counterpart.core.ui import DateInput, FilterForm, Form, add_version_field
from counterpart.meetings.models import Attendance, Meeting
from counterpart.meetings.selectors import meeting_choices
from counterpart.pairings.models import Pairing
from counterpart.pairings.selectors import pairing_choices


class MeetingFilterForm(FilterForm):
    pairing = forms.TypedChoiceField(label=_("Pairing"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1949, max_value=2100)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairing"].choices = [("", _("All pairings"))] + [  # type: ignore[attr-defined]
            (p.pk, str(p)) for p in pairing_choices(user=user)
        ]
        self.fields["kind"].choices = [("", _("All kinds")), *Meeting.Kind.choices]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of `meeting_list` (invalid ones are ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "pairing_id": data.get("pairing"),
            "kind": data.get("kind") or "",
            "year": data.get("year"),
            "search": (data.get("q") or "").strip(),
        }


class MeetingForm(Form):
    """The fields `meetings.services.meeting_create` / `meeting_update` take; choices limited to what the
    user may write."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    number = forms.IntegerField(
        label=_("Number"), required=False, min_value=1, help_text=_("9 for “the 9th”; empty if not numbered.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    pairing = forms.ModelChoiceField(label=_("Pairing"), queryset=Pairing.objects.none())
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("The larger meeting this one was held with, e.g. a signing ceremony at a joint meeting."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, user: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairing_choices(user=user, write=True)  # type: ignore[attr-defined]
        parents = meeting_choices(user=user, write=True).filter(parent__isnull=True)
        if meeting is not None:
            parents = parents.exclude(pk=meeting.pk)
            add_version_field(self, meeting.version)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict[str, Any]:
        return {name: getattr(meeting, name) for name in cls.base_fields}


class AttendeeForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(
        label=_("Role"), choices=Attendance.Role.choices, initial=Attendance.Role.ATTENDEE
    )
    title = forms.CharField(label=_("Title at the meeting"), max_length=300, required=False)


class DecisionForm(Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
