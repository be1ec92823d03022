"""Fixtures of the member side of credentials: asantos's award as the demo makes it."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.credentials.models import Award
from sexto.directory.models import User
from tests.factories import World, world_email


@pytest.fixture
def asantos_award(world: World, django_capture_on_commit_callbacks: Any) -> Award:
    """The seed's award: asantos, sexto-explorateur, 2024-03-14 16:43:05 (Montréal), 3 answers."""
    from sexto.training.demo import asantos_seed, demo_program_seed
    from sexto.training.models import Level

    program = demo_program_seed()
    level = Level.objects.get(program=program, slug="explorateur")
    trainer = User.objects.get(email=world_email("trainer"))
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=level, trainer=trainer)
    return Award.objects.get(recipient__handle="asantos", badge_slug="sexto-explorateur")


def member_profile_set(user: User, *, public: bool, show_name: bool) -> Any:
    """The member's choices, as the settings page saves them."""
    from sexto.credentials.member_choices import member_profile_update

    return member_profile_update(user=user, public=public, show_name=show_name)
