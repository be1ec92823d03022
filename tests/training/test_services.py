"""Training services: eligibility, drafts, submission rules, review rules, the approval signal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from sexto.audit.models import AuditEvent
from sexto.directory.models import User
from sexto.training import selectors, services
from sexto.training.errors import (
    AnswerInvalid,
    NotEligible,
    PrerequisiteMissing,
    ProofNotReady,
    ReviewRefused,
    SubmissionUnderReview,
)
from sexto.training.models import Level, Submission
from sexto.training.signals import level_approved
from sexto.training.simulations import selectors as simulation_selectors
from tests.training.fixtures import answers, modules_read_all

pytestmark = pytest.mark.usefixtures("english", "learners_read_everything")


def test_staff_of_a_school_with_an_agreement_is_eligible(people: dict[str, User]) -> None:
    eligibility = selectors.learner_eligibility(user=people["learner"])
    assert eligibility.eligible
    assert "École secondaire des Hauts-Sommets" in str(eligibility.reason)


def test_staff_of_a_school_without_agreement_is_told_why(people: dict[str, User]) -> None:
    eligibility = selectors.learner_eligibility(user=people["no_agreement"])
    assert not eligibility.eligible
    assert "no agreement with the DPCP" in str(eligibility.reason)
    assert "Badges are only awarded" in str(eligibility.reason)


def test_service_centre_staff_is_eligible_and_police_is_not(people: dict[str, User]) -> None:
    assert selectors.learner_eligibility(user=people["admin"]).eligible
    police = selectors.learner_eligibility(user=people["police"])
    assert not police.eligible
    assert "reserved for the staff of Quebec schools" in str(police.reason)


def test_ineligible_submission_refused_with_reason(
    people: dict[str, User], explorateur: Level
) -> None:
    with pytest.raises(NotEligible, match="no agreement with the DPCP"):
        services.submission_submit(
            user=people["no_agreement"], level=explorateur, answers=answers()
        )
    assert not Submission.objects.exists()


def test_too_short_answer_refused_with_minimum_and_draft_kept(
    people: dict[str, User], explorateur: Level
) -> None:
    given = {**answers(), "answer_2": "Trop court."}
    with pytest.raises(AnswerInvalid, match="at least 200 characters") as error:
        services.submission_submit(user=people["learner"], level=explorateur, answers=given)
    assert error.value.field == "answer_2"
    enrolment = selectors.enrolment_of(user=people["learner"], level=explorateur)
    assert enrolment is not None and enrolment.draft_answers["answer_2"] == "Trop court."
    assert not Submission.objects.exists()


def test_empty_answer_refused(people: dict[str, User], explorateur: Level) -> None:
    with pytest.raises(AnswerInvalid, match="question 1"):
        services.submission_submit(
            user=people["learner"], level=explorateur, answers={**answers(), "answer_1": "   "}
        )


def test_embedded_image_refused(people: dict[str, User], explorateur: Level) -> None:
    with pytest.raises(AnswerInvalid, match="image"):
        services.draft_save(
            user=people["learner"],
            level=explorateur,
            answers={"answer_1": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="},
        )


def test_second_submission_while_under_review_refused(
    people: dict[str, User], explorateur: Level
) -> None:
    services.submission_submit(user=people["learner"], level=explorateur, answers=answers())
    with pytest.raises(SubmissionUnderReview, match="with a reviewer"):
        services.submission_submit(user=people["learner"], level=explorateur, answers=answers())
    assert Submission.objects.count() == 1


def test_submission_audited(people: dict[str, User], explorateur: Level) -> None:
    submission = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    event = AuditEvent.objects.get(action="training.submission.submit")
    assert event.target_id == str(submission.pk)
    assert event.actor == f"user:{people['learner'].pk}"


def test_prerequisite_and_simulations_gate_architecte(
    people: dict[str, User], architecte: Level
) -> None:
    with pytest.raises(PrerequisiteMissing, match="Explorateur"):
        services.submission_submit(user=people["learner"], level=architecte)


def test_simulation_level_needs_all_simulations_passed(
    people: dict[str, User], explorateur: Level, architecte: Level, monkeypatch: Any
) -> None:
    submission = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    services.submission_review(
        reviewer=people["trainer"], submission=submission, decision="approved"
    )
    monkeypatch.setattr(simulation_selectors, "simulations_all_passed", lambda **kw: False)
    with pytest.raises(ProofNotReady, match="Pass every simulation"):
        services.submission_submit(user=people["learner"], level=architecte)
    monkeypatch.setattr(simulation_selectors, "simulations_all_passed", lambda **kw: True)
    monkeypatch.setattr(
        simulation_selectors, "simulation_evidence", lambda **kw: {"scores": [100, 90, 85]}
    )
    sent = services.submission_submit(user=people["learner"], level=architecte)
    assert sent.evidence == {"scores": [100, 90, 85]}


def test_nobody_reviews_their_own_submission(
    second_trainer: User, explorateur: Level, people: dict[str, User]
) -> None:
    modules_read_all(user=second_trainer, level=explorateur)
    submission = services.submission_submit(
        user=second_trainer, level=explorateur, answers=answers()
    )
    with pytest.raises(ReviewRefused, match="your own submission"):
        services.submission_review(
            reviewer=second_trainer, submission=submission, decision="approved"
        )
    assert list(selectors.review_queue_for(user=second_trainer)) == []
    assert list(selectors.review_queue_for(user=people["trainer"])) == [submission]


def test_only_trainers_review(people: dict[str, User], explorateur: Level) -> None:
    submission = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    with pytest.raises(ReviewRefused, match="Only trainers"):
        services.submission_review(
            reviewer=people["coordinator"], submission=submission, decision="approved"
        )


def test_changes_requested_needs_a_comment_then_resubmission_kept_apart(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> None:
    first = services.submission_submit(user=people["learner"], level=explorateur, answers=answers())
    with pytest.raises(AnswerInvalid, match="comment is required"):
        services.submission_review(
            reviewer=people["trainer"], submission=first, decision="changes_requested"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_review(
            reviewer=people["trainer"],
            submission=first,
            decision="changes_requested",
            comment="Développez la question 3.",
        )
    # The learner is emailed a link and the level's name, never the comments or answers.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people["learner"].email]
    assert "https://sexto.test/training/sexto/explorateur/" in message.body
    assert "Développez" not in message.body and "images" not in message.body
    with pytest.raises(ReviewRefused, match="already decided"):
        services.submission_review(
            reviewer=people["trainer"], submission=first, decision="approved"
        )
    second = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers("Nouvelle version " * 20)
    )
    assert second.attempt == 2
    first.refresh_from_db()
    assert first.status == Submission.Status.CHANGES_REQUESTED
    assert first.reviews.get().comment == "Développez la question 3."
    assert first.answers[0]["answer"] != second.answers[0]["answer"]


def test_approval_sends_level_approved_after_commit(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> None:
    received: list[dict[str, Any]] = []

    def listener(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    level_approved.connect(listener, dispatch_uid="test_listener")
    try:
        submission = services.submission_submit(
            user=people["learner"], level=explorateur, answers=answers()
        )
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.submission_review(
                reviewer=people["trainer"], submission=submission, decision="approved"
            )
        assert received == []  # nothing before the commit
        for callback in callbacks:
            callback()
    finally:
        level_approved.disconnect(dispatch_uid="test_listener")
    assert len(received) == 1
    assert received[0]["learner"] == people["learner"]
    assert received[0]["evidence"]["answers"][0]["answer"].startswith("Je ne regarde jamais")
    assert AuditEvent.objects.filter(action="training.submission.approved").count() == 1


def test_modules_read_progress_and_resume(people: dict[str, User], explorateur: Level) -> None:
    modules = list(explorateur.modules.order_by("position"))
    reader = people["police"]  # anyone signed in reads
    progress = selectors.level_progress(user=reader, level=explorateur)
    assert progress.enrolment is None and progress.percent == 0 and progress.resume == modules[0]
    services.module_mark_read(user=reader, module=modules[0])
    services.module_mark_read(user=reader, module=modules[1])
    services.module_mark_read(user=reader, module=modules[1])  # idempotent
    progress = selectors.level_progress(user=reader, level=explorateur)
    assert progress.read_count == 2
    assert progress.percent == round(200 / len(modules))
    assert progress.resume == modules[2]
    assert progress.state == "in_progress"


def test_cohort_export_is_audited_with_its_size(
    people: dict[str, User], explorateur: Level
) -> None:
    services.cohort_export_record(actor=people["trainer"], level=explorateur, rows=3)
    event = AuditEvent.objects.get(action="training.cohort.export")
    assert event.actor == f"user:{people['trainer'].pk}"
    assert event.target_id == str(explorateur.pk)
