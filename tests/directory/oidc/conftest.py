"""Fixtures of the board sign-in tests: the local OpenID Connect provider beside live_server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.directory.oidc.local_provider import LocalProvider, local_provider_run


@pytest.fixture(scope="module")
def oidc_provider(live_server: Any) -> Iterator[LocalProvider]:
    with local_provider_run(base_url=live_server.url) as provider:
        yield provider
