from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sexto.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # --- Retention and legal holds (retention_views.py) ---
        from sexto.core.navigation import NavEntry, nav_register
        from sexto.privacy.retention_views import user_is_privacy_officer

        nav_register(
            NavEntry(
                "retention",
                _("Retention"),
                "privacy:retention_report",
                user_is_privacy_officer,
                order=60,
            )
        )
        # --- end retention ---

        # --- Privacy-incident register (incident_views.py); self-contained on purpose ---
        from sexto.core.demo import DemoStep, demo_step_register
        from sexto.core.navigation import NavEntry as IncidentNavEntry
        from sexto.core.navigation import nav_register as incident_nav_register
        from sexto.privacy.demo import demo_incidents_seed
        from sexto.privacy.selectors import user_is_incident_officer

        incident_nav_register(
            IncidentNavEntry(
                "privacy_incidents",
                _("Privacy incidents"),
                "privacy:incident_list",
                user_is_incident_officer,
                order=58,
            )
        )
        demo_step_register(DemoStep(30, "privacy-incidents", demo_incidents_seed))
        # --- end privacy-incident register ---
