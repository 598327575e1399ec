from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = pgettext_lazy("danh sách", "Nghị quyết")
