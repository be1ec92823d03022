"""Issuing, using and revoking API tokens (all audited)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.api.models import ApiToken, Scope
from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.directory.models import Membership
from sexto.directory.types import Actor

TOKEN_PREFIX = "sxt_"  # noqa: S105 (a public prefix, not a secret)


class TokenLifetimeTooLong(DomainError):
    """A token may not live longer than API_TOKEN_DAYS."""

    code = "token_lifetime_too_long"
    status = 422


def token_lifetime_cap() -> datetime.timedelta:
    """The longest a token may live (API_TOKEN_DAYS), whatever its stored expiry says."""
    return datetime.timedelta(days=settings.API_TOKEN_DAYS)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def session_passed_two_factor(request: HttpRequest) -> bool:
    """allauth records how this session signed in; a TOTP or recovery code counts."""
    methods = request.session.get("account_authentication_methods", [])
    return any(m.get("method") == "mfa" for m in methods)


def api_token_issue(
    *, request: HttpRequest, name: str, scopes: list[str], days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for the signed-in user; the secret is shown once and never stored."""
    if not session_passed_two_factor(request):
        raise PermissionRefused(
            _(
                "API tokens are issued only after a sign-in with a second factor. Sign out, then "
                "sign in again with your authenticator code."
            )
        )
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise PermissionRefused(_("Choose at least one valid scope."))
    cap = settings.API_TOKEN_DAYS
    if days is not None and not 1 <= days <= cap:
        raise TokenLifetimeTooLong(
            _("A token is valid for 1 to %(days)s days: choose %(days)s days or fewer.")
            % {"days": cap},
            field="days",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    lifetime = datetime.timedelta(days=days or cap)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=request.user,  # type: ignore[misc]  # signed in (login_required)
            name=name,
            prefix=raw[len(TOKEN_PREFIX) :][:8],
            digest=token_digest(raw),
            scopes=sorted(set(scopes)),
            expires_at=timezone.now() + lifetime,
        )
        audit_record(
            actor=request.user,
            action="api_token.issue",
            target=token,
            request=request,
            changes={"scopes": token.scopes, "expires_at": token.expires_at},
        )
    return token, raw


def api_token_authenticate(*, raw: str, request: HttpRequest) -> ApiToken | None:
    """The live token with this secret (its use audited), or None. A token is dead once revoked,
    expired, older than API_TOKEN_DAYS (whatever expiry was stored), or when one of its owner's
    roles ended after it was issued (it is then revoked, audited)."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=token_digest(raw),
            revoked_at__isnull=True,
            expires_at__gt=now,
            created_at__gt=now - token_lifetime_cap(),
        )
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if _role_ended_since(token):
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(revoked_at=now)
            audit_record(
                actor="system",
                action="api_token.revoke.membership_end",
                target=token,
                request=request,
            )
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    audit_record(actor=token.user, action="api_token.use", target=token, request=request)
    return token


def _role_ended_since(token: ApiToken) -> bool:
    # A role given an end day in the future ends without any service running that day: the
    # tokens issued while it was in force stop with it.
    today = timezone.localdate()
    issued = timezone.localdate(token.created_at)
    return Membership.objects.filter(
        user_id=token.user_id, valid_until__gt=issued, valid_until__lte=today
    ).exists()


def api_tokens_revoke_for(
    *, user: Actor, reason: str, actor: Actor, request: HttpRequest | None = None
) -> int:
    """Revoke every live token of the person at once (password or second factor changed, a role
    ended), each revocation audited as `api_token.revoke.<reason>`; how many were revoked."""
    with transaction.atomic():
        tokens = list(
            ApiToken.objects.select_for_update().filter(user_id=user.pk, revoked_at__isnull=True)
        )
        now = timezone.now()
        for token in tokens:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action=f"api_token.revoke.{reason}",  # the reason readable in the log
                target=token,
                request=request,
            )
    return len(tokens)


def api_token_revoke(*, actor: Actor, token: ApiToken, request: HttpRequest | None = None) -> None:
    """Revoke a token at once."""
    if token.revoked_at is not None:
        raise Conflict(_("This token was already revoked."))
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", target=token, request=request)
