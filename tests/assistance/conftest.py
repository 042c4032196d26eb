"""The registry cast of tests/households is reused here."""

from tests.households.conftest import english, registry  # noqa: F401  # fixtures
