"""The archive's domain: bodies, resolutions, their paragraphs, footnotes, sponsors, citations."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from resolutions.parsing.structures import DECISION, DRAFT, OPERATIVE, PREAMBULAR, RESOLUTION

# Paragraph anchors: "pp3", "op5", and "b-op2" in a resolution in parts.
ANCHOR = re.compile(r"^(?:(?P<part>[a-h])-)?(?P<kind>pp|op)(?P<n>\d+)")


class Body(models.Model):
    """A UN organ that adopts or drafts resolutions: the General Assembly, a commission, ..."""

    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=20, unique=True, help_text="Short code used in URLs and filters, e.g. ECOSOC."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subsidiaries"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('resolutions:resolution-list')}?body={self.code}"


class Sponsor(models.Model):
    """A state (or group of states) that tabled a draft, under one normalised name."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("resolutions:sponsor-detail", kwargs={"slug": self.slug})


class ResolutionQuerySet(models.QuerySet):
    def with_related(self) -> ResolutionQuerySet:
        return self.select_related("body").prefetch_related("sponsorships__sponsor")


class Resolution(models.Model):
    class DocumentType(models.TextChoices):
        DRAFT = DRAFT, "Draft resolution"
        RESOLUTION = RESOLUTION, "Resolution"
        DECISION = DECISION, "Decision"

    slug = models.SlugField(max_length=140, unique=True)
    symbol = models.CharField(max_length=80, null=True, blank=True, unique=True)
    title = models.TextField(blank=True)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions"
    )
    document_type = models.CharField(
        max_length=20, choices=DocumentType.choices, default=DocumentType.RESOLUTION
    )
    status = models.CharField(
        max_length=100, blank=True, help_text="Negotiation annotation, e.g. “[agreed in COW]”."
    )
    session = models.CharField(max_length=200, blank=True)
    agenda_item = models.CharField(max_length=200, blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    year_inferred = models.BooleanField(
        default=False, help_text="The text states no date; the year was inferred from it."
    )
    addressed_to = models.CharField(
        max_length=200,
        blank=True,
        help_text="The body the text speaks as: “The General Assembly,”.",
    )
    sponsors = models.ManyToManyField(
        Sponsor, through="Sponsorship", related_name="resolutions", blank=True
    )
    series = models.ForeignKey(
        "Series", null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions"
    )
    reviewed = models.BooleanField(default=False, help_text="A curator has checked this text.")
    is_synthetic = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Generated for benchmarks (generate_corpus); never a real UN text.",
    )
    curated_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields set by a curator; reloading the source never overwrites them.",
    )
    source_name = models.CharField(max_length=255, unique=True)
    source_sha256 = models.CharField(max_length=64)
    raw_text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by a database trigger on PostgreSQL (the title's weight in search ranking);
    # always empty on SQLite, whose FTS5 tables live beside the model (resolutions.search).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-date", "title", "pk"]
        indexes = [
            models.Index(fields=["body", "year"]),
            models.Index(fields=["document_type", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}" if self.symbol else self.title or self.source_name

    def get_absolute_url(self) -> str:
        return reverse("resolutions:resolution-detail", kwargs={"slug": self.slug})

    def paragraph_rows(self) -> list[tuple[int, str, str]]:
        """Its paragraphs' (id, kind, text), in order: what the per-text pipeline needs."""
        return list(self.paragraphs.order_by("order").values_list("pk", "kind", "text"))

    @property
    def label(self) -> str:
        """How people refer to it: its symbol, or its kind and year for an unnumbered draft."""
        if self.symbol:
            return self.symbol
        return f"{self.get_document_type_display()} ({self.year or 'undated'})"


class Sponsorship(models.Model):
    """Keeps sponsors in the order the document prints them."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="sponsorships"
    )
    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="sponsorships")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["resolution", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "sponsor"], name="unique_sponsor_per_resolution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sponsor} on {self.resolution.label}"


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        PREAMBULAR = PREAMBULAR, "Preambular"
        OPERATIVE = OPERATIVE, "Operative"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Printed number of an operative paragraph."
    )
    order = models.PositiveSmallIntegerField()
    anchor = models.CharField(max_length=12, help_text="Permalink fragment: pp3, op5.")
    verb_phrase = models.CharField(max_length=120, blank=True, help_text="As written.")
    verb = models.CharField(
        max_length=60, blank=True, help_text="Canonical base form: request, call upon, recall."
    )
    text = models.TextField()
    footnote_refs = models.JSONField(
        default=list, blank=True, help_text="[marker, offset in text] of each footnote marker."
    )
    curated_fields = models.JSONField(
        default=list, blank=True, help_text="Fields set by a curator (verb, verb phrase, kind)."
    )
    topics = models.ManyToManyField(
        "Topic", through="ParagraphTopic", related_name="paragraphs", blank=True
    )
    # Kept by a database trigger on PostgreSQL; see Resolution.search_vector.
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only (always empty on SQLite, whose FTS5 table indexes the verb and kind in
    # columns of its own): the verb, kind and body as search tokens, kept by triggers; see
    # resolutions.search.schema.PG_TAG_PREFIXES.
    filter_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["resolution", "order"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "order"], name="unique_paragraph_order"),
            models.UniqueConstraint(
                fields=["resolution", "anchor"], name="unique_paragraph_anchor"
            ),
        ]
        indexes = [
            models.Index(fields=["verb", "kind"]),
            models.Index(fields=["kind", "verb"]),
        ]

    def __str__(self) -> str:
        return f"{self.resolution.label} {self.label}"

    def get_absolute_url(self, resolution_url: str | None = None) -> str:
        """Its permalink; `resolution_url`, when the caller already has it, saves a lookup."""
        return f"{resolution_url or self.resolution.get_absolute_url()}#{self.anchor}"

    @property
    def label(self) -> str:
        """ "operative paragraph 5", "preambular paragraph 3", "part B, operative paragraph 2"."""
        match = ANCHOR.match(self.anchor)
        part = f"part {match['part'].upper()}, " if match and match["part"] else ""
        if self.kind == self.Kind.OPERATIVE and self.number is not None:
            return f"{part}operative paragraph {self.number}"
        position = match["n"] if match else self.anchor
        return f"{part}preambular paragraph {position}"

    @property
    def rest_of_text(self) -> str:
        """The text after the verb phrase, for printing the phrase in italics."""
        if self.verb_phrase and self.text.startswith(self.verb_phrase):
            return self.text[len(self.verb_phrase) :]
        return self.text


class Footnote(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="footnotes")
    marker = models.CharField(max_length=10)
    anchor = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    paragraph = models.ForeignKey(
        Paragraph,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="footnotes",
        help_text="The paragraph that carries the marker.",
    )

    class Meta:
        ordering = ["resolution", "order"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "order"], name="unique_footnote_order"),
        ]

    def __str__(self) -> str:
        return f"{self.resolution.label} footnote {self.marker}"

    def get_absolute_url(self) -> str:
        return f"{self.resolution.get_absolute_url()}#{self.anchor}"


class Citation(models.Model):
    """A reference in a resolution's text to another resolution or document."""

    class Kind(models.TextChoices):
        GA = "ga_resolution", "General Assembly resolution"
        SC = "sc_resolution", "Security Council resolution"
        ECOSOC = "ecosoc_resolution", "Economic and Social Council resolution"
        CHR = "chr_resolution", "Commission on Human Rights resolution"
        HRC = "hrc_resolution", "Human Rights Council resolution"
        OTHER = "other_resolution", "Other resolution"
        DOCUMENT = "document", "Document"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="citations")
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    footnote = models.ForeignKey(
        Footnote, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    order = models.PositiveIntegerField(default=0)
    target_symbol = models.CharField(max_length=80, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=200, help_text="The reference as written.")
    date = models.DateField(null=True, blank=True)
    title = models.TextField(blank=True)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    target = models.ForeignKey(
        Resolution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming_citations",
        help_text="The archived resolution the reference points at, when there is one.",
    )
    target_curated = models.BooleanField(
        default=False, help_text="The target was set by a curator; reloads keep it."
    )

    class Meta:
        ordering = ["resolution", "order"]
        indexes = [
            models.Index(fields=["kind", "target_symbol"]),
            models.Index(fields=["target", "resolution"]),
        ]

    def __str__(self) -> str:
        return f"{self.resolution.label} cites {self.target_symbol}"


class ResolutionSymbol(models.Model):
    """Another symbol a resolution is known by, e.g. the General Assembly symbol a draft was
    adopted under. Citations of any of a resolution's symbols resolve to it."""

    class Kind(models.TextChoices):
        ADOPTED_AS = "adopted_as", "Adopted as"
        DRAFT_SYMBOL = "draft", "Draft symbol"
        OTHER = "other", "Other symbol"

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="other_symbols"
    )
    symbol = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ADOPTED_AS)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["symbol"]
        verbose_name = "other symbol"

    def __str__(self) -> str:
        return f"{self.symbol} ({self.get_kind_display().lower()} of {self.resolution.label})"

    def get_absolute_url(self) -> str:
        return self.resolution.get_absolute_url()


class CitationSuggestion(models.Model):
    """A probable archived source for an unresolved reference, awaiting a curator's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    citation = models.ForeignKey(Citation, on_delete=models.CASCADE, related_name="suggestions")
    suggested = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="suggested_for"
    )
    score = models.FloatField()
    evidence = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["citation", "suggested"], name="unique_suggestion_per_citation"
            )
        ]
        indexes = [models.Index(fields=["status", "-score"])]

    def __str__(self) -> str:
        return f"{self.citation.target_symbol} may be {self.suggested.label} ({self.score:.2f})"

    def get_absolute_url(self) -> str:
        return self.citation.resolution.get_absolute_url()


class SponsorAlias(models.Model):
    """Another spelling of a sponsor's name ("Türkiye" for "Turkey"), curated in the admin."""

    alias = models.CharField(max_length=200, unique=True)
    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "sponsor aliases"

    def __str__(self) -> str:
        return f"{self.alias} → {self.sponsor}"

    def get_absolute_url(self) -> str:
        return self.sponsor.get_absolute_url()


class Topic(models.Model):
    """A subject curators maintain; `rules` mark paragraphs as being about it."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    rules = models.TextField(
        blank=True,
        help_text=(
            "One rule a line: a phrase matched as whole words, case-insensitive "
            "(“foreign terrorist fighters”), or a regular expression between slashes "
            r"(/kidnap\w*/)."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resolutions:topic-detail", kwargs={"slug": self.slug})


class ParagraphTopic(models.Model):
    """A paragraph's topic, set by a rule or by hand; a hand-made choice wins over rules."""

    class Source(models.TextChoices):
        RULE = "rule", "Rule"
        MANUAL = "manual", "Curator"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="paragraph_links")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RULE)
    excluded = models.BooleanField(
        default=False, help_text="A curator removed this topic: rules will not add it back."
    )

    class Meta:
        ordering = ["topic", "paragraph"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "topic"], name="unique_paragraph_topic")
        ]
        indexes = [models.Index(fields=["topic", "excluded"])]

    def __str__(self) -> str:
        return f"{self.paragraph} — {self.topic}"


