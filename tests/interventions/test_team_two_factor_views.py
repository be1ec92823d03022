"""Issue 14, item 3: everyone on a case's team signs in with a second factor (DESIGN.md).

The attack: a principal invites a teacher who has no authenticator onto a case; the teacher,
signed in with a password only, reads the case and the students' names (page and API). Now the
invitation is refused with the reason, and anyone already on a team without TOTP is held (pages
sent to the set-up page, the API answers 403 `two_factor_required`, bearer tokens included)
until they set it up. A simulation's learner, alone on a fictional case, needs none.
"""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache

from sexto.audit.models import AuditEvent
from sexto.directory.models import User
from sexto.directory.permissions import user_requires_two_factor
from sexto.interventions import services
from sexto.interventions.models import CaseMember
from tests.api.test_cases_api import Api
from tests.factories import TOTP_SECRET
from tests.helpers import FormClient, sign_in
from tests.interventions.test_team_two_factor_services import (
    PASSWORD,
    _member_from_before,
    _teacher_without_totp,
)

pytestmark = pytest.mark.django_db


def _password_only(user: User) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/" not in response["Location"]
    return client


def test_inviting_someone_without_a_second_factor_is_refused_with_the_reason(
    people, school, open_case
):
    case = open_case()
    teacher = _teacher_without_totp(school, people["admin"])
    principal = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(principal, people["principal"].email)
    # The attack as it was done: the principal picks the teacher in the team form.
    response = principal.post(f"/cases/{case.pk}/team/", {"user": str(teacher.pk)}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rémi Remplaçant has not set up two-factor sign-in" in html
    assert "add an authenticator app" in html
    assert not CaseMember.objects.filter(case=case, user=teacher).exists()
    # The service refuses it whatever calls it.
    from sexto.interventions.errors import TwoFactorMissing

    with pytest.raises(TwoFactorMissing) as refused:
        services.professional_invite(actor=people["principal"], case=case, user=teacher)
    assert refused.value.status == 422 and refused.value.field == "user"
    assert not CaseMember.objects.filter(case=case, user=teacher).exists()
    # The teacher, password only, still gets nothing.
    assert _password_only(teacher).get(f"/cases/{case.pk}/").status_code == 404


def test_once_they_set_up_totp_the_invitation_goes_through(people, school, open_case):
    case = open_case()
    teacher = _teacher_without_totp(school, people["admin"])
    TOTP.activate(teacher, TOTP_SECRET)
    member = services.professional_invite(actor=people["principal"], case=case, user=teacher)
    assert member.removed_at is None
    client = FormClient()
    cache.clear()
    sign_in(client, teacher.email, PASSWORD)
    assert client.get(f"/cases/{case.pk}/").status_code == 200


def test_a_member_without_totp_is_held_on_the_pages(people, school, open_case):
    case = open_case()
    teacher = _teacher_without_totp(school, people["admin"])
    client = _password_only(teacher)
    assert client.get("/intakes/mine/").status_code == 200  # staff alone: no TOTP needed
    _member_from_before(case, teacher, people["principal"])
    assert user_requires_two_factor(teacher) is True  # on a case team: TOTP needed
    for url in (f"/cases/{case.pk}/", "/cases/", "/intakes/mine/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/totp/activate"), url
    page = client.get(f"/cases/{case.pk}/", follow=True)
    assert "set up a second factor" in page.content.decode()


def test_a_member_without_totp_is_held_on_the_api_session_and_token(people, school, open_case):
    case = open_case()
    teacher = _teacher_without_totp(school, people["admin"])
    _member_from_before(case, teacher, people["principal"])
    session = _password_only(teacher)
    for url in (f"/api/v1/cases/{case.pk}", f"/api/v1/cases/{case.pk}/people"):
        response = session.get(url)
        assert response.status_code == 403, url
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "two_factor_required"
    # A bearer token (never seen by the middleware) is held by case_get_for itself.
    api = Api(teacher)
    for url in (f"/cases/{case.pk}", f"/cases/{case.pk}/people"):
        response = api.get(url)
        assert response.status_code == 403, url
        problem = response.json()
        assert problem["code"] == "two_factor_required"
        assert "second factor" in problem["detail"]
    refused = AuditEvent.objects.filter(action="access.refused.two_factor")
    assert refused.filter(target_id=str(case.pk)).exists()
    assert not AuditEvent.objects.filter(action="case.read", actor=f"user:{teacher.pk}").exists()


def test_a_simulation_learner_needs_no_totp(people, school):
    learner = _teacher_without_totp(school, people["admin"], email="stagiaire@hauts-sommets.test")
    case = services.case_open(actor=learner, school=school, summary="Cas fictif.", simulation=True)
    assert user_requires_two_factor(learner) is False
    client = _password_only(learner)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200


def test_a_hold_raised_behind_a_page_sends_to_the_set_up_page_with_the_reason(rf):
    """case_get_for's hold, raised inside any page view, becomes the set-up page (and a 403
    problem under /api/), through the two-factor middleware."""
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from sexto.directory.middleware import TwoFactorRequiredMiddleware
    from sexto.directory.permissions import TwoFactorRequired

    middleware = TwoFactorRequiredMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = rf.get("/cases/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = middleware.process_exception(request, TwoFactorRequired("Set it up, please."))
    assert response is not None and response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert [str(m) for m in get_messages(request)] == ["Set it up, please."]
    api = middleware.process_exception(rf.get("/api/v1/cases/x"), TwoFactorRequired("Set it up."))
    assert api is not None and api.status_code == 403
    assert middleware.process_exception(request, ValueError("other")) is None
