"""The demo's connected backpack: asantos's Connected apps page is not empty; idempotent."""

from __future__ import annotations

import pytest

from sexto.credentials.hostapi.demo import demo_host_client_seed
from sexto.credentials.hostapi.models import HostClient
from sexto.credentials.hostapi.selectors import connected_apps_for
from sexto.credentials.models import Award

pytestmark = pytest.mark.django_db


def test_the_demo_backpack_is_connected_once(award: Award) -> None:
    lines: list[str] = []
    demo_host_client_seed(lines.append)
    demo_host_client_seed(lines.append)
    assert HostClient.objects.count() == 1
    apps = connected_apps_for(user=award.recipient)
    assert [app.name for app in apps] == ["Sac à badges de démonstration"]
    assert len(apps[0].scope_labels) == 2
    assert "/my/connected-apps/" in lines[0]
