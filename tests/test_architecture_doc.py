"""docs/architecture.md's diagram is generated from the import-linter contracts (pyproject.toml) by
scripts/architecture.py: the doc cannot drift from the rules that run."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location(
        "architecture", ROOT / "scripts" / "architecture.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("architecture", module)
    spec.loader.exec_module(module)
    return module


architecture = load_script()


ARROW = r"^\s+(\w+) (-->|-\.-x\|never directly\|) (\w+)$"


def edges(diagram: str) -> set[tuple[str, str, str]]:
    return set(re.findall(ARROW, diagram, re.MULTILINE))


def test_the_doc_holds_the_diagram_the_contracts_give():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")

    assert architecture.doc_block(doc) == architecture.block(), (
        "docs/architecture.md's diagram differs from pyproject.toml's import contracts: "
        "run `make architecture` and commit the result"
    )


def test_the_diagram_reads_the_real_contracts():
    drawn = edges(architecture.block())

    # Nothing points at the API; the grid points at nothing; audit only at core.
    assert not {edge for edge in drawn if edge[2] == "api"}
    assert not {edge for edge in drawn if edge[0] == "interventions_grid"}
    assert {edge for edge in drawn if edge[0] == "audit"} == {("audit", "-->", "core")}
    # Credentials reach interventions through training only: the direct import is crossed out.
    assert ("credentials", "-->", "training") in drawn
    assert ("credentials", "-.-x|never directly|", "interventions") in drawn


def test_a_new_contract_changes_the_diagram(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        """
[tool.importlinter]
root_packages = ["sexto"]

[[tool.importlinter.contracts]]
name = "layers"
type = "layers"
layers = ["sexto.top", "sexto.left | sexto.right", "sexto.bottom"]

[[tool.importlinter.contracts]]
name = "left never imports bottom directly"
type = "forbidden"
source_modules = ["sexto.left"]
forbidden_modules = ["sexto.bottom"]

[[tool.importlinter.contracts]]
name = "inside an app"
type = "layers"
containers = ["sexto.top"]
layers = ["views", "services"]

[[tool.importlinter.contracts]]
name = "the page's assembly never imports a section view"
type = "forbidden"
source_modules = ["sexto.top.views.page"]
forbidden_modules = ["sexto.top.views.section"]

[[tool.importlinter.contracts]]
name = "pure engine"
type = "forbidden"
source_modules = ["sexto.bottom.engine"]
forbidden_modules = ["sexto.*", "django"]
""",
        encoding="utf-8",
    )

    diagram = architecture.block(pyproject=pyproject)

    assert edges(diagram) == {
        ("top", "-->", "left"),
        ("top", "-->", "right"),
        ("right", "-->", "bottom"),
        ("bottom", "-->", "bottom_engine"),
    }
    assert 'bottom_engine["bottom.engine<br/><i>standard library only</i>"]' in diagram
    # Rules inside one app are listed under the diagram, not drawn as apps.
    assert "- inside an app\n- the page's assembly never imports a section view" in diagram
    assert "views" not in diagram.split("```")[1]


def test_writing_the_block_keeps_the_rest_of_the_doc():
    text = f"intro\n{architecture.BEGIN}\nold\n{architecture.END}\nrest\n"

    written = architecture.doc_with_block(text, "new")

    assert written == f"intro\n{architecture.BEGIN}\nnew\n{architecture.END}\nrest\n"
    assert architecture.doc_block(written) == "new"
