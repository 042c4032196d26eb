"""`counterpart import-households FILE` (the spelling of the issue); same as `import_households`."""

from counterpart.households.management.commands.import_households import Command

__all__ = ["Command"]
