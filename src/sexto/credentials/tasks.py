"""Background jobs of credentials: the daily re-signing of every status list, so its signed copy
always carries a fresh validUntil (a stale copy, e.g. one taken before a revocation, stops being
accepted once it expires); and re-signing a member's credentials after they change whether their
name is shown (queued by the settings page rather than done in the request)."""

from __future__ import annotations

from django_tasks import task

from sexto.core.jobs import daily_job_register
from sexto.credentials.models import StatusList
from sexto.credentials.resign import credentials_resign_for
from sexto.credentials.services import status_list_resign
from sexto.directory.models import User


@task()
def status_lists_resign() -> int:
    """Re-sign every status list (new validFrom/validUntil). Returns how many were signed."""
    count = 0
    for status_list in StatusList.objects.select_related("organisation").order_by("pk"):
        status_list_resign(status_list=status_list)
        count += 1
    return count


daily_job_register("status_lists_resign", status_lists_resign)


@task()
def member_credentials_resign(user_id: int) -> int:
    """Sign again the member's unrevoked credentials with their choice as it is when the task
    runs (two quick changes end with the last one). Returns how many; 0 for a deleted member."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return credentials_resign_for(user=user)
