"""Integration: the intake alert goes through a real SMTP server (aiosmtpd) with a link only."""

import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from sexto.interventions.services import intake_create

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()


def test_intake_alert_reaches_the_team_by_smtp_with_a_link_only(
    people, school, smtp_server: Inbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        intake = intake_create(
            reporter=people["staff"],
            school=school,
            told_at=timezone.now(),
            told_by="Léa, amie de la victime",
            account="Une photo intime de Zoé Lavoie circule sur Snapchat.",
        )
    recipients = sorted(rcpt for envelope in smtp_server.messages for rcpt in envelope.rcpt_tos)
    assert recipients == sorted(
        [people["backup"].email, people["coordinator"].email, people["principal"].email]
    )
    for envelope in smtp_server.messages:
        message = message_from_bytes(envelope.content)
        body = message.get_payload(decode=True).decode()
        assert f"/intakes/{intake.pk}/" in body
        assert intake.reference in message["Subject"] or intake.reference in body
        for secret in ("Zoé", "Lavoie", "photo", "Snapchat", "Léa"):
            assert secret not in body and secret not in str(message["Subject"])
