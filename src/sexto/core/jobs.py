"""Daily jobs: each app registers the task `manage.py daily_jobs` enqueues (DESIGN.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import task

_DAILY: dict[str, Any] = {}

# A task RUNNING longer than this is taken for one whose worker died (our tasks take seconds).
STALE_AFTER = datetime.timedelta(minutes=10)


def daily_job_register(name: str, job: Any) -> None:
    """Register a django-tasks task to enqueue once a day; called from an app's `ready()`."""
    _DAILY[name] = job


def daily_jobs() -> dict[str, Any]:
    return dict(sorted(_DAILY.items()))


def stale_tasks_requeue(*, older_than: datetime.timedelta = STALE_AFTER) -> int:
    """A killed worker leaves its task RUNNING (no lease): put those started before the cut-off
    back in the queue. Tasks are written to be idempotent, so a second run does no harm."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - older_than
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)


@task()
def tasks_requeue_stale() -> int:
    """The daily job form of `stale_tasks_requeue`."""
    return stale_tasks_requeue()


daily_job_register("tasks_requeue_stale", tasks_requeue_stale)
