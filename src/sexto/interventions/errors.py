"""Domain errors of the kit, each saying what happened and what to do."""

from __future__ import annotations

from sexto.core.errors import Conflict, DomainError


class AgreementMissing(DomainError):
    """The school's territory has no police–DPCP agreement in force."""

    code = "agreement_missing"
    status = 409


class StaleRecord(Conflict):
    """Someone saved this record since it was loaded."""

    code = "stale_record"


class CaseNotClosable(Conflict):
    code = "case_not_closable"


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
