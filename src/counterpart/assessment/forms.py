from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from counterpart.assessment.schemes import available_schemes, localized
from counterpart.core import inputs
from counterpart.core.ui import Form


class RunForm(Form):
    scheme = forms.ChoiceField(label=_("Scheme"))
    year = forms.IntegerField(label=_("Year"), min_value=inputs.MIN_YEAR, max_value=inputs.MAX_YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [  # type: ignore[attr-defined]
            (code, f"{localized(s.name)} (v{s.version})") for code, s in available_schemes().items()
        ]


class AdjustmentForm(Form):
    points = forms.DecimalField(
        label=_("Points (+/−)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal(-1000),
        max_value=Decimal(1000),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class StatementsForm(Form):
    self_assessment = forms.CharField(
        label=_("Self-assessment"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000
    )
    partner_opinion = forms.CharField(
        label=_("Partner's opinion"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
    )


class SampleForm(Form):
    size = forms.IntegerField(label=_("Subjects to check on site"), min_value=1, max_value=1000)
