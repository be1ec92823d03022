"""The figures of issue 15 ("The house"), printed so the closing note gives them before and after.

Run from the repository root: `.venv/bin/python scripts/house_figures.py [CHECKOUT]` (reads
`src/sexto` of this checkout, or of CHECKOUT; no database, no Django). Every figure is defined in
the function that computes it, so "before" and "after" are counted the same way.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "sexto"
MAX_LINES = 600

# A function-level import, as the issue counts them: an indented line importing from the project.
INDENTED_IMPORT = re.compile(r"^\s+(from sexto\b|from \.|import sexto\b)")

# Parameter names that stand for a person acting or being acted for (the "typed actors").
PERSON_NAMES = {
    "user",
    "actor",
    "member",
    "viewer",
    "reviewer",
    "requester",
    "by",
    "coordinator",
    "principal",
    "learner",
    "grantee",
    "recipient",
    "holder",
    "officer",
    "trainer",
    "author",
    "owner",
    "liaison",
}
PERSON_SUFFIXES = ("_by", "_user", "_actor", "_member", "_reviewer", "_viewer", "_requester")
ANY_ANNOTATIONS = {"Any", "typing.Any", "Any | None", "None | Any", "Optional[Any]"}


def modules() -> Iterator[Path]:
    yield from sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def app_of(path: Path) -> str:
    """The app a module belongs to (`sexto/urls.py` and `sexto/wsgi.py` count as `(root)`)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "(root)"


def is_migration(path: Path) -> bool:
    return "migrations" in path.relative_to(PACKAGE).parts


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def ready_lines(tree: ast.Module) -> set[int]:
    """Line numbers inside `ready()` methods: where Django wants app-loading imports to be."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "ready":
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def type_checking_lines(tree: ast.Module) -> set[int]:
    """Lines inside module-level `if TYPE_CHECKING:` blocks (indented, yet not in a function)."""
    lines: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in {
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        }:
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def function_level_imports(path: Path) -> list[int]:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    skip = type_checking_lines(tree)
    if path.name == "apps.py":
        skip |= ready_lines(tree)
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if INDENTED_IMPORT.match(line) and number not in skip
    ]


def is_person_name(name: str) -> bool:
    return name in PERSON_NAMES or name.endswith(PERSON_SUFFIXES)


def any_person_parameters(path: Path) -> list[tuple[int, str]]:
    """Parameters named like a person whose annotation is `Any` (or `Any | None`)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            annotation = argument.annotation
            if annotation is None or ast.unparse(annotation) not in ANY_ANNOTATIONS:
                continue
            if is_person_name(argument.arg):
                found.append((argument.lineno, argument.arg))
    return found


def type_ignores(path: Path) -> int:
    return sum(
        line.count("# type: ignore") for line in path.read_text(encoding="utf-8").splitlines()
    )


def problem_schemas() -> list[str]:
    """Classes in `api/` whose name says Problem and that subclass a Schema (ninja or our own)."""
    found = []
    for path in sorted((PACKAGE / "api").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and "Problem" in node.name:
                bases = [ast.unparse(base) for base in node.bases]
                if any("Schema" in base or "Problem" in base for base in bases):
                    found.append(f"{rel(path)}:{node.lineno} {node.name}({', '.join(bases)})")
    return found


def layer_modules(app: str) -> dict[str, list[str]]:
    """An app's modules by layer, either layout: loose (`views.py`, `case_views.py`,
    `urls_access.py`) or packaged (`views/cases.py`)."""
    root = PACKAGE / app
    layers: dict[str, list[str]] = {}
    for layer in ("views", "forms", "selectors", "services", "urls"):
        found = [
            p
            for p in root.rglob("*.py")
            if "migrations" not in p.parts
            and p.name != "__init__.py"
            and (
                layer in p.relative_to(root).parts[:-1]
                or p.stem == layer
                or p.stem.endswith(f"_{layer}")
                or p.stem.startswith(f"{layer}_")
            )
        ]
        layers[layer] = sorted(p.relative_to(root).as_posix() for p in found)
    return layers


def forms_in_view_modules(app: str) -> list[str]:
    """Form classes defined in a view module (STYLE.md: forms live in forms modules)."""
    root = PACKAGE / app
    found = []
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root)
        if not ("views" in name.parts[:-1] or path.stem == "views" or path.stem.endswith("_views")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                "Form" in ast.unparse(base) for base in node.bases
            ):
                found.append(f"{name.as_posix()}:{node.lineno} {node.name}")
    return found


def any_parameters() -> int:
    """Every parameter annotated `Any`, whatever its name (context for the person-named ones)."""
    total = 0
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args
                for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                    if argument.annotation is not None:
                        total += ast.unparse(argument.annotation) in ANY_ANNOTATIONS
    return total


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; returns the components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def module_cycles() -> dict[str, list[list[str]]]:
    """Import cycles between modules of the same app (grimp's graph; `TYPE_CHECKING` imports and
    the implicit import of a parent package are not edges). Function-level imports count: they are
    how the cycles hide today."""
    import grimp  # only here: the other figures need nothing outside the standard library

    sys.path.insert(0, str(SRC))
    graph = grimp.build_graph("sexto", exclude_type_checking_imports=True, cache_dir=None)
    by_app: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 3 or "migrations" in parts:
            continue
        app = parts[1]
        by_app[app][module] = {
            imported
            for imported in graph.find_modules_directly_imported_by(module)
            if imported.split(".")[:2] == ["sexto", app] and "migrations" not in imported
        }
    return {app: strongly_connected(edges) for app, edges in sorted(by_app.items())}


