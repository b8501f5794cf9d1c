#!/usr/bin/env bash
# Set up, build kb.db from data/, and serve it with Datasette at http://127.0.0.1:8001
set -euo pipefail
cd "$(dirname "$0")"
bash setup.sh requirements.txt
.venv/bin/python build_db.py --data data --db kb.db
exec .venv/bin/datasette serve -i kb.db -m metadata.yml --plugins-dir plugins -h 127.0.0.1 -p 8001 \
  --setting sql_time_limit_ms 1000 --setting max_returned_rows 1000 --setting suggest_facets off "$@"
