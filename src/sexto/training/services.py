"""Writes of training: enrol, read, draft, submit, review. Each in a transaction, audited."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.audit.services import audit_record
from sexto.core.validators import no_embedded_images
from sexto.directory.types import Actor
from sexto.interventions.services.alerts import in_app_alert
from sexto.training import selectors
from sexto.training.errors import (
    AnswerInvalid,
    LevelAlreadyApproved,
    LevelNotOpen,
    ModulesUnread,
    NotEligible,
    PrerequisiteMissing,
    ProofNotReady,
    ReviewRefused,
    SubmissionUnderReview,
)
from sexto.training.models import (
    Enrolment,
    Level,
    Module,
    ModuleRead,
    ProofRound,
    Review,
    Submission,
)
from sexto.training.signals import level_approved
from sexto.training.simulations import selectors as simulation_selectors

ANSWER_MAX_LENGTH = 10_000


def level_require_open(*, level: Level) -> None:
    """Refuse a level announced as coming: it cannot be taken (no enrolment, no proof)."""
    if not level.is_open:
        raise LevelNotOpen(
            _("The level %(level)s is coming: it cannot be taken yet.") % {"level": level.title}
        )


def enrolment_ensure(
    *, user: Actor, level: Level, at: datetime.datetime | None = None
) -> Enrolment:
    """The learner's enrolment in an open level, created on first use (anyone signed in may
    read); refused for a level announced as coming."""
    level_require_open(level=level)
    enrolment, _created = Enrolment.objects.get_or_create(
        user=user, level=level, defaults={"enrolled_at": at or timezone.now()}
    )
    return enrolment


def module_mark_read(
    *, user: Actor, module: Module, at: datetime.datetime | None = None
) -> Enrolment:
    """Mark a module read (idempotent) and remember it as the place to resume."""
    with transaction.atomic():
        enrolment = enrolment_ensure(user=user, level=module.level, at=at)
        ModuleRead.objects.get_or_create(
            enrolment=enrolment, module=module, defaults={"read_at": at or timezone.now()}
        )
        enrolment.last_module = module
        enrolment.save(update_fields=["last_module"])
    return enrolment


def module_opened(*, user: Actor, module: Module) -> None:
    """Remember the last module opened, so the level page resumes there."""
    enrolment = enrolment_ensure(user=user, level=module.level)
    if enrolment.last_module_id != module.pk:
        enrolment.last_module = module
        enrolment.save(update_fields=["last_module"])


def _answers_clean(
    *, level: Level, answers: Mapping[str, str], proof_round: str = ProofRound.FIRST
) -> dict[str, str]:
    """Keep only this level's answers, stripped; refuse images and overlong text."""
    cleaned = {}
    for question in selectors.level_questions(level=level, proof_round=proof_round):
        text = str(answers.get(question.field_name, "") or "").strip()
        if len(text) > ANSWER_MAX_LENGTH:
            raise AnswerInvalid(
                _("Keep this answer under %(max)d characters.") % {"max": ANSWER_MAX_LENGTH},
                field=question.field_name,
            )
        try:
            no_embedded_images(text)
        except ValidationError as error:
            raise AnswerInvalid(error.messages[0], field=question.field_name) from None
        cleaned[question.field_name] = text
    return cleaned


def _editable_or_raise(*, enrolment: Enrolment) -> None:
    first_round = enrolment.submissions.filter(round=ProofRound.FIRST)
    latest = first_round.order_by("-attempt").first()
    if first_round.filter(status=Submission.Status.APPROVED).exists():
        raise LevelAlreadyApproved(_("This level is already approved: there is nothing to send."))
    if latest is not None and latest.status == Submission.Status.SUBMITTED:
        raise SubmissionUnderReview(
            _(
                "Your answers are with a reviewer. You can change them if the reviewer asks "
                "for changes."
            )
        )


