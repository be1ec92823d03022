from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "sexto.training"
    verbose_name = _("Training")

    def ready(self) -> None:
        pass
