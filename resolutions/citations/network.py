"""The citation network: archived resolutions and the documents they cite most.

Everything is aggregated in SQL and capped (GRAPH_SYMBOLS cited nodes, GRAPH_CITERS citing
nodes), so the page costs the same few queries on five texts or fifty thousand.
The picture is laid out here, as coordinates, and drawn by a template as SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Count, Max, QuerySet

from resolutions.models import Body, Citation, Resolution
from resolutions.services.citations import symbol_url

TABLE_SIZE = 30  # rows of the "most cited" table
GRAPH_SYMBOLS = 20  # cited documents drawn
GRAPH_CITERS = 20  # citing resolutions drawn

# Layout of the picture, in SVG user units.
ROW = 30
TOP = 40
WIDTH = 960
LEFT_X = 330
RIGHT_X = 630


class NetworkFilterForm(forms.Form):
    """Which citing resolutions to count: a span of years and a body."""

    year_from = forms.IntegerField(
        label="From year", required=False, min_value=1945, max_value=2100
    )
    year_to = forms.IntegerField(label="To year", required=False, min_value=1945, max_value=2100)
    body = forms.ChoiceField(label="Body", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(resolutions__isnull=False).distinct().order_by("name")
        self.fields["body"].choices = [("", "All bodies")] + [(b.code, b.name) for b in bodies]

    def filter(self, citations: QuerySet[Citation]) -> QuerySet[Citation]:
        if not self.is_valid():
            return citations
        data = self.cleaned_data
        if data.get("year_from") is not None:
            citations = citations.filter(resolution__year__gte=data["year_from"])
        if data.get("year_to") is not None:
            citations = citations.filter(resolution__year__lte=data["year_to"])
        if data.get("body"):
            citations = citations.filter(resolution__body__code=data["body"])
        return citations


@dataclass(slots=True)
class Node:
    key: str
    label: str
    title: str
    href: str
    x: int
    y: int
    archived: bool
    citing: bool
    weight: int = 0

    @property
    def label_x(self) -> int:
        return self.x - 12 if self.citing else self.x + 12


@dataclass(slots=True)
class Edge:
    source: Node
    target: Node
    count: int

    @property
    def path(self) -> str:
        mid = (self.source.x + self.target.x) // 2
        s, t = self.source, self.target
        return f"M{s.x},{s.y} C{mid},{s.y} {mid},{t.y} {t.x},{t.y}"

    @property
    def width(self) -> int:
        return 1 + min(self.count, 4)


@dataclass(slots=True)
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = WIDTH
    height: int = TOP

    @property
    def citing(self) -> list[Node]:
        return [n for n in self.nodes if n.citing]

    @property
    def cited(self) -> list[Node]:
        return [n for n in self.nodes if not n.citing]


def short_label(resolution: Resolution) -> str:
    """A node's label: the symbol, or body and year for an unnumbered draft."""
    if resolution.symbol:
        return resolution.symbol
    kind = resolution.get_document_type_display().split()[0].lower()
    parts = [resolution.body.code if resolution.body else "", kind, str(resolution.year or "")]
    label = " ".join(p for p in parts if p)
    return label[0].upper() + label[1:]


def network(form: NetworkFilterForm) -> dict[str, Any]:
    """The most cited table and the graph, in five queries."""
    citations = form.filter(Citation.objects.all())
    most_cited = list(
        citations.values("target_symbol")
        .annotate(
            citing_texts=Count("resolution", distinct=True),
            citations=Count("pk"),
            cited_kind=Max("kind"),
            archived_id=Max("target"),
        )
        .order_by("-citing_texts", "-citations", "target_symbol")[:TABLE_SIZE]
    )
    top = [row["target_symbol"] for row in most_cited[:GRAPH_SYMBOLS]]
    citers = list(
        citations.filter(target_symbol__in=top)
        .values("resolution")
        .annotate(cited=Count("target_symbol", distinct=True))
        .order_by("-cited", "resolution")[:GRAPH_CITERS]
    )
    citer_ids = [row["resolution"] for row in citers]
    edges = list(
        citations.filter(resolution__in=citer_ids, target_symbol__in=top)
        .values("resolution", "target_symbol")
        .annotate(count=Count("pk"))
    )
    target_ids = {row["archived_id"] for row in most_cited if row["archived_id"]}
    resolutions = Resolution.objects.select_related("body").in_bulk(set(citer_ids) | target_ids)
    for row in most_cited:
        row["target"] = resolutions.get(row["archived_id"])
        row["href"] = (
            row["target"].get_absolute_url() if row["target"] else symbol_url(row["target_symbol"])
        )
    graph = layout(most_cited[:GRAPH_SYMBOLS], citer_ids, resolutions, edges)
    return {"most_cited": most_cited, "graph": graph}


def layout(
    cited_rows: list[dict[str, Any]],
    citer_ids: list[int],
    resolutions: dict[int, Resolution],
    edge_rows: list[dict[str, Any]],
) -> Graph:
    """Two columns: citing texts on the left by year, cited documents on the right by rank."""
    graph = Graph()
    citing_nodes: dict[int, Node] = {}
    ordered = sorted(
        (resolutions[pk] for pk in citer_ids if pk in resolutions),
        key=lambda r: (r.year or 0, short_label(r)),
    )
    # The shorter column is centred against the longer one.
    rows = max(len(ordered), len(cited_rows), 1)
    left_top = TOP + (rows - len(ordered)) * ROW // 2
    right_top = TOP + (rows - len(cited_rows)) * ROW // 2
    for i, r in enumerate(ordered):
        node = Node(
            key=f"r{r.pk}",
            label=f"{short_label(r)}",
            title=r.title or r.label,
            href=r.get_absolute_url(),
            x=LEFT_X,
            y=left_top + i * ROW,
            archived=True,
            citing=True,
        )
        citing_nodes[r.pk] = node
        graph.nodes.append(node)
    cited_nodes: dict[str, Node] = {}
    for i, row in enumerate(cited_rows):
        target = row.get("target")
        node = Node(
            key=f"s{i}",
            label=row["target_symbol"],
            title=(target.title if target else "") or row["target_symbol"],
            href=row["href"],
            x=RIGHT_X,
            y=right_top + i * ROW,
            archived=target is not None,
            citing=False,
            weight=row["citing_texts"],
        )
        cited_nodes[row["target_symbol"]] = node
        graph.nodes.append(node)
    for row in edge_rows:
        source = citing_nodes.get(row["resolution"])
        target = cited_nodes.get(row["target_symbol"])
        if source and target:
            source.weight += 1
            graph.edges.append(Edge(source, target, row["count"]))
    graph.height = TOP + rows * ROW
    return graph


def network_to_dict(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON twin of the network page."""
    graph: Graph = data["graph"]
    return {
        "most_cited": [
            {
                "symbol": row["target_symbol"],
                "kind": row["cited_kind"],
                "citing_texts": row["citing_texts"],
                "citations": row["citations"],
                "archived": row["target"].slug if row["target"] else None,
                "url": row["href"],
            }
            for row in data["most_cited"]
        ],
        "nodes": [
            {
                "id": n.key,
                "label": n.label,
                "url": n.href,
                "citing": n.citing,
                "archived": n.archived,
            }
            for n in graph.nodes
        ],
        "edges": [
            {"source": e.source.key, "target": e.target.key, "count": e.count} for e in graph.edges
        ],
    }
