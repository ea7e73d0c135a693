"""The resolution parser (pure Python): seed texts against their truth, and other UN formats."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from resolutions.parsing import ParseError, parse_file, parse_resolution
from resolutions.parsing.bodies import BODY_PARENTS, KNOWN_BODIES, body_code, parent_code
from resolutions.parsing.citations import DOCUMENT
from resolutions.parsing.states import split_sponsors
from resolutions.parsing.structures import OPERATIVE, PREAMBULAR
from resolutions.parsing.verbs import match_opener

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = FIXTURES / "seeds"
TRUTH = json.loads((FIXTURES / "seed-truth.json").read_text(encoding="utf-8"))
BY_FILE = {entry["file"]: entry for entry in TRUTH}


def seed(name_prefix: str):
    [path] = SEEDS.glob(f"{name_prefix}*.txt")
    return parse_file(path)


# --- the five seeds against fixtures/seed-truth.json -------------------------------------


@pytest.fixture(params=[entry["file"] for entry in TRUTH], ids=lambda name: name)
def seed_case(request):
    truth = BY_FILE[request.param]
    return truth, parse_file(SEEDS / request.param)


def test_seed_counts(seed_case):
    truth, parsed = seed_case
    assert len(parsed.preambular) == truth["preambular_count"]
    assert len(parsed.operative) == truth["operative_count"]


def test_seed_operative_verbs_in_order(seed_case):
    truth, parsed = seed_case
    assert [p.verb_phrase for p in parsed.operative] == truth["operative_verbs"]


def test_seed_header_fields(seed_case):
    truth, parsed = seed_case
    assert parsed.title == truth["title"]
    assert parsed.sponsors == truth["sponsors"]
    assert parsed.body == truth["body"]
    assert parsed.document_type == truth["document_type"]
    expected_date = datetime.date.fromisoformat(truth["date"]) if truth["date"] else None
    assert parsed.date == expected_date
    if "symbol" in truth:
        assert parsed.symbol == truth["symbol"]
    assert parsed.addressed_to == "General Assembly"


def test_seed_year(seed_case):
    """The seed without a header gets its year from the latest dated reference (needs citations)."""
    truth, parsed = seed_case
    assert parsed.year == truth["year"]
    assert parsed.year_inferred is (truth["date"] is None)


def test_seed_citations(seed_case):
    truth, parsed = seed_case
    resolutions = {c.symbol for c in parsed.citations if c.kind != DOCUMENT}
    documents = {c.symbol for c in parsed.citations if c.kind == DOCUMENT}
    assert resolutions == set(truth["cited_resolutions"])
    assert documents == set(truth["cited_documents"])


def test_seed_paragraphs_are_clean(seed_case):
    _, parsed = seed_case
    footnote_texts = [f.text for f in parsed.footnotes if len(f.text) > 25]
    for paragraph in parsed.paragraphs:
        for junk in ("---", "<sup>", "*", "\\", "](#)", "  "):
            assert junk not in paragraph.text, (paragraph.anchor, junk)
        assert not re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", paragraph.text)
        assert not re.match(r"\d", paragraph.text), paragraph.anchor
        assert paragraph.text.startswith(paragraph.verb_phrase)
        for text in footnote_texts:
            assert text not in paragraph.text


def test_seed_anchors_and_order(seed_case):
    _, parsed = seed_case
    assert [p.order for p in parsed.paragraphs] == list(range(1, len(parsed.paragraphs) + 1))
    assert [p.anchor for p in parsed.preambular] == [
        f"pp{i}" for i in range(1, len(parsed.preambular) + 1)
    ]
    assert [p.number for p in parsed.operative] == list(range(1, len(parsed.operative) + 1))
    assert [p.anchor for p in parsed.operative] == [f"op{p.number}" for p in parsed.operative]
    # Preambular clauses all come before the operative ones.
    kinds = [p.kind for p in parsed.paragraphs]
    assert kinds == sorted(kinds, key=lambda k: k == OPERATIVE)


@pytest.mark.parametrize("name", [entry["file"] for entry in TRUTH], ids=lambda name: name)
def test_seed_without_blank_lines(name):
    """PDF text often has no blank lines: paragraphs and footnotes must still separate."""
    truth = BY_FILE[name]
    text = re.sub(r"\n\s*\n", "\n", (SEEDS / name).read_text(encoding="utf-8"))
    parsed = parse_resolution(text, name)
    assert len(parsed.preambular) == truth["preambular_count"]
    assert [p.verb_phrase for p in parsed.operative] == truth["operative_verbs"]
    assert parsed.title == truth["title"]
    assert parsed.sponsors == truth["sponsors"]
    footnote_texts = [f.text for f in parsed.footnotes if len(f.text) > 25]
    for paragraph in parsed.paragraphs:
        for note in footnote_texts:
            assert note not in paragraph.text


def test_seed_own_symbol_not_cited(seed_case):
    _, parsed = seed_case
    if parsed.symbol:
        assert parsed.symbol not in {c.symbol for c in parsed.citations}


# --- structural facts in particular seeds --------------------------------------------------


def test_markdown_seed_footnotes_and_page_break_rejoin():
    parsed = seed("000")
    by_anchor = {p.anchor: p for p in parsed.paragraphs}
    notes = {f.marker: f for f in parsed.footnotes}
    assert notes["1"].text == "Resolution 60/288."
    assert notes["1"].paragraph_anchor == "pp4"  # "...Counter-Terrorism Strategy<sup>1</sup>"
    assert notes["2"].paragraph_anchor == "pp12"
    assert notes["*"].text == "E/CN.15/2015/1."
    assert notes["*"].paragraph_anchor is None  # on the agenda item: header
    assert parsed.agenda_item == "Item 5 of the provisional agenda"
    assert parsed.session == "Twenty-fourth session"
    # The marker offset points just after "Strategy".
    ref = by_anchor["pp4"].footnote_refs[0]
    assert ref.marker == "1"
    assert by_anchor["pp4"].text[: ref.offset].endswith("Counter-Terrorism Strategy")
    texts = [p.text for p in parsed.paragraphs]
    assert (
        sum("in particular by enhancing the national capacity of States" in t for t in texts) == 1
    )
    assert any("Task Force in countering the financing of terrorism" in t for t in texts)
    assert any("with other Member States, as appropriate, during incidents" in t for t in texts)
    assert by_anchor["pp9"].verb_phrase == "Noting with deep concern"
    agenda_cites = [c for c in parsed.citations if c.footnote_marker == "*"]
    assert [c.symbol for c in agenda_cites] == ["E/CN.15/2015/1"]
    assert agenda_cites[0].paragraph_anchor is None
    footnote_cites = [c for c in parsed.citations if c.footnote_marker == "1"]
    assert [(c.symbol, c.paragraph_anchor) for c in footnote_cites] == [("A/RES/60/288", "pp4")]


def test_plain_text_seed_markers_and_status():
    parsed = seed("001")
    by_anchor = {p.anchor: p for p in parsed.paragraphs}
    assert parsed.status == "[agreed in COW]"
    assert parsed.agenda_item == "Agenda item 6 (c)"
    # A preambular paragraph ending in "." by mistake is still one paragraph.
    assert by_anchor["pp1"].text.endswith("unequivocally condemned.")
    assert by_anchor["pp2"].verb_phrase == "Reaffirming also"
    # Plain "6" after "Child," is the marker of footnote 6; the "2" after "Culture of Peace"
    # is left alone because footnote 2 is already referenced by a superscript.
    op28 = by_anchor["op28"]
    assert "Convention on the Rights of the Child, for State Parties" in op28.text
    assert [r.marker for r in op28.footnote_refs] == ["6"]
    assert "Culture of Peace 2 and" in by_anchor["pp6"].text
    notes = {f.marker: f for f in parsed.footnotes}
    assert notes["6"].paragraph_anchor == "op28"
    assert notes["7"].paragraph_anchor is None  # printed but never referenced
    assert notes["3"].paragraph_anchor == "pp11"
    texts = [p.text for p in parsed.paragraphs]
    assert any(
        "countering terrorism and preventing violent extremism conducive" in t for t in texts
    )
    assert any("Office on Drugs and Crime, in cooperation with other relevant" in t for t in texts)
    assert by_anchor["op6"].verb == "recognize"
    assert by_anchor["op25"].verb == "express concern"


def test_sponsor_line_wrapped_in_bold():
    parsed = seed("002")
    assert "United Kingdom of Great Britain and Northern Ireland" in parsed.sponsors
    assert len(parsed.sponsors) == 15
    notes = {f.marker: f for f in parsed.footnotes}
    assert notes["1"].paragraph_anchor == "pp3"
    assert notes["4"].paragraph_anchor == "op10"


def test_headerless_seed_links_and_runs_of_superscripts():
    parsed = seed("003")
    assert parsed.body is None and parsed.body_code is None
    assert parsed.date is None
    by_anchor = {p.anchor: p for p in parsed.paragraphs}
    assert "its resolution 70/291 of 1 July 2016" in by_anchor["pp2"].text
    # "²³" is one marker, without a footnote of its own.
    assert [r.marker for r in by_anchor["op17"].footnote_refs] == ["23"]
    assert by_anchor["op17"].text.endswith("Counter-Terrorism Strategy;")
    # Footnotes 2 and 3 both belong to the "Culture of Peace" paragraph.
    notes = {f.marker: f for f in parsed.footnotes}
    assert notes["2"].paragraph_anchor == notes["3"].paragraph_anchor == "pp6"


def test_ecosoc_resolution_recommending_to_assembly():
    parsed = seed("004")
    assert parsed.body_code == "ECOSOC"
    assert parsed.addressed_to == "General Assembly"
    assert parsed.session == "Substantive session of 2013"
    assert parsed.agenda_item == "Agenda item 14 (c)"
    # The recommendation sentence is header, and the plenary line is not part of op15.
    assert not any(p.text.startswith("Recommends") for p in parsed.paragraphs)
    assert parsed.operative[-1].text.endswith("present resolution.")
    notes = {f.marker: f for f in parsed.footnotes}
    assert notes["1"].paragraph_anchor == "pp3"
    # The same marker in a later paragraph is recorded there too.
    op13 = next(p for p in parsed.operative if p.number == 13)
    assert [r.marker for r in op13.footnote_refs] == ["1"]
    header_cites = [c for c in parsed.citations if c.paragraph_anchor is None]
    assert "E/2013/30" in {c.symbol for c in header_cites}


# --- other UN formats ----------------------------------------------------------------------

SECURITY_COUNCIL = """United Nations S/RES/2178 (2014)

