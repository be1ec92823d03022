"""Encrypted fields: the database holds tokens only; several keys decrypt, the newest encrypts."""

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet
from django.db import connection, models
from django.test.utils import isolate_apps

from sexto.core.crypto import (
    DecryptionFailed,
    blind_index,
    text_decrypt,
    text_encrypt,
    token_rotate,
)
from sexto.core.fields import EncryptedTextField


@pytest.fixture
def note_model(transactional_db: None) -> Iterator[type[models.Model]]:
    with isolate_apps("sexto.core"):

        class Note(models.Model):
            body = EncryptedTextField(blank=True, null=True)

            class Meta:
                app_label = "core"

        with connection.schema_editor() as editor:
            editor.create_model(Note)
        yield Note
        with connection.schema_editor() as editor:
            editor.delete_model(Note)


def test_database_holds_no_plaintext(note_model: type[models.Model]) -> None:
    note = note_model.objects.create(body="Élève de 14 ans, photo partagée au vestiaire")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {note_model._meta.db_table}")
        stored = cursor.fetchone()[0]
    assert "Élève" not in stored and "photo" not in stored
    assert note_model.objects.get(pk=note.pk).body == "Élève de 14 ans, photo partagée au vestiaire"


def test_empty_and_null_stay_as_they_are(note_model: type[models.Model]) -> None:
    assert note_model.objects.get(pk=note_model.objects.create(body=None).pk).body is None
    assert note_model.objects.get(pk=note_model.objects.create(body="").pk).body == ""


def test_old_keys_still_decrypt_and_rotation_moves_to_the_newest(settings) -> None:
    old = Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    token = text_encrypt("secret")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert text_decrypt(token) == "secret"
    rotated = token_rotate(token)
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert text_decrypt(rotated) == "secret"
    with pytest.raises(DecryptionFailed, match="FIELD_ENCRYPTION_KEYS"):
        text_decrypt(token)


def test_blind_index_matches_despite_case_accents_and_spaces() -> None:
    assert blind_index("Émile  Roy", purpose="student") == blind_index(
        "emile roy", purpose="student"
    )
    assert blind_index("Émile Roy", purpose="student") != blind_index("Émile Roy", purpose="other")
    assert "emile" not in blind_index("Émile Roy", purpose="student")
