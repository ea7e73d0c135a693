"""`parse_resolution` prints a parse as JSON; a file it cannot read exits 1 with a message."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from .conftest import SEED_DIR, SEED_TRUTH

ROOT = Path(__file__).resolve().parent.parent


def parse(path: Path) -> dict:
    out = StringIO()
    call_command("parse_resolution", str(path), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("truth", SEED_TRUTH, ids=lambda t: t["file"])
def test_parse_output_agrees_with_the_truth(truth):
    data = parse(SEED_DIR / truth["file"])
    assert data["source"] == truth["file"]
    assert data["body"] == truth["body"]
    assert data["document_type"] == truth["document_type"]
    assert data["date"] == truth["date"]
    assert data["year"] == truth["year"]
    assert data["title"] == truth["title"]
    assert data["sponsors"] == truth["sponsors"]
    assert data["symbol"] == truth.get("symbol")
    kinds = [p["kind"] for p in data["paragraphs"]]
    assert kinds.count("preambular") == truth["preambular_count"]
    assert kinds.count("operative") == truth["operative_count"]
    verbs = [p["verb_phrase"] for p in data["paragraphs"] if p["kind"] == "operative"]
    assert verbs == truth["operative_verbs"]
    assert data["year_inferred"] == (truth["date"] is None)
    for citation in data["citations"]:
        assert set(citation) >= {"symbol", "text"}


def run_manage(*args: str) -> subprocess.CompletedProcess:
    env = {"DJANGO_SETTINGS_MODULE": "archive.test_settings", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unreadable_file_exits_1_with_a_message(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x9f\x92\x96 binary")
    result = run_manage("parse_resolution", str(bad))
    assert result.returncode == 1
    assert str(bad) in result.stderr
    assert result.stdout == ""


def test_missing_file_exits_1(tmp_path):
    result = run_manage("parse_resolution", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "no such file" in result.stderr.lower()
