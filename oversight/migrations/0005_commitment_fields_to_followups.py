# The commitment keeps only what the engine does not know (its source, text and who promised);
# its history table keeps the old columns (LegacyCommitmentHistory), so no history entry loses one.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('followups', '0003_bench_indexes'),
        ('oversight', '0004_commitments_onto_followups'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='commitment',
            options={'ordering': ['obligation__due_on', 'id'], 'verbose_name': 'cam kết', 'verbose_name_plural': 'cam kết'},
        ),
        migrations.RemoveIndex(
            model_name='commitment',
            name='commitment_council_status_idx',
        ),
        migrations.RemoveIndex(
            model_name='commitment',
            name='commitment_due_order_idx',
        ),
        migrations.RemoveIndex(
            model_name='commitment',
            name='commitment_council_order_idx',
        ),
        migrations.RemoveIndex(
            model_name='commitment',
            name='commitment_status_order_idx',
        ),
        migrations.RemoveField(
            model_name='commitment',
            name='due_on',
        ),
        migrations.RemoveField(
            model_name='commitment',
            name='kept_on',
        ),
        migrations.RemoveField(
            model_name='commitment',
            name='progress',
        ),
        migrations.RemoveField(
            model_name='commitment',
            name='status',
        ),
        migrations.AlterField(
            model_name='commitment',
            name='obligation',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='commitment', to='followups.obligation', verbose_name='việc theo dõi'),
        ),
        migrations.AlterField(
            model_name='historicalcommitment',
            name='due_on',
            field=models.DateField(blank=True, null=True, verbose_name='thời hạn'),
        ),
        migrations.AlterField(
            model_name='historicalcommitment',
            name='progress',
            field=models.TextField(blank=True, db_default='', verbose_name='kết quả theo dõi'),
        ),
        migrations.AlterField(
            model_name='historicalcommitment',
            name='status',
            field=models.CharField(blank=True, db_default='', max_length=10, verbose_name='tình trạng'),
        ),
    ]
