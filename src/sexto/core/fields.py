"""Model fields shared by every app."""

from __future__ import annotations

from typing import Any

from django.db import models

from sexto.core.crypto import text_decrypt, text_encrypt


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted at rest with FIELD_ENCRYPTION_KEYS; the database only ever sees tokens.

    Not searchable or orderable by content: keep what lists and statistics need in plain columns,
    and match people through a blind index.
    """

    description = "Encrypted text"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return text_decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return text_encrypt(str(value))
