"""In-app alerts: the email's neutral sentence and link, in the reader's language, theirs only."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sexto.interventions import services
from sexto.interventions.models import Notification
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake_alerted(
    people: dict[str, Any], school: Any, django_capture_on_commit_callbacks: Any
) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        return services.intake_create(
            reporter=people["staff"],
            school=school,
            told_at=timezone.now(),
            told_by="Un élève",
            account="Une photo intime de Zoé circule.",
        )


def _client(user: Any, language: str = "fr") -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_coordinator_reads_the_alert_in_their_language_without_content(
    people: dict[str, Any], intake_alerted: Any
) -> None:
    html = _client(people["coordinator"]).get("/alerts/").content.decode()
    assert "Une nouvelle déclaration attend d’être traitée" in html
    assert intake_alerted.reference in html
    assert 'data-unread="yes"' in html
    assert "Zoé" not in html
    english = _client(people["coordinator"], "en").get("/alerts/").content.decode()
    assert "A new report awaits triage" in english


def test_an_alert_sent_before_the_new_wording_still_reads_as_a_declaration(
    people: dict[str, Any], intake_alerted: Any
) -> None:
    # Alerts store their subject's msgid: those sent before issue 16 keep the old one.
    Notification.objects.filter(user=people["coordinator"]).update(
        subject="a new intake report awaits triage"
    )
    html = _client(people["coordinator"]).get("/alerts/").content.decode()
    assert "Une nouvelle déclaration attend d’être traitée" in html
    assert "signalement" not in html


def test_opening_an_alert_marks_it_read_and_follows_its_link(
    people: dict[str, Any], intake_alerted: Any
) -> None:
    alert = Notification.objects.get(user=people["coordinator"])
    response = _client(people["coordinator"]).get(f"/alerts/{alert.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/intakes/{intake_alerted.pk}/"
    alert.refresh_from_db()
    assert alert.read_at is not None


def test_someone_elses_alert_does_not_exist_for_you(
    people: dict[str, Any], intake_alerted: Any
) -> None:
    alert = Notification.objects.get(user=people["coordinator"])
    assert _client(people["staff"]).get(f"/alerts/{alert.pk}/").status_code == 404
    alert.refresh_from_db()
    assert alert.read_at is None
    assert intake_alerted.reference not in _client(people["staff"]).get("/alerts/").content.decode()


def test_a_link_elsewhere_is_never_followed(people: dict[str, Any]) -> None:
    alert = Notification.objects.create(
        user=people["coordinator"], kind="x", url="//evil.example/", reference="SIG-0"
    )
    response = _client(people["coordinator"]).get(f"/alerts/{alert.pk}/")
    assert response["Location"] == "/alerts/"


def test_mark_all_as_read(people: dict[str, Any], intake_alerted: Any) -> None:
    client = _client(people["principal"])
    assert client.post("/alerts/read/", {}).status_code == 302
    assert not Notification.objects.filter(user=people["principal"], read_at__isnull=True).exists()
    assert 'data-unread="yes"' not in client.get("/alerts/").content.decode()


def test_no_alert_says_so(people: dict[str, Any]) -> None:
    html = _client(people["staff"], "en").get("/alerts/").content.decode()
    assert "No alert for now." in html
