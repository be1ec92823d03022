"""No source module over 600 lines (issue 15): a newcomer reads a module in one sitting. Past that
size a module holds several ideas and becomes a package by layer (STYLE.md, "One layout in every
app"). Data tables are exempt: their length is their content, not tangled code."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sexto"
MAX_LINES = 600

# Modules allowed past MAX_LINES, relative to src/sexto, each with why. Migrations are exempt too.
DATA_TABLES = {
    # The evaluation grid's rule texts (GRID.md): one entry per rule, in both languages.
    "interventions/grid/reasons.py": "rule texts",
    # The Architecte level's practice cases: each scenario is a block of fictional facts.
    "training/simulations/scenarios.py": "simulation scenarios",
    # The demo program's bilingual course content (modules, questions), not logic.
    "training/content.py": "training content",
}
TEMPORARY: dict[str, str] = {}


def modules_over_limit(*, package: Path) -> dict[str, int]:
    """Source modules (not migrations, not exempt) longer than MAX_LINES, with their length."""
    allowed = DATA_TABLES.keys() | TEMPORARY.keys()
    too_long = {}
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if "migrations" in path.parts or name in allowed:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[name] = lines
    return too_long


def test_no_source_module_is_over_the_limit():
    too_long = modules_over_limit(package=PACKAGE)

    assert not too_long, (
        f"modules over {MAX_LINES} lines: {too_long}. Split them by layer (services, selectors, "
        "views, forms) with one module per area; only data tables go in DATA_TABLES, with why."
    )


@pytest.mark.parametrize("name", sorted(DATA_TABLES))
def test_every_data_table_exemption_names_a_real_module(name):
    # A renamed or removed table leaves a stale exemption that would silently cover a new module.
    assert (PACKAGE / name).is_file(), f"{name} is gone: remove it from DATA_TABLES"


def test_the_limit_catches_a_long_module_but_not_a_migration_or_a_data_table(tmp_path):
    for name, lines in [
        ("someapp/views.py", MAX_LINES + 1),
        ("someapp/selectors.py", MAX_LINES),
        ("someapp/migrations/0001_initial.py", MAX_LINES + 1),
        ("interventions/grid/reasons.py", MAX_LINES + 1),
    ]:
        module = tmp_path / name
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_text("x = 1\n" * lines)

    assert modules_over_limit(package=tmp_path) == {"someapp/views.py": MAX_LINES + 1}
