#!/usr/bin/env bash
# Set up and run the test suite.
set -euo pipefail
cd "$(dirname "$0")"
bash setup.sh requirements-dev.txt
exec .venv/bin/python -m pytest -q tests "$@"
