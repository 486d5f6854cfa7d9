"""The seed format's reference: generated from the model, current, complete, and true.

``docs/seed-format.schema.json`` and ``docs/seed-format.md`` are generated from
the pydantic model the loader validates with; after a change to the format,
regenerate them with ``DBTOOL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest
tests/seedformat/test_seed_format.py``.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from dbtool.api import bundled_seed_files
from dbtool.cli import app
from dbtool.db.vocabulary import PLACE_TYPES
from dbtool.seedformat.schema import schema_text, seed_format_markdown, seed_json_schema
from tests.helpers import ROOT, assert_golden

DOCS = ROOT / "docs"


def test_the_committed_json_schema_is_current() -> None:
    assert_golden(DOCS / "seed-format.schema.json", schema_text())


def test_the_committed_reference_is_current() -> None:
    assert_golden(DOCS / "seed-format.md", seed_format_markdown(bundled_seed_files()))


def test_seed_schema_prints_the_committed_schema() -> None:
    result = CliRunner().invoke(app, ["seed", "--schema"])
    assert result.exit_code == 0
    assert result.stdout == (DOCS / "seed-format.schema.json").read_text(encoding="utf-8")


def test_every_table_and_field_is_described() -> None:
    schema = seed_json_schema()
    undescribed = [
        f"{name}.{field}"
        for name, definition in [("SeedFile", schema), *schema["$defs"].items()]
        for field, prop in definition["properties"].items()
        if not prop.get("description")
    ]
    undescribed += [name for name, d in schema["$defs"].items() if not d.get("description")]
    assert undescribed == []


def _as_json(data: Any) -> Any:
    """TOML as an editor's schema validator sees it: dates become ISO strings."""
    return json.loads(json.dumps(data, default=str))


@pytest.mark.parametrize("seed", bundled_seed_files(), ids=lambda p: p.name)
def test_every_bundled_seed_is_valid_by_the_json_schema(seed: Path) -> None:
    data = _as_json(tomllib.loads(seed.read_text(encoding="utf-8")))
    jsonschema.validate(data, seed_json_schema(), format_checker=jsonschema.FormatChecker())


def test_the_json_schema_refuses_what_the_loader_refuses() -> None:
    data = _as_json(tomllib.loads(bundled_seed_files()[0].read_text(encoding="utf-8")))
    data["places"][0]["type"] = "town"
    data["figures"][0]["colour"] = "red"
    validator = jsonschema.Draft202012Validator(seed_json_schema())
    messages = sorted(e.message for e in validator.iter_errors(data))
    assert len(messages) == 2
    assert "'town' is not one of" in messages[0]
    assert "'colour' was unexpected" in messages[1]


def test_the_reference_names_every_place_type() -> None:
    text = (DOCS / "seed-format.md").read_text(encoding="utf-8")
    places = text.split("## `[[places]]`")[1].split("## ")[0]
    assert all(f"`{t}`" in places for t in PLACE_TYPES)
    assert set(PLACE_TYPES) == {"city", "country", "region", "continent", "world"}
