#!/usr/bin/env bash
# `make load`: gunicorn on loopback with the seeds plus a synthetic corpus, and a mixed
# request stream for LOAD_DURATION seconds (default 60) from a second process. Fails on any
# error or 5xx. Uses its own database (an SQLite file in /tmp unless DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
# A free loopback port, unless one is given.
PORT=${LOAD_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
DURATION=${LOAD_DURATION:-60}
THREADS=${LOAD_THREADS:-16}
CORPUS=${LOAD_CORPUS:-2000}
RESULTS=benchmarks/results
mkdir -p "$RESULTS"

unset DJANGO_DEBUG
export DATABASE_URL=${DATABASE_URL:-sqlite:///${TMPDIR:-/tmp}/resolution-archive-load.sqlite3}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')}
export DJANGO_SECURE_SSL=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_LOG_LEVEL=WARNING   # the request log would cost more than the pages

echo "Database: $DATABASE_URL"
"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py load_resolutions --verbosity 0
if "$PY" manage.py help generate_corpus >/dev/null 2>&1; then
  echo "Synthetic corpus: $CORPUS resolutions (generate_corpus --seed 7)"
  "$PY" manage.py generate_corpus --resolutions "$CORPUS" --seed 7 --replace --verbosity 0
else
  echo "generate_corpus is not available: load test on the seed texts only."
fi
"$PY" manage.py collectstatic --noinput --verbosity 0

GUNICORN_BIND=127.0.0.1:$PORT .venv/bin/gunicorn archive.wsgi:application \
  -c scripts/gunicorn.conf.py >"$RESULTS/load-gunicorn.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
up=""
for _ in $(seq 1 100); do
  kill -0 "$server" 2>/dev/null || break
  if "$PY" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/healthz', timeout=1)" \
    2>/dev/null; then up=1; break; fi
  sleep 0.2
done
if [ -z "$up" ]; then
  echo "gunicorn did not start on 127.0.0.1:$PORT:"; tail -20 "$RESULTS/load-gunicorn.log"; exit 1
fi
echo "gunicorn (pid $server) on 127.0.0.1:$PORT, ${WEB_CONCURRENCY:-default} workers"

"$PY" benchmarks/load/client.py "http://127.0.0.1:$PORT" --duration "$DURATION" \
  --threads "$THREADS" --json "$RESULTS/load.json"
