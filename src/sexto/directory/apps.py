import rules
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "sexto.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from sexto.core.demo import DemoStep, demo_step_register
        from sexto.core.navigation import NavEntry, nav_register
        from sexto.directory import permissions, receivers  # noqa: F401
        from sexto.directory.demo import demo_directory_seed
        from sexto.directory.selectors import user_decides_appointments

        # The sign-in area keeps its model in its own package (models.py is at its size
        # limit): imported here so Django registers it with this app.
        from sexto.directory.sign_in import models as _sign_in_models  # noqa: F401
        from sexto.directory.sign_in import social  # noqa: F401

        demo_step_register(DemoStep(10, "directory", demo_directory_seed))

        from sexto.core.crypto import encrypted_json_register
        from sexto.directory.adapters import MFA_SECRETS

        encrypted_json_register(MFA_SECRETS)

        nav_register(NavEntry("home", _("Home"), "home", lambda user: True, order=0))
        nav_register(
            NavEntry(
                "organisation",
                _("Organisation"),
                "directory:organisation_list",
                lambda user: rules.has_perm("directory.view_directory", user),
                order=80,
            )
        )
        nav_register(
            NavEntry(
                "appointments",
                _("Appointments"),
                "directory:memberships_pending",
                user_decides_appointments,
                order=85,
            )
        )
        nav_register(
            NavEntry("account", _("My account"), "directory:account", lambda u: True, order=900)
        )
        # Platform administrators (the Django admin's users) find it in the menu.
        nav_register(
            NavEntry(
                "admin",
                _("Administration"),
                "admin:index",
                lambda user: bool(user.is_superuser or user.is_staff),
                order=990,
            )
        )