Security Council Distr.: General 24 September 2014

Resolution 2178 (2014)

Adopted by the Security Council at its 7272nd meeting, on 24 September 2014

The Security Council,

Reaffirming that terrorism in all forms and manifestations constitutes one of the most
serious threats to international peace and security,

Expressing grave concern over the acute and growing threat posed by foreign terrorist
fighters,

Recalling its resolution 2170 (2014) of 15 August 2014,

Acting under Chapter VII of the Charter of the United Nations,

1. Condemns the violent extremism, which can be conducive to terrorism;

2. Reaffirms that all States shall prevent the movement of terrorists;

3. Decides that all States shall ensure that their domestic laws establish serious criminal
offences sufficient to provide the ability to prosecute:

(a) their nationals who travel to a State other than their States of residence for the
purpose of the perpetration of terrorist acts;

(b) the wilful provision or collection of funds by their nationals;

4. Strongly condemns the recruitment of foreign terrorist fighters;

5. Decides to remain seized of the matter.
"""


def test_security_council_resolution():
    parsed = parse_resolution(SECURITY_COUNCIL, "sc.txt")
    assert parsed.symbol == "S/RES/2178 (2014)"
    assert (parsed.body, parsed.body_code) == ("Security Council", "SC")
    assert parsed.document_type == "resolution"
    assert parsed.date == datetime.date(2014, 9, 24)
    assert parsed.year == 2014 and not parsed.year_inferred
    assert parsed.title == ""
    assert parsed.addressed_to == "Security Council"
    assert parsed.sponsors == []
    assert [p.verb_phrase for p in parsed.preambular] == [
        "Reaffirming",
        "Expressing grave concern",
        "Recalling",
        "Acting",
    ]
    assert parsed.preambular[-1].text == (
        "Acting under Chapter VII of the Charter of the United Nations,"
    )
    assert [(p.number, p.verb) for p in parsed.operative] == [
        (1, "condemn"),
        (2, "reaffirm"),
        (3, "decide"),
        (4, "condemn"),
        (5, "decide"),
    ]
    op3 = parsed.operative[2]
    lines = op3.text.split("\n")
    assert len(lines) == 3
    assert lines[0].endswith("ability to prosecute:")
    assert lines[1].startswith("(a) their nationals who travel")
    assert "for the purpose of the perpetration" in lines[1]
    assert lines[2].startswith("(b) the wilful provision")
    assert parsed.operative[3].verb_phrase == "Strongly condemns"


GENERAL_ASSEMBLY = """United Nations A/RES/70/291

