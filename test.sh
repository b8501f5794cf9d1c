#!/usr/bin/env bash
# Set up (venv, pinned packages, Debian's chromium and a CJK font for the browser test, LibreOffice
# for .doc files) and run the tests.
set -euo pipefail
cd "$(dirname "$0")"
bash setup.sh requirements-dev.txt
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" \
   || ! command -v soffice >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-zenhei \
    libreoffice-writer-nogui >/dev/null
fi
exec .venv/bin/python -m pytest -q tests "$@"
