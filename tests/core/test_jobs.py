"""A worker killed mid-task leaves it RUNNING: the requeue puts old ones back, leaves live ones."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = pytest.mark.django_db


def _running_since(minutes: int) -> str:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from sexto.core.jobs import tasks_requeue_stale

    result = tasks_requeue_stale.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes),
    )
    return str(result.id)


@override_settings(TASKS=DB_TASKS)
def test_tasks_running_too_long_go_back_in_the_queue() -> None:
    from django_tasks_db.models import DBTaskResult

    stale, live = _running_since(30), _running_since(2)
    out = StringIO()
    call_command("tasks_requeue_stale", "--older-than", "10m", stdout=out)
    assert out.getvalue().strip() == "1 stale task(s) put back in the queue."
    assert DBTaskResult.objects.get(id=stale).status == "READY"
    assert DBTaskResult.objects.get(id=live).status == "RUNNING"


def test_a_bad_duration_says_what_is_expected(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        call_command("tasks_requeue_stale", "--older-than", "ten minutes")
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == (
        "--older-than 'ten minutes': expected a number and a unit, e.g. 10m, 2h, 1d"
    )