General Assembly Distr.: General
19 July 2016

Seventieth session
Agenda item 117

Resolution adopted by the General Assembly on 1 July 2016

[without reference to a Main Committee (A/70/L.55)]

70/291. The United Nations Global Counter-Terrorism Strategy Review

The General Assembly,

Reaffirming the United Nations Global Counter-Terrorism Strategy, contained in its resolution
60/288 of 8 September 2006,

Recalling its resolutions 62/272 of 5 September 2008 and 68/276 of 13 June 2014,

Deeply concerned by the increase in the flow of foreign terrorist fighters,

1. Reaffirms its strong and unequivocal condemnation of terrorism in all its forms and
manifestations;

2. Also reaffirms the four pillars of the Strategy, which are:

(a) Measures to address the conditions conducive to the spread of terrorism;

(b) Measures to prevent and combat terrorism;

3. Decides to include in the provisional agenda of its seventy-second session the item
entitled "The United Nations Global Counter-Terrorism Strategy".

99th plenary meeting
1 July 2016
"""


def test_adopted_general_assembly_resolution():
    parsed = parse_resolution(GENERAL_ASSEMBLY, "ga.txt")
    assert parsed.symbol == "A/RES/70/291"
    assert parsed.body_code == "GA"
    assert parsed.document_type == "resolution"
    assert parsed.date == datetime.date(2016, 7, 1)  # adoption, not the Distr. date
    assert parsed.title == "The United Nations Global Counter-Terrorism Strategy Review"
    assert parsed.session == "Seventieth session"
    assert parsed.agenda_item == "Agenda item 117"
    assert parsed.addressed_to == "General Assembly"
    assert [p.verb_phrase for p in parsed.preambular] == [
        "Reaffirming",
        "Recalling",
        "Deeply concerned",
    ]
    assert parsed.preambular[2].verb == "concerned"
    assert [p.verb_phrase for p in parsed.operative] == ["Reaffirms", "Also reaffirms", "Decides"]
    assert parsed.operative[1].text == (
        "Also reaffirms the four pillars of the Strategy, which are:\n"
        "(a) Measures to address the conditions conducive to the spread of terrorism;\n"
        "(b) Measures to prevent and combat terrorism;"
    )
    last = parsed.operative[-1].text
    assert last.endswith('Counter-Terrorism Strategy".')
    assert "plenary" not in last


def test_title_not_confused_with_body_line():
    """A title starting with "The" is not mistaken for the speaking body."""
    parsed = parse_resolution(GENERAL_ASSEMBLY)
    assert parsed.addressed_to == "General Assembly"
    assert parsed.title.startswith("The United Nations")


PDF_TEXT = """E/CN.7/2016/L.5

