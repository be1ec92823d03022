"""The privacy-incident register: privacy officers of the organisation only; every change
audited and versioned; the law's assessment and notifications enforced."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.counters import counter_next
from sexto.directory.models import Role, User
from sexto.privacy import services
from sexto.privacy.demo import demo_incidents_seed
from sexto.privacy.models import PrivacyIncident, PrivacyIncidentVersion
from tests.factories import (
    MembershipFactory,
    PrivacyIncidentFactory,
    TwoFactorUserFactory,
    World,
)

pytestmark = pytest.mark.django_db

LIST = "/privacy/incidents/"
NEW = "/privacy/incidents/new/"
MARKER = "Zéphyrin-Marqueur-7731"


def _moment(delta_days: float) -> str:
    return (timezone.localtime() - datetime.timedelta(days=delta_days)).strftime("%Y-%m-%dT%H:%M")


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "what_happened": f"Liste d'élèves envoyée au mauvais destinataire ({MARKER}).",
        "information_involved": "Noms et niveaux",
        "occurred_at": _moment(3),
        "discovered_at": _moment(2),
        "reported_by": "Secrétaire",
        "people_affected_count": "12",
        "people_affected": f"Élèves de 2e secondaire, dont {MARKER}",
        "measures": "",
        "sensitivity": "",
        "consequences": "",
        "misuse_likelihood": "",
        "serious_injury": "",
        "risk_reasoning": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(world: World) -> User:
    """The privacy officer of the Centre de services scolaire des Mille-Lacs."""
    return world.people["privacy"]


@pytest.fixture
def client() -> Any:
    """Pages in English, for tests that read messages."""
    from tests.helpers import FormClient

    return FormClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def incident(world: World, officer: User) -> PrivacyIncident:
    return PrivacyIncidentFactory(
        actor=officer,
        organisation=world.organisations["css-mille-lacs"],
        what_happened=f"Courriel mal adressé {MARKER}",
    )


def test_officer_records_an_incident_and_finds_it_in_the_register(
    client: Any, officer: User, english: None
) -> None:
    client.force_login(officer)
    response = client.post(NEW, _form())
    assert response.status_code == 302
    incident = PrivacyIncident.objects.get()
    assert incident.reference == f"INC-{timezone.localdate().year}-0001"
    assert response["Location"] == f"/privacy/incidents/{incident.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert MARKER in page and "Not assessed yet" in page
    listing = client.get(LIST).content.decode()
    assert incident.reference in listing
    assert MARKER not in listing  # the list shows no description
    assert AuditEvent.objects.filter(action="privacy_incident.create", target_id=str(incident.pk))
    assert AuditEvent.objects.filter(action="privacy_incident.read", target_id=str(incident.pk))
    assert PrivacyIncidentVersion.objects.filter(incident=incident, number=1).exists()


def test_descriptions_are_encrypted_at_rest(incident: PrivacyIncident) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT what_happened, reported_by FROM privacy_privacyincident WHERE id = %s",
            [incident.pk.hex if connection.vendor == "sqlite" else incident.pk],
        )
        stored = " ".join(cursor.fetchone())
    assert MARKER not in stored and "Secrétaire" not in stored
    snapshot_raw = PrivacyIncidentVersion.objects.values_list("snapshot", flat=True)
    assert all(MARKER in s for s in snapshot_raw)  # decrypted by the field…
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM privacy_privacyincidentversion")
        assert all(MARKER not in row[0] for row in cursor.fetchall())  # …but not in the table


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"discovered_at": _moment(5)}, "An incident cannot be discovered before it happened."),
        ({"occurred_at": _moment(-3)}, "This moment is in the future."),
        ({"what_happened": "   "}, "This field is required."),
        ({"serious_injury": "yes"}, "Rate the sensitivity of the information."),
        (
            {
                "serious_injury": "no",
                "sensitivity": "low",
                "misuse_likelihood": "low",
                "consequences": "Faibles",
            },
            "Give the reasons for the assessment.",
        ),
        ({"people_affected_count": "-2"}, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_input_is_refused_clearly_and_kept(
    client: Any, officer: User, english: None, overrides: dict[str, str], message: str
) -> None:
    client.force_login(officer)
    response = client.post(NEW, _form(**overrides))
    assert response.status_code == 422
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert MARKER in html  # what was typed is still there
    assert not PrivacyIncident.objects.exists()


@pytest.mark.parametrize(
    "person", ["admin", "analyst", "coordinator", "principal", "police", "superuser"]
)
def test_everyone_but_privacy_officers_gets_404(
    client: Any, world: World, incident: PrivacyIncident, person: str
) -> None:
    client.force_login(world.people[person])
    base = f"/privacy/incidents/{incident.pk}/"
    for url in (LIST, NEW, base, base + "edit/", base + "history/"):
        assert client.get(url).status_code == 404, url
    for url in (base + "notifications/new/", base + "close/"):
        assert client.post(url, {}).status_code == 404, url


def test_an_officer_of_another_organisation_gets_404(
    client: Any, world: World, incident: PrivacyIncident
) -> None:
    other = TwoFactorUserFactory(
        email="prp@isb.test", first_name="Test", last_name="Officer", preferred_language="en"
    )
    MembershipFactory(
        user=other,
        school=None,
        organisation=world.organisations["island-school-board"],
        role=Role.PRIVACY_OFFICER,
        valid_from=datetime.date(2024, 1, 1),
    )
    client.force_login(other)
    assert client.get(LIST).status_code == 200
    assert incident.reference not in client.get(LIST).content.decode()
    assert client.get(f"/privacy/incidents/{incident.pk}/").status_code == 404
    with pytest.raises(Exception, match="No such incident"):
        services.incident_update(
            actor=other, incident=incident, version=incident.version, changes={"measures": "x"}
        )


def test_edits_are_versioned_audited_and_stale_saves_refused(
    client: Any, officer: User, incident: PrivacyIncident, english: None
) -> None:
    client.force_login(officer)
    edit = f"/privacy/incidents/{incident.pk}/edit/"
    form = client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    for name in ("occurred_at", "discovered_at"):  # as a browser posts them
        data[name] = data[name].strftime("%Y-%m-%dT%H:%M")
    data.update(
        sensitivity="high",
        misuse_likelihood="medium",
        consequences="Stigmatisation",
        serious_injury="yes",
        risk_reasoning="Mineurs, information sensible",
    )
    stale = dict(data)
    assert client.post(edit, data).status_code == 302
    incident.refresh_from_db()
    assert incident.serious_injury == "yes" and incident.assessed_at is not None
    assert incident.version == 2
    # Someone else's form, opened before the save: refused, not overwritten.
    stale["measures"] = "Autre chose"
    response = client.post(edit, stale)
    assert response.status_code == 422
    assert "Someone saved this incident since you opened it." in response.content.decode()
    history = client.get(f"/privacy/incidents/{incident.pk}/history/").content.decode()
    assert "Version 2" in history and "Version 1" in history
    assert "Risk of serious injury" in history
    version = PrivacyIncidentVersion.objects.get(incident=incident, number=2)
    assert set(version.changed_fields) == {
        "sensitivity",
        "misuse_likelihood",
        "consequences",
        "serious_injury",
        "risk_reasoning",
    }
    assert AuditEvent.objects.filter(action="privacy_incident.update").count() == 1


def test_serious_injury_needs_both_notifications_before_closing(
    client: Any, officer: User, incident: PrivacyIncident, english: None
) -> None:
    services.incident_update(
        actor=officer,
        incident=incident,
        version=incident.version,
        changes={
            "sensitivity": "high",
            "misuse_likelihood": "high",
            "consequences": "Atteinte à la réputation",
            "serious_injury": "yes",
            "risk_reasoning": "Information sensible sur des mineurs",
        },
    )
    client.force_login(officer)
    base = f"/privacy/incidents/{incident.pk}/"
    response = client.post(base + "close/", {"closing_note": "Fin", "version": incident.version})
    assert response.status_code == 422
    assert "Commission d&#x27;accès à l&#x27;information" in response.content.decode()

    # A notification before the discovery is refused, the input kept.
    early = (incident.discovered_at - datetime.timedelta(days=2)).astimezone()
    response = client.post(
        base + "notifications/new/",
        {
            "recipient": "cai",
            "at": early.strftime("%Y-%m-%dT%H:%M"),
            "channel": "form",
            "note": "Avis CAI-123",
        },
    )
    assert response.status_code == 422
    assert "before the incident was discovered" in response.content.decode()
    assert "Avis CAI-123" in response.content.decode()

    assert (
        client.post(
            base + "notifications/new/",
            {"recipient": "cai", "at": _moment(0.5), "channel": "form", "note": "Avis CAI-123"},
        ).status_code
        == 302
    )
    response = client.post(
        base + "notifications/new/",
        {"recipient": "affected", "at": _moment(0.4), "channel": "not_notified", "note": ""},
    )
    assert "Say why they were not notified." in response.content.decode()
    assert (
        client.post(
            base + "notifications/new/",
            {"recipient": "affected", "at": _moment(0.4), "channel": "letter", "note": ""},
        ).status_code
        == 302
    )
    incident.refresh_from_db()
    response = client.post(base + "close/", {"closing_note": "Fin", "version": incident.version})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at is not None
    page = client.get(base).content.decode()
    assert "Commission d&#x27;accès à l&#x27;information" in page and "Letter" in page
    # Closed means closed.
    assert client.get(base + "edit/").status_code == 302
    actions = list(
        AuditEvent.objects.filter(target_id=str(incident.pk))
        .exclude(action="privacy_incident.read")
        .values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "privacy_incident.create",
            "privacy_incident.update",
            "privacy_incident.notification",
            "privacy_incident.notification",
            "privacy_incident.close",
        ]
    )


def test_menu_entry_for_privacy_officers_only(client: Any, world: World, officer: User) -> None:
    client.force_login(officer)
    assert 'data-nav="privacy_incidents"' in client.get(LIST).content.decode()
    client.force_login(world.people["admin"])
    assert 'data-nav="privacy_incidents"' not in client.get("/account/").content.decode()


# The demo's own test: the incidents `seed_demo` adds to its directory.
def test_demo_incidents_are_idempotent(demo: None) -> None:
    assert demo_incidents_seed(lambda line: None) == 2
    assert demo_incidents_seed(lambda line: None) == 0
    assert PrivacyIncident.objects.filter(status="closed").count() == 1
    assert PrivacyIncident.objects.filter(serious_injury="yes", status="open").count() == 1


def test_references_come_from_the_shared_counter_without_gaps(world: World, officer: User) -> None:
    org = world.organisations["css-mille-lacs"]
    year = timezone.localdate().year
    values = {
        "what_happened": "Courriel mal adressé",
        "occurred_at": timezone.now() - datetime.timedelta(days=2),
        "discovered_at": timezone.now() - datetime.timedelta(days=1),
        "reported_by": "Secrétaire",
        "people_affected_count": 1,
    }
    first = services.incident_create(actor=officer, organisation=org, **values)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.incident_create(actor=officer, organisation=org, **values)
        raise RuntimeError("rolled back: its reference is given back")
    second = services.incident_create(actor=officer, organisation=org, **values)
    assert (first.reference, second.reference) == (f"INC-{year}-0001", f"INC-{year}-0002")
    assert counter_next(scope_id=org.pk, kind="INC", year=year) == 3
