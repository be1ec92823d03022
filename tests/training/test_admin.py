"""Trainers author programs in the admin, French and English side by side."""

from __future__ import annotations

from typing import Any

from sexto.directory.models import User
from sexto.training.models import Level
from tests.helpers import sign_in


def test_trainer_edits_a_level_with_both_languages(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    trainer = people["trainer"]
    trainer.is_staff = True
    trainer.save()
    sign_in(client, trainer.email)
    page = client.get(f"/admin/training/level/{explorateur.pk}/change/").content.decode()
    assert 'name="title_fr"' in page and 'name="title_en"' in page
    assert 'name="modules-0-body_fr"' in page and 'name="modules-0-body_en"' in page
    assert 'name="questions-0-prompt_en"' in page
    assert client.get("/admin/training/program/add/").status_code == 200


def test_other_staff_cannot_author(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    admin = people["admin"]
    admin.is_staff = True
    admin.save()
    sign_in(client, admin.email)
    assert client.get(f"/admin/training/level/{explorateur.pk}/change/").status_code in {302, 403}
