"""Training's domain errors: each says what happened and what to do."""

from typing import Any

from django.utils.functional import Promise

from sexto.core.errors import Conflict, DomainError, NotFoundOrForbidden, PermissionRefused


class NotEligible(PermissionRefused):
    """Only staff in a territory with an active police–DPCP agreement may submit."""

    code = "training_not_eligible"


class PrerequisiteMissing(PermissionRefused):
    code = "training_prerequisite_missing"


class ProofNotReady(PermissionRefused):
    """The level has no proof yet, or its simulations are not all passed."""

    code = "training_proof_not_ready"


class SubmissionUnderReview(Conflict):
    code = "training_submission_under_review"


class LevelAlreadyApproved(Conflict):
    code = "training_level_already_approved"


class AnswerInvalid(DomainError):
    """An answer is empty, too short, or carries an image."""

    code = "training_answer_invalid"
    status = 422


class ReviewRefused(PermissionRefused):
    """Not a reviewer, the reviewer's own submission, or already decided."""

    code = "training_review_refused"


class LevelNotOpen(NotFoundOrForbidden):
    """The level is announced as coming: nobody enrols in it or sends a proof for it yet."""

    code = "training_level_not_open"


class ModulesUnread(PermissionRefused):
    """The proof is refused while modules of the level are left to read; `unread` names them."""

    code = "training_modules_unread"

    def __init__(self, message: str | Promise, *, unread: list[Any]) -> None:
        super().__init__(message)
        self.unread = unread
