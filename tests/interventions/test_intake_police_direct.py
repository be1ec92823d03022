"""Issue 16 item 6: where the territory has no police–DPCP agreement, the intake form says so
before it is sent, and the school's coordinators and principal record "police called directly"
(when, which force, the police's file number) instead of closing the intake without a case."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.directory.models import Role
from sexto.interventions import services
from sexto.interventions.models import Intake
from sexto.interventions.retention import retention_apply, retention_items
from tests.factories import World
from tests.factories.interventions import school_member
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

NOTICE_TESTID = 'data-testid="kit-unusable"'


def _client(user: Any, language: str = "en") -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def val_des_pins(world: World) -> Any:
    """École secondaire de Val-des-Pins: its police force (SQ) has no agreement."""
    return world.schools["752001"]


@pytest.fixture
def intake(people: dict[str, Any], val_des_pins: Any) -> Intake:
    return services.intake_create(
        reporter=people["no_agreement_coordinator"],
        school=val_des_pins,
        told_at=timezone.now() - datetime.timedelta(hours=2),
        told_by="Un élève de 3e secondaire",
        account="Un adulte menace de publier une photo intime de Thomas.",
    )


def _record(actor: Any, intake: Intake, **overrides: Any) -> Intake:
    arguments: dict[str, Any] = {
        "called_at": timezone.now() - datetime.timedelta(minutes=30),
        "police_force": intake.school.territory.police_force,
        "police_force_other": "",
        "police_file_number": "SQ-2026-118734",
    }
    arguments.update(overrides)
    return services.intake_police_direct_record(actor=actor, intake=intake, **arguments)


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "police_direct": "1",
        "called_at": timezone.localtime(timezone.now() - datetime.timedelta(minutes=30)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "police_force": "other",
        "police_force_other": "Service de police de Mirabel",
        "police_file_number": "MIR-55-0192",
    }
    data.update(overrides)
    return data


# --- The notice before the report is sent ------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_intake_form_says_the_kit_cannot_be_used_where_there_is_no_agreement(
    people: dict[str, Any], val_des_pins: Any, language: str
) -> None:
    page = _client(people["no_agreement_coordinator"], language).get("/intakes/new/")
    body = page.content.decode()
    assert page.status_code == 200 and NOTICE_TESTID in body
    notice = body[body.index(NOTICE_TESTID) :]
    assert val_des_pins.name in notice
    assert "Sûreté du Québec" in notice
    # Said before the form's fields.
    assert body.index(NOTICE_TESTID) < body.index('name="told_at"')
    if language == "en":
        assert "Call the police directly." in notice
        assert "Your own duty to report to the DPJ still applies." in notice
    else:
        assert "Appelez directement la police" in notice or "police directement" in notice
        assert "Votre obligation personnelle de signaler à la DPJ s’applique toujours." in notice


def test_no_notice_where_the_agreement_is_in_force(people: dict[str, Any]) -> None:
    body = _client(people["staff"]).get("/intakes/new/").content.decode()
    assert NOTICE_TESTID not in body


def test_the_report_may_still_be_sent_without_agreement(
    people: dict[str, Any], val_des_pins: Any
) -> None:
    response = _client(people["no_agreement_coordinator"]).post(
        "/intakes/new/",
        {
            "school": str(val_des_pins.pk),
            "told_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "told_by": "Un élève",
            "account": "Une photo intime circule.",
        },
    )
    assert response.status_code == 302
    assert Intake.objects.get(school=val_des_pins).status == Intake.Status.NEW


# --- Recording the police called directly ------------------------------------------------------


def test_the_coordinator_records_the_police_called_directly(
    people: dict[str, Any], intake: Intake
) -> None:
    coordinator = people["no_agreement_coordinator"]
    called_at = timezone.now() - datetime.timedelta(minutes=30)

    _record(coordinator, intake, called_at=called_at)

    intake.refresh_from_db()
    assert intake.status == Intake.Status.POLICE_DIRECT
    assert intake.police_called_at == called_at
    assert intake.police_force == intake.school.territory.police_force
    assert intake.police_force_name == "Sûreté du Québec — MRC des Pays-d'en-Haut"
    assert intake.police_file_number == "SQ-2026-118734"
    assert intake.triaged_by == coordinator and intake.triaged_at is not None
    assert AuditEvent.objects.filter(
        action="intake.police_direct", target_id=str(intake.pk)
    ).exists()


def test_another_force_is_named_in_words(people: dict[str, Any], intake: Intake) -> None:
    _record(
        people["no_agreement_coordinator"],
        intake,
        police_force=None,
        police_force_other="  Service de police de Mirabel ",
    )
    intake.refresh_from_db()
    assert intake.police_force is None
    assert intake.police_force_name == "Service de police de Mirabel"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"called_at": timezone.now() + datetime.timedelta(hours=3)}, "called_at"),
        ({"called_at": None}, "called_at"),
        ({"police_force": None, "police_force_other": "  "}, "police_force_other"),
        ({"police_file_number": " "}, "police_file_number"),
    ],
    ids=["future", "no-time", "no-force", "no-file-number"],
)
def test_bad_input_names_what_is_missing_and_saves_nothing(
    people: dict[str, Any], intake: Intake, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        _record(people["no_agreement_coordinator"], intake, **overrides)
    assert refused.value.field == field
    intake.refresh_from_db()
    assert intake.status == Intake.Status.NEW
    assert intake.police_called_at is None and intake.police_file_number == ""
    assert not AuditEvent.objects.filter(action="intake.police_direct").exists()


def test_the_page_shows_each_error_keeps_what_was_typed_and_saves_nothing(
    people: dict[str, Any], intake: Intake
) -> None:
    future = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    client = _client(people["no_agreement_coordinator"])
    response = client.post(
        f"/intakes/{intake.pk}/",
        _form(called_at=future.strftime("%Y-%m-%dT%H:%M"), police_file_number=""),
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Enter the file number the police gave you." in body
    assert 'value="Service de police de Mirabel"' in body

    response = client.post(
        f"/intakes/{intake.pk}/", _form(called_at=future.strftime("%Y-%m-%dT%H:%M"))
    )
    assert response.status_code == 422
    assert "This moment is in the future: when did you call the police?" in (
        response.content.decode()
    )

    response = client.post(f"/intakes/{intake.pk}/", _form(police_force_other=""))
    assert response.status_code == 422
    assert "Say which police force you called" in response.content.decode()
    intake.refresh_from_db()
    assert intake.status == Intake.Status.NEW


def test_the_page_records_it_and_shows_it(people: dict[str, Any], intake: Intake) -> None:
    client = _client(people["no_agreement_coordinator"])
    page = client.get(f"/intakes/{intake.pk}/").content.decode()
    assert 'data-testid="police-direct"' in page
    assert "Sûreté du Québec — MRC des Pays-d&#x27;en-Haut" in page  # proposed by default

    response = client.post(f"/intakes/{intake.pk}/", _form())
    assert response.status_code == 302

    page = client.get(f"/intakes/{intake.pk}/").content.decode()
    assert "Police called directly" in page and "MIR-55-0192" in page
    assert "Service de police de Mirabel" in page
    assert 'data-testid="police-direct"' not in page


def test_the_principal_may_record_it_too(
    people: dict[str, Any], intake: Intake, val_des_pins: Any
) -> None:
    principal = school_member(school=val_des_pins, role=Role.PRINCIPAL)
    _record(principal, intake)
    assert Intake.objects.get(pk=intake.pk).status == Intake.Status.POLICE_DIRECT


@pytest.mark.parametrize("who", ["staff", "coordinator", "police", "admin", "privacy"])
def test_only_the_schools_coordinators_and_principal_may_record_it(
    people: dict[str, Any], intake: Intake, val_des_pins: Any, who: str
) -> None:
    with pytest.raises(PermissionRefused):
        _record(people[who], intake)
    response = _client(people[who]).post(f"/intakes/{intake.pk}/", _form())
    assert response.status_code == 404
    assert Intake.objects.get(pk=intake.pk).status == Intake.Status.NEW


def test_the_reporter_may_not_record_it(people: dict[str, Any], val_des_pins: Any) -> None:
    staff = school_member(school=val_des_pins, role=Role.STAFF)
    intake = services.intake_create(
        reporter=staff,
        school=val_des_pins,
        told_at=timezone.now(),
        told_by="Un élève",
        account="Une photo circule.",
    )
    with pytest.raises(PermissionRefused):
        _record(staff, intake)
    assert _client(staff).post(f"/intakes/{intake.pk}/", _form()).status_code == 404


def test_refused_where_the_agreement_is_in_force(people: dict[str, Any], school: Any) -> None:
    intake = services.intake_create(
        reporter=people["staff"],
        school=school,
        told_at=timezone.now(),
        told_by="Un élève",
        account="Une photo circule.",
    )
    with pytest.raises(Conflict):
        _record(people["coordinator"], intake)
    page = _client(people["coordinator"]).get(f"/intakes/{intake.pk}/").content.decode()
    assert 'data-testid="police-direct"' not in page


def test_refused_once_triaged(people: dict[str, Any], intake: Intake) -> None:
    coordinator = people["no_agreement_coordinator"]
    services.intake_close(actor=coordinator, intake=intake, reason="Rien de sexuel.")
    with pytest.raises(Conflict):
        _record(coordinator, intake)


# --- Where it shows, and how long it is kept ---------------------------------------------------


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Police called directly"), ("fr", "Police appelée directement")]
)
def test_the_reporters_list_and_the_search_show_its_label(
    people: dict[str, Any], intake: Intake, language: str, label: str
) -> None:
    coordinator = people["no_agreement_coordinator"]
    _record(coordinator, intake)
    mine = _client(coordinator, language).get("/intakes/mine/").content.decode()
    assert intake.reference in mine and label in mine
    found = _client(coordinator, language).get("/cases/", {"q": intake.reference}).content.decode()
    assert intake.reference in found and label in found


def test_the_api_lists_its_status(people: dict[str, Any], intake: Intake) -> None:
    coordinator = people["no_agreement_coordinator"]
    _record(coordinator, intake)
    mine = _client(coordinator).get("/api/v1/intakes/mine").json()
    assert [row["status"] for row in mine] == ["police_direct"]


def test_retention_treats_it_like_an_intake_without_a_case(
    people: dict[str, Any], intake: Intake
) -> None:
    _record(people["no_agreement_coordinator"], intake)
    intake.refresh_from_db()
    item = next(i for i in retention_items() if i.target_id == str(intake.pk))
    assert item.rule == "intake_without_case" and item.closed_at == intake.triaged_at

    assert retention_apply(now=timezone.now() + datetime.timedelta(days=300)).destroyed == []
    run = retention_apply(now=timezone.now() + datetime.timedelta(days=367))
    assert run.destroyed == [intake.reference]
    assert not Intake.objects.filter(pk=intake.pk).exists()
