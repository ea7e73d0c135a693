"""Drafting tools without the database: similarity, alignment, diff, mandates, charts."""

from __future__ import annotations

import re

from resolutions.drafting import agreed, charts, diff, mandates
from resolutions.drafting.align import align, comparable, hungarian, longest_increasing, similarity


def test_similarity_ignores_positional_modifiers_and_punctuation():
    a = comparable("Requests the Secretary-General to submit a report;")
    b = comparable("Also requests the Secretary-General to submit a report.")
    assert similarity(a, b) == 1.0
    assert similarity(a, comparable("Welcomes the adoption of the Convention;")) < 0.5


def test_hungarian_finds_the_best_whole_assignment_not_the_greedy_one():
    # Greedy takes (0, 0) = 0.9 and leaves row 1 with nothing; the optimum pairs across.
    weights = [[0.9, 0.8], [0.85, 0.0]]
    assert hungarian(weights) == [(0, 1), (1, 0)]


def test_hungarian_on_rectangular_matrices():
    assert hungarian([[0.1, 0.9, 0.2]]) == [(0, 1)]
    assert hungarian([[0.1], [0.9], [0.2]]) == [(1, 0)]
    assert hungarian([]) == []


def test_longest_increasing_subsequence():
    assert sorted(longest_increasing([0, 1, 5, 2, 3])) in ([0, 1, 3, 4],)


def test_align_survives_renumbering_and_marks_real_moves():
    earlier = [
        "Urges Member States to become parties to the conventions against terrorism;",
        "Requests the Office to provide technical assistance to requesting States;",
        "Requests the Secretary-General to report to the General Assembly at its next session;",
    ]
    later = [
        "Welcomes the entry into force of the new protocol on cultural property;",
        "Requests the Secretary-General to report to the General Assembly at its next session;",
        "Urges Member States to become parties to the conventions against terrorism;",
        "Requests the Office to continue to provide technical assistance to requesting States;",
    ]
    pairs = {(p.a, p.b): p for p in align(earlier, later)}
    assert set(pairs) == {(0, 2), (1, 3), (2, 1)}
    assert pairs[(0, 2)].unchanged and not pairs[(1, 3)].unchanged
    # Two paragraphs keep their order (only renumbered); the report request moved up.
    assert [p.moved for _, p in sorted(pairs.items())] == [False, False, True]


def test_align_leaves_unrelated_paragraphs_unmatched():
    assert align(["Decides to remain seized of the matter;"], ["Welcomes the report;"]) == []


def test_word_diff_marks_exactly_the_changed_words():
    segments = diff.diff_words(
        "Urges States to ratify the conventions related to terrorism;",
        "Urges Member States to ratify the conventions related to counter-terrorism;",
    )
    assert diff.changes(segments) == {
        "inserted": ["Member", "counter-terrorism"],
        "deleted": ["terrorism"],
    }
    merged = "".join(s.text for s in segments if s.op != diff.DELETE)
    assert merged == "Urges Member States to ratify the conventions related to counter-terrorism;"


def test_diff_html_is_escaped_and_labelled_for_screen_readers():
    html = diff.as_html(diff.diff_words("a <script> c", "a <style> c"))
    assert "&lt;" in html and "script" in html and "style" in html
    # The only tags are ours: strip them and no markup is left.
    assert "<" not in re.sub(r"</?(?:ins|del|span)(?: class=\"visually-hidden\")?>", "", html)
    assert '<del><span class="visually-hidden">deleted: </span>' in html
    assert '<ins><span class="visually-hidden">inserted: </span>' in html
    later_side = diff.as_html(
        diff.diff_words("one two", "one three"), show=(diff.EQUAL, diff.INSERT)
    )
    assert "two" not in later_side and "three" in later_side


def test_mandates_in_a_paragraph_including_later_requests_and_the_office():
    found = mandates.requests(
        "Urges Member States that have not yet done so to consider becoming parties to the "
        "conventions, and requests the United Nations Office on Drugs and Crime, within its "
        "mandate, to continue to provide technical assistance; and requests the Office to "
        "report thereon;"
    )
    assert [(r.addressee, r.verb) for r in found] == [
        (mandates.MEMBER_STATES, "urge"),
        (mandates.UNODC, "request"),
        (mandates.UNODC, "request"),
    ]
    assert found[0].action == "consider becoming parties to the conventions"
    assert found[1].action == "continue to provide technical assistance"
    assert found[2].action == "report thereon"


def test_mandates_names_and_non_requests():
    assert mandates.requests("Requests the Office to report;") != []
    # Without UNODC named anywhere, "the Office" is not read as UNODC.
    assert mandates.requests("Requests the Office to report;")[0].addressee == "Office"
    assert mandates.requests("Takes note with appreciation of the report of UNODC;") == []
    assert mandates.requests("Recalls that States requested assistance;") == []
    found = mandates.requests("Also calls upon UNODC and civil society to cooperate;")
    assert [(r.addressee, r.verb) for r in found] == [
        (mandates.UNODC, "call upon"),
        (mandates.CIVIL_SOCIETY, "call upon"),
    ]
    sg = mandates.requests("Requests the Secretary-General to provide UNODC with resources;")
    assert [r.addressee for r in sg] == [mandates.SECRETARY_GENERAL]


def test_bar_chart_geometry_is_proportional():
    chart = charts.bar_chart("Verbs", [("request", 10), ("urge", 5), ("note", 0)])
    widths = [b.width for b in chart.bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert chart.height == 3 * charts.ROW_HEIGHT
    columns = charts.column_chart("By year", [("2013", 4), ("2015", 2)])
    assert columns.bars[0].height == 2 * columns.bars[1].height
    assert columns.bars[0].y < columns.bars[1].y  # taller column starts higher
    assert charts.bar_chart("Empty", []).bars == ()


def test_agreed_language_verification():
    words = agreed.words("cannot and should not be associated with any religion")
    assert agreed.contains(
        "Terrorism CANNOT and should not be associated with any religion,", words
    )
    assert not agreed.contains("cannot be associated with any religion", words)
    assert agreed.closeness(words, "cannot and should not be linked with any religion") >= 0.75
    assert agreed.closeness(words, "cannot be associated with any religion") < 0.75
    assert agreed.closeness(words, "religion is not associated with anything") < 0.75
