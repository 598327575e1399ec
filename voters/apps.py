from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "voters"
    label = "voters"
    verbose_name = _("Cử tri, tiếp công dân, đơn thư")
