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
from sexto.interventions.demo import demo_cases_seed
from sexto.interventions.models import Case
from sexto.privacy.models import PrivacyIncident
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db

PRIVACY = "prp@css-mille-lacs.demo"


def _png_as_hex() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 60)).save(buffer, "PNG")
    return " ".join(f"{byte:02x}" for byte in buffer.getvalue())


SMUGGLED = _png_as_hex()


@pytest.fixture
def officer(demo: None) -> FormClient:
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


def test_legal_hold_reason(officer: Any) -> None:
    demo_cases_seed(lambda line: None)
    case = Case.objects.get(status=Case.Status.CLOSED)
    response = officer.post(
        "/privacy/retention/holds/new/", {"reference": case.number, "reason": SMUGGLED}
    )
    assert response.status_code in (200, 422)
    assert "never accepts images" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_legal_hold_service(demo: None) -> None:
    from sexto.audit.retention import LegalHoldInvalid, legal_hold_place
    from sexto.directory.models import User

    demo_cases_seed(lambda line: None)
    case = Case.objects.get(status=Case.Status.CLOSED)
    with pytest.raises(LegalHoldInvalid):
        legal_hold_place(
            actor=User.objects.get(email=PRIVACY),
            target=("interventions.case", str(case.pk)),
            chain=case.audit_chain,
            reference=case.number,
            reason=SMUGGLED,
        )
