"""The admin, made for daily curation.

Whatever a curator changes that the loader also sets (a resolution's title, symbol, body,
date, year, type or sponsors; a paragraph's verb, verb phrase or kind; a citation's target) is
marked curated here, so that no later load overwrites it (see services/loading.py).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html

from resolutions.models import (
    Body,
    Citation,
    CitationSuggestion,
    Footnote,
    Mandate,
    Paragraph,
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
from resolutions.parsing import ParseError, parse_resolution
from resolutions.services import curation
from resolutions.services import topics as topic_rules
from resolutions.services.loading import (
    CURATABLE_FIELDS,
    PARAGRAPH_CURATABLE_FIELDS,
    store_with_pipeline,
)

admin.site.site_header = "Resolution Archive curation"
admin.site.site_title = "Resolution Archive curation"
admin.site.index_title = "Curation"


class SiteLinkMixin:
    """A "view on site" column in change lists (the change form has Django's own button)."""

    @admin.display(description="On site")
    def site_link(self, obj) -> str:
        url = self.view_on_site(obj) if callable(self.view_on_site) else obj.get_absolute_url()
        return format_html('<a href="{}">View on site</a>', url)


def resolution_url(obj) -> str:
    return obj.resolution.get_absolute_url()


# --- inlines -----------------------------------------------------------------------------


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fields = ("anchor", "kind", "verb_phrase", "verb", "text", "curated_fields")
    readonly_fields = ("anchor", "text", "curated_fields")
    extra = 0
    can_delete = False
    show_change_link = True  # the paragraph's own page carries its topics
    ordering = ("order",)

    def has_add_permission(self, request, obj=None) -> bool:
        # Paragraphs come from the text: add them by editing the source and re-parsing.
        return False


class FootnoteInline(admin.TabularInline):
    model = Footnote
    fields = ("marker", "anchor", "text", "paragraph")
    readonly_fields = ("marker", "anchor", "paragraph")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SponsorshipInline(admin.TabularInline):
    model = Sponsorship
    fields = ("sponsor", "order")
    autocomplete_fields = ("sponsor",)
    extra = 1


class ResolutionSymbolInline(admin.TabularInline):
    model = ResolutionSymbol
    fields = ("symbol", "kind", "note")
    extra = 1


class ParagraphTopicInline(admin.TabularInline):
    model = ParagraphTopic
    fields = ("topic", "source", "excluded")
    readonly_fields = ("source",)
    autocomplete_fields = ("topic",)
    extra = 1
    verbose_name = "topic"
    verbose_name_plural = "topics (a curator's choice wins over rules; tick “excluded” to remove)"


class CitationSuggestionInline(admin.TabularInline):
    model = CitationSuggestion
    fk_name = "citation"
    fields = ("suggested", "score", "evidence", "status", "decided_at")
    readonly_fields = ("suggested", "score", "evidence", "status", "decided_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SeriesMemberInline(admin.TabularInline):
    model = Resolution
    fk_name = "series"
    fields = ("label", "year", "document_type")
    readonly_fields = ("label", "year", "document_type")
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "version"
    verbose_name_plural = "versions (change a resolution's series on its own page)"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# --- resolutions ---------------------------------------------------------------------------


@admin.register(Resolution)
class ResolutionAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = (
        "display_symbol",
        "short_title",
        "body",
        "year",
        "document_type",
        "paragraph_count",
        "cited_by_count",
        "reviewed",
        "site_link",
    )
    list_display_links = ("display_symbol", "short_title")
    list_filter = ("body", "year", "document_type", "reviewed", "series")
    search_fields = ("symbol", "title", "other_symbols__symbol", "source_name")
    list_select_related = ("body",)
    autocomplete_fields = ("series",)
    inlines = (SponsorshipInline, ResolutionSymbolInline, ParagraphInline, FootnoteInline)
    actions = ("reparse", "reapply_topic_rules", "mark_reviewed")
    fieldsets = (
        (None, {"fields": ("symbol", "title", "body", "document_type", "status")}),
        (
            "Date and session",
            {"fields": ("date", "year", "year_inferred", "session", "agenda_item")},
        ),
        ("Curation", {"fields": ("addressed_to", "series", "reviewed", "curated_fields")}),
        (
            "Source",
            {
                "classes": ("collapse",),
                "fields": ("slug", "source_name", "source_sha256", "raw_text", "updated_at"),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = ("slug", "source_sha256", "updated_at")
        # The raw text is what the source said; a new record may be pasted in once.
        return (*fixed, "source_name", "raw_text") if obj else fixed

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                paragraph_total=Count("paragraphs", distinct=True),
                cited_by_total=Count("incoming_citations", distinct=True),
            )
        )

    @admin.display(description="Symbol", ordering="symbol")
    def display_symbol(self, obj: Resolution) -> str:
        return obj.label

    @admin.display(description="Title", ordering="title")
    def short_title(self, obj: Resolution) -> str:
        return obj.title[:90] + ("…" if len(obj.title) > 90 else "")

    @admin.display(description="Paragraphs", ordering="paragraph_total")
    def paragraph_count(self, obj: Resolution) -> int:
        return obj.paragraph_total

    @admin.display(description="Cited by", ordering="cited_by_total")
    def cited_by_count(self, obj: Resolution) -> int:
        return obj.cited_by_total

    def save_model(self, request, obj: Resolution, form, change: bool) -> None:
        if change:
            names = [n for n in form.changed_data if n in CURATABLE_FIELDS or n == "series"]
            curation.mark_curated(obj, names)
        elif not obj.source_sha256:
            obj.source_sha256 = hashlib.sha256(obj.raw_text.encode("utf-8")).hexdigest()
            if not obj.slug:
                obj.slug = obj.source_name.rsplit(".", 1)[0][:120]
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is Paragraph:
            for paragraph_form in formset.forms:
                names = [n for n in paragraph_form.changed_data if n in PARAGRAPH_CURATABLE_FIELDS]
                if names:
                    curation.mark_curated(paragraph_form.instance, names)
        super().save_formset(request, form, formset, change)
        if formset.model is Sponsorship and change and formset.has_changed():
            resolution = form.instance
            if curation.mark_curated(resolution, ["sponsors"]):
                resolution.save(update_fields=["curated_fields", "updated_at"])

    @admin.action(description="Re-parse from the stored source text")
    def reparse(self, request: HttpRequest, queryset: QuerySet[Resolution]) -> None:
        for resolution in queryset:
            try:
                parsed = parse_resolution(resolution.raw_text, source=resolution.source_name)
            except ParseError as exc:
                self.message_user(request, f"{resolution.label}: {exc}", messages.ERROR)
                continue
            stored, notes = store_with_pipeline(
                parsed,
                sha256=resolution.source_sha256,
                raw_text=resolution.raw_text,
                existing=resolution,
            )
            for note in notes:
                self.message_user(request, note, messages.WARNING)
            self.message_user(request, f"Re-parsed {stored.label}.")

    @admin.action(description="Re-apply topic rules")
    def reapply_topic_rules(self, request: HttpRequest, queryset: QuerySet[Resolution]) -> None:
        made = sum(topic_rules.apply_topic_rules(r) for r in queryset)
        self.message_user(request, f"Topic rules applied: {made} new topic links.")

    @admin.action(description="Mark as reviewed")
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Resolution]) -> None:
        count = queryset.update(reviewed=True)
        self.message_user(request, f"{count} marked as reviewed.")


@admin.register(Paragraph)
class ParagraphAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "verb_phrase", "verb", "site_link")
    list_filter = ("kind", "topics", "resolution__body")
    search_fields = ("text", "verb", "resolution__symbol", "resolution__title")
    list_select_related = ("resolution",)
    fields = (
        "resolution",
        "anchor",
        "number",
        "kind",
        "verb_phrase",
        "verb",
        "text",
        "curated_fields",
    )
    readonly_fields = ("resolution", "anchor", "number", "text")
    inlines = (ParagraphTopicInline,)

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj: Paragraph, form, change: bool) -> None:
        curation.mark_curated(
            obj, [n for n in form.changed_data if n in PARAGRAPH_CURATABLE_FIELDS]
        )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change: bool) -> None:
        # Every topic a curator adds or edits here is a hand-made choice.
        for topic_form in formset.forms:
            if topic_form.has_changed():
                topic_form.instance.source = ParagraphTopic.Source.MANUAL
        super().save_formset(request, form, formset, change)


