"""What ``dbtool sql`` looks at in a query's text before it is sent.

Read-only is the database's job first (``query_only`` and an authorizer on
SQLite, a READ ONLY transaction on PostgreSQL, and one statement per query on
both). What a database cannot refuse on its own is checked here:

* on both, a statement that ends or changes the very transaction that makes
  the query read-only (``COMMIT`` and its kin run fine inside a READ ONLY
  transaction), by its first keyword: ``leading_keyword`` skips what
  PostgreSQL and SQLite skip before a statement (white space, comments, empty
  statements) and reads one word;
* on PostgreSQL, everything a READ ONLY transaction lets a privileged role do
  (``DO`` blocks that run ``COPY … TO PROGRAM``, ``pg_read_file``, ``lo_export``,
  ``set_config``, advisory locks, …), by construction: the statement is read
  by PostgreSQL's own parser (pglast) and must be one SELECT calling only
  functions of an allow-list (``refuse_unsafe_postgres_statement``). On
  SQLite the authorizer sees every statement and function as SQLite compiles it.
"""

from __future__ import annotations

import re

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


# -- PostgreSQL: the statement as PostgreSQL's own parser reads it (pglast) -------------

# Functions a query may call: they compute from their arguments and the rows read, and
# reach nothing else (no files, sessions, locks, sequences, settings or other queries).
# An allow-list, not a deny-list: a function PostgreSQL adds tomorrow is refused until
# it is named here. Names are matched unqualified or in pg_catalog.
ALLOWED_FUNCTIONS = frozenset(
    """
    abs acos asin atan atan2 cbrt ceil ceiling cos cot degrees div exp factorial floor gcd lcm
    ln log log10 mod pi power radians random round scale sign sin sqrt tan trunc width_bucket
    numeric float4 float8 int2 int4 int8 text date timestamp timestamptz interval
    avg count max min sum stddev stddev_pop stddev_samp variance var_pop var_samp corr
    covar_pop covar_samp regr_slope regr_intercept regr_r2 regr_count bool_and bool_or every
    bit_and bit_or string_agg array_agg json_agg jsonb_agg json_object_agg jsonb_object_agg
    percentile_cont percentile_disc mode any_value
    row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value
    nth_value
    ascii btrim char_length character_length chr concat concat_ws format initcap left length
    lower lpad ltrim md5 octet_length bit_length overlay position quote_ident quote_literal
    quote_nullable regexp_count regexp_instr regexp_like regexp_match regexp_matches
    regexp_replace regexp_split_to_array regexp_split_to_table regexp_substr repeat replace
    reverse right rpad rtrim split_part starts_with strpos substr substring to_hex translate
    trim upper normalize unistr encode decode sha224 sha256 sha384 sha512
    age clock_timestamp current_setting date_bin date_part date_trunc extract isfinite
    justify_days justify_hours justify_interval localtime localtimestamp make_date
    make_interval make_time make_timestamp make_timestamptz now statement_timestamp timeofday
    to_char to_date to_number to_timestamp transaction_timestamp pg_sleep
    array_append array_cat array_dims array_fill array_length array_lower array_ndims
    array_position array_positions array_prepend array_remove array_replace array_to_string
    array_upper cardinality string_to_array string_to_table trim_array unnest generate_series
    generate_subscripts
    json_array_elements json_array_elements_text json_array_length json_build_array
    json_build_object json_each json_each_text json_extract_path json_extract_path_text
    json_object json_object_keys json_populate_record json_strip_nulls json_typeof
    jsonb_array_elements jsonb_array_elements_text jsonb_array_length jsonb_build_array
    jsonb_build_object jsonb_each jsonb_each_text jsonb_extract_path jsonb_extract_path_text
    jsonb_insert jsonb_object jsonb_object_keys jsonb_path_exists jsonb_path_match
    jsonb_path_query jsonb_path_query_array jsonb_path_query_first jsonb_pretty jsonb_set
    jsonb_strip_nulls jsonb_typeof row_to_json array_to_json to_json to_jsonb
    to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank
    ts_rank_cd ts_headline setweight strip numnode querytree
    num_nonnulls num_nulls pg_typeof format_type nullif coalesce greatest least timezone
    overlaps similar_to_escape pg_collation_for is_normalized
    """.split()  # noqa: SIM905 (a list of 250 quoted names reads worse)
)
# The statements a query may be: a SELECT (WITH … SELECT, VALUES and TABLE are SELECTs
# to the parser), or an EXPLAIN of one.
_QUERY_KINDS = ("SelectStmt", "ExplainStmt")
# Parts of a SELECT that write or lock: data-modifying statements inside WITH, SELECT …
# INTO (creates a table), FOR UPDATE / SHARE.
_WRITING_NODES = frozenset(
    {"InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "IntoClause", "LockingClause"}
)


def refuse_unsafe_postgres_statement(sql: str, where: str) -> None:
    """Raise :class:`StatementRefused` unless ``sql`` is exactly one SELECT (or VALUES,
    WITH … SELECT, EXPLAIN of one) that writes, locks and calls nothing but
    ``ALLOWED_FUNCTIONS``, as PostgreSQL's own parser reads it.

    ``sql`` holds its parameters as ``$1`` … (see ``PostgresReader``). A statement the
    parser cannot read is refused too: the server would refuse it, and nothing that
    cannot be read is sent.
    """
    from pglast import parse_sql
    from pglast.parser import ParseError

    try:
        statements = parse_sql(sql)
    except ParseError as exc:
        raise StatementRefused(f"{where}: the query is not valid SQL: {exc}") from None
    if len(statements) != 1:
        count = "no" if not statements else "more than one"
        raise StatementRefused(
            f"{where}: the query holds {count} statement; dbtool runs exactly one"
        )
    statement = statements[0].stmt
    kind = type(statement).__name__
    if kind not in _QUERY_KINDS or (
        kind == "ExplainStmt" and type(statement.query).__name__ != "SelectStmt"
    ):
        raise StatementRefused(
            f"{where}: {_statement_words(kind)} is refused: dbtool sql runs one SELECT (or "
            "WITH … SELECT, VALUES, EXPLAIN of one) and nothing else"
        )
    for node in _nodes(statement):
        name = type(node).__name__
        if name in _WRITING_NODES:
            raise StatementRefused(
                f"{where}: {_statement_words(name)} inside the query is refused: it writes or "
                "locks, and dbtool sql only reads"
            )
        if name == "FuncCall":
            _refuse_function(node, where)


def _nodes(root: object) -> list[object]:
    """Every node under ``root`` (the parser's tree), ``root`` included."""
    from pglast.visitors import Visitor

    found: list[object] = [root]

    class Collect(Visitor):  # type: ignore[misc]
        def visit(self, ancestors: object, node: object) -> None:
            found.append(node)

    Collect()(root)
    return found


def _refuse_function(call: object, where: str) -> None:
    names = [part.sval.lower() for part in call.funcname]  # type: ignore[attr-defined]
    qualified = ".".join(names)
    schema_ok = len(names) == 1 or (len(names) == 2 and names[0] == "pg_catalog")
    if not schema_ok or names[-1] not in ALLOWED_FUNCTIONS:
        raise StatementRefused(
            f"{where}: function {qualified}() is refused: dbtool sql calls only functions that "
            "compute from their arguments (docs/security.md lists them)"
        )


def _statement_words(kind: str) -> str:
    """The parser's node name in SQL words: ``DoStmt`` -> ``DO``, ``IntoClause`` -> ``INTO``."""
    special = {
        "DoStmt": "DO",
        "CopyStmt": "COPY",
        "IntoClause": "SELECT … INTO",
        "LockingClause": "FOR UPDATE / FOR SHARE",
        "VariableSetStmt": "SET",
        "VariableShowStmt": "SHOW",
        "TransactionStmt": "transaction control",
        "ExplainStmt": "EXPLAIN of anything but a SELECT",
    }
    if kind in special:
        return special[kind]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind.removesuffix("Stmt"))
    return words.upper()
