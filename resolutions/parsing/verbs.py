"""The lexicon of UN clause openers: "Recalling also", "Deeply concerned", "Further requests".

A clause opens with optional modifiers ("Also", "Strongly"), a core verb or adjective
("calls upon", "Taking note", "concerned") and optional trailing modifiers ("also",
"with appreciation"). The verb phrase is returned as written; the canonical verb is the
lower-case base form of the core ("call upon", "take note", "concerned").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .structures import OPERATIVE, PREAMBULAR

# Base forms of verbs that open clauses. Preambular clauses use the -ing form ("Recalling"),
# operative clauses the third person ("Recalls"); both are generated from these.
BASE_VERBS: tuple[str, ...] = (
    "accept", "acknowledge", "act", "adopt", "affirm", "agree", "anticipate", "appeal",
    "applaud", "appoint", "appreciate", "approve", "ask", "assert", "assure", "attach importance",
    "authorize", "bear in mind", "believe", "call", "call for", "call on", "call upon",
    "caution", "commend", "commit", "concur", "condemn", "confirm", "congratulate",
    "consider", "decide", "declare", "demand", "denounce", "deplore", "designate", "desire",
    "determine", "direct", "draw attention", "emphasize", "emphasise", "encourage", "endorse",
    "envisage", "establish", "express", "extend", "guarantee", "highlight",
    "hope", "identify", "insist", "instruct", "invite", "keep in mind",
    "look forward", "mandate", "note", "notice", "observe", "pay tribute", "pledge",
    "point out", "proclaim", "propose", "reaffirm", "realize", "recall", "recognize",
    "recognise", "recommend", "reconfirm", "refer", "regret", "reiterate", "reject",
    "remind", "renew", "repeat", "request", "resolve", "seek",
    "solicit", "stress", "suggest", "support", "take into account",
    "take into consideration", "take note", "thank", "transmit", "trust", "underline",
    "underscore", "urge", "warn", "welcome", "wish",
)  # fmt: skip

# Adjectives and past participles that open preambular clauses as they stand.
ADJECTIVES: tuple[str, ...] = (
    "alarmed", "appalled", "appreciative", "apprehensive", "aware", "cognizant", "cognisant",
    "committed", "concerned", "confident", "conscious", "convinced", "desirous", "determined",
    "dismayed", "distressed", "disturbed", "encouraged", "gratified", "grateful", "guided by",
    "inspired by", "mindful", "outraged", "pleased", "reassured", "resolved", "satisfied",
    "seized", "shocked", "united",
)  # fmt: skip

# "Having considered" etc.: the canonical verb is the participle's base form.
PERFECT_PARTICIPLES: dict[str, str] = {
    "adopted": "adopt", "considered": "consider", "examined": "examine", "heard": "hear",
    "received": "receive", "reviewed": "review", "studied": "study", "decided": "decide",
    "noted": "note", "taken note": "take note", "met": "meet", "discussed": "discuss",
    "held": "hold", "elected": "elect", "concluded": "conclude", "completed": "complete",
    "regard to": "have regard", "listened": "listen", "convened": "convene",
    "endorsed": "endorse", "approved": "approve", "reaffirmed": "reaffirm",
    "welcomed": "welcome", "recalled": "recall", "acknowledged": "acknowledge",
}  # fmt: skip

# What one "expresses": "Expresses its deep appreciation" -> "express appreciation".
EXPRESSED: tuple[str, ...] = (
    "appreciation", "concern", "hope", "support", "gratitude", "regret", "satisfaction",
    "condolences", "sympathy", "solidarity", "alarm", "conviction", "determination",
    "commitment", "readiness", "intention", "thanks", "outrage", "dismay", "disappointment",
    "interest", "desire", "wish", "confidence", "belief", "condemnation", "indignation",
    "willingness", "recognition", "full support", "strong support",
)  # fmt: skip
_EXPRESS_INTENSIFIERS = (
    "deep", "deepest", "grave", "serious", "profound", "sincere", "sincerest", "full",
    "strong", "great", "greatest", "strongest", "firm", "warm", "warmest", "continued",
    "continuing", "utmost", "heartfelt", "particular", "unwavering", "growing", "serious",
)  # fmt: skip

PRE_MODIFIERS: tuple[str, ...] = (
    "once again", "also", "further", "again", "furthermore", "moreover", "strongly", "deeply",
    "firmly", "gravely", "seriously", "fully", "solemnly", "particularly", "profoundly",
    "greatly", "most", "urgently", "emphatically", "unequivocally", "resolutely", "warmly",
    "keenly", "equally", "similarly", "likewise", "additionally", "still", "highly",
    "especially", "extremely", "sincerely", "duly", "finally", "therefore", "in addition",
)  # fmt: skip

_WITH = r"with\s+(?:(?:deep|grave|great|serious|profound|particular|growing|special)\s+)?"
POST_MODIFIER_PATTERNS: tuple[str, ...] = (
    r"in\s+the\s+strongest(?:\s+possible)?\s+terms",
    r"once\s+again",
    r"in\s+particular",
    r"furthermore",
    r"moreover",
    r"strongly",
    r"firmly",
    r"fully",
    r"with\s+(?:deep\s+|great\s+|profound\s+)?appreciation",
    r"with\s+(?:great\s+|deep\s+)?satisfaction",
    _WITH + r"concern",
    _WITH + r"regret",
    _WITH + r"alarm",
    r"with\s+(?:great\s+)?interest",
    r"with\s+gratitude",
    r"with\s+approval",
    r"with\s+(?:deep\s+)?sorrow",
    r"with\s+(?:deep\s+)?dismay",
    r"with\s+(?:deep\s+)?disappointment",
    r"with\s+(?:deep\s+)?regret",
)
# These three also occur as adjectives ("Encourages further efforts"), so they count as
# modifiers only before a word that cannot be their noun.
_AMBIGUOUS_POST = ("also", "further", "again")
_FUNCTION_WORDS = frozenset(
    [
        "that",
        "the",
        "its",
        "their",
        "his",
        "her",
        "all",
        "to",
        "with",
        "in",
        "on",
        "upon",
        "of",
        "a",
        "an",
        "each",
        "any",
        "every",
        "those",
        "these",
        "this",
        "member",
        "states",
        "governments",
        "by",
        "as",
        "at",
        "from",
        "for",
        "whether",
        "how",
    ]
)


@dataclass(frozen=True, slots=True)
class Opener:
    """A recognised clause opener: `phrase` as written, `verb` canonical, `kind` of clause."""

    phrase: str
    verb: str
    kind: str | None  # PREAMBULAR, OPERATIVE, or None when guessed
    known: bool = True


def third_person(base: str) -> str:
    """ "request" -> "requests", "stress" -> "stresses", "call upon" -> "calls upon"."""
    head, _, tail = base.partition(" ")
    if re.search(r"(s|sh|ch|x|z|o)$", head):
        head += "es"
    elif re.search(r"[^aeiou]y$", head):
        head = head[:-1] + "ies"
    else:
        head += "s"
    return f"{head} {tail}".strip()


_DOUBLING = {"commit", "regret", "refer", "concur", "admit", "permit", "occur", "compel"}


def present_participle(base: str) -> str:
    """ "recall" -> "recalling", "note" -> "noting", "regret" -> "regretting"."""
    head, _, tail = base.partition(" ")
    if head in _DOUBLING:
        head += head[-1] + "ing"
    elif head.endswith("ie"):
        head = head[:-2] + "ying"
    elif head.endswith("e") and not head.endswith(("ee", "ye", "oe")):
        head = head[:-1] + "ing"
    else:
        head += "ing"
    return f"{head} {tail}".strip()


def _build_forms() -> dict[str, tuple[str, str]]:
    forms: dict[str, tuple[str, str]] = {}
    for base in BASE_VERBS:
        canonical = {"emphasise": "emphasize", "recognise": "recognize"}.get(base, base)
        forms[third_person(base)] = (canonical, OPERATIVE)
        forms[present_participle(base)] = (canonical, PREAMBULAR)
    for adjective in ADJECTIVES:
        forms[adjective] = (adjective, PREAMBULAR)
    for participle, base in PERFECT_PARTICIPLES.items():
        forms[f"having {participle}"] = (base, PREAMBULAR)
    return forms


FORMS: dict[str, tuple[str, str]] = _build_forms()
_MAX_CORE_WORDS = max(len(form.split()) for form in FORMS)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_PRE_RE = re.compile(
    r"(?:" + "|".join(m.replace(" ", r"\s+") for m in PRE_MODIFIERS) + r")\b[ \t]*",
    re.IGNORECASE,
)
_POST_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:" + "|".join(POST_MODIFIER_PATTERNS) + r")\b", re.IGNORECASE
)
_AMBIG_RE = re.compile(r"[ \t]+(" + "|".join(_AMBIGUOUS_POST) + r")\b(?=(\W*)(\w*))", re.I)
_EXPRESS_RE = re.compile(
    r"(express(?:es|ing))\s+(?:(?:its|their|his|her|our)\s+)?"
    r"(?:(?:" + "|".join(_EXPRESS_INTENSIFIERS) + r")(?:\s+and\s+\w+)?\s+)*"
    r"(" + "|".join(sorted(EXPRESSED, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


# "Calls once again upon", "Calling also for": the particle follows the modifiers.
_PARTICLE_RE = re.compile(r"[ \t]+(upon|on|for)\b", re.IGNORECASE)
# "Is convinced", "Remains deeply concerned", "Remains seized": a copula and an adjective.
_COPULA_RE = re.compile(
    r"(is|are|remains|remain)\s+((?:(?:"
    + "|".join(m.replace(" ", r"\s+") for m in PRE_MODIFIERS)
    + r")\s+)*)("
    + "|".join(a.replace(" ", r"\s+") for a in ADJECTIVES)
    + r")\b",
    re.IGNORECASE,
)


def match_opener(text: str) -> Opener | None:
    """The lexicon opener at the start of `text`, or None when its words are not in it."""
    pos = 0
    while True:
        pre = _PRE_RE.match(text, pos)
        if not pre or not _is_pre_modifier_followed(text, pre.end()):
            break
        pos = pre.end()
    core = _match_core(text, pos)
    if core is None:
        return None
    end, verb, kind = core
    end = _consume_post_modifiers(text, end)
    if verb == "call" and (particle := _PARTICLE_RE.match(text, end)):
        end, verb = particle.end(), f"call {particle.group(1).lower()}"
    return Opener(phrase=text[:end].strip(), verb=verb, kind=kind)


def guess_opener(text: str) -> Opener:
    """A fallback for a clause whose opening word is not in the lexicon: its first word."""
    pos = 0
    while True:
        pre = _PRE_RE.match(text, pos)
        if not pre or not _is_pre_modifier_followed(text, pre.end()):
            break
        pos = pre.end()
    word = _WORD.match(text, pos)
    if not word:
        word = re.match(r"\S+", text[pos:] or text)
        phrase = word.group() if word else text[:20]
        return Opener(phrase=phrase, verb=phrase.lower(), kind=None, known=False)
    lowered = word.group().lower()
    return Opener(
        phrase=text[: word.end()].strip(), verb=_deinflect(lowered), kind=None, known=False
    )


def _is_pre_modifier_followed(text: str, pos: int) -> bool:
    # "Further requests" is a modifier; "Further to its resolution" or "Most" alone is not.
    return _match_core(text, pos) is not None or bool(_PRE_RE.match(text, pos))


def _match_core(text: str, pos: int) -> tuple[int, str, str] | None:
    copula = _COPULA_RE.match(text, pos)
    if copula:
        base = "remain" if copula.group(1).lower().startswith("remain") else "be"
        adjective = " ".join(copula.group(3).lower().split())
        return copula.end(), f"{base} {adjective}", OPERATIVE
    express = _EXPRESS_RE.match(text, pos)
    if express:
        kind = OPERATIVE if express.group(1).lower().endswith("es") else PREAMBULAR
        noun = express.group(2).lower().split()[-1]
        return express.end(), f"express {noun}", kind
    words = []
    for match in _WORD.finditer(text, pos):
        gap = text[words[-1].end() : match.start()] if words else text[pos : match.start()]
        if gap.strip():  # punctuation ends the opener
            break
        words.append(match)
        if len(words) >= _MAX_CORE_WORDS:
            break
    for n in range(len(words), 0, -1):
        key = " ".join(w.group().lower() for w in words[:n])
        if key in FORMS:
            verb, kind = FORMS[key]
            return words[n - 1].end(), verb, kind
    return None


def _consume_post_modifiers(text: str, end: int) -> int:
    while True:
        post = _POST_RE.match(text, end)
        if post:
            end = post.end()
            continue
        ambiguous = _AMBIG_RE.match(text, end)
        if ambiguous:
            punctuation, following = ambiguous.group(2), ambiguous.group(3)
            if (
                punctuation.strip()
                or not following
                or following.lower() in _FUNCTION_WORDS
                or following[:1].isupper()
            ):
                end = ambiguous.end(1)
                continue
        return end


def _deinflect(word: str) -> str:
    """Best-effort base form of an unknown opener ("Applauds" -> "applaud")."""
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            return stem[:-1]
        if re.search(r"(at|iz|is|ut|uc|iv|av|ov|ag|ur|ir|om|in|ud|at|rv|ns|rs)$", stem):
            return stem + "e"
        return stem
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
