"""Journeys through the archive in a real browser: a newcomer's, a curator's, and a search
done with the keyboard alone.

The live server sees only committed data, so each test loads the texts itself. Loading with
no arguments also applies the shipped curation files, which link the seeds to each other
(the 2017 text cites resolution 70/177, which is the 2015 text).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from resolutions.models import Resolution

from ..conftest import SEED_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITING = "2017-technical-assistance-for-implementing-the-international"
CITED = "2015-technical-assistance-for-implementing-the-international"


@pytest.fixture
def archive(transactional_db):
    call_command("load_resolutions", verbosity=0)
    return {r.slug: r for r in Resolution.objects.all()}


def facet(page, name: str, value: str):
    """A value's link in one of the facet boxes beside the results."""
    box = page.locator("aside.facets section.facet").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )
    return box.get_by_role("link", name=value, exact=True)


def test_newcomer_searches_filters_reads_follows_a_citation_and_exports(page, archive):
    from playwright.sync_api import expect

    # Home.
    page.goto("/")
    expect(page).to_have_title(re.compile("Resolution Archive"))

    # Search a phrase from the header.
    page.get_by_role("searchbox", name="Search paragraphs").fill('"technical assistance"')
    page.get_by_role("searchbox", name="Search paragraphs").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    results = page.locator("#results-title")
    expect(results).to_contain_text("paragraph")
    expect(results).to_contain_text("technical assistance")

    # Narrow by year, then by verb, from the facets.
    facet(page, "Year", "2017").click()
    expect(page).to_have_url(re.compile(r"year=2017"))
    facet(page, "Verb", "recall").click()
    expect(page).to_have_url(re.compile(r"verb=recall"))
    for hit in page.locator("li.hit").all():
        expect(hit.locator(".hit-meta")).to_contain_text("2017")
    search_url = page.url

    # Open a result at its paragraph.
    page.locator("li.hit .hit-para a", has_text="Preambular paragraph 7").click()
    expect(page).to_have_url(re.compile(rf"/resolutions/{CITING}/#pp7$"))
    paragraph = page.locator("#pp7")
    expect(paragraph).to_be_in_viewport()
    expect(paragraph).to_contain_text("70/177")

    # Follow the citation in the paragraph to the cited resolution.
    paragraph.locator("a.ref-link--archived", has_text="70/177").first.click()
    expect(page).to_have_url(re.compile(rf"/resolutions/{CITED}/$"))

    # The cited resolution says who cites it.
    cited_by = page.locator("section", has=page.locator("#cited-by-title"))
    expect(cited_by.get_by_role("heading", name="Cited by")).to_be_visible()
    expect(cited_by.locator(f'a[href="/resolutions/{CITING}/"]')).to_be_visible()

    # Back to the results, and take them away as CSV.
    page.goto(search_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows, "the export is empty"
    assert {row["year"] for row in rows} == {"2017"}
    assert {row["verb"] for row in rows} == {"recall"}
    assert any(row["url"].endswith(f"/resolutions/{CITING}/#pp7") for row in rows)
    assert not page.console_errors, page.console_errors


def test_search_works_with_the_keyboard_alone(page, archive):
    from playwright.sync_api import expect

    page.goto("/")
    # The first Tab reaches the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))

    page.goto("/")
    focused_id = ""
    for _ in range(20):
        page.keyboard.press("Tab")
        focused_id = page.evaluate("document.activeElement.id")
        if focused_id == "header-q":
            break
    assert focused_id == "header-q", "Tab never reached the search box"
    page.keyboard.type("foreign terrorist fighters")
    page.keyboard.press("Enter")
    expect(page.locator("#results-title")).to_contain_text("paragraph")

    # Tab on to the first result's title and open it with Enter.
    first_title = page.locator("li.hit .hit-title a").first
    expected_href = first_title.get_attribute("href")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == expected_href:
            break
    else:
        pytest.fail("Tab never reached the first result")
    # Focus must be visible to a keyboard user: some outline or ring is drawn.
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.boxShadow; })()"
    )
    assert outline.split()[0] != "none" or "rgb" in outline, outline
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(expected_href) + "$"))
    expect(page.locator("h1")).to_be_visible()


def test_curator_fixes_a_title_that_survives_a_reload(page, transactional_db, tmp_path):
    from playwright.sync_api import expect

    # The texts are loaded from a copy, so that the test can change a file and reload it.
    texts = tmp_path / "texts"
    shutil.copytree(SEED_DIR, texts)
    call_command("load_resolutions", str(texts), verbosity=0)
    resolution = Resolution.objects.get(slug="e-res-2013-32")
    get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-pass")
    fixed = "Technical assistance for implementing the counter-terrorism conventions (curated)"

    page.goto("/admin/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("a-long-pass")
    page.get_by_role("button", name="Log in").click()
    resolutions = page.locator('a[href$="/admin/resolutions/resolution/"]').first
    expect(resolutions).to_be_visible()  # signed in: the admin index lists the models
    resolutions.click()
    page.get_by_role("link", name=resolution.symbol).first.click()
    title = page.locator("#id_title")
    expect(title).to_have_value(resolution.title)
    title.fill(fixed)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # The source file changes (a reprint) and the texts are reloaded: the file is re-parsed.
    source = texts / resolution.source_name
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("load_resolutions", str(texts), stdout=out)
    assert "1 updated" in out.getvalue()

    page.goto(f"/resolutions/{resolution.slug}/")
    expect(page.locator("h1")).to_have_text(fixed)
    resolution.refresh_from_db()
    assert resolution.title == fixed
    assert not page.console_errors, page.console_errors
