import datetime

from django.test import override_settings
from django.utils import timezone

from sexto.interventions.procedure import school_day_end


def _local(hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 12, 3, hour, minute))


def test_a_moment_during_the_school_day_is_due_by_its_end():
    assert school_day_end(_local(9, 30)) == _local(16)


def test_a_moment_after_school_is_still_due_the_same_day():
    end = school_day_end(_local(19, 5))
    assert end.date() == datetime.date(2026, 12, 3)
    assert timezone.localtime(end).time() == datetime.time(23, 59, 59)


@override_settings(SCHOOL_DAY_END=datetime.time(15, 30))
def test_the_end_of_the_school_day_is_configurable():
    assert school_day_end(_local(8)) == _local(15, 30)
