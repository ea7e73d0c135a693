"""Topic rules: mark paragraphs as being about a topic; hand-made choices win.

A topic's `rules` hold one rule a line: a phrase, matched as whole words and
case-insensitively (any run of spaces in the phrase matches any whitespace), or a regular
expression between slashes (``/kidnap\\w*/``). Links made by rules have source "rule" and are
recomputed on every run; links a curator made (source "manual"), including removals
(``excluded=True``), are never touched by rules.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet

from resolutions.models import Paragraph, ParagraphTopic, Resolution, Topic
from resolutions.services.rows import fetch_rows, insert_rows

try:  # CPython's own regex parser, to read literals out of rules; private, hence optional
    from re import _constants as _C
    from re import _parser as _sre_parser

    _REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}
except ImportError:  # pragma: no cover
    _sre_parser = None

BATCH_SIZE = 2000


class RuleError(ValueError):
    """A rule line that cannot be compiled; the message names the line."""


def parse_rule(line: str) -> re.Pattern[str] | None:
    """One rule line as a compiled pattern; None for a blank line or a comment (#)."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    if len(line) > 2 and line.startswith("/") and line.endswith("/"):
        try:
            return re.compile(line[1:-1], re.IGNORECASE)
        except re.error as exc:
            raise RuleError(f"{line}: not a valid regular expression ({exc})") from exc
    words = [re.escape(word) for word in line.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=512)
def compile_rules(rules: str) -> tuple[re.Pattern[str], ...]:
    """All of a topic's rules, compiled once per distinct rules text (cached)."""
    return tuple(p for line in rules.splitlines() if (p := parse_rule(line)) is not None)


def safe_rules(rules: str) -> tuple[re.Pattern[str], ...]:
    """Like compile_rules, but a broken line is skipped instead of stopping a load."""
    try:
        return compile_rules(rules)
    except RuleError:
        patterns = []
        for line in rules.splitlines():
            try:
                if (p := parse_rule(line)) is not None:
                    patterns.append(p)
            except RuleError:
                continue
        return tuple(patterns)


# A rule as matched: its pattern and what any text it matches contains (lowercased): all of
# one set of strings, and at least one of each further set. Searching every paragraph with
# ~100 case-insensitive patterns dominated a load; these substring tests rule most patterns
# out far faster than the regex engine can.
Requirement = tuple[str, ...]
# A rule as matched: its pattern, requirements, and the text every match starts with
# (lowercased; "" when not known), from where a search can start.
CompiledRule = tuple[re.Pattern[str], frozenset[str], tuple[frozenset[str], ...], str]
CompiledTopic = tuple[int, tuple[CompiledRule, ...]]


_WORD = re.compile(r"\w+")
# Distinct words whose strings are remembered per rule set: far more than a corpus uses.
TOKEN_CACHE_SIZE = 200_000


class CompiledTopics:
    """Topics' compiled rules, indexed by the strings their requirements name, so that a
    paragraph is tested only against the rules whose strings it contains."""

    def __init__(self, topics: Iterable[CompiledTopic]) -> None:
        self.topics = tuple(topics)
        literals = {
            literal
            for _, rules in self.topics
            for _, all_of, any_of, _ in rules
            for literal in all_of.union(*any_of)
        }
        # A string of word characters is in a text only inside one of its words: which
        # such strings a word holds is remembered, and words repeat from text to text.
        self.word_literals = frozenset(
            literal for literal in literals if _WORD.fullmatch(literal) and literal.isascii()
        )
        self.other_literals = tuple(sorted(literals - self.word_literals))
        self.by_word: dict[str, frozenset[str]] = {}
        # Each rule under one string it cannot match without; rules with none, always.
        self.by_literal: dict[str, list[tuple[int, CompiledRule]]] = defaultdict(list)
        self.always: list[tuple[int, CompiledRule]] = []
        for topic_id, rules in self.topics:
            for rule in rules:
                _, all_of, any_of, _ = rule
                if all_of:
                    self.by_literal[max(all_of, key=lambda s: (len(s), s))].append((topic_id, rule))
                elif any_of:
                    for literal in any_of[0]:
                        self.by_literal[literal].append((topic_id, rule))
                else:
                    self.always.append((topic_id, rule))

    def present(self, lowered: str) -> set[str]:
        """The rules' strings that are in this lowercased text."""
        found = {literal for literal in self.other_literals if literal in lowered}
        by_word = self.by_word
        for word in set(_WORD.findall(lowered)):
            held = by_word.get(word)
            if held is None:
                if len(by_word) >= TOKEN_CACHE_SIZE:
                    by_word.clear()
                held = by_word[word] = frozenset(
                    literal for literal in self.word_literals if literal in word
                )
            if held:
                found |= held
        return found

    def candidates(self, present: set[str]) -> Iterator[tuple[int, CompiledRule]]:
        """The rules that can match a text containing just these strings (some twice)."""
        yield from self.always
        for literal in present:
            for topic_id, rule in self.by_literal.get(literal, ()):
                _, all_of, any_of, _ = rule
                if all_of <= present and not any(o.isdisjoint(present) for o in any_of):
                    yield topic_id, rule


_ASCII_LETTER = re.compile("[a-z]", re.IGNORECASE)


def required_literals(pattern: re.Pattern[str]) -> tuple[Requirement, ...]:
    """What every match of `pattern` contains, as requirements (see CompiledRule), the
    likeliest to fail first; () when nothing is known."""
    if _sre_parser is None:
        return ()
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a parser we do not know: only speed is lost
        return ()
    found = set(_requirements(list(parsed)))
    # Long strings are rare in text: testing them first ends the test soonest.
    return tuple(sorted(found, key=lambda r: (-min(map(len, r)), r)))


def _requirements(items: list) -> list[Requirement]:
    """Requirements of a sequence of parsed regex items: those of its literal runs and of
    the parts it cannot match without."""
    found: list[Requirement] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is _C.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            found.append(("".join(run),))
            run = []
        if op is _C.SUBPATTERN:
            found += _requirements(list(av[-1]))
        elif op in _REPEATS and av[0] >= 1:
            found += _requirements(list(av[2]))
        elif op is _C.BRANCH:
            # One of the alternatives matches: each one's most selective requirement.
            either = []
            for branch in av[1]:
                options = _requirements(list(branch))
                if not options:
                    break
                either += max(options, key=lambda r: min(map(len, r)))
            else:
                found.append(tuple(sorted(set(either))))
        # Anything else (classes, anchors, lookarounds, optional parts) requires no text.
    return found


_ZERO_WIDTH = {_C.AT, _C.ASSERT, _C.ASSERT_NOT} if _sre_parser is not None else set()


def leading_literal(pattern: re.Pattern[str]) -> str:
    """The ASCII text (lowercased) that every match of `pattern` starts with; "" when not
    known. A search of a text whose lowercase holds it first at `i` can start at `i`."""
    if _sre_parser is None:
        return ""
    try:
        parsed = list(_sre_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a parser we do not know: only speed is lost
        return ""
    lead: list[str] = []
    for op, av in parsed:
        if op in _ZERO_WIDTH and not lead:
            continue  # \b, lookarounds: they take no text
        if op is not _C.LITERAL or av >= 128:
            break
        lead.append(chr(av).lower())
    return "".join(lead)


@lru_cache(maxsize=4096)
def _folds_to_ascii(char: str) -> bool:
    # Case-insensitive matching takes a few non-ASCII characters for ASCII letters
    # (U+212A KELVIN SIGN for "k", U+017F LONG S for "s"); str.lower() does not.
    return bool(_ASCII_LETTER.match(char)) or any(c.isascii() for c in char.lower())


def prefilter_text(text: str) -> str | None:
    """The text to test required literals against (lowercased), or None when such a test
    could miss a match and every pattern must be searched."""
    if not text.isascii() and any(_folds_to_ascii(c) for c in set(text) if not c.isascii()):
        return None
    return text.lower()


@lru_cache(maxsize=512)
def compile_topic_rules(rules: str) -> tuple[CompiledRule, ...]:
    """A topic's rules (broken lines skipped) with their requirements (cached)."""
    compiled = []
    for pattern in safe_rules(rules):
        requirements = required_literals(pattern)
        all_of = frozenset(r[0] for r in requirements if len(r) == 1)
        any_of = tuple(frozenset(r) for r in requirements if len(r) > 1)
        compiled.append((pattern, all_of, any_of, leading_literal(pattern)))
    return tuple(compiled)


def matching_topics(text: str, compiled: CompiledTopics) -> set[int]:
    """Ids of the topics whose rules match the text."""
    lowered = prefilter_text(text)
    found: set[int] = set()
    if lowered is None:
        for topic_id, rules in compiled.topics:
            if any(pattern.search(text) for pattern, _, _, _ in rules):
                found.add(topic_id)
        return found
    # Where no character's lowercase is longer than itself, a position in the lowercase is
    # the same position in the text: a rule's search starts at its first possible match
    # (the regex engine tries every position of a text for a case-insensitive rule).
    aligned = len(lowered) == len(text)
    for topic_id, (pattern, _, _, lead) in compiled.candidates(compiled.present(lowered)):
        if topic_id in found:
            continue
        start = lowered.find(lead) if lead and aligned else 0
        if start >= 0 and pattern.search(text, start):
            found.add(topic_id)
    return found


def compiled_topics(rules: Iterable[tuple[int, str]]) -> CompiledTopics:
    """The topics' (id, rules) compiled, those without rules left out."""
    return _compiled_topics(tuple((pk, text) for pk, text in rules if text.strip()))


@lru_cache(maxsize=16)
def _compiled_topics(rules: tuple[tuple[int, str], ...]) -> CompiledTopics:
    # Keyed by every topic's id and rules as just read: an edited rule is a new key.
    return CompiledTopics((pk, compile_topic_rules(text)) for pk, text in rules)


def apply_rules_to_paragraphs(
    paragraphs: QuerySet[Paragraph] | Iterable[tuple[int, str]],
    topics: Sequence[Topic] | None = None,
    *,
    new: bool = False,
) -> int:
    """Recompute rule-made links for these paragraphs (and these topics, default all).
    `paragraphs`: a queryset, or (id, text) pairs already read. `new`: the paragraphs were
    just created and have no links yet.

    Works in batches: one query for the paragraphs' text, one for their existing links, one
    delete and one bulk insert a batch. Returns the number of links made."""
    if topics is None:
        # Read afresh for every text (a rule may have been edited since the last one), as
        # plain rows: the topics' model instances were a noticeable part of a load.
        rules = tuple(fetch_rows(Topic, "id, rules", "ORDER BY id"))
    else:
        rules = tuple((t.pk, t.rules) for t in topics)
    compiled = compiled_topics(rules)
    topic_ids = [pk for pk, _ in rules]
    if isinstance(paragraphs, QuerySet):
        paragraphs = paragraphs.order_by("pk").values_list("pk", "text").iterator(BATCH_SIZE)
    made = 0
    batch: list[tuple[int, str]] = []
    for row in paragraphs:
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            made += _apply_batch(batch, compiled, topic_ids, new=new)
            batch = []
    if batch:
        made += _apply_batch(batch, compiled, topic_ids, new=new)
    return made


def existing_links(
    paragraph_ids: list[int], topic_ids: list[int]
) -> dict[tuple[int, int], tuple[int, str, bool]]:
    """(paragraph id, topic id): (link id, source, excluded) of these paragraphs' links."""
    wanted_topics = set(topic_ids)
    # By paragraph only, topics filtered here, and unordered: the model's ordering joins
    # topics, paragraphs and resolutions, and a topic filter tempts the planner into the
    # topic index, which covers most of the table.
    return {
        (paragraph_id, topic_id): (pk, source, excluded)
        for pk, paragraph_id, topic_id, source, excluded in ParagraphTopic.objects.filter(
            paragraph_id__in=paragraph_ids
        )
        .order_by()
        .values_list("pk", "paragraph_id", "topic_id", "source", "excluded")
        if topic_id in wanted_topics
    }


def _apply_batch(
    batch: list[tuple[int, str]],
    compiled: CompiledTopics,
    topic_ids: list[int],
    *,
    new: bool = False,
) -> int:
    existing = {} if new else existing_links([pk for pk, _ in batch], topic_ids)
    wanted = {(pk, topic_id) for pk, text in batch for topic_id in matching_topics(text, compiled)}
    stale = [
        pk
        for key, (pk, source, excluded) in existing.items()
        if source == ParagraphTopic.Source.RULE and not excluded and key not in wanted
    ]
    if stale:
        ParagraphTopic.objects.filter(pk__in=stale).delete()
    links = [
        {"paragraph_id": pk, "topic_id": topic_id, "source": ParagraphTopic.Source.RULE}
        for pk, topic_id in sorted(wanted)
        if (pk, topic_id) not in existing
    ]
    insert_rows(ParagraphTopic, links)
    return len(links)


def apply_topic_rules(
    resolution: Resolution,
    topics: Sequence[Topic] | None = None,
    *,
    paragraphs: Iterable[tuple[int, str]] | None = None,
    new: bool = False,
) -> int:
    """(Re)apply every topic's rules to the resolution's paragraphs; returns links made.
    `paragraphs`: its paragraphs' (id, text), when the caller has just read them; `new`:
    they were just created, so they have no links to read."""
    if paragraphs is None:
        paragraphs = Paragraph.objects.filter(resolution=resolution)
    return apply_rules_to_paragraphs(paragraphs, topics, new=new)


def apply_topic_rules_everywhere(topics: Sequence[Topic] | None = None) -> int:
    """Re-apply rules to every paragraph in the archive (after the taxonomy changed)."""
    return apply_rules_to_paragraphs(Paragraph.objects.all(), topics)


def set_manual_topic(paragraph: Paragraph, topic: Topic, *, present: bool) -> ParagraphTopic:
    """A curator's choice: the topic is on the paragraph (present) or removed from it."""
    link, _ = ParagraphTopic.objects.update_or_create(
        paragraph=paragraph,
        topic=topic,
        defaults={"source": ParagraphTopic.Source.MANUAL, "excluded": not present},
    )
    return link


def topic_context(resolution: Resolution, paragraphs: list[Paragraph]) -> dict[str, Any]:
    """Extra context for the resolution page: each paragraph's topics (as
    ``paragraph.topic_list``) and the resolution's topics. One query, whatever the size of
    the text."""
    by_paragraph: dict[int, list[Topic]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    topics: dict[int, Topic] = {}
    links = (
        ParagraphTopic.objects.filter(paragraph__resolution=resolution, excluded=False)
        .select_related("topic")
        .order_by("topic__name")
    )
    for link in links:
        by_paragraph[link.paragraph_id].append(link.topic)
        topics[link.topic_id] = link.topic
        counts[link.topic_id] += 1
    for paragraph in paragraphs:
        paragraph.topic_list = by_paragraph.get(paragraph.pk, [])
    resolution_topics = sorted(topics.values(), key=lambda t: (-counts[t.pk], t.name))
    for topic in resolution_topics:
        topic.paragraph_count_here = counts[topic.pk]
    return {"resolution_topics": resolution_topics}


def topic_tree() -> list[Topic]:
    """Every topic with its paragraph count (``paragraph_count``), top-level topics first,
    each with ``subtopics``; one query."""
    topics = list(
        Topic.objects.annotate(
            paragraph_count=Count("paragraph_links", filter=Q(paragraph_links__excluded=False))
        ).order_by("name")
    )
    by_pk = {t.pk: t for t in topics}
    for topic in topics:
        topic.subtopics = []
    roots = []
    for topic in topics:
        parent = by_pk.get(topic.parent_id)
        (parent.subtopics if parent is not None else roots).append(topic)
    return roots


def topic_paragraphs(topic: Topic) -> QuerySet[Paragraph]:
    """The paragraphs about a topic across years, newest first."""
    tagged = ParagraphTopic.objects.filter(topic=topic, excluded=False).values("paragraph_id")
    return (
        Paragraph.objects.filter(pk__in=tagged)
        .select_related("resolution__body")
        .order_by("-resolution__year", "-resolution__date", "resolution_id", "order")
    )
