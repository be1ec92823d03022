"""Fixtures: the demo directory with the statistics' demo history (closed cases, 8 quarters)."""

from __future__ import annotations

import pytest

from sexto.directory.models import User


@pytest.fixture
def history(demo: None) -> int:
    from sexto.stats.demo import demo_history_seed

    return demo_history_seed(lambda line: None)


@pytest.fixture
def analyst(demo: None) -> User:
    return User.objects.get(email="analyste@css-mille-lacs.demo")


@pytest.fixture
def org_admin(demo: None) -> User:
    return User.objects.get(email="admin@css-mille-lacs.demo")
