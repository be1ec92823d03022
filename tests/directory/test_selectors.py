"""Is the Sexto kit usable at school S on date D, and if not, why?"""

import datetime

import pytest

from sexto.directory.models import Agreement
from sexto.directory.selectors import school_kit_status
from tests.factories import AgreementFactory, SchoolFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 26)


def _school_with(**agreement: object):  # type: ignore[no-untyped-def]
    school = SchoolFactory()
    if agreement:
        AgreementFactory(police_force=school.territory.police_force, **agreement)
    return school


def test_active_agreement_makes_the_kit_usable() -> None:
    status = school_kit_status(school=_school_with(), on=DAY)
    assert not status.usable
    school = _school_with(status=Agreement.Status.ACTIVE)
    status = school_kit_status(school=school, on=DAY)
    assert status.usable and status.agreement is not None


@pytest.mark.parametrize(
    ("agreement", "words"),
    [
        ({}, "no agreement"),
        ({"status": Agreement.Status.SUSPENDED}, "suspended"),
        ({"status": Agreement.Status.ENDED}, "no longer in force"),
        ({"expires_on": datetime.date(2025, 1, 1)}, "no longer in force"),
        (
            {"effective_on": datetime.date(2027, 1, 1), "signed_on": datetime.date(2026, 10, 1)},
            "only takes effect on Jan. 1, 2027",
        ),
    ],
)
def test_unusable_kit_says_why_and_what_to_do(agreement: dict, words: str, english: None) -> None:
    status = school_kit_status(school=_school_with(**agreement), on=DAY)
    assert not status.usable
    assert words in str(status.reason)
    assert "police" in str(status.reason).lower()


def test_reason_in_french() -> None:
    from django.utils import translation

    with translation.override("fr"):
        status = school_kit_status(school=_school_with(), on=DAY)
        assert "Appelez directement la police" in str(status.reason)


def test_demo_territories(demo: None) -> None:
    from sexto.directory.models import School

    usable = {s.ministry_code: school_kit_status(school=s).usable for s in School.objects.all()}
    assert usable == {"751001": True, "751002": True, "752001": False, "881001": True}