def draft_save(
    *, user: Actor, level: Level, answers: Mapping[str, str], request: HttpRequest | None = None
) -> Enrolment:
    """Keep the learner's answers as a draft (no minimum length yet); not audited: nothing sent."""
    cleaned = _answers_clean(level=level, answers=answers)
    with transaction.atomic():
        enrolment = enrolment_ensure(user=user, level=level)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        _editable_or_raise(enrolment=enrolment)
        enrolment.draft_answers = cleaned
        enrolment.draft_saved_at = timezone.now()
        enrolment.save(update_fields=["draft_answers", "draft_saved_at"])
    return enrolment


def submission_submit(
    *,
    user: Actor,
    level: Level,
    answers: Mapping[str, str] | None = None,
    evidence_consent: bool = False,
    request: HttpRequest | None = None,
    at: datetime.datetime | None = None,
) -> Submission:
    """Send the proof for review. Refused, with the reason, when the level is not open, the
    learner is not eligible, a prerequisite is missing, a module of the level is left to read,
    one is already under review, or an answer is too short."""
    level_require_open(level=level)
    eligibility = selectors.learner_eligibility(user=user)
    if not eligibility.eligible:
        raise NotEligible(eligibility.reason)
    missing = selectors.prerequisites_missing(user=user, level=level)
    if missing:
        raise PrerequisiteMissing(
            _("Complete the level %(level)s first: it must be approved before this one.")
            % {"level": missing[0].title}
        )
    if level.proof_kind == Level.ProofKind.NONE:
        raise ProofNotReady(_("This level has no proof to submit yet."))
    if level.proof_kind == Level.ProofKind.REFLECTIVE and answers is not None:
        # Kept as a draft first, so answers refused (modules unread, too short) are not lost.
        draft_save(user=user, level=level, answers=answers)
    unread = selectors.modules_unread(user=user, level=level)
    if unread:
        raise ModulesUnread(
            _(
                "Read every module of the level before sending your proof. Left to read: "
                "%(modules)s."
            )
            % {"modules": ", ".join(module.title for module in unread)},
            unread=unread,
        )
    evidence: dict[str, Any] = {}
    sent_answers: list[dict[str, Any]] = []
    if level.proof_kind == Level.ProofKind.SIMULATION:
        if not simulation_selectors.simulations_all_passed(user=user, level=level):
            raise ProofNotReady(
                _("Pass every simulation of this level before sending it for review.")
            )
        evidence = simulation_selectors.simulation_evidence(user=user, level=level)
    with transaction.atomic():
        enrolment = enrolment_ensure(user=user, level=level, at=at)
        # Locking the enrolment serialises two submissions sent at once (double click, two tabs).
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        _editable_or_raise(enrolment=enrolment)
        if level.proof_kind == Level.ProofKind.REFLECTIVE:
            cleaned = _answers_clean(level=level, answers=enrolment.draft_answers)
            sent_answers = _answers_check_length(level=level, answers=cleaned)
        attempt = (enrolment.submissions.order_by("-attempt").values_list("attempt", flat=True)
                   .first() or 0) + 1  # fmt: skip
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    enrolment=enrolment,
                    attempt=attempt,
                    answers=sent_answers,
                    evidence=evidence,
                    evidence_consent=evidence_consent and bool(sent_answers),
                    submitted_at=at or timezone.now(),
                )
        except IntegrityError:
            raise SubmissionUnderReview(
                _("Your answers are already with a reviewer: wait for their decision.")
            ) from None
        audit_record(
            actor=user,
            action="training.submission.submit",
            target=submission,
            request=request,
            changes={
                "level": level.slug,
                "attempt": attempt,
                "evidence_consent": submission.evidence_consent,
            },
        )
    return submission