@admin.register(Footnote)
class FootnoteAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = ("__str__", "marker", "site_link")
    search_fields = ("text", "resolution__symbol", "resolution__title")
    list_select_related = ("resolution",)
    raw_id_fields = ("resolution", "paragraph")


@admin.register(Body)
class BodyAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = ("name", "code", "parent", "resolution_count", "site_link")
    search_fields = ("name", "code")
    list_select_related = ("parent",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(resolution_total=Count("resolutions"))

    @admin.display(description="Resolutions", ordering="resolution_total")
    def resolution_count(self, obj: Body) -> int:
        return obj.resolution_total


# --- sponsors ------------------------------------------------------------------------------


class SponsorAliasInline(admin.TabularInline):
    model = SponsorAlias
    fields = ("alias",)
    extra = 1


class MergeSponsorsForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Sponsor.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this name; the others become its aliases",
    )


@admin.register(Sponsor)
class SponsorAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "resolution_count", "site_link")
    search_fields = ("name", "aliases__alias")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (SponsorAliasInline,)
    actions = ("merge",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(resolution_total=Count("sponsorships", distinct=True))
        )

    @admin.display(description="Resolutions", ordering="resolution_total")
    def resolution_count(self, obj: Sponsor) -> int:
        return obj.resolution_total

    @admin.action(description="Merge duplicates into one sponsor")
    def merge(self, request: HttpRequest, queryset: QuerySet[Sponsor]):
        sponsors = list(queryset.order_by("name"))
        if len(sponsors) < 2:
            self.message_user(request, "Select at least two sponsors to merge.", messages.ERROR)
            return None
        form = MergeSponsorsForm(request.POST if "apply" in request.POST else None)
        form.fields["target"].queryset = queryset
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            moved = curation.merge_sponsors(target, [s for s in sponsors if s != target])
            self.message_user(
                request, f"Merged {len(sponsors) - 1} sponsor(s) into {target} ({moved} moved)."
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge sponsors",
            "opts": self.model._meta,
            "sponsors": sponsors,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/resolutions/sponsor/merge.html", context)


@admin.register(SponsorAlias)
class SponsorAliasAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = ("alias", "sponsor", "site_link")
    search_fields = ("alias", "sponsor__name")
    autocomplete_fields = ("sponsor",)
    list_select_related = ("sponsor",)

    def save_model(self, request, obj: SponsorAlias, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # A sponsor already stored under this spelling is the same state: merge it.
        duplicate = Sponsor.objects.filter(name=obj.alias).exclude(pk=obj.sponsor_id).first()
        if duplicate is not None:
            curation.merge_sponsors(obj.sponsor, [duplicate])
            self.message_user(request, f"Merged the sponsor “{obj.alias}” into {obj.sponsor}.")


@admin.register(Sponsorship)
class SponsorshipAdmin(admin.ModelAdmin):
    list_display = ("sponsor", "resolution", "order")
    search_fields = ("sponsor__name", "resolution__symbol", "resolution__title")
    autocomplete_fields = ("sponsor", "resolution")
    list_select_related = ("sponsor", "resolution")
    view_on_site = staticmethod(resolution_url)


# --- topics and series -----------------------------------------------------------------------


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ("name", "slug", "description", "parent", "rules")

    def clean_rules(self) -> str:
        rules = self.cleaned_data["rules"]
        errors = []
        for line in rules.splitlines():
            try:
                topic_rules.parse_rule(line)
            except topic_rules.RuleError as exc:
                errors.append(str(exc))
        if errors:
            raise forms.ValidationError(errors)
        return rules


@admin.register(Topic)
class TopicAdmin(SiteLinkMixin, admin.ModelAdmin):
    form = TopicForm
    list_display = ("name", "slug", "parent", "paragraph_count", "site_link")
    list_filter = ("parent",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("parent",)
    actions = ("reapply_rules",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(paragraph_total=Count("paragraph_links", distinct=True))
        )

    @admin.display(description="Paragraph links", ordering="paragraph_total")
    def paragraph_count(self, obj: Topic) -> int:
        return obj.paragraph_total

    def save_model(self, request, obj: Topic, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "rules" in form.changed_data:
            made = topic_rules.apply_topic_rules_everywhere([obj])
            self.message_user(request, f"Rules applied to the archive: {made} new links.")

    @admin.action(description="Re-apply these topics' rules to every paragraph")
    def reapply_rules(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        made = topic_rules.apply_topic_rules_everywhere(list(queryset))
        self.message_user(request, f"Rules applied: {made} new topic links.")


@admin.register(ParagraphTopic)
class ParagraphTopicAdmin(admin.ModelAdmin):
    list_display = ("paragraph", "topic", "source", "excluded")
    list_filter = ("source", "excluded", "topic")
    raw_id_fields = ("paragraph",)
    autocomplete_fields = ("topic",)
    list_select_related = ("paragraph__resolution", "topic")

    def view_on_site(self, obj: ParagraphTopic) -> str:
        return obj.paragraph.get_absolute_url()

    def save_model(self, request, obj: ParagraphTopic, form, change: bool) -> None:
        obj.source = ParagraphTopic.Source.MANUAL
        super().save_model(request, obj, form, change)


@admin.register(Series)
class SeriesAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = ("name", "confirmed", "member_count", "site_link")
    list_filter = ("confirmed",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (SeriesMemberInline,)
    actions = ("confirm",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("resolutions"))

    @admin.display(description="Versions", ordering="member_total")
    def member_count(self, obj: Series) -> int:
        return obj.member_total

    def view_on_site(self, obj: Series) -> str:
        try:
            return obj.get_absolute_url()
        except Exception:  # the series page belongs to another part of the site
            first = obj.resolutions.first()
            return first.get_absolute_url() if first else "/"

    @admin.action(description="Confirm these series (their versions stay together)")
    def confirm(self, request: HttpRequest, queryset: QuerySet[Series]) -> None:
        for series in queryset:
            series.confirmed = True
            series.save(update_fields=["confirmed"])
        self.message_user(request, f"{queryset.count()} series confirmed.")


@admin.register(ParagraphLink)
class ParagraphLinkAdmin(admin.ModelAdmin):
    list_display = ("earlier", "later", "relation", "similarity", "moved")
    list_filter = ("relation", "moved")
    raw_id_fields = ("earlier", "later")
    list_select_related = ("earlier__resolution", "later__resolution")

    def view_on_site(self, obj: ParagraphLink) -> str:
        return obj.later.get_absolute_url()


@admin.register(Mandate)
class MandateAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = ("addressee", "verb", "paragraph", "site_link")
    search_fields = ("addressee", "action")
    raw_id_fields = ("paragraph",)
    list_select_related = ("paragraph__resolution",)


@admin.register(ResolutionSymbol)
class ResolutionSymbolAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = ("symbol", "kind", "resolution", "site_link")
    list_filter = ("kind",)
    search_fields = ("symbol", "resolution__symbol", "resolution__title")
    autocomplete_fields = ("resolution",)
    list_select_related = ("resolution",)


# --- citations -----------------------------------------------------------------------------


class ResolvedFilter(admin.SimpleListFilter):
    title = "resolved"
    parameter_name = "resolved"

    def lookups(self, request, model_admin):
        return (("yes", "Resolved to an archived text"), ("no", "Unresolved"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(target=None)
        if self.value() == "no":
            return queryset.filter(target=None)
        return queryset


@admin.register(Citation)
class CitationAdmin(SiteLinkMixin, admin.ModelAdmin):
    list_display = (
        "target_symbol",
        "kind",
        "resolution",
        "target",
        "target_curated",
        "site_link",
    )
    list_filter = (ResolvedFilter, "kind", "target_curated")
    search_fields = ("target_symbol", "text", "resolution__symbol")
    list_select_related = ("resolution", "target")
    autocomplete_fields = ("target",)
    fields = (
        "resolution",
        "paragraph",
        "footnote",
        "text",
        "target_symbol",
        "kind",
        "date",
        "title",
        "target",
        "target_curated",
    )
    readonly_fields = (
        "resolution",
        "paragraph",
        "footnote",
        "text",
        "target_symbol",
        "kind",
        "date",
        "title",
    )
    inlines = (CitationSuggestionInline,)
    view_on_site = staticmethod(resolution_url)

    def has_add_permission(self, request) -> bool:
        return False  # citations come from the texts

    def save_model(self, request, obj: Citation, form, change: bool) -> None:
        if "target" in form.changed_data:
            obj.target_curated = True
        super().save_model(request, obj, form, change)


def decide(suggestion: CitationSuggestion, *, accept: bool) -> None:
    """Use the citations part's own functions when it provides them."""
    from resolutions.services import citations

    name = "accept_suggestion" if accept else "reject_suggestion"
    func = getattr(citations, name, None)
    if func is not None:
        func(suggestion)
    else:
        curation.decide_suggestion(suggestion, accept=accept)


@admin.register(CitationSuggestion)
class CitationSuggestionAdmin(admin.ModelAdmin):
    list_display = ("citation", "suggested", "score", "status", "evidence_summary")
    list_filter = ("status",)
    search_fields = ("citation__target_symbol", "suggested__symbol", "suggested__title")
    list_select_related = ("citation__resolution", "suggested")
    raw_id_fields = ("citation",)
    autocomplete_fields = ("suggested",)
    readonly_fields = ("created_at", "decided_at")
    actions = ("accept", "reject")

    def view_on_site(self, obj: CitationSuggestion) -> str:
        return obj.get_absolute_url()

    @admin.display(description="Evidence")
    def evidence_summary(self, obj: CitationSuggestion) -> str:
        if isinstance(obj.evidence, dict):
            return "; ".join(f"{k}: {v}" for k, v in obj.evidence.items())[:200]
        return str(obj.evidence)[:200]

    @admin.action(description="Accept: link the citation to the suggested resolution")
    def accept(self, request: HttpRequest, queryset: QuerySet[CitationSuggestion]) -> None:
        for suggestion in queryset.select_related("citation", "suggested"):
            decide(suggestion, accept=True)
        self.message_user(request, f"{queryset.count()} suggestion(s) accepted.")

    @admin.action(description="Reject")
    def reject(self, request: HttpRequest, queryset: QuerySet[CitationSuggestion]) -> None:
        for suggestion in queryset.select_related("citation", "suggested"):
            decide(suggestion, accept=False)
        self.message_user(request, f"{queryset.count()} suggestion(s) rejected.")
