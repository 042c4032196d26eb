"""`counterpart rotate-id-key` (the spelling of the issue); same as `rotate_id_key`."""

from counterpart.households.management.commands.rotate_id_key import Command

__all__ = ["Command"]
