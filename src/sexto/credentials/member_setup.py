"""The member side's menu entries and demo step, registered from CredentialsConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from sexto.core.demo import DemoStep, demo_step_register
from sexto.core.navigation import NavEntry, nav_register
from sexto.credentials.hostapi.demo import demo_host_client_seed
from sexto.credentials.imports import may_import
from sexto.credentials.member_choices import member_profile_update
from sexto.credentials.models import MemberProfile
from sexto.directory.models import User


def demo_member_profiles_seed(write: Callable[[str], None]) -> None:
    """asantos (the seed's member) opted in: /members/asantos/ shows her badge. Idempotent."""
    user = User.objects.filter(handle="asantos").first()
    if user is None:
        return
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is None or not (profile.public and profile.show_name):
        member_profile_update(user=user, public=True, show_name=True)
    write("Credentials: public profile /members/asantos/.")


def member_setup_register() -> None:
    nav_register(
        NavEntry(
            "member_badges",
            _("My badges"),
            "credentials:member_badges",
            lambda user: bool(user.is_authenticated),
            order=51,
        )
    )
    nav_register(
        NavEntry("award_import", _("Import awards"), "credentials:award_import", may_import, 59)
    )
    # After training (30), which creates asantos's award.
    demo_step_register(DemoStep(40, "credentials_member_profiles", demo_member_profiles_seed))
    # Issue 17: the agreement's endorsement on demo awards signed before it existed.
    from sexto.credentials.resign import demo_endorsements_seed

    demo_step_register(DemoStep(41, "credentials_endorsements", demo_endorsements_seed))
    demo_step_register(DemoStep(42, "credentials_hostapi_client", demo_host_client_seed))
