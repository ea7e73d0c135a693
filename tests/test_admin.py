"""The admin, made for daily curation: every model's pages, curation that survives reloads,
actions, and the curators group."""

from __future__ import annotations

import datetime
import shutil

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from resolutions.models import (
    Body,
    Citation,
    CitationSuggestion,
    Mandate,
    ParagraphLink,
    ParagraphTopic,
    Resolution,
    ResolutionSymbol,
    Series,
    Sponsor,
    SponsorAlias,
    Sponsorship,
    Topic,
)
from resolutions.services.loading import load_paths

from .admin_forms import change_form_data
from .conftest import SEED_DIR

pytestmark = pytest.mark.django_db

DRAFT_III = "003_d25e26241683bb6f.txt"  # no symbol, no body, no date in the text
JAPAN_2015 = "000_6a8f4f2a8a747304.txt"


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:resolutions_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def curated_world(seeded):
    """One object of every model, beyond what loading the seeds makes."""
    draft = seeded[JAPAN_2015]
    paragraph = draft.paragraphs.order_by("order").first()
    later = seeded[DRAFT_III].paragraphs.order_by("order").first()
    topic = Topic.objects.create(name="Victims", slug="victims", rules="victims")
    ParagraphTopic.objects.create(paragraph=paragraph, topic=topic)
    series = Series.objects.get_or_create(slug="ta-ct", defaults={"name": "TA CT"})[0]
    ResolutionSymbol.objects.create(resolution=draft, symbol="A/RES/70/177")
    SponsorAlias.objects.create(alias="Nippon", sponsor=Sponsor.objects.get(name="Japan"))
    citation = Citation.objects.filter(resolution=draft).first()
    CitationSuggestion.objects.create(
        citation=citation, suggested=seeded[DRAFT_III], score=0.8, evidence={"title": 0.9}
    )
    Mandate.objects.create(paragraph=paragraph, addressee="UNODC", verb="request", action="x")
    ParagraphLink.objects.get_or_create(
        earlier=paragraph, later=later, defaults={"similarity": 0.9, "relation": "amended"}
    )
    return {"series": series, "topic": topic}


def registered_models():
    return [m for m in admin.site._registry if m._meta.app_label == "resolutions"]


def test_every_model_of_the_app_is_in_the_admin():
    from django.apps import apps

    models = {m for m in apps.get_app_config("resolutions").get_models() if m._meta.managed}
    assert models <= set(registered_models())


def test_admin_pages_render_for_every_model(admin_client, curated_world):
    for model in registered_models():
        response = admin_client.get(admin_url(model, "changelist"))
        assert response.status_code == 200, model
        obj = model.objects.first()
        assert obj is not None, model
        response = admin_client.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 200, model
        if admin.site._registry[model].has_add_permission(response.wsgi_request):
            assert admin_client.get(admin_url(model, "add")).status_code == 200, model


def test_change_list_has_counts_filters_and_site_links(admin_client, seeded):
    response = admin_client.get(admin_url(Resolution, "changelist"), {"year": 2013})
    html = response.text
    resolution = seeded["004_1011c7eb1daf6b56.txt"]
    assert [r.pk for r in response.context["cl"].result_list] == [resolution.pk]
    assert "E/RES/2013/32" in html
    row = response.context["cl"].result_list[0]
    assert row.paragraph_total == resolution.paragraphs.count()
    assert row.cited_by_total == resolution.incoming_citations.count()
    assert resolution.get_absolute_url() in html
    response = admin_client.get(admin_url(Resolution, "changelist"), {"q": "2013/32"})
    assert [r.pk for r in response.context["cl"].result_list] == [resolution.pk]


def test_admin_is_not_linked_from_public_pages(client, seeded):
    for url in (reverse("resolutions:home"), seeded[JAPAN_2015].get_absolute_url()):
        assert "/admin/" not in client.get(url).text


def post_change(admin_client, obj, changes: dict) -> None:
    url = admin_url(type(obj), "change", obj.pk)
    data = change_form_data(admin_client.get(url))
    data.update(changes)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        [f.errors for i in response.context["inline_admin_formsets"] for f in i.formset],
    ]


