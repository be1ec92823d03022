"""Expiry (issue 17): a level's validity in months is snapshot on the award; the credential
carries validUntil = issued + validity; My badges and the verification page say "valid until"
and "expired" after; a level without validity never expires."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sexto.credentials import services, verification
from sexto.credentials.expiry import award_is_expired, award_valid_until, months_after
from sexto.credentials.models import Award
from sexto.credentials.ob3.schema import schema_errors
from sexto.directory.models import User
from sexto.training import services as training_services
from sexto.training.models import Level
from tests.helpers import FormClient, sign_in
from tests.training.fixtures import answers, modules_read_all

pytestmark = pytest.mark.usefixtures("english", "learners_read_everything")

UTC = datetime.UTC


@pytest.fixture
def _award_at(django_capture_on_commit_callbacks: Any) -> Any:
    def make(*, people: dict[str, User], level: Level, issued_at: datetime.datetime) -> Award:
        """Sent and approved at ``issued_at`` (the award and its credential follow on commit)."""
        modules_read_all(user=people["learner"], level=level)
        submission = training_services.submission_submit(
            user=people["learner"], level=level, answers=answers(), at=issued_at
        )
        with django_capture_on_commit_callbacks(execute=True):
            training_services.submission_review(
                reviewer=people["trainer"],
                submission=submission,
                decision="approved",
                at=issued_at,
            )
        return Award.objects.get()

    return make


def test_months_after_keeps_the_day_or_the_months_last() -> None:
    start = datetime.datetime(2024, 1, 31, 12, tzinfo=UTC)
    assert months_after(start, 1) == datetime.datetime(2024, 2, 29, 12, tzinfo=UTC)
    assert months_after(start, 36) == datetime.datetime(2027, 1, 31, 12, tzinfo=UTC)


def test_the_credential_carries_valid_until(
    people: dict[str, User], explorateur: Level, _award_at: Any
) -> None:
    explorateur.validity_months = 36
    explorateur.save(update_fields=["validity_months"])
    issued = timezone.now().replace(microsecond=0) - datetime.timedelta(days=10)
    award = _award_at(people=people, level=explorateur, issued_at=issued)
    assert award.evidence["validity_months"] == 36
    # A later change of the level never moves an issued badge's date.
    explorateur.validity_months = 12
    explorateur.save(update_fields=["validity_months"])
    signed = services.credential_for(award).signed
    credential = json.loads(signed)
    until = months_after(issued, 36)
    assert credential["validUntil"] == until.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert schema_errors(credential) == []
    result = verification.credential_verify_submitted(signed)
    assert result.verified, result.errors
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, people["learner"].email)
    page = client.get("/my/badges/").content.decode()
    assert "Valid until" in page and 'data-testid="expired"' not in page
    page = Client(headers={"accept-language": "en"}).get(f"/verify/{award.pk}").content.decode()
    assert 'data-testid="valid-until"' in page
    assert "This badge is authentic and valid." in page


def test_an_expired_badge_says_so(
    people: dict[str, User], explorateur: Level, _award_at: Any
) -> None:
    explorateur.validity_months = 36
    explorateur.save(update_fields=["validity_months"])
    issued = datetime.datetime(2021, 3, 14, 20, 0, tzinfo=UTC)
    award = _award_at(people=people, level=explorateur, issued_at=issued)
    assert award_is_expired(award)
    signed = services.credential_for(award).signed
    assert json.loads(signed)["validUntil"] == "2024-03-14T20:00:00Z"
    result = verification.credential_verify_submitted(signed)
    assert not result.verified
    assert {c.name: c.status for c in result.checks}["validUntil"] == "failed"
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, people["learner"].email)
    page = client.get("/my/badges/").content.decode()
    assert 'data-testid="expired"' in page and "Expired on" in page
    page = Client(headers={"accept-language": "en"}).get(f"/verify/{award.pk}").content.decode()
    assert "This badge is authentic but expired on" in page
    assert "This badge is authentic and valid." not in page


def test_without_validity_the_badge_never_expires(
    people: dict[str, User], explorateur: Level, _award_at: Any
) -> None:
    award = _award_at(
        people=people, level=explorateur, issued_at=datetime.datetime(2001, 1, 1, tzinfo=UTC)
    )
    assert award_valid_until(award) is None and not award_is_expired(award)
    credential: dict[str, Any] = json.loads(services.credential_for(award).signed)
    assert "validUntil" not in credential


def test_the_member_is_reminded_60_days_before_once(
    people: dict[str, User], explorateur: Level, _award_at: Any, mailoutbox: list[Any]
) -> None:
    from sexto.credentials.reminders import badge_expiry_reminders, expiry_reminders_send
    from sexto.interventions.models import Notification

    explorateur.validity_months = 36
    explorateur.save(update_fields=["validity_months"])
    issued = timezone.now() - datetime.timedelta(days=365 * 3 - 30)  # expires in about a month
    award = _award_at(people=people, level=explorateur, issued_at=issued)
    mailoutbox.clear()
    until = award_valid_until(award)
    assert until is not None
    assert expiry_reminders_send(now=until - datetime.timedelta(days=61)) == 0
    assert expiry_reminders_send() == 1
    assert expiry_reminders_send() == 0  # once per award
    [mail] = mailoutbox
    assert mail.to == [people["learner"].email]
    assert "/my/badges/" in mail.body and "Sexto response kit" not in mail.body
    alert = Notification.objects.get(user=people["learner"], kind="credentials.expiry")
    # The reminder leads to the badge's renewal page (issue 17: "Renew" in the reminder).
    assert alert.url == f"/my/badges/{award.pk}/renew/"
    assert badge_expiry_reminders.call() == 0  # the daily job, already sent
    from sexto.core.jobs import daily_jobs

    assert "badge_expiry_reminders" in daily_jobs()
