"""The mandate parser's fast paths answer exactly as the plain regular expressions did:
request starts are tried only where a clause can start, and an action's tail is trimmed
without a regex tried at every position."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from resolutions.drafting import mandates
from resolutions.drafting.mandates import (
    CLAUSE_BOUNDARY,
    REQUEST,
    request_starts,
    requests,
    trim_action,
)
from resolutions.parsing import parse_resolution
from resolutions.parsing.reader import decode

from .conftest import SEED_DIR


def slow_request_starts(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in REQUEST.finditer(text) if CLAUSE_BOUNDARY.search(text[: m.start()])]


def slow_trim_action(action: str) -> str:
    return re.sub(r"(?:[,;.]|\s)*(?:\band)?\s*$", "", action)


def slow_trim_head(head: str) -> str:
    return re.sub(r"(?:\s*,|\s+and)+\s*$", "", head)


# Pieces that make the parser's decisions: verbs and modifiers in any case, "and" as a word
# and inside words, clause punctuation, addressees, infinitives, odd spaces and letters.
TOKENS = [
    *mandates.REQUEST_VERBS,
    "Requests", "URGES", "Calls\nupon", "also", "Further", "once  again", "strongly",
    "and", "And", "band", "andes", "Ireland", "_and", "and_", ",", ";", ":", ".", ", and",
    "the Office", "UNODC", "Member States", "the Secretary-General", "civil society",
    "to", "to report", "within its mandate", "that", "in this regard", "the work of",
    " ", "  ", "\n", "\t", "\u00a0", "\u2003", "é", "\u212a", "\u017f", "x", "7", "(a)",
]  # fmt: skip
texts = st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join) | st.lists(
    st.sampled_from(TOKENS), max_size=30
).map("".join)


@settings(max_examples=600, deadline=None)
@given(texts)
@example("Urges States, and requests the Office to report; and requests UNODC to act;")
@example("Band requests X to go, and also further requests Y to stay")
def test_request_starts_are_those_of_the_plain_search(text):
    assert [m.span() for m in request_starts(text)] == slow_request_starts(text)


@settings(max_examples=600, deadline=None)
@given(texts)
@example("and")
@example("report; and")
@example("report, and.")
@example("Ireland")
@example("x ,and \n")
@example("x and,\n")
def test_trimming_is_what_the_plain_substitutions_did(text):
    assert trim_action(text) == slow_trim_action(text)
    assert trim_action(text.strip()) == slow_trim_action(text.strip())
    fast_head = mandates.HEAD_TAIL.sub("", text) if text.rstrip().endswith((",", "and")) else text
    assert fast_head == slow_trim_head(text)


def slow_requests(text: str, *, context: str = "") -> list[mandates.Request]:
    """The parser as it was before its fast paths, for comparison on real texts."""
    office_is_unodc = mandates.mentions_unodc(context or text)
    found = []
    starts = [m for m in REQUEST.finditer(text) if CLAUSE_BOUNDARY.search(text[: m.start()])]
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        clause = text[m.end() : end]
        verb = mandates.REQUEST_VERBS[re.sub(r"\s+", " ", m["verb"].lower())]
        head_end = mandates.HEAD_END.search(clause)
        infinitive = None
        if head_end and clause[head_end.start()] == ",":
            infinitive = mandates.INFINITIVE_AFTER_COMMA.search(clause)
        infinitive = infinitive or mandates.INFINITIVE.search(clause)
        if infinitive is None:
            continue
        phrase = clause[: infinitive.start()]
        head_end = mandates.HEAD_END.search(phrase + " ")
        head = phrase[: head_end.start()] if head_end else phrase
        while aside := mandates.ASIDE.match(head):
            head = head[aside.end() :]
        head = slow_trim_head(head)
        action = slow_trim_action(clause[infinitive.end() :].strip())
        for addressee in mandates.addressees(head, office_is_unodc=office_is_unodc):
            found.append(mandates.Request(addressee, verb, action))
    return found


@pytest.mark.parametrize("path", sorted(Path(SEED_DIR).glob("*.txt")), ids=lambda p: p.name)
def test_the_seeds_mandates_are_those_of_the_plain_parser(path: Path):
    text = decode(path.read_bytes(), path.name)
    parsed = parse_resolution(text, source=path.name)
    found = 0
    for paragraph in parsed.paragraphs:
        assert requests(paragraph.text, context=text) == slow_requests(paragraph.text, context=text)
        found += len(requests(paragraph.text, context=text))
    assert found or not parsed.operative


@settings(max_examples=300, deadline=None)
@given(texts)
def test_requests_are_those_of_the_plain_parser(text):
    assert requests(text) == slow_requests(text)
