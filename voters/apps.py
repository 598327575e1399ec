from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "voters"
    label = "voters"
    verbose_name = _("Cử tri, tiếp công dân, đơn thư")

    def ready(self) -> None:
        # The statistics' summaries follow the changes of what they count made outside voters.
        from councils.services import UNIT_MOVE_WATCHERS
        from followups.watchers import WATCHERS
        from voters import statistics

        WATCHERS.append(lambda rows: statistics.tracking_all(obligations=rows))
        UNIT_MOVE_WATCHERS.append(lambda path: statistics.tracking_all(units=[path]))
