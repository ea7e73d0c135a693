"""Find references to resolutions and documents in resolution text (pure Python, no Django).

`extract_references` reads clean paragraph or footnote text and returns one `Reference` per
resolution or document named in it, in text order, each with the span to turn into a link, a
canonical symbol, and the date and title given with it.

How a reference is found:

* A UN symbol written out in full ("E/CN.15/2015/1", "A/RES/70/1", "S/RES/2178 (2014)") is
  recognised anywhere. Symbols containing "/RES/" are resolutions, the rest are documents
  ("A/59/754-S/2005/197" is two documents).
* A bare number ("68/187", "2178 (2014)", "2013/32", "2625 (XXV)") is a reference only
  right after the word "resolution(s)", or as a further item of the list that word opens.
  Which body issued it comes from the shape of the number together with the words before
  "resolution" ("Security Council", "its", "Commission on Human Rights", ...) and the body
  the text speaks as. Requiring the keyword is what keeps treaty volumes, paragraph numbers,
  years and "(2022–2027)" out.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import MONTH_NUMBERS, MONTHS
from .structures import Reference

GA = "ga_resolution"
SC = "sc_resolution"
ECOSOC = "ecosoc_resolution"
CHR = "chr_resolution"
HRC = "hrc_resolution"
OTHER = "other_resolution"  # a functional commission's or sub-commission's resolution
DOCUMENT = "document"
KINDS = (GA, SC, ECOSOC, CHR, HRC, OTHER, DOCUMENT)
RESOLUTION_KINDS = (GA, SC, ECOSOC, CHR, HRC, OTHER)

# Symbol series of ECOSOC's commissions (speaker codes as in bodies.KNOWN_BODIES, compared
# case-insensitively). Their resolutions get "<series>/RES/<number>" with kind OTHER, except
# the Commission on Human Rights, which has a kind of its own.
_COMMISSION_SERIES: dict[str, str] = {
    "CHR": "E/CN.4",
    "SCPPHR": "E/CN.4/Sub.2",
    "CCPCJ": "E/CN.15",
    "CND": "E/CN.7",
    "CSW": "E/CN.6",
    "CSOCD": "E/CN.5",
    "CPD": "E/CN.9",
    "STATCOM": "E/CN.3",
    "CSD": "E/CN.17",
    "CSTD": "E/CN.16",
}

# Pseudo-codes for words before "resolution" that name no one body for certain.
_COUNCIL = "COUNCIL"  # "Council resolution": SC, ECOSOC or HRC, by the number's shape
_COMMISSION = "COMMISSION"  # "Commission resolution": the commission named last
_SKIP = "SKIP"  # a conference, congress, committee...: not a resolution we can name

# Body names that may stand before "resolution", most specific first. Each is matched whole.
_BODY_NAMES: tuple[tuple[str, str], ...] = (
    (r"World\s+Health\s+Assembly", _SKIP),
    (r"Economic\s+and\s+Social\s+Council|ECOSOC", "ECOSOC"),
    (r"Security\s+Council", "SC"),
    (r"Human\s+Rights\s+Council|HRC", "HRC"),
    (r"(?:General\s+)?Assembly", "GA"),
    (r"Commission\s+on\s+Human\s+Rights", "CHR"),
    (
        r"Sub-?[Cc]ommission(?:\s+on\s+the\s+Promotion\s+and\s+Protection\s+of\s+Human\s+Rights)?",
        "SCPPHR",
    ),
    (r"Commission\s+on\s+Crime\s+Prevention\s+and\s+Criminal\s+Justice|CCPCJ", "CCPCJ"),
    (r"Commission\s+on\s+Narcotic\s+Drugs|CND", "CND"),
    (r"Commission\s+on\s+the\s+Status\s+of\s+Women|CSW", "CSW"),
    (r"Commission\s+for\s+Social\s+Development", "CSOCD"),
    (r"Commission\s+on\s+Population\s+and\s+Development", "CPD"),
    (r"Commission\s+on\s+Science\s+and\s+Technology\s+for\s+Development", "CSTD"),
    (r"Commission\s+on\s+Sustainable\s+Development", "CSD"),
    (r"Statistical\s+Commission", "STATCOM"),
    (r"Council", _COUNCIL),
    (r"Commission", _COMMISSION),
    (r"Conference|Congress|Committee|Board|Parties|Forum|Summit|Meeting", _SKIP),
)
_BODY_NAME_RES = tuple((re.compile(p), code) for p, code in _BODY_NAMES)
_BODY = "(?:" + "|".join(p for p, _ in _BODY_NAMES) + ")"
_BODY_RE = re.compile(_BODY)

# A named commission anywhere earlier in the text: what a later bare "Commission" means.
_NAMED_COMMISSION = re.compile(
    "|".join(rf"\b(?:{p})\b" for p, code in _BODY_NAMES if code in _COMMISSION_SERIES)
)

# The words just before "resolution(s)", matched against a short window ending at the
# keyword. Leftmost match wins, so "General Assembly and Security Council" is read whole.
_CONTEXT = re.compile(
    rf"""
    (?:
        \b(?P<bodies>{_BODY}(?:\s*(?:,|and|or)\s*(?:the\s+)?{_BODY})*)
        (?:\s*,)?\s+(?:in|by|through|under)\s+(?:its|their)(?:\s+own)?   # "the Council, in its"
      | \b(?P<bodies2>{_BODY}(?:\s*(?:,|and|or)\s*(?:the\s+)?{_BODY})*)  # "Security Council"
      | \b(?P<its>[Ii]ts|[Tt]heir)(?:\s+own)?                            # "its resolution"
      | \b(?P<draft>[Dd]raft)                                            # "draft resolution III"
      | \bchap\.\s*[IVXLC\d]+\s*,                                        # a report's "chap. I,"
    )
    (?:\s+(?:relevant|previous|earlier|subsequent|related|pertinent|following|recent|latest))*
    \s+$
    """,
    re.VERBOSE,
)

_KEYWORD = re.compile(r"\b[Rr]esolutions?\b")
_GAP = re.compile(r"\s+")  # "resolution 68/187": the number follows after blank space only

# Roman numerals of sessions, I..XCIX; the lookahead refuses the empty string.
_ROMAN = r"(?=[IVXLC])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_YEAR = r"(?:19[4-9]\d|20\d\d)"

# One UN symbol: a series letter group and at least two more "/"-separated parts. A part is
# a number or a word with optional ".n" pieces ("CONF.222", "CN.15", "L.5", "Rev.1") or a
# special-session mark ("ES-10", "S-26"). The year or Roman session in brackets after a
# resolution symbol ("S/RES/2178 (2014)", "A/RES/2625(XXV)") is taken along.
_SYMBOL = re.compile(
    rf"""
    (?<![\w/.])  # a "-" before is allowed: "A/59/754-S/2005/197" is two symbols
    (?P<symbol>
        (?:A|S|E|ST|TD|DP|UNEP|CRC|CEDAW|CCPR|CERD|CAT|CTOC|CAC|HRI)
        (?:/(?:E?S-\d{{1,2}}|[A-Z][A-Za-z]*(?:\.\d+)*|\d+)){{2,}}
    )
    (?![\w/])
    (?P<paren>\s?\((?:{_YEAR}|{_ROMAN})\))?
    """,
    re.VERBOSE,
)

# A bare resolution number, tried right after "resolution(s)" or a list separator.
_ITEM = re.compile(
    rf"""
    (?:
        (?P<sc_num>[1-9]\d{{0,3}})\s?\((?P<sc_year>{_YEAR})\)                    # 2178 (2014)
      | (?P<rn_num>[1-9]\d{{0,3}})(?:\s(?P<rn_letter>[A-Z]))?\s?
        \((?P<rn_session>(?:E?S-)?{_ROMAN})\)                                  # 217 A (III)
      | (?P<year>{_YEAR})/(?P<year_num>[1-9]\d{{0,2}})                        # 2013/32
      | (?P<session>(?:E?S-)?[1-9]\d?)/(?P<session_num>[1-9]\d{{0,2}})        # 68/187, ES-10/19
    )
    (?![\w/])
    """,
    re.VERBOSE,
)

# Part letters after a GA number: "53/243 A", "A and B", "A, B and C", "A-C", "A to C".
# A capital followed by an ordinary lower-case word is an article ("68/187 A new ..."), not
# a part letter; the second lookahead refuses it.
_LETTERS = re.compile(
    r"""
    \s(?P<first>[A-Z])
    (?:
        \s*(?:-|–|to)\s*(?P<range_end>[A-Z])
      | (?P<more>(?:\s*,\s*[A-Z](?![\w/]))*\s+and\s+[A-Z])
    )?
    (?![\w/])
    (?!\s+(?!(?:and|or|of|on|to|in|entitled|also|adopted|as|annex|which|concerning)\b)[a-z])
    """,
    re.VERBOSE,
)


# "of 18 December 2013", ", also of 20 December 2004", "adopted on 1 July 2016".
_DATE = re.compile(
    rf"""
    (?:\s*,)?\s+(?:(?:also|both|all)\s+)?(?:of|on|adopted\s+on)\s+
    (?P<day>[1-3]?\d)\s+(?P<month>{"|".join(MONTHS)})\s+(?P<year>\d{{4}})\b
    """,
    re.VERBOSE,
)

# Locators that follow a number without ending the list: ", annex", ", para. 3".
_LOCATOR = re.compile(
    r"""
    \s*,\s*(?:annex(?:es)?(?:\s+[IVX]+)?
             |paras?\.\s*\d+|paragraphs?\s+\d+)
    (?=\s*[,;.)]|\s+and\s|\s*$)
    """,
    re.VERBOSE,
)

# "of the Commission on Human Rights" after the number: names the body afterwards.
_POST_BODY = re.compile(rf"\s+of\s+the\s+(?P<body>{_BODY})\b")

_ENTITLED = re.compile(
    r"""(?:\s*,)?\s+entitled\s+(?:[“"‘«])(?P<title>[^”"’»\n]{1,500})[”"’»]""", re.VERBOSE
)
_ON = re.compile(r"(?:\s*,)?\s+on\s+(?=\S)")