def test_the_gaps_of_draft_resolution_iii_are_fixed_in_the_admin_and_survive_reload(
    admin_client, db, tmp_path
):
    source = tmp_path / DRAFT_III
    shutil.copyfile(SEED_DIR / DRAFT_III, source)
    load_paths([source])
    draft = Resolution.objects.get(source_name=DRAFT_III)
    assert draft.body is None and draft.date is None
    ccpcj = Body.objects.get_or_create(
        code="CCPCJ", defaults={"name": "Commission on Crime Prevention and Criminal Justice"}
    )[0]
    post_change(
        admin_client,
        draft,
        {
            "body": ccpcj.pk,
            "date": "2017-05-26",
            "title": "Technical assistance (curated title)",
        },
    )
    draft.refresh_from_db()
    assert {"body", "date", "title"} <= set(draft.curated_fields)
    assert "symbol" not in draft.curated_fields  # unchanged fields stay the source's

    # The source changes its title: the curated one stays, and the summary says so.
    text = source.read_text(encoding="utf-8")
    original_title = (
        "Technical assistance for implementing the international conventions and protocols "
        "related to counter-terrorism"
    )
    assert original_title in text
    source.write_text(text.replace(original_title, "A renamed text", 1), encoding="utf-8")
    report = load_paths([source])
    draft.refresh_from_db()
    assert draft.title == "Technical assistance (curated title)"
    assert draft.body == ccpcj and draft.date == datetime.date(2017, 5, 26)
    assert any("title" in note and "A renamed text" in note for note in report.notes)
    load_paths([source])  # unchanged now: nothing moves
    draft.refresh_from_db()
    assert draft.title == "Technical assistance (curated title)"


