"""seed_demo's renewal steps (issue 17): a badge expiring in about a month (reminded, "Renew"),
an expired one, and a renewal awaiting review in the trainer's queue; idempotent."""

from __future__ import annotations

from typing import Any

from sexto.credentials.demo_renewal import (
    RENEWAL_PEOPLE,
    demo_badges_expiring_seed,
    demo_renewals_seed,
)
from sexto.credentials.expiry import award_is_expired
from sexto.credentials.models import Award
from sexto.credentials.renewal import renewal_state
from sexto.interventions.models import Notification
from sexto.training.demo import demo_training_seed
from sexto.training.models import ProofRound, Submission
from tests.helpers import FormClient, sign_in


def _seed(capture: Any) -> None:
    for step in (demo_training_seed, demo_badges_expiring_seed, demo_renewals_seed):
        with capture(execute=True):
            step(lambda line: None)


def test_demo_shows_expiring_expired_and_a_renewal_under_review(
    demo: None, django_capture_on_commit_callbacks: Any, english: None
) -> None:
    _seed(django_capture_on_commit_callbacks)
    _seed(django_capture_on_commit_callbacks)  # idempotent
    (soon, _d1), (expired, _d2), (renewing, _d3) = RENEWAL_PEOPLE
    soon_award = Award.objects.get(recipient__email=soon.email)
    assert renewal_state(award=soon_award).offered and not award_is_expired(soon_award)
    assert (
        Notification.objects.filter(user__email=soon.email, kind="credentials.expiry").count() == 1
    )
    expired_award = Award.objects.get(recipient__email=expired.email)
    assert award_is_expired(expired_award) and renewal_state(award=expired_award).offered
    assert Notification.objects.filter(user__email=expired.email, kind="credentials.expired")
    pending = Submission.objects.get(
        enrolment__user__email=renewing.email, round=ProofRound.RENEWAL
    )
    assert pending.status == Submission.Status.SUBMITTED
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, soon.email)
    assert 'data-testid="renew"' in client.get("/my/badges/").content.decode()
    trainer = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(trainer, "formation@cadre21.demo")
    assert f"/training/reviews/{pending.pk}/" in trainer.get("/training/reviews/").content.decode()
