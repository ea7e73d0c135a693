"""Bad input, nothing lost: the loader against a matrix of broken, odd and racing input.

For every case: a clear message naming the file, a non-zero exit when anything failed, the
good files loaded, and every row already in the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import traceback
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from resolutions.models import Citation, Footnote, Paragraph, Resolution, Sponsor, Sponsorship
from resolutions.services import loading

from .conftest import SEED_DIR, SEED_TRUTH

MODELS = (Resolution, Paragraph, Footnote, Citation, Sponsor, Sponsorship)
GOOD_SEED = "004_1011c7eb1daf6b56.txt"  # E/RES/2013/32
ACCEPTED_ENCODINGS = "Accepted encodings: UTF-8"


def snapshot(exclude_sources: set[str] = frozenset()) -> dict[str, list]:
    """Every row the loader writes, except those of resolutions loaded from `exclude_sources`
    (the good files a case adds), so a test can prove nothing else changed."""
    skip = set(
        Resolution.objects.filter(source_name__in=exclude_sources).values_list("pk", flat=True)
    )
    rows = {}
    for model in MODELS:
        qs = model.objects.all()
        if model is Resolution:
            qs = qs.exclude(pk__in=skip)
        elif model is not Sponsor:
            qs = qs.exclude(resolution__in=skip)
        rows[model.__name__] = sorted(map(repr, qs.values_list()))
    return rows


def run_loader(*paths) -> tuple[int, str]:
    """Run load_resolutions as the command line would: (exit status, everything it printed)."""
    out = StringIO()
    try:
        call_command("load_resolutions", *map(str, paths), stdout=out, stderr=out)
    except CommandError as exc:
        return 1, out.getvalue() + str(exc)
    return 0, out.getvalue()


def utf16_text() -> bytes:
    text = (SEED_DIR / GOOD_SEED).read_text(encoding="utf-8")
    return text.replace("E/RES/2013/32", "E/RES/2013/99").encode("utf-16")  # with a BOM


def big_text() -> bytes:
    """A 20 MB text: a real resolution with one enormous preambular paragraph."""
    seed = (SEED_DIR / GOOD_SEED).read_text(encoding="utf-8").replace("2013/32", "2013/98")
    filler = " the work described above in great detail, for a test only,"
    repeat = (20 * 1024 * 1024 - len(seed)) // len(filler) + 1
    head, tail = seed.split("\n- 1. ", 1)
    return (head + "\n\nNoting" + filler * repeat + "\n- 1. " + tail).encode("utf-8")


# name: (file contents, None when the file is accepted, else words of the expected message)
CASES: dict[str, tuple] = {
    "empty": (b"", "is empty: there is no resolution text"),
    "whitespace": (b"  \n\n\t \r\n", "is empty: there is no resolution text"),
    "binary": (bytes(range(256)) * 16, "looks like a binary file"),
    "latin-1": (
        "The General Assembly,\n\nRecalling café,\n\n1. Urges all States.\n".encode("latin-1"),
        "is not UTF-8 text",
    ),
    "utf-16 with BOM": (utf16_text, None),
    "no operative paragraphs": (
        b"The General Assembly,\n\nRecalling its resolution 68/187,\n",
        "No operative paragraphs found",
    ),
    "20 MB": (big_text, None),
}


@pytest.fixture
def archive(db):
    call_command("load_resolutions", str(SEED_DIR), verbosity=0)


@pytest.mark.parametrize("case", CASES)
def test_each_bad_input_beside_a_good_file(archive, tmp_path, case):
    contents, expected = CASES[case]
    data = contents() if callable(contents) else contents
    bad = tmp_path / "case.txt"
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    shutil.copy(SEED_DIR / "000_6a8f4f2a8a747304.txt", good)
    before = snapshot()

    status, output = run_loader(tmp_path)

    loaded = set(Resolution.objects.values_list("source_name", flat=True))
    assert "good.txt" in loaded, output
    if expected is None:
        assert status == 0, output
        assert "case.txt" in loaded
        assert "0 failed" in output
        stored = Resolution.objects.get(source_name="case.txt")
        assert stored.paragraphs.filter(kind="operative").exists()
        assert stored.source_sha256 == hashlib.sha256(data).hexdigest()  # all of it
        excluded = {"good.txt", "case.txt"}
    else:
        assert status == 1, output
        assert f"failed     {bad}: " in output
        assert expected in output
        assert "1 failed" in output and "could not be loaded" in output
        assert "case.txt" not in loaded
        excluded = {"good.txt"}
    assert snapshot(excluded) == before


def test_bad_text_does_not_replace_a_good_one_of_the_same_name(archive, tmp_path):
    """A broken copy of an already loaded file fails; the stored text stays as it was."""
    before = snapshot()
    for contents, _ in (CASES["binary"], CASES["latin-1"], CASES["empty"]):
        (tmp_path / GOOD_SEED).write_bytes(contents)
        status, output = run_loader(tmp_path / GOOD_SEED)
        assert status == 1 and "failed" in output
    assert snapshot() == before


def test_duplicate_symbol_in_two_files(archive, tmp_path):
    text = (SEED_DIR / GOOD_SEED).read_bytes()
    (tmp_path / "copy.txt").write_bytes(text + b"\n")
    before = snapshot()
    status, output = run_loader(tmp_path / "copy.txt")
    assert status == 1
    assert f"E/RES/2013/32 already belongs to the resolution loaded from {GOOD_SEED}" in output
    assert snapshot() == before


def test_directory_mixing_good_and_bad_files(archive, tmp_path):
    names = {}
    for case, (contents, expected) in CASES.items():
        if case == "20 MB":
            continue  # loaded on its own above; here it would only make the test slow
        name = case.replace(" ", "-") + ".txt"
        (tmp_path / name).write_bytes(contents() if callable(contents) else contents)
        names[name] = expected
    shutil.copy(SEED_DIR / "000_6a8f4f2a8a747304.txt", tmp_path / "good-a.txt")
    shutil.copy(SEED_DIR / "002_03476eb8016d4d2c.txt", tmp_path / "good-b.md")
    (tmp_path / "README.pdf").write_bytes(b"%PDF-1.4 not a resolution")  # ignored: not text
    before = snapshot()

    status, output = run_loader(tmp_path)

    bad = [name for name, expected in names.items() if expected]
    accepted = [name for name, expected in names.items() if not expected]
    assert status == 1
    for name in bad:
        assert f"failed     {tmp_path / name}: " in output
        assert names[name] in output
    loaded = set(Resolution.objects.values_list("source_name", flat=True))
    assert {"good-a.txt", "good-b.md", *accepted} <= loaded
    assert not loaded & set(bad)
    assert f"{len(bad)} failed" in output
    assert snapshot({"good-a.txt", "good-b.md", *accepted}) == before


def test_a_file_removed_while_loading(archive, tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED_DIR / "000_6a8f4f2a8a747304.txt", tmp_path / name)
        text = (tmp_path / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text + f"\n<!-- {name} -->\n", encoding="utf-8")
    real_load_file = loading.load_file

    def load_then_remove_b(path: Path, **kwargs):
        result = real_load_file(path, **kwargs)
        if path.name == "a.txt":
            (tmp_path / "b.txt").unlink()  # gone after the directory was listed
        return result

    monkeypatch.setattr(loading, "load_file", load_then_remove_b)
    before = snapshot()
    status, output = run_loader(tmp_path)
    assert status == 1
    assert f"failed     {tmp_path / 'b.txt'}: no such file" in output
    loaded = set(Resolution.objects.values_list("source_name", flat=True))
    assert {"a.txt", "c.txt"} <= loaded and "b.txt" not in loaded
    assert snapshot({"a.txt", "c.txt"}) == before


def test_a_missing_path_among_good_ones(archive, tmp_path):
    shutil.copy(SEED_DIR / "000_6a8f4f2a8a747304.txt", tmp_path / "good.txt")
    status, output = run_loader(tmp_path / "nope.txt", tmp_path / "good.txt")
    assert status == 1
    assert "nope.txt: no such file or directory" in output
    assert Resolution.objects.filter(source_name="good.txt").exists()


@pytest.mark.django_db(transaction=True)
def test_two_loaders_at_once(tmp_path):
    """Two loaders on the same texts at the same time (threads, each with its own database
    connection on a file database): every text ends up stored once and complete; a loader
    that lost a race says so, and loading again finds nothing left to do."""
    texts = tmp_path / "texts"
    shutil.copytree(SEED_DIR, texts)
    outputs: dict[str, tuple[int, str]] = {}
    start = threading.Barrier(2)

    def loader(name: str) -> None:
        try:
            start.wait()
            outputs[name] = run_loader(texts)
        except Exception:  # a crash, not a reported failure: keep it for the assertion
            outputs[name] = (2, traceback.format_exc())
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=loader, args=(n,)) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(outputs) == {"first", "second"}, "a loader did not finish"

    for status, output in outputs.values():
        assert status != 2 and "Traceback" not in output, output[-1500:]
        if status:
            assert "failed     " in output and "could not be loaded" in output
    truth = {entry["file"]: entry for entry in SEED_TRUTH}
    assert sorted(Resolution.objects.values_list("source_name", flat=True)) == sorted(truth)
    for resolution in Resolution.objects.all():
        expected = truth[resolution.source_name]
        paragraphs = resolution.paragraphs
        assert paragraphs.filter(kind="operative").count() == expected["operative_count"]
        assert paragraphs.filter(kind="preambular").count() == expected["preambular_count"]

    status, output = run_loader(texts)
    assert status == 0 and "0 loaded, 0 updated, 5 unchanged, 0 failed" in output
