"""Open obligations of one kind by due date: the overdue tasks list's two sets of ids."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0005_list_state_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="obligation",
            index=models.Index(
                condition=models.Q(("outcome", ""), ("withdrawn_at__isnull", True)),
                fields=["kind", "due_on", "id"],
                name="obligation_open_kind_due",
            ),
        ),
    ]
