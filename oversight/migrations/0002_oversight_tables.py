# The moved tables take the oversight app's names (a rename: no row is copied).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('oversight', '0001_initial'),
    ]

    operations = [
        migrations.RenameIndex(
            model_name='commitment',
            new_name='commitment_council_status_idx',
            old_name='council_ses_council_c3ce1b_idx',
        ),
        migrations.RenameIndex(
            model_name='commitment',
            new_name='commitment_due_order_idx',
            old_name='council_ses_due_on_a96e98_idx',
        ),
        migrations.RenameIndex(
            model_name='standingmeeting',
            new_name='standing_meeting_council_idx',
            old_name='council_ses_council_f333cb_idx',
        ),
        migrations.AlterModelTable(
            name='commitment',
            table=None,
        ),
        migrations.AlterModelTable(
            name='explanationhearing',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicalcommitment',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicalexplanationhearing',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicalstandingmeeting',
            table=None,
        ),
        migrations.AlterModelTable(
            name='standingmeeting',
            table=None,
        ),
    ]
