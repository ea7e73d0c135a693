"""The query language: parsing, and rendering for each engine, never passing raw input on."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolutions.search.backends.postgres import to_tsquery_sql
from resolutions.search.backends.sqlite import to_fts5
from resolutions.search.query import MAX_QUERY_LENGTH, Phrase, Term, parse


def test_words_must_all_match():
    query = parse("kidnapping ransom")
    assert query.clauses == [(Term("kidnapping"),), (Term("ransom"),)]
    assert to_fts5(query) == '"kidnapping" AND "ransom"'


def test_phrase_or_exclusion_prefix():
    query = parse('"foreign terrorist fighters" Internet OR cyber -nuclear radicaliz*')
    assert query.clauses == [
        (Phrase(("foreign", "terrorist", "fighters")),),
        (Term("internet"), Term("cyber")),
        (Term("radicaliz", prefix=True),),
    ]
    assert query.excluded == [Term("nuclear")]
    assert to_fts5(query) == (
        '("foreign terrorist fighters" AND ("internet" OR "cyber") AND "radicaliz"*) NOT "nuclear"'
    )
    sql, params = to_tsquery_sql(query)
    assert sql.count("%s") == len(params) == 5
    assert params == [
        "foreign terrorist fighters",
        "'internet'",
        "'cyber'",
        "'radicaliz':*",
        "'nuclear'",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("human-rights", [(Phrase(("human", "rights")),)]),
        ("A/RES/66/1", [(Phrase(("a", "res", "66", "1")),)]),
        ("foo:bar", [(Phrase(("foo", "bar")),)]),
        ('"unterminated phrase', [(Phrase(("unterminated", "phrase")),)]),
        ("or lower-case or", [(Term("or"),), (Phrase(("lower", "case")),), (Term("or"),)]),
        ("Café", [(Term("café"),)]),
    ],
)
def test_punctuation_becomes_words(raw, expected):
    assert parse(raw).clauses == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", '"', '""', "OR", "OR OR", "-", "***", "\x00", "🙂", "-x"]
)
def test_nothing_to_search_for(raw):
    assert parse(raw).is_empty


def test_exclusion_alone_is_explained():
    assert any("exclusion" in note.lower() for note in parse("-nuclear").notes)


def test_long_input_is_cut_and_said():
    query = parse("word " * 5000)
    assert not query.is_empty
    assert query.notes
    assert len(str(query)) <= MAX_QUERY_LENGTH


def test_leading_or_is_ignored():
    assert parse("OR terrorism").clauses == [(Term("terrorism"),)]


@given(st.text(max_size=300))
def test_any_input_renders_to_balanced_fts5(raw):
    query = parse(raw)
    if query.is_empty:
        return
    expression = to_fts5(query)
    assert expression.count('"') % 2 == 0
    assert not expression.startswith("NOT")
    sql, params = to_tsquery_sql(query)
    assert sql.count("%s") == len(params)
    for value in params:
        assert "\x00" not in value
