"""The window's ordering: a page's rows are those a full sort puts there, ties included;
grouped results are those of grouping the fully sorted rows."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolutions.search.query import parse
from resolutions.search.service import (
    GROUP_PREVIEW,
    ORDER,
    RANK,
    RESOLUTION,
    Window,
    group_previews,
    in_order,
    resolutions_in_order,
)

# Few distinct ranks, resolutions and orders, so that ties at a page's edge are common.
row_parts = st.tuples(
    st.integers(0, 5),  # resolution
    st.integers(0, 4),  # order in the text
    st.sampled_from([0.5, 1.0, 1.5, 2.0]),  # rank
)


def window_from(parts: list[tuple[int, int, float]], place_seed: int) -> Window:
    rows = [
        (pk, res, order, "urge", "operative", rank) for pk, (res, order, rank) in enumerate(parts)
    ]
    resolutions = sorted({res for res, _, _ in parts}, key=lambda r: (r * place_seed) % 7)
    return Window(
        rows=rows,
        per_resolution=Counter(res for res, _, _ in parts),
        place={res: i for i, res in enumerate(resolutions)},
    )


def sorted_plainly(window: Window, sort: str, ranked: bool) -> list[tuple]:
    """The order in_order() promises, by a key function over every row."""
    if sort == "relevance" and ranked:
        return sorted(window.rows, key=lambda r: (-r[RANK], window.place[r[RESOLUTION]], r[ORDER]))
    return sorted(window.rows, key=lambda r: (window.place[r[RESOLUTION]], r[ORDER]))


@settings(max_examples=500)
@given(
    parts=st.lists(row_parts, max_size=60),
    start=st.integers(0, 70),
    length=st.integers(0, 20),
    sort=st.sampled_from(["relevance", "newest", "oldest"]),
    ranked=st.booleans(),
    place_seed=st.integers(1, 6),
)
def test_a_pages_rows_are_those_a_full_sort_puts_there(
    parts, start, length, sort, ranked, place_seed
):
    window = window_from(parts, place_seed)
    full = sorted_plainly(window, sort, ranked)
    assert in_order(window, sort, ranked) == full
    assert in_order(window, sort, ranked, start, start + length) == full[start : start + length]


def test_relevance_orders_by_rank_then_date_place_then_text_order():
    window = window_from([(1, 2, 1.0), (0, 3, 1.0), (0, 1, 1.0), (2, 0, 2.0)], place_seed=1)
    ordered = in_order(window, "relevance", ranked=True, end=3)
    # Best rank first; among equal ranks, the resolution placed first, then text order.
    assert [row[0] for row in ordered] == [3, 2, 1]
    by_date = in_order(window, "newest", ranked=True)
    assert [row[0] for row in by_date] == [2, 1, 0, 3]


@pytest.mark.parametrize("start", [0, 5, 29, 30, 31, 58])
@pytest.mark.parametrize("length", [1, 2, 3])
def test_pages_inside_and_across_large_ties(start, length):
    """Two ranks only, as PostgreSQL gives most paragraphs of a common phrase: a page within
    one tie is narrowed by the next keys; a page across the two ties must not be."""
    parts = [(i % 6, i % 4, 2.0 if i < 30 else 1.0) for i in range(60)]
    window = window_from(parts, place_seed=5)
    full = sorted_plainly(window, "relevance", ranked=True)
    assert (
        in_order(window, "relevance", True, start, start + length) == full[start : start + length]
    )


def grouped_by_full_sort(window: Window, sort: str, ranked: bool) -> dict[int, list[tuple]]:
    """The plain way to group: sort every row, then collect each resolution's rows in turn."""
    groups: dict[int, list[tuple]] = {}
    for row in in_order(window, sort, ranked):
        groups.setdefault(row[RESOLUTION], []).append(row)
    return groups


@settings(max_examples=300)
@given(
    parts=st.lists(row_parts, max_size=60),
    sort=st.sampled_from(["relevance", "newest", "oldest"]),
    ranked=st.booleans(),
    place_seed=st.integers(1, 6),
    shown=st.integers(0, 6),
)
def test_groups_are_those_of_the_fully_sorted_rows(parts, sort, ranked, place_seed, shown):
    window = window_from(parts, place_seed)
    groups = grouped_by_full_sort(window, sort, ranked)
    expected = list(groups)
    if ranked and sort == "relevance":
        # A group's place is its best paragraph's rank; ties go to the lower resolution id.
        expected.sort(key=lambda pk: (-groups[pk][0][RANK], pk))
    order = resolutions_in_order(window, sort, ranked)
    assert order == expected
    query = parse("words" if ranked else "")
    previews = group_previews(window, sort, query, order[:shown])
    assert previews == [row for pk in order[:shown] for row in groups[pk][:GROUP_PREVIEW]]
