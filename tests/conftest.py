"""Shared fixtures: the seed texts, what a careful reader finds in them, and a loaded archive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_DIR = FIXTURES / "seeds"
SEED_TRUTH = json.loads((FIXTURES / "seed-truth.json").read_text(encoding="utf-8"))


def seed_ids() -> list[str]:
    return [entry["file"] for entry in SEED_TRUTH]


@pytest.fixture
def seed_dir() -> Path:
    return SEED_DIR


@pytest.fixture
def seed_truth() -> dict[str, dict]:
    return {entry["file"]: entry for entry in SEED_TRUTH}


@pytest.fixture
def seeded(db):
    """The five seed resolutions loaded, as `make run` loads them."""
    call_command("load_resolutions", str(SEED_DIR), verbosity=0)
    from resolutions.models import Resolution

    return {r.source_name: r for r in Resolution.objects.all()}
