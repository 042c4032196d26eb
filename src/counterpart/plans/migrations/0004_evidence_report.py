"""Evidence can belong to an agreement's progress report (before the agreement ledger entries move there)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0002_progress_report_period_review'),
        ('plans', '0003_background_job_preview'),
    ]

    operations = [
        migrations.AddField(
            model_name='evidencefile',
            name='report',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='agreements.progressreport', verbose_name='progress report'),
        ),
        migrations.AddField(
            model_name='historicalevidencefile',
            name='report',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.progressreport', verbose_name='progress report'),
        ),
        migrations.AlterField(
            model_name='evidencefile',
            name='entry',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='plans.ledgerentry', verbose_name='ledger entry'),
        ),
    ]