def test_paragraph_verb_and_sponsors_edited_inline_survive_reload(admin_client, db, tmp_path):
    source = tmp_path / JAPAN_2015
    shutil.copyfile(SEED_DIR / JAPAN_2015, source)
    load_paths([source])
    resolution = Resolution.objects.get(source_name=JAPAN_2015)
    url = admin_url(Resolution, "change", resolution.pk)
    data = change_form_data(admin_client.get(url))
    paragraphs = list(resolution.paragraphs.order_by("order"))
    index = next(i for i, p in enumerate(paragraphs) if p.anchor == "op1")
    data[f"paragraphs-{index}-verb"] = "insist"
    canada = Sponsor.objects.create(name="Canada", slug="canada")
    data["sponsorships-0-sponsor"] = canada.pk  # Japan's row now says Canada
    response = admin_client.post(url, data)
    assert response.status_code == 302
    op1 = resolution.paragraphs.get(anchor="op1")
    assert op1.verb == "insist" and op1.curated_fields == ["verb"]
    resolution.refresh_from_db()
    assert "sponsors" in resolution.curated_fields

    source.write_text(source.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    report = load_paths([source])
    assert resolution.paragraphs.get(anchor="op1").verb == "insist"
    assert [s.sponsor.name for s in resolution.sponsorships.all()] == ["Canada"]
    assert any("sponsors" in note for note in report.notes)


def test_a_citation_target_edited_in_admin_is_curated(admin_client, seeded):
    citation = Citation.objects.filter(target=None).first()
    target = seeded[DRAFT_III]
    post_change(admin_client, citation, {"target": target.pk})
    citation = Citation.objects.get(pk=citation.pk)
    assert citation.target == target and citation.target_curated


def test_accepting_and_rejecting_suggestions(admin_client, seeded):
    citations = list(Citation.objects.filter(target=None)[:2])
    good = CitationSuggestion.objects.create(
        citation=citations[0], suggested=seeded[DRAFT_III], score=0.9, evidence={"year": 2017}
    )
    bad = CitationSuggestion.objects.create(
        citation=citations[1], suggested=seeded[JAPAN_2015], score=0.3
    )
    changelist = admin_url(CitationSuggestion, "changelist")
    assert "year: 2017" in admin_client.get(changelist).text  # the evidence is shown
    admin_client.post(changelist, {"action": "accept", "_selected_action": [good.pk]})
    admin_client.post(changelist, {"action": "reject", "_selected_action": [bad.pk]})
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == "accepted" and good.decided_at is not None
    assert bad.status == "rejected"
    accepted = Citation.objects.get(pk=citations[0].pk)
    assert accepted.target_id == seeded[DRAFT_III].pk and accepted.target_curated
    assert Citation.objects.get(pk=citations[1].pk).target_id != seeded[JAPAN_2015].pk


def test_resolution_actions(admin_client, seeded):
    resolution = seeded[JAPAN_2015]
    changelist = admin_url(Resolution, "changelist")
    Topic.objects.create(name="Victims", slug="victims", rules="victims")
    admin_client.post(
        changelist, {"action": "reapply_topic_rules", "_selected_action": [resolution.pk]}
    )
    tagged = ParagraphTopic.objects.filter(paragraph__resolution=resolution, topic__slug="victims")
    expected = [p.pk for p in resolution.paragraphs.all() if "victims" in p.text.lower()]
    assert expected and sorted(tagged.values_list("paragraph_id", flat=True)) == sorted(expected)

    admin_client.post(changelist, {"action": "mark_reviewed", "_selected_action": [resolution.pk]})
    resolution.refresh_from_db()
    assert resolution.reviewed

    ids = dict(resolution.paragraphs.values_list("anchor", "pk"))
    resolution.paragraphs.filter(anchor="op2").update(verb="mangled")
    admin_client.post(changelist, {"action": "reparse", "_selected_action": [resolution.pk]})
    assert resolution.paragraphs.get(anchor="op2").verb != "mangled"
    assert dict(resolution.paragraphs.values_list("anchor", "pk")) == ids  # ids are kept


def test_merging_duplicate_sponsors(admin_client, seeded):
    turkey = Sponsor.objects.get(name="Turkey")
    turkiye = Sponsor.objects.create(name="Türkiye", slug="turkiye")
    Sponsorship.objects.create(resolution=seeded[JAPAN_2015], sponsor=turkiye, order=2)
    changelist = admin_url(Sponsor, "changelist")
    selected = {"action": "merge", "_selected_action": [turkey.pk, turkiye.pk]}
    confirm = admin_client.post(changelist, selected)
    assert confirm.status_code == 200 and "Keep this name" in confirm.text
    admin_client.post(changelist, {**selected, "apply": "1", "target": turkey.pk})
    assert not Sponsor.objects.filter(name="Türkiye").exists()
    assert SponsorAlias.objects.get(alias="Türkiye").sponsor == turkey
    assert turkey.resolutions.count() == 2


def test_a_new_alias_merges_the_sponsor_stored_under_it(admin_client, seeded):
    usa = Sponsor.objects.get(name="United States of America")
    short = Sponsor.objects.create(name="United States", slug="united-states")
    Sponsorship.objects.create(resolution=seeded[JAPAN_2015], sponsor=short, order=2)
    response = admin_client.post(
        admin_url(SponsorAlias, "add"), {"alias": "United States", "sponsor": usa.pk}
    )
    assert response.status_code == 302
    assert not Sponsor.objects.filter(pk=short.pk).exists()
    assert seeded[JAPAN_2015].sponsors.filter(pk=usa.pk).exists()


def test_curators_can_curate_but_not_manage_users(client, seeded):
    group = Group.objects.get(name="curators")
    user = User.objects.create_user("curator", password="pw", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    resolution = seeded[JAPAN_2015]
    topic = Topic.objects.create(name="Victims", slug="victims")
    assert user.has_perm("resolutions.change_resolution")
    assert user.has_perm("resolutions.change_topic")
    assert not user.has_perm("auth.view_user") and not user.has_perm("auth.change_user")
    assert client.get(admin_url(Resolution, "change", resolution.pk)).status_code == 200
    assert client.get(admin_url(Topic, "change", topic.pk)).status_code == 200
    post_change(client, topic, {"description": "Support for victims"})
    topic.refresh_from_db()
    assert topic.description == "Support for victims"
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[user.pk])).status_code == 403


def test_confirming_a_series_keeps_its_versions(admin_client, seeded):
    from resolutions.services.series import suggest_series

    series = Series.objects.get(resolutions=seeded[JAPAN_2015])
    admin_client.post(
        admin_url(Series, "changelist"), {"action": "confirm", "_selected_action": [series.pk]}
    )
    series.refresh_from_db()
    assert series.confirmed
    members = set(series.resolutions.values_list("pk", flat=True))
    suggest_series()
    assert set(series.resolutions.values_list("pk", flat=True)) == members
