from counterpart.funds.management.export_iati import Command  # noqa: F401