Economic and Social Council
Distr.: Limited
10 March 2016

Commission on Narcotic Drugs
Fifty-ninth session
Vienna, 14-22 March 2016
Agenda item 6

Trinidad and Tobago, Bosnia and Herzegovina and Saint Vincent and
the Grenadines: revised draft resolution

Promoting alternative development as a development-oriented drug control strategy

The Commission on Narcotic Drugs,
Recalling the Single Convention on Narcotic Drugs of 1961,1 and reaffirming its commitment
to the implemen-
tation of the Convention,
Bearing in mind the importance of counter-
narcotics cooperation, and noting the relevant resolutions of the General Assembly,
Welcoming the report of the Executive Director,
1. Encourages Member States to strengthen their efforts in the
V.16-01234
2/5
E/CN.7/2016/L.5

field of alternative development, including through regional cooperation;
2. Requests the United Nations Office on Drugs and Crime to continue its work with other Member
____________
1 United Nations, Treaty Series, vol. 520, No. 7515.
V.16-01234
3/5

States, as appropriate;
3 . Invites Member States and other donors to provide extrabudgetary resources for those purposes.
"""


def test_pdf_extracted_text():
    parsed = parse_resolution(PDF_TEXT, "pdf.txt")
    assert parsed.symbol == "E/CN.7/2016/L.5"
    assert (parsed.body, parsed.body_code) == ("Commission on Narcotic Drugs", "CND")
    assert parsed.document_type == "draft"
    assert parsed.date == datetime.date(2016, 3, 10)
    assert parsed.session == "Fifty-ninth session"
    assert parsed.agenda_item == "Agenda item 6"
    assert parsed.sponsors == [
        "Trinidad and Tobago",
        "Bosnia and Herzegovina",
        "Saint Vincent and the Grenadines",
    ]
    assert parsed.addressed_to == "Commission on Narcotic Drugs"
    assert [p.verb_phrase for p in parsed.preambular] == [
        "Recalling",
        "Bearing in mind",
        "Welcoming",
    ]
    pp1, pp2 = parsed.preambular[0], parsed.preambular[1]
    assert "commitment to the implementation of the Convention," in pp1.text
    assert "of 1961, and reaffirming" in pp1.text
    assert [r.marker for r in pp1.footnote_refs] == ["1"]
    assert pp1.text[: pp1.footnote_refs[0].offset].endswith("of 1961,")
    assert "counter-narcotics cooperation" in pp2.text
    assert [p.number for p in parsed.operative] == [1, 2, 3]
    op1, op2, op3 = parsed.operative
    assert op1.text == (
        "Encourages Member States to strengthen their efforts in the field of alternative "
        "development, including through regional cooperation;"
    )
    assert op2.text.endswith("with other Member States, as appropriate;")
    assert op3.verb_phrase == "Invites"
    assert [(f.marker, f.text, f.paragraph_anchor) for f in parsed.footnotes] == [
        ("1", "United Nations, Treaty Series, vol. 520, No. 7515.", "pp1")
    ]
    for paragraph in parsed.paragraphs:
        assert "V.16" not in paragraph.text and "2/5" not in paragraph.text
        assert "E/CN.7/2016/L.5" not in paragraph.text


GA_PDF_TEXT = """United Nations A/RES/70/291
General Assembly Distr.: General
19 July 2016
Seventieth session
Agenda item 117
15-12345 (E)
*1512345*
Please recycle
Resolution adopted by the General Assembly on 1 July 2016
[without reference to a Main Committee (A/70/L.55)]
70/291. The United Nations Global Counter-Terrorism Strategy
Review
The General Assembly,
Reaffirming the United Nations Global Counter-Terrorism Strategy, contained in its
resolution 60/288 of 8 September 2006,
Recalling its resolutions 62/272 of 5 September 2008 and 68/276 of 13 June 2014,
1. Reaffirms its strong and unequivocal condemnation of terrorism in all its forms
and manifestations;
2. Also reaffirms the four pillars of the Strategy, which
A/RES/70/291 The United Nations Global Counter-Terrorism Strategy Review
2/20 15-12345
are integrated;
3. Decides to remain seized.
99th plenary meeting
1 July 2016
Annex
1. Annexed paragraph one.
"""


def test_pdf_general_assembly_running_heads_wrapped_title_and_annex():
    parsed = parse_resolution(GA_PDF_TEXT)
    assert parsed.title == "The United Nations Global Counter-Terrorism Strategy Review"
    assert parsed.date == datetime.date(2016, 7, 1)
    assert [p.verb_phrase for p in parsed.preambular] == ["Reaffirming", "Recalling"]
    assert [p.number for p in parsed.operative] == [1, 2, 3]  # the annex is not the resolution
    assert parsed.operative[1].text == (
        "Also reaffirms the four pillars of the Strategy, which are integrated;"
    )
    assert parsed.operative[2].text == "Decides to remain seized."


def test_numbers_dates_and_symbols_are_not_markers():
    text = """The General Assembly,

