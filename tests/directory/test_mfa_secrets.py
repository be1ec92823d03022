"""Second-factor secrets at rest: encrypted with the field keys, rotated with them, and rows
written in clear before encryption are encrypted by the migration (issue 14, item 8)."""

from __future__ import annotations

import importlib
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from sexto.core.crypto import text_decrypt, token_looks_encrypted
from sexto.directory.models import Role, User
from tests.factories import PASSWORD, TOTP_SECRET, MembershipFactory, TwoFactorUserFactory
from tests.helpers import sign_in, totp_now

pytestmark = pytest.mark.django_db
COORDINATOR = "coordination@hauts-sommets.test"
OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def _coordinator_make() -> User:
    """A coordinator with TOTP and recovery codes, encrypted with the field keys in force."""
    return MembershipFactory(
        role=Role.COORDINATOR, user=TwoFactorUserFactory(email=COORDINATOR)
    ).user


@pytest.fixture
def coordinator(db: None) -> User:
    return _coordinator_make()


def _raw_data(user: User) -> dict[str, dict[str, object]]:
    """The `data` column as the database holds it, by authenticator type (no adapter involved)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, data FROM mfa_authenticator WHERE user_id = %s", [user.pk])
        return {
            kind: json.loads(data) if isinstance(data, str) else data
            for kind, data in cursor.fetchall()
        }


def _plant_plaintext(user: User) -> str:
    """Write the user's secrets in clear, as allauth's default adapter did before this fix."""
    seed = "a1" * 40
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).update(
        data={"secret": TOTP_SECRET}
    )
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).update(
        data={"seed": seed, "used_mask": 0}
    )
    return seed


def test_the_stored_row_holds_no_plaintext_secret(coordinator: User) -> None:
    user = coordinator
    raw = _raw_data(user)
    secret = str(raw["totp"]["secret"])
    seed = str(raw["recovery_codes"]["seed"])
    # An attacker with a dump reads neither the TOTP key nor the seed of the recovery codes.
    assert TOTP_SECRET not in json.dumps(raw)
    assert token_looks_encrypted(secret) and token_looks_encrypted(seed)
    assert text_decrypt(secret) == TOTP_SECRET
    assert len(text_decrypt(seed)) == 80  # allauth's seed: 40 random bytes in hex


def test_sign_in_with_totp_still_works(coordinator: User, client: Client) -> None:
    sign_in(client, COORDINATOR)
    assert client.get("/account/").status_code == 200


def test_sign_in_with_a_recovery_code_still_works(coordinator: User, client: Client) -> None:
    user = coordinator
    recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(recovery).get_unused_codes()[0]
    client.post("/accounts/login/", {"login": COORDINATOR, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_rotate_keys_reencrypts_the_second_factor_secrets(
    db: None, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        user = _coordinator_make()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        call_command("rotate_keys", check=True)
        assert "mfa.Authenticator: " in capsys.readouterr().out
        call_command("rotate_keys")
        assert "Rotation complete" in capsys.readouterr().out
    raw = _raw_data(user)
    newest = Fernet(NEW.encode())
    assert newest.decrypt(str(raw["totp"]["secret"]).encode()).decode() == TOTP_SECRET
    newest.decrypt(str(raw["recovery_codes"]["seed"]).encode())
    # The old key is gone: the person still signs in with the same authenticator app.
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        sign_in(client, COORDINATOR)
        assert client.get("/account/").status_code == 200


def test_the_migration_encrypts_an_old_row_and_may_run_again(
    coordinator: User, client: Client
) -> None:
    user = coordinator
    seed = _plant_plaintext(user)
    migration = importlib.import_module("sexto.directory.migrations.0003_mfa_secrets_encrypt")

    migration.encrypt_plaintext(apps, None)
    raw = _raw_data(user)
    assert text_decrypt(str(raw["totp"]["secret"])) == TOTP_SECRET
    assert text_decrypt(str(raw["recovery_codes"]["seed"])) == seed
    assert raw["recovery_codes"]["used_mask"] == 0

    migration.encrypt_plaintext(apps, None)  # idempotent: encrypted values are left alone
    assert _raw_data(user) == raw

    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    assert totp.validate_code(totp_now())

    migration.decrypt_to_plaintext(apps, None)  # going back restores what old code reads
    assert _raw_data(user)["totp"]["secret"] == TOTP_SECRET


def test_a_secret_no_key_opens_fails_closed(coordinator: User, client: Client) -> None:
    user = coordinator
    _plant_plaintext(user)  # e.g. a row restored from an old backup without the migration
    client.post("/accounts/login/", {"login": COORDINATOR, "password": PASSWORD})
    client.raise_request_exception = False
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
    assert response.status_code in (200, 500)
    assert client.get("/account/").status_code == 302  # not signed in with the clear secret
