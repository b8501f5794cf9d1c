#!/usr/bin/env bash
# Create .venv in the repo root and install the pinned dependencies and perfkb (idempotent).
set -euo pipefail
cd "$(dirname "$0")"
requirements="${1:-requirements.txt}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
