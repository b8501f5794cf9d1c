#!/usr/bin/env bash
# Set up, build kb.db from data/, and serve it with Datasette at http://127.0.0.1:8001
set -euo pipefail
cd "$(dirname "$0")"
bash setup.sh requirements.txt
# LibreOffice converts old .doc files for the reader; without it they are reported unreadable.
if ! command -v soffice >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libreoffice-writer-nogui >/dev/null; } \
    || echo "warning: could not install LibreOffice (libreoffice-writer-nogui): .doc files will be unreadable" >&2
fi
.venv/bin/python build_db.py --data data --db kb.db
exec .venv/bin/datasette serve -i kb.db -m metadata.yml --plugins-dir plugins -h 127.0.0.1 -p 8001 \
  --setting sql_time_limit_ms 1000 --setting max_returned_rows 1000 --setting suggest_facets off "$@"
