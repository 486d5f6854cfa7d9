"""The first-keyword guard: nothing a database skips before a statement can hide COMMIT."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dbtool.db.statements import TRANSACTION_CONTROL, leading_keyword, refuse_unsafe_statement
from dbtool.errors import StatementRefused

# What PostgreSQL and SQLite skip before a statement's first keyword.
PADDING = st.lists(
    st.sampled_from(
        [" ", "\t", "\n", "\r\n", "\f", ";", "(", "-- a comment\n", "/* a comment */", "/**/"]
    ),
    max_size=6,
).map("".join)
NESTED = st.sampled_from(["/* /* nested */ still a comment */", "/* a /* b /* c */ */ */"])


@given(PADDING, st.sampled_from(sorted(TRANSACTION_CONTROL | {"COPY"})), st.booleans())
def test_padding_cannot_hide_a_refused_keyword(padding: str, keyword: str, upper: bool) -> None:
    sql = f"{padding}{keyword if upper else keyword.lower()} anything after"
    assert leading_keyword(sql) == keyword
    with pytest.raises(StatementRefused, match=f"{keyword} is refused"):
        refuse_unsafe_statement(sql, "db")


@given(PADDING, NESTED)
def test_nested_comments_as_postgresql_reads_them(padding: str, comment: str) -> None:
    assert leading_keyword(f"{padding}{comment} COMMIT") == "COMMIT"


@pytest.mark.parametrize(
    ("sql", "keyword"),
    [
        ("select 1", "SELECT"),
        ("  WITH x AS (SELECT 1) SELECT * FROM x", "WITH"),
        ("(SELECT 1)", "SELECT"),
        ("-- only a comment", ""),
        ("/* unterminated COMMIT", ""),
        ("", ""),
        ("COMMIT;", "COMMIT"),
        ("end", "END"),
        ("Start Transaction Read Write", "START"),
        ("set_config", "SET_CONFIG"),  # a word that starts like SET is not SET
    ],
)
def test_leading_keyword(sql: str, keyword: str) -> None:
    assert leading_keyword(sql) == keyword


def test_sqlite_reads_comments_flat() -> None:
    """SQLite ends a comment at the first */, so what follows it is the statement."""
    assert leading_keyword("/* /* */ COMMIT */", nested_comments=False) == "COMMIT"
    assert leading_keyword("/* /* */ COMMIT */", nested_comments=True) == ""


@pytest.mark.parametrize(
    "sql", ["SELECT 1", "WITH r AS (SELECT 1) SELECT * FROM r", "EXPLAIN SELECT 1", "VALUES (1)"]
)
def test_reading_statements_pass(sql: str) -> None:
    refuse_unsafe_statement(sql, "db")