# Where a clause ends for sure: a subject ("..., on X") never runs past these.
_STRONG_BREAK = re.compile(
    r"""
    [;\n]
    | \.(?=\s|$)
    | ,\s*(?:in\s+which|which|whereby|by\s+which|wherein|where|and\s+in\s+which)\b
    """,
    re.VERBOSE,
)
# Candidate gaps between list items; the item or keyword after one is checked in code.
_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
# A list continuing with another body's resolutions: ", and Security Council resolution".
_KEYWORD_AHEAD = re.compile(rf"(?:the\s+)?(?:{_BODY}\s+)?[Rr]esolutions?\b")
# After the last item's subject, a comma ends it unless the next words carry it on.
_CONTINUING_COMMA = re.compile(
    r",\s*(?:in\s+particular|including|especially|notably|inter\s+alia)\b"
)


@dataclass(slots=True)
class _Context:
    """What the words before "resolution(s)" say about the body."""

    named: tuple[str, ...] = ()  # body codes named, in order
    its: bool = False  # "its resolution": the speaker's (or the body the sentence names)
    skip: bool = False  # conference report, draft, committee...: bare numbers are not ours


def extract_references(text: str, *, speaker: str | None = "GA") -> list[Reference]:
    """Every reference in `text`, in order; `speaker` is the body code that "its resolution" means.

    Offsets index `text`; `text[ref.start:ref.end] == ref.text`. A list such as
    "resolutions 70/148, 70/177 and 71/151" gives one reference per item.
    """
    if not text:
        return []
    spk = speaker.upper() if speaker else None
    refs: list[Reference] = []
    for kw in _KEYWORD.finditer(text):
        refs.extend(_read_list(text, kw.end(), _context(text, kw.start()), spk))

    # Symbols written out in full, outside the spans already read as list items.
    taken = [(r.start, r.end) for r in refs]
    for m in _SYMBOL.finditer(text):
        start = m.start("symbol")
        if any(s < m.end() and start < e for s, e in taken):
            continue
        refs.extend(_symbol_refs(text, m))
    refs.sort(key=lambda r: (r.start, r.end))
    return refs


