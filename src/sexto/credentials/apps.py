from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "sexto.credentials"
    verbose_name = _("Credentials")

    def ready(self) -> None:
        from sexto.core.navigation import NavEntry, nav_register
        from sexto.credentials import (
            receivers,  # noqa: F401  (awards on level_approved; signs each new award's credential)
            reminders,  # noqa: F401  (registers the daily expiry reminder)
            tasks,  # noqa: F401  (registers the daily re-signing of the status lists)
        )
        from sexto.credentials.coverage import user_may_see_coverage
        from sexto.credentials.demo_renewal import demo_renewal_register
        from sexto.credentials.hostapi import (  # noqa: F401  (token audit; daily token clean-up)
            receivers as hostapi_receivers,
        )
        from sexto.credentials.member_setup import member_setup_register

        member_setup_register()
        demo_renewal_register()

        nav_register(
            NavEntry(
                "training_coverage",
                _("Training coverage"),
                "credentials:coverage",
                user_may_see_coverage,
                order=58,
            )
        )
