"""Daily job: expired OB 3.0 API tokens and codes are deleted (django-oauth-toolkit's
``clear_expired``), so a connected app that stopped refreshing leaves no live trace."""

from __future__ import annotations

from django_tasks import task
from oauth2_provider.models import clear_expired

from sexto.core.jobs import daily_job_register


@task()
def hostapi_tokens_clear() -> None:
    clear_expired()


daily_job_register("hostapi_tokens_clear", hostapi_tokens_clear)
