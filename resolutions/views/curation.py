"""Pages for what curators maintain: topics and sponsors."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from resolutions.models import Sponsor, Topic
from resolutions.services import curation, topics


class TopicListView(TemplateView):
    template_name = "resolutions/topic_list.html"
    extra_context = {"nav": "topics"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = topics.topic_tree()
        return context


class TopicDetailView(ListView):
    """A topic's paragraphs across years, newest first."""

    template_name = "resolutions/topic_detail.html"
    context_object_name = "paragraphs"
    paginate_by = 25
    extra_context = {"nav": "topics"}

    def get_queryset(self):
        self.topic = get_object_or_404(
            Topic.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return topics.topic_paragraphs(self.topic)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        context["subtopics"] = list(self.topic.children.order_by("name"))
        return context


class SponsorListView(ListView):
    template_name = "resolutions/sponsor_list.html"
    context_object_name = "sponsors"
    extra_context = {"nav": "sponsors"}

    def get_queryset(self):
        return curation.sponsor_list()


class SponsorDetailView(DetailView):
    model = Sponsor
    context_object_name = "sponsor"
    extra_context = {"nav": "sponsors"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["resolutions"] = curation.sponsored_resolutions(self.object)
        context["aliases"] = list(self.object.aliases.order_by("alias"))
        return context
