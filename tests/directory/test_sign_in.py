"""Sign-in: email + password, TOTP by capability, axes cool-off, audit of sign-ins."""

import pytest
from django.test import Client

from sexto.audit.models import AuditEvent
from sexto.directory.models import Role, User
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    TwoFactorUserFactory,
    UserFactory,
)
from tests.helpers import sign_in, totp_now

pytestmark = pytest.mark.django_db


# This one is the demo's own test: its coordinator signs in with the published demo password.
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


def test_wrong_totp_code_is_refused(client: Client) -> None:
    coordinator = MembershipFactory(role=Role.COORDINATOR, user=TwoFactorUserFactory()).user
    client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
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


def test_ten_failures_give_a_cool_off_not_a_permanent_lock(client: Client, settings) -> None:
    learner = MembershipFactory(role=Role.STAFF, user=TwoFactorUserFactory()).user
    teacher = MembershipFactory(role=Role.STAFF, user=TwoFactorUserFactory()).user
    for _attempt in range(10):
        response = client.post(
            "/accounts/login/", {"login": learner.email, "password": "wrong-password"}
        )
    response = client.post(
        "/accounts/login/", {"login": learner.email, "password": "wrong-password"}
    )
    assert response.status_code == 429
    assert "15" in response.content.decode()
    # Even the right password waits for the cool-off…
    response = client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
    assert response.status_code == 429
    # …and the lock is per username and IP: another person is not locked out.
    sign_in(client, teacher.email)


def test_admin_unlock_lets_the_person_in(client: Client) -> None:
    from axes.utils import reset

    learner = MembershipFactory(role=Role.STAFF, user=TwoFactorUserFactory()).user
    for _attempt in range(11):
        client.post("/accounts/login/", {"login": learner.email, "password": "nope"})
    reset(username=learner.email)
    sign_in(client, learner.email)
    assert client.get("/account/").status_code == 200


def test_sign_up_is_closed(client: Client) -> None:
    response = client.get("/accounts/signup/")
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not User.objects.exists()


def test_a_trainer_without_two_factor_is_sent_to_set_it_up(client: Client) -> None:
    # Trainers read every learner's answers and revoke badges: a password alone is not enough.
    from sexto.directory.models import Organisation

    user = UserFactory()
    MembershipFactory(
        user=user,
        school=None,
        organisation=OrganisationFactory(kind=Organisation.Kind.TRAINING_PROVIDER),
        role=Role.TRAINER,
    )
    client.force_login(user)

    response = client.get("/training/reviews/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
