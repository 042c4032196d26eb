"""Extension points: how an app adds to the page or API answer of an app below it without that app
importing it (the apps form a tree, see docs/architecture.md).

A lower app names a point and asks for its contributions (`contributions("meeting", user=..., meeting=...)`);
a higher app registers a provider for it in its `AppConfig.ready()` (`contribute("meeting", provider)`). A
provider returns a dict that is merged into the page's context or read by the API. This module knows no
domain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Provider = Callable[..., dict[str, Any]]

_providers: dict[str, list[Provider]] = defaultdict(list)


def contribute(point: str, provider: Provider) -> None:
    """Register `provider` for `point` (once: registering the same function again is a no-op)."""
    if provider not in _providers[point]:
        _providers[point].append(provider)


def contributions(point: str, **kwargs: Any) -> dict[str, Any]:
    """The merged dicts of every provider of `point`, called with `kwargs`, in registration order."""
    merged: dict[str, Any] = {}
    for provider in _providers.get(point, ()):
        merged.update(provider(**kwargs))
    return merged
