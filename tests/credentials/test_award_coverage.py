"""Training coverage: per school, coordinators with and without the Explorateur badge."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sexto.credentials.models import Award
from sexto.directory.models import User
from sexto.training.models import Level
from tests.helpers import sign_in


@pytest.fixture
def badge(people: dict[str, User], explorateur: Level) -> Award:
    return Award.objects.create(
        recipient=people["coordinator"],
        level=explorateur,
        badge_slug="sexto-explorateur",
        issued_at=timezone.now(),
        evidence={},
    )


def test_admin_sees_their_schools_trained_and_untrained(
    client: Any, people: dict[str, User], badge: Award
) -> None:
    sign_in(client, people["admin"].email)
    response = client.get("/training-coverage/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    hauts = page.split('data-testid="school-751001"')[1].split("</tr>")[0]
    assert "Julie Tremblay" in hauts.split("Without")[0]  # trained coordinator
    assert "Marc Gagnon" in hauts  # backup, not trained
    uncovered = page.split('data-testid="uncovered"')[1].split("</ul>")[0]
    assert "Lac-Vert" in uncovered and "Val-des-Pins" in uncovered
    assert "Hauts-Sommets" not in uncovered
    # Only the admin's own organisation's schools.
    assert "Riverview High School" not in page


def test_trainer_sees_every_school(client: Any, people: dict[str, User], badge: Award) -> None:
    sign_in(client, people["trainer"].email)
    page = client.get("/training-coverage/").content.decode()
    assert "Riverview High School" in page and "Hauts-Sommets" in page


@pytest.mark.parametrize("who", ["learner", "coordinator", "police"])
def test_others_get_404(client: Any, people: dict[str, User], who: str) -> None:
    sign_in(client, people[who].email)
    assert client.get("/training-coverage/").status_code == 404
