"""Renewal (issue 17): from 60 days before a badge expires (and after), its member sends a short
refresher, reviewed by a trainer through the same review flow as a first proof; approval issues
a new award of the level, valid from the approval, that renews the old one (which stays valid
until its own date); reminders go 60 days before and at expiry, once each."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.credentials import renewal, services, verification
from sexto.credentials.expiry import award_valid_until, months_after
from sexto.credentials.member_choices import member_profile_update
from sexto.credentials.models import Award
from sexto.credentials.reminders import expiry_reminders_send
from sexto.directory.models import Agreement, User
from sexto.interventions.models import Notification
from sexto.training import services as training_services
from sexto.training.errors import NotEligible
from sexto.training.models import Level, ProofRound, Submission
from tests.helpers import FormClient, sign_in
from tests.training.fixtures import LONG, answers, modules_read_all

pytestmark = pytest.mark.usefixtures("english", "learners_read_everything")

VALIDITY = 36


def renewal_answers(text: str = LONG) -> dict[str, str]:
    return {f"renewal_answer_{n}": f"{text} {n}" for n in range(1, 4)}


@pytest.fixture
def award_at(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> Any:
    """The learner's Explorateur badge (valid 36 months), approved ``days_left`` days before
    it expires (negative: expired that many days ago); credential signed."""
    explorateur.validity_months = VALIDITY
    explorateur.save(update_fields=["validity_months"])

    def make(*, days_left: int) -> Award:
        expires = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days_left)
        issued = months_after(expires, -VALIDITY)
        modules_read_all(user=people["learner"], level=explorateur)
        submission = training_services.submission_submit(
            user=people["learner"], level=explorateur, answers=answers(), at=issued
        )
        with django_capture_on_commit_callbacks(execute=True):
            training_services.submission_review(
                reviewer=people["trainer"], submission=submission, decision="approved", at=issued
            )
        return Award.objects.get(submission=submission)

    return make


def _review(
    people: dict[str, User], submission: Submission, decision: str, capture: Any, comment: str = ""
) -> None:
    with capture(execute=True):
        training_services.submission_review(
            reviewer=people["trainer"], submission=submission, decision=decision, comment=comment
        )


def _badges_page(people: dict[str, User]) -> str:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, people["learner"].email)
    return str(client.get("/my/badges/").content.decode())


def test_renewal_is_offered_only_within_60_days_of_expiry(
    people: dict[str, User], award_at: Any
) -> None:
    award = award_at(days_left=200)
    state = renewal.renewal_state(award=award)
    assert not state.offered and state.opens_on is not None
    assert 'data-testid="renew"' not in _badges_page(people)
    with pytest.raises(renewal.RenewalNotOffered, match="60 days before it expires"):
        renewal.renewal_submit(user=people["learner"], award_id=award.pk, answers=renewal_answers())
    assert not Submission.objects.filter(round=ProofRound.RENEWAL).exists()
    # 59 days before: offered, on My badges and on the renewal page.
    later = award_valid_until(award) - datetime.timedelta(days=59)  # type: ignore[operator]
    assert renewal.renewal_state(award=award, now=later).offered


def test_an_expiring_and_an_expired_badge_offer_renew(
    people: dict[str, User], award_at: Any
) -> None:
    award = award_at(days_left=-10)
    assert renewal.renewal_state(award=award).offered
    page = _badges_page(people)
    assert 'data-testid="renew"' in page and f"/my/badges/{award.pk}/renew/" in page
    assert "Expired on" in page


def test_a_badge_that_never_expires_is_not_renewed(
    people: dict[str, User], explorateur: Level, award_at: Any
) -> None:
    award = award_at(days_left=30)
    award.evidence = {**award.evidence, "validity_months": None}
    award.save(update_fields=["evidence"])
    assert not renewal.renewal_state(award=award).offered
    with pytest.raises(renewal.RenewalNotOffered, match="does not expire"):
        renewal.renewal_submit(user=people["learner"], award_id=award.pk, answers=renewal_answers())


def test_submission_review_approval_issues_the_new_badge_and_marks_the_old(
    people: dict[str, User], award_at: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = award_at(days_left=30)
    old_signed = services.credential_for(old).signed
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, people["learner"].email)
    page = client.get(f"/my/badges/{old.pk}/renew/")
    assert page.status_code == 200 and 'data-testid="renewal-form"' in page.content.decode()
    response = client.post(
        f"/my/badges/{old.pk}/renew/", {**renewal_answers(), "evidence_consent": "on"}
    )
    assert response.status_code == 302
    submission = Submission.objects.get(round=ProofRound.RENEWAL)
    assert submission.status == Submission.Status.SUBMITTED and submission.evidence_consent
    assert AuditEvent.objects.filter(
        action="credentials.award.renewal_request", target_id=str(old.pk)
    ).exists()
    assert 'data-testid="renewal-pending"' in client.get("/my/badges/").content.decode()
    # In the trainer's usual review queue, marked as a renewal.
    trainer = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(trainer, people["trainer"].email)
    queue = trainer.get("/training/reviews/").content.decode()
    assert f"/training/reviews/{submission.pk}/" in queue and 'data-testid="renewal"' in queue
    detail = trainer.get(f"/training/reviews/{submission.pk}/").content.decode()
    assert "Je saisis les appareils" in detail and "Renewal: the learner holds this badge" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer.post(
            f"/training/reviews/{submission.pk}/", {"decision": "approved", "comment": "Bien."}
        )
    assert response.status_code == 302
    new = Award.objects.get(submission=submission)
    old.refresh_from_db()
    assert new.renews == old and renewal.award_renewed_by(old) == new
    # Valid for the level's validity from the approval date.
    review = submission.reviews.get()
    assert new.issued_at == review.decided_at
    credential = json.loads(services.credential_for(new).signed)
    until = months_after(review.decided_at, VALIDITY).astimezone(datetime.UTC)
    assert credential["validUntil"] == until.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert verification.credential_verify_submitted(services.credential_for(new).signed).verified
    # The renewal's answers are the new badge's evidence (the member consented).
    assert [e["narrative"] for e in credential["evidence"]] == list(renewal_answers().values())
    assert AuditEvent.objects.filter(
        action="credentials.award.renew", target_id=str(old.pk)
    ).exists()
    # The old badge is not revoked: it still verifies until its own date, and says renewed.
    assert services.credential_for(old).revoked_at is None
    result = verification.credential_verify_submitted(old_signed)
    assert result.verified, result.errors
    public = Client(headers={"accept-language": "en"}).get(f"/verify/{old.pk}").content.decode()
    assert 'data-testid="renewed"' in public and f"/verify/{new.pk}" in public
    assert "This badge is authentic and valid." in public
    # My badges: the current badge first, the renewed one after, marked.
    page = client.get("/my/badges/").content.decode()
    assert page.index(f"/verify/{new.pk}") < page.index('data-testid="renewed-by"')
    assert 'data-testid="renew"' not in page  # the new one is not due, the old one is renewed
    # The approval's alert leads to My badges (the first proof's led to the level).
    # A public profile lists the current badge only.
    member_profile_update(user=people["learner"], public=True, show_name=False)
    profile = Client().get(f"/members/{people['learner'].handle}/").content.decode()
    assert f"/verify/{new.pk}" in profile and f"/verify/{old.pk}" not in profile
    urls = Notification.objects.filter(
        user=people["learner"], kind="training.approved"
    ).values_list("url", flat=True)
    assert "/my/badges/" in set(urls)


def test_the_verify_api_says_what_renewed_a_badge_as_the_page_does(
    people: dict[str, User], award_at: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Found in the last round: the verification page said "Renewed on … — see the new badge"
    but the verify API, which verifiers and employers' tools call, said nothing of it."""
    old = award_at(days_left=20)

    def verify(award: Award) -> dict[str, Any]:
        signed = services.credential_for(award).signed
        response = Client().post(
            "/api/v1/credentials/verify", signed, content_type="application/json"
        )
        return response.json()

    before = verify(old)
    assert before["verified"] and before["renewed_by"] is None
    submission = renewal.renewal_submit(
        user=people["learner"], award_id=old.pk, answers=renewal_answers()
    )
    _review(people, submission, "approved", django_capture_on_commit_callbacks)
    new = Award.objects.get(submission=submission)
    after = verify(old)
    assert after["verified"], after  # the renewed badge stays valid until its own date
    assert after["renewed_by"]["id"].endswith(f"/credentials/{new.pk}")
    assert after["renewed_by"]["verify_url"].endswith(f"/verify/{new.pk}")
    # The new badge was renewed by nothing; a forged copy of the old one is not "renewed".
    assert verify(new)["verified"] and verify(new)["renewed_by"] is None
    forged = json.loads(services.credential_for(old).signed)
    forged["name"] = "Forged"
    tampered = Client().post("/api/v1/credentials/verify", forged, content_type="application/json")
    assert not tampered.json()["verified"] and tampered.json()["renewed_by"] is None