def _context(text: str, keyword_start: int) -> _Context:
    """Read the words before the keyword (a short window is enough: they stand right there)."""
    window = text[max(0, keyword_start - 160) : keyword_start]
    m = _CONTEXT.search(window)
    if not m:
        return _Context()
    if m.group("draft") is not None:
        return _Context(skip=True)
    names = m.group("bodies") or m.group("bodies2")
    if names is None:
        return _Context(its=m.group("its") is not None, skip=m.group("its") is None)
    codes = tuple(_body_code(b.group()) for b in _BODY_RE.finditer(names))
    if _SKIP in codes:
        return _Context(skip=True)
    return _Context(named=codes)


def _body_code(name: str) -> str:
    for pattern, code in _BODY_NAME_RES:
        if pattern.fullmatch(name):
            return code
    return _SKIP  # unreachable: every name _BODY matches is listed


def _read_list(text: str, pos: int, ctx: _Context, speaker: str | None) -> list[Reference]:
    """The items of the list that starts after the keyword ending at `pos`."""
    refs: list[Reference] = []
    gap = _GAP.match(text, pos)
    if not gap:
        return refs
    pos = gap.end()
    while True:
        item = _ITEM.match(text, pos)
        sym = None if item else _SYMBOL.match(text, pos)
        if sym is not None and "/RES/" not in sym.group("symbol"):
            sym = None  # "draft resolution A/C.3/70/L.5" is a document, read as such later
        if item is None and sym is None:
            break
        if sym is not None:
            new = _symbol_refs(text, sym)
            end = new[-1].end if new else sym.end()
        else:
            assert item is not None
            new, end = _item_refs(text, item, ctx, speaker)
        end, date, title, list_goes_on = _read_tail(text, end)
        for ref in new:
            ref.date = date
            ref.title = title
        refs.extend(new)
        if not list_goes_on:
            break
        sep = _next_item(text, end)
        if sep is None:
            break
        pos = sep
    return refs


