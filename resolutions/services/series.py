"""Series: group the yearly versions of a recurring resolution.

Two texts are versions of one resolution when they share operative paragraphs: a paragraph
of one is "shared" with the other when most of its three-word shingles (word trigrams) occur
in one paragraph of the other (containment, so that a paragraph that grew from one year to
the next still counts). Three shared paragraphs make two texts versions of one resolution;
two are enough when their titles are also alike. Titles alone are never enough: a recurring
resolution is sometimes renamed (the 2005 text of the UNODC counter-terrorism series has
another title), and unrelated texts share generic titles. Versions are grouped transitively,
and two groups never share a series (keep_apart).

Curators have the last word: resolutions in a confirmed series, and resolutions whose
``series`` is in their curated_fields, are never moved; new texts similar to them join
their series.

After a load only the loaded texts, and the suggested series they were in, are regrouped,
each text compared with its likely relatives (texts with a like title, the texts it cites or
that cite it, its series' members) rather than with the whole archive, which takes minutes
at tens of thousands of texts; other texts stay where they are, so two earlier suggestions
that a new text links are not merged. A load of a quarter of the archive or more, and
`suggest_series()` without texts (`load_resolutions --all-series`), regroup everything.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from itertools import combinations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from resolutions.models import Citation, Paragraph, Resolution, Series

SHINGLE_SIZE = 3
# Share of a paragraph's shingles found in another for the two to count as one paragraph.
PARAGRAPH_CONTAINMENT = 0.5
# Paragraphs shorter than this (in shingles) are formulae ("Decides to remain seized ...").
MIN_SHINGLES = 8
SHARED_PARAGRAPHS = 3
SHARED_PARAGRAPHS_WITH_TITLE = 2
TITLE_THRESHOLD = 0.6
# A shingle found in more paragraphs than this is boilerplate, not evidence of kinship.
COMMON_SHINGLE_LIMIT = 200
# Relatives of a loaded text by title: looser than TITLE_THRESHOLD, since a relative is only
# compared, and a recurring title is often reworded.
RELATIVE_TITLE_THRESHOLD = 0.4
# Title words in more than this share of titles ("resolution", "united") find no relatives.
COMMON_TITLE_WORD_SHARE = 0.05
# The most relatives by title of one text, the likest first: a recurring title comes back
# dozens of times, and one version is enough to join their series.
TITLE_RELATIVES = 50

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def shingles(texts: Iterable[str], size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """The word n-grams of each text (n-grams never span two texts)."""
    result: set[tuple[str, ...]] = set()
    for text in texts:
        w = words(text)
        result.update(tuple(w[i : i + size]) for i in range(len(w) - size + 1))
    return result


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def title_similarity(a: str, b: str) -> float:
    return jaccard(set(words(a)), set(words(b)))


def shared_paragraphs(
    paragraphs: list[tuple[int, int, str]], movable: set[int] | None = None
) -> dict[tuple[int, int], int]:
    """For each pair of resolutions (ids, smaller first), how many paragraphs they share;
    with `movable`, only pairs with at least one of those resolutions.

    `paragraphs` are (paragraph id, resolution id, text). Candidate paragraph pairs come from
    an inverted index of shingles, so paragraphs with nothing in common are never compared."""
    prints: dict[int, set] = {}
    owner: dict[int, int] = {}
    index: dict[tuple, list[int]] = defaultdict(list)
    for pk, resolution_id, text in paragraphs:
        grams = shingles([text])
        if len(grams) < MIN_SHINGLES:
            continue
        prints[pk], owner[pk] = grams, resolution_id
        for gram in grams:
            index[gram].append(pk)
    common: Counter[tuple[int, int]] = Counter()
    for pks in index.values():
        if 1 < len(pks) <= COMMON_SHINGLE_LIMIT:
            for a, b in combinations(pks, 2):
                if owner[a] != owner[b] and (
                    movable is None or owner[a] in movable or owner[b] in movable
                ):
                    common[(a, b)] += 1
    # Each side counts its own paragraphs that have a counterpart; the pair shares the lesser.
    matched: dict[tuple[int, int], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for (a, b), n in common.items():
        if n / min(len(prints[a]), len(prints[b])) < PARAGRAPH_CONTAINMENT:
            continue
        if owner[a] > owner[b]:
            a, b = b, a
        left, right = matched[(owner[a], owner[b])]
        left.add(a)
        right.add(b)
    return {pair: min(len(left), len(right)) for pair, (left, right) in matched.items()}


def similar_pairs(resolutions: list[Resolution], movable: set[int]) -> list[tuple[int, int]]:
    """Pairs of resolution ids that look like versions of one resolution; at least one of
    each pair is movable."""
    titles = {r.pk: r.title for r in resolutions}
    rows = Paragraph.objects.filter(
        kind=Paragraph.Kind.OPERATIVE, resolution_id__in=list(titles)
    ).values_list("pk", "resolution_id", "text")
    pairs = []
    for (a, b), shared in shared_paragraphs(list(rows), movable).items():
        if shared >= SHARED_PARAGRAPHS or (
            shared >= SHARED_PARAGRAPHS_WITH_TITLE
            and title_similarity(titles[a], titles[b]) >= TITLE_THRESHOLD
        ):
            pairs.append((a, b))
    return pairs


def suggest_series(changed: Collection[int] | None = None) -> list[Series]:
    """Group resolutions not yet in a confirmed series; returns the series whose
    membership changed. With `changed` (the ids of texts just loaded), only those texts and
    their series are regrouped, among their relatives (see the module docstring); a load of
    a quarter of the archive or more regroups everything."""
    resolutions = Resolution.objects.select_related("series").only(
        "pk", "title", "year", "date", "series", "curated_fields"
    )
    if changed is not None:
        changed = set(changed)
        if not changed:
            return []
        if len(changed) * 4 >= Resolution.objects.count():
            changed = None  # most of the archive was loaded: regroup it all
        else:
            resolutions = resolutions.filter(pk__in=changed | relatives(changed))
    resolutions = list(resolutions)
    by_pk = {r.pk: r for r in resolutions}
    fixed = {
        r.pk
        for r in resolutions
        if (r.series is not None and r.series.confirmed) or "series" in (r.curated_fields or [])
    }
    movable = set(by_pk) - fixed
    if changed is not None:
        # Texts in no series may join one, and the series a loaded text was in are regrouped
        # (it may have left them, or been what held them together); other texts stay put.
        regrouped = {by_pk[pk].series_id for pk in changed if pk in by_pk} - {None}
        movable = {
            pk
            for pk in movable
            if pk in changed or by_pk[pk].series_id in regrouped or by_pk[pk].series_id is None
        }
    if not movable:
        return []
    parent = {pk: pk for pk in by_pk}

    def find(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for a, b in similar_pairs(resolutions, movable):
        parent[find(a)] = find(b)
    groups: dict[int, list[Resolution]] = defaultdict(list)
    for pk in by_pk:
        groups[find(pk)].append(by_pk[pk])

    touched: dict[int, Series] = {}
    for members, series in keep_apart(list(groups.values()), movable, fixed):
        if series is None and len(members) > 1:
            series = new_series(members)
        for resolution in members:
            if resolution.pk in movable and resolution.series_id != (series and series.pk):
                for item in (resolution.series, series):
                    if item is not None:
                        touched[item.pk] = item
                resolution.series = series
                Resolution.objects.filter(pk=resolution.pk).update(series=series)
    # A suggested series left with no member is a suggestion nobody needs any more.
    Series.objects.filter(confirmed=False, resolutions=None).delete()
    return [s for s in touched.values() if Series.objects.filter(pk=s.pk).exists()]


def keep_apart(
    groups: list[list[Resolution]], movable: set[int], fixed: set[int]
) -> list[tuple[list[Resolution], Series | None]]:
    """The groups with a text that may move, each with the series it is to be in
    (choose_series). Groups that are not versions of one another never share a series: one
    holds a series when a text of it that may not move is in it (a curator's, or after a
    load one placed before); a series held by one group is lost by any other that chose it,
    and a series nobody holds is kept by the group with most of its members if that is
    more than half of them (a suggestion's name is its members'). The others start afresh."""
    holders: dict[int, set[int]] = defaultdict(set)
    size: Counter[int] = Counter()
    for i, members in enumerate(groups):
        for r in members:
            size[r.series_id] += 1
            if r.pk not in movable and r.series_id is not None:
                holders[r.series_id].add(i)
    plans = [
        (i, members, choose_series(members, fixed))
        for i, members in enumerate(groups)
        if any(r.pk in movable for r in members)
    ]
    largest: dict[int, tuple[int, int]] = {}  # unheld series id -> (its members, group)
    for i, members, series in plans:
        if series is not None and not holders[series.pk]:
            inside = sum(r.series_id == series.pk for r in members)
            if series.pk not in largest or inside > largest[series.pk][0]:
                largest[series.pk] = (inside, i)
    kept = []
    for i, members, series in plans:
        if series is not None:
            held = holders[series.pk]
            if held:
                keeps = i in held
            else:
                inside, leader = largest[series.pk]
                keeps = i == leader and inside * 2 > size[series.pk]
            series = series if keeps else None
        kept.append((members, series))
    return kept


def relatives(changed: set[int]) -> set[int]:
    """Texts that may be versions of the `changed` ones: those with a like title, those they
    cite or that cite them, and the members of their series. A renamed version is found
    through its citations: a recurring resolution recalls its predecessor."""
    found: set[int] = set()
    found.update(
        Citation.objects.filter(resolution_id__in=changed, target__isnull=False).values_list(
            "target_id", flat=True
        )
    )
    found.update(
        Citation.objects.filter(target_id__in=changed).values_list("resolution_id", flat=True)
    )
    found.update(
        Resolution.objects.filter(
            series__isnull=False, series__resolutions__in=changed
        ).values_list("pk", flat=True)
    )
    found |= like_titles(changed, dict(Resolution.objects.values_list("pk", "title")))
    return found - changed


def like_titles(changed: set[int], titles: dict[int, str]) -> set[int]:
    """For each of the `changed` texts, the TITLE_RELATIVES texts whose titles are likest to
    its own (RELATIVE_TITLE_THRESHOLD at least), found through an index of less common words."""
    vocabulary = {pk: set(words(title)) for pk, title in titles.items()}
    index: dict[str, list[int]] = defaultdict(list)
    for pk, title_words in vocabulary.items():
        for word in title_words:
            index[word].append(pk)
    common = max(20, int(len(titles) * COMMON_TITLE_WORD_SHARE))
    found: set[int] = set()
    for pk in changed & vocabulary.keys():
        mine = vocabulary[pk]
        sharing = {other for word in mine if len(index[word]) <= common for other in index[word]}
        sharing.discard(pk)
        alike = ((jaccard(mine, vocabulary[other]), other) for other in sharing)
        likest = heapq.nlargest(TITLE_RELATIVES, alike)
        found.update(other for score, other in likest if score >= RELATIVE_TITLE_THRESHOLD)
    return found


def choose_series(members: list[Resolution], fixed: set[int]) -> Series | None:
    """The series a group joins: a curator's (confirmed or curated) one first, else the
    suggested series most of its members are already in."""
    curated = Counter(r.series for r in members if r.pk in fixed and r.series is not None)
    if curated:
        return max(curated, key=lambda s: (s.confirmed, curated[s], -s.pk))
    suggested = Counter(r.series for r in members if r.series is not None)
    if suggested and len(members) > 1:
        return max(suggested, key=lambda s: (suggested[s], -s.pk))
    return None


def new_series(members: list[Resolution]) -> Series:
    """A suggested series named after its latest version's title."""
    latest = max(members, key=lambda r: (r.year or 0, r.date.toordinal() if r.date else 0, r.pk))
    name = (latest.title or f"Series of {latest}")[:300]
    base = slugify(name)[:180] or "series"
    for n in itertools.count(1):
        slug = base if n == 1 else f"{base}-{n}"
        if Series.objects.filter(slug=slug).exists():
            continue
        try:
            # A loader running at the same time may take the slug between the check and the
            # insert: the savepoint keeps this transaction usable, and the next slug is tried.
            with transaction.atomic():
                return Series.objects.create(name=name, slug=slug, confirmed=False)
        except IntegrityError:
            continue
    raise AssertionError("unreachable")
