"""A resolution's page lists the versions of its series nearest to it, not all of them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolutions.drafting.lineage import SERIES_NEIGHBOURS
from resolutions.models import Resolution, Series


@pytest.fixture
def long_series(db):
    series = Series.objects.create(name="Yearly report", slug="yearly-report", confirmed=True)
    versions = [
        Resolution.objects.create(
            slug=f"a-res-{year}",
            symbol=f"A/RES/{year}/1",
            title="Report",
            year=year,
            series=series,
            source_name=f"{year}.txt",
        )
        for year in range(1990, 2010)
    ]
    return series, versions


def listed(html: str) -> list[str]:
    box = html.split('class="series-versions"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"(\d{4}) · A/RES/\d{4}/1", box)


def test_the_page_lists_the_nearest_versions_and_says_how_many(client, long_series):
    series, versions = long_series
    here = versions[10]
    html = client.get(here.get_absolute_url()).content.decode()
    years = [str(v.year) for v in versions[10 - SERIES_NEIGHBOURS : 10 + SERIES_NEIGHBOURS + 1]]
    assert listed(html) == years
    assert "(this text)" in html
    assert f"{len(versions)} versions" in html
    assert f'href="{reverse("resolutions:series-detail", args=[series.slug])}"' in html


def test_at_the_start_of_a_series_the_later_versions_fill_the_list(client, long_series):
    _, versions = long_series
    html = client.get(versions[0].get_absolute_url()).content.decode()
    assert listed(html) == [str(v.year) for v in versions[: SERIES_NEIGHBOURS + 1]]


def test_a_short_series_is_listed_whole_without_a_count(client, long_series):
    _, versions = long_series
    Resolution.objects.filter(pk__in=[v.pk for v in versions[3:]]).update(series=None)
    html = client.get(versions[1].get_absolute_url()).content.decode()
    assert listed(html) == ["1990", "1991", "1992"]
    assert "versions, all listed" not in html


def test_the_series_costs_no_query_per_version(client, long_series):
    _, versions = long_series
    page = versions[1].get_absolute_url()
    client.get(page)
    with CaptureQueriesContext(connection) as in_a_long_series:
        client.get(page)
    Resolution.objects.filter(pk__in=[v.pk for v in versions[3:]]).update(series=None)
    with CaptureQueriesContext(connection) as in_a_short_series:
        client.get(page)
    assert len(in_a_long_series) == len(in_a_short_series)
