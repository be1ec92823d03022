"""Print the apps and their allowed imports as a Mermaid flowchart, read from the import-linter
contracts in pyproject.toml: the contracts are the rule, the diagram only shows it.

`make architecture` writes the block into docs/architecture.md between its markers;
tests/test_architecture_doc.py fails when the two differ. Standard library only.

How the diagram reads the contracts:
- the nodes are the apps (`sexto.<app>`) named by any contract, plus any sub-package that is the
  source of a forbidden contract (the grid);
- A may import B when no contract forbids it: a `layers` contract lets a layer import only the
  layers below it (`a | b` siblings are independent, `a : b` siblings may import each other), and a
  `forbidden` contract removes what it names (`*` matches one level of children);
- an arrow is drawn only where no longer path of allowed imports already leads (transitive
  reduction), so following the arrows shows everything a module may import, except the crossed
  lines: a path leads there, but the direct import is forbidden;
- contracts about modules below the apps (inside one app) are listed under the diagram.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
DOC = ROOT / "docs" / "architecture.md"
BEGIN = "<!-- BEGIN GENERATED: make architecture (scripts/architecture.py) -->"
END = "<!-- END GENERATED -->"
PACKAGE = "sexto"


@dataclass
class Rules:
    """What the contracts say, reduced to the nodes of the diagram."""

    nodes: list[str]
    layer_of: dict[str, int] = field(default_factory=dict)
    independent: set[frozenset[str]] = field(default_factory=set)
    forbidden: set[tuple[str, str]] = field(default_factory=set)
    pure: set[str] = field(default_factory=set)  # forbidden every project module
    outside: dict[str, list[str]] = field(default_factory=dict)  # external packages forbidden
    other_contracts: list[str] = field(default_factory=list)


def contracts(*, pyproject: Path = PYPROJECT) -> list[dict[str, Any]]:
    with pyproject.open("rb") as file:
        config = tomllib.load(file)
    return list(config["tool"]["importlinter"]["contracts"])


def is_project(module: str) -> bool:
    return module == PACKAGE or module.startswith(f"{PACKAGE}.")


def app_level(module: str) -> bool:
    return module.count(".") == 1 and is_project(module) and "*" not in module


def matches(pattern: str, module: str) -> bool:
    """import-linter's wildcard: `*` is one module name; otherwise the module or a descendant."""
    if "*" in pattern:
        parts, names = pattern.split("."), module.split(".")
        return len(parts) == len(names) and all(
            p in ("*", n) for p, n in zip(parts, names, strict=True)
        )
    return module == pattern or module.startswith(f"{pattern}.")


def layer_names(layer: str) -> tuple[list[str], bool]:
    """The modules of one layer entry and whether they are independent of each other."""
    if "|" in layer:
        return [name.strip() for name in layer.split("|")], True
    return [name.strip() for name in layer.split(":")], False


def app_wide(name: str) -> bool:
    """An app (`sexto.audit`) or every app (`sexto.*`): the diagram's grain."""
    return app_level(name) or name == f"{PACKAGE}.*"


def diagram_kind(contract: dict[str, Any], *, layers_seen: bool) -> str | None:
    """How the diagram draws a contract: "layers", "forbidden" or "pure"; None for the others
    (contracts inside an app, other contract types), which are listed under it."""
    kind = contract.get("type")
    if kind == "layers" and not contract.get("containers") and not layers_seen:
        names = [n for layer in contract["layers"] for n in layer_names(str(layer))[0]]
        # Only the first layers contract between apps: a second would need its own depths.
        return "layers" if all(app_level(n) for n in names) else None
    if kind == "forbidden":
        sources = [str(s) for s in contract["source_modules"]]
        targets = [str(t) for t in contract["forbidden_modules"] if is_project(str(t))]
        if all(app_wide(s) for s in sources) and all(app_wide(t) for t in targets):
            return "forbidden"
        # A sub-package that may import nothing of the project (the grid) gets its own node.
        if len(sources) == 1 and "*" not in sources[0] and f"{PACKAGE}.*" in targets:
            return "pure"
    return None


