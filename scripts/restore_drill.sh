#!/usr/bin/env bash
# Restore drill: back up the configured database (or take the backup given),
# restore it into a fresh scratch database, check that every migration is
# applied and that the pages render, then drop the scratch database.
#
#   scripts/restore_drill.sh [BACKUP]
#
# Uses DATABASE_URL like the app (SQLite when unset). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

backup=${1:-}
if [ -z "$backup" ]; then
  backup="$work/drill-backup"
  "$PY" manage.py backup_database -o "$backup"
fi

url=${DATABASE_URL:-sqlite:///$PWD/db.sqlite3}
case "$url" in
  postgres://*|postgresql://*)
    scratch="luoshi_drill_$$"
    base=${url%/*}
    "$PY" scripts/pg_database.py create "$base/postgres" "$scratch"
    trap '"$PY" scripts/pg_database.py drop "$base/postgres" "$scratch"; rm -rf "$work"' EXIT
    drill_url="$base/$scratch"
    ;;
  *)
    drill_url="sqlite:///$work/drill.sqlite3"
    ;;
esac

echo "== restoring $backup into a fresh database"
DATABASE_URL="$drill_url" "$PY" manage.py restore_database "$backup" --yes
echo "== every migration applied?"
DATABASE_URL="$drill_url" "$PY" manage.py migrate --check
echo "== smoke test"
DATABASE_URL="$drill_url" "$PY" manage.py smoke_test
echo "Restore drill passed."
