"""Expiry of a badge (issue 17): a level may set a validity in months; the award keeps it as
approved (its evidence snapshot), so a later change of the level never moves an issued date."""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone

from sexto.credentials.models import Award

# A member may renew a badge from 60 days before it expires (and after it has): when the
# reminder reaches them.
RENEWAL_WINDOW = datetime.timedelta(days=60)


def months_after(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day ``months`` later (the month's last day when it is shorter: 31 Jan → 28 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def award_valid_until(award: Award) -> datetime.datetime | None:
    """When the award stops being valid, or None when it never expires."""
    months = award.evidence.get("validity_months") if isinstance(award.evidence, dict) else None
    if not isinstance(months, int) or months <= 0:
        return None
    return months_after(award.issued_at, months)


def award_is_expired(award: Award, *, now: datetime.datetime | None = None) -> bool:
    valid_until = award_valid_until(award)
    return valid_until is not None and valid_until <= (now or timezone.now())


def award_in_renewal_window(award: Award, *, now: datetime.datetime | None = None) -> bool:
    """Whether the award expires within RENEWAL_WINDOW or has expired (never for a badge that
    does not expire)."""
    valid_until = award_valid_until(award)
    return valid_until is not None and valid_until - RENEWAL_WINDOW <= (now or timezone.now())
