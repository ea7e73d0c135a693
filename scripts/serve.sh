#!/usr/bin/env bash
# `make serve`: the archive as production runs it (debug off, gunicorn, whitenoise serving
# compressed, hashed static files), on this machine's loopback address.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

unset DJANGO_DEBUG
if [ -z "${DJANGO_SECRET_KEY:-}" ] && [ -z "${DJANGO_SECRET_KEY_FILE:-}" ]; then
  # No key given: keep a generated one for this checkout, inside the git-ignored .venv/.
  key_file=.venv/secret-key
  if [ ! -s "$key_file" ]; then
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file")
    echo "DJANGO_SECRET_KEY is not set: generated a local one in $key_file (git-ignored)."
  else
    echo "DJANGO_SECRET_KEY is not set: using the local one in $key_file."
  fi
  export DJANGO_SECRET_KEY_FILE=$key_file
fi
# Plain HTTP on loopback; behind a TLS-terminating proxy set DJANGO_SECURE_SSL=1 and
# DJANGO_BEHIND_PROXY=1 (docs/operations.md).
export DJANGO_SECURE_SSL=${DJANGO_SECURE_SSL:-0}

"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py migrate --noinput
"$PY" manage.py load_resolutions --verbosity 0 || echo "Some texts could not be loaded (see above)."
echo "Serving http://$HOST:$PORT/ with gunicorn (Ctrl-C stops it)."
exec .venv/bin/gunicorn archive.wsgi:application -c scripts/gunicorn.conf.py --bind "$HOST:$PORT"
