"""Render benchmark JSON results (one per engine) as the Markdown tables of docs/performance.md.

    .venv/bin/python benchmarks/report.py benchmarks/results/bench-sqlite-50005.json \
        benchmarks/results/bench-postgresql-50005.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BUDGET_SEARCH_P95 = 200
BUDGET_PAGE_P95 = 50
BUDGET_RATIO = 1.5
BUDGET_QUERIES = 12


def ok(good: bool) -> str:
    return "✓" if good else "✗"


def main(paths: list[str]) -> None:
    results = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    engines = [r["machine"]["engine"] for r in results]
    for r in results:
        m, c = r["machine"], r["corpus"]
        print(
            f"- **{m['engine']} {m['engine_version']}**: {c['resolutions']:,} resolutions, "
            f"{c['paragraphs']:,} paragraphs, database {r['database_bytes'] / 2**20:,.0f} MiB, "
            f"benchmark peak memory {r['peak_memory_mb']} MiB; load average "
            f"{m['load_average'][0]} before, {m['load_average_after'][0]} after "
            f"({m['cpus']} CPUs, {m['cpu']}, {m['memory']})"
        )
    print()
    head = "| query | " + " | ".join(
        f"{e} view p50 / p95 / p99 | {e} floor p50 | {e} ratio | {e} naive p50 | {e} queries"
        for e in engines
    )
    print(head + " |")
    print("|---" * (1 + 5 * len(engines)) + "|")
    names = [s["name"] for s in results[0]["search"]]
    for name in names:
        cells = [name]
        for r in results:
            s = next(x for x in r["search"] if x["name"] == name)
            naive = next((x["naive_ms"]["p50"] for x in r["naive"] if x["name"] == name), None)
            v = s["view_ms"]
            cells += [
                f"{v['p50']:.0f} / {v['p95']:.0f} / {v['p99']:.0f} "
                f"{ok(v['p95'] <= BUDGET_SEARCH_P95)}",
                f"{s['floor_ms']['p50']:.0f}",
                f"{s['view_over_floor_p50']:.2f} {ok(s['view_over_floor_p50'] <= BUDGET_RATIO)}",
                f"{naive:,.0f}" if naive is not None else "-",
                f"{s['queries']} {ok(s['queries'] <= BUDGET_QUERIES)}",
            ]
        print("| " + " | ".join(cells) + " |")
    print()
    print("| page | " + " | ".join(f"{e} p50 / p95 / p99 | {e} queries" for e in engines) + " |")
    print("|---" * (1 + 2 * len(engines)) + "|")
    for name in [p["name"] for p in results[0]["pages"]]:
        cells = [name]
        for r in results:
            p = next(x for x in r["pages"] if x["name"] == name)
            if "skipped" in p:
                cells += [f"skipped: {p['skipped']}", "-"]
                continue
            v = p["view_ms"]
            budget = ok(v["p95"] <= BUDGET_PAGE_P95) if name == "resolution page" else ""
            cells += [
                f"{v['p50']:.0f} / {v['p95']:.0f} / {v['p99']:.0f} {budget}",
                str(p["queries"]),
            ]
        print("| " + " | ".join(cells) + " |")
    print()
    for r in results:
        loader = r.get("loader", {})
        if "resolutions_per_second" in loader:
            print(
                f"- loader on {r['machine']['engine']}: {loader['resolutions_per_second']} "
                f"resolutions/s ({loader['paragraphs_per_second']} paragraphs/s) "
                f"{ok(loader['resolutions_per_second'] >= 100)}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