def test_changes_requested_sends_the_renewal_back(
    people: dict[str, User], award_at: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = award_at(days_left=20)
    submission = renewal.renewal_submit(
        user=people["learner"], award_id=old.pk, answers=renewal_answers()
    )
    assert not renewal.renewal_state(award=old).offered  # under review
    with pytest.raises(Exception, match="already with a reviewer"):
        renewal.renewal_submit(user=people["learner"], award_id=old.pk, answers=renewal_answers())
    _review(
        people,
        submission,
        "changes_requested",
        django_capture_on_commit_callbacks,
        comment="Dites ce qui a changé dans votre école.",
    )
    assert not Award.objects.filter(submission=submission).exists()
    state = renewal.renewal_state(award=old)
    assert state.offered and state.changes_requested == submission
    alert = Notification.objects.get(user=people["learner"], kind="training.changes_requested")
    assert alert.url == "/my/badges/"
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, people["learner"].email)
    page = client.get(f"/my/badges/{old.pk}/renew/").content.decode()
    # The reviewer's comment, and the answers sent back to edit.
    assert "Dites ce qui a changé" in page and "Je saisis les appareils" in page
    # Too short: refused, the input kept.
    response = client.post(f"/my/badges/{old.pk}/renew/", renewal_answers("Trop court."))
    assert response.status_code == 422 and "Trop court. 1" in response.content.decode()
    assert "draft" not in response.content.decode()  # a renewal keeps no draft: the form does
    response = client.post(f"/my/badges/{old.pk}/renew/", renewal_answers())
    assert response.status_code == 302
    second = Submission.objects.get(round=ProofRound.RENEWAL, status="submitted")
    assert second.attempt == submission.attempt + 1
    _review(people, second, "approved", django_capture_on_commit_callbacks)
    assert Award.objects.get(submission=second).renews == old


