"""The ledger entries are an item's only: the agreement column and its constraints go (the agreement entries
moved to `agreements.ProgressReport` in 0005); a piece of evidence belongs to an entry or a report."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_agreement_entries_to_progress_reports'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='ledgerentry',
            name='plans_agreement_entry_one_per_period',
        ),
        migrations.RemoveConstraint(
            model_name='ledgerentry',
            name='plans_entry_item_xor_agreement',
        ),
        migrations.RemoveField(
            model_name='historicalledgerentry',
            name='agreement',
        ),
        migrations.RemoveField(
            model_name='ledgerentry',
            name='agreement',
        ),
        migrations.AlterField(
            model_name='ledgerentry',
            name='item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='plans.item', verbose_name='item'),
        ),
        migrations.AddConstraint(
            model_name='evidencefile',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('entry__isnull', False), ('report__isnull', True)), models.Q(('entry__isnull', True), ('report__isnull', False)), _connector='OR'), name='plans_evidence_entry_xor_report'),
        ),
    ]
