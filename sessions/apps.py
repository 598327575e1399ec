from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SessionsConfig(AppConfig):
    name = "sessions"
    label = "council_sessions"
    verbose_name = pgettext_lazy("danh sách", "Kỳ họp")
