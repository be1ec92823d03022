from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sexto.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from sexto.core.demo import DemoStep, demo_step_register
        from sexto.core.navigation import NavEntry, nav_register
        from sexto.directory.permissions import is_privacy_officer
        from sexto.privacy.demo import demo_incidents_seed

        # Both pages are for privacy officers, of their own file holder(s) only.
        nav_register(
            NavEntry(
                "retention",
                _("Retention"),
                "privacy:retention_report",
                is_privacy_officer,
                order=60,
            )
        )
        nav_register(
            NavEntry(
                "privacy_incidents",
                _("Privacy incidents"),
                "privacy:incident_list",
                is_privacy_officer,
                order=58,
            )
        )
        demo_step_register(DemoStep(30, "privacy-incidents", demo_incidents_seed))
