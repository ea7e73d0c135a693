"""Who an operative paragraph asks to do what: "requests the Office to ...". Pure Python.

A request opens a paragraph ("Requests the Secretary-General to submit ...") or follows
another clause inside it ("..., and requests the United Nations Office on Drugs and Crime,
within its mandate, to provide ..."). The addressee is read from the words between the
verb and the infinitive that starts the action; "the Office" stands for UNODC when the
text names UNODC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

UNODC = "United Nations Office on Drugs and Crime"
SECRETARY_GENERAL = "Secretary-General"
MEMBER_STATES = "Member States"
CIVIL_SOCIETY = "Civil society"

# Known addressees, each with the ways texts name it (tried in order, longest first).
KNOWN: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        UNODC,
        re.compile(r"(?:the\s+)?(?:United\s+Nations\s+Office\s+on\s+Drugs\s+and\s+Crime|UNODC)\b"),
    ),
    (SECRETARY_GENERAL, re.compile(r"the\s+Secretary-General")),
    (
        MEMBER_STATES,
        re.compile(
            r"(?:all\s+)?(?:Member\s+States|States\s+Members\s+of\s+the\s+United\s+Nations"
            r"|States(?!\s+parties))"
        ),
    ),
    (
        CIVIL_SOCIETY,
        re.compile(
            r"(?:relevant\s+)?(?:civil\s+society(?:\s+organizations)?|non-governmental\s+organizations)",
            re.I,
        ),
    ),
)
UNODC_MENTION = KNOWN[0][1]
THE_OFFICE = re.compile(r"the\s+Office\b")

# Verbs that ask someone to act, as operative paragraphs print them, with their base form.
REQUEST_VERBS = {
    "requests": "request",
    "calls upon": "call upon",
    "calls on": "call upon",
    "urges": "urge",
    "encourages": "encourage",
    "invites": "invite",
    "appeals to": "appeal",
    "instructs": "instruct",
    "directs": "direct",
    "authorizes": "authorize",
    "entrusts": "entrust",
    "asks": "ask",
}
MODIFIER_WORDS = (
    "also", "further", "again", r"once\s+again", "strongly", "urgently", "therefore", "kindly",
)  # fmt: skip
MODIFIERS = r"(?:(?:" + "|".join(MODIFIER_WORDS) + r")\s+)*"
# The letters a request can start with: most word starts fail this one test instead of
# every alternative (case-insensitive alternatives get no quick first-letter check).
FIRST_LETTERS = "".join(sorted({word[0] for word in (*MODIFIER_WORDS, *REQUEST_VERBS)}))
REQUEST = re.compile(
    r"\b(?=["
    + FIRST_LETTERS
    + "])"
    + MODIFIERS
    + r"(?P<verb>"
    + "|".join(v.replace(" ", r"\s+") for v in REQUEST_VERBS)
    + r")\s+",
    re.I,
)
# A request starts the paragraph or follows another clause, never mid-sentence.
CLAUSE_BOUNDARY = re.compile(r"(?:^|[,;:]\s*(?:and\s+)?|\band\s+)\Z")
# Where such a clause may start: after punctuation and spaces, or after "and" and spaces.
# Two patterns with a literal first character, which the regex engine scans for quickly;
# REQUEST begins with a word boundary, so searching a text with it tries every position.
AFTER_PUNCTUATION = re.compile(r"[,;:]\s*")
AFTER_AND = re.compile(r"and\s+")
# The infinitive that starts the action: "to continue", after any parenthetical.
INFINITIVE_AFTER_COMMA = re.compile(r",\s+to\s+(?=[a-z])")
INFINITIVE = re.compile(r"\bto\s+(?=[a-z])")
# Where the name of an addressee ends and a qualification begins.
HEAD_END = re.compile(
    r",|\s(?:that|which|who|within|in|upon|as|when|where|with|through|pursuant)\s"
)
# Between the verb and the addressee: "encourages, in this regard, UNODC to ...".
ASIDE = re.compile(
    r"(?:,?\s*(?:in\s+this\s+(?:regard|context|respect)|therefore|also|further|again),?\s+)+"
    r"|the\s+(?:efforts|work)\s+of\s+",
    re.I,
)
JOIN = re.compile(r"\s*(?:,\s*)?(?:and|as\s+well\s+as)\s+|\s*,\s*")
MAX_FALLBACK_WORDS = 10


@dataclass(frozen=True, slots=True)
class Request:
    addressee: str
    verb: str  # base form: request, call upon, urge
    action: str


def known_at(text: str, *, office_is_unodc: bool) -> tuple[str, re.Match[str] | None]:
    """The known addressee that `text` starts with, and its match."""
    for name, pattern in KNOWN:
        if m := pattern.match(text):
            return name, m
    if office_is_unodc and (m := THE_OFFICE.match(text)):
        return UNODC, m
    return "", None


def addressees(head: str, *, office_is_unodc: bool) -> list[str]:
    """The addressees named in `head` ("Member States and civil society"), canonical where
    known, as printed (without a leading "the") otherwise."""
    found: list[str] = []
    pos = 0
    head = head.strip()
    while pos < len(head):
        rest = head[pos:]
        name, m = known_at(rest, office_is_unodc=office_is_unodc)
        if m:
            found.append(name)
            pos += m.end()
        else:
            joint = JOIN.search(rest)
            chunk = rest[: joint.start()] if joint else rest
            chunk = re.sub(r"^(?:the|all)\s+", "", chunk.strip())
            if chunk and len(chunk.split()) <= MAX_FALLBACK_WORDS:
                found.append(chunk[0].upper() + chunk[1:])
            pos += len(chunk) if not joint else joint.start()
            if not joint:
                break
        joint = JOIN.match(head, pos)
        if joint:
            pos = joint.end()
        elif pos < len(head):
            break  # words after a known name ("Member States concerned") qualify it
    return list(dict.fromkeys(found))


@lru_cache(maxsize=16)
def mentions_unodc(text: str) -> bool:
    """Whether `text` names UNODC; cached, as every operative paragraph of a text asks it
    of the whole text."""
    return bool(UNODC_MENTION.search(text))


def requests(text: str, *, context: str = "") -> list[Request]:
    """Every request in one operative paragraph's `text`, in order. `context` is the whole
    resolution's text, used to read "the Office" as UNODC."""
    office_is_unodc = mentions_unodc(context or text)
    starts = request_starts(text)
    found: list[Request] = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        clause = text[m.end() : end]
        verb = REQUEST_VERBS[re.sub(r"\s+", " ", m["verb"].lower())]
        head_end = HEAD_END.search(clause)
        infinitive = None
        if head_end and clause[head_end.start()] == ",":
            infinitive = INFINITIVE_AFTER_COMMA.search(clause)
        infinitive = infinitive or INFINITIVE.search(clause)
        if infinitive is None:
            continue  # "Requests that ...", "Invites comments": no one is asked to act
        phrase = clause[: infinitive.start()]
        head_end = HEAD_END.search(phrase + " ")
        head = phrase[: head_end.start()] if head_end else phrase
        while aside := ASIDE.match(head):
            head = head[aside.end() :]
        head = HEAD_TAIL.sub("", head) if head.rstrip().endswith((",", "and")) else head
        action = trim_action(clause[infinitive.end() :].strip())
        for addressee in addressees(head, office_is_unodc=office_is_unodc):
            found.append(Request(addressee, verb, action))
    return found


