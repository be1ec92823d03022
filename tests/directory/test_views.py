"""Directory pages: organisation, people and roles; friendly errors in both languages."""

import pytest
from django.test import Client

from sexto.audit.models import AuditEvent
from sexto.directory.models import Membership, User
from tests.factories import World
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_admin_sees_schools_territories_forces_and_agreements(admin: User, client: Client) -> None:
    sign_in(client, admin.email)
    response = client.get("/organisation/", follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    for text in [
        "École secondaire des Hauts-Sommets",
        "Saint-Jérôme",
        "Service de police de la Ville de Saint-Jérôme",
        "Val-des-Pins",
        "Sûreté du Québec",
    ]:
        assert text in body


@pytest.mark.parametrize("who", ["coordinator", "learner", "police"])
def test_others_get_404_not_403(world: World, client: Client, who: str) -> None:
    sign_in(client, world.people[who].email)
    assert client.get("/organisation/").status_code == 404
    assert client.get("/organisation/css-mille-lacs/").status_code == 404
    assert client.get("/organisation/css-mille-lacs/people/").status_code == 404


def test_invite_with_errors_keeps_what_was_typed(admin: User, client: Client) -> None:
    sign_in(client, admin.email)
    response = client.post(
        "/organisation/css-mille-lacs/people/",
        {
            "email": "not-an-email",
            "first_name": "Léa",
            "last_name": "Dubois",
            "role": "coordinator",
            "place": "org:nothing",
            "language": "fr",
        },
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="Léa"' in body and 'value="Dubois"' in body and 'value="not-an-email"' in body
    assert "error-summary" in body


def test_invite_gives_a_role(admin: User, client: Client) -> None:
    from sexto.directory.models import School

    sign_in(client, admin.email)
    school = School.objects.get(ministry_code="751002")
    response = client.post(
        "/organisation/css-mille-lacs/people/",
        {
            "email": "lea.dubois@lac-vert.test",
            "first_name": "Léa",
            "last_name": "Dubois",
            "role": "principal",
            "place": f"school:{school.pk}",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__email="lea.dubois@lac-vert.test", role="principal", school=school
    ).exists()


def test_end_membership(world: World, admin: User, client: Client) -> None:
    sign_in(client, admin.email)
    membership = Membership.objects.get(user=world.people["staff"])
    response = client.post(f"/organisation/css-mille-lacs/people/{membership.pk}/end/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="membership.end").exists()


@pytest.mark.parametrize(
    ("language", "words"), [("fr", "Cette page n’existe pas"), ("en", "This page does not exist")]
)
def test_unknown_page_is_a_friendly_404_in_the_users_language(
    client: Client, language: str, words: str, settings
) -> None:
    settings.DEBUG = False
    response = client.get("/nowhere/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert words in response.content.decode()


def test_csrf_failure_says_what_to_do(admin: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": admin.email, "password": "x"})
    assert response.status_code == 403
    assert 'data-testid="csrf"' in response.content.decode()
