"""The one look at a query's text before it is sent: its first keyword.

Read-only is the database's job (``query_only`` and an authorizer on SQLite,
a READ ONLY transaction on PostgreSQL, and one statement per query on both).
What the database cannot refuse on its own is a statement that ends or
changes the very transaction that makes the query read-only: ``COMMIT`` and
its kin run fine inside a READ ONLY transaction. So those are refused here,
by their first keyword, before anything is sent. This is not a SQL parser:
it skips what PostgreSQL and SQLite skip before a statement (white space,
comments, empty statements) and reads one word.
"""

from __future__ import annotations

from dbtool.errors import StatementRefused

# First keywords of statements that end, open or reconfigure a transaction or
# session: COMMIT, END, ROLLBACK, ABORT, BEGIN, START TRANSACTION, SAVEPOINT,
# RELEASE, PREPARE TRANSACTION (and PREPARE), SET (TRANSACTION, SESSION
# CHARACTERISTICS, ROLE, any setting), RESET and DISCARD.
TRANSACTION_CONTROL = frozenset(
    {
        "ABORT",
        "BEGIN",
        "COMMIT",
        "DEALLOCATE",
        "DISCARD",
        "END",
        "PREPARE",
        "RELEASE",
        "RESET",
        "ROLLBACK",
        "SAVEPOINT",
        "SET",
        "START",
    }
)
# COPY reads and writes files and runs programs on the database server (for a
# superuser); dbtool prints rows itself, in any format, so it never needs COPY.
SERVER_FILES = frozenset({"COPY"})


def leading_keyword(sql: str, nested_comments: bool = True) -> str:
    """The statement's first word, upper-cased ('' when there is none).

    Skips white space, ``--`` and ``/* */`` comments (nested, as PostgreSQL
    reads them, unless ``nested_comments`` is false, as SQLite reads them),
    empty statements (``;``) and opening parentheses. Anything the databases
    would skip is skipped here too, so a keyword cannot hide behind it.
    """
    position, length = 0, len(sql)
    while position < length:
        if sql[position].isspace() or sql[position] in ";(":
            position += 1
        elif sql.startswith("--", position):
            end = sql.find("\n", position)
            position = length if end < 0 else end + 1
        elif sql.startswith("/*", position):
            position = _comment_end(sql, position, nested_comments)
        else:
            break
    start = position
    while position < length and (sql[position].isalpha() or sql[position] == "_"):
        position += 1
    return sql[start:position].upper()


def _comment_end(sql: str, position: int, nested: bool) -> int:
    """The index after the block comment that opens at ``position`` (the end, if unterminated)."""
    depth, position = 1, position + 2
    while position < len(sql) and depth:
        if sql.startswith("*/", position):
            depth, position = depth - 1, position + 2
        elif nested and sql.startswith("/*", position):
            depth, position = depth + 1, position + 2
        else:
            position += 1
    return position


def refuse_unsafe_statement(sql: str, where: str, nested_comments: bool = True) -> None:
    """Raise :class:`StatementRefused` for transaction control or COPY; ``where`` names the db."""
    keyword = leading_keyword(sql, nested_comments)
    if keyword in TRANSACTION_CONTROL:
        raise StatementRefused(
            f"{where}: {keyword} is refused: a query runs inside a read-only transaction "
            "that it may not end or change"
        )
    if keyword in SERVER_FILES:
        raise StatementRefused(
            f"{where}: {keyword} is refused: it reaches files and programs on the database "
            "server; use --format csv for CSV"
        )
