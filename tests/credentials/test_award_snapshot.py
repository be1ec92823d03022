"""Issue 14, item 11: an award keeps the name and handle its member had when it was awarded, and a
handle is never given to another account. Both attacks are replayed as they were found: the member
renames themself and their past attestation changed while verification still said valid; another
account took the freed handle and the old profile link showed that other person."""
# ruff: noqa: F811 (the fixtures are imported below, then named as test arguments)

from __future__ import annotations

import json

import pytest
from django.apps import apps

from sexto.credentials.attestation import attestation_html
from sexto.credentials.issuer_profile import recipient_name_of
from sexto.credentials.models import Award, IssuedCredential
from sexto.credentials.services import credential_for
from sexto.credentials.verification import award_verify
from sexto.directory.models import HandleTaken, RetiredHandle, User
from sexto.directory.services import account_update, person_invite
from tests.credentials.member_fixtures import asantos_award, member_profile_set  # noqa: F401
from tests.factories import world_email
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

TAKEN = "belongs or belonged to another member"


def _account(client: FormClient, user: User, **changes: str) -> object:
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "handle": user.handle,
        "preferred_language": "en",
        **changes,
    }
    return client.post("/account/", data)


def _signed_in(user: User) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_award_time_name_and_handle_are_kept(asantos_award: Award) -> None:
    assert (asantos_award.recipient_name, asantos_award.recipient_handle) == (
        "Ana Santos",
        "asantos",
    )


def test_renaming_oneself_never_rewrites_a_past_attestation(asantos_award: Award) -> None:
    member = asantos_award.recipient
    member_profile_set(member, public=True, show_name=True)
    response = _account(
        _signed_in(member), member, first_name="Mallory", last_name="Faussaire", handle="mfaux"
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.get_full_name(), member.handle) == ("Mallory Faussaire", "mfaux")

    html = attestation_html(award=asantos_award, language="en")
    assert "Ana Santos (asantos)" in html
    assert "Mallory" not in html and "mfaux" not in html
    # The profile link of the attestation still leads to her (her old handle redirects).
    assert "/members/asantos/" in html

    # Verification: still valid, and about Ana Santos, even for a credential signed only now.
    IssuedCredential.objects.filter(award=asantos_award).delete()
    outcome = award_verify(asantos_award)
    assert outcome.result.verified
    assert recipient_name_of(outcome.credential["credentialSubject"]) == "Ana Santos"
    page = FormClient(HTTP_ACCEPT_LANGUAGE="en").get(f"/verify/{asantos_award.pk}")
    assert "Ana Santos" in page.content.decode() and "Mallory" not in page.content.decode()
    signed = json.loads(credential_for(asantos_award).signed)
    assert recipient_name_of(signed["credentialSubject"]) == "Ana Santos"


def test_a_freed_handle_is_never_given_to_another_account(asantos_award: Award) -> None:
    member = asantos_award.recipient
    member_profile_set(member, public=True, show_name=True)
    assert _account(_signed_in(member), member, handle="ana-s").status_code == 302

    # The attacker (another account) takes the freed handle: refused, with the reason.
    attacker = User.objects.get(email=world_email("staff"))
    response = _account(_signed_in(attacker), attacker, handle="asantos")
    assert response.status_code == 422
    assert TAKEN in response.content.decode()
    attacker.refresh_from_db()
    assert attacker.handle != "asantos"
    with pytest.raises(HandleTaken):
        account_update(
            user=attacker,
            first_name=attacker.first_name,
            last_name=attacker.last_name,
            handle="asantos",
            preferred_language="fr",
        )
    attacker.handle = "asantos"  # not even by a direct save (admin, shell)
    with pytest.raises(HandleTaken):
        attacker.save()

    # The old profile link leads to her, never to someone else.
    response = FormClient().get("/members/asantos/")
    assert response.status_code == 301 and response["Location"] == "/members/ana-s/"
    page = FormClient().get("/members/ana-s/").content.decode()
    assert "Ana Santos" in page
    public = FormClient().get(f"/members/asantos/badges/{asantos_award.pk}/attestation-en.pdf")
    assert public.status_code == 200

    # A new account whose email would give that handle gets another one.
    membership = person_invite(
        actor=User.objects.get(email=world_email("admin")),
        email="asantos@autre.test",
        first_name="Autre",
        last_name="Personne",
        role="staff",
        school=attacker.memberships.first().school,
    )
    assert membership.user.handle != "asantos"


def test_a_member_may_take_back_their_own_former_handle(asantos_award: Award) -> None:
    member = asantos_award.recipient
    client = _signed_in(member)
    assert _account(client, member, handle="ana-s").status_code == 302
    member.refresh_from_db()
    assert _account(client, member, handle="asantos").status_code == 302
    member.refresh_from_db()
    assert member.handle == "asantos"
    assert list(RetiredHandle.objects.values_list("handle", flat=True)) == ["ana-s"]


def test_the_data_migration_fills_existing_awards_from_the_member(asantos_award: Award) -> None:
    from importlib import import_module

    migration = import_module("sexto.credentials.migrations.0003_award_recipient_snapshot")
    Award.objects.update(recipient_name="", recipient_handle="")
    migration.recipients_snapshot(apps, None)
    asantos_award.refresh_from_db()
    assert (asantos_award.recipient_name, asantos_award.recipient_handle) == (
        "Ana Santos",
        "asantos",
    )
