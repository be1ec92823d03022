"""The privacy officer's retention pages: the report, placing and lifting legal holds; 404 for
everyone else, and never any case content on them."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.audit.retention import legal_hold_place
from sexto.audit.retention_models import LegalHold
from sexto.directory.models import Role, User
from sexto.interventions.models import Case
from sexto.interventions.services import intake_close
from tests.factories import (
    CaseFactory,
    CasePersonFactory,
    IntakeFactory,
    World,
    case_closed,
    school_member,
    world_email,
)
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db

PRIVACY = world_email("privacy")
NAMES = ["Zoé Lavoie", "Noah Gagné", "Maya Roy", "Olivier M."]


@pytest.fixture
def closed_case(world: World, english: None) -> Case:
    """Two records under retention at the privacy officer's organisation: a case at Lac-Vert
    closed six years ago (due now), and an intake at Hauts-Sommets closed without a case
    yesterday."""
    intake = IntakeFactory(school=world.schools["751001"])
    intake_close(
        actor=school_member(school=intake.school, role=Role.COORDINATOR),
        intake=intake,
        reason="Rien de sexuel n'est décrit.",
    )
    case = CaseFactory(
        school=world.schools["751002"], summary="Photo suggestive montrée à deux élèves."
    )
    for name in NAMES:
        CasePersonFactory(case=case, name=name)
    case_closed(case=case)
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=6 * 365)
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def privacy_user(world: World) -> User:
    return world.people["privacy"]


@pytest.fixture
def officer(client: FormClient) -> FormClient:
    sign_in(client, PRIVACY)
    client.cookies["django_language"] = "en"
    return client


def test_the_report_shows_numbers_and_dates_never_content(
    closed_case: Case, officer: FormClient
) -> None:
    page = officer.get("/privacy/retention/").content.decode()
    assert closed_case.number in page
    assert "Due now" in page
    assert "2 records under retention: 1 due now, 0 under legal hold." in page
    for name in NAMES:
        assert name not in page
    assert "Photo suggestive" not in page  # the closed case's summary
    # The menu leads there.
    assert 'href="/privacy/retention/"' in officer.get("/", follow=True).content.decode()


def test_placing_a_hold_needs_a_reason_and_a_number_of_ones_own(
    closed_case: Case, officer: FormClient
) -> None:
    response = officer.post(
        "/privacy/retention/holds/new/", {"reference": closed_case.number, "reason": " "}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert closed_case.number in page  # what was typed is kept
    assert "This field is required" in page

    response = officer.post(
        "/privacy/retention/holds/new/", {"reference": "SX-1999-00001", "reason": "Litige"}
    )
    assert response.status_code == 422
    assert "No case or report of your organisation has this number." in response.content.decode()

    response = officer.post(
        "/privacy/retention/holds/new/",
        {"reference": closed_case.number.lower(), "reason": "Demande d'accès en cours"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.target_id, hold.reference) == (str(closed_case.pk), closed_case.number)
    assert AuditEvent.objects.filter(action="legal_hold.place", target_id=str(closed_case.pk))
    page = officer.get("/privacy/retention/").content.decode()
    assert "0 due now, 1 under legal hold" in page
    holds = officer.get("/privacy/retention/holds/").content.decode()
    assert "Demande d&#x27;accès en cours" in holds and "In force" in holds


def test_lifting_a_hold_needs_a_reason(
    closed_case: Case, officer: FormClient, privacy_user
) -> None:
    hold = legal_hold_place(
        actor=privacy_user,
        target=("interventions.case", str(closed_case.pk)),
        chain=closed_case.audit_chain,
        reference=closed_case.number,
        reason="Litige",
    )
    url = f"/privacy/retention/holds/{hold.pk}/lift/"
    assert officer.post(url, {"reason": ""}).status_code == 422
    response = officer.post(url, {"reason": "Litige réglé"})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lift_reason == "Litige réglé"
    assert "Lifted on" in officer.get("/privacy/retention/holds/").content.decode()


@pytest.mark.parametrize(
    "email",
    [world_email(key) for key in ("coordinator", "principal", "admin", "analyst", "superuser")],
)
def test_everyone_but_privacy_officers_gets_404(
    closed_case: Case, client: FormClient, email: str, privacy_user
) -> None:
    hold = legal_hold_place(
        actor=privacy_user,
        target=("interventions.case", str(closed_case.pk)),
        chain=closed_case.audit_chain,
        reference=closed_case.number,
        reason="Litige",
    )
    sign_in(client, email)
    for url in [
        "/privacy/retention/",
        "/privacy/retention/holds/",
        "/privacy/retention/holds/new/",
        f"/privacy/retention/holds/{hold.pk}/lift/",
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/privacy/retention/holds/{hold.pk}/lift/", {"reason": "x"}).status_code == 404
    )
    assert LegalHold.objects.get().lifted_at is None


def test_another_organisations_hold_is_404(
    closed_case: Case, officer: FormClient, privacy_user
) -> None:
    hold = legal_hold_place(
        actor=privacy_user,
        target=("interventions.case", str(uuid.uuid4())),
        chain=f"org:{uuid.uuid4()}",
        reference="SX-2020-00001",
        reason="Litige",
    )
    assert officer.get(f"/privacy/retention/holds/{hold.pk}/lift/").status_code == 404
    assert "SX-2020-00001" not in officer.get("/privacy/retention/holds/").content.decode()
