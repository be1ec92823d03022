"""Factories of training and credentials: programs, levels, awards."""

from __future__ import annotations

from typing import Any

import factory

from sexto.credentials.models import Award
from sexto.training.models import Level, Program
from tests.factories.directory import UserFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"programme-{n}")
    title_fr = factory.Sequence(lambda n: f"Intervenir en milieu scolaire {n}")
    title_en = factory.Sequence(lambda n: f"Intervening at school {n}")


class LevelFactory(factory.django.DjangoModelFactory):
    """A level with a badge (a level without one issues nothing)."""

    class Meta:
        model = Level

    program = factory.SubFactory(ProgramFactory)
    slug = factory.Sequence(lambda n: f"niveau-{n}")
    title_fr = "Explorateur"
    title_en = "Explorer"
    proof_kind = Level.ProofKind.REFLECTIVE
    badge_slug = factory.Sequence(lambda n: f"sexto-niveau-{n}")


class AwardFactory(factory.Factory):
    """A badge issued to a person with an evidence snapshot (`award_issue`, audited)."""

    class Meta:
        model = Award

    recipient = factory.SubFactory(UserFactory)
    level = factory.SubFactory(LevelFactory)
    evidence = factory.LazyFunction(dict)

    @classmethod
    def _create(cls, model_class: type[Award], *args: Any, **kwargs: Any) -> Award:
        from sexto.credentials.services import award_issue

        award = award_issue(**kwargs)
        assert award is not None, "the level has no badge"
        return award
