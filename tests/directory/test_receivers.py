"""Each way a password changes through allauth ends the person's other sessions, audited with
its own reason (one receiver for the three signals)."""

import pytest
from allauth.account.signals import password_changed, password_reset, password_set
from django.test import RequestFactory

from sexto.audit.models import AuditEvent
from sexto.directory.models import User
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signal", "reason"),
    [
        (password_changed, "password_change"),
        (password_reset, "password_reset"),
        (password_set, "password_set"),
    ],
)
def test_a_password_signal_ends_sessions_with_its_reason(signal, reason) -> None:
    user = UserFactory()
    generation = user.session_generation
    request = RequestFactory().post("/")
    signal.send(sender=User, request=request, user=user)
    user.refresh_from_db()
    assert user.session_generation == generation + 1
    actions = set(
        AuditEvent.objects.filter(target_id=str(user.pk)).values_list("action", flat=True)
    )
    assert f"auth.sessions_end.{reason}" in actions
    assert {a for a in actions if a.startswith("auth.sessions_end.")} == {
        f"auth.sessions_end.{reason}"
    }
