"""`make mutation`: mutmut over the modules that decide who sees what and what is valid, each
against only its own tests, then each module's score. Not in CI (minutes per module).

    .venv/bin/python scripts/mutation.py [chain suppression verifier access]   (default: all)

mutmut 3 reads one configuration per directory (pyproject's [tool.mutmut]) and keeps its copy of
the project and its results in that directory's `mutants/`. So each module gets a workspace,
`mutants/<module>/`: links to the repository's `src` and `tests` and a pyproject.toml that is
the repository's plus the module's [tool.mutmut] table. A second run tests the mutants of
functions that changed and retests the last run's survivors (`access` names its mutants, so it
reruns them all). Inspect survivors
with `cd mutants/<module> && ../../.venv/bin/mutmut browse` (or `mutmut show NAME`).

Score = killed / (killed + survived + no tests), where killed includes timeouts and a "no tests"
mutant (no selected test even runs the line's function) counts as a survivor. See docs/mutation.md.
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORKSPACES = REPO / "mutants"
MUTMUT = REPO / ".venv" / "bin" / "mutmut"


@dataclass(frozen=True)
class Module:
    files: tuple[str, ...]  # what mutmut mutates
    tests: tuple[str, ...]  # its tests, and only those (missing paths are left out)
    mutants: tuple[str, ...] = ()  # mutant-name globs when only part of a file counts
    # mutmut's clock starts before each forked pytest sets Django up again (a test database per
    # mutant): its default allowance (15 x (test time + 1 s)) turns a loaded machine's slow
    # start into false "timeout" kills. An endless loop (a mutant of a `while`) still ends.
    timeout_constant: float = 40.0
    timeout_multiplier: float = 4.0


MODULES = {
    "chain": Module(
        files=("src/sexto/audit/chain.py",),
        tests=(
            "tests/audit/test_chain.py",
            "tests/audit/test_audit_verify.py",
            "tests/audit/test_prune.py",
        ),
    ),
    "suppression": Module(
        files=("src/sexto/stats/suppression.py",),
        tests=("tests/stats/test_suppression.py",),
        # No database, but each mutant's properties are slow: a mutant that loops (a `while`
        # whose exit was mutated) must not hold a worker for minutes.
        timeout_constant=5.0,
        timeout_multiplier=2.0,
    ),
    "verifier": Module(
        files=("src/sexto/credentials/ob3/verify.py",),
        tests=("tests/credentials/ob3/",),
    ),
    "access": Module(
        files=(
            "src/sexto/interventions/permissions.py",
            "src/sexto/interventions/selectors/cases.py",
        ),
        tests=(
            "tests/interventions/test_access.py",
            "tests/interventions/test_access_rules.py",
            "tests/interventions/test_case_views.py",
            "tests/interventions/test_grants_services.py",
            "tests/interventions/test_grants_views.py",
            "tests/interventions/test_team_services.py",
            "tests/interventions/test_team_views.py",
            "tests/training/simulations/test_simulation_views.py",
        ),
        mutants=(
            "sexto.interventions.permissions.*",
            "sexto.interventions.selectors.cases.x_case_get_for__mutmut_*",
        ),
    ),
}

KILLED = {"killed", "timeout", "caught by type check"}
SURVIVED = {"survived", "no tests", "suspicious", "segfault"}


def _status(exit_code: int | None) -> str:
    from mutmut.stats import status_by_exit_code  # the tool's own reading of its exit codes

    return str(status_by_exit_code[exit_code])


def workspace_prepare(name: str, module: Module) -> Path:
    """mutants/<name>/ with links to src and tests and the module's mutmut configuration."""
    workspace = WORKSPACES / name
    workspace.mkdir(parents=True, exist_ok=True)
    for linked in ("src", "tests"):
        link = workspace / linked
        if not link.exists() and not link.is_symlink():
            link.symlink_to(REPO / linked, target_is_directory=True)
    tests = [t for t in module.tests if (REPO / t).exists()]
    table = {
        "source_paths": ["src"],
        "only_mutate": list(module.files),
        "pytest_add_cli_args_test_selection": tests,
        "use_git_change_detection": False,
        "timeout_constant": module.timeout_constant,
        "timeout_multiplier": module.timeout_multiplier,
    }
    lines = [f"{key} = {json.dumps(value)}" for key, value in table.items()]
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    config += "\n[tool.mutmut]\n" + "\n".join(lines) + "\n"
    tomllib.loads(config)  # a typo here would otherwise surface deep inside mutmut
    target = workspace / "pyproject.toml"
    if not target.exists() or target.read_text(encoding="utf-8") != config:
        target.write_text(config, encoding="utf-8")
    return workspace


def module_results(name: str, module: Module) -> dict[str, str]:
    """Each mutant of the module's last run (if any) with its status."""
    results: dict[str, str] = {}
    for file in module.files:
        meta = WORKSPACES / name / "mutants" / (file + ".meta")
        if not meta.exists():
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for mutant, exit_code in codes.items():
            if module.mutants and not any(fnmatch.fnmatch(mutant, g) for g in module.mutants):
                continue
            results[mutant] = _status(exit_code)
    return results


def module_run(name: str, module: Module, *, jobs: int) -> int:
    """Run mutmut on the module: new or changed functions' mutants, then last run's survivors
    again (mutmut keeps a verdict until the function changes, even when tests were added)."""
    workspace = workspace_prepare(name, module)
    survivors = [m for m, status in module_results(name, module).items() if status in SURVIVED]
    mutmut = [str(MUTMUT), "run", "--max-children", str(jobs)]
    # Hypothesis properties run once per mutant: a twentieth of their examples (see the tests).
    os.environ.setdefault("SEXTO_HYPOTHESIS_SCALE", "0.05")
    print(f"== {name}: {' '.join(module.files)}", flush=True)
    # A fixed command: our own mutmut, with module names from the table above.
    code = subprocess.run([*mutmut, *module.mutants], cwd=workspace, check=False).returncode  # noqa: S603
    if code == 0 and survivors and not module.mutants:  # named mutants were all just rerun
        print(f"== {name}: {len(survivors)} survivors of the last run, with today's tests")
        code = subprocess.run([*mutmut, *survivors], cwd=workspace, check=False).returncode  # noqa: S603
    return code


def module_score(name: str, module: Module) -> str:
    """The module's score line: the score, then its mutants' counts by status."""
    counts: dict[str, int] = {}
    for status in module_results(name, module).values():
        counts[status] = counts.get(status, 0) + 1
    killed = sum(n for s, n in counts.items() if s in KILLED)
    decided = killed + sum(n for s, n in counts.items() if s in SURVIVED)
    score = f"{100 * killed / decided:.0f} %" if decided else "no result"
    detail = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return f"{name}: {score} ({killed}/{decided} killed; {detail})"


def main(argv: list[str]) -> int:
    names = argv or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        print(f"Unknown module {', '.join(unknown)}: choose from {', '.join(MODULES)}.")
        return 2
    jobs = int(os.environ.get("MUTATION_JOBS", "2"))
    failed = []
    for name in names:
        if module_run(name, MODULES[name], jobs=jobs) != 0:
            failed.append(name)
    print("\nMutation scores (survivors: cd mutants/<module> && ../../.venv/bin/mutmut browse)")
    for name in names:
        print("  " + module_score(name, MODULES[name]))
    if failed:
        print(f"mutmut failed for {', '.join(failed)} (see its output above).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
