"""The benchmark command: what it measures and the CI check that queries per page do not
grow with the corpus. Timings are printed, never asserted."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from resolutions.models import Resolution
from resolutions.services.corpus import benchmark

pytestmark = pytest.mark.django_db


def generate(n: int) -> None:
    call_command("generate_corpus", resolutions=n, seed=2, replace=True, stdout=StringIO())


def measure() -> dict:
    return benchmark.run(repeat=1, naive_repeat=1, pages=2, loader=2)


def test_benchmark_measures_every_part_of_the_mix(seeded):
    generate(20)
    before = Resolution.objects.count()
    result = measure()
    assert [s["name"] for s in result["search"]] == [c.name for c in benchmark.MIX]
    for s in result["search"]:
        assert 0 < s["queries"] <= 12, s
        assert s["view_ms"]["n"] == 1 and s["view_ms"]["p50"] > 0
        assert s["floor_ms"]["p50"] > 0
    assert [n["name"] for n in result["naive"]] == [c.name for c in benchmark.MIX]
    pages = {p["name"]: p for p in result["pages"]}
    assert pages["resolution page"]["pages"] == 2
    assert 0 < pages["resolution page"]["queries"] <= 12
    assert result["loader"]["resolutions"] == 2 and result["loader"]["resolutions_per_second"] > 0
    # The loader's texts were removed again.
    assert Resolution.objects.count() == before
    assert result["database_bytes"] > 0 and result["peak_memory_mb"] > 0
    table = benchmark.format_table(result)
    assert "rare word" in table and "loader:" in table


def test_queries_per_page_do_not_grow_with_the_corpus(seeded):
    # Both sizes are large enough for every query in the mix to find something (a search
    # that finds nothing skips the snippet query).
    generate(60)
    small = benchmark.query_counts(measure())
    generate(180)
    large = benchmark.query_counts(measure())
    assert {"search: rare word", "resolution page"} <= small.keys()
    assert {name: large[name] for name in small if name in large} == small


def test_command_writes_json_and_compares_query_counts(seeded, tmp_path):
    generate(10)
    out = tmp_path / "result.json"
    args = ["--repeat", "1", "--naive-repeat", "0", "--pages", "1", "--loader", "0"]
    call_command("benchmark", *args, "--json", str(out), stdout=StringIO())
    result = json.loads(out.read_text())
    assert result["corpus"]["synthetic_resolutions"] == 10

    stdout = StringIO()
    call_command("benchmark", *args, "--json", str(tmp_path / "b.json"), "--compare", str(out),
                 stdout=stdout)  # fmt: skip
    assert "Queries per page unchanged" in stdout.getvalue()

    fewer = json.loads(out.read_text())
    fewer["search"][0]["queries"] -= 1
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps(fewer))
    with pytest.raises(CommandError, match="grew with the corpus"):
        call_command("benchmark", *args, "--json", str(tmp_path / "c.json"), "--compare",
                     str(earlier), stdout=StringIO())  # fmt: skip


def test_view_and_floor_are_timed_in_turn():
    """Round by round, so that the machine's speed changing during the runs weighs on both."""
    calls: list[str] = []
    view, floor = benchmark.timed_in_turn([lambda: calls.append("v"), lambda: calls.append("f")], 3)
    assert calls == ["v", "f"] * 3
    assert len(view.samples_ms) == len(floor.samples_ms) == 3
