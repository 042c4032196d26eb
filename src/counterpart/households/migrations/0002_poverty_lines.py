"""Seeds the national poverty line per year. Only the 2010 value (2,300 yuan at 2010 prices, adopted in
2011) is confirmed in DOMAIN.md; the current-price values of later years are widely quoted figures that were
not checked against an official source here, so they are seeded as unconfirmed and shown so in the UI.
Edit them in the admin once confirmed."""

from decimal import Decimal

from django.db import migrations

LINES = [
    (2010, "2300", True, "2,300 yuan a year at 2010 prices, adopted 2011."),
    (2011, "2536", False, ""),
    (2012, "2625", False, ""),
    (2013, "2736", False, ""),
    (2014, "2800", False, ""),
    (2015, "2855", False, ""),
    (2016, "2952", False, ""),
    (2017, "2952", False, ""),
    (2018, "2995", False, ""),
    (2019, "3218", False, ""),
    (2020, "4000", False, "About 4,000 yuan at 2020 prices."),
]
UNCONFIRMED = "Unconfirmed: current-price value quoted in the press, not checked against an official source."


def seed(apps, schema_editor):
    PovertyLine = apps.get_model("households", "PovertyLine")
    for year, amount, confirmed, note in LINES:
        PovertyLine.objects.get_or_create(
            year=year,
            defaults={
                "amount": Decimal(amount),
                "confirmed": confirmed,
                "note": note if confirmed else f"{note} {UNCONFIRMED}".strip(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
