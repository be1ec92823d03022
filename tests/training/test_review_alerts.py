"""A learner whose proof needs changes gets an in-app alert, not only an email (issue 18)."""

from __future__ import annotations

import pytest
from django.test import Client

from sexto.interventions.models import Notification
from sexto.training import services as training_services
from tests.helpers import sign_in
from tests.training.fixtures import answers

pytestmark = pytest.mark.django_db


def _alerts_page(user) -> str:
    client = Client()
    sign_in(client, user.email)
    return client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_learner_whose_proof_needs_changes_is_alerted_in_the_app(
    people, explorateur, learners_read_everything, django_capture_on_commit_callbacks
):
    submission = training_services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    with django_capture_on_commit_callbacks(execute=True):
        training_services.submission_review(
            reviewer=people["trainer"],
            submission=submission,
            decision="changes_requested",
            comment="Précisez la deuxième réponse.",
        )
    [alert] = Notification.objects.filter(user=people["learner"])
    assert alert.kind == "training.changes_requested" and alert.read_at is None
    page = _alerts_page(people["learner"])
    assert "Your training proof needs changes" in page
    assert "Précisez" not in page  # the comment stays on the level's page
