"""Pages for what curators maintain: sponsors (and topics)."""

from __future__ import annotations

from django.views.generic import DetailView

from resolutions.models import Resolution, Sponsor


class SponsorDetailView(DetailView):
    model = Sponsor
    context_object_name = "sponsor"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["resolutions"] = Resolution.objects.with_related().filter(sponsors=self.object)
        return context
