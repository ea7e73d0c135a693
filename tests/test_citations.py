"""Extraction and normalisation of references to resolutions and documents (no Django needed)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolutions.parsing.citations import (
    CHR,
    DOCUMENT,
    ECOSOC,
    GA,
    HRC,
    KINDS,
    OTHER,
    RESOLUTION_KINDS,
    SC,
    extract_references,
    normalize_symbol,
    referenced_years,
    symbol_kind,
)
from resolutions.parsing.structures import Reference

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_TRUTH = json.loads((FIXTURES / "seed-truth.json").read_text(encoding="utf-8"))


def clean(markdown: str) -> str:
    """The light clean-up the parser does before extraction: markdown out, words kept."""
    text = re.sub(r"<sup>.*?</sup>", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("*", "")


def symbols(refs: list[Reference]) -> list[str]:
    return [r.symbol for r in refs]


def assert_offsets(text: str, refs: list[Reference]) -> None:
    for ref in refs:
        assert 0 <= ref.start < ref.end <= len(text)
        assert text[ref.start : ref.end] == ref.text
        assert ref.kind in KINDS
    assert [(r.start, r.end) for r in refs] == sorted((r.start, r.end) for r in refs)


# --- the five seed texts against what a careful reader found in them --------------------------


@pytest.mark.parametrize("entry", SEED_TRUTH, ids=[e["file"] for e in SEED_TRUTH])
def test_seed_references_match_truth(entry: dict) -> None:
    text = clean((FIXTURES / "seeds" / entry["file"]).read_text(encoding="utf-8"))
    refs = extract_references(text, speaker="GA")
    assert_offsets(text, refs)

    resolutions = {r.symbol for r in refs if r.kind in RESOLUTION_KINDS}
    documents = {r.symbol for r in refs if r.kind == DOCUMENT}
    own = entry.get("symbol")
    if own:
        # The header carries the resolution's own symbol; the parser drops self-references.
        assert own in resolutions
        resolutions.discard(own)
    assert resolutions == set(entry["cited_resolutions"])
    assert documents == set(entry["cited_documents"])


# --- lists, dates and titles ------------------------------------------------------------------


def test_list_items_each_get_their_own_span() -> None:
    text = "Recalling its resolutions 70/148, 70/177 and 71/151,"
    refs = extract_references(text)
    assert symbols(refs) == ["A/RES/70/148", "A/RES/70/177", "A/RES/71/151"]
    assert [r.text for r in refs] == ["70/148", "70/177", "71/151"]
    assert refs[1].start == text.index("70/177")
    assert all(r.kind == GA for r in refs)


def test_list_with_dates_and_subjects() -> None:
    text = (
        "Recalling General Assembly resolutions 61/40 of 4 December 2006, on measures to "
        "eliminate international terrorism, 62/172 of 18 December 2007, on technical "
        "assistance for implementing the international conventions, in particular its "
        "capacity, and 63/129 of 11 December 2008, on the rule of law, Security Council "
        "resolution 1624 (2005) of 14 September 2005, on incitement, and Security Council "
        "resolution 1822 (2008) of 30 June 2008, on sanctions,"
    )
    refs = extract_references(text)
    assert_offsets(text, refs)
    assert [(r.symbol, r.kind, r.date, r.title) for r in refs] == [
        (
            "A/RES/61/40",
            GA,
            datetime.date(2006, 12, 4),
            "measures to eliminate international terrorism",
        ),
        (
            "A/RES/62/172",
            GA,
            datetime.date(2007, 12, 18),
            "technical assistance for implementing the international conventions, "
            "in particular its capacity",
        ),
        ("A/RES/63/129", GA, datetime.date(2008, 12, 11), "the rule of law"),
        ("S/RES/1624 (2005)", SC, datetime.date(2005, 9, 14), "incitement"),
        ("S/RES/1822 (2008)", SC, datetime.date(2008, 6, 30), "sanctions"),
    ]


def test_subject_without_comma_runs_to_next_item() -> None:
    text = (
        "General Assembly resolutions 64/168 of 18 December 2009 on protection of human "
        "rights and 64/177 of 18 December 2009 on technical assistance,"
    )
    refs = extract_references(text)
    assert [(r.symbol, r.title) for r in refs] == [
        ("A/RES/64/168", "protection of human rights"),
        ("A/RES/64/177", "technical assistance"),
    ]


def test_subject_of_last_item_stops_at_relative_clause() -> None:
    text = "Recalling its resolution 66/282 of 29 June 2012 on the Strategy review, in which it"
    (ref,) = extract_references(text)
    assert ref.title == "the Strategy review"
    assert ref.date == datetime.date(2012, 6, 29)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "its resolution 70/291 of 1 July 2016, entitled “The Strategy Review”,",
            "The Strategy Review",
        ),
        (
            'its resolution 75/291 of 30 June 2021, entitled "Seventh review" which',
            "Seventh review",
        ),
        ("resolution 1373 (2001), entitled ‘Threats to peace’.", "Threats to peace"),
    ],
)
def test_entitled_gives_title(text: str, title: str) -> None:
    (ref,) = extract_references(text)
    assert ref.title == title


def test_dates_each_item_its_own_and_also_of() -> None:
    text = (
        "Security Council resolutions 1269 (1999) of 19 October 1999, 1373 (2001), and "
        "1566 (2004) of 8 October 2004, and its resolution 59/159, also of 20 December 2004, "
        "in which"
    )
    refs = extract_references(text)
    assert [(r.symbol, r.date) for r in refs] == [
        ("S/RES/1269 (1999)", datetime.date(1999, 10, 19)),
        ("S/RES/1373 (2001)", None),
        ("S/RES/1566 (2004)", datetime.date(2004, 10, 8)),
        ("A/RES/59/159", datetime.date(2004, 12, 20)),
    ]


def test_impossible_date_keeps_reference_without_date() -> None:
    (ref,) = extract_references("its resolution 68/187 of 31 February 2013,")
    assert ref.symbol == "A/RES/68/187"
    assert ref.date is None


def test_locator_does_not_end_list() -> None:
    refs = extract_references("resolutions 60/1, annex, and 60/288, annex.")
    assert symbols(refs) == ["A/RES/60/1", "A/RES/60/288"]


def test_body_named_inside_list_switches_body() -> None:
    text = (
        "Resolutions 72/194, 75/291 and Security Council resolutions 2133 (2014) and 2178 (2014),"
    )
    refs = extract_references(text)
    assert [(r.symbol, r.kind) for r in refs] == [
        ("A/RES/72/194", GA),
        ("A/RES/75/291", GA),
        ("S/RES/2133 (2014)", SC),
        ("S/RES/2178 (2014)", SC),
    ]


# --- part letters -----------------------------------------------------------------------------


def test_letters_a_and_b_expand() -> None:
    text = "General Assembly resolutions 53/243 A and B."
    refs = extract_references(text)
    assert symbols(refs) == ["A/RES/53/243 A", "A/RES/53/243 B"]
    assert [r.text for r in refs] == ["53/243 A", "B"]
    assert_offsets(text, refs)


def test_letters_list_and_range() -> None:
    refs = extract_references("resolutions 60/1 A, B and C and 61/2 A-C,")
    assert symbols(refs) == [
        "A/RES/60/1 A",
        "A/RES/60/1 B",
        "A/RES/60/1 C",
        "A/RES/61/2 A",
        "A/RES/61/2 B",
        "A/RES/61/2 C",
    ]


def test_capital_article_is_not_a_part_letter() -> None:
    (ref,) = extract_references("resolution 68/187 A new approach is needed")
    assert ref.symbol == "A/RES/68/187"
    assert ref.text == "68/187"


# --- which body a bare number belongs to ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        ("Recalling its resolution 59/46,", "GA", ("A/RES/59/46", GA)),
        ("Recalling its resolution 59/46,", None, ("A/RES/59/46", GA)),
        ("Recalling resolution 59/46,", None, ("A/RES/59/46", GA)),
        ("Recalling its resolution 48/13,", "HRC", ("A/HRC/RES/48/13", HRC)),
        ("Recalling its resolution 27/1,", "CCPCJ", ("E/CN.15/RES/27/1", OTHER)),
        ("Recalling its resolution 2005/80,", "CHR", ("E/CN.4/RES/2005/80", CHR)),
        ("Recalling Assembly resolution 68/187,", "ECOSOC", ("A/RES/68/187", GA)),
        ("Recalling General Assembly resolution 68/187,", "HRC", ("A/RES/68/187", GA)),
        ("Recalling Security Council resolution 2178 (2014),", "GA", ("S/RES/2178 (2014)", SC)),
        ("Recalling Council resolution 2013/32,", "ECOSOC", ("E/RES/2013/32", ECOSOC)),
        ("Recalling resolution 2013/32,", "ECOSOC", ("E/RES/2013/32", ECOSOC)),
        ("Recalling its resolution 2013/32,", "ECOSOC", ("E/RES/2013/32", ECOSOC)),
        (
            "Recalling Economic and Social Council resolution 2013/32,",
            "GA",
            ("E/RES/2013/32", ECOSOC),
        ),
        (
            "Recalling Commission on Human Rights resolution 2005/80,",
            "GA",
            ("E/CN.4/RES/2005/80", CHR),
        ),
        (
            "Recalling resolution 2005/80 of the Commission on Human Rights,",
            "GA",
            ("E/CN.4/RES/2005/80", CHR),
        ),
        ("Recalling Human Rights Council resolution 51/1,", "GA", ("A/HRC/RES/51/1", HRC)),
        ("Recalling Council resolution 51/1,", "HRC", ("A/HRC/RES/51/1", HRC)),
        (
            "Recalling Commission on Narcotic Drugs resolution 61/11,",
            "GA",
            ("E/CN.7/RES/61/11", OTHER),
        ),
        (
            "Recalling Commission on the Status of Women resolution 60/2,",
            "ECOSOC",
            ("E/CN.6/RES/60/2", OTHER),
        ),
        ("Recalling General Assembly resolution 2625 (XXV),", "GA", ("A/RES/2625(XXV)", GA)),
        ("Recalling resolution 217 A (III),", "GA", ("A/RES/217(III) A", GA)),
        ("Recalling its resolution ES-10/19,", "GA", ("A/RES/ES-10/19", GA)),
        (
            "Recalling Economic and Social Council resolution 1503 (XLVIII),",
            "GA",
            ("E/RES/1503(XLVIII)", ECOSOC),
        ),
    ],
)
def test_body_of_bare_number(text: str, speaker: str | None, expected: tuple[str, str]) -> None:
    refs = extract_references(text, speaker=speaker)
    assert [(r.symbol, r.kind) for r in refs] == [expected]


def test_council_resolution_after_security_council_named() -> None:
    text = (
        "Recalling that the Security Council, in its resolution 1535 (2004), recognized the "
        "need to monitor the implementation of Council resolution 1373 (2001),"
    )
    refs = extract_references(text, speaker="GA")
    assert [(r.symbol, r.kind, r.text) for r in refs] == [
        ("S/RES/1535 (2004)", SC, "1535 (2004)"),
        ("S/RES/1373 (2001)", SC, "1373 (2001)"),
    ]


def test_bare_commission_means_the_commission_named_before() -> None:
    text = (
        "Noting the work of the Commission on Narcotic Drugs, and recalling Commission "
        "resolution 58/3,"
    )
    (ref,) = extract_references(text, speaker="GA")
    assert (ref.symbol, ref.kind) == ("E/CN.7/RES/58/3", OTHER)


def test_bare_commission_without_any_named_is_not_guessed() -> None:
    assert extract_references("Recalling Commission resolution 58/3,", speaker="GA") == []


# --- documents --------------------------------------------------------------------------------


def test_joint_symbol_is_two_documents() -> None:
    text = "³ A/59/754-S/2005/197, annex."
    refs = extract_references(text)
    assert [(r.symbol, r.kind, r.text) for r in refs] == [
        ("A/59/754", DOCUMENT, "A/59/754"),
        ("S/2005/197", DOCUMENT, "S/2005/197"),
    ]
    assert_offsets(text, refs)


def test_corrigendum_after_and_is_not_separate() -> None:
    text = "[on the recommendation of the Commission (E/2013/30 and Corr.1)]"
    (ref,) = extract_references(text)
    assert (ref.symbol, ref.kind, ref.text) == ("E/2013/30", DOCUMENT, "E/2013/30")


@pytest.mark.parametrize(
    "symbol",
    [
        "E/CN.15/2015/1",
        "A/CONF.222/17",
        "A/C.3/70/L.5/Rev.1",
        "A/HRC/51/L.12",
        "S/PRST/2014/23",
        "ST/SGB/2003/13",
        "A/70/123/Add.1",
        "E/CN.4/Sub.2/2005/L.3",
    ],
)
def test_document_symbols_as_printed(symbol: str) -> None:
    text = f"Taking note of the report ({symbol}), and"
    (ref,) = extract_references(text)
    assert (ref.symbol, ref.kind, ref.text) == (symbol, DOCUMENT, symbol)


def test_draft_resolution_symbol_is_a_document() -> None:
    (ref,) = extract_references("draft resolution A/C.3/70/L.5 was adopted")
    assert (ref.symbol, ref.kind) == ("A/C.3/70/L.5", DOCUMENT)


@pytest.mark.parametrize(
    ("text", "symbol", "kind"),
    [
        ("adopted in A/RES/70/1 of 25 September 2015", "A/RES/70/1", GA),
        ("see S/RES/2178(2014).", "S/RES/2178 (2014)", SC),
        ("see S/RES/2178 (2014).", "S/RES/2178 (2014)", SC),
        ("United Nations E/RES/2013/32", "E/RES/2013/32", ECOSOC),
        ("text of A/HRC/RES/51/1,", "A/HRC/RES/51/1", HRC),
        ("text of E/CN.4/RES/2005/80,", "E/CN.4/RES/2005/80", CHR),
        ("text of A/RES/2625(XXV),", "A/RES/2625(XXV)", GA),
    ],
)
def test_resolution_symbols_written_out_are_resolutions(text: str, symbol: str, kind: str) -> None:
    (ref,) = extract_references(text)
    assert (ref.symbol, ref.kind) == (symbol, kind)
    assert_offsets(text, [ref])


def test_symbol_after_keyword_gets_date() -> None:
    (ref,) = extract_references("its resolution A/RES/70/1 of 25 September 2015,")
    assert (ref.symbol, ref.text, ref.date) == (
        "A/RES/70/1",
        "A/RES/70/1",
        datetime.date(2015, 9, 25),
    )


# --- no false citations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "⁶ United Nations, Treaty Series, vol. 1577, No. 27531.",
        "⁴ United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574.",
        "the Global Programme on Preventing and Countering Terrorism (2022–2027) of the Office",
        "the Global Programme (2022-2027) and the 2030 Agenda for Sustainable Development",
        "activities conducted in 2003 and 2004 and held in Bangkok from 18 to 25 April 2005",
        "12. Requests the Secretary-General, in paragraph 5 of 2014, to report",
        "Item 5 of the provisional agenda, Agenda item 6 (c), Vienna, 18-22 May 2015",
        "adopted by the Conference in resolution 1, and draft resolution III",
        "relevant Security Council resolutions, and General Assembly resolutions 2 and 3",
        "2013/32. Technical assistance for implementing the conventions",
        "Resolution adopted by the Economic and Social Council on 25 July 2013",
        "the Declaration and Programme of Action on a Culture of Peace 2 and the Agenda",
        "the ratio was 3/4 and the plan and/or A/B testing",
        "resolution 1945 (1945) and Security Council resolution 12 (1900)",
    ],
)
def test_no_false_citations(text: str) -> None:
    assert extract_references(text) == []


def test_conference_report_resolution_is_not_a_un_resolution() -> None:
    refs = extract_references("² A/CONF.222/17, chap. I, resolution 1.")
    assert [(r.symbol, r.kind) for r in refs] == [("A/CONF.222/17", DOCUMENT)]
    refs = extract_references("A/CONF.213/18, chap. I, resolution 1 (I).")
    assert symbols(refs) == ["A/CONF.213/18"]


def test_empty_text() -> None:
    assert extract_references("") == []


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("a/res/68/187", "A/RES/68/187"),
        ("A/RES/68/187", "A/RES/68/187"),
        (" A / RES / 68 / 187 ", "A/RES/68/187"),
        ("68/187", "A/RES/68/187"),
        ("53/243 A", "A/RES/53/243 A"),
        ("A/RES/53/243A", "A/RES/53/243 A"),
        ("S/RES/2178(2014)", "S/RES/2178 (2014)"),
        ("s/res/2178 (2014)", "S/RES/2178 (2014)"),
        ("2178 (2014)", "S/RES/2178 (2014)"),
        ("2178(2014)", "S/RES/2178 (2014)"),
        ("2625 (XXV)", "A/RES/2625(XXV)"),
        ("A/RES/2625 (XXV)", "A/RES/2625(XXV)"),
        ("2013/32", "E/RES/2013/32"),
        ("e/res/2013/32", "E/RES/2013/32"),
        ("E/CN.4/RES/2005/80", "E/CN.4/RES/2005/80"),
        ("a/hrc/res/51/1", "A/HRC/RES/51/1"),
        ("ES-10/19", "A/RES/ES-10/19"),
        ("e/cn.15/2015/1", "E/CN.15/2015/1"),
        ("A/C.3/70/L.5/REV.1", "A/C.3/70/L.5/Rev.1"),
        ("e/2013/30/corr.1", "E/2013/30/Corr.1"),
        ("Human Rights Council resolution 51/1", "A/HRC/RES/51/1"),
        ("Commission on Human Rights resolution 2005/80", "E/CN.4/RES/2005/80"),
        ("Security Council resolution 1373 (2001)", "S/RES/1373 (2001)"),
    ],
)
def test_normalize_symbol(raw: str, canonical: str) -> None:
    assert normalize_symbol(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "hello", "2030 Agenda", "vol. 1577", "A/B/C", "0/12", "resolutions 1/2 and 3/4"],
)
def test_normalize_symbol_refuses(raw: str) -> None:
    assert normalize_symbol(raw) is None


@pytest.mark.parametrize(
    ("symbol", "kind"),
    [
        ("A/RES/68/187", GA),
        ("S/RES/2178 (2014)", SC),
        ("E/RES/2013/32", ECOSOC),
        ("E/CN.4/RES/2005/80", CHR),
        ("A/HRC/RES/51/1", HRC),
        ("E/CN.7/RES/61/11", OTHER),
        ("E/CN.15/2015/1", DOCUMENT),
        ("2030 Agenda", None),
    ],
)
def test_symbol_kind(symbol: str, kind: str | None) -> None:
    assert symbol_kind(symbol) == kind


def test_referenced_years() -> None:
    text = (
        "Recalling its resolution 68/187 of 18 December 2013, Security Council resolution "
        "2178 (2014), Economic and Social Council resolution 2013/32, General Assembly "
        "resolution 2625 (XXV) and E/CN.15/2017/5 and A/59/754"
    )
    refs = extract_references(text)
    assert referenced_years(refs) == [1970, 2004, 2013, 2014, 2017]
    assert referenced_years([]) == []


# --- robustness -------------------------------------------------------------------------------

# Pieces of real citation text, shuffled together: reaches the list, date and title code far
# more often than arbitrary characters do.
_FRAGMENTS = st.sampled_from(
    [
        "resolution",
        "resolutions",
        "its",
        "Security Council",
        "General Assembly",
        "Commission",
        "Council",
        "Commission on Human Rights",
        "68/187",
        "53/243 A",
        "and B",
        "A-C",
        "2178 (2014)",
        "2013/32",
        "2625 (XXV)",
        "of 18 December 2013",
        "of 31 February 2013",
        ", on",
        "entitled “",
        "”",
        '"',
        ",",
        " and ",
        ";",
        ".",
        "\n",
        "A/59/754-S/2005/197",
        "A/RES/",
        "S/RES/2178(2014)",
        "E/2013/30 and Corr.1",
        "chap. I,",
        "draft",
        "annex",
        "(2022–2027)",
        "vol. 1577",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["GA", "SC", "ECOSOC", "HRC", "CHR", "CND", None]))
def test_never_raises_on_arbitrary_text(text: str, speaker: str | None) -> None:
    assert_offsets(text, extract_references(text, speaker=speaker))


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=40).map(" ".join))
def test_never_raises_on_citation_like_text(text: str) -> None:
    refs = extract_references(text)
    assert_offsets(text, refs)
    for ref in refs:
        assert symbol_kind(ref.symbol) is not None
        if ref.kind in RESOLUTION_KINDS:
            assert normalize_symbol(ref.symbol) == ref.symbol


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_normalize_symbol_never_raises(raw: str) -> None:
    result = normalize_symbol(raw)
    assert result is None or symbol_kind(result) is not None
