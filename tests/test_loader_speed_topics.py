"""The fast path of topic rules: substring tests that rule patterns out before the regex
engine runs must never change which topics match, and edited rules must take effect."""

from __future__ import annotations

import pytest

from resolutions.models import ParagraphTopic, Topic
from resolutions.services.topics import (
    apply_topic_rules,
    compile_topic_rules,
    compiled_topics,
    matching_topics,
    prefilter_text,
    required_literals,
)

pytestmark = pytest.mark.django_db

RULES = "\n".join(
    [
        "foreign terrorist fighters",
        "non-governmental organizations",
        "child",
        r"/\bborders?\b/",
        r"/local communities|community leaders/",
        r"/financ\w* of terrorism/",
        r"/sufficient resources|availability of (?:extrabudgetary )?resources/",
        r"/kidnap\w*/",
        r"/x{0,3}y/",
        r"/(?:a|)bc/",
        r"/(?i:ABC)+def?/",
        r"/money[- ]laundering/",
        r"/\bevidence\b(?!-based)/",
        r"/(ab)\1/",
        r"/(?x) s k y /",
        r"/[a-c]|q/",
    ]
)

TEXTS = [
    "Concerned by Foreign Terrorist\nFighters and returnees",
    "foreign terrorist fightersmith",
    "Non-Governmental Organizations and the children",
    "the child's rights; cross-border crime; Borders",
    "community leaders, LOCAL COMMUNITIES",
    "financing of terrorism and the Financial Action Task Force",
    "the availability of extrabudgetary resources",
    "sufficient  resources",
    "KIDNAPPING for ransom",
    "xxxy xy y",
    "a bc ABCABCde abcdef",
    "money laundering, money-laundering, moneylaundering",
    "evidence-based evidence",
    "abab",
    "sky SKY",
    "nothing here but Q",
    "",
    # Case-insensitive matching takes these for ASCII letters; str.lower() does not.
    "\u212aidnapping (KELVIN SIGN)",
    "\u017f\u212ay (LONG S, KELVIN SIGN)",
    "\u0130nternet and chİld",
    "child\u2019s \u201cborders\u201d \u2013 evidence",
]


def test_required_literals_are_what_every_match_contains():
    def requirements(rule: str) -> set[tuple[str, ...]]:
        (pattern, *_) = compile_topic_rules(rule)[0]
        return set(required_literals(pattern))

    assert requirements("foreign terrorist fighters") == {
        ("foreign",),
        ("terrorist",),
        ("fighters",),
    }
    assert requirements(r"/\bborders?\b/") == {("border",)}
    assert requirements(r"/local communities|community leaders/") == {
        ("community leaders", "local communities")
    }
    assert requirements(r"/x{0,3}y/") == {("y",)}
    assert requirements(r"/[a-c]|q/") == set()  # nothing known: always searched


@pytest.mark.parametrize("text", TEXTS)
def test_the_prefilter_never_changes_which_topics_match(text):
    topics = [
        Topic(pk=n, name=f"t{n}", slug=f"t{n}", rules=line)
        for n, line in enumerate(RULES.splitlines(), start=1)
    ]
    compiled = compiled_topics((t.pk, t.rules) for t in topics)
    expected = {
        topic.pk
        for topic in topics
        if any(pattern.search(text) for pattern, *_ in compile_topic_rules(topic.rules))
    }
    assert matching_topics(text, compiled) == expected


def test_texts_with_letters_that_fold_to_ascii_are_searched_in_full():
    quoted = "\u2013 \u201cquoted\u201d"
    assert prefilter_text(f"Kidnapping {quoted}") == f"kidnapping {quoted}"
    assert prefilter_text("\u212aidnapping") is None
    assert prefilter_text("\u017fpecial") is None


def test_an_edited_rule_takes_effect_on_the_next_text(seeded):
    resolution = seeded["000_6a8f4f2a8a747304.txt"]
    topic = Topic.objects.create(name="Internet", slug="internet", rules="Internet")
    apply_topic_rules(resolution)
    assert ParagraphTopic.objects.filter(topic=topic).exists()

    Topic.objects.filter(pk=topic.pk).update(rules="no such phrase anywhere")  # no signals
    apply_topic_rules(resolution)
    assert not ParagraphTopic.objects.filter(topic=topic).exists()
