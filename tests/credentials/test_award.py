"""The award: issued by credentials when training approves a level (signal after commit)."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.audit.models import AuditEvent
from sexto.credentials.models import Award
from sexto.credentials.services import award_issue
from sexto.directory.models import User
from sexto.training import services
from sexto.training.models import Level
from tests.training.fixtures import answers

pytestmark = pytest.mark.usefixtures("learners_read_everything")


def test_approval_issues_the_award_with_the_answers(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> None:
    submission = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    with django_capture_on_commit_callbacks(execute=True):
        review = services.submission_review(
            reviewer=people["trainer"], submission=submission, decision="approved"
        )
    award = Award.objects.get()
    assert award.recipient == people["learner"]
    assert award.level == explorateur
    assert award.badge_slug == "sexto-explorateur"
    assert award.issued_at == review.decided_at
    assert award.submission == submission
    assert [item["answer"] for item in award.evidence["answers"]] == [
        answers()[f"answer_{n}"] for n in range(1, 4)
    ]
    assert award.evidence["answers"][2]["prompt_en"].startswith("What will be my focus")
    assert AuditEvent.objects.filter(action="credentials.award.issue").count() == 1


def test_no_award_before_commit_nor_on_changes_requested(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> None:
    submission = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.submission_review(
            reviewer=people["trainer"], submission=submission, decision="approved"
        )
        assert not Award.objects.exists()
    second_learner = people["coordinator"]
    other = services.submission_submit(user=second_learner, level=explorateur, answers=answers())
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_review(
            reviewer=people["trainer"],
            submission=other,
            decision="changes_requested",
            comment="Plus de détails.",
        )
    assert not Award.objects.filter(recipient=second_learner).exists()


def test_award_issue_is_idempotent_per_submission_and_skips_levels_without_badge(
    people: dict[str, User], explorateur: Level, architecte: Level
) -> None:
    submission = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    first = award_issue(
        recipient=people["learner"], level=explorateur, evidence={}, submission=submission
    )
    again = award_issue(
        recipient=people["learner"], level=explorateur, evidence={}, submission=submission
    )
    assert first is not None and first == again
    assert Award.objects.count() == 1
    architecte.badge_slug = ""
    assert award_issue(recipient=people["learner"], level=architecte, evidence={}) is None
