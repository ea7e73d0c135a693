"""Reads behind the mandates and verbs pages: a fixed number of queries each."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet

from resolutions.drafting import charts
from resolutions.models import Mandate, Paragraph, Series

TOP_VERBS = 8
MAX_MANDATES = 500


def addressee_choices() -> list[tuple[str, int]]:
    """Addressees by how often they were asked to act, most often first."""
    rows = Mandate.objects.values("addressee").annotate(n=Count("pk")).order_by("-n", "addressee")
    return [(row["addressee"], row["n"]) for row in rows[:100]]


def mandates_for(addressee: str, series: Series | None = None) -> QuerySet[Mandate]:
    """What `addressee` was asked to do, oldest first."""
    queryset = Mandate.objects.filter(addressee=addressee)
    if series is not None:
        queryset = queryset.filter(paragraph__resolution__series=series)
    return queryset.select_related("paragraph__resolution").order_by(
        F("paragraph__resolution__year").asc(nulls_last=True),
        "paragraph__resolution__date",
        "paragraph__resolution_id",
        "paragraph__order",
        "order",
    )


def by_year(mandates: list[Mandate]) -> list[tuple[int | None, list[Mandate]]]:
    groups: dict[int | None, list[Mandate]] = defaultdict(list)
    for mandate in mandates:
        groups[mandate.paragraph.resolution.year].append(mandate)
    return list(groups.items())


@dataclass(slots=True)
class VerbReport:
    verbs: list[tuple[str, int]]
    years: list[int]
    table: list[tuple[str, list[int], int]]  # verb, count per year, total
    totals_chart: charts.Chart
    year_charts: list[charts.Chart]


def verb_report(series: Series | None = None) -> VerbReport:
    """Operative verb use by year (all texts or one series), in one query."""
    queryset = Paragraph.objects.filter(kind=Paragraph.Kind.OPERATIVE).exclude(verb="")
    if series is not None:
        queryset = queryset.filter(resolution__series=series)
    rows = queryset.exclude(resolution__year=None).values("verb", "resolution__year")
    rows = rows.annotate(n=Count("pk")).order_by()
    totals: Counter[str] = Counter()
    cells: dict[tuple[str, int], int] = {}
    years: set[int] = set()
    for row in rows:
        totals[row["verb"]] += row["n"]
        cells[(row["verb"], row["resolution__year"])] = row["n"]
        years.add(row["resolution__year"])
    top = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:TOP_VERBS]
    ordered_years = sorted(years)
    table = [
        (verb, [cells.get((verb, year), 0) for year in ordered_years], total) for verb, total in top
    ]
    return VerbReport(
        verbs=top,
        years=ordered_years,
        table=table,
        totals_chart=charts.bar_chart("Operative verbs, all years", top),
        year_charts=[
            charts.column_chart(
                f"“{verb}” by year",
                [(str(y), c) for y, c in zip(ordered_years, counts, strict=True)],
            )
            for verb, counts, _ in table
        ],
    )
