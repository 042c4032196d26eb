from __future__ import annotations

import pytest

from counterpart.demo.households_demo import load_households_demo
from counterpart.households.models import Household


@pytest.mark.django_db
def test_demo_registry_is_generated_and_idempotent() -> None:
    assert load_households_demo(households=20) == 20
    assert load_households_demo(households=20) == 0
    assert Household.objects.count() == 20
    assert not Household.objects.filter(generated=False).exists()
