"""Every implementation task becomes an obligation of the follow-up engine (issue 11).

For each task: an obligation (council = the resolution's, owed by the task's agency, title and
content from the task, start = the signing date, the typed deadline as the document's date,
status -> outcome, completion date -> end date), pointing back at the task; for an open task
with a report date, a "report request" obligation due that day; every implementation report's
text becomes a progress report of the task's obligation (its kind stays on the task's report
row). Each new obligation gets one creation history record; the task's own history rows are
left as they were (migration 0009 keeps their old date columns).

Written with bulk statements in batches (the national benchmark has 40 000 tasks), so it
runs the same rules as resolutions.services without calling them: the rules below are copied
here on purpose, frozen as they were when the tasks moved.
"""

from dateutil.relativedelta import relativedelta
from django.db import migrations
from django.utils import timezone

from core.text import search_key

BATCH = 2000
REASON = "Chuyển sang theo dõi chung (việc phải thực hiện)"
OPEN_ENDED = "Nghị quyết không ghi thời hạn; theo dõi đến hết nhiệm kỳ."
OUTCOME = {"done": "done", "not_done": "not_done"}


def _title(description):
    return " ".join(description.split())[:500]


def _local_day(moment):
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def _keep_timestamps(model):
    """Let the copies keep the dates they were entered (auto_now would overwrite them)."""
    for field in model._meta.concrete_fields:
        if field.name in ("created_at", "updated_at"):
            field.auto_now = field.auto_now_add = False


def forward(apps, schema_editor):
    Task = apps.get_model("resolutions", "ImplementationTask")
    Report = apps.get_model("resolutions", "ImplementationReport")
    Obligation = apps.get_model("followups", "Obligation")
    HistoricalObligation = apps.get_model("followups", "HistoricalObligation")
    ObligationReport = apps.get_model("followups", "ObligationReport")
    Term = apps.get_model("councils", "Term")
    ContentType = apps.get_model("contenttypes", "ContentType")
    _keep_timestamps(ObligationReport)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="resolutions", model="implementationtask"
    )
    terms = list(Term.objects.order_by("-start_on").values_list("start_on", "end_on"))
    now = timezone.now()
    fields = [f for f in Obligation._meta.concrete_fields]

    def history(obligations):
        HistoricalObligation.objects.bulk_create(
            [
                HistoricalObligation(
                    **{f.attname: getattr(o, f.attname) for f in fields},
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                    history_user_id=None,
                )
                for o in obligations
            ],
            batch_size=BATCH,
        )

    def open_ended(resolution, start):
        for begins, ends in terms:
            if begins <= start <= ends:
                due = ends
                break
        else:
            due = start + relativedelta(years=5)
        return due, {
            "exclusion": "roadmap",
            "exclusion_document_number": resolution.number or "—",
            "exclusion_document_date": resolution.issued_on or start,
            "exclusion_reason": OPEN_ENDED,
        }

    last_id = 0
    while True:
        tasks = list(
            Task.objects.filter(pk__gt=last_id, obligation__isnull=True)
            .select_related("resolution")
            .order_by("pk")[:BATCH]
        )
        if not tasks:
            break
        last_id = tasks[-1].pk
        reports = {}
        for report in Report.objects.filter(task__in=tasks).order_by("pk"):
            reports.setdefault(report.task_id, []).append(report)
        main, requests = [], []
        for task in tasks:
            resolution = task.resolution
            start = resolution.issued_on or _local_day(task.created_at)
            due, exclusion = task.due_on, {}
            if due is None:
                due, exclusion = open_ended(resolution, start)
            start = min(start, due)
            outcome = OUTCOME.get(task.status, "")
            ended = None
            if outcome:
                ended = max(task.completed_on or _local_day(task.updated_at), start)
            title = _title(task.description)
            text = task.description.strip()
            main.append(
                Obligation(
                    council_id=resolution.council_id,
                    kind="implementation_task",
                    owed_by_id=task.agency_id,
                    title=title,
                    content=text if text != title else "",
                    search_text=search_key(title)[:800],
                    source_type_id=task_type.pk,
                    source_id=task.pk,
                    start_on=start,
                    fixed_due_on=due,
                    due_on=due,
                    outcome=outcome,
                    ended_on=ended,
                    **exclusion,
                )
            )
            if not outcome and task.next_report_due is not None:
                periodic = [r.reported_on for r in reports.get(task.pk, []) if r.kind == "report"]
                begins = min(max(periodic, default=start), task.next_report_due)
                request_title = f"Báo cáo định kỳ: {title}"[:500]
                requests.append(
                    (
                        task,
                        Obligation(
                            council_id=resolution.council_id,
                            kind="report_request",
                            owed_by_id=task.agency_id,
                            title=request_title,
                            search_text=search_key(request_title)[:800],
                            source_type_id=task_type.pk,
                            source_id=task.pk,
                            start_on=begins,
                            fixed_due_on=task.next_report_due,
                            due_on=task.next_report_due,
                        ),
                    )
                )
        Obligation.objects.bulk_create(main, batch_size=BATCH)
        Obligation.objects.bulk_create([o for _t, o in requests], batch_size=BATCH)
        history(main + [o for _t, o in requests])
        for task, obligation in zip(tasks, main, strict=True):
            task.obligation_id = obligation.pk
        for task, obligation in requests:
            task.report_obligation_id = obligation.pk
        Task.objects.bulk_update(tasks, ["obligation", "report_obligation"], batch_size=BATCH)

        rows = [r for task in tasks for r in reports.get(task.pk, [])]
        owner = {task.pk: task.obligation_id for task in tasks}
        copies = [
            ObligationReport(
                obligation_id=owner[r.task_id],
                reported_on=r.reported_on,
                reference=r.reference,
                content=r.content,
                progress=r.progress,
                author_id=r.author_id,
                created_at=r.created_at,
                updated_at=r.updated_at,
            )
            for r in rows
        ]
        ObligationReport.objects.bulk_create(copies, batch_size=BATCH)
        for row, copy in zip(rows, copies, strict=True):
            row.report_id = copy.pk
        Report.objects.bulk_update(rows, ["report"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("councils", "0003_search_trigram"),
        ("followups", "0002_seed_holidays"),
        ("resolutions", "0008_task_obligation"),
    ]

    # Reversing leaves the obligations in place; 0009 cannot be reversed over existing tasks
    # (the old date columns it drops could not be refilled).
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
