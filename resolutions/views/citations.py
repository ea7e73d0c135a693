"""Symbol pages and the citation network, with their JSON twins."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from resolutions.citations.network import NetworkFilterForm, network, network_to_dict
from resolutions.citations.symbols import canonical_symbol, symbol_info
from resolutions.serializers import symbol_to_dict


def _symbol_or_404(raw: str) -> str:
    symbol = canonical_symbol(raw)
    if symbol is None:
        raise Http404("Not a United Nations document symbol.")
    return symbol


class SymbolDetailView(TemplateView):
    """A cited document: what the archive knows of it and every paragraph that cites it."""

    template_name = "resolutions/symbol_detail.html"

    def get(self, request, *args, symbol: str, **kwargs):
        canonical = _symbol_or_404(symbol)
        if canonical != symbol:
            return redirect("resolutions:symbol-detail", symbol=canonical, permanent=True)
        return super().get(request, *args, symbol=symbol, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(symbol_info(kwargs["symbol"], self.request.GET.get("page")))
        return context


class SymbolDetailAPIView(View):
    def get(self, request, symbol: str):
        canonical = _symbol_or_404(symbol)
        if canonical != symbol:
            return redirect("resolutions:api-symbol-detail", symbol=canonical, permanent=True)
        info = symbol_info(canonical, request.GET.get("page"))
        return JsonResponse(
            symbol_to_dict(info, request), json_dumps_params={"ensure_ascii": False}
        )


class NetworkView(TemplateView):
    """The graph of archived resolutions and what they cite most, and a most-cited table."""

    template_name = "resolutions/network.html"
    extra_context = {"nav": "network"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = NetworkFilterForm(self.request.GET or None)
        context["form"] = form
        context.update(network(form))
        return context


class NetworkAPIView(View):
    def get(self, request):
        data = network(NetworkFilterForm(request.GET or None))
        return JsonResponse(network_to_dict(data), json_dumps_params={"ensure_ascii": False})