def rules_from(items: list[dict[str, Any]]) -> Rules:
    kinds: list[str | None] = []
    for contract in items:
        kinds.append(diagram_kind(contract, layers_seen="layers" in kinds))
    names: set[str] = set()
    for contract, kind in zip(items, kinds, strict=True):
        if kind is None:
            continue
        for key in ("layers", "source_modules", "forbidden_modules"):
            for entry in contract.get(key, []):
                names.update(n for n in layer_names(str(entry))[0] if app_level(n))
        if kind == "pure":
            names.add(str(contract["source_modules"][0]))
    rules = Rules(nodes=sorted(names))

    for contract, kind in zip(items, kinds, strict=True):
        if kind is None:
            rules.other_contracts.append(str(contract.get("name", contract.get("type"))))
        elif kind == "layers":
            for depth, layer in enumerate(contract["layers"]):
                members, independent = layer_names(str(layer))
                for member in members:
                    rules.layer_of[member] = depth
                if independent:
                    rules.independent.update(
                        frozenset((a, b)) for a in members for b in members if a != b
                    )
        else:
            sources = [str(s) for s in contract["source_modules"]]
            targets = [str(t) for t in contract["forbidden_modules"]]
            if kind == "pure":
                rules.pure.add(sources[0])
                rules.outside[sources[0]] = [t for t in targets if not is_project(t)]
            for node in rules.nodes:
                if not any(matches(source, node) for source in sources):
                    continue
                for target in rules.nodes:
                    if target == node or matches(node, target) or matches(target, node):
                        continue  # an app and its own sub-packages
                    if any(matches(t, target) for t in targets if is_project(t)):
                        rules.forbidden.add((node, target))
    return rules


def layer(rules: Rules, node: str) -> int | None:
    """A sub-package sits in its app's layer (import-linter's layers include descendants)."""
    for name, depth in rules.layer_of.items():
        if matches(name, node):
            return depth
    return None


def may_import(rules: Rules, importer: str, imported: str) -> bool:
    if importer == imported or (importer, imported) in rules.forbidden:
        return False
    if matches(importer, imported):  # an app uses its own sub-packages
        return True
    if importer in rules.pure:
        return False
    high, low = layer(rules, importer), layer(rules, imported)
    if high is not None and low is not None:
        if high > low:  # layers are listed top first: a bigger index is lower
            return False
        if high == low:
            app_a, app_b = (".".join(n.split(".")[:2]) for n in (importer, imported))
            return app_a == app_b or frozenset((app_a, app_b)) not in rules.independent
    return True


def reachable(edges: dict[str, set[str]], start: str, *, skip: tuple[str, str]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        for nxt in edges[node]:
            if (node, nxt) == skip or nxt in seen:
                continue
            seen.add(nxt)
            todo.append(nxt)
    return seen


def node_id(module: str) -> str:
    return module.removeprefix(f"{PACKAGE}.").replace(".", "_")


def node_label(rules: Rules, module: str) -> str:
    label = module.removeprefix(f"{PACKAGE}.")
    if module in rules.pure:
        only = "standard library only" if rules.outside.get(module) else "no other sexto module"
        label += f"<br/><i>{only}</i>"
    return label


def mermaid(rules: Rules) -> str:
    nodes = rules.nodes
    allowed = {a: {b for b in nodes if may_import(rules, a, b)} for a in nodes}
    lines = ["```mermaid", "flowchart TD"]
    # Nodes top-down in layer order, so the drawing reads like the layers contract; apps outside
    # the layers contract come last.
    last = len(nodes)
    order = sorted(nodes, key=lambda n: (d if (d := layer(rules, n)) is not None else last, n))
    for node in order:
        lines.append(f'    {node_id(node)}["{node_label(rules, node)}"]')
    for a in order:
        for b in sorted(allowed[a], key=order.index):
            # An edge another path already covers says nothing new: leave it out.
            if b not in reachable(allowed, a, skip=(a, b)):
                lines.append(f"    {node_id(a)} --> {node_id(b)}")
    crossed = sorted(rules.forbidden, key=lambda pair: (order.index(pair[0]), order.index(pair[1])))
    for a, b in crossed:
        if a in rules.pure:
            continue
        # Once a module is crossed out, so are its sub-packages: one cross says it.
        if any(x == a and y != b and matches(y, b) for x, y in crossed):
            continue
        # Only where the arrows would suggest that the import is allowed.
        if b in reachable(allowed, a, skip=(a, b)):
            lines.append(f"    {node_id(a)} -.-x|never directly| {node_id(b)}")
    lines.append("```")
    if rules.other_contracts:
        lines.append("")
        lines.append("Further contracts (inside apps):")
        lines.append("")
        lines.extend(f"- {name}" for name in rules.other_contracts)
    return "\n".join(lines)


def block(*, pyproject: Path = PYPROJECT) -> str:
    return mermaid(rules_from(contracts(pyproject=pyproject)))


def doc_with_block(text: str, generated: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return f"{text[:start]}\n{generated}\n{text[end:]}"


def doc_block(text: str) -> str:
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"update the block in {DOC.name}")
    args = parser.parse_args()
    generated = block()
    if args.write:
        DOC.write_text(doc_with_block(DOC.read_text(encoding="utf-8"), generated), encoding="utf-8")
        print(f"{DOC.relative_to(ROOT)}: diagram updated from pyproject.toml's contracts")
    else:
        print(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
