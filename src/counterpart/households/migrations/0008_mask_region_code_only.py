"""The mask keeps the region code only (docs/roles.md): the last 4 characters it used to keep, with the birth
date shown beside them, gave the whole number back. Rewrites the stored masks of members and of their history
in one UPDATE each (the region code is the first 6 characters of the old mask); not reversible, as the
dropped characters are not stored in clear anywhere."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Length, Substr

STARS = "*" * 12


def remask(apps, schema_editor):
    for name in ("Member", "HistoricalMember"):
        model = apps.get_model("households", name)
        model.objects.annotate(n=Length("id_masked")).filter(n=18).exclude(id_masked__endswith=STARS).update(
            id_masked=Concat(Substr("id_masked", 1, 6), Value(STARS))
        )


class Migration(migrations.Migration):
    dependencies = [("households", "0007_unmask_log_address")]

    operations = [migrations.RunPython(remask, migrations.RunPython.noop, elidable=True)]
