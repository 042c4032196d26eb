"""The plans and registry casts, for the backup test that builds both."""

from tests.households.conftest import registry
from tests.plans.conftest import plans

__all__ = ["plans", "registry"]
