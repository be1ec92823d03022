"""allauth and axes glue: invitation-only accounts, password failures limited by axes alone,
second-factor secrets encrypted at rest."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sexto.core.crypto import EncryptedJsonSpec, text_decrypt, text_encrypt
from sexto.core.request import client_ip

# What allauth keeps secret in `mfa_authenticator.data`: the TOTP key, the recovery-code seed and
# codes migrated from older versions. allauth passes each through the adapter below; key rotation
# and the data migration that encrypted older rows find them through this spec.
MFA_SECRETS = EncryptedJsonSpec(
    model="mfa.Authenticator", field="data", keys=("secret", "seed"), list_keys=("migrated_codes",)
)


PRODUCT_NAME = "Sexto"


class AccountAdapter(DefaultAccountAdapter):
    """People are invited by an administrator: no public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Password failures are axes's job (per username and IP, with a cool-off). allauth's own
        # `login_failed` limit stays in force for TOTP codes, which go through another path.
        return None

    def get_login_stages(self) -> list[str]:
        # allauth's TOTP step, aware of organisations whose identity provider enforces a second
        # factor (directory/sign_in/social.py).
        return [
            "sexto.directory.sign_in.social.BoardAwareAuthenticateStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def format_email_subject(self, subject: str) -> str:
        # As the product's own e-mails: « Sexto — … », never the host name in brackets.
        return f"{PRODUCT_NAME} — {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth greets "Hello from <site name>"; without django.contrib.sites that name is the
        # request's host ("testserver", "sexto.example.ca"). People know the product as Sexto.
        domain = get_current_site(allauth_context.request).domain
        context = {**context, "current_site": SimpleNamespace(name=PRODUCT_NAME, domain=domain)}
        super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits key on this: the one address resolved for the request behind the
        # trusted proxies (core/request.py), not allauth's own reading of the headers.
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied("Unable to determine client IP address")
        return ip


class MFAAdapter(DefaultMFAAdapter):
    """TOTP keys and recovery-code seeds are stored encrypted with FIELD_ENCRYPTION_KEYS: whoever
    reads the database (a dump, a replica, a backup) cannot compute anyone's second factor."""

    def encrypt(self, text: str) -> str:
        return text_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        # No plain-text fallback: every row was encrypted by migration directory 0003, and a
        # value no key opens must fail closed rather than be used as a secret.
        return text_decrypt(encrypted_text)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """allauth authenticates with `email=`; axes must count failures under that email."""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    else:
        value = request.POST.get("login", "") if request is not None else ""
    return str(value).strip().lower()
