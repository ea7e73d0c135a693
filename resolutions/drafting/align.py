"""Paragraph similarity and the alignment of two versions of a text.

Pure Python. Two versions are aligned as a whole: an optimal one-to-one assignment (the
Hungarian algorithm, O(n^3)) over the similarity matrix, keeping only pairs above a
threshold, so one popular paragraph cannot steal the counterpart of another as a greedy
pairing would. Paragraph numbers are never compared, so renumbering does not matter;
reordering is reported as `moved`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# Ordinal modifiers change with a paragraph's position ("Requests" becomes "Also requests"
# when another request precedes it): they say nothing about the wording.
POSITIONAL = frozenset({"also", "further", "again", "once", "moreover", "furthermore"})
THRESHOLD = 0.5


def words(text: str) -> list[str]:
    """Lower-case word tokens, punctuation dropped."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def comparable(text: str) -> list[str]:
    """Words of a paragraph with its leading positional modifiers dropped."""
    tokens = words(text)
    i = 0
    while i < len(tokens) - 1 and tokens[i] in POSITIONAL:
        i += 1
    return tokens[i:]


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """How alike two token lists are, 0..1: the share of words in common runs, in order."""
    return similarity_matrix([a], [b])[0][0]


def similarity_matrix(
    rows: Sequence[Sequence[str]], columns: Sequence[Sequence[str]]
) -> list[list[float]]:
    """`similarity` of every row with every column, sharing the matcher's work per column."""
    matrix = [[0.0] * len(columns) for _ in rows]
    matcher = SequenceMatcher(None, autojunk=False)
    for j, b in enumerate(columns):
        # SequenceMatcher caches what it learns about its second sequence: set it once.
        matcher.set_seq2(b)
        for i, a in enumerate(rows):
            if not a or not b:
                matrix[i][j] = 1.0 if not a and not b else 0.0
                continue
            matcher.set_seq1(a)
            # Cheap upper bounds first: most pairs of paragraphs are obviously unrelated.
            if matcher.real_quick_ratio() < THRESHOLD * 0.8:
                matrix[i][j] = matcher.real_quick_ratio() * 0.5
            elif (quick := matcher.quick_ratio()) < THRESHOLD * 0.8:
                matrix[i][j] = quick * 0.5
            else:
                matrix[i][j] = matcher.ratio()
    return matrix


def hungarian(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment of rows to columns; returns (row, column) pairs.

    The classic O(n^2 m) potentials method on costs = -weight; every row of the smaller side
    gets a column, pairs of zero weight are left for the caller to drop.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if not n or not m:
        return []
    transposed = n > m
    if transposed:
        weights = [[weights[i][j] for i in range(n)] for j in range(m)]
        n, m = m, n
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: the row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -weights[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j]]
    if transposed:
        pairs = [(j, i) for i, j in pairs]
    return sorted(pairs)


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence of `values` (patience sort)."""
    tails: list[int] = []  # index into values of the smallest tail of each length
    prev = [-1] * len(values)
    for i, value in enumerate(values):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if values[tails[mid]] < value:
                lo = mid + 1
            else:
                hi = mid
        if lo:
            prev[i] = tails[lo - 1]
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    keep: set[int] = set()
    i = tails[-1] if tails else -1
    while i != -1:
        keep.add(i)
        i = prev[i]
    return keep


@dataclass(frozen=True, slots=True)
class Pair:
    """Paragraph `a` of the earlier version matched with paragraph `b` of the later one."""

    a: int
    b: int
    similarity: float
    unchanged: bool
    moved: bool


def align(
    earlier: Sequence[str], later: Sequence[str], *, threshold: float = THRESHOLD
) -> list[Pair]:
    """Align two versions given as lists of paragraph texts (in document order).

    Returns the matched pairs in the order of `earlier`. A pair is `unchanged` when its
    words are identical, and `moved` when it is out of order relative to the other pairs
    (those outside a longest run that keeps its order), so that renumbering after an
    insertion is not a move.
    """
    a_words = [comparable(t) for t in earlier]
    b_words = [comparable(t) for t in later]
    matrix = similarity_matrix(a_words, b_words)
    weights = [[s if s >= threshold else 0.0 for s in row] for row in matrix]
    chosen = [(i, j) for i, j in hungarian(weights) if weights[i][j] > 0]
    in_order = longest_increasing([j for _, j in chosen])
    return [
        Pair(
            a=i,
            b=j,
            similarity=round(matrix[i][j], 4),
            unchanged=words(earlier[i]) == words(later[j]),
            moved=k not in in_order,
        )
        for k, (i, j) in enumerate(chosen)
    ]
