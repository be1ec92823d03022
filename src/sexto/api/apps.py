from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "sexto.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from sexto.api import receivers  # noqa: F401
        from sexto.core.navigation import NavEntry, nav_register

        nav_register(
            NavEntry(
                "api_tokens",
                _("API tokens"),
                "api_tokens",
                lambda user: user.is_authenticated,
                order=950,
            )
        )
