"""Curation as data (apply, export, round trip), sponsor aliases and series."""

from __future__ import annotations

import json
import shutil

import pytest
from django.core.management import call_command

from resolutions.models import (
    Body,
    Citation,
    ParagraphTopic,
    Resolution,
    ResolutionSymbol,
    Series,
    Sponsor,
    SponsorAlias,
    Topic,
)
from resolutions.services.curation import apply_curation, export_curation
from resolutions.services.loading import load_paths
from resolutions.services.series import suggest_series

from .conftest import SEED_DIR

pytestmark = pytest.mark.django_db

DRAFT_III = "003_d25e26241683bb6f.txt"
JAPAN_2015 = "000_6a8f4f2a8a747304.txt"
ECOSOC_2013 = "004_1011c7eb1daf6b56.txt"


def curation_document() -> dict:
    return {
        "version": 1,
        "sponsor_aliases": [{"alias": "Nippon", "sponsor": "Japan"}],
        "topics": [
            {"slug": "ct", "name": "Counter-terrorism", "parent": None, "rules": []},
            {
                "slug": "victims",
                "name": "Victims",
                "description": "Victims of terrorism",
                "parent": "ct",
                "rules": ["victims of terrorism"],
            },
        ],
        "series": [
            {
                "slug": "ta-ct",
                "name": "Technical assistance against terrorism",
                "description": "",
                "confirmed": True,
                "members": [JAPAN_2015, ECOSOC_2013],
            }
        ],
        "resolutions": [
            {
                "source": DRAFT_III,
                "fields": {
                    "symbol": "E/CN.15/2017/L.4",
                    "body": "CCPCJ",
                    "date": "2017-05-26",
                    "sponsors": ["Nippon"],
                },
                "other_symbols": [{"symbol": "A/RES/72/194", "kind": "adopted_as", "note": ""}],
                "reviewed": True,
            },
            {"source": "no-such-file.txt", "fields": {"title": "x"}},
        ],
        "paragraphs": [
            {
                "source": JAPAN_2015,
                "anchor": "op1",
                "fields": {"verb": "insist"},
                "topics_added": ["ct"],
                "topics_removed": ["victims"],
            }
        ],
        "citation_links": [
            {
                "source": DRAFT_III,
                "paragraph": None,
                "target_symbol": "A/RES/70/291",
                "target_source": JAPAN_2015,
                "status": "accepted",
            }
        ],
    }


def test_applying_a_curation_document(seeded):
    Body.objects.filter(code="CCPCJ").delete()  # an unknown code is made from the known list
    notes = apply_curation(curation_document(), label="test.json")
    assert any("no-such-file.txt" in note for note in notes)

    draft = Resolution.objects.get(source_name=DRAFT_III)
    assert draft.symbol == "E/CN.15/2017/L.4"
    assert draft.body.name == "Commission on Crime Prevention and Criminal Justice"
    assert draft.date.isoformat() == "2017-05-26"
    assert [s.sponsor.name for s in draft.sponsorships.all()] == ["Japan"]
    assert {"symbol", "body", "date", "sponsors"} <= set(draft.curated_fields)
    assert draft.reviewed
    assert ResolutionSymbol.objects.get(symbol="A/RES/72/194").resolution == draft

    series = Series.objects.get(slug="ta-ct")
    assert series.confirmed
    assert set(series.resolutions.values_list("source_name", flat=True)) >= {
        JAPAN_2015,
        ECOSOC_2013,
    }
    op1 = Resolution.objects.get(source_name=JAPAN_2015).paragraphs.get(anchor="op1")
    assert op1.verb == "insist" and "verb" in op1.curated_fields
    links = {link.topic.slug: link for link in ParagraphTopic.objects.filter(paragraph=op1)}
    assert links["ct"].source == "manual" and not links["ct"].excluded
    assert links["victims"].excluded
    assert Topic.objects.get(slug="victims").parent.slug == "ct"

    cited = Citation.objects.filter(resolution=draft, target_symbol="A/RES/70/291")
    assert cited.exists()
    assert all(c.target_curated and c.target.source_name == JAPAN_2015 for c in cited)

    # Idempotent: a second application changes nothing and says so.
    before = export_curation()
    again = apply_curation(curation_document(), label="test.json")
    assert all("no-such-file.txt" in note for note in again)
    assert export_curation() == before


def test_applied_values_survive_a_reload(db, tmp_path):
    source = tmp_path / DRAFT_III
    shutil.copyfile(SEED_DIR / DRAFT_III, source)
    load_paths([source])
    apply_curation({"version": 1, "resolutions": [{"source": DRAFT_III, "fields": {"year": 2016}}]})
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = load_paths([source])
    assert Resolution.objects.get(source_name=DRAFT_III).year == 2016
    assert any("year" in note for note in report.notes)


def test_sponsor_aliases_normalise_names_on_load(db, tmp_path):
    apply_curation({"version": 1, "sponsor_aliases": [{"alias": "Türkiye", "sponsor": "Turkey"}]})
    text = (SEED_DIR / JAPAN_2015).read_text(encoding="utf-8")
    assert "Japan: draft resolution" in text
    source = tmp_path / "renamed.txt"
    source.write_text(text.replace("Japan: draft", "Japan and Türkiye: draft", 1), "utf-8")
    load_paths([source])
    names = [s.sponsor.name for s in Resolution.objects.get().sponsorships.all()]
    assert names == ["Japan", "Turkey"]
    assert not Sponsor.objects.filter(name="Türkiye").exists()


