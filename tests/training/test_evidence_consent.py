"""Evidence with consent (issue 17): the member chooses at submission (unchecked by default)
whether their approved answers go into the credential's ``evidence``; without consent one entry
says a reflective proof was reviewed and approved on a date. Never a simulation's case data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from sexto.audit.models import AuditEvent
from sexto.credentials import services as credential_services
from sexto.credentials.models import Award
from sexto.credentials.ob3.schema import schema_errors
from sexto.directory.models import User
from sexto.training import services
from sexto.training.models import Level, Submission
from tests.helpers import sign_in
from tests.training.fixtures import LONG, answers

pytestmark = pytest.mark.usefixtures("english", "learners_read_everything")

LEVEL = "/training/sexto/explorateur/"


@pytest.fixture
def client() -> Any:
    from tests.helpers import FormClient

    return FormClient(HTTP_ACCEPT_LANGUAGE="en")


def _approve(*, people: dict[str, User], submission: Submission, capture: Any) -> dict[str, Any]:
    with capture(execute=True):
        services.submission_review(
            reviewer=people["trainer"], submission=submission, decision="approved", comment="Bien."
        )
    award = Award.objects.get(recipient=submission.enrolment.user)
    return json.loads(credential_services.credential_for(award).signed)


def test_the_choice_is_offered_unchecked_and_explained(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    sign_in(client, people["learner"].email)
    page = client.get(f"{LEVEL}proof/").content.decode()
    assert 'name="evidence_consent"' in page
    assert "Put my approved answers in my badge" in page
    assert "Anyone you show your badge to can then read your answers" in page
    field = (
        page.split('name="evidence_consent"')[0].rsplit("<input", 1)[1]
        + page.split('name="evidence_consent"')[1].split(">", 1)[0]
    )
    assert "checked" not in field


def test_with_consent_the_approved_answers_are_the_evidence(
    client: Any,
    people: dict[str, User],
    explorateur: Level,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_in(client, people["learner"].email)
    response = client.post(f"{LEVEL}proof/", {**answers(), "evidence_consent": "on", "submit": "1"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.evidence_consent is True
    assert AuditEvent.objects.filter(action="training.submission.submit").count() == 1
    credential = _approve(
        people=people, submission=submission, capture=django_capture_on_commit_callbacks
    )
    evidence = credential["evidence"]
    questions = list(explorateur.questions.filter(round="first").order_by("position"))
    assert len(evidence) == len(questions) == 3
    first = evidence[0]
    assert first["type"] == ["Evidence"]
    assert first["genre"] == "Reflective answer"
    assert first["narrative"] == f"{LONG} 1"
    assert first["name"] in (questions[0].prompt_fr, questions[0].prompt_en)
    assert schema_errors(credential) == []
    # My badges says the answers are in the credential.
    page = client.get("/my/badges/").content.decode()
    assert "Your approved answers are in this credential" in page


def test_without_consent_one_entry_says_a_proof_was_approved(
    client: Any,
    people: dict[str, User],
    explorateur: Level,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_in(client, people["learner"].email)
    response = client.post(f"{LEVEL}proof/", {**answers(), "submit": "1"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.evidence_consent is False
    credential = _approve(
        people=people, submission=submission, capture=django_capture_on_commit_callbacks
    )
    award = Award.objects.get()
    assert award.evidence["evidence_consent"] is False
    [entry] = credential["evidence"]
    assert entry["type"] == ["Evidence"]
    with translation.override(credential["inLanguage"]):
        day = formats.date_format(timezone.localtime(award.issued_at).date(), "DATE_FORMAT")
        expected = gettext("A reflective proof was reviewed and approved on %(date)s.")
    assert entry["narrative"] == expected % {"date": day}
    assert award.issued_at.date().isoformat() not in entry["narrative"]  # written out
    assert LONG not in json.dumps(credential)
    assert schema_errors(credential) == []
    page = client.get("/my/badges/").content.decode()
    assert "Your answers are not in this credential" in page


def test_consent_is_the_services_default_off(people: dict[str, User], explorateur: Level) -> None:
    submission = services.submission_submit(
        user=people["learner"], level=explorateur, answers=answers()
    )
    assert submission.evidence_consent is False
    assert submission.evidence_snapshot()["evidence_consent"] is False
