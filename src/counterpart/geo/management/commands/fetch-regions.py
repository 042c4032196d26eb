"""`counterpart fetch-regions`; same as `fetch_regions`."""

from counterpart.geo.management.commands.fetch_regions import Command

__all__ = ["Command"]
