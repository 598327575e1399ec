"""Every commitment becomes an obligation of the follow-up engine (issue 11).

For each commitment: an obligation of kind "commitment" (council = the commitment's, owed by the
question's or the hearing's agency where one is recorded, else by the person or body named in
`responsible`; title and content from the commitment's text; start = the day it was made: the
answer's date, else the session's first planned day, or the hearing's date; the promised date as
the document's date), status -> outcome (kept -> done, ended on the day kept; not kept -> not
done, ended on the day it was so recorded), pointing back at the commitment. The follow-up text
(`progress`) becomes a progress report. The obligation's history replays the commitment's own
history rows (same dates, users and reasons), then records the move itself; the commitment's
history rows stay as they were (0005 keeps their old columns), so no entry loses a date. A
commitment that an obligation already follows (the benchmark's generator links them) keeps it.

Written with bulk statements in batches (the national benchmark has ~100 000 commitments), so it
runs the same rules as oversight.services without calling them: the rules below are copied
here on purpose, frozen as they were when the commitments moved.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from core.text import search_key

BATCH = 2000
REASON = "Chuyển sang theo dõi chung (việc phải thực hiện)"
OUTCOME = {"kept": "done", "not_kept": "not_done"}


def _title(text):
    return " ".join(text.split())[:500]


def _local_day(moment):
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def _keep_timestamps(model):
    """Let the copies keep the dates they were entered (auto_now would overwrite them)."""
    for field in model._meta.concrete_fields:
        if field.name in ("created_at", "updated_at"):
            field.auto_now = field.auto_now_add = False


def _made_on(commitment):
    """The day the promise was made (oversight.services.commitment_create)."""
    question = commitment.question
    if question is not None:
        return question.answered_on or question.session.planned_start
    return commitment.hearing.held_on


def _ended_on(status, kept_on, rows, updated_at):
    """Kept: the day kept. Otherwise the day the history first shows the final status, else
    the day the row was last changed."""
    if not OUTCOME.get(status):
        return None
    if status == "kept" and kept_on is not None:
        return kept_on
    for row in rows:
        if row["status"] == status:
            return _local_day(row["history_date"])
    return _local_day(updated_at)


def forward(apps, schema_editor):
    Commitment = apps.get_model("oversight", "Commitment")
    HistoricalCommitment = apps.get_model("oversight", "HistoricalCommitment")
    Obligation = apps.get_model("followups", "Obligation")
    HistoricalObligation = apps.get_model("followups", "HistoricalObligation")
    ObligationReport = apps.get_model("followups", "ObligationReport")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    _keep_timestamps(Obligation)
    _keep_timestamps(ObligationReport)
    if not Commitment.objects.filter(obligation__isnull=True).exists():
        return
    commitment_type, _ = ContentType.objects.get_or_create(
        app_label="oversight", model="commitment"
    )
    # Who wrote a follow-up text nobody's history names: the first administrator.
    fallback = (
        User.objects.order_by("-is_superuser", "id").values_list("pk", flat=True).first()
    )
    now = timezone.now()
    fields = [f.attname for f in Obligation._meta.concrete_fields]
    history_fields = ["id", "history_date", "history_type", "history_user_id",
                      "history_change_reason", "updated_at", "content", "responsible", "due_on",
                      "status", "kept_on", "progress"]  # fmt: skip

    def replayed(obligation, rows):
        """The obligation as each history row of its commitment saw it, then as migrated."""
        out = []
        for i, row in enumerate(rows):
            values = {f: getattr(obligation, f) for f in fields}
            title = _title(row["content"] or obligation.title) or obligation.title
            text = (row["content"] or "").strip()
            owed_by_text = "" if obligation.owed_by_id else (row["responsible"] or "").strip()
            due = row["due_on"] or obligation.due_on
            outcome = OUTCOME.get(row["status"], "")
            ended = None
            if outcome:
                ended = row["kept_on"] or _local_day(row["history_date"])
            values.update(
                title=title,
                content=text if text != title else "",
                owed_by_text=owed_by_text,
                search_text=search_key(f"{title} {owed_by_text}")[:800],
                start_on=min(obligation.start_on, due),
                fixed_due_on=due,
                due_on=due,
                outcome=outcome,
                ended_on=ended,
                updated_at=row["updated_at"],
            )
            out.append(
                HistoricalObligation(
                    **values,
                    history_date=row["history_date"],
                    history_type="+" if i == 0 else "~",
                    history_change_reason=row["history_change_reason"],
                    history_user_id=row["history_user_id"],
                )
            )
        out.append(
            HistoricalObligation(
                **{f: getattr(obligation, f) for f in fields},
                history_date=now,
                history_type="~" if rows else "+",
                history_change_reason=REASON,
                history_user_id=None,
            )
        )
        return out

    last_id = 0
    while True:
        batch = list(
            Commitment.objects.filter(pk__gt=last_id, obligation__isnull=True)
            .select_related("question__session", "hearing")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            break
        last_id = batch[-1].pk
        # A database whose commitments already have obligations pointing at them (the
        # benchmark's generator wrote them): link those, never a second one.
        linked = dict(
            Obligation.objects.filter(
                kind="commitment",
                source_type_id=commitment_type.pk,
                source_id__in=[c.pk for c in batch],
            ).values_list("source_id", "pk")
        )
        histories = {}
        for row in (
            HistoricalCommitment.objects.filter(id__in=[c.pk for c in batch])
            .exclude(history_type="-")
            .order_by("id", "history_date", "history_id")
            .values(*history_fields)
        ):
            histories.setdefault(row["id"], []).append(row)
        obligations = []
        for c in batch:
            if c.pk in linked:
                continue
            rows = histories.get(c.pk, [])
            agency_id = c.question.agency_id if c.question_id else c.hearing.agency_id
            owed_by_text = "" if agency_id else c.responsible.strip()
            start = min(_made_on(c), c.due_on)
            outcome = OUTCOME.get(c.status, "")
            ended = _ended_on(c.status, c.kept_on, rows, c.updated_at)
            if ended is not None:
                ended = max(ended, start)
            title = _title(c.content)
            text = c.content.strip()
            obligations.append(
                Obligation(
                    council_id=c.council_id,
                    kind="commitment",
                    owed_by_id=agency_id,
                    owed_by_text=owed_by_text,
                    title=title,
                    content=text if text != title else "",
                    search_text=search_key(f"{title} {owed_by_text}")[:800],
                    source_type_id=commitment_type.pk,
                    source_id=c.pk,
                    start_on=start,
                    fixed_due_on=c.due_on,
                    due_on=c.due_on,
                    outcome=outcome,
                    ended_on=ended,
                    created_at=c.created_at,
                    updated_at=c.updated_at,
                )
            )
        Obligation.objects.bulk_create(obligations, batch_size=BATCH)
        created = [c for c in batch if c.pk not in linked]
        HistoricalObligation.objects.bulk_create(
            [
                entry
                for c, o in zip(created, obligations, strict=True)
                for entry in replayed(o, histories.get(c.pk, []))
            ],
            batch_size=BATCH,
        )
        owner = {c.pk: o for c, o in zip(created, obligations, strict=True)}
        if linked:
            for o in Obligation.objects.filter(pk__in=linked.values()):
                owner[o.source_id] = o
        reports = []
        for c in batch:
            o = owner[c.pk]
            c.obligation_id = o.pk
            progress = c.progress.strip()
            if not progress:
                continue
            rows = histories.get(c.pk, [])
            wrote = [r["history_user_id"] for r in rows if r["progress"] == c.progress]
            named = [r["history_user_id"] for r in rows]
            author = next((u for u in [*reversed(wrote), *reversed(named)] if u), fallback)
            if author is None:
                continue  # no user at all: the text stays on the commitment's history rows
            reports.append(
                ObligationReport(
                    obligation_id=o.pk,
                    reported_on=max(o.ended_on or _local_day(c.updated_at), o.start_on),
                    content=progress,
                    author_id=author,
                    created_at=c.updated_at,
                    updated_at=c.updated_at,
                )
            )
        ObligationReport.objects.bulk_create(reports, batch_size=BATCH)
        Commitment.objects.bulk_update(batch, ["obligation"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("followups", "0003_bench_indexes"),
        ("oversight", "0003_commitment_obligation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Reversing leaves the obligations in place; 0005 cannot be reversed over existing
    # commitments (the columns it drops could not be refilled).
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
