"""Item 7 of issue 14 on the privacy officer's pages: an image written as hex split by spaces is
refused in an incident's description and in a legal hold's reason, and nothing is stored."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from sexto.audit.retention_models import LegalHold
from sexto.interventions.models import Case
from sexto.privacy.models import PrivacyIncident
from tests.factories import CaseFactory, World, case_closed, world_email
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db

PRIVACY = world_email("privacy")


def _png_as_hex() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 60)).save(buffer, "PNG")
    return " ".join(f"{byte:02x}" for byte in buffer.getvalue())


SMUGGLED = _png_as_hex()


@pytest.fixture
def closed_case(world: World) -> Case:
    """A closed case of the privacy officer's organisation (one a hold may be placed on)."""
    return case_closed(case=CaseFactory(school=world.schools["751002"]))


@pytest.fixture
def officer(world: World) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, PRIVACY)
    client.cookies["django_language"] = "en"
    return client


def _moment(days: float) -> str:
    return (timezone.localtime() - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_incident_description(officer: Any) -> None:
    response = officer.post(
        "/privacy/incidents/new/",
        {
            "what_happened": "Courriel mal adressé",
            "information_involved": SMUGGLED,
            "occurred_at": _moment(3),
            "discovered_at": _moment(2),
            "reported_by": "Secrétaire",
            "people_affected_count": "3",
        },
    )
    assert response.status_code in (200, 422)
    assert "never accepts images" in response.content.decode()
    assert not PrivacyIncident.objects.exists()


def test_legal_hold_reason(officer: Any, closed_case: Case) -> None:
    response = officer.post(
        "/privacy/retention/holds/new/", {"reference": closed_case.number, "reason": SMUGGLED}
    )
    assert response.status_code in (200, 422)
    assert "never accepts images" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_legal_hold_service(world: World, closed_case: Case) -> None:
    from sexto.audit.retention import LegalHoldInvalid, legal_hold_place

    case = closed_case
    with pytest.raises(LegalHoldInvalid):
        legal_hold_place(
            actor=world.people["privacy"],
            target=("interventions.case", str(case.pk)),
            chain=case.audit_chain,
            reference=case.number,
            reason=SMUGGLED,
        )
