"""Daily jobs: each app registers the task `manage.py daily_jobs` enqueues (DESIGN.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import task

_DAILY: dict[str, Any] = {}

STALE_AFTER = datetime.timedelta(hours=2)


def daily_job_register(name: str, job: Any) -> None:
    """Register a django-tasks task to enqueue once a day; called from an app's `ready()`."""
    _DAILY[name] = job


def daily_jobs() -> dict[str, Any]:
    return dict(sorted(_DAILY.items()))


@task()
def tasks_requeue_stale() -> int:
    """A killed worker leaves its task RUNNING (no lease): put old ones back in the queue."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - STALE_AFTER
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)


daily_job_register("tasks_requeue_stale", tasks_requeue_stale)
