"""Factories of the statistics: closed cases over past quarters, enough to fill the tables, at
the schools a test chooses (the demo's history writes them at the demo's schools; both use the
demo's `history_case_create`)."""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from sexto.directory.models import School, User
from sexto.stats.demo import history_case_create, quarters_before
from sexto.stats.models import SchoolLevel


def history_build(*, schools: list[tuple[School, User, int, int]], quarters: int = 8) -> int:
    """Closed cases over the `quarters` quarters before this one: for each (school, coordinator,
    fewest, most), between fewest and most cases a quarter. Seeded by quarter and school, so the
    same history every run. Every school is marked secondary. Returns how many were made."""
    zone = ZoneInfo(settings.TIME_ZONE)
    for school, _coordinator, _fewest, _most in schools:
        SchoolLevel.objects.update_or_create(
            school=school, defaults={"level": SchoolLevel.Level.SECONDARY}
        )
    made = 0
    for start in quarters_before(timezone.localdate(), quarters):
        begin = datetime.datetime.combine(start, datetime.time(8), tzinfo=zone)
        for school, coordinator, fewest, most in schools:
            rng = random.Random(f"{start.isoformat()}:{school.ministry_code}")
            for _n in range(rng.randint(fewest, most)):
                opened = begin + datetime.timedelta(days=rng.uniform(0, 88))
                history_case_create(rng=rng, school=school, coordinator=coordinator, opened=opened)
                made += 1
    return made