def _next_item(text: str, pos: int) -> int | None:
    """Where the next item of a list starts, if a separator and an item follow `pos`."""
    sep = _SEPARATOR.match(text, pos)
    if sep is None:
        return None
    if _ITEM.match(text, sep.end()):
        return sep.end()
    sym = _SYMBOL.match(text, sep.end())
    if sym is not None and "/RES/" in sym.group("symbol"):
        return sep.end()
    return None


def _item_refs(
    text: str, m: re.Match[str], ctx: _Context, speaker: str | None
) -> tuple[list[Reference], int]:
    """References for one bare number (several for "53/243 A and B") and where it ends."""
    end = m.end()
    if ctx.skip:
        return [], end
    post = _POST_BODY.match(text, end)
    if post and not ctx.named:
        # "resolution 2005/80 of the Commission on Human Rights": the body comes after.
        ctx = _Context(named=(_body_code(post.group("body")),))
    if m.group("sc_num"):
        if int(m.group("sc_year")) < 1946:
            return [], end
        symbol, kind = f"S/RES/{m.group('sc_num')} ({m.group('sc_year')})", SC
        return [_ref(text, symbol, kind, m.start(), end)], end
    if m.group("rn_num"):
        letter = m.group("rn_letter")
        suffix = f" {letter}" if letter else ""
        number = f"{m.group('rn_num')}({m.group('rn_session')})"
        series, kind = ("E", ECOSOC) if "ECOSOC" in ctx.named else ("A", GA)
        return [_ref(text, f"{series}/RES/{number}{suffix}", kind, m.start(), end)], end
    if m.group("year"):
        number = f"{m.group('year')}/{m.group('year_num')}"
        resolved = _resolve_year_form(text, m.start(), ctx, speaker)
    else:
        number = f"{m.group('session')}/{m.group('session_num')}"
        resolved = _resolve_session_form(text, m.start(), ctx, speaker)
    if resolved is None:
        return [], end
    series, kind = resolved
    base = f"{series}/RES/{number}"
    if kind != GA:
        return [_ref(text, base, kind, m.start(), end)], end
    return _with_letters(text, base, kind, m.start(), end)


