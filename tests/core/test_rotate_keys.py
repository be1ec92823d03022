"""`manage.py rotate_keys`: after rotating, the old key can go and everything still reads; an
interrupted rotation resumes where it stopped; a value no key opens stops it with one line."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from sexto.audit.retention import legal_hold_place
from sexto.audit.retention_models import LegalHold
from sexto.core.crypto import blind_index
from sexto.core.key_rotation import keys_pending, keys_rotate, rotation_targets
from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.models import Case, CasePerson, Intake
from sexto.interventions.selectors import person_matches_elsewhere

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
OLD_INDEX_KEY = "old-blind-index-key-0123456789abcdef012345"
NEW_INDEX_KEY = "new-blind-index-key-0123456789abcdef012345"
NAMES = ["Zoé Lavoie", "Noah Gagné", "Maya Roy", "Jérémy Dubé", "Léa Tremblay"]


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")
        return [row[0] for row in cursor.fetchall()]


def _opens(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


@pytest.fixture
def written_with_old_keys(db: None) -> dict[str, Any]:
    """The demo directory (its second-factor secrets too), cases, people and a legal hold
    written while only the old keys existed."""
    from sexto.directory.demo import demo_directory_seed

    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD], BLIND_INDEX_KEY=OLD_INDEX_KEY):
        demo_directory_seed(lambda line: None)
    school = School.objects.get(ministry_code="751001")
    coordinator = User.objects.get(email="coordination@hauts-sommets.demo")
    privacy = User.objects.get(email="prp@css-mille-lacs.demo")
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD], BLIND_INDEX_KEY=OLD_INDEX_KEY):
        cases = []
        for number, name in enumerate(NAMES):
            intake = services.intake_create(
                reporter=User.objects.get(email="enseignant@hauts-sommets.demo"),
                school=school,
                told_at=timezone.now() - datetime.timedelta(minutes=20),
                told_by="Élève (témoin)",
                account=f"Récit numéro {number} : une photo circule.",
            )
            case = services.case_open(
                actor=coordinator, school=school, intake=intake, summary=f"Résumé {number}"
            )
            services.case_person_add(
                actor=coordinator, case=case, label="A", name=name, age=14, roles=["depicted"]
            )
            cases.append(case)
        legal_hold_place(
            actor=privacy,
            target=("interventions.case", str(cases[0].pk)),
            chain=cases[0].audit_chain,
            reference=cases[0].number,
            reason="Procédure judiciaire en cours",
        )
    return {"cases": cases, "coordinator": coordinator}


def _everything_reads() -> None:
    """Every encrypted value loads through the ORM (which decrypts) under the current keys."""
    assert sorted(p.name for p in CasePerson.objects.all()) == sorted(NAMES)
    assert {c.summary for c in Case.objects.all()} == {f"Résumé {n}" for n in range(len(NAMES))}
    assert all(i.account.startswith("Récit numéro") for i in Intake.objects.all())
    assert LegalHold.objects.get().reason == "Procédure judiciaire en cours"


def test_every_encrypted_field_of_every_app_is_found() -> None:
    found = {t.label: set(t.encrypted) for t in rotation_targets()}
    assert {"summary", "outcome", "grid_answers"} <= found["interventions.Case"]
    assert found["interventions.CasePerson"] == {"name"}
    assert found["audit.LegalHold"] == {"reason", "lift_reason"}
    person = next(t for t in rotation_targets() if t.label == "interventions.CasePerson")
    assert [s.index_field for s in person.indexes] == ["name_index"]


def test_rotate_then_remove_the_old_key_and_everything_still_reads(
    written_with_old_keys: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD], BLIND_INDEX_KEY=NEW_INDEX_KEY):
        _everything_reads()  # old tokens still open while both keys are configured
        call_command("rotate_keys", batch_size=2)
    out = capsys.readouterr().out
    assert (
        "interventions.CasePerson: 5 rows, 5 changed (5 values re-encrypted, 5 blind indexes" in out
    )
    assert "Rotation complete" in out

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW], BLIND_INDEX_KEY=NEW_INDEX_KEY):
        _everything_reads()
        for table, column in [
            ("interventions_caseperson", "name"),
            ("interventions_case", "summary"),
            ("interventions_intake", "account"),
        ]:
            tokens = _raw(table, column)
            assert tokens and all(_opens(NEW, t) and not _opens(OLD, t) for t in tokens)
        # The blind index follows the new key: "already a case about this student?" still works.
        stored = set(CasePerson.objects.values_list("name_index", flat=True))
        assert stored == {blind_index(n, purpose="student") for n in NAMES}
        other_case = written_with_old_keys["cases"][1]
        assert person_matches_elsewhere(case=other_case, name="zoe  LAVOIE") == 1


def test_an_interrupted_rotation_resumes_where_it_stopped(
    written_with_old_keys: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    class Interrupted(Exception):
        pass

    def stop_after_first_batch(label: str, rows: int) -> None:
        if label == "interventions.CasePerson":
            raise Interrupted

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD], BLIND_INDEX_KEY=NEW_INDEX_KEY):
        with pytest.raises(Interrupted):
            keys_rotate(batch_size=2, after_batch=stop_after_first_batch)
        # The first batch of people is done and committed; the rest still waits.
        people = {c.label: c.pending for c in keys_pending()}["interventions.CasePerson"]
        assert people == 3
        tokens = _raw("interventions_caseperson", "name")
        assert sum(_opens(NEW, t) for t in tokens) == 2

        call_command("rotate_keys", batch_size=2)
        out = capsys.readouterr().out
        # Only what was left is done the second time.
        assert "interventions.CasePerson: 5 rows, 3 changed (3 values re-encrypted" in out
        assert sum(c.pending for c in keys_pending()) == 0

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW], BLIND_INDEX_KEY=NEW_INDEX_KEY):
        _everything_reads()


def test_running_it_again_changes_nothing(
    written_with_old_keys: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD], BLIND_INDEX_KEY=NEW_INDEX_KEY):
        call_command("rotate_keys")
        before = _raw("interventions_caseperson", "name")
        call_command("rotate_keys")
        assert _raw("interventions_caseperson", "name") == before
    assert "interventions.CasePerson: 5 rows, 0 changed" in capsys.readouterr().out


def test_a_value_no_key_opens_stops_with_one_readable_line(
    written_with_old_keys: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # The old key was dropped too early: rotation cannot read what it wrote.
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[NEW], BLIND_INDEX_KEY=NEW_INDEX_KEY),
        pytest.raises(SystemExit) as exit_info,
    ):
        call_command("rotate_keys")
    assert exit_info.value.code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "no key in FIELD_ENCRYPTION_KEYS opens" in err[0]
    for name in NAMES:
        assert name not in err[0]


def test_check_counts_without_changing(
    written_with_old_keys: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD], BLIND_INDEX_KEY=NEW_INDEX_KEY):
        before = _raw("interventions_caseperson", "name")
        call_command("rotate_keys", check=True)
        assert _raw("interventions_caseperson", "name") == before
    assert (
        "interventions.CasePerson: 5 rows, 5 values under an older key" in capsys.readouterr().out
    )