def _answers_check_length(
    *, level: Level, answers: Mapping[str, str], proof_round: str = ProofRound.FIRST
) -> list[dict[str, Any]]:
    """The answers as sent, each with its question; refused if any is empty or under the
    minimum, naming every short answer at once (issue 18: one at a time, a learner with three
    short answers was sent back three times)."""
    sent = []
    short: dict[str, str] = {}
    for question in selectors.level_questions(level=level, proof_round=proof_round):
        text = answers.get(question.field_name, "")
        if len(text) < level.min_answer_length:
            short[question.field_name] = _(
                "Answer question %(number)d in at least %(min)d characters (you wrote %(count)d)."
            ) % {"number": question.position, "min": level.min_answer_length, "count": len(text)}
        sent.append(
            {
                "position": question.position,
                "prompt_fr": question.prompt_fr,
                "prompt_en": question.prompt_en,
                "answer": text,
            }
        )
    if short:
        first = next(iter(short))
        message = (
            next(iter(short.values()))
            if len(short) == 1
            else _("%(count)d answers are too short: each needs at least %(min)d characters.")
            % {"count": len(short), "min": level.min_answer_length}
        )
        raise AnswerInvalid(
            # A renewal keeps no draft: its form keeps what was typed.
            message
            if proof_round == ProofRound.RENEWAL
            else _("%(problem)s Your draft is saved.") % {"problem": message},
            field=first,
            field_errors=short,
        )
    if not sent:
        raise ProofNotReady(_("This level has no questions yet."))
    return sent


def renewal_submit(
    *,
    user: Actor,
    level: Level,
    answers: Mapping[str, str],
    evidence_consent: bool = False,
    request: HttpRequest | None = None,
    at: datetime.datetime | None = None,
) -> Submission:
    """Send the short refresher that renews the level's badge, for review like a first proof.
    Whether the badge may be renewed now (its expiry is near) is the credentials' rule: call
    ``credentials.renewal.renewal_submit``, which checks it first. Refused here when the
    learner is no longer eligible (no agreement in their territory), the level has no refresher
    questions, one is already under review, or an answer is too short."""
    eligibility = selectors.learner_eligibility(user=user)
    if not eligibility.eligible:
        raise NotEligible(eligibility.reason)
    if not selectors.level_questions(level=level, proof_round=ProofRound.RENEWAL):
        raise ProofNotReady(_("This level has no renewal questions yet: ask a trainer."))
    cleaned = _answers_clean(level=level, answers=answers, proof_round=ProofRound.RENEWAL)
    sent_answers = _answers_check_length(
        level=level, answers=cleaned, proof_round=ProofRound.RENEWAL
    )
    with transaction.atomic():
        enrolment = enrolment_ensure(user=user, level=level, at=at)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.submissions.filter(status=Submission.Status.SUBMITTED).exists():
            raise SubmissionUnderReview(
                _("Your renewal is already with a reviewer: wait for their decision.")
            )
        attempt = (enrolment.submissions.order_by("-attempt").values_list("attempt", flat=True)
                   .first() or 0) + 1  # fmt: skip
        submission = Submission.objects.create(
            enrolment=enrolment,
            attempt=attempt,
            round=ProofRound.RENEWAL,
            answers=sent_answers,
            evidence_consent=evidence_consent,
            submitted_at=at or timezone.now(),
        )
        audit_record(
            actor=user,
            action="training.submission.submit",
            target=submission,
            request=request,
            changes={
                "level": level.slug,
                "attempt": attempt,
                "round": ProofRound.RENEWAL,
                "evidence_consent": evidence_consent,
            },
        )
    return submission