class Series(models.Model):
    """The yearly versions of one recurring resolution."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    confirmed = models.BooleanField(
        default=False, help_text="A curator confirmed the membership suggested from the texts."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resolutions:series-detail", kwargs={"slug": self.slug})


class ParagraphLink(models.Model):
    """A paragraph's counterpart in the next version of its series (paragraph lineage)."""

    class Relation(models.TextChoices):
        UNCHANGED = "unchanged", "Carried over unchanged"
        AMENDED = "amended", "Amended"

    earlier = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="later_links")
    later = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="earlier_links")
    similarity = models.FloatField()
    relation = models.CharField(max_length=10, choices=Relation.choices)
    moved = models.BooleanField(default=False, help_text="Its position in the text changed.")

    class Meta:
        ordering = ["earlier", "later"]
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="unique_paragraph_link")
        ]

    def __str__(self) -> str:
        return f"{self.earlier} → {self.later} ({self.relation})"


class Mandate(models.Model):
    """One request in an operative paragraph: who was asked to do what."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="mandates")
    addressee = models.CharField(max_length=200, db_index=True)
    verb = models.CharField(max_length=60)
    action = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["paragraph", "order"]

    def __str__(self) -> str:
        return f"{self.addressee}: {self.verb} {self.action[:60]}"

    def get_absolute_url(self) -> str:
        return self.paragraph.get_absolute_url()


class FullTextMatchField(models.TextField):
    """The hidden column of an SQLite FTS5 table that carries the table's own name."""


@FullTextMatchField.register_lookup
class FullTextMatch(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class ParagraphIndexEntry(models.Model):
    """A row of the SQLite FTS5 index over paragraph text (created by migration, SQLite only).

    Joined to Paragraph on rowid so that matching, ranking and filters run in one query.
    """

    paragraph = models.OneToOneField(
        Paragraph,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="index_entry",
    )
    match = FullTextMatchField(db_column="resolutions_paragraph_fts")
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "resolutions_paragraph_fts"

    def __str__(self) -> str:
        return f"index entry for paragraph {self.pk}"
