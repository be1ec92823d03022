from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "sexto.interventions"
    verbose_name = _("Interventions")

    def ready(self) -> None:
        from sexto.core.navigation import NavEntry, nav_register

        nav_register(
            NavEntry(
                "grid",
                _("Evaluation grid"),
                "interventions:grid",
                lambda user: user.has_perm("grid.evaluate"),
                order=30,
            )
        )
