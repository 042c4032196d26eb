from counterpart.plans.management.import_list import Command  # noqa: F401