def _with_letters(
    text: str, base: str, kind: str, start: int, end: int
) -> tuple[list[Reference], int]:
    """Expand part letters after a GA number: one reference per letter, each its own span."""
    lm = _LETTERS.match(text, end)
    if lm is None:
        return [_ref(text, base, kind, start, end)], end
    refs = [_ref(text, f"{base} {lm.group('first')}", kind, start, lm.end("first"))]
    if lm.group("range_end"):
        first, last = ord(lm.group("first")), ord(lm.group("range_end"))
        # Letters implied by a range ("B" in "A-C") share the span of the range's last letter.
        for code in range(first + 1, last + 1):
            refs.append(
                _ref(text, f"{base} {chr(code)}", kind, lm.start("range_end"), lm.end("range_end"))
            )
    elif lm.group("more"):
        for letter in re.finditer(r"[A-Z]", lm.group("more")):
            s = lm.start("more") + letter.start()
            refs.append(_ref(text, f"{base} {letter.group()}", kind, s, s + 1))
    return refs, lm.end()


def _resolve_session_form(
    text: str, start: int, ctx: _Context, speaker: str | None
) -> tuple[str, str] | None:
    """Series and kind of "session/number": the Assembly, the Human Rights Council or a
    commission that numbers by session."""
    for code in ctx.named:
        if code == "GA":
            return "A", GA
        if code in ("HRC", _COUNCIL):  # the only Council numbering by session is the HRC
            return "A/HRC", HRC
        if code == _COMMISSION:
            code = _last_commission(text, start) or (speaker or "")
            if code not in _COMMISSION_SERIES:
                return None  # which commission is not said
        if code in _COMMISSION_SERIES and code != "CHR":
            return _COMMISSION_SERIES[code], OTHER
    # "its resolution", "resolution" alone, or a body that cannot have issued this number.
    if speaker == "HRC":
        return "A/HRC", HRC
    if speaker in _COMMISSION_SERIES and speaker != "CHR" and (ctx.its or not ctx.named):
        return _COMMISSION_SERIES[speaker], OTHER
    return "A", GA


def _resolve_year_form(
    text: str, start: int, ctx: _Context, speaker: str | None
) -> tuple[str, str] | None:
    """Series and kind of "year/number": ECOSOC, the Commission on Human Rights or another
    commission numbering by year."""
    for code in ctx.named:
        if code in ("ECOSOC", _COUNCIL):  # the only Council numbering by year is ECOSOC
            return "E", ECOSOC
        if code == _COMMISSION:
            code = _last_commission(text, start) or (speaker or "")
            if code not in _COMMISSION_SERIES:
                return None
        if code in _COMMISSION_SERIES:
            return _COMMISSION_SERIES[code], CHR if code == "CHR" else OTHER
    if speaker in _COMMISSION_SERIES and (ctx.its or not ctx.named):
        return _COMMISSION_SERIES[speaker], CHR if speaker == "CHR" else OTHER
    return "E", ECOSOC


def _last_commission(text: str, before: int) -> str | None:
    """The commission named last before `before`, for a bare "Commission resolution"."""
    mentions = _commission_mentions(text)
    i = bisect.bisect_left(mentions, (before, "")) - 1
    return _body_code(mentions[i][1]) if i >= 0 else None


@functools.lru_cache(maxsize=8)
def _commission_mentions(text: str) -> tuple[tuple[int, str], ...]:
    # Cached per text: a long text with many "Commission resolution"s would rescan otherwise.
    return tuple((m.start(), m.group()) for m in _NAMED_COMMISSION.finditer(text))


def _read_tail(text: str, pos: int) -> tuple[int, datetime.date | None, str, bool]:
    """Locator, date and subject after an item: (end, date, title, whether a list may go on)."""
    loc = _LOCATOR.match(text, pos)
    if loc:
        pos = loc.end()
    date = None
    dm = _DATE.match(text, pos)
    if dm:
        date = _make_date(dm)
        pos = dm.end()
    em = _ENTITLED.match(text, pos)
    if em:
        return em.end(), date, em.group("title").strip(), True
    om = _ON.match(text, pos)
    if om is None or _DATE.match(text, pos):
        return pos, date, "", True
    title_start = om.end()
    brk = _STRONG_BREAK.search(text, title_start)
    window_end = brk.start() if brk else len(text)
    # The subject runs until the next item of the list or the next body's resolutions.
    for sep in _SEPARATOR.finditer(text, title_start, window_end):
        after = sep.end()
        if _ITEM.match(text, after) or _KEYWORD_AHEAD.match(text, after):
            return sep.start(), date, _clean_title(text[title_start : sep.start()]), True
    # Last item: a comma ends the subject unless the words after it carry it on.
    end = window_end
    for comma in re.finditer(",", text[title_start:window_end]):
        at = title_start + comma.start()
        if not _CONTINUING_COMMA.match(text, at):
            end = at
            break
    return end, date, _clean_title(text[title_start:end]), False


