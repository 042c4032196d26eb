"""Job files are recorded relative to the job folder (`core.jobs.stored_name`), so a backup restored on
another machine or under another MEDIA_ROOT finds them: rewrite the absolute paths under the current folder
(paths elsewhere, a file given to the CLI, stay). Going back leaves the relative names, which
`core.jobs.resolve_stored` reads either way."""

from django.db import migrations

from counterpart.core.jobs import files_root, relative_job_paths


def forwards(apps, schema_editor):  # noqa: ANN001, ARG001
    model = apps.get_model("households", "ImportJob")
    relative_job_paths(model, files_root("HOUSEHOLD_IMPORT_DIR", "household_imports"), ("path", "error_report"))


class Migration(migrations.Migration):
    dependencies = [("households", "0009_job_language")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
