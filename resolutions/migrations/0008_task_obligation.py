# The follow-up engine takes over implementation tasks (issue 11): the links, nullable until
# 0008 has created an obligation for every task.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("followups", "0002_seed_holidays"),
        ("resolutions", "0007_list_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="implementationtask",
            name="obligation",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="implementation_task",
                to="followups.obligation",
                verbose_name="việc theo dõi",
            ),
        ),
        migrations.AddField(
            model_name="implementationtask",
            name="report_obligation",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="periodic_report_of",
                to="followups.obligation",
                verbose_name="báo cáo định kỳ phải nộp",
            ),
        ),
        migrations.AddField(
            model_name="historicalimplementationtask",
            name="obligation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="followups.obligation",
                verbose_name="việc theo dõi",
            ),
        ),
        migrations.AddField(
            model_name="historicalimplementationtask",
            name="report_obligation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="followups.obligation",
                verbose_name="báo cáo định kỳ phải nộp",
            ),
        ),
        migrations.AddField(
            model_name="implementationreport",
            name="report",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="implementation_report",
                to="followups.obligationreport",
                verbose_name="báo cáo tiến độ",
            ),
        ),
    ]
