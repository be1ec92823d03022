"""Item 7 of issue 14, replayed on every page of the kit with free text: the attacker's PNG written
as hex split by spaces is refused with the message, and nothing is stored."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from sexto.audit.models import AccessGrant
from sexto.interventions.models import (
    Case,
    CasePerson,
    ChronologyEntry,
    Device,
    EducationalMeasure,
    Intake,
    ParentNotification,
    TakedownRequest,
    YouthProtectionReport,
)
from tests.helpers import FormClient, sign_in


def _png_as_hex() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 60)).save(buffer, "PNG")
    return " ".join(f"{byte:02x}" for byte in buffer.getvalue())


SMUGGLED = _png_as_hex()
MESSAGE = "never accepts images"


def _local(delta_minutes: int = -10) -> str:
    moment = timezone.localtime() + datetime.timedelta(minutes=delta_minutes)
    return moment.strftime("%Y-%m-%dT%H:%M")


def _client(user: Any) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _refused(response: Any) -> None:
    assert response.status_code in (200, 422), response.status_code
    assert MESSAGE in response.content.decode()


@pytest.fixture
def case(open_case: Any) -> Case:
    made: Case = open_case()
    Case.objects.filter(pk=made.pk).update(youth_protection="required")
    made.refresh_from_db()
    return made


def test_intake_page(people, school):
    response = _client(people["staff"]).post(
        "/intakes/new/",
        {
            "school": str(school.pk),
            "told_at": _local(),
            "told_by": "Une élève",
            "account": SMUGGLED,
        },
    )
    _refused(response)
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    ("path", "data", "model"),
    [
        ("notes/", {"text": SMUGGLED}, ChronologyEntry),
        ("people/", {"label": "A", "name": "Zoé", "grade": SMUGGLED}, CasePerson),
        (
            "devices/",
            {
                "description": "Cellulaire",
                "envelope_number": "ENV-1",
                "storage_place": SMUGGLED,
                "seized_at": _local(),
            },
            Device,
        ),
        ("measures/", {"what": SMUGGLED, "with_whom": "Psy"}, EducationalMeasure),
        (
            "takedowns/",
            {"platform": "other", "where": SMUGGLED, "requested_at": _local()},
            TakedownRequest,
        ),
        (
            "youth-protection/",
            {"kind": "reported", "at": _local(), "reference": SMUGGLED},
            YouthProtectionReport,
        ),
        (
            "parents/",
            {"guardian": SMUGGLED, "at": _local(), "how": "phone", "summary": "Appel"},
            ParentNotification,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_case_sections(people, case, path, data, model):
    before = model.objects.count()
    _refused(_client(people["coordinator"]).post(f"/cases/{case.pk}/{path}", data))
    assert model.objects.count() == before


def test_grant_reason(people, case):
    response = _client(people["coordinator"]).post(
        f"/cases/{case.pk}/access/",
        {
            "email": people["staff"].email,
            "reason": SMUGGLED,
            "ends_at": _local(60 * 24),
        },
    )
    _refused(response)
    assert not AccessGrant.objects.exists()


def test_break_glass_reason(people, case):
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, people["privacy"].email)
    response = client.post(
        "/cases/break-glass/", {"number": case.number, "reason": SMUGGLED, "break_glass": "1"}
    )
    _refused(response)
    assert not AccessGrant.objects.exists()


def test_break_glass_service_refuses_it_too(people, case):
    from sexto.audit.services import AccessGrantInvalid
    from sexto.interventions.services.access import case_break_glass

    with pytest.raises(AccessGrantInvalid) as excinfo:
        case_break_glass(actor=people["privacy"], number=case.number, reason=SMUGGLED)
    assert MESSAGE in str(excinfo.value.message)
