from counterpart.plans.management.export_ledger import Command  # noqa: F401
