"""Encrypt the second-factor secrets allauth stored in clear before the MFA adapter encrypted them
(TOTP keys, recovery-code seeds, migrated recovery codes). Values already encrypted are left as
they are, so the migration may run again."""

from django.db import migrations


def _secrets_map(apps, change):  # type: ignore[no-untyped-def]
    from sexto.core.crypto import json_values_map
    from sexto.directory.adapters import MFA_SECRETS

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.order_by("pk").iterator():
        data, changed = json_values_map(MFA_SECRETS, authenticator.data, change)
        if changed:
            # update(), not save(): nothing else about the row changes.
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def encrypt_plaintext(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sexto.core.crypto import text_encrypt, token_looks_encrypted

    _secrets_map(apps, lambda value: None if token_looks_encrypted(value) else text_encrypt(value))


def decrypt_to_plaintext(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Going back to code whose adapter stores secrets in clear: give it back what it can read.
    from sexto.core.crypto import text_decrypt, token_looks_encrypted

    _secrets_map(apps, lambda value: text_decrypt(value) if token_looks_encrypted(value) else None)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_user_session_generation"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_plaintext, decrypt_to_plaintext, elidable=False)]
