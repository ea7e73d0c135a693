"""The serving process's garbage collector settings, and the benchmark's use of them."""

import gc
import os
import subprocess
import sys
from pathlib import Path

from archive.serving import YOUNG_THRESHOLD, garbage_collector_as_served

ROOT = Path(__file__).resolve().parent.parent


def test_the_block_serves_with_a_frozen_heap_and_restores_the_collector():
    before = gc.get_threshold()
    with garbage_collector_as_served():
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_wsgi_application_is_served_with_those_settings():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", "DJANGO_TESTING": "1"}
    script = "import gc, archive.wsgi; print(gc.get_threshold()[0], gc.get_freeze_count())"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    threshold, frozen = map(int, out.stdout.split())
    assert threshold == YOUNG_THRESHOLD
    assert frozen > 10_000  # Django and the URLconf's modules
