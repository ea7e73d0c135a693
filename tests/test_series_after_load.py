"""After a load, only the loaded texts are placed in series, among their relatives."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from resolutions.models import Resolution, Series
from resolutions.services import series

from .conftest import SEED_DIR

pytestmark = pytest.mark.django_db

CCPCJ_2023 = "001_6b47e71a225dbcd2.txt"
ECOSOC_2013_NUMBER = "2013/32"  # E/RES/2013/32, the seed 004_1011c7eb1daf6b56.txt

OCEANS = (
    "Draft resolution\n\nOceans and the law of the sea\n\nThe General Assembly,\n\n"
    "Recalling its annual resolutions on the law of the sea,\n\n"
    "1. Calls upon States to conserve the living marine resources of the high seas;\n\n"
    "2. Encourages regional fisheries management organizations to share data on catches;\n\n"
    "3. Requests the Secretary-General to report to it at its next session on the "
    "implementation of the present resolution.\n"
)


@pytest.fixture
def compared(monkeypatch) -> list[set[int]]:
    """The resolutions whose paragraphs each series suggestion compared."""
    calls: list[set[int]] = []
    real = series.shared_paragraphs

    def spy(paragraphs, *args):
        calls.append({resolution_id for _, resolution_id, _ in paragraphs})
        return real(paragraphs, *args)

    monkeypatch.setattr(series, "shared_paragraphs", spy)
    return calls


@pytest.fixture
def archive(seeded, tmp_path) -> dict[str, Resolution]:
    """The seeds, which form one series, and an unrelated text."""
    oceans = tmp_path / "oceans.txt"
    oceans.write_text(OCEANS, encoding="utf-8")
    call_command("load_resolutions", str(oceans), verbosity=0)
    return {r.source_name: r for r in Resolution.objects.all()}


def next_version(tmp_path, name: str, title: str | None = None) -> Resolution:
    """A later version of the 2023 seed (a year on), loaded on its own; with `title`, renamed,
    and recalling the 2013 seed, as a recurring resolution recalls its predecessors."""
    text = (SEED_DIR / CCPCJ_2023).read_text(encoding="utf-8")
    text = text.replace("Thirty-second session", "Thirty-third session")
    text = text.replace("26 May 2023", "26 May 2024")
    if title is not None:
        old_title = Resolution.objects.get(source_name=CCPCJ_2023).title
        assert old_title in text and "Recalling the Declaration" in text
        text = text.replace(old_title, title).replace(
            "Recalling the Declaration",
            f"Recalling Economic and Social Council resolution {ECOSOC_2013_NUMBER} "
            "of 25 July 2013,\n\nRecalling the Declaration",
        )
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    call_command("load_resolutions", str(source), verbosity=0)
    return Resolution.objects.get(source_name=name)


def test_a_new_version_joins_its_series_without_reading_unrelated_texts(
    archive, tmp_path, compared
):
    the_series = archive[CCPCJ_2023].series
    assert the_series is not None and archive["oceans.txt"].series is None
    new = next_version(tmp_path, "ccpcj-2024.txt")
    assert new.series == the_series
    assert compared, "the new text was compared with nothing"
    read = set().union(*compared)
    assert new.pk in read and archive[CCPCJ_2023].pk in read
    assert archive["oceans.txt"].pk not in read
    # Nothing else moved.
    assert set(
        Resolution.objects.exclude(pk=archive["oceans.txt"].pk).values_list("series", flat=True)
    ) == {the_series.pk}


def test_a_renamed_version_is_found_through_the_texts_it_cites(archive, tmp_path):
    # The seeds recall one another by symbol; a renamed version recalls them too.
    new = next_version(tmp_path, "renamed.txt", title="Zebra crossings in Vienna")
    assert new.citations.filter(target__symbol=f"E/RES/{ECOSOC_2013_NUMBER}").exists()
    assert new.series == archive[CCPCJ_2023].series


def test_a_load_with_no_changed_text_compares_nothing(archive, compared):
    call_command("load_resolutions", str(SEED_DIR / CCPCJ_2023), verbosity=0)
    assert compared == []


def test_all_series_regroups_every_text(archive, compared):
    Resolution.objects.update(series=None)
    Series.objects.all().delete()
    call_command("load_resolutions", str(SEED_DIR / CCPCJ_2023), verbosity=0)
    assert not Resolution.objects.exclude(series=None).exists()  # nothing was loaded
    call_command("load_resolutions", str(SEED_DIR / CCPCJ_2023), "--all-series", verbosity=0)
    assert archive["oceans.txt"].pk in set().union(*compared)
    grouped = Resolution.objects.exclude(source_name="oceans.txt")
    assert grouped.values("series").distinct().count() == 1
    assert not grouped.filter(series=None).exists()
    assert Resolution.objects.get(source_name="oceans.txt").series is None


def test_a_reloaded_text_that_no_longer_matches_leaves_its_series(archive, tmp_path):
    new = next_version(tmp_path, "ccpcj-2024.txt")
    assert new.series is not None
    unrelated = OCEANS.replace("Oceans and the law of the sea", "Migratory birds")
    unrelated = unrelated.replace("living marine resources of the high seas", "wetlands")
    unrelated = unrelated.replace("regional fisheries management organizations", "observers")
    unrelated = unrelated.replace("to report to it at its next session", "to inform it")
    (tmp_path / "ccpcj-2024.txt").write_text(unrelated, encoding="utf-8")
    call_command("load_resolutions", str(tmp_path / "ccpcj-2024.txt"), verbosity=0)
    new.refresh_from_db()
    assert new.series is None
    # The others stay together.
    assert Resolution.objects.exclude(series=None).values("series").distinct().count() == 1


def test_shared_paragraphs_counts_only_pairs_with_a_movable_text():
    text = "Urges all Member States to ratify and implement the international instruments now"
    paragraphs = [(1, 10, text), (2, 20, text), (3, 30, text)]
    assert series.shared_paragraphs(paragraphs) == {(10, 20): 1, (10, 30): 1, (20, 30): 1}
    assert series.shared_paragraphs(paragraphs, {30}) == {(10, 30): 1, (20, 30): 1}


def test_like_titles_keeps_the_likest_and_skips_common_words():
    titles = dict.fromkeys(range(1, 81), "Assistance to Palestine refugees")
    titles[201] = "Assistance to Palestine refugees and displaced persons"
    titles |= {pk: f"Report number {pk} of the committee" for pk in range(300, 2300)}
    found = series.like_titles({201}, titles)
    assert len(found) == series.TITLE_RELATIVES and found < set(range(1, 81))
    # Words in most titles ("of", "the") find nothing by themselves.
    assert series.like_titles({300}, titles | {300: "The of"}) == set()


def versions(tmp_path, subject: str, clauses: list[str], years: tuple[int, ...]) -> list[Path]:
    """Texts of one recurring resolution on `subject`, one a year, sharing their clauses."""
    paths = []
    for year in years:
        body = "\n\n".join(f"{n}. {clause} ({year});" for n, clause in enumerate(clauses, 1))
        path = tmp_path / f"{subject.split()[0].lower()}-{year}.txt"
        path.write_text(
            f"Draft resolution\n\n{subject}\n\nThe General Assembly,\n\n"
            f"Recalling its earlier resolutions on {subject.lower()},\n\n{body}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


FISHERIES = [
    "Calls upon States to conserve the living marine resources of the high seas and to "
    "cooperate through regional fisheries management organizations",
    "Urges States to eliminate illegal, unreported and unregulated fishing by vessels flying "
    "their flag and to strengthen port State measures",
    "Requests the Food and Agriculture Organization to compile data on discards and bycatch "
    "in the world's fisheries and to publish them every year",
]
DESERTS = [
    "Invites Parties to the Convention to Combat Desertification to restore degraded land "
    "and to report on land degradation neutrality targets",
    "Encourages donors to support national action programmes on drought preparedness and "
    "early warning systems in affected African countries",
    "Requests the secretariat of the Convention to assist small island developing States "
    "with sand and dust storm monitoring and data sharing",
]


def test_two_groups_that_are_not_versions_never_share_a_series(db, tmp_path):
    paths = versions(tmp_path, "Sustainable fisheries", FISHERIES, (2020, 2021, 2022))
    paths += versions(tmp_path, "Desertification and drought", DESERTS, (2020, 2021))
    call_command("load_resolutions", *map(str, paths), verbosity=0)
    fish = Resolution.objects.filter(source_name__startswith="sustainable")
    dust = Resolution.objects.filter(source_name__startswith="desertification")
    assert (fish.count(), dust.count()) == (3, 2)
    # Suggestions from an earlier run put all five in one series.
    lumped = Series.objects.create(name="Lumped", slug="lumped")
    Resolution.objects.update(series=lumped)
    series.suggest_series()
    assert set(fish.values_list("series", flat=True)) == {lumped.pk}  # the larger group
    (other,) = set(dust.values_list("series", flat=True))
    assert other not in (None, lumped.pk)


def test_a_reloaded_text_takes_no_unrelated_text_into_its_old_series(db, tmp_path):
    fish = versions(tmp_path, "Sustainable fisheries", FISHERIES, (2020, 2021))
    oceans = tmp_path / "oceans.txt"
    oceans.write_text(OCEANS, encoding="utf-8")
    call_command("load_resolutions", *map(str, [*fish, oceans]), verbosity=0)
    first, second = (Resolution.objects.get(source_name=path.name) for path in fish)
    old = first.series
    assert old is not None and second.series == old
    # The 2021 text is replaced by a copy of the oceans text.
    fish[1].write_text(OCEANS, encoding="utf-8")
    call_command("load_resolutions", str(fish[1]), verbosity=0)
    first.refresh_from_db()
    second.refresh_from_db()
    ocean = Resolution.objects.get(source_name="oceans.txt")
    assert second.series == ocean.series and second.series is not None
    assert second.series_id != old.pk
    # Left alone, the 2020 text is no longer in a series, which is gone.
    assert first.series is None and not Series.objects.filter(pk=old.pk).exists()
