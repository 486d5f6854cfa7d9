"""Reports with a section per quantity are read as they are written (issue 25): each
section is built once the one before has been written, so that ``report all`` holds one
section, not the database. Real SQLite files; the proof is the database itself, changed
between the first section and the rest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dbtool import api
from dbtool.db.database import Database
from dbtool.db.reader import open_reader
from dbtool.reports.registry import build_with
from dbtool.reports.render import markdown_chunks, render
from tests.seedkit import figure, make_seed, quantity

# More quantities than the timeline reads in one query (timeline.BATCH, 200).
QUANTITIES = 250


def _many_quantities(tmp_path: Path) -> tuple[str, Path]:
    """A database of QUANTITIES quantities, each stated for two consecutive months."""
    path = tmp_path / "many.sqlite"
    url = f"sqlite:///{path}"
    api.upgrade(url)
    keys = [f"sales-{i:03}" for i in range(QUANTITIES)]
    figures = [
        figure(
            f"{key}-{month}",
            f"USD {i + month} million",
            (i + month) * 1e6,
            "USD",
            quantity=key,
            period=f"2020-{month:02}",
        )
        for i, key in enumerate(keys)
        for month in (1, 2)
    ]
    quantities = [quantity(key, "value", "USD") | {"flow": True} for key in keys]
    api.seed(url, [make_seed(tmp_path / "seeds", quantities=quantities, figures=figures)])
    return url, path


def _markdown(url: str, name: str) -> str:
    return render(api.report(url, name), "markdown", generated_at="now")


@pytest.mark.parametrize("name", ["timeline", "compare"])
def test_a_later_section_is_read_after_the_first_is_written(tmp_path: Path, name: str) -> None:
    url, path = _many_quantities(tmp_path)
    before = _markdown(url, name)
    written = []
    with open_reader(Database.of(path)) as reader:
        pieces = markdown_chunks(build_with(reader, name), "now")
        for piece in pieces:
            written.append(piece)
            if "## " in piece:  # the first section's title: it is built, and no other
                break
        # The last quantity's figures change while the first section is being written.
        with sqlite3.connect(path) as writer:
            writer.execute(
                "UPDATE figures SET value = value * 2, low = low * 2, high = high * 2 "
                "WHERE quantity_id = (SELECT id FROM quantities WHERE key = ?)",
                (f"sales-{QUANTITIES - 1:03}",),
            )
        written += pieces
    after = _markdown(url, name)
    assert after != before
    assert "".join(written) == after
