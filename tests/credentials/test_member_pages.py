"""The member side: my badges (LinkedIn, attestations, credential JSON), profile choices, the
public profile (opt-in only), who may download an attestation, and the demo step."""
# ruff: noqa: F811 (the fixtures are imported below, then named as test arguments)

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from sexto.audit.models import AuditEvent
from sexto.credentials.member_setup import demo_member_profiles_seed
from sexto.credentials.models import Award, MemberProfile
from tests.credentials.member_fixtures import asantos_award, member_profile_set  # noqa: F401
from tests.factories import world_email
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db


def _attestation(award: Award, language: str = "en") -> str:
    return f"/my/badges/{award.pk}/attestation-{language}.pdf"


def _public_attestation(award: Award, language: str = "fr") -> str:
    return f"/members/asantos/badges/{award.pk}/attestation-{language}.pdf"


def test_public_profile_is_404_until_the_member_opts_in(asantos_award: Award) -> None:
    client = FormClient()
    assert client.get("/members/asantos/").status_code == 404
    assert client.get("/members/nobody-here/").status_code == 404
    assert client.get(_public_attestation(asantos_award)).status_code == 404
    member_profile_set(asantos_award.recipient, public=True, show_name=False)
    page = client.get("/members/asantos/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ana Santos" not in html  # name not shown: she kept it off
    assert f"/verify/{asantos_award.pk}" in html
    response = client.get(_public_attestation(asantos_award))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="credentials.attestation.download")
    assert event.actor == "anonymous" and event.target_id == str(asantos_award.pk)


def test_member_sets_choices_and_sees_links(asantos_award: Award, english: None) -> None:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, world_email("learner"))
    page = client.get("/my/badges/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sexto response kit 1 - Explorateur" in html
    assert "Your profile is private" in html
    response = client.post("/my/badges/settings/", {"public": "on", "show_name": "on"})
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=asantos_award.recipient)
    assert profile.public and profile.show_name
    assert AuditEvent.objects.filter(action="credentials.profile.update").count() == 1
    html = client.get("/my/badges/").content.decode()
    assert "/members/asantos/" in html
    assert f"/my/badges/{asantos_award.pk}/credential.json" in html
    linkedin = next(
        part.split('"')[0].replace("&amp;", "&")
        for part in html.split('href="')
        if part.startswith("https://www.linkedin.com/profile/add")
    )
    query = parse_qs(urlparse(linkedin).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == ["Sexto response kit 1 - Explorateur"]
    assert query["organizationName"][0].startswith("CADRE21")
    assert query["issueYear"] == ["2024"] and query["issueMonth"] == ["3"]
    assert query["certUrl"][0].endswith(f"/verify/{asantos_award.pk}")
    assert query["certId"] == [str(asantos_award.pk)]
    assert "Ana Santos" in client.get("/members/asantos/").content.decode()


def test_recipient_always_downloads_others_never_while_private(asantos_award: Award) -> None:
    owner = FormClient()
    sign_in(owner, world_email("learner"))
    for language in ("fr", "en"):
        response = owner.get(_attestation(asantos_award, language))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        assert f"-{language}.pdf" in response["Content-Disposition"]
    assert owner.get(_attestation(asantos_award, "de")).status_code == 404
    assert AuditEvent.objects.filter(action="credentials.attestation.download").count() == 2
    other = FormClient()
    sign_in(other, world_email("trainer"))
    assert other.get(_attestation(asantos_award)).status_code == 404
    assert other.get(_public_attestation(asantos_award)).status_code == 404
    anonymous = FormClient()
    assert anonymous.get(_attestation(asantos_award)).status_code == 302  # to sign-in


def test_member_downloads_the_signed_credential_json(asantos_award: Award) -> None:
    import json

    client = FormClient()
    sign_in(client, world_email("learner"))
    response = client.get(f"/my/badges/{asantos_award.pk}/credential.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    credential = json.loads(response.content)
    assert "OpenBadgeCredential" in credential["type"]
    other = FormClient()
    sign_in(other, world_email("trainer"))
    assert other.get(f"/my/badges/{asantos_award.pk}/credential.json").status_code == 404


def test_demo_step_makes_asantos_public_and_is_idempotent(asantos_award: Award) -> None:
    demo_member_profiles_seed(lambda line: None)
    demo_member_profiles_seed(lambda line: None)
    profile = MemberProfile.objects.get(user=asantos_award.recipient)
    assert profile.public and profile.show_name
    assert AuditEvent.objects.filter(action="credentials.profile.update").count() == 1
    assert FormClient().get("/members/asantos/").status_code == 200
