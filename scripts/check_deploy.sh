#!/usr/bin/env bash
# `make check-deploy`: Django's deployment checks with a production-like environment (the
# one docs/operations.md documents); any warning fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=archive.settings
unset DJANGO_DEBUG DJANGO_SECURE_SSL DJANGO_HSTS_SECONDS DJANGO_SSL_REDIRECT DJANGO_TESTING
DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))') \
DJANGO_ALLOWED_HOSTS=archive.example.org \
DJANGO_CSRF_TRUSTED_ORIGINS=https://archive.example.org \
DJANGO_BEHIND_PROXY=1 \
  "$PY" manage.py check --deploy --fail-level WARNING
