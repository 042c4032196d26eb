"""Rate limits per user (or any key) over fixed windows, counted in Django's cache.

A limit is written `"20/m, 200/h"` (count per second, minute, hour or day); `hit` counts one use against every
window and says, when a window is full, how many seconds remain until it resets. The cache must be shared by
the processes that serve the site (the default local-memory cache counts per process) for the limit to hold
across them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def parse_limits(text: str) -> tuple[Limit, ...]:
    """`"20/m, 200/h"` as limits; an empty text is no limit."""
    limits = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        count, sep, unit = part.partition("/")
        unit = unit.strip().lower()[:1]
        if not sep or not count.strip().isdigit() or unit not in _UNITS:
            raise ImproperlyConfigured(f"A rate limit is written like 20/m or 200/h, not {part!r}.")
        limits.append(Limit(int(count), _UNITS[unit]))
    return tuple(limits)


def hit(
    scope: str, key: object, limits: tuple[Limit, ...], *, cost: int = 1, now: float | None = None
) -> int | None:
    """Count `cost` uses of `scope` by `key`; None if every limit allows them, else the seconds to wait.

    A refused use is not counted, so waiting out the window is enough."""
    moment = time.time() if now is None else now
    keys = []
    for limit in limits:
        window = int(moment // limit.seconds)
        cache_key = f"counterpart:rate:{scope}:{key}:{limit.seconds}:{window}"
        used = cache.get(cache_key, 0)
        if used + cost > limit.count:
            return max(1, int((window + 1) * limit.seconds - moment))
        keys.append((cache_key, limit.seconds))
    for cache_key, seconds in keys:
        if cache.add(cache_key, cost, timeout=seconds + 1):
            continue
        try:
            cache.incr(cache_key, cost)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, cost, timeout=seconds + 1)
    return None
