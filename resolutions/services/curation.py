"""Curation as data: apply and export curated values, aliases, topics, series and links.

A curation file (JSON, ``"version": 1``) holds what curators decided, keyed by things that
survive a fresh database: a resolution by its source file name, a paragraph by its anchor, a
topic or a series by its slug, a body by its code. Applying a file is idempotent, and every
value applied from it is curated (named in ``curated_fields``) so reloading the sources keeps
it. ``export_curation()`` writes the same format from the database.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from resolutions.models import (
    Body,
    Citation,
    CitationSuggestion,
    Paragraph,
    ParagraphTopic,
    Resolution,
    ResolutionSymbol,
    Series,
    Sponsor,
    SponsorAlias,
    Sponsorship,
    Topic,
)
from resolutions.parsing.bodies import KNOWN_BODIES
from resolutions.services import topics as topic_rules
from resolutions.services.loading import (
    CURATABLE_FIELDS,
    PARAGRAPH_CURATABLE_FIELDS,
    get_body,
    sponsors_for_names,
    unique_sponsor_slug,
)

FORMAT_VERSION = 1


class CurationError(ValueError):
    """A curation file that cannot be read at all (not JSON, wrong version)."""


# --- small shared helpers -------------------------------------------------------------------


def mark_curated(obj: Resolution | Paragraph, names: Iterable[str]) -> bool:
    """Add field names to obj.curated_fields (in memory); True when the list grew."""
    current = list(obj.curated_fields or [])
    added = [n for n in names if n not in current]
    if added:
        obj.curated_fields = current + added
    return bool(added)


def body_for_code(code: str) -> Body | None:
    """The body with this code, created from the parser's list of known bodies if needed."""
    body = Body.objects.filter(code=code).first()
    if body is not None:
        return body
    name = next((n for n, c in KNOWN_BODIES.items() if c == code), None)
    return get_body(name, code) if name else None


def set_sponsors(resolution: Resolution, names: list[str]) -> bool:
    """Replace the resolution's sponsors (printed names, normalised through the aliases);
    True when the list changed."""
    sponsors = list(dict.fromkeys(sponsors_for_names(names)))
    current = [s.sponsor_id for s in resolution.sponsorships.order_by("order")]
    if [s.pk for s in sponsors] == current:
        return False
    resolution.sponsorships.all().delete()
    Sponsorship.objects.bulk_create(
        Sponsorship(resolution=resolution, sponsor=sponsor, order=order)
        for order, sponsor in enumerate(sponsors, start=1)
    )
    return True


@transaction.atomic
def merge_sponsors(target: Sponsor, duplicates: Iterable[Sponsor]) -> int:
    """Merge duplicate sponsors into `target`: their sponsorships move to it, their names and
    aliases become its aliases, and they are deleted. Returns the number of sponsorships
    moved."""
    moved = 0
    for duplicate in duplicates:
        if duplicate.pk == target.pk:
            continue
        on_target = set(target.sponsorships.values_list("resolution_id", flat=True))
        for sponsorship in duplicate.sponsorships.all():
            if sponsorship.resolution_id in on_target:
                sponsorship.delete()
            else:
                sponsorship.sponsor = target
                sponsorship.save(update_fields=["sponsor"])
                moved += 1
        duplicate.aliases.update(sponsor=target)
        name = duplicate.name
        duplicate.delete()
        SponsorAlias.objects.update_or_create(alias=name, defaults={"sponsor": target})
    return moved


def add_sponsor_alias(alias: str, sponsor_name: str) -> tuple[SponsorAlias | None, bool]:
    """Make `alias` another spelling of the sponsor named `sponsor_name` (created if need
    be); a sponsor already stored under the alias is merged into it. Returns the alias and
    whether anything changed."""
    alias, sponsor_name = alias.strip(), sponsor_name.strip()
    if not alias or not sponsor_name or alias == sponsor_name:
        return None, False
    sponsor = Sponsor.objects.filter(name=sponsor_name).first()
    changed = False
    if sponsor is None:
        sponsor = Sponsor.objects.create(name=sponsor_name, slug=unique_sponsor_slug(sponsor_name))
        changed = True
    duplicate = Sponsor.objects.filter(name=alias).exclude(pk=sponsor.pk).first()
    if duplicate is not None:
        merge_sponsors(sponsor, [duplicate])
        changed = True
    existing = SponsorAlias.objects.filter(alias=alias).first()
    if existing is not None and existing.sponsor_id == sponsor.pk:
        return existing, changed
    obj, _ = SponsorAlias.objects.update_or_create(alias=alias, defaults={"sponsor": sponsor})
    return obj, True


