"""`counterpart load-regions` (the spelling of the issue); same as `load_regions`."""

from counterpart.geo.management.commands.load_regions import Command

__all__ = ["Command"]
