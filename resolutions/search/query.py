"""The archive's query language, parsed into a small tree that each engine renders safely.

Syntax (the same on every engine): words (all must match, stemmed), "exact phrase",
OR between two items, -excluded, prefix*. Raw input never reaches an engine: only the
renderers in the backends turn this tree into MATCH or tsquery syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 500
MAX_ITEMS = 24
MIN_PREFIX_LENGTH = 2

# A word, as both engines' tokenizers see one: letters and digits (any script).
WORD = re.compile(r"[^\W_]+", re.UNICODE)
TOKEN = re.compile(
    r"""
    (?P<neg>-)?                 # exclusion
    (?:
        "(?P<phrase>[^"]*)"?    # a quoted phrase; a quote left open runs to the end
      | (?P<bare>[^\s"]+)       # anything else up to a space or a quote
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]


Atom = Term | Phrase


@dataclass(slots=True)
class Query:
    """All `clauses` must match (each an OR of atoms); none of `excluded` may."""

    clauses: list[tuple[Atom, ...]] = field(default_factory=list)
    excluded: list[Atom] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def positive_atoms(self) -> list[Atom]:
        return [atom for clause in self.clauses for atom in clause]

    def __str__(self) -> str:
        def show(atom: Atom) -> str:
            if isinstance(atom, Phrase):
                return '"' + " ".join(atom.words) + '"'
            return atom.word + ("*" if atom.prefix else "")

        parts = [" OR ".join(show(a) for a in clause) for clause in self.clauses]
        parts += ["-" + show(a) for a in self.excluded]
        return " ".join(parts)


def clean(text: str) -> str:
    """Normalise Unicode and drop control characters (NUL included) before parsing."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    # Typographic quotes are quotes.
    return text.translate(str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}))


def make_atom(raw: str, *, quoted: bool) -> Atom | None:
    words = tuple(w.lower() for w in WORD.findall(raw))
    if not words:
        return None
    if quoted or len(words) > 1:
        # "human-rights" or "A/RES/66/1" are several tokens to an engine: match them in order.
        return Phrase(words) if len(words) > 1 else Term(words[0])
    prefix = raw.endswith("*") and len(words[0]) >= MIN_PREFIX_LENGTH
    return Term(words[0], prefix=prefix)


def parse(text: str) -> Query:
    """Parse user input; never raises. An empty result means there is nothing to search for."""
    query = Query()
    text = clean(text)
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        query.notes.append(f"Only the first {MAX_QUERY_LENGTH} characters were searched.")

    pending_or = False
    items = 0
    for match in TOKEN.finditer(text):
        phrase, bare, negated = match["phrase"], match["bare"], bool(match["neg"])
        if bare == "OR" and not negated:
            pending_or = bool(query.clauses)
            continue
        atom = make_atom(phrase if phrase is not None else bare, quoted=phrase is not None)
        if atom is None:
            continue
        items += 1
        if items > MAX_ITEMS:
            query.notes.append(f"Only the first {MAX_ITEMS} words or phrases were searched.")
            break
        if negated:
            query.excluded.append(atom)
        elif pending_or:
            query.clauses[-1] = (*query.clauses[-1], atom)
        else:
            query.clauses.append((atom,))
        pending_or = False
    if query.is_empty and query.excluded:
        query.notes.append("Add a word to search for: exclusions alone match nothing.")
    return query