def _clean_title(raw: str) -> str:
    return " ".join(raw.split()).strip(" ,;:")


def _make_date(m: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(
            int(m.group("year")), MONTH_NUMBERS[m.group("month").lower()], int(m["day"])
        )
    except ValueError:
        return None  # "of 31 February 2013": keep the reference, drop the date


def _ref(text: str, symbol: str, kind: str, start: int, end: int) -> Reference:
    return Reference(symbol=symbol, kind=kind, text=text[start:end], start=start, end=end)


def _symbol_refs(text: str, m: re.Match[str]) -> list[Reference]:
    """References for a symbol written out in full (resolution or document)."""
    raw = m.group("symbol")
    start = m.start("symbol")
    if not any(ch.isdigit() for ch in raw):
        return []  # "A/B/C" is not a UN symbol: every real one carries a number
    if "/RES/" not in raw:
        return [_ref(text, raw, DOCUMENT, start, m.end("symbol"))]
    end = m.end() if m.group("paren") else m.end("symbol")
    symbol = normalize_symbol(text[start:end])
    kind = symbol_kind(symbol) if symbol else None
    if symbol is None or kind is None:
        return []
    if kind == GA and not m.group("paren"):
        refs, _ = _with_letters(text, symbol, kind, start, end)
        return refs
    return [_ref(text, symbol, kind, start, end)]


# ---------------------------------------------------------------------------------------------
# Normalisation of symbols given by people or by text.

_BARE = re.compile(
    rf"""
    (?:
        (?P<sc_num>[1-9]\d{{0,3}})\s*\((?P<sc_year>{_YEAR})\)
      | (?P<rn_num>[1-9]\d{{0,3}})(?:\s*(?P<rn_letter>[A-Z]))?
        \s*\((?P<rn_session>(?:E?S-)?{_ROMAN})\)
      | (?P<year>{_YEAR})/(?P<year_num>[1-9]\d{{0,2}})
      | (?P<session>(?:E?S-)?[1-9]\d?)/(?P<session_num>[1-9]\d{{0,2}})(?:\s*(?P<letter>[A-Z]))?
    )
    """,
    re.VERBOSE,
)
# A resolution symbol's tail: "2178 (2014)", "2625(XXV)", "53/243 A", "53/243A".
_RES_TAIL = re.compile(
    rf"""
    (?P<num>.*?)\s*
    (?:\((?P<paren>{_YEAR}|(?:E?S-)?{_ROMAN})\)|(?<=\d)\s*(?P<letter>[A-Z]))?
    """,
    re.VERBOSE,
)
# Parts printed in mixed case in official symbols.
_MIXED_CASE = {"REV": "Rev", "ADD": "Add", "CORR": "Corr", "SUB": "Sub", "AMEND": "Amend"}


def normalize_symbol(raw: str) -> str | None:
    """The canonical symbol for a user- or text-given form, or None when it is not one.

    "a/res/68/187" and "68/187" -> "A/RES/68/187"; "S/RES/2178(2014)" and "2178 (2014)" ->
    "S/RES/2178 (2014)"; "2013/32" -> "E/RES/2013/32" (a bare year/number is ECOSOC's);
    "2625 (XXV)" -> "A/RES/2625(XXV)"; "e/cn.15/2015/1" -> "E/CN.15/2015/1". A phrase such
    as "Human Rights Council resolution 51/1" is read as text when it names one reference.
    """
    s = " ".join(raw.split())
    if not s:
        return None
    bare = _BARE.fullmatch(s.upper())
    if bare:
        return _normalize_bare(bare)
    up = re.sub(r"\s*/\s*", "/", s).upper()
    parts = up.split("/")
    if len(parts) >= 3 and "RES" in parts:
        head, _, tail = up.partition("/RES/")
        tm = _RES_TAIL.fullmatch(tail)
        if tm and re.fullmatch(r"(?:E?S-)?\d+(?:/\d+)?", tm.group("num")):
            num, paren, letter = tm.group("num"), tm.group("paren"), tm.group("letter")
            if paren and paren[0].isdigit():
                symbol = f"{head}/RES/{num} ({paren})"
            elif paren:
                symbol = f"{head}/RES/{num}({paren})"
            else:
                symbol = f"{head}/RES/{num}" + (f" {letter}" if letter else "")
            return _mixed_case(symbol) if symbol_kind(_mixed_case(symbol)) else None
        return None
    if len(parts) >= 3:
        symbol = _mixed_case(up)
        return symbol if symbol_kind(symbol) == DOCUMENT else None
    # Not a symbol: perhaps a phrase ("Human Rights Council resolution 51/1"). No recursion
    # back here: extraction normalises only strings that contain "/RES/".
    found = extract_references(s, speaker=None)
    return found[0].symbol if len(found) == 1 else None


def _normalize_bare(m: re.Match[str]) -> str:
    if m.group("sc_num"):
        return f"S/RES/{m.group('sc_num')} ({m.group('sc_year')})"
    if m.group("rn_num"):
        letter = m.group("rn_letter")
        return f"A/RES/{m.group('rn_num')}({m.group('rn_session')})" + (
            f" {letter}" if letter else ""
        )
    if m.group("year"):
        return f"E/RES/{m.group('year')}/{m.group('year_num')}"
    letter = m.group("letter")
    return f"A/RES/{m.group('session')}/{m.group('session_num')}" + (f" {letter}" if letter else "")


def _mixed_case(symbol: str) -> str:
    def fix(part: str) -> str:
        word, dot, rest = part.partition(".")
        return _MIXED_CASE.get(word, word) + dot + rest

    return "/".join(fix(p) for p in symbol.split("/"))


def symbol_kind(symbol: str) -> str | None:
    """The kind (one of KINDS) of a canonical symbol, or None when it is not a UN symbol."""
    if symbol.startswith("A/HRC/RES/"):
        return HRC
    if symbol.startswith("A/RES/"):
        return GA
    if symbol.startswith("S/RES/"):
        return SC
    if symbol.startswith("E/RES/"):
        return ECOSOC
    if symbol.startswith("E/CN.4/RES/"):
        return CHR
    if "/RES/" in symbol:
        return OTHER
    m = _SYMBOL.fullmatch(symbol)
    if m and any(ch.isdigit() for ch in symbol):
        return DOCUMENT
    return None


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(numeral: str) -> int:
    total = 0
    for ch, nxt in zip(numeral, [*numeral[1:], ""], strict=True):
        v = _ROMAN_VALUES[ch]
        total += -v if nxt and _ROMAN_VALUES[nxt] > v else v
    return total


def referenced_years(refs: Iterable[Reference]) -> list[int]:
    """Years the references point to, sorted and distinct: a lower bound for the text's year.

    Counted: the year of a given date, the year in "S/RES/2178 (2014)", "E/RES/2013/32",
    "E/CN.15/2015/1" and "S/2005/197", and for Assembly sessions ("A/RES/68/187", "A/59/754",
    "A/RES/2625(XXV)") the year the session opened (1945 + session).
    """
    years: set[int] = set()
    for ref in refs:
        if ref.date:
            years.add(ref.date.year)
        sym = ref.symbol
        years.update(int(y) for y in re.findall(rf"(?:\(|/)({_YEAR})(?=\)|/)", sym))
        session = re.match(r"A/(?:RES/|C\.\d/|INF/)?([1-9]\d?)/", sym)
        if session:
            years.add(1945 + int(session.group(1)))
        roman = re.match(rf"A/RES/\d+\(({_ROMAN})\)", sym)
        if roman:
            years.add(1945 + _roman_value(roman.group(1)))
    return sorted(years)
