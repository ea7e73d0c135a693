"""Settings for the test suite: the real settings, with a throw-away key and fast hashing."""

import os

os.environ.setdefault("DJANGO_TESTING", "1")

from archive.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files from the source folders: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
