#!/usr/bin/env bash
# Start the background worker and the web server together; stopping one stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DIEUHANH_DEMO_LABEL="${DIEUHANH_DEMO_LABEL:-DỮ LIỆU DEMO — tỉnh giả định}"
ADDRESS="${DIEUHANH_ADDRESS:-127.0.0.1:8000}"

# Periodic jobs (recurring duties, reminders) need no extra service: queue the daily round
# once; each round queues the next one for the following morning (see ARCHITECTURE.md).
$PY manage.py schedule_jobs
$PY manage.py db_worker --no-reload --interval 2 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

$PY manage.py demo_logins
echo
echo "Điều hành đang chạy tại http://$ADDRESS/  (Ctrl+C để dừng máy chủ và tiến trình nền)"
$PY manage.py runserver "$ADDRESS" --noreload