def table(rows: list[list[object]], header: list[str]) -> str:
    every: list[list[object]] = [list(header), *rows]
    widths = [max(len(str(row[i])) for row in every) for i in range(len(header))]
    lines = [
        "  ".join(
            str(cell).rjust(w) if i else str(cell).ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in every
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    paths = list(modules())
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for path in paths:
        app = app_of(path)
        lines = line_count(path)
        kind = "migration" if is_migration(path) else "code"
        counts[app][f"{kind}_modules"] += 1
        counts[app][f"{kind}_lines"] += lines
    total_code = sum(c["code_lines"] for c in counts.values())

    print("# Modules and lines per app (src/sexto; migrations apart)")
    rows: list[list[object]] = []
    for app, c in sorted(counts.items(), key=lambda item: -item[1]["code_lines"]):
        share = f"{100 * c['code_lines'] / total_code:.0f} %"
        rows.append(
            [
                app,
                c["code_modules"],
                c["code_lines"],
                share,
                c["migration_modules"],
                c["migration_lines"],
            ]
        )
    rows.append(
        [
            "total",
            sum(c["code_modules"] for c in counts.values()),
            total_code,
            "100 %",
            sum(c["migration_modules"] for c in counts.values()),
            sum(c["migration_lines"] for c in counts.values()),
        ]
    )
    print(table(rows, ["app", "modules", "lines", "share", "migr. modules", "migr. lines"]))

    print(f"\n# Modules over {MAX_LINES} lines (migrations apart)")
    big = sorted(((line_count(p), rel(p)) for p in paths if not is_migration(p)), reverse=True)
    big = [(n, name) for n, name in big if n > MAX_LINES]
    for n, name in big:
        print(f"{n:6d}  {name}")
    print(f"total: {len(big)}")

    print(
        "\n# Function-level imports of the project (indented `from sexto`/`from .`/`import sexto`;"
    )
    print("#   not in apps.py ready(), not in TYPE_CHECKING blocks; migrations apart)")
    per_app: Counter[str] = Counter()
    in_migrations = 0
    per_module: Counter[str] = Counter()
    for path in paths:
        found = len(function_level_imports(path))
        if not found:
            continue
        if is_migration(path):
            in_migrations += found
            continue
        per_app[app_of(path)] += found
        per_module[rel(path)] += found
    for app, n in sorted(per_app.items(), key=lambda item: (-item[1], item[0])):
        print(f"{n:6d}  {app}")
    print(f"total: {sum(per_app.values())} (and {in_migrations} in migrations)")
    for name, n in sorted(per_module.items(), key=lambda item: (-item[1], item[0])):
        print(f"    {n:3d}  {name}")

    print("\n# Parameters named like a person and typed `Any`")
    names: Counter[str] = Counter()
    any_per_app: Counter[str] = Counter()
    for path in paths:
        for _line, name in any_person_parameters(path):
            names[name] += 1
            any_per_app[app_of(path)] += 1
    for app, n in sorted(any_per_app.items(), key=lambda item: (-item[1], item[0])):
        print(f"{n:6d}  {app}")
    print(
        f"total: {sum(names.values())}  by name: "
        + ", ".join(f"{k} {v}" for k, v in names.most_common())
    )

    print(f"(every parameter typed `Any`, whatever its name: {any_parameters()})")

    print("\n# `# type: ignore` comments")
    ignores: Counter[str] = Counter()
    for path in paths:
        ignores[app_of(path)] += type_ignores(path)
    for app, n in sorted(ignores.items(), key=lambda item: (-item[1], item[0])):
        if n:
            print(f"{n:6d}  {app}")
    print(f"total: {sum(ignores.values())}")

    print("\n# Import cycles between modules inside each app (grimp; strongly connected groups)")
    cycles = module_cycles()
    for app, components in cycles.items():
        for component in components:
            short = [name.removeprefix(f"sexto.{app}.") for name in component]
            print(f"  {app}: {' <-> '.join(short)}")
    print(f"total: {sum(len(c) for c in cycles.values())} group(s)")

    print("\n# interventions/ by layer (modules per layer; form classes inside view modules)")
    for layer, in_layer in layer_modules("interventions").items():
        print(f"{len(in_layer):6d}  {layer}: {' '.join(in_layer)}")
    inline_forms = forms_in_view_modules("interventions")
    print(f"{len(inline_forms):6d}  form classes in view modules: " + ", ".join(inline_forms))

    print("\n# Problem schema classes in api/")
    schemas = problem_schemas()
    for line in schemas:
        print(f"  {line}")
    print(f"total: {len(schemas)}")


if __name__ == "__main__":
    # Another checkout (a worktree, a clone of an older commit) may be counted from this one.
    if len(sys.argv) > 1:
        SRC = Path(sys.argv[1]).resolve() / "src"
        PACKAGE = SRC / "sexto"
    main()