def test_no_renewal_without_an_agreement(
    people: dict[str, User], award_at: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = award_at(days_left=30)
    submission = renewal.renewal_submit(
        user=people["learner"], award_id=old.pk, answers=renewal_answers()
    )
    Agreement.objects.update(status=Agreement.Status.SUSPENDED)
    with pytest.raises(NotEligible, match="cannot be renewed"):
        _review(people, submission, "approved", django_capture_on_commit_callbacks)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert Award.objects.filter(recipient=people["learner"]).count() == 1
    # Through the review page: the reason is shown, nothing recorded.
    trainer = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(trainer, people["trainer"].email)
    response = trainer.post(
        f"/training/reviews/{submission.pk}/", {"decision": "approved", "comment": ""}
    )
    assert response.status_code == 422 and "cannot be renewed" in response.content.decode()
    # A new refresher is refused too (the member's territory has no agreement).
    Submission.objects.filter(pk=submission.pk).update(status="changes_requested")
    with pytest.raises(NotEligible):
        renewal.renewal_submit(user=people["learner"], award_id=old.pk, answers=renewal_answers())


def test_only_the_member_renews_their_badge(people: dict[str, User], award_at: Any) -> None:
    old = award_at(days_left=30)
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, people["coordinator"].email)
    assert client.get(f"/my/badges/{old.pk}/renew/").status_code == 404
    assert client.post(f"/my/badges/{old.pk}/renew/", renewal_answers()).status_code == 404


