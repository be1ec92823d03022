"""Sign-in: email + password, TOTP by capability, axes cool-off, audit of sign-ins."""

import pytest
from django.test import Client

from sexto.audit.models import AuditEvent
from sexto.directory.models import Role, User
from tests.factories import MembershipFactory
from tests.helpers import sign_in, totp_now

pytestmark = pytest.mark.django_db


def test_demo_coordinator_signs_in_with_totp(demo: None, client: Client) -> None:
    response = client.post(
        "/accounts/login/",
        {"login": "coordination@hauts-sommets.demo", "password": "sexto-demo-2026"},
    )
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
    assert response.status_code == 302
    home = client.get("/", follow=True)
    assert home.redirect_chain == [("/cases/", 302)]  # a coordinator's home is the work list
    assert "Julie" in client.get("/account/").content.decode()
    assert AuditEvent.objects.filter(action="auth.sign_in").count() == 1


def test_wrong_totp_code_is_refused(demo: None, client: Client) -> None:
    client.post(
        "/accounts/login/",
        {"login": "coordination@hauts-sommets.demo", "password": "sexto-demo-2026"},
    )
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert client.get("/account/").status_code == 302  # still not signed in


def test_role_needing_two_factor_is_sent_to_set_it_up(client: Client) -> None:
    membership = MembershipFactory(role=Role.COORDINATOR)
    client.force_login(membership.user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_member_without_two_factor_may_work(client: Client) -> None:
    membership = MembershipFactory(role=Role.STAFF)
    client.force_login(membership.user)
    assert client.get("/").status_code == 200


def test_ten_failures_give_a_cool_off_not_a_permanent_lock(
    demo: None, client: Client, settings
) -> None:
    for _attempt in range(10):
        response = client.post(
            "/accounts/login/", {"login": "asantos@isb.demo", "password": "wrong-password"}
        )
    response = client.post(
        "/accounts/login/", {"login": "asantos@isb.demo", "password": "wrong-password"}
    )
    assert response.status_code == 429
    assert "15" in response.content.decode()
    # Even the right password waits for the cool-off…
    response = client.post(
        "/accounts/login/", {"login": "asantos@isb.demo", "password": "sexto-demo-2026"}
    )
    assert response.status_code == 429
    # …and the lock is per username and IP: another person is not locked out.
    sign_in(client, "enseignant@hauts-sommets.demo")


def test_admin_unlock_lets_the_person_in(demo: None, client: Client) -> None:
    from axes.utils import reset

    for _attempt in range(11):
        client.post("/accounts/login/", {"login": "asantos@isb.demo", "password": "nope"})
    reset(username="asantos@isb.demo")
    sign_in(client, "asantos@isb.demo")
    assert client.get("/account/").status_code == 200


def test_sign_up_is_closed(client: Client) -> None:
    response = client.get("/accounts/signup/")
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not User.objects.exists()


def test_a_trainer_without_two_factor_is_sent_to_set_it_up(demo: None, client: Client) -> None:
    # Trainers read every learner's answers and revoke badges: a password alone is not enough.
    import datetime

    from sexto.directory.models import Membership, Organisation

    user = User.objects.create_user("formateur3@cadre21.demo", "x-Pass-9876!", handle="formateur3")
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(slug="cadre21-demo"),
        role=Role.TRAINER,
        valid_from=datetime.date(2020, 1, 1),
        status=Membership.Status.CONFIRMED,
    )
    client.force_login(user)

    response = client.get("/training/reviews/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
