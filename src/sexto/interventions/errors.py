"""Domain errors of the kit, each saying what happened and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.functional import Promise

from sexto.core.errors import Conflict, DomainError


class AgreementMissing(DomainError):
    """The school's territory has no police–DPCP agreement in force."""

    code = "agreement_missing"
    status = 409


class StaleRecord(Conflict):
    """Someone saved this record since it was loaded."""

    code = "stale_record"


class CaseNotClosable(Conflict):
    """Something the case still needs before it may close: `blockers` lists each item (the
    closure selector's `ClosureBlocker`s), so pages and the API can show every one."""

    code = "case_not_closable"

    def __init__(self, message: str | Promise, *, blockers: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.blockers = list(blockers)


class IntakeInvalid(DomainError):
    code = "intake_invalid"
    status = 422


class TwoFactorMissing(DomainError):
    """The person to put on a case's team (or give access to) has no second factor set up."""

    code = "two_factor_missing"
    status = 422


class GrantRefused(DomainError):
    """A grant or break-glass that cannot be given as asked (who, which case)."""

    code = "grant_refused"
    status = 422
