"""Training pages as people use them: read, answer, submit, review, cohort report."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from sexto.audit.models import AuditEvent
from sexto.directory.models import User
from sexto.training import services
from sexto.training.markdown import markdown_render
from sexto.training.models import Level, Module, Submission
from tests.helpers import sign_in
from tests.training.fixtures import LONG, answers, modules_read_all

pytestmark = pytest.mark.usefixtures("english", "learners_read_everything")

LEVEL = "/training/sexto/explorateur/"


@pytest.fixture
def client() -> Any:
    """Pages in English, for tests that read them."""
    from tests.helpers import FormClient

    return FormClient(HTTP_ACCEPT_LANGUAGE="en")


def test_anyone_signed_in_reads_modules_and_progresses(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    sign_in(client, people["police"].email)
    page = client.get(LEVEL).content.decode()
    assert "For legal reasons, the use of the SEXTO kit is reserved" in page
    assert "reserved for the staff of Quebec schools" in page  # said before starting
    response = client.post(f"{LEVEL}start/")
    assert response["Location"] == f"{LEVEL}modules/1/"
    module = client.get(f"{LEVEL}modules/1/").content.decode()
    assert "Sexting among teenagers" in module
    response = client.post(f"{LEVEL}modules/1/read/")
    assert response["Location"] == f"{LEVEL}modules/2/"
    page = client.get(LEVEL).content.decode()
    total = explorateur.modules.count()
    assert f"1 of {total} modules read" in page
    assert "Resume where I left off" in page
    assert client.post(f"{LEVEL}start/")["Location"] == f"{LEVEL}modules/2/"


def test_eligible_learner_submits(client: Any, people: dict[str, User], explorateur: Level) -> None:
    sign_in(client, people["learner"].email)
    page = client.get(LEVEL).content.decode()
    assert "you can submit your proof for the badge" in page
    response = client.post(f"{LEVEL}proof/", {**answers(), "submit": "1"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.enrolment.user == people["learner"]
    page = client.get(LEVEL).content.decode()
    assert "Your submission is with a reviewer" in page


def test_ineligible_learner_sees_why_and_cannot_submit(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    sign_in(client, people["no_agreement"].email)
    page = client.get(f"{LEVEL}proof/").content.decode()
    assert "no agreement with the DPCP" in page
    assert 'data-testid="proof-submit"' not in page
    response = client.post(f"{LEVEL}proof/", {**answers(), "submit": "1"})
    assert response.status_code == 422
    assert "no agreement with the DPCP" in response.content.decode()
    assert not Submission.objects.exists()


def test_short_answer_refused_with_minimum_and_input_kept(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    sign_in(client, people["learner"].email)
    given = {**answers(), "answer_3": "Protéger la victime.", "submit": "1"}
    response = client.post(f"{LEVEL}proof/", given)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Answer question 3 in at least 200 characters (you wrote 20)" in page
    assert "Protéger la victime." in page and LONG[:40] in page
    assert not Submission.objects.exists()


def test_every_short_answer_is_reported_at_once_with_a_live_count(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    """Issue 18: with several answers too short, the learner was sent back once per answer."""
    sign_in(client, people["learner"].email)
    given = {**answers(), "answer_1": "Court.", "answer_3": "Protéger la victime.", "submit": "1"}
    response = client.post(f"{LEVEL}proof/", given)
    assert response.status_code == 422
    page = response.content.decode()
    assert "2 answers are too short: each needs at least 200 characters." in page
    assert "Answer question 1 in at least 200 characters (you wrote 6)" in page
    assert "Answer question 3 in at least 200 characters (you wrote 20)" in page
    assert page.count('class="field-error"') == 2
    assert "Court." in page and "Protéger la victime." in page
    assert 'data-count-text="%(count)s characters, at least %(min)s needed"' in page
    assert not Submission.objects.exists()


def test_draft_saved_without_javascript_and_by_htmx(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    sign_in(client, people["learner"].email)
    response = client.post(f"{LEVEL}proof/", {"answer_1": "Début de réponse", "save": "1"})
    assert response.status_code == 302
    assert "Début de réponse" in client.get(f"{LEVEL}proof/").content.decode()
    response = client.post(
        f"{LEVEL}proof/autosave/", {"answer_1": "Suite de la réponse"}, HTTP_HX_REQUEST="true"
    )
    assert "Draft saved at" in response.content.decode()
    assert "Suite de la réponse" in client.get(f"{LEVEL}proof/").content.decode()


def test_double_submission_refused_clearly(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    sign_in(client, people["learner"].email)
    client.post(f"{LEVEL}proof/", {**answers(), "submit": "1"})
    response = client.post(f"{LEVEL}proof/", {**answers(), "submit": "1"})
    assert response.status_code == 422
    assert "with a reviewer" in response.content.decode()
    assert Submission.objects.count() == 1


def test_review_request_changes_then_resubmit_then_approve(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    first = services.submission_submit(user=people["learner"], level=explorateur, answers=answers())
    sign_in(client, people["trainer"].email)
    queue = client.get("/training/reviews/").content.decode()
    assert f"/training/reviews/{first.pk}/" in queue
    response = client.post(f"/training/reviews/{first.pk}/", {"decision": "changes_requested"})
    assert response.status_code == 422
    assert "the comment is required" in response.content.decode()
    response = client.post(
        f"/training/reviews/{first.pk}/",
        {"decision": "changes_requested", "comment": "Précisez la question 2."},
    )
    assert response.status_code == 302

    learner = type(client)(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(learner, people["learner"].email)
    page = learner.get(f"{LEVEL}proof/").content.decode()
    assert "Précisez la question 2." in page
    assert learner.post(f"{LEVEL}proof/", {**answers(), "submit": "1"}).status_code == 302
    second = Submission.objects.get(attempt=2)
    response = client.post(f"/training/reviews/{second.pk}/", {"decision": "approved"})
    assert response.status_code == 302
    assert list(Submission.objects.order_by("attempt").values_list("status", flat=True)) == [
        "changes_requested",
        "approved",
    ]
    page = learner.get(LEVEL).content.decode()
    assert "This level is approved." in page


def test_self_review_refused(
    client: Any, second_trainer: User, people: dict[str, User], explorateur: Level
) -> None:
    modules_read_all(user=second_trainer, level=explorateur)
    own = services.submission_submit(user=second_trainer, level=explorateur, answers=answers())
    client.force_login(second_trainer)
    assert client.get(f"/training/reviews/{own.pk}/").status_code == 404
    assert client.post(f"/training/reviews/{own.pk}/", {"decision": "approved"}).status_code == 404
    own.refresh_from_db()
    assert own.status == Submission.Status.SUBMITTED


@pytest.mark.parametrize("who", ["learner", "coordinator", "admin"])
def test_review_and_cohort_pages_are_for_trainers(
    client: Any, people: dict[str, User], explorateur: Level, who: str
) -> None:
    sign_in(client, people[who].email)
    assert client.get("/training/reviews/").status_code == 404
    assert client.get("/training/cohort/").status_code == 404
    assert client.get(f"/training/cohort/{explorateur.pk}/csv/").status_code == 404


def test_cohort_report_and_formula_safe_csv(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    people["learner"].first_name = '=HYPERLINK("http://evil")'
    people["learner"].save()
    services.submission_submit(user=people["learner"], level=explorateur, answers=answers())
    services.module_mark_read(user=people["coordinator"], module=explorateur.modules.first())
    services.enrolment_ensure(user=people["no_agreement"], level=explorateur)
    sign_in(client, people["trainer"].email)
    page = client.get(f"/training/cohort/?level={explorateur.pk}").content.decode()
    assert "Centre de services scolaire des Mille-Lacs" in page
    response = client.get(f"/training/cohort/{explorateur.pk}/csv/")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Organisation"
    states = sorted(row[6] for row in rows[1:])
    assert states == ["Awaiting review", "Enrolled, not started", "In progress"]
    names = [row[2] for row in rows[1:]]
    assert any(name.startswith("'=HYPERLINK") for name in names)
    assert not any(name.startswith("=") for name in names)
    assert AuditEvent.objects.filter(action="training.cohort.export").count() == 1


def test_markdown_is_sanitised(explorateur: Level) -> None:
    html = markdown_render(
        "**bold** <script>alert(1)</script> [x](javascript:alert(1)) ![img](https://x/y.png)"
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html


def test_module_body_renders_markdown(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    Module.objects.filter(level=explorateur, position=1).update(body_en="# T\n\n- **one**<b>x</b>")
    sign_in(client, people["learner"].email)
    page = client.get(f"{LEVEL}modules/1/").content.decode()
    assert "<li><strong>one</strong>&lt;b&gt;x&lt;/b&gt;</li>" in page


def test_french_content_by_default(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    sign_in(client, people["learner"].email)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = client.get(f"{LEVEL}modules/3/").content.decode()
    assert "Ne jamais regarder les images" in page


def test_cohort_csv_headers_are_french_for_a_french_trainer(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    """Issue 18: CSV headers in French as FRENCH.md writes them (« Courriel », épicène dates:
    « Date d’inscription », not « Inscrit le »), dates in the table all-numeric (OQLF)."""
    from tests.test_french_typography import french_text_problems

    services.module_mark_read(user=people["coordinator"], module=explorateur.modules.first())
    sign_in(client, people["trainer"].email)
    response = client.get(f"/training/cohort/{explorateur.pk}/csv/", HTTP_ACCEPT_LANGUAGE="fr")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Organisation",
        "École",
        "Personne apprenante",
        "Courriel",
        "Date d’inscription",
        "Modules lus",
        "État",
        "Date de soumission",
        "Date d’approbation",
    ]
    assert not [cell for cell in rows[0] if french_text_problems(cell)]
