# Sexto: two commands. `make run` for a living demo, `make test` for everything CI checks.
.PHONY: run test lint imports architecture types pytest security totp lock messages vendor bench audit mutation interop clean

run:
	@scripts/bootstrap.sh run
	@scripts/run-dev.sh

# pytest-xdist: one worker per core (auto), PYTEST_WORKERS=0 for a single process. Tests that share
# something run on one worker (xdist groups, tests/conftest.py).
PYTEST_WORKERS ?= auto
# The 1EdTech OB 2.0 validator's own venv (scripts/bootstrap.sh test makes it).
export OB2_VALIDATOR_PYTHON ?= $(CURDIR)/.venv-ob2/bin/python

test:
	@scripts/bootstrap.sh test
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	.venv/bin/mypy src
	.venv/bin/mypy --strict src/sexto/core src/sexto/audit src/sexto/interventions/grid src/sexto/credentials/ob3
	PYTHONPATH=src .venv/bin/lint-imports --no-cache
	@start=$$(date +%s); .venv/bin/bandit -q -c pyproject.toml -r src -ll && \
	  echo "gate bandit (no medium or high finding): ok in $$(( $$(date +%s) - start )) s"
	.venv/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check src tests bench && .venv/bin/ruff format --check src tests bench

# Security gate: bandit fails on any medium or high finding (exceptions carry a `# nosec` with why).
security:
	.venv/bin/bandit -q -c pyproject.toml -r src -ll

# DESIGN.md's import table (contracts in pyproject.toml).
imports:
	PYTHONPATH=src .venv/bin/lint-imports --no-cache

# docs/architecture.md's diagram, generated from the import contracts in pyproject.toml (run it
# after changing a contract; tests/test_architecture_doc.py fails until the doc is updated).
architecture:
	.venv/bin/python scripts/architecture.py --write

# Strict on the foundations (core, audit), the pure grid and the credentials' crypto core.
types:
	.venv/bin/mypy src
	.venv/bin/mypy --strict src/sexto/core src/sexto/audit src/sexto/interventions/grid src/sexto/credentials/ob3

pytest:
	.venv/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The current code of the demo accounts' shared TOTP secret.
totp:
	@.venv/bin/python manage.py demo_totp

# Refresh the hashed locks after editing requirements/*.in (needs uv: pip install uv).
lock:
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes -q base.in -o base.txt
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes -q dev.in -o dev.txt

# Extract, fill English, compile; FR=path/to/translations.json adds French msgstrs.
messages:
	scripts/messages.sh $(FR)

vendor:
	npm ci --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js src/sexto/static/vendor/htmx.min.js

bench:
	.venv/bin/python bench/grid.py

# Mutation testing (not in CI; minutes per module): mutmut over the modules that decide who sees
# what and what is valid, each against its own tests; prints each module's score (docs/mutation.md).
# MODULES="chain suppression" picks some of chain, suppression, verifier, access.
mutation:
	@.venv/bin/python -c "import mutmut" 2>/dev/null || .venv/bin/pip install -q --require-hashes -r requirements/dev.txt
	nice -n 15 .venv/bin/python scripts/mutation.py $(MODULES)

# What independent verifiers make of a freshly issued badge (issue 17; docs/interop.md): DCC
# verifier-core, openbadgeslib, the 1EdTech OB 2.0 validator. Output for a closing note.
interop:
	.venv/bin/python scripts/interop_report.py

# For deployers with network access to a vulnerability database (not in CI: no such access here).
audit:
	.venv/bin/pip install -q pip-audit && .venv/bin/pip-audit --strict -r requirements/base.txt

clean:
	rm -rf .venv var .mypy_cache .ruff_cache
