"""Domain errors: one exception per rule, mapped once to forms, problem details and commands."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A business rule refused the action. `message` says what happened and what to do.

    `field` names the input the problem belongs to (None for the whole request); where several
    inputs are wrong at once, `field_errors` names each with its own message (all reported at
    once, not the first alone); `status` is the HTTP status the API answers with.
    """

    code = "domain_error"
    status = 400

    def __init__(
        self,
        message: str | Promise,
        *,
        field: str | None = None,
        field_errors: dict[str, str] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.field_errors = field_errors or {}

    def __str__(self) -> str:
        return str(self.message)


class NotFoundOrForbidden(DomainError):
    """Missing, or not for this user: one error, so existence never leaks."""

    code = "not_found"
    status = 404


class PermissionRefused(DomainError):
    """The user may see the object but not do this to it."""

    code = "forbidden"
    status = 403


class Conflict(DomainError):
    """The object's state does not allow this now."""

    code = "conflict"
    status = 409