Recalling its resolution 1373 (2001) and paragraph 6 of resolution 60/288 adopted on
2 December 2004,

1. Requests a report on 15 per cent of cases, 2 per cent of which are pending;
"""
    parsed = parse_resolution(text)
    assert parsed.preambular[0].text == (
        "Recalling its resolution 1373 (2001) and paragraph 6 of resolution 60/288 adopted on "
        "2 December 2004,"
    )
    assert parsed.operative[0].text.startswith("Requests a report on 15 per cent of cases, 2")
    assert parsed.footnotes == []
    assert all(not p.footnote_refs for p in parsed.paragraphs)


HUMAN_RIGHTS_COUNCIL = """United Nations A/HRC/RES/51/1

General Assembly Distr.: General
12 October 2022

Original: English

Human Rights Council
Fifty-first session
12 September–7 October 2022
Agenda item 3

Resolution adopted by the Human Rights Council on 6 October 2022

51/1. Promotion of the right to development

The Human Rights Council,

Guided by the purposes and principles of the Charter of the United Nations,

Deeply concerned that the majority of indigenous peoples live in poverty,

Recalling also its resolution 48/10 of 8 October 2021,

1. Welcomes the report of the Expert Mechanism;

2. Decides to continue its consideration of this question at its fifty-fourth session.

