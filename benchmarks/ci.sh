#!/usr/bin/env bash
# The CI benchmark: N=200, then N=2,000, on the database at $DATABASE_URL. It prints the
# figures (never failing on timings) and fails if any page runs more SQL queries at 2,000
# resolutions than at 200: queries per page must not grow with the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_TESTING=1 DJANGO_LOG_LEVEL=WARNING
PY=.venv/bin/python
OUT=benchmarks/results
mkdir -p "$OUT"
VENDOR=$($PY -c "import dj_database_url, os; print(dj_database_url.parse(os.environ.get('DATABASE_URL', 'sqlite:///x'))['ENGINE'].rsplit('.', 1)[1])")
ARGS=(--repeat 10 --naive-repeat 1 --pages 10 --loader 20)

$PY manage.py migrate --noinput -v0
$PY manage.py load_resolutions >/dev/null || echo "Some seed texts did not load; continuing."
$PY manage.py generate_corpus --resolutions 200 --seed 1 --replace
$PY manage.py benchmark "${ARGS[@]}" --json "$OUT/ci-$VENDOR-200.json" >/dev/null
$PY manage.py generate_corpus --resolutions 2000 --seed 1 --replace
$PY manage.py benchmark "${ARGS[@]}" --json "$OUT/ci-$VENDOR-2000.json" \
  --compare "$OUT/ci-$VENDOR-200.json"
$PY manage.py generate_corpus --remove
