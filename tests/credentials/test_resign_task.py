"""Changing "show my name in my credentials" no longer re-signs inside the request: the page
queues a task (it commits with the choice), says the change will show shortly, and the worker
signs the credentials again (tasks.member_credentials_resign)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from sexto.audit.models import AuditEvent
from sexto.credentials.models import Award, IssuedCredential
from sexto.credentials.services import credential_for
from sexto.credentials.tasks import member_credentials_resign
from tests.credentials.member_fixtures import asantos_award  # noqa: F401
from tests.factories import world_email
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _shows_name(award: Award) -> bool:
    signed = json.loads(IssuedCredential.objects.get(award=award).signed)
    return award.recipient_name in json.dumps(signed["credentialSubject"], ensure_ascii=False)


# Committed for real: the worker closes the connection between tasks, which would end the
# transaction a plain test runs in (PostgreSQL: "the connection is closed").
@override_settings(TASKS=DB_TASKS)
def test_the_settings_page_queues_the_resigning_and_says_it_will_show_shortly(
    transactional_db: None,
    asantos_award: Award,  # noqa: F811
    english: Any,
) -> None:
    from django_tasks_db.models import DBTaskResult

    credential_for(asantos_award)
    assert not _shows_name(asantos_award)
    member = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(member, world_email("learner"))

    page = member.post("/my/badges/settings/", {"public": "on", "show_name": "on"}, follow=True)
    text = page.content.decode()
    assert "Your choices are saved." in text
    assert "will show it in a few minutes" in text
    # Nothing signed in the request: the task waits in the queue, committed with the choice.
    assert not _shows_name(asantos_award)
    assert not AuditEvent.objects.filter(action="credentials.credential.resign").exists()
    queued = DBTaskResult.objects.get(task_path__endswith="member_credentials_resign")
    assert queued.args_kwargs["args"] == [asantos_award.recipient_id]

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert _shows_name(asantos_award)
    assert AuditEvent.objects.filter(action="credentials.credential.resign").count() == 1

    # Saving without changing the name choice queues nothing and says nothing more.
    page = member.post("/my/badges/settings/", {"public": "on", "show_name": "on"}, follow=True)
    assert "will show it in a few minutes" not in page.content.decode()
    assert DBTaskResult.objects.filter(task_path__endswith="member_credentials_resign").count() == 1


def test_the_task_follows_the_choice_when_it_runs_and_skips_a_deleted_member(
    asantos_award: Award,  # noqa: F811
) -> None:
    credential_for(asantos_award)
    assert member_credentials_resign.call(asantos_award.recipient_id) == 1
    assert member_credentials_resign.call(10**9) == 0


@override_settings(TASKS=DB_TASKS)
def test_the_notice_is_in_french_too(asantos_award: Award) -> None:  # noqa: F811
    member = FormClient(HTTP_ACCEPT_LANGUAGE="fr")
    sign_in(member, world_email("learner"))
    page = member.post("/my/badges/settings/", {"public": "on", "show_name": "on"}, follow=True)
    assert "l’afficheront d’ici quelques minutes" in page.content.decode()
