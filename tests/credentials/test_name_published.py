"""The verification page and "My badges" agree on whether the member's name is published
(issue 18: My badges read the member's current choice, the verification page the credential as
signed before the choice changed)."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.audit.models import AuditEvent
from sexto.credentials.models import Award
from sexto.credentials.services import credential_for
from tests.credentials.member_fixtures import asantos_award  # noqa: F401
from tests.factories import world_email
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db


def _pages(award: Award) -> tuple[str, str]:
    member = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(member, world_email("learner"))
    badges = member.get("/my/badges/").content.decode()
    verify = FormClient(HTTP_ACCEPT_LANGUAGE="en").get(f"/verify/{award.pk}").content.decode()
    return badges, verify


def test_both_pages_follow_the_members_choice_both_ways(
    asantos_award: Award,  # noqa: F811
    english: Any,
):
    credential_for(asantos_award)  # signed with the choice of the moment (name hidden)
    member = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(member, world_email("learner"))
    name = asantos_award.recipient_name

    member.post("/my/badges/settings/", {"public": "on", "show_name": "on"})
    badges, verify = _pages(asantos_award)
    assert "Your name appears in your credentials." in badges
    assert name in verify and "name not published" not in verify

    member.post("/my/badges/settings/", {"public": "on"})
    badges, verify = _pages(asantos_award)
    assert "Only your handle appears in your credentials" in badges
    assert name not in verify and "name not published" in verify
    assert AuditEvent.objects.filter(action="credentials.credential.resign").count() == 2
