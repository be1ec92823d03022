"""Item 7 of issue 14 through the API: an image written as hex split by spaces (or base64 with line
breaks) is a 422 problem naming the field, on every endpoint that takes free text."""

from __future__ import annotations

import base64
import datetime
import io
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from sexto.interventions.models import CasePerson, Device, Intake
from tests.api.test_cases_api import Api, _assert_problem, _intake
from tests.api.test_cases_api import case as case
from tests.api.test_cases_api import people as people
from tests.api.test_cases_api import school as school

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 60)).save(buffer, "PNG")
    return buffer.getvalue()


HEX = " ".join(f"{byte:02x}" for byte in _png())
BASE64 = "\n".join(base64.b64encode(_png()).decode()[i : i + 8] for i in range(0, 108, 8))


def _refused(response: Any, field: str) -> None:
    problem = _assert_problem(response, 422)
    assert "never accepts images" in str(problem), problem
    assert field in str(problem)


def _at(minutes_ago: int = 30) -> str:
    return (timezone.now() - datetime.timedelta(minutes=minutes_ago)).isoformat()


@pytest.mark.parametrize("smuggled", [HEX, BASE64], ids=["hex", "base64"])
def test_intake(people, school, smuggled):
    response = Api(people["staff"]).send(
        "post",
        "/intakes",
        {
            "school_id": str(school.pk),
            "told_at": _at(),
            "told_by": "Une élève",
            "account": smuggled,
        },
    )
    _refused(response, "account")
    assert not Intake.objects.exists()


def test_case_open(people, school):
    intake = _intake(people, school)
    response = Api(people["coordinator"]).send(
        "post", f"/intakes/{intake.pk}/open", {"summary": HEX}
    )
    _refused(response, "summary")


def test_case_person(people, case):
    response = Api(people["coordinator"]).send(
        "post", f"/cases/{case.pk}/people", {"label": "A", "name": BASE64, "roles": []}
    )
    _refused(response, "name")
    assert not CasePerson.objects.exists()


def test_device_seizure(people, case):
    response = Api(people["coordinator"]).send(
        "post",
        f"/cases/{case.pk}/devices",
        {
            "description": HEX,
            "envelope_number": "ENV-1",
            "storage_place": "Coffre",
            "seized_at": _at(),
        },
    )
    _refused(response, "description")
    assert not Device.objects.exists()
