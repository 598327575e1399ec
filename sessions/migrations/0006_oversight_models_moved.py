# Standing meetings, explanation hearings and commitments moved to the `oversight` app (issue 11):
# they leave this app's state only; their tables stay (oversight 0001 takes them over as they are).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('council_sessions', '0005_list_order_indexes'),
        ('oversight', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='explanationhearing',
                name='agency',
            ),
            migrations.RemoveField(
                model_name='explanationhearing',
                name='body',
            ),
            migrations.RemoveField(
                model_name='explanationhearing',
                name='council',
            ),
            migrations.RemoveField(
                model_name='explanationhearing',
                name='meeting',
            ),
            migrations.RemoveField(
                model_name='historicalcommitment',
                name='hearing',
            ),
            migrations.RemoveField(
                model_name='historicalcommitment',
                name='council',
            ),
            migrations.RemoveField(
                model_name='historicalcommitment',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalcommitment',
                name='question',
            ),
            migrations.RemoveField(
                model_name='historicalexplanationhearing',
                name='agency',
            ),
            migrations.RemoveField(
                model_name='historicalexplanationhearing',
                name='body',
            ),
            migrations.RemoveField(
                model_name='historicalexplanationhearing',
                name='council',
            ),
            migrations.RemoveField(
                model_name='historicalexplanationhearing',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalexplanationhearing',
                name='meeting',
            ),
            migrations.RemoveField(
                model_name='historicalstandingmeeting',
                name='council',
            ),
            migrations.RemoveField(
                model_name='historicalstandingmeeting',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='standingmeeting',
                name='council',
            ),
            migrations.DeleteModel(
                name='Commitment',
            ),
            migrations.DeleteModel(
                name='ExplanationHearing',
            ),
            migrations.DeleteModel(
                name='HistoricalCommitment',
            ),
            migrations.DeleteModel(
                name='HistoricalExplanationHearing',
            ),
            migrations.DeleteModel(
                name='HistoricalStandingMeeting',
            ),
            migrations.DeleteModel(
                name='StandingMeeting',
            ),
            ],
            database_operations=[],
        ),
    ]
