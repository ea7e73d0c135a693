#!/usr/bin/env bash
# Generate a synthetic corpus of $BENCH_N resolutions (unless one of that size is loaded) in
# the database at $BENCH_DATABASE_URL, then run `manage.py benchmark` on it.
#   make bench                                   # 50,000 resolutions, SQLite file in /tmp
#   BENCH_N=2000 make bench                      # a small run
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_bench make bench
# Extra arguments go to the benchmark command: benchmarks/run.sh --repeat 50 --json out.json
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${BENCH_DATABASE_URL:-sqlite:////tmp/resolution-archive-bench.sqlite3}"
# DJANGO_TESTING: debug off (no query log), a throw-away key, plain HTTP, no static manifest.
export DJANGO_TESTING=1 DJANGO_LOG_LEVEL=WARNING
N="${BENCH_N:-50000}"
SEED="${BENCH_SEED:-1}"
PY=.venv/bin/python

# A PostgreSQL database named in the URL is created when it is not there yet.
$PY scripts/ensure_database.py
$PY manage.py migrate --noinput -v0
# The seed texts are the real paragraphs the generator recombines.
$PY manage.py load_resolutions >/dev/null || echo "Some seed texts did not load; continuing."
HAVE=$($PY manage.py shell --no-imports -c \
  "from resolutions.models import Resolution; print(Resolution.objects.filter(is_synthetic=True).count())")
if [ "$HAVE" != "$N" ]; then
  echo "Generating $N synthetic resolutions (seed $SEED) in $DATABASE_URL"
  $PY manage.py generate_corpus --resolutions "$N" --seed "$SEED" --replace
fi
if [[ "$DATABASE_URL" == postgres* ]]; then
  # Measure a vacuumed database: where autovacuum is off, earlier loader runs leave dead rows.
  $PY manage.py dbshell -- -c "VACUUM ANALYZE" >/dev/null || echo "VACUUM ANALYZE failed; continuing."
fi
echo "Load before the benchmark: $(uptime)"
$PY manage.py benchmark "$@"
