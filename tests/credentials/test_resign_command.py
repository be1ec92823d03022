"""``resign_credentials``: credentials signed before the OB 3.0 extensions context (which DCC's
verifier-core needs, issue 17) are signed again with it; revoked ones are left as they were."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from sexto.audit.models import AuditEvent
from sexto.credentials.models import Award, IssuedCredential
from sexto.credentials.ob3.loader import OB_V3P0_EXTENSIONS
from sexto.credentials.services import credential_for
from sexto.credentials.verification import credential_verify_submitted
from tests.credentials.member_fixtures import asantos_award  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_credential_signed_before_the_extensions_context_gets_it_and_verifies(
    asantos_award: Award,  # noqa: F811
) -> None:
    issued = credential_for(asantos_award)
    old = json.loads(issued.signed)
    old["@context"] = [c for c in old["@context"] if c != OB_V3P0_EXTENSIONS]
    IssuedCredential.objects.filter(pk=issued.pk).update(signed=json.dumps(old))

    call_command("resign_credentials", reason="OB 3.0 extensions context")

    signed = json.loads(IssuedCredential.objects.get(pk=issued.pk).signed)
    assert OB_V3P0_EXTENSIONS in signed["@context"]
    assert signed["id"] == old["id"]
    assert signed["credentialStatus"] == old["credentialStatus"]
    assert credential_verify_submitted(signed).verified
    event = AuditEvent.objects.get(action="credentials.credential.resign")
    assert event.actor == "system"


def test_without_a_reason_the_command_exits_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("resign_credentials", reason="  ")
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