def test_two_names_for_one_sponsor_are_stored_once_and_kept_on_reload(db, tmp_path):
    apply_curation({"version": 1, "sponsor_aliases": [{"alias": "Nippon", "sponsor": "Japan"}]})
    text = (SEED_DIR / JAPAN_2015).read_text(encoding="utf-8")
    source = tmp_path / "twice.txt"
    source.write_text(text.replace("Japan: draft", "Japan and Nippon: draft", 1), "utf-8")
    load_paths([source])
    resolution = Resolution.objects.get()
    stored = list(resolution.sponsorships.values_list("pk", "sponsor__name"))
    assert [name for _, name in stored] == ["Japan"]
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_paths([source])
    # The same sponsor, named twice: the rows are left as they were.
    assert list(resolution.sponsorships.values_list("pk", "sponsor__name")) == stored
    # With the sponsors curated, the source is not said to disagree with them.
    resolution.curated_fields = ["sponsors"]
    resolution.save(update_fields=["curated_fields"])
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = load_paths([source])
    assert not [note for note in report.notes if "sponsors" in note]


def test_a_later_alias_merges_a_sponsor_already_stored(seeded):
    turkiye = Sponsor.objects.create(name="Türkiye", slug="turkiye")
    seeded[JAPAN_2015].sponsorships.create(sponsor=turkiye, order=5)
    apply_curation({"version": 1, "sponsor_aliases": [{"alias": "Türkiye", "sponsor": "Turkey"}]})
    assert not Sponsor.objects.filter(pk=turkiye.pk).exists()
    assert Sponsor.objects.get(name="Turkey").resolutions.count() == 2
    assert SponsorAlias.objects.get(alias="Türkiye").sponsor.name == "Turkey"


def test_the_five_seeds_form_one_series(seeded):
    series = {r.series_id for r in Resolution.objects.all()}
    assert len(series) == 1 and None not in series
    assert Resolution.objects.count() == 5


def test_an_unrelated_text_stays_out_of_the_series(seeded, tmp_path):
    source = tmp_path / "oceans.txt"
    source.write_text(
        "Draft resolution\n\nOceans and the law of the sea\n\nThe General Assembly,\n\n"
        "Recalling its annual resolutions on the law of the sea,\n\n"
        "1. Calls upon States to conserve the living marine resources of the high seas;\n\n"
        "2. Encourages regional fisheries management organizations to share data on catches;\n\n"
        "3. Requests the Secretary-General to report to it at its next session on the "
        "implementation of the present resolution.\n",
        encoding="utf-8",
    )
    load_paths([source])
    oceans = Resolution.objects.get(source_name="oceans.txt")
    assert oceans.paragraphs.filter(kind="operative").count() == 3
    suggest_series()
    oceans.refresh_from_db()
    assert oceans.series is None
    assert Resolution.objects.exclude(pk=oceans.pk).values("series").distinct().count() == 1


def test_a_confirmed_series_is_never_broken_up_and_new_versions_join_it(seeded):
    draft, ecosoc = seeded[DRAFT_III], seeded[ECOSOC_2013]
    own = Series.objects.create(name="Curated", slug="curated", confirmed=True)
    Resolution.objects.filter(pk=draft.pk).update(series=own)
    # A curator put the 2013 text in a series of its own: it stays there.
    apart = Series.objects.create(name="Apart", slug="apart")
    Resolution.objects.filter(pk=ecosoc.pk).update(series=apart, curated_fields=["series"])
    suggest_series()
    draft.refresh_from_db()
    ecosoc.refresh_from_db()
    assert draft.series == own and ecosoc.series == apart
    others = Resolution.objects.exclude(pk__in=[draft.pk, ecosoc.pk])
    # The versions that were only suggested join the curator's series.
    assert set(others.values_list("series", flat=True)) <= {own.pk, apart.pk}
    assert others.count() == 3


def test_export_command_and_round_trip(seeded, tmp_path, settings):
    apply_curation(curation_document(), label="test.json")
    suggest_series()  # as a load does after applying curation files
    draft = Resolution.objects.get(source_name=DRAFT_III)
    citation = Citation.objects.filter(resolution=draft).exclude(paragraph=None).first()
    citation.target = seeded[ECOSOC_2013]
    citation.target_curated = True
    citation.save()
    curation_dir = tmp_path / "curation"
    output = curation_dir / "curated.json"
    call_command("export_curation", output=str(output), verbosity=0)
    exported = json.loads(output.read_text(encoding="utf-8"))
    assert exported["version"] == 1
    assert exported["citation_links"]
    assert {"alias": "Nippon", "sponsor": "Japan"} in exported["sponsor_aliases"]
    before = export_curation()

    # A fresh database: load the seeds with the exported file as the only curation file.
    for model in (Resolution, Topic, Series, SponsorAlias, Sponsor, Body):
        model.objects.all().delete()
    settings.RESOLUTIONS_CURATION_DIR = curation_dir
    call_command("load_resolutions", verbosity=0)
    assert export_curation() == before
    draft = Resolution.objects.get(source_name=DRAFT_III)
    assert draft.body.code == "CCPCJ" and draft.symbol == "E/CN.15/2017/L.4"