def decide_suggestion(suggestion: CitationSuggestion, *, accept: bool) -> None:
    """Accept (point the citation at the suggested resolution) or reject a suggestion."""
    citation = suggestion.citation
    if accept:
        citation.target = suggestion.suggested
        citation.target_curated = True
        citation.save(update_fields=["target", "target_curated"])
    suggestion.status = (
        CitationSuggestion.Status.ACCEPTED if accept else CitationSuggestion.Status.REJECTED
    )
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_at"])


# --- applying ---------------------------------------------------------------------------------


def read_curation_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CurationError(f"{path.name}: cannot be read ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise CurationError(f"{path.name}: not a curation file of version {FORMAT_VERSION}")
    return data


def apply_curation_files(paths: Iterable[Path]) -> list[str]:
    """Apply curation fixture files in order; returns a line per change for the summary."""
    notes: list[str] = []
    for path in paths:
        try:
            data = read_curation_file(Path(path))
        except CurationError as exc:
            notes.append(str(exc))
            continue
        notes += apply_curation(data, label=Path(path).name)
    return notes


class _Applier:
    """Applies one curation document; collects a note per change and per problem."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.notes: list[str] = []
        self.changed_topics: list[Topic] = []
        self.by_source: dict[str, Resolution] = {}

    def note(self, message: str) -> None:
        self.notes.append(f"{self.label}: {message}")

    def resolution(self, source: str | None) -> Resolution | None:
        if not source:
            self.note("an entry names no source; skipped")
            return None
        if source not in self.by_source:
            found = Resolution.objects.filter(source_name=source).first()
            if found is None:
                self.note(f"{source}: no resolution loaded from this file; skipped")
                return None
            self.by_source[source] = found
        return self.by_source[source]

    # Each section, in the order that lets later sections refer to earlier ones.

    def sponsor_aliases(self, entries: list[dict]) -> None:
        for entry in entries:
            alias, changed = add_sponsor_alias(entry.get("alias", ""), entry.get("sponsor", ""))
            if changed and alias is not None:
                self.note(f"sponsor alias {alias}")

    def topics(self, entries: list[dict]) -> None:
        for entry in entries:
            slug = entry.get("slug")
            if not slug:
                self.note("a topic has no slug; skipped")
                continue
            rules = entry.get("rules") or []
            values = {
                "name": entry.get("name") or slug,
                "description": entry.get("description", ""),
                "rules": "\n".join(rules) if isinstance(rules, list) else str(rules),
            }
            topic = Topic.objects.filter(slug=slug).first()
            if topic is None:
                topic = Topic.objects.create(slug=slug, **values)
                self.changed_topics.append(topic)
                self.note(f"topic {slug} added")
            elif any(getattr(topic, k) != v for k, v in values.items()):
                rules_changed = topic.rules != values["rules"]
                for key, value in values.items():
                    setattr(topic, key, value)
                topic.save()
                if rules_changed:
                    self.changed_topics.append(topic)
                self.note(f"topic {slug} updated")
        slugs = {e.get("parent") for e in entries if e.get("parent")}
        parents = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
        for entry in entries:
            if not entry.get("slug"):
                continue
            parent = parents.get(entry.get("parent") or "")
            if entry.get("parent") and parent is None:
                self.note(f"topic {entry['slug']}: unknown parent {entry['parent']}")
            Topic.objects.filter(slug=entry["slug"]).exclude(
                parent_id=parent.pk if parent else None
            ).update(parent=parent)

    def series(self, entries: list[dict]) -> None:
        for entry in entries:
            slug = entry.get("slug")
            if not slug:
                self.note("a series has no slug; skipped")
                continue
            values = {
                "name": entry.get("name") or slug,
                "description": entry.get("description", ""),
                "confirmed": bool(entry.get("confirmed", False)),
            }
            series, created = Series.objects.get_or_create(slug=slug, defaults=values)
            if not created and any(getattr(series, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(series, key, value)
                series.save()
                self.note(f"series {slug} updated")
            elif created:
                self.note(f"series {slug} added")
            for source in entry.get("members", []):
                if (resolution := self.resolution(source)) is not None:
                    self.join_series(resolution, series, curated=not series.confirmed)

    def join_series(self, resolution: Resolution, series: Series, *, curated: bool) -> None:
        """Put the resolution in the series. A confirmed series keeps its versions by itself;
        any other membership named in a file is marked curated so suggestions keep it."""
        changed = resolution.series_id != series.pk
        resolution.series = series
        if (curated and mark_curated(resolution, ["series"])) or changed:
            resolution.save(update_fields=["series", "curated_fields", "updated_at"])
        if changed:
            self.note(f"{resolution.source_name}: in series {series.slug}")

    def resolutions(self, entries: list[dict]) -> None:
        for entry in entries:
            resolution = self.resolution(entry.get("source"))
            if resolution is None:
                continue
            changed = self.resolution_fields(resolution, entry.get("fields") or {})
            if "reviewed" in entry and resolution.reviewed != bool(entry["reviewed"]):
                resolution.reviewed = bool(entry["reviewed"])
                changed.append("reviewed")
            if changed or mark_curated(resolution, []):
                resolution.save()
            for name in changed:
                self.note(f"{resolution.source_name}: {name} set")
            for other in entry.get("other_symbols", []):
                self.other_symbol(resolution, other)
            if slug := entry.get("series"):
                series, _ = Series.objects.get_or_create(slug=slug, defaults={"name": slug})
                self.join_series(resolution, series, curated=True)

    def resolution_fields(self, resolution: Resolution, fields: dict[str, Any]) -> list[str]:
        changed: list[str] = []
        curated: list[str] = []
        for name, raw in fields.items():
            if name not in CURATABLE_FIELDS:
                self.note(f"{resolution.source_name}: {name} is not a curated field; skipped")
                continue
            if name == "sponsors":
                if set_sponsors(resolution, list(raw or [])):
                    changed.append(name)
                curated.append(name)
                continue
            try:
                value = self.convert(name, raw)
            except ValueError as exc:
                self.note(f"{resolution.source_name}: {name}: {exc}; skipped")
                continue
            current = resolution.body if name == "body" else getattr(resolution, name)
            if current != value:
                setattr(resolution, name, value)
                changed.append(name)
            curated.append(name)
        if mark_curated(resolution, curated) and not changed:
            changed.append("curated fields")
        return changed

    @staticmethod
    def convert(name: str, raw: Any) -> Any:
        if name == "body":
            if not raw:
                return None
            body = body_for_code(str(raw))
            if body is None:
                raise ValueError(f"unknown body code {raw!r}")
            return body
        if name == "date":
            return datetime.date.fromisoformat(raw) if raw else None
        if name == "year":
            return int(raw) if raw not in (None, "") else None
        if name == "year_inferred":
            return bool(raw)
        if name == "symbol":
            return raw or None
        if name == "document_type" and raw not in Resolution.DocumentType.values:
            raise ValueError(f"unknown document type {raw!r}")
        return raw or ""

    def other_symbol(self, resolution: Resolution, entry: dict) -> None:
        symbol = (entry.get("symbol") or "").strip()
        if not symbol:
            return
        values = {
            "resolution": resolution,
            "kind": entry.get("kind") or ResolutionSymbol.Kind.ADOPTED_AS,
            "note": entry.get("note", ""),
        }
        existing = ResolutionSymbol.objects.filter(symbol=symbol).first()
        if (
            existing is not None
            and existing.resolution_id == resolution.pk
            and existing.kind == values["kind"]
            and existing.note == values["note"]
        ):
            return
        ResolutionSymbol.objects.update_or_create(symbol=symbol, defaults=values)
        self.note(f"{resolution.source_name}: also known as {symbol}")

    def paragraphs(self, entries: list[dict]) -> None:
        topic_slugs = {
            slug
            for e in entries
            for slug in (*e.get("topics_added", []), *e.get("topics_removed", []))
        }
        topics = {t.slug: t for t in Topic.objects.filter(slug__in=topic_slugs)}
        for entry in entries:
            resolution = self.resolution(entry.get("source"))
            if resolution is None:
                continue
            anchor = entry.get("anchor")
            paragraph = resolution.paragraphs.filter(anchor=anchor).first()
            if paragraph is None:
                self.note(f"{resolution.source_name}: no paragraph {anchor}; skipped")
                continue
            changed, curated = [], []
            for name, value in (entry.get("fields") or {}).items():
                if name not in PARAGRAPH_CURATABLE_FIELDS:
                    self.note(f"{resolution.source_name} {anchor}: {name} is not curated")
                    continue
                if getattr(paragraph, name) != value:
                    setattr(paragraph, name, value)
                    changed.append(name)
                curated.append(name)
            if mark_curated(paragraph, curated) or changed:
                paragraph.save()
            for name in changed:
                self.note(f"{resolution.source_name} {anchor}: {name} set")
            for present, key in ((True, "topics_added"), (False, "topics_removed")):
                for slug in entry.get(key, []):
                    topic = topics.get(slug)
                    if topic is None:
                        self.note(f"{resolution.source_name} {anchor}: unknown topic {slug}")
                        continue
                    link = ParagraphTopic.objects.filter(paragraph=paragraph, topic=topic).first()
                    manual = ParagraphTopic.Source.MANUAL
                    if link is None or link.source != manual or link.excluded == present:
                        topic_rules.set_manual_topic(paragraph, topic, present=present)
                        verb = "added to" if present else "removed from"
                        self.note(f"topic {slug} {verb} {resolution.source_name} {anchor}")

    def citation_links(self, entries: list[dict]) -> None:
        for entry in entries:
            resolution = self.resolution(entry.get("source"))
            if resolution is None:
                continue
            symbol = entry.get("target_symbol")
            citations = resolution.citations.filter(target_symbol=symbol)
            if entry.get("paragraph"):
                citations = citations.filter(paragraph__anchor=entry["paragraph"])
            accepted = entry.get("status", "accepted") == "accepted"
            target = None
            if accepted:
                target = self.resolution(entry.get("target_source"))
                if target is None:
                    continue
            found = list(citations)
            if not found:
                self.note(f"{resolution.source_name}: no citation of {symbol}; skipped")
                continue
            stale = [
                c.pk
                for c in found
                if c.target_id != (target.pk if target else None) or not c.target_curated
            ]
            if stale:
                Citation.objects.filter(pk__in=stale).update(target=target, target_curated=True)
                linked = entry.get("target_source") or "nothing"
                self.note(f"{resolution.source_name}: {symbol} linked to {linked}")
            if target is not None:
                CitationSuggestion.objects.filter(
                    citation__in=found, suggested=target, status=CitationSuggestion.Status.PENDING
                ).update(status=CitationSuggestion.Status.ACCEPTED, decided_at=timezone.now())


@transaction.atomic
def apply_curation(data: dict[str, Any], *, label: str = "curation") -> list[str]:
    """Apply one curation document (already parsed); returns a note per change or problem."""
    applier = _Applier(label)
    applier.sponsor_aliases(data.get("sponsor_aliases", []))
    applier.topics(data.get("topics", []))
    applier.series(data.get("series", []))
    applier.resolutions(data.get("resolutions", []))
    applier.paragraphs(data.get("paragraphs", []))
    applier.citation_links(data.get("citation_links", []))
    if applier.changed_topics:
        # New or changed rules: mark every paragraph again (hand-made choices are kept).
        topic_rules.apply_topic_rules_everywhere(applier.changed_topics)
    return applier.notes


# --- exporting ----------------------------------------------------------------------------


def field_value(resolution: Resolution, name: str) -> Any:
    if name == "body":
        return resolution.body.code if resolution.body else None
    if name == "date":
        return resolution.date.isoformat() if resolution.date else None
    if name == "sponsors":
        return [s.sponsor.name for s in resolution.sponsorships.all()]
    return getattr(resolution, name)


def export_curation() -> dict[str, Any]:
    """Everything curators decided, in the curation file format."""
    resolutions = []
    for r in (
        Resolution.objects.select_related("body", "series")
        .prefetch_related("other_symbols", "sponsorships__sponsor")
        .order_by("source_name")
    ):
        entry: dict[str, Any] = {"source": r.source_name}
        fields = {n: field_value(r, n) for n in CURATABLE_FIELDS if n in r.curated_fields}
        if fields:
            entry["fields"] = fields
        others = [
            {"symbol": s.symbol, "kind": s.kind, "note": s.note} for s in r.other_symbols.all()
        ]
        if others:
            entry["other_symbols"] = others
        if r.series is not None and "series" in r.curated_fields:
            entry["series"] = r.series.slug
        if r.reviewed:
            entry["reviewed"] = True
        if len(entry) > 1:
            resolutions.append(entry)

    manual = ParagraphTopic.objects.filter(source=ParagraphTopic.Source.MANUAL)
    paragraph_entries = []
    for p in (
        Paragraph.objects.filter(Q(pk__in=manual.values("paragraph_id")) | ~Q(curated_fields=[]))
        .select_related("resolution")
        .prefetch_related("topic_links__topic")
        .order_by("resolution__source_name", "order")
    ):
        entry = {"source": p.resolution.source_name, "anchor": p.anchor}
        fields = {n: getattr(p, n) for n in PARAGRAPH_CURATABLE_FIELDS if n in p.curated_fields}
        if fields:
            entry["fields"] = fields
        links = [lk for lk in p.topic_links.all() if lk.source == ParagraphTopic.Source.MANUAL]
        added = sorted(lk.topic.slug for lk in links if not lk.excluded)
        removed = sorted(lk.topic.slug for lk in links if lk.excluded)
        if added:
            entry["topics_added"] = added
        if removed:
            entry["topics_removed"] = removed
        paragraph_entries.append(entry)

    series = []
    for s in Series.objects.prefetch_related("resolutions").order_by("slug"):
        members = sorted(
            r.source_name
            for r in s.resolutions.all()
            if s.confirmed or "series" in r.curated_fields
        )
        if s.confirmed or members:
            series.append(
                {
                    "slug": s.slug,
                    "name": s.name,
                    "description": s.description,
                    "confirmed": s.confirmed,
                    "members": members,
                }
            )

    links = []
    for c in (
        Citation.objects.filter(target_curated=True)
        .select_related("resolution", "paragraph", "target")
        .order_by("resolution__source_name", "order")
    ):
        link = {
            "source": c.resolution.source_name,
            "paragraph": c.paragraph.anchor if c.paragraph else None,
            "target_symbol": c.target_symbol,
            "target_source": c.target.source_name if c.target else None,
            "status": "accepted" if c.target else "rejected",
        }
        if link not in links:
            links.append(link)

    return {
        "version": FORMAT_VERSION,
        "resolutions": resolutions,
        "paragraphs": paragraph_entries,
        "sponsor_aliases": [
            {"alias": a.alias, "sponsor": a.sponsor.name}
            for a in SponsorAlias.objects.select_related("sponsor").order_by("alias")
        ],
        "topics": [
            {
                "slug": t.slug,
                "name": t.name,
                "description": t.description,
                "parent": t.parent.slug if t.parent else None,
                "rules": [line for line in t.rules.splitlines() if line.strip()],
            }
            for t in Topic.objects.select_related("parent").order_by("slug")
        ],
        "series": series,
        "citation_links": links,
    }


def write_curation(path: Path) -> dict[str, Any]:
    """Export to a file (UTF-8, stable order, so diffs in version control stay small)."""
    data = export_curation()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data


# --- what the public sponsor pages read ---------------------------------------------------------


def sponsor_list() -> QuerySet[Sponsor]:
    """Sponsors of at least one stored text, with ``resolution_count``, by name."""
    return (
        Sponsor.objects.annotate(resolution_count=Count("sponsorships"))
        .filter(resolution_count__gt=0)
        .order_by("name")
    )


def sponsored_resolutions(sponsor: Sponsor) -> QuerySet[Resolution]:
    return (
        Resolution.objects.with_related()
        .filter(sponsorships__sponsor=sponsor)
        .order_by("-year", "-date", "title", "pk")
    )
