"""Job files are recorded relative to the job folder (`core.jobs.stored_name`), so a backup restored on
another machine or under another MEDIA_ROOT finds them: rewrite the absolute paths under the current folder
(paths elsewhere, a file given to the CLI, stay). Going back leaves the relative names, which
`core.jobs.resolve_stored` reads either way."""

from django.db import migrations

from counterpart.core.jobs import files_root, relative_job_paths


def forwards(apps, schema_editor):  # noqa: ANN001, ARG001
    model = apps.get_model("plans", "PlansJob")
    relative_job_paths(model, files_root("PLANS_JOB_DIR", "plans_jobs"), ("path", "result_path"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_item_units_and_deadline_kinds")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
