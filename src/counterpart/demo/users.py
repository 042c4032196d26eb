"""The demo logins: one per role of DESIGN §1, on the demo pairings."""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from counterpart.demo.records import demo_object
from counterpart.orgs.models import Organization
from counterpart.pairings.models import Pairing, ScopeGrant

#: Printed by `make run`; set DEMO_PASSWORD to choose another (it must pass AUTH_PASSWORD_VALIDATORS).
#: Only `ensure_demo_login` (run by `make run` and `make demo`) creates these users: never run it on a
#: production database.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "counterpart-demo")

# username, description, role, pairing key, side; REPORTERS below add the unit
DEMO_USERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("demo", "national assessor: every pairing", ScopeGrant.Role.ASSESSOR, "", ""),
    (
        "dalian",
        "Dalian cooperation office (Dalian → Liupanshui)",
        ScopeGrant.Role.OFFICE,
        "pairing-dalian_liupanshui",
        "helping",
    ),
    (
        "liupanshui",
        "Liupanshui cooperation office (Dalian → Liupanshui)",
        ScopeGrant.Role.OFFICE,
        "pairing-dalian_liupanshui",
        "helped",
    ),
    (
        "shanghai",
        "Shanghai cooperation office (Shanghai → Zunyi)",
        ScopeGrant.Role.OFFICE,
        "pairing-shanghai_zunyi",
        "helping",
    ),
    ("viewer", "viewer of Dalian → Liupanshui", ScopeGrant.Role.VIEWER, "pairing-dalian_liupanshui", ""),
    (
        "reporter",
        "unit reporter of a generated unit of Dalian's ecological list",
        ScopeGrant.Role.REPORTER,
        "",
        "",
    ),
)
#: The unit each reporter reports for (a demo key).
REPORTERS = {"reporter": "plans-generated-unit-01"}


@transaction.atomic
def ensure_demo_users() -> list[tuple[str, str]]:
    """Create the demo users with their grants, or reset their password; running it twice changes nothing.
    A DEMO_PASSWORD the password validators refuse raises ValidationError (no user is changed)."""
    user_model = get_user_model()
    made = []
    for username, description, role, pairing_key, side in DEMO_USERS:
        pairing = demo_object(pairing_key, Pairing) if pairing_key else None
        unit = demo_object(REPORTERS[username], Organization) if username in REPORTERS else None
        if (pairing_key and pairing is None) or (username in REPORTERS and unit is None):
            continue  # demo data not loaded
        user, _created = user_model.objects.get_or_create(username=username)
        validate_password(DEMO_PASSWORD, user)
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = username == "demo"
        user.save()
        ScopeGrant.objects.get_or_create(user=user, role=role, pairing=pairing, side=side, organization=unit)
        made.append((username, description))
    return made