34th meeting
6 October 2022

[Adopted by a recorded vote of 29 to 13, with 5 abstentions.]
"""


def test_human_rights_council_resolution():
    parsed = parse_resolution(HUMAN_RIGHTS_COUNCIL, "hrc.txt")
    assert parsed.symbol == "A/HRC/RES/51/1"
    assert (parsed.body, parsed.body_code) == ("Human Rights Council", "HRC")
    assert parsed.document_type == "resolution"
    assert parsed.date == datetime.date(2022, 10, 6)
    assert parsed.title == "Promotion of the right to development"
    assert parsed.session == "Fifty-first session"
    assert parsed.addressed_to == "Human Rights Council"
    assert [(p.verb_phrase, p.verb) for p in parsed.preambular] == [
        ("Guided by", "guided by"),
        ("Deeply concerned", "concerned"),
        ("Recalling also", "recall"),
    ]
    assert [p.verb_phrase for p in parsed.operative] == ["Welcomes", "Decides"]
    assert parsed.operative[-1].text.endswith("fifty-fourth session.")


def test_draft_with_revised_sponsor_line_and_agreed_annotation():
    text = """Human Rights Council
Fifty-first session
Agenda item 3

Albania, Antigua and Barbuda, Sao Tome and Principe, Saint Kitts and Nevis and
Netherlands: revised draft resolution

51/... Access to safe drinking water [agreed ad ref]

The Human Rights Council,

Reaffirming its commitment,

1. Calls upon States to act;
"""
    parsed = parse_resolution(text)
    assert parsed.sponsors == [
        "Albania",
        "Antigua and Barbuda",
        "Sao Tome and Principe",
        "Saint Kitts and Nevis",
        "Netherlands",
    ]
    assert parsed.document_type == "draft"
    assert parsed.status == "[agreed ad ref]"
    assert parsed.body_code == "HRC"


def test_draft_submitted_by_chair_has_no_sponsors():
    text = """Draft resolution submitted by the Chair

Title of the text

The General Assembly,

Noting the report,

1. Decides to act.
"""
    parsed = parse_resolution(text)
    assert parsed.sponsors == []
    assert parsed.document_type == "draft"
    assert parsed.title == "Title of the text"
    assert parsed.body is None


def test_unknown_opener_is_guessed_with_a_warning():
    text = """The General Assembly,