def submission_review(
    *,
    reviewer: Actor,
    submission: Submission,
    decision: str,
    comment: str = "",
    request: HttpRequest | None = None,
    at: datetime.datetime | None = None,
) -> Review:
    """Approve a submission or ask for changes (with comments). The learner is emailed a link; on
    approval `level_approved` is sent after commit. Nobody reviews their own submission."""
    if not selectors.user_is_reviewer(reviewer):
        raise ReviewRefused(_("Only trainers review submissions."))
    if submission.enrolment.user_id == reviewer.pk:
        raise ReviewRefused(_("You cannot review your own submission: another trainer must."))
    if decision not in Review.Decision.values:
        raise AnswerInvalid(_("Choose a decision."), field="decision")
    comment = comment.strip()
    try:
        no_embedded_images(comment)
    except ValidationError as error:
        raise AnswerInvalid(error.messages[0], field="comment") from None
    if decision == Review.Decision.CHANGES_REQUESTED and not comment:
        raise AnswerInvalid(
            _("Say what the learner should change: the comment is required."), field="comment"
        )
    if decision == Review.Decision.APPROVED and submission.is_renewal:
        # A renewal issues a new badge: the condition of the first one holds again (DESIGN.md).
        eligibility = selectors.learner_eligibility(user=submission.enrolment.user)
        if not eligibility.eligible:
            raise NotEligible(
                _(
                    "This badge cannot be renewed: %(reason)s Ask the learner for changes or "
                    "leave the renewal waiting until an agreement is in force."
                )
                % {"reason": eligibility.reason}
            )
    moment = at or timezone.now()
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Submission.Status.SUBMITTED:
            raise ReviewRefused(
                _("This submission was already decided (%(status)s).")
                % {"status": locked.get_status_display()}
            )
        review = Review.objects.create(
            submission=locked,
            reviewer=reviewer,
            decision=decision,
            comment=comment,
            decided_at=moment,
        )
        locked.status = decision
        locked.decided_at = moment
        locked.save(update_fields=["status", "decided_at"])
        audit_record(
            actor=reviewer,
            action=f"training.submission.{decision}",
            target=locked,
            request=request,
            changes={"decision": decision, "comment": comment},
        )
        enrolment = locked.enrolment
        learner = enrolment.user
        level = enrolment.level
        renewal = locked.is_renewal
        transaction.on_commit(
            lambda: review_notify(learner=learner, level=level, decision=decision, renewal=renewal)
        )
        if decision == Review.Decision.APPROVED:
            evidence = locked.evidence_snapshot()
            transaction.on_commit(
                lambda: level_approved.send(
                    sender=Submission,
                    submission=locked,
                    learner=learner,
                    level=level,
                    reviewer=reviewer,
                    approved_at=moment,
                    evidence=evidence,
                )
            )
    submission.refresh_from_db()
    return review


# The in-app alert's sentence per decision (msgids, translated when the learner reads them).
REVIEW_ALERTS: dict[str, str] = {
    Review.Decision.CHANGES_REQUESTED: gettext_noop("your training proof needs changes"),
    Review.Decision.APPROVED: gettext_noop("your training proof was approved"),
}
RENEWAL_ALERTS: dict[str, str] = {
    Review.Decision.CHANGES_REQUESTED: gettext_noop("your badge renewal needs changes"),
    Review.Decision.APPROVED: gettext_noop("your badge was renewed"),
}


def review_notify(
    *, learner: Actor, level: Level, decision: str = "", renewal: bool = False
) -> None:
    """Tell the learner by an in-app alert and an email with a link to their level (to their
    badges for a renewal); never the answers or the comments (issue 18: "changes requested"
    reached them by email only)."""
    if renewal:
        # The badges page lists the renewal with its decision (a URL name, not an import).
        url = reverse("credentials:member_badges")
        subject = RENEWAL_ALERTS.get(decision, gettext_noop("your badge renewal was reviewed"))
    else:
        url = reverse("training:level_detail", args=[level.program.slug, level.slug])
        subject = REVIEW_ALERTS.get(decision, gettext_noop("your training proof was reviewed"))
    in_app_alert(
        user=learner,
        kind=f"training.{decision or 'reviewed'}",
        url=url,
        subject=subject,
    )
    link = f"{settings.PUBLIC_BASE_URL}{url}"
    with translation.override(learner.preferred_language):
        subject = _("Sexto — your training submission was reviewed (%(level)s)") % {
            "level": level.title
        }
        body = _(
            "A reviewer has decided on your submission for the level %(level)s.\n\n"
            "Open it here: %(link)s\n\nThis message contains no details on purpose."
        ) % {"level": level.title, "link": link}
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[learner.email])


def cohort_export_record(
    *, actor: Actor, level: Level, rows: int, request: HttpRequest | None = None
) -> None:
    """Every export of a level's cohort (CSV) is audited: who, which level, how many learners."""
    audit_record(
        actor=actor,
        action="training.cohort.export",
        target=level,
        request=request,
        changes={"rows": rows},
    )
