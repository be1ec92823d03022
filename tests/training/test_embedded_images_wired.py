"""Item 7 of issue 14 in training: an image written as hex split by spaces is refused in the
proof's answers (sent, saved as a draft, autosaved by htmx) and in a reviewer's comment."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from sexto.directory.models import User
from sexto.training import services
from sexto.training.models import Enrolment, Level, Review, Submission
from tests.helpers import FormClient, sign_in
from tests.training.fixtures import answers

pytestmark = pytest.mark.usefixtures("english", "learners_read_everything")

LEVEL = "/training/sexto/explorateur/"
MESSAGE = "never accepts images"


def _png_as_hex() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 60)).save(buffer, "PNG")
    return " ".join(f"{byte:02x}" for byte in buffer.getvalue())


SMUGGLED = _png_as_hex()


@pytest.fixture
def client() -> Any:
    return FormClient(HTTP_ACCEPT_LANGUAGE="en")


def test_proof_sent(client: Any, people: dict[str, User], explorateur: Level) -> None:
    sign_in(client, people["learner"].email)
    response = client.post(f"{LEVEL}proof/", {**answers(), "answer_2": SMUGGLED, "submit": "1"})
    assert response.status_code in (200, 422)
    assert MESSAGE in response.content.decode()
    assert not Submission.objects.exists()


def test_draft_saved_and_autosaved(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    sign_in(client, people["learner"].email)
    response = client.post(f"{LEVEL}proof/", {"answer_1": SMUGGLED, "save": "1"})
    assert MESSAGE in response.content.decode()
    response = client.post(
        f"{LEVEL}proof/autosave/", {"answer_1": SMUGGLED}, HTTP_HX_REQUEST="true"
    )
    assert MESSAGE in response.content.decode()
    assert not Enrolment.objects.exclude(draft_answers={}).exclude(draft_answers=None).exists()


def test_review_comment(client: Any, people: dict[str, User], explorateur: Level) -> None:
    submission = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    sign_in(client, people["trainer"].email)
    response = client.post(
        f"/training/reviews/{submission.pk}/",
        {"decision": "changes_requested", "comment": SMUGGLED},
    )
    assert response.status_code == 422
    assert MESSAGE in response.content.decode()
    assert not Review.objects.exists()
