"""Daily job: re-sign every status list so its signed copy always carries a fresh validUntil
(a stale copy, e.g. one taken before a revocation, stops being accepted once it expires)."""

from __future__ import annotations

from django_tasks import task

from sexto.core.jobs import daily_job_register
from sexto.credentials.models import StatusList
from sexto.credentials.services import status_list_resign


@task()
def status_lists_resign() -> int:
    """Re-sign every status list (new validFrom/validUntil). Returns how many were signed."""
    count = 0
    for status_list in StatusList.objects.select_related("organisation").order_by("pk"):
        status_list_resign(status_list=status_list)
        count += 1
    return count


daily_job_register("status_lists_resign", status_lists_resign)
