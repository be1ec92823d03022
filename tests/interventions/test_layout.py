"""Issue 15: interventions/ by layer. No module of the app is part of an import circle (the case
page's assembly and its section views, services and tasks used to be); the direction rules
themselves run as import-linter contracts (pyproject.toml)."""

from __future__ import annotations

import grimp


def test_no_import_circle_inside_interventions() -> None:
    graph = grimp.build_graph("sexto")
    ours = {m for m in graph.modules if m.startswith("sexto.interventions.")}
    circles = sorted(
        (module, imported)
        for module in ours
        for imported in graph.find_modules_directly_imported_by(module) & ours
        if graph.find_shortest_chain(importer=imported, imported=module) is not None
    )
    assert circles == []
