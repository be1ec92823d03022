from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sexto.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .french import first_of_month_ordinal_install

        first_of_month_ordinal_install()
