#!/usr/bin/env bash
# Set up (if needed), lint, and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Chromium for tests/test_browser.py; says why and carries on where it cannot install it.
scripts/setup-browser.sh || true
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The layers of the README's architecture picture (pyproject.toml, [tool.importlinter]).
.venv/bin/lint-imports
# As if the environment were activated: nbgrader runs its helpers (alembic) by name.
export PATH="$PWD/.venv/bin:$PATH"
# Two workers (CH2_TEST_JOBS to change): the end-to-end tests (nbgrader, the browser, the
# bundles) wait on programs of their own much of the time. A test module stays on one
# worker, so its module-scoped fixtures (one nbgrader course, one browser) are built once.
exec .venv/bin/python -m pytest -q -n "${CH2_TEST_JOBS:-2}" --dist loadfile "$@"
