from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "sexto.stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        pass
