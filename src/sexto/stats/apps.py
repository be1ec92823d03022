from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "sexto.stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from sexto.core.demo import DemoStep, demo_step_register
        from sexto.core.navigation import NavEntry, home_register, nav_register
        from sexto.directory.models import Role
        from sexto.directory.permissions import organisations_where
        from sexto.stats.dashboard import user_may_see_dashboard
        from sexto.stats.demo import demo_history_seed
        from sexto.stats.selectors import user_may_view_statistics

        nav_register(
            NavEntry("dashboard", _("Dashboard"), "stats:dashboard", user_may_see_dashboard, 8)
        )
        # The service centre's Sexto lead lands on their schools' dashboard.
        home_register(
            order=40,
            applies=lambda user: bool(organisations_where(user, {Role.SEXTO_LEAD})),
            url_name="stats:dashboard",
        )

        nav_register(
            NavEntry("stats", _("Statistics"), "stats:overview", user_may_view_statistics, order=70)
        )
        # After the kit's live demo cases (20): closed cases of past quarters for the charts.
        demo_step_register(DemoStep(25, "stats-history", demo_history_seed))
