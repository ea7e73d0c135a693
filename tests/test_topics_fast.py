"""A topic rule's search starts where its first possible match is: the topics found are
those a search of the whole text finds, whatever the text's letters."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from resolutions.services.topics import (
    compile_topic_rules,
    compiled_topics,
    leading_literal,
    matching_topics,
)

from .test_loader_speed_topics import RULES, TEXTS


def test_the_leading_literal_is_what_every_match_starts_with():
    def lead(rule: str) -> str:
        return leading_literal(compile_topic_rules(rule)[0][0])

    assert lead("foreign terrorist fighters") == "foreign"
    assert lead("Non-Governmental organizations") == "non-governmental"
    assert lead(r"/\bICTs?\b/") == "ict"
    assert lead(r"/(?x) s k y /") == "sky"
    assert lead(r"/(?=kid)kidnap\w*/") == "kidnap"
    # Nothing known: alternatives, groups, classes, optional or non-ASCII first letters.
    assert lead(r"/[a-c]|q/") == ""
    assert lead(r"/(?:a|)bc/") == ""
    assert lead(r"/x{0,3}y/") == ""
    assert lead("\u00e9tat") == ""
    assert lead(r"/ab?c/") == "a"


def whole_text_search(text: str) -> set[int]:
    return {
        n
        for n, line in enumerate(RULES.splitlines(), start=1)
        if any(pattern.search(text) for pattern, *_ in compile_topic_rules(line))
    }


PIECES = [
    *(word for text in TEXTS for word in text.split()),
    "Foreign", "terrorist", "fighters", "ICT", "ICTs", "sky", "\u2019", "\u201c", "\u00e9",
    "\u0130", "\u212a", "\u017f", "\u00df", "\u1e9e", "-", " ", "\n", "ab", "bc", "q",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join))
@example("the ICT\u2019s and \u201cfinancing of terrorism\u201d")
@example("\u1e9e then child")
def test_topics_found_are_those_of_a_search_of_the_whole_text(text):
    compiled = compiled_topics((n, line) for n, line in enumerate(RULES.splitlines(), start=1))
    assert matching_topics(text, compiled) == whole_text_search(text)
