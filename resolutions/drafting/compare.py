"""Two resolutions side by side: paragraphs aligned, words inserted and deleted."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from resolutions.drafting import diff
from resolutions.drafting.align import align
from resolutions.models import Paragraph, Resolution

UNCHANGED = "unchanged"
AMENDED = "amended"
NEW = "new"
DROPPED = "dropped"
STATUS_LABELS = {
    UNCHANGED: "Unchanged",
    AMENDED: "Amended",
    NEW: "New",
    DROPPED: "Dropped",
}


@dataclass(slots=True)
class Row:
    """One aligned row: a paragraph of A, of B, or both."""

    a: Paragraph | None
    b: Paragraph | None
    status: str
    moved: bool = False
    similarity: float = 0.0
    segments: list[diff.Segment] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status] + (", moved" if self.moved else "")

    @property
    def a_html(self) -> SafeString:
        return diff.as_html(self.segments, show=(diff.EQUAL, diff.DELETE))

    @property
    def b_html(self) -> SafeString:
        return diff.as_html(self.segments, show=(diff.EQUAL, diff.INSERT))

    @property
    def changes(self) -> dict[str, list[str]]:
        return diff.changes(self.segments)


@dataclass(slots=True)
class Comparison:
    a: Resolution
    b: Resolution
    rows: list[Row]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def summary(self) -> dict[str, int]:
        counts = {status: self.count(status) for status in STATUS_LABELS}
        counts["moved"] = sum(1 for row in self.rows if row.moved)
        return counts


def as_is(paragraph: Paragraph) -> list[diff.Segment]:
    return [diff.Segment(diff.EQUAL, paragraph.text)]


def compare(a: Resolution, b: Resolution) -> Comparison:
    """Align `a` with `b` (one query for both texts). Rows follow B's order; a paragraph
    only in A comes right after the row of the A paragraph before it."""
    paragraphs = list(Paragraph.objects.filter(resolution__in=[a.pk, b.pk]).order_by("order"))
    for paragraph in paragraphs:
        paragraph.resolution = a if paragraph.resolution_id == a.pk else b  # no query per link
    a_paras = [p for p in paragraphs if p.resolution_id == a.pk]
    b_paras = [p for p in paragraphs if p.resolution_id == b.pk]
    pairs = align([p.text for p in a_paras], [p.text for p in b_paras])
    keyed: list[tuple[tuple[int, int, int], Row]] = []
    a_to_b = {pair.a: pair.b for pair in pairs}
    for pair in pairs:
        pa, pb = a_paras[pair.a], b_paras[pair.b]
        segments = as_is(pb) if pair.unchanged else diff.diff_words(pa.text, pb.text)
        row = Row(pa, pb, UNCHANGED if pair.unchanged else AMENDED, pair.moved)
        row.similarity, row.segments = pair.similarity, segments
        keyed.append(((pair.b, 0, 0), row))
    matched_b = set(a_to_b.values())
    for j, pb in enumerate(b_paras):
        if j not in matched_b:
            keyed.append(
                ((j, 0, 0), Row(None, pb, NEW, segments=[diff.Segment(diff.EQUAL, pb.text)]))
            )
    previous_b = -1
    for i, pa in enumerate(a_paras):
        if i in a_to_b:
            previous_b = a_to_b[i]
            continue
        keyed.append(
            (
                (previous_b, 1, i),
                Row(pa, None, DROPPED, segments=[diff.Segment(diff.EQUAL, pa.text)]),
            )
        )
    keyed.sort(key=lambda item: item[0])
    return Comparison(a, b, [row for _, row in keyed])