Recalling its resolutions,

1. Salutes the efforts of States;

2. Requests the Secretary-General to report.
"""
    parsed = parse_resolution(text)
    op1 = parsed.operative[0]
    assert (op1.verb_phrase, op1.verb) == ("Salutes", "salute")
    assert any("Salutes" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("text", "phrase", "verb", "kind"),
    [
        ("Recalling further that", "Recalling further", "recall", PREAMBULAR),
        ("Stressing again the need", "Stressing again", "stress", PREAMBULAR),
        ("Mindful also that", "Mindful also", "mindful", PREAMBULAR),
        ("Taking note with appreciation of", "Taking note with appreciation", "take note", None),
        ("Gravely concerned at", "Gravely concerned", "concerned", PREAMBULAR),
        ("Expresses its deep concern at", "Expresses its deep concern", "express concern", None),
        ("Also calls upon States", "Also calls upon", "call upon", OPERATIVE),
        ("Further requests the", "Further requests", "request", OPERATIVE),
        ("Welcomes also the", "Welcomes also", "welcome", OPERATIVE),
        ("Encourages further efforts", "Encourages", "encourage", OPERATIVE),
        ("Calls for increased attention", "Calls for", "call for", OPERATIVE),
        ("Notes with appreciation the", "Notes with appreciation", "note", OPERATIVE),
        ("Having considered the report", "Having considered", "consider", PREAMBULAR),
        ("Bearing in mind that", "Bearing in mind", "bear in mind", PREAMBULAR),
        ("Once again urges States", "Once again urges", "urge", OPERATIVE),
        ("Regretting that", "Regretting", "regret", PREAMBULAR),
    ],
)
def test_lexicon(text, phrase, verb, kind):
    opener = match_opener(text)
    assert opener is not None
    assert (opener.phrase, opener.verb) == (phrase, verb)
    if kind:
        assert opener.kind == kind


def test_sponsor_splitting_keeps_names_with_and():
    assert split_sponsors(
        "Bosnia and Herzegovina, Trinidad and Tobago and United Kingdom of Great Britain and "
        "Northern Ireland"
    ) == [
        "Bosnia and Herzegovina",
        "Trinidad and Tobago",
        "United Kingdom of Great Britain and Northern Ireland",
    ]
    assert split_sponsors("South Africa (on behalf of the Group of 77 and China) and Japan") == [
        "South Africa (on behalf of the Group of 77 and China)",
        "Japan",
    ]


def test_bodies():
    assert body_code("General Assembly") == "GA"
    assert body_code("Commission on Crime Prevention and Criminal Justice") == "CCPCJ"
    assert KNOWN_BODIES["Commission for Social Development"] == "CSocD"
    assert parent_code("CCPCJ") == parent_code("CND") == parent_code("CSW") == "ECOSOC"
    assert BODY_PARENTS["HRC"] == "GA"


def test_parsing_package_does_not_import_django():
    package = Path(__file__).resolve().parent.parent / "resolutions" / "parsing"
    for module in package.glob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+django", module.read_text(), re.M), module


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (
            "The General Assembly,\n\nNoting the caf\u00e9,\n\n1. Decides.\n".encode("latin-1"),
            "UTF-8",
        ),
    ],
    ids=["empty", "whitespace", "binary", "latin-1"],
)
def test_parse_file_refuses_bad_input(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ParseError, match=message):
        parse_file(path)


def test_parse_file_encodings(tmp_path):
    text = "The General Assembly,\n\nNoting the café,\n\n1. Decides to act.\n"
    for name, data in [
        ("utf8.txt", text.encode("utf-8")),
        ("bom.txt", "\ufeff".encode() + text.encode("utf-8")),
        ("utf16.txt", text.encode("utf-16")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        parsed = parse_file(path)
        assert parsed.source == name
        assert parsed.preambular[0].text == "Noting the café,"
        assert parsed.operative[0].text == "Decides to act."


def test_no_operative_paragraphs_is_an_error():
    with pytest.raises(ParseError, match="operative"):
        parse_resolution(
            "The General Assembly,\n\nRecalling its resolutions,\n\nNoting the report,\n"
        )
    with pytest.raises(ParseError, match="empty"):
        parse_resolution("  \n ")


RESOLUTION_IN_PARTS = """\
United Nations A/RES/73/101