def test_reminders_60_days_before_and_at_expiry_once_each(
    people: dict[str, User], award_at: Any, mailoutbox: list[Any]
) -> None:
    award = award_at(days_left=30)
    until = award_valid_until(award)
    assert until is not None
    people["learner"].preferred_language = "en"  # the emails are in the member's language
    people["learner"].save(update_fields=["preferred_language"])
    mailoutbox.clear()
    assert expiry_reminders_send(now=until - datetime.timedelta(days=61)) == 0
    assert expiry_reminders_send(now=until - datetime.timedelta(days=59)) == 1
    assert expiry_reminders_send(now=until - datetime.timedelta(days=58)) == 0
    assert expiry_reminders_send(now=until - datetime.timedelta(days=1)) == 0
    assert expiry_reminders_send(now=until + datetime.timedelta(hours=1)) == 1
    assert expiry_reminders_send(now=until + datetime.timedelta(days=2)) == 0
    first, second = mailoutbox
    link = f"/my/badges/{award.pk}/renew/"
    assert link in first.body and "expires on" in first.subject + first.body
    assert link in second.body and "has expired" in second.subject
    assert "Sexto response kit" not in first.body + second.body  # a link only
    kinds = set(Notification.objects.filter(user=people["learner"]).values_list("kind", flat=True))
    assert {"credentials.expiry", "credentials.expired"} <= kinds


def test_no_reminder_once_renewed_nor_for_a_badge_expired_long_ago(
    people: dict[str, User], award_at: Any, django_capture_on_commit_callbacks: Any
) -> None:
    old = award_at(days_left=-45)
    assert expiry_reminders_send() == 0  # expired more than 30 days ago: nobody is told late
    submission = renewal.renewal_submit(
        user=people["learner"], award_id=old.pk, answers=renewal_answers()
    )
    _review(people, submission, "approved", django_capture_on_commit_callbacks)
    until = award_valid_until(old)
    assert until is not None
    assert expiry_reminders_send(now=until - datetime.timedelta(days=10)) == 0  # renewed


def test_a_revoked_or_suspended_badge_is_not_renewed(
    people: dict[str, User], award_at: Any
) -> None:
    from sexto.credentials.suspension import credential_suspend

    award = award_at(days_left=30)
    credential_suspend(award=award, actor=people["trainer"], reason="Vérification en cours.")
    assert not renewal.renewal_state(award=award).offered
    with pytest.raises(renewal.RenewalNotOffered, match="suspended badge"):
        renewal.renewal_submit(user=people["learner"], award_id=award.pk, answers=renewal_answers())
    services.credential_revoke(award=award, actor=people["trainer"], reason="Erreur.")
    with pytest.raises(renewal.RenewalNotOffered, match="revoked badge"):
        renewal.renewal_submit(user=people["learner"], award_id=award.pk, answers=renewal_answers())


def test_the_level_page_and_cohort_keep_the_first_proofs_story(
    people: dict[str, User], explorateur: Level, award_at: Any
) -> None:
    from sexto.training import selectors as training_selectors

    old = award_at(days_left=20)
    renewal.renewal_submit(user=people["learner"], award_id=old.pk, answers=renewal_answers())
    progress = training_selectors.level_progress(user=people["learner"], level=explorateur)
    assert progress.approved and progress.state == "approved" and not progress.under_review
    assert [q.field_name for q in progress.questions] == ["answer_1", "answer_2", "answer_3"]
    rows = training_selectors.cohort_rows(user=people["trainer"], level=explorateur)
    assert {row.email: row.state for row in rows}[people["learner"].email] == "approved"
