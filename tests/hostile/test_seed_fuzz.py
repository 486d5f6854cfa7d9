"""Fuzzed seeds: whatever a field holds, `seed` loads the file or refuses it with located
lines (exit 2) and leaves the database as it was; never exit 3, never a traceback.

Hypothesis replaces one field of a valid seed at a time with hostile values
(wrong types, huge and odd numbers, long and invisible strings, nested tables).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dbtool.cli import app
from tests.helpers import file_digest
from tests.seedkit import figure, make_seed, quantity

runner = CliRunner()
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\u200b", "\u202eabc", "a" * 5000, "../../etc/passwd", "\x00"]),
)
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    HOSTILE_TEXT,
    st.dates().map(str),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
FIELDS = [
    ("document", "slug"),
    ("document", "title"),
    ("document", "published_on"),
    ("document", "published_on_basis"),
    ("figures", "key"),
    ("figures", "value"),
    ("figures", "written"),
    ("figures", "unit"),
    ("figures", "quantity"),
    ("figures", "period"),
    ("figures", "base_period"),
    ("figures", "qualifier"),
    ("figures", "occurrence"),
    ("quantities", "key"),
    ("quantities", "measure"),
    ("links", "part"),
    ("links", "relation"),
]


def _base(folder: Path) -> Path:
    return make_seed(
        folder,
        quantities=[quantity("all"), quantity("some")],
        links=[{"part": "some", "whole": "all", "relation": "part_of", "basis": "stated"}],
        figures=[figure("all", "55", 55, "count", quantity="all", period="2019")],
    )


def _replace(seed: dict[str, Any], table: str, name: str, value: Any) -> None:
    row = seed[table] if table == "document" else seed[table][0]
    if value is None:
        row.pop(name, None)
    else:
        row[name] = value


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(FIELDS), value=HOSTILE)
@example(field=("quantities", "key"), value="\r")  # a problem naming it stays one line
@example(field=("document", "title"), value="a\nb")
def test_a_fuzzed_field_is_loaded_or_refused_cleanly(
    tmp_path: Path, db_file: Path, field: tuple[str, str], value: Any
) -> None:
    import tomllib

    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    path = _base(folder)
    seed = tomllib.loads(path.read_text(encoding="utf-8"))
    _replace(seed, *field, value)
    try:
        path.write_text(tomli_w.dumps(seed), encoding="utf-8")
    except (TypeError, ValueError):
        return  # not TOML at all (a NUL key, …): nothing to load
    db = tmp_path / "fuzz.sqlite"
    shutil.copy(db_file, db)
    before = file_digest(db)
    result = runner.invoke(app, ["seed", str(path), "--db", str(db)])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    if result.exit_code == 2:
        assert all(line.startswith(f"Error: {path}") for line in result.stderr.splitlines())
        assert file_digest(db) == before
