"""Issue 15: no module of an app is part of an import circle inside that app (the case page's
assembly and its section views, services and tasks, training's and the simulations' selectors
used to be); the direction rules between apps run as import-linter contracts (pyproject.toml)."""

from __future__ import annotations

from functools import cache

import grimp
import pytest

APPS = [
    "api",
    "audit",
    "backups",
    "core",
    "credentials",
    "directory",
    "interventions",
    "privacy",
    "stats",
    "training",
]


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("sexto")


@pytest.mark.parametrize("app", APPS)
def test_no_import_circle_inside_an_app(app: str) -> None:
    graph = _graph()
    ours = {m for m in graph.modules if m.startswith(f"sexto.{app}.")}
    circles = sorted(
        (module, imported)
        for module in ours
        for imported in graph.find_modules_directly_imported_by(module) & ours
        if graph.find_shortest_chain(importer=imported, imported=module) is not None
    )
    assert circles == []
