"""The United Nations bodies that issue resolutions: full names, short codes and parents."""

from __future__ import annotations

import re

# Full name as printed in document headers -> short code. Several names may share a code
# (older or alternative spellings) so that a header printed either way resolves.
KNOWN_BODIES: dict[str, str] = {
    "General Assembly": "GA",
    "Security Council": "SC",
    "Economic and Social Council": "ECOSOC",
    "Trusteeship Council": "TC",
    "Human Rights Council": "HRC",
    "Commission on Human Rights": "CHR",
    "Sub-Commission on the Promotion and Protection of Human Rights": "SCPPHR",
    "Commission on Crime Prevention and Criminal Justice": "CCPCJ",
    "Commission on Narcotic Drugs": "CND",
    "Commission on the Status of Women": "CSW",
    "Commission for Social Development": "CSocD",
    "Commission on Population and Development": "CPD",
    "Statistical Commission": "StatCom",
    "Commission on Sustainable Development": "CSD",
    "Commission on Science and Technology for Development": "CSTD",
    "United Nations Forum on Forests": "UNFF",
    "Permanent Forum on Indigenous Issues": "UNPFII",
    "Economic Commission for Africa": "ECA",
    "Economic Commission for Europe": "ECE",
    "Economic Commission for Latin America and the Caribbean": "ECLAC",
    "Economic and Social Commission for Asia and the Pacific": "ESCAP",
    "Economic and Social Commission for Western Asia": "ESCWA",
    "United Nations Environment Assembly": "UNEA",
    "United Nations Environment Assembly of the United Nations Environment Programme": "UNEA",
    "Governing Council of the United Nations Environment Programme": "UNEP-GC",
    "United Nations Habitat Assembly": "UN-Habitat Assembly",
    "Governing Council of the United Nations Human Settlements Programme": "UN-Habitat-GC",
    "Conference of the Parties to the United Nations Convention against Transnational "
    "Organized Crime": "COP-UNTOC",
    "Conference of the States Parties to the United Nations Convention against Corruption": (
        "COSP-UNCAC"
    ),
}

# Subsidiary body code -> the body it reports to. Commission drafts are recommended to the
# Economic and Social Council; the Human Rights Council is a subsidiary of the Assembly.
# Principal organs (the Assembly, the Councils) have no parent.
BODY_PARENTS: dict[str, str] = {
    "HRC": "GA",
    "UNEA": "GA",
    "UN-Habitat Assembly": "GA",
    "CHR": "ECOSOC",
    "SCPPHR": "CHR",
    "CCPCJ": "ECOSOC",
    "CND": "ECOSOC",
    "CSW": "ECOSOC",
    "CSocD": "ECOSOC",
    "CPD": "ECOSOC",
    "StatCom": "ECOSOC",
    "CSD": "ECOSOC",
    "CSTD": "ECOSOC",
    "UNFF": "ECOSOC",
    "UNPFII": "ECOSOC",
    "ECA": "ECOSOC",
    "ECE": "ECOSOC",
    "ECLAC": "ECOSOC",
    "ESCAP": "ECOSOC",
    "ESCWA": "ECOSOC",
    "UNEP-GC": "GA",
    "UN-Habitat-GC": "GA",
}

# Longest names first so "Economic and Social Commission for Asia ..." is not read as
# "Economic and Social Council" and "Governing Council of ..." wins over shorter matches.
_NAMES_LONGEST_FIRST = sorted(KNOWN_BODIES, key=len, reverse=True)
_CASEFOLDED = {name.casefold(): name for name in KNOWN_BODIES}


def body_code(name: str | None) -> str | None:
    """The code of a body named exactly (case-insensitive), or None when unknown."""
    if not name:
        return None
    canonical = _CASEFOLDED.get(_squash(name).casefold())
    return KNOWN_BODIES[canonical] if canonical else None


def canonical_name(name: str) -> str:
    """The name as spelt in KNOWN_BODIES when known, else the name cleaned of extra spaces."""
    squashed = _squash(name)
    return _CASEFOLDED.get(squashed.casefold(), squashed)


def parent_code(code: str | None) -> str | None:
    """The code of the body a subsidiary body reports to, if any."""
    return BODY_PARENTS.get(code) if code else None


def body_at_start(line: str) -> str | None:
    """The known body whose name opens `line` as whole words ("Security Council Distr.: ...")."""
    folded = line.casefold()
    for name in _NAMES_LONGEST_FIRST:
        key = name.casefold()
        if folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalnum()):
            return name
    return None


def looks_like_body_name(name: str) -> bool:
    """True for a known body or a plausible unknown one ("The Governing Council," etc.)."""
    name = _squash(name)
    if body_code(name):
        return True
    words = name.split()
    if not 1 <= len(words) <= 12 or not name[:1].isupper():
        return False
    return bool(
        re.search(
            r"\b(Assembly|Council|Commission|Conference|Committee|Board|Forum|Meeting)\b",
            name,
        )
    )


def _squash(text: str) -> str:
    return " ".join(text.replace(",", " ").split()) if text else ""
