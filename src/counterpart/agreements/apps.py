from typing import Any

from django.apps import AppConfig


def _meeting_agreements(*, user: Any, meeting: Any) -> dict[str, Any]:
    """The agreements signed at a meeting (or its parts) that `user` sees, for the meeting page and API."""
    from counterpart.agreements.selectors import agreement_list

    return {"agreements": agreement_list(user=user, meeting_id=meeting.pk)}


class AgreementsConfig(AppConfig):
    name = "counterpart.agreements"
    label = "agreements"

    def ready(self) -> None:
        from counterpart.core.extensions import contribute

        contribute("meeting", _meeting_agreements)
