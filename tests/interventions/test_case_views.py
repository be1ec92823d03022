"""The kit's pages: who sees what (404 for everyone outside the team), forms keep input."""

import io

import pytest
from django.test import Client
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.interventions.models import Case, Intake
from tests.grid_answers import grid_answers, grid_form_data
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db


def _client(email: str) -> Client:
    client = FormClient()
    sign_in(client, email)
    return client


def test_staff_reports_and_then_sees_only_the_status(people, school):
    client = _client(people["staff"].email)
    response = client.post(
        "/intakes/new/",
        {
            "school": str(school.pk),
            "told_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "told_by": "Léa, 3e secondaire",
            "account": "Une photo intime de Zoé circule.",
            "students": "Zoé, Noah",
            "circulation": "Snapchat",
        },
    )
    assert response.status_code == 302
    intake = Intake.objects.get()
    mine = client.get("/intakes/mine/").content.decode()
    assert intake.reference in mine and "Zoé" not in mine
    assert client.get(f"/intakes/{intake.pk}/").status_code == 404


def test_intake_form_keeps_what_was_typed(people, school):
    client = _client(people["staff"].email)
    response = client.post(
        "/intakes/new/",
        {
            "school": str(school.pk),
            "told_at": "garbage",
            "told_by": "Léa",
            "account": "Ce qu'elle a dit",
        },
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="Léa"' in body and "Ce qu&#x27;elle a dit" in body


def test_coordinator_triages_and_opens_a_case(people, school, open_case):
    from sexto.interventions.services import intake_create

    intake = intake_create(
        reporter=people["staff"],
        school=school,
        told_at=timezone.now(),
        told_by="Un élève",
        account="Une vidéo circule.",
    )
    client = _client(people["coordinator"].email)
    assert intake.reference in client.get("/cases/").content.decode()
    response = client.post(f"/intakes/{intake.pk}/", {"open": "1", "summary": "Vidéo."})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and case.number in page.content.decode()


@pytest.mark.parametrize(
    "who",
    [
        "other_coordinator",
        "police",
        "privacy",
        "admin",
        "superuser",
        "staff",
        "learner",
        "professional",
    ],
)
def test_everyone_outside_the_team_gets_404(people, open_case, who):
    case = open_case()
    client = FormClient()
    client.force_login(people[who])
    from allauth.mfa.models import Authenticator  # noqa: F401 - demo users have TOTP set up

    for url in [f"/cases/{case.pk}/", f"/cases/{case.pk}/grid/"]:
        assert client.get(url).status_code == 404, (who, url)


def test_a_read_is_audited_once_per_request(people, open_case):
    case = open_case()
    client = _client(people["principal"].email)
    before = AuditEvent.objects.filter(action="case.read").count()
    client.get(f"/cases/{case.pk}/")
    assert AuditEvent.objects.filter(action="case.read").count() == before + 1


def test_forged_case_id_is_404(people):
    client = _client(people["coordinator"].email)
    assert client.get("/cases/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_grid_on_the_case_saves_and_shows_the_route(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    data = grid_form_data(grid_answers(), version=case.version)
    assert client.get(f"/cases/{case.pk}/grid/").status_code == 200
    response = client.post(f"/cases/{case.pk}/grid/", data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.route == "sexto_procedure"
    stale = client.post(f"/cases/{case.pk}/grid/", data)
    assert (
        stale.status_code == 422 and "changed" in stale.content.decode().lower()
    ) or "modifi" in stale.content.decode().lower()


@pytest.mark.parametrize(
    "url", ["/intakes/new/", "/cases/{case}/", "/cases/{case}/people/", "/api/v1/grid/evaluate"]
)
def test_file_uploads_are_refused_with_a_clear_message(people, open_case, url):
    case = open_case()
    client = _client(people["coordinator"].email)
    upload = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    upload.name = "photo.png"
    response = client.post(url.format(case=case.pk), {"file": upload, "label": "A"})
    assert response.status_code == 415
    assert "image" in response.content.decode().lower()
    assert case.people.count() == 0


def test_no_model_of_the_kit_has_a_file_field():
    from django.apps import apps
    from django.db import models

    for model in apps.get_app_config("interventions").get_models():
        for field in model._meta.get_fields():
            assert not isinstance(field, models.FileField), f"{model.__name__}.{field.name}"


def test_narrative_fields_refuse_embedded_images(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    blob = "A" * 200
    response = client.post(f"/cases/{case.pk}/people/", {"label": "A", "name": blob})
    assert response.status_code == 422
    assert case.people.count() == 0


def test_team_card_lists_the_team_and_invites_a_professional(people, open_case):
    case = open_case()
    client = _client(people["principal"].email)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="team"' in page and "Julie Tremblay" in page
    response = client.post(f"/cases/{case.pk}/team/", {"user": str(people["professional"].pk)})
    assert response.status_code == 302
    psychoed = FormClient()
    psychoed.force_login(people["professional"])
    assert psychoed.get(f"/cases/{case.pk}/").status_code == 200
    # someone who is not a professional or staff of the school cannot be invited this way
    client.post(f"/cases/{case.pk}/team/", {"user": str(people["other_coordinator"].pk)})
    assert not case.members.filter(user=people["other_coordinator"]).exists()


def test_an_invited_professional_writes_a_note_but_cannot_edit_steps(people, open_case):
    from sexto.interventions.services import professional_invite

    case = open_case()
    professional_invite(actor=people["principal"], case=case, user=people["professional"])
    client = FormClient()
    client.force_login(people["professional"])
    response = client.post(f"/cases/{case.pk}/notes/", {"text": "Rencontre avec Zoé: rassurée."})
    assert response.status_code == 302
    assert case.chronology.filter(kind="note").count() == 1
    step = case.steps.first()
    client.post(f"/cases/{case.pk}/steps/{step.pk}/", {"state": "done", "version": "1"})
    step.refresh_from_db()
    assert step.state == "pending"
    empty = client.post(f"/cases/{case.pk}/notes/", {"text": ""})
    assert empty.status_code == 422