def request_starts(text: str) -> list[re.Match[str]]:
    """The REQUEST matches in `text` that start a clause, in order: what
    ``[m for m in REQUEST.finditer(text) if CLAUSE_BOUNDARY.search(text[: m.start()])]``
    finds, tried only where a clause can start (a match is words and spaces: no clause
    start falls inside one, so none is hidden by a match that does not count).

    Searching every operative paragraph with REQUEST was a third of a text's mandates."""
    candidates = {0}
    candidates.update(m.end() for m in AFTER_PUNCTUATION.finditer(text))
    candidates.update(
        m.end()
        for m in AFTER_AND.finditer(text)
        if m.start() == 0 or not _is_word(text[m.start() - 1])
    )
    found: list[re.Match[str]] = []
    end = 0
    for pos in sorted(candidates):
        if pos >= end and (m := REQUEST.match(text, pos)):
            found.append(m)
            end = m.end()
    return found


def _is_word(char: str) -> bool:
    """Whether the regex engine counts `char` as a word character (\\w)."""
    return char.isalnum() or char == "_"


HEAD_TAIL = re.compile(r"(?:\s*,|\s+and)+\s*$")
ACTION_TAIL_PUNCTUATION = ",;."


def trim_action(action: str) -> str:
    """`action` without the trailing commas, semicolons, full stops and spaces, and a last
    "and" before them: ``re.sub(r"(?:[,;.]|\\s)*(?:\\band)?\\s*$", "", action)``, which tried
    its pattern at every position of the action (a fifth of a text's mandates)."""
    end = len(action.rstrip())
    cut = _tail_start(action, len(action))
    if action.endswith("and", 0, end):
        before = end - 3
        start = _tail_start(action, before)
        # "\band": "and" is a word (what precedes it, if anything, is not a word character).
        if before == 0 or not _is_word(action[before - 1]):
            cut = min(cut, start)
    return action[:cut]


def _tail_start(text: str, end: int) -> int:
    """Where the run of commas, semicolons, full stops and spaces that ends at `end` starts."""
    start = end
    while start > 0 and (text[start - 1] in ACTION_TAIL_PUNCTUATION or text[start - 1].isspace()):
        start -= 1
    return start
