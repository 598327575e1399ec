from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "voters"
    label = "voters"
    verbose_name = _("Cử tri, tiếp công dân, đơn thư")

    def ready(self) -> None:
        # The statistics' summary follows the changes of what it counts made outside voters.
        from councils.services import UNIT_MOVE_WATCHERS
        from followups.models import Obligation
        from followups.watchers import WATCHERS
        from voters import statistics

        def obligations(rows):
            kind = Obligation.Kind.PETITION_ITEM
            return statistics.tracking(obligations=[o.pk for o in rows if o.kind == kind])

        WATCHERS.append(obligations)
        UNIT_MOVE_WATCHERS.append(lambda path: statistics.tracking(units=[path]))