General Assembly Distr.: General
20 December 2018

Resolution adopted by the General Assembly on 7 December 2018

73/101. Questions relating to information

A
Information in the service of humanity

The General Assembly,

Taking note of the comprehensive and important report of the Committee on Information,

1. Urges all countries to cooperate;

B
United Nations public information policies and activities

The General Assembly,

Reaffirming the primary role of the General Assembly in elaborating policies,

1. Requests the Department of Global Communications to continue;

2. Also requests the Secretary-General to report.

62nd plenary meeting
7 December 2018
"""


def test_resolution_in_parts_restarts_preamble_and_numbers_under_each_letter():
    parsed = parse_resolution(RESOLUTION_IN_PARTS, "parts.txt")
    assert parsed.title == "Questions relating to information"
    assert [p.anchor for p in parsed.paragraphs] == ["a-pp1", "a-op1", "b-pp1", "b-op1", "b-op2"]
    assert [p.number for p in parsed.operative] == [1, 1, 2]
    assert [p.verb_phrase for p in parsed.operative] == ["Urges", "Requests", "Also requests"]
    assert not any("Public information" in p.text for p in parsed.paragraphs)
    assert parsed.warnings == []


CONSECUTIVE_PLAIN_FOOTNOTES = """\
The General Assembly,

Bearing in mind the Universal Declaration of Human Rights,1

Having considered the report of the Secretary-General,2

1. Calls upon all States to protect the human rights of all migrants.

__________________
1 Resolution 217 A (III).
2 A/74/191.
"""


def test_consecutive_plain_digit_footnotes_are_separate():
    parsed = parse_resolution(CONSECUTIVE_PLAIN_FOOTNOTES, "notes.txt")
    assert [(f.marker, f.text, f.paragraph_anchor) for f in parsed.footnotes] == [
        ("1", "Resolution 217 A (III).", "pp1"),
        ("2", "A/74/191.", "pp2"),
    ]
    assert parsed.preambular[1].text == "Having considered the report of the Secretary-General,"


HRC_DRAFT = """\
Human Rights Council
Fifty-first session
Agenda item 3

Albania,* Argentina, Türkiye,* and State of Palestine:* draft resolution

51/... The right to development

The Human Rights Council,

Guided by the Charter of the United Nations,

1. Decides to continue its work.

* State not a member of the Human Rights Council.
"""


def test_draft_number_placeholder_and_starred_sponsors():
    parsed = parse_resolution(HRC_DRAFT, "hrc-draft.txt")
    assert parsed.title == "The right to development"
    assert parsed.document_type == "draft"
    assert parsed.sponsors == ["Albania", "Argentina", "Türkiye", "State of Palestine"]
    assert parsed.body == "Human Rights Council"
    assert [f.marker for f in parsed.footnotes] == ["*"]
    parsed = parse_resolution(HRC_DRAFT.replace(":* draft resolution", ""), "no-sponsor.txt")
    assert parsed.document_type == "draft"


@pytest.mark.parametrize(
    ("text", "phrase", "verb"),
    [
        ("Calls once again upon all States to act;", "Calls once again upon", "call upon"),
        ("Calling also for restraint,", "Calling also for", "call for"),
        (
            "Condemns in the strongest terms the attacks;",
            "Condemns in the strongest terms",
            "condemn",
        ),
        ("Is convinced that dialogue matters;", "Is convinced", "be convinced"),
        (
            "Remains deeply concerned about the situation;",
            "Remains deeply concerned",
            "remain concerned",
        ),
        ("Decides to remain seized of the matter.", "Decides", "decide"),
    ],
)
def test_lexicon_modifiers_particles_and_copulas(text, phrase, verb):
    opener = match_opener(text)
    assert (opener.phrase, opener.verb) == (phrase, verb)
