# Standing meetings, explanation hearings and commitments come here from `sessions` (issue 11):
# state only, on the tables as they are (council_sessions_*, history tables included), so no row
# is copied and none is lost; 0002 renames the tables. Their content types move with them, so the
# obligations pointing at commitments (source) and the permissions keep pointing at them.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = [
    "standingmeeting",
    "historicalstandingmeeting",
    "explanationhearing",
    "historicalexplanationhearing",
    "commitment",
    "historicalcommitment",
]


def _move_content_types(apps, schema_editor, old, new):
    """Relabel the models' content types; where the new one exists already (a database that
    ran this before), repoint the generic links to it instead."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Obligation = apps.get_model("followups", "Obligation")
    for model in MOVED:
        found = ContentType.objects.filter(app_label=old, model=model).first()
        if found is None:
            continue
        target = ContentType.objects.filter(app_label=new, model=model).first()
        if target is None:
            found.app_label = new
            found.save(update_fields=["app_label"])
        else:
            Obligation.objects.filter(source_type=found).update(source_type=target)


def forward(apps, schema_editor):
    _move_content_types(apps, schema_editor, "council_sessions", "oversight")


def backward(apps, schema_editor):
    _move_content_types(apps, schema_editor, "oversight", "council_sessions")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('council_sessions', '0005_list_order_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('councils', '0005_capabilities'),
        ('followups', '0003_bench_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ExplanationHearing',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                    ('held_on', models.DateField(verbose_name='ngày giải trình')),
                    ('topic', models.CharField(max_length=500, verbose_name='vấn đề giải trình')),
                    ('conclusion', models.TextField(blank=True, verbose_name='kết luận')),
                    ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='councils.agency', verbose_name='cơ quan giải trình')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='councils.body', verbose_name='cơ quan tổ chức')),
                    ('council', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='explanation_hearings', to='councils.council', verbose_name='Hội đồng nhân dân')),
                ],
                options={
                    'verbose_name': 'phiên giải trình',
                    'verbose_name_plural': 'phiên giải trình',
                    'db_table': 'council_sessions_explanationhearing',
                    'ordering': ['-held_on', '-id'],
                },
            ),
            migrations.CreateModel(
                name='HistoricalCommitment',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='cập nhật lúc')),
                    ('content', models.TextField(verbose_name='nội dung cam kết')),
                    ('responsible', models.CharField(max_length=255, verbose_name='người, cơ quan cam kết')),
                    ('due_on', models.DateField(verbose_name='thời hạn')),
                    ('status', models.CharField(choices=[('open', 'Đang theo dõi'), ('kept', 'Đã thực hiện'), ('not_kept', 'Không thực hiện được')], default='open', max_length=10, verbose_name='tình trạng')),
                    ('kept_on', models.DateField(blank=True, null=True, verbose_name='ngày hoàn thành')),
                    ('progress', models.TextField(blank=True, verbose_name='kết quả theo dõi')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('council', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='councils.council', verbose_name='Hội đồng nhân dân')),
                    ('hearing', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='oversight.explanationhearing', verbose_name='phiên giải trình')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('question', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='council_sessions.question', verbose_name='chất vấn')),
                ],
                options={
                    'verbose_name': 'historical cam kết',
                    'verbose_name_plural': 'historical cam kết',
                    'db_table': 'council_sessions_historicalcommitment',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalStandingMeeting',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='cập nhật lúc')),
                    ('held_on', models.DateField(verbose_name='ngày họp')),
                    ('number', models.CharField(blank=True, max_length=20, verbose_name='phiên họp số')),
                    ('agenda', models.TextField(verbose_name='nội dung phiên họp')),
                    ('conclusions', models.TextField(blank=True, verbose_name='kết luận')),
                    ('conclusion_reference', models.CharField(blank=True, max_length=60, verbose_name='số thông báo kết luận')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('council', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='councils.council', verbose_name='Hội đồng nhân dân')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical phiên họp Thường trực HĐND',
                    'verbose_name_plural': 'historical phiên họp Thường trực HĐND',
                    'db_table': 'council_sessions_historicalstandingmeeting',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='StandingMeeting',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                    ('held_on', models.DateField(verbose_name='ngày họp')),
                    ('number', models.CharField(blank=True, max_length=20, verbose_name='phiên họp số')),
                    ('agenda', models.TextField(verbose_name='nội dung phiên họp')),
                    ('conclusions', models.TextField(blank=True, verbose_name='kết luận')),
                    ('conclusion_reference', models.CharField(blank=True, max_length=60, verbose_name='số thông báo kết luận')),
                    ('council', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='standing_meetings', to='councils.council', verbose_name='Hội đồng nhân dân')),
                ],
                options={
                    'verbose_name': 'phiên họp Thường trực HĐND',
                    'verbose_name_plural': 'phiên họp Thường trực HĐND',
                    'db_table': 'council_sessions_standingmeeting',
                    'ordering': ['-held_on', '-id'],
                },
            ),
            migrations.CreateModel(
                name='HistoricalExplanationHearing',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='cập nhật lúc')),
                    ('held_on', models.DateField(verbose_name='ngày giải trình')),
                    ('topic', models.CharField(max_length=500, verbose_name='vấn đề giải trình')),
                    ('conclusion', models.TextField(blank=True, verbose_name='kết luận')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='councils.agency', verbose_name='cơ quan giải trình')),
                    ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='councils.body', verbose_name='cơ quan tổ chức')),
                    ('council', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='councils.council', verbose_name='Hội đồng nhân dân')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='oversight.standingmeeting', verbose_name='tại phiên họp Thường trực')),
                ],
                options={
                    'verbose_name': 'historical phiên giải trình',
                    'verbose_name_plural': 'historical phiên giải trình',
                    'db_table': 'council_sessions_historicalexplanationhearing',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.AddField(
                model_name='explanationhearing',
                name='meeting',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hearings', to='oversight.standingmeeting', verbose_name='tại phiên họp Thường trực'),
            ),
            migrations.CreateModel(
                name='Commitment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                    ('content', models.TextField(verbose_name='nội dung cam kết')),
                    ('responsible', models.CharField(max_length=255, verbose_name='người, cơ quan cam kết')),
                    ('due_on', models.DateField(verbose_name='thời hạn')),
                    ('status', models.CharField(choices=[('open', 'Đang theo dõi'), ('kept', 'Đã thực hiện'), ('not_kept', 'Không thực hiện được')], default='open', max_length=10, verbose_name='tình trạng')),
                    ('kept_on', models.DateField(blank=True, null=True, verbose_name='ngày hoàn thành')),
                    ('progress', models.TextField(blank=True, verbose_name='kết quả theo dõi')),
                    ('council', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='councils.council', verbose_name='Hội đồng nhân dân')),
                    ('question', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='council_sessions.question', verbose_name='chất vấn')),
                    ('hearing', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='oversight.explanationhearing', verbose_name='phiên giải trình')),
                ],
                options={
                    'verbose_name': 'cam kết',
                    'verbose_name_plural': 'cam kết',
                    'db_table': 'council_sessions_commitment',
                    'ordering': ['due_on', 'id'],
                    'indexes': [models.Index(fields=['council', 'status', 'due_on'], name='council_ses_council_c3ce1b_idx'), models.Index(fields=['due_on', 'id'], name='council_ses_due_on_a96e98_idx'), models.Index(fields=['council', 'due_on', 'id'], name='commitment_council_order_idx'), models.Index(fields=['status', 'id'], name='commitment_status_order_idx')],
                    'constraints': [models.CheckConstraint(condition=models.Q(('question__isnull', False), ('hearing__isnull', False), _connector='OR'), name='commitment_has_source')],
                },
            ),
            migrations.AddIndex(
                model_name='standingmeeting',
                index=models.Index(fields=['council', 'held_on'], name='council_ses_council_f333cb_idx'),
            ),
            migrations.AddIndex(
                model_name='standingmeeting',
                index=models.Index(fields=['held_on', 'id'], name='standing_meeting_order_idx'),
            ),
            migrations.AddIndex(
                model_name='explanationhearing',
                index=models.Index(fields=['held_on', 'id'], name='hearing_order_idx'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
