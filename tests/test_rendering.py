"""The one place where stored text becomes HTML: everything escaped, our tags added after."""

from resolutions.rendering import Markup, render


def test_text_is_escaped():
    html = render('<script>alert("x")</script> & co', [])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; co" in html


def test_span_wraps_escaped_text():
    html = render("Urges <b>States</b>", [Markup(0, 5, "<em>", "</em>")])
    assert html == "<em>Urges</em> &lt;b&gt;States&lt;/b&gt;"


def test_insertion_at_offset():
    html = render("Strategy and more", [Markup(8, 8, "<sup>1</sup>")])
    assert html == "Strategy<sup>1</sup> and more"


def test_overlapping_and_out_of_range_markups_are_skipped():
    html = render("abcdef", [Markup(0, 4, "[", "]"), Markup(2, 5, "(", ")"), Markup(3, 99, "{")])
    assert html == "[abcd]ef"
