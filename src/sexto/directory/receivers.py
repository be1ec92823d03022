"""Sign-ins and sign-outs are audited from day one; a changed password or second factor ends the
person's other sessions and their API tokens."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from sexto.audit.services import audit_record
from sexto.directory.services import user_access_revoke
from sexto.directory.types import Actor


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest, user: Actor, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.sign_in", target=user, request=request)


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest, user: Actor, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.sign_out", target=user, request=request)


@receiver(user_login_failed)
def audit_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The attempted email is not recorded: it may be a mistyped password.
    audit_record(actor=None, action="auth.sign_in_failed", target=("auth", "-"), request=request)


def _access_revoke(*, user: Actor, reason: str, request: HttpRequest | None) -> None:
    user_access_revoke(user=user, reason=reason, actor=user, request=request)


# The three ways a password changes through allauth end the other sessions alike; the signal
# names the reason recorded.
PASSWORD_REVOCATION_REASONS = {
    password_changed: "password_change",
    password_reset: "password_reset",
    password_set: "password_set",
}


@receiver(list(PASSWORD_REVOCATION_REASONS))
def access_revoke_on_password(
    sender: Any, request: HttpRequest, user: Actor, signal: Signal, **kwargs: Any
) -> None:
    _access_revoke(user=user, reason=PASSWORD_REVOCATION_REASONS[signal], request=request)


@receiver(authenticator_removed)
def access_revoke_on_second_factor_removal(
    sender: Any, request: HttpRequest, user: Actor, authenticator: Any = None, **kwargs: Any
) -> None:
    from allauth.mfa.models import Authenticator

    # Removing the TOTP also removes the recovery codes left without it (a second signal): one
    # revocation for the one action.
    if authenticator is not None and authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    _access_revoke(user=user, reason="mfa_remove", request=request)


@receiver(authenticator_reset)
def access_revoke_on_second_factor_reset(
    sender: Any, request: HttpRequest, user: Actor, **kwargs: Any
) -> None:
    _access_revoke(user=user, reason="mfa_reset", request=request)
