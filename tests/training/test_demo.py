"""seed_demo's training step: learners at every step, and asantos's award from the seed."""

from __future__ import annotations

import datetime
import re
from typing import Any

from sexto.credentials.models import Award
from sexto.directory.models import User
from sexto.training import selectors
from sexto.training.content import ASANTOS_ANSWERS
from sexto.training.demo import demo_training_seed
from sexto.training.models import Enrolment, Level, Submission
from tests.conftest import SHARED_DIR


def _seed_answers() -> list[str]:
    text = next((SHARED_DIR / "seed").glob("*.txt")).read_text()
    parts = re.split(r"Question \d - [^\n]*\n", text)[1:]
    return [" ".join(part.split()) for part in parts]


def test_asantos_answers_are_the_seeds() -> None:
    assert [" ".join(a.split()) for a in ASANTOS_ANSWERS] == _seed_answers()


def test_demo_has_every_step_and_asantos_award(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        demo_training_seed(lambda line: None)
    with django_capture_on_commit_callbacks(execute=True):
        demo_training_seed(lambda line: None)  # idempotent
    level = Level.objects.get(program__slug="sexto", slug="explorateur")
    states = {
        enrolment.user.handle: selectors.level_progress(user=enrolment.user, level=level).state
        for enrolment in Enrolment.objects.filter(level=level).select_related("user")
    }
    assert set(states.values()) == {
        "enrolled",
        "in_progress",
        "submitted",
        "changes_requested",
        "approved",
    }
    assert Submission.objects.filter(enrolment__user__handle="asantos").count() == 1

    asantos = User.objects.get(handle="asantos")
    award = Award.objects.get(recipient=asantos)
    assert award.badge_slug == "sexto-explorateur"
    assert award.issued_at == datetime.datetime(2024, 3, 14, 20, 43, 5, tzinfo=datetime.UTC)
    assert [" ".join(item["answer"].split()) for item in award.evidence["answers"]] == (
        _seed_answers()
    )
    assert Award.objects.filter(badge_slug="sexto-explorateur").count() == 3
    assert {lv.slug for lv in Level.objects.filter(program__slug="sexto")} == {
        "explorateur",
        "architecte",
        "virtuose",
        "innovateur",
    }
    assert User.objects.get(email="formation@cadre21.demo").is_staff


def test_demo_claims_are_true(demo: None, django_capture_on_commit_callbacks: Any) -> None:
    """Issue 16, item 9: every demo learner who sent a proof had read every module; two levels
    are open and two announced as coming; each open level has its own criteria; the demo's
    awards keep the level as it read (item 10)."""
    with django_capture_on_commit_callbacks(execute=True):
        demo_training_seed(lambda line: None)
    level = Level.objects.get(program__slug="sexto", slug="explorateur")
    senders = {s.enrolment.user for s in Submission.objects.filter(enrolment__level=level)}
    assert senders
    for user in senders:
        assert selectors.modules_unread(user=user, level=level) == [], user.handle
    opened = dict(Level.objects.filter(program__slug="sexto").values_list("slug", "is_open"))
    assert opened == {
        "explorateur": True,
        "architecte": True,
        "virtuose": False,
        "innovateur": False,
    }
    criteria = [lv.criteria_en for lv in Level.objects.filter(is_open=True)]
    assert len(set(criteria)) == 2 and all(criteria)
    for award in Award.objects.filter(level=level):
        assert award.snapshot_text("badge_name", "en") == "Sexto response kit 1 - Explorateur"
