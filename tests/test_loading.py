"""`load_resolutions`: idempotent, transactional per file, clear about bad input."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resolutions.models import Citation, Footnote, Paragraph, Resolution, Sponsor, Sponsorship

from .conftest import SEED_DIR, SEED_TRUTH

pytestmark = pytest.mark.django_db

MODELS = (Resolution, Paragraph, Footnote, Citation, Sponsor, Sponsorship)


def snapshot() -> dict[str, list]:
    """Every row the loader writes, so a test can prove nothing changed."""
    return {m.__name__: sorted(map(repr, m.objects.values_list())) for m in MODELS}


def load(*paths, **options) -> str:
    out = StringIO()
    call_command("load_resolutions", *map(str, paths), stdout=out, stderr=out, **options)
    return out.getvalue()


def test_loads_every_seed_with_its_paragraphs():
    output = load(SEED_DIR)
    assert "5 loaded, 0 updated, 0 unchanged, 0 failed" in output
    for truth in SEED_TRUTH:
        resolution = Resolution.objects.get(source_name=truth["file"])
        paragraphs = resolution.paragraphs
        assert paragraphs.filter(kind="preambular").count() == truth["preambular_count"]
        assert paragraphs.filter(kind="operative").count() == truth["operative_count"]
        assert resolution.year == truth["year"]
        assert resolution.title == truth["title"]
        assert [s.sponsor.name for s in resolution.sponsorships.all()] == truth["sponsors"]


def test_default_path_is_the_seed_directory():
    assert "5 loaded" in load()


def test_loading_twice_changes_nothing():
    load(SEED_DIR)
    before = snapshot()
    output = load(SEED_DIR)
    assert "0 loaded, 0 updated, 5 unchanged, 0 failed" in output
    assert snapshot() == before


def test_changed_file_is_reparsed_and_keeps_its_slug(tmp_path):
    source = tmp_path / "seed.txt"
    shutil.copy(SEED_DIR / "004_1011c7eb1daf6b56.txt", source)
    load(source)
    resolution = Resolution.objects.get(source_name="seed.txt")
    slug, pk = resolution.slug, resolution.pk
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("15. Also requests", "15. Further requests"), encoding="utf-8")

    assert "1 updated" in load(source)
    resolution.refresh_from_db()
    assert (resolution.slug, resolution.pk) == (slug, pk)
    last = resolution.paragraphs.get(anchor="op15")
    assert last.verb_phrase == "Further requests"
    assert Resolution.objects.count() == 1


def test_dry_run_writes_nothing():
    output = load(SEED_DIR, dry_run=True)
    assert "Dry run, nothing written: 5 loaded" in output
    assert all(not rows for rows in snapshot().values())


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"  \n\n\t \n",
    "binary.txt": bytes(range(256)) * 4,
    "latin1.txt": "The General Assembly,\n\nRecalling caf\xe9,\n\n1. Urges all.\n".encode(
        "latin-1"
    ),
    "no-operative.txt": b"The General Assembly,\n\nRecalling its resolution 68/187,\n",
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_file_is_reported_and_good_files_still_load(tmp_path, name):
    shutil.copy(SEED_DIR / "000_6a8f4f2a8a747304.txt", tmp_path / "good.txt")
    (tmp_path / name).write_bytes(BAD_INPUTS[name])
    out = StringIO()
    with pytest.raises(CommandError, match="could not be loaded"):
        call_command("load_resolutions", str(tmp_path), stdout=out, stderr=out)
    output = out.getvalue()
    assert f"failed     {tmp_path / name}:" in output
    assert "1 loaded" in output and "1 failed" in output
    assert list(Resolution.objects.values_list("source_name", flat=True)) == ["good.txt"]


def test_bad_input_leaves_the_database_as_it_was(tmp_path):
    load(SEED_DIR)
    before = snapshot()
    (tmp_path / "000_6a8f4f2a8a747304.txt").write_bytes(b"\x00\x01 not a resolution")
    with pytest.raises(CommandError):
        load(tmp_path)
    assert snapshot() == before


def test_missing_path_is_reported(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("load_resolutions", str(tmp_path / "nope.txt"), stdout=out, stderr=out)
    assert "no such file or directory" in out.getvalue()


def test_duplicate_symbol_in_two_files_fails_the_second(tmp_path):
    text = (SEED_DIR / "004_1011c7eb1daf6b56.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(text)
    (tmp_path / "b.txt").write_bytes(text + b"\n")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("load_resolutions", str(tmp_path), stdout=out, stderr=out)
    assert "E/RES/2013/32 already belongs to the resolution loaded from a.txt" in out.getvalue()
    assert Resolution.objects.get().source_name == "a.txt"


def test_empty_directory_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No resolution files found"):
        load(tmp_path)


def test_footnotes_and_citations_are_attached(seeded):
    resolution = seeded["000_6a8f4f2a8a747304.txt"]
    footnote = resolution.footnotes.get(marker="1")
    assert footnote.text == "Resolution 60/288."
    assert footnote.paragraph is not None
    assert "Global Counter-Terrorism Strategy" in footnote.paragraph.text
    [marker, offset] = footnote.paragraph.footnote_refs[0]
    assert marker == "1"
    assert footnote.paragraph.text[:offset].endswith("Strategy")


def test_unused_path_argument_types(tmp_path):
    """A directory's non-text files are ignored, so a README beside the texts is harmless."""
    shutil.copy(SEED_DIR / "000_6a8f4f2a8a747304.txt", tmp_path / "a.txt")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert "1 loaded, 0 updated, 0 unchanged, 0 failed" in load(Path(tmp_path))


def test_curated_values_survive_a_changed_source(tmp_path):
    source = tmp_path / "seed.txt"
    shutil.copy(SEED_DIR / "000_6a8f4f2a8a747304.txt", source)
    load(source)
    resolution = Resolution.objects.get(source_name="seed.txt")
    resolution.title = "Curated title"
    resolution.curated_fields = ["title"]
    resolution.save()
    paragraph = resolution.paragraphs.get(anchor="op2")
    paragraph.verb, paragraph.curated_fields = "implore", ["verb"]
    paragraph.save()
    paragraph_ids = set(resolution.paragraphs.values_list("pk", flat=True))

    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "#### **Technical assistance for implementing", "#### **Assistance for implementing"
    )
    source.write_text(text.replace("2. *Urges* Member States", "2. *Calls upon* Member States"))
    output = load(source)

    resolution.refresh_from_db()
    paragraph.refresh_from_db()
    assert resolution.title == "Curated title"
    assert paragraph.verb == "implore"
    assert paragraph.verb_phrase == "Calls upon"  # not curated: follows the source
    assert set(resolution.paragraphs.values_list("pk", flat=True)) == paragraph_ids
    assert "kept the curated title 'Curated title'" in output
    assert "Assistance for implementing" in output
    assert "op2: kept the curated verb 'implore'; the source now says 'call upon'" in output
