from counterpart.funds.management.import_projects import Command  # noqa: F401
