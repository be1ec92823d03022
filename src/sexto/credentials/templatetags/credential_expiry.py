"""Expiry for templates (My badges, the verification page): ``award|valid_until``,
``award|expired``."""

from __future__ import annotations

import datetime

from django import template

from sexto.credentials.expiry import award_is_expired, award_valid_until
from sexto.credentials.models import Award

register = template.Library()


@register.filter
def valid_until(award: Award) -> datetime.datetime | None:
    return award_valid_until(award)


@register.filter
def expired(award: Award) -> bool:
    return award_is_expired(award)
