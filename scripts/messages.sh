#!/usr/bin/env bash
# Extract messages into the fr and en catalogues, fill English from the msgids, compile.
# French translations come from the JSON file given as $1 (entries already in the .po are kept).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd src/sexto && ../../.venv/bin/python ../../manage.py makemessages -l fr -l en --no-obsolete \
  --add-location file -v0)
.venv/bin/python scripts/po_fill.py "${1:-/dev/null}"
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
