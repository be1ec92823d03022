from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "sexto.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from sexto.api import receivers  # noqa: F401
        from sexto.api.access import user_uses_api
        from sexto.core.navigation import NavEntry, nav_register

        nav_register(
            NavEntry(
                "api_tokens",
                _("API tokens"),
                "api_tokens",
                user_uses_api,
                order=950,
            )
        )
