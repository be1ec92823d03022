"""Training's domain errors: each says what happened and what to do."""

from sexto.core.errors import Conflict, DomainError, PermissionRefused


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
