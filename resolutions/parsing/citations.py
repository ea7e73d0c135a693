"""Find references to resolutions and documents in resolution text (pure Python)."""

from __future__ import annotations

from .structures import Reference

GA = "ga_resolution"
SC = "sc_resolution"
ECOSOC = "ecosoc_resolution"
CHR = "chr_resolution"
HRC = "hrc_resolution"
DOCUMENT = "document"
KINDS = (GA, SC, ECOSOC, CHR, HRC, DOCUMENT)


def extract_references(text: str, *, speaker: str | None = "GA") -> list[Reference]:
    """Every reference in `text`, in order; `speaker` is the body code that "its resolution" means."""
    return []
