#!/usr/bin/env bash
# `make run`: migrate, seed the demo, then the web server and the task worker side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
# Files created from here on (the SQLite database, its WAL, the worker log) are the owner's only;
# the settings also tighten var/ and a database created before (sexto.settings.localenv).
umask 077
export DJANGO_SETTINGS_MODULE=sexto.settings.dev
py=.venv/bin/python

$py manage.py migrate -v0
$py manage.py seed_demo
$py manage.py demo_logins

worker_loop() {
  # The task worker, plus the daily jobs once a day and the step reminders every five minutes
  # (production uses systemd timers instead).
  local last_daily="" last_reminders=0
  while true; do
    today=$(date +%F)
    if [ "$today" != "$last_daily" ]; then $py manage.py daily_jobs || true; last_daily=$today; fi
    if [ $(( $(date +%s) - last_reminders )) -ge 300 ]; then
      $py manage.py step_reminders >/dev/null || true; last_reminders=$(date +%s)
    fi
    $py manage.py db_worker --batch --no-startup-delay >>var/worker.log 2>&1 || true
    sleep 5
  done
}
worker_loop &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Sexto: http://127.0.0.1:8000 (Ctrl-C to stop; the data stays in var/db.sqlite3)"
$py manage.py runserver 127.0.0.1:8000 --noreload
