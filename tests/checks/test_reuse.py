"""A run after documents change re-checks what they touch, and stores what a full run would.

Each step below changes the documents (new ones, one forgotten, one loaded
again) and runs the checks as the scheduled job does, building on the run
before; a copy of the database at that moment is checked in full
(``--full``), and the two stored runs must be equal, finding for finding, in
order, with every message, interval, figure and derived quantity.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from benchmarks.corpus import generate
from dbtool import api
from dbtool.db.database import connect
from tests.helpers import ROOT

RELEASES = ROOT / "tests" / "data" / "releases"


def _stored(url: str, run: Any) -> list[dict[str, Any]]:
    """A run as stored: every finding, and the views that show the latest run."""
    with connect(url) as connection:
        views = [
            sorted(
                tuple(value for name, value in row.items() if name != "run_id")
                for row in connection.execute(text(f"SELECT * FROM {view}")).mappings()
            )
            for view in ("v_check_results", "v_derived", "v_documents")
        ]
    return [{"counts": run.counts(), "views": views}, *(r.as_dict() for r in run.results)]


def _check_as_full(path: Path) -> tuple[int, int]:
    """Check, building on the run before, and compare with a full run on a copy; the rows
    this run stored and the findings it holds."""
    url = f"sqlite:///{path}"
    run = api.check(url)
    copy = path.with_name(f"{path.stem}-full.sqlite")
    copy.unlink(missing_ok=True)
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    full = api.check(f"sqlite:///{copy}", full=True)
    assert _stored(url, run) == _stored(f"sqlite:///{copy}", full)
    with connect(url) as connection:
        stored = connection.execute(
            text("SELECT count(*) FROM check_results WHERE run_id = :run"), {"run": run.id}
        ).scalar()
    return int(stored or 0), len(run.results)


@pytest.mark.parametrize(("shape", "figures"), [("families", 1500), ("histories", 4000)])
def test_a_run_after_changes_stores_what_a_full_run_would(
    tmp_path: Path, shape: str, figures: int
) -> None:
    # A history of monthly releases is one component of a thousand figures or more.
    paths = generate(tmp_path / "corpus", figures, "docs", 11, shape)
    # The last releases come late; a yearbook, which touches most histories, does not.
    late = [p for p in paths if not p.stem.startswith("yearbook")][-6:]
    path = tmp_path / "db.sqlite"
    url = f"sqlite:///{path}"
    api.upgrade(url)
    api.seed(url, [p for p in paths if p not in late])
    api.check(url)
    api.seed(url, late[:3])  # new documents
    stored, held = _check_as_full(path)
    assert 0 < stored < held / 2  # only what they touch was checked again
    middle = paths[len(paths) // 2]
    api.forget(url, middle.stem)  # a document forgotten
    _check_as_full(path)
    api.seed(url, [middle, *late[3:]])  # loaded again, and the last ones
    _check_as_full(path)
    assert _check_as_full(path)[0] == 0  # nothing changed: nothing stored anew


def test_the_bundled_corpus_and_the_hand_seeded_releases(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    url = f"sqlite:///{path}"
    api.init(url)
    api.check(url)
    seeds = sorted(p for p in RELEASES.glob("[0-9]*.toml") if not p.name.endswith(".expect.toml"))
    for seed in seeds:
        api.seed(url, [seed], limits=api.SeedLimits(allow_dirs=(RELEASES,)))
        _check_as_full(path)
    api.forget(url, "alrosa-sales-2018-09")
    _check_as_full(path)


def test_a_changed_severity_checks_everything_again(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    url = f"sqlite:///{path}"
    api.init(url)
    api.check(url)
    with connect(url) as connection:
        connection.execute(text("UPDATE check_rules SET severity = 'warn' WHERE name = 'bounds'"))
    stored, held = _check_as_full(path)
    assert stored == held
