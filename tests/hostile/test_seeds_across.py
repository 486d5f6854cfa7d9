"""Seeds that are wrong beside the other documents, or in ways only dates and lengths show:
each refused with one located line, exit 2, and the database left exactly as it was.

Cycles through ``part_of``, ``same_as``, partitions, sums and differences across
documents; a published date far from its dateline's year or from any plausible
date; a change measured from a later period; keys and slugs longer than the
database stores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from typer.testing import CliRunner

from dbtool.cli import app
from tests.helpers import file_digest
from tests.seedkit import ENTITIES, figure, quantity

runner = CliRunner()
QUANTITIES = [quantity("a"), quantity("b"), quantity("r"), quantity("c")]


def _document(folder: Path, slug: str, text: str = "", **sections: Any) -> Path:
    """A seed ``slug`` in its own folder: the entities of seedkit, ``sections``, a text."""
    folder = folder / slug
    folder.mkdir(parents=True, exist_ok=True)
    figures = sections.get("figures", [])
    body = "Acme Mining of Fredville in Freedonia, and Sylvania. " + text
    body += " ".join(f["quote"] + "." for f in figures)
    (folder / "text.txt").write_text(body, encoding="utf-8")
    document = {
        "slug": slug,
        "title": slug.capitalize(),
        "file": "text.txt",
        "published_on": "2020-01-01",
        "published_on_basis": "stated",
        "dateline": {"place": "fredville", "quote": "Fredville"},
    } | sections.pop("document", {})
    seed = {"document": document, **ENTITIES, "quantities": QUANTITIES, **sections}
    path = folder / "seed.toml"
    path.write_text(tomli_w.dumps(seed), encoding="utf-8")
    return path


def _load(db: Path, *seeds: Path, replace: bool = False) -> tuple[int, str]:
    options = ["--replace"] if replace else []
    result = runner.invoke(app, ["seed", *map(str, seeds), "--db", str(db), *options])
    return result.exit_code, result.stderr


def _refused(db: Path, seed: Path, place: str, words: str, replace: bool = False) -> None:
    before = file_digest(db)
    code, stderr = _load(db, seed, replace=replace)
    assert code == 2, stderr
    lines = stderr.splitlines()
    assert lines and all(line.startswith(f"Error: {seed}: ") for line in lines), lines
    assert any(f": {place}: " in line and words in line for line in lines), lines
    assert file_digest(db) == before


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite"
    assert runner.invoke(app, ["db", "upgrade", "--db", str(path)]).exit_code == 0
    return path


def _link(part: str, whole: str, relation: str = "part_of") -> dict[str, str]:
    return {"part": part, "whole": whole, "relation": relation, "basis": "stated"}


def _sum(key: str, total: str, parts: list[str], minus: list[str] | None = None) -> dict:
    return {"key": key, "name": key, "total": total, "parts": parts, "minus": minus or []}


def _partition(key: str, whole: str, parts: list[str]) -> dict[str, Any]:
    return {"key": key, "name": key, "whole": whole, "parts": parts}


CYCLES = {
    "part_of both ways": (
        {"links": [_link("a", "b")]},
        {"links": [_link("b", "a")]},
        "links[0]",
    ),
    "part_of through a third": (
        {"links": [_link("a", "b"), _link("b", "c")]},
        {"links": [_link("c", "a")]},
        "links[0]",
    ),
    "same_as a part and its whole": (
        {"links": [_link("a", "b")]},
        {"links": [_link("a", "b", "same_as")]},
        "links[0]",
    ),
    "part_of through same_as": (
        {"links": [_link("a", "c", "same_as"), _link("a", "b")]},
        {"links": [_link("b", "c")]},
        "links[0]",
    ),
    "partition and link": (
        {"partitions": [_partition("split", "b", ["a", "r"])]},
        {"links": [_link("b", "a")]},
        "links[0]",
    ),
    "two sums": (
        {"sums": [_sum("s1", "a", ["b", "r"])]},
        {"sums": [_sum("s2", "b", ["a", "r"])]},
        "sums[key=s2]",
    ),
    "a sum and a difference": (
        {"sums": [_sum("s1", "a", ["b"], ["r"])]},
        {"sums": [_sum("s2", "r", ["a", "c"])]},
        "sums[key=s2]",
    ),
}


@pytest.mark.parametrize("case", CYCLES)
def test_a_cycle_across_documents_is_refused(tmp_path: Path, db: Path, case: str) -> None:
    first, second, place = CYCLES[case]
    assert _load(db, _document(tmp_path, "first", **first)) == (0, "")
    _refused(db, _document(tmp_path, "second", **second), place, "cycle")


@pytest.mark.parametrize("case", CYCLES)
def test_a_cycle_within_one_load_is_refused(tmp_path: Path, db: Path, case: str) -> None:
    """Two new documents in one `seed` run: the second is refused, nothing is loaded."""
    first, second, place = CYCLES[case]
    before = file_digest(db)
    seeds = [_document(tmp_path, "first", **first), _document(tmp_path, "second", **second)]
    code, stderr = _load(db, *seeds)
    assert code == 2 and place in stderr and "cycle" in stderr, stderr
    assert file_digest(db) == before


def test_a_cycle_through_quantities_merged_after_their_parts_is_refused(
    tmp_path: Path, db: Path
) -> None:
    """One load of three: the graphs kept from seed to seed follow a same_as made after
    the part it joins was held (a part_of b; a same_as r; then b part_of r closes it)."""
    seeds = [
        _document(tmp_path, "first", links=[_link("a", "b")]),
        _document(tmp_path, "second", links=[_link("a", "r", "same_as")]),
        _document(tmp_path, "third", links=[_link("b", "r")]),
    ]
    before = file_digest(db)
    code, stderr = _load(db, *seeds)
    assert code == 2 and "third" in stderr and "cycle" in stderr, stderr
    assert file_digest(db) == before


def test_a_replaced_document_keeps_the_others_checked_against_its_new_relations(
    tmp_path: Path, db: Path
) -> None:
    """A document replaced with other relations: the next one is held against its new
    ones, not its old."""
    assert _load(db, _document(tmp_path, "first", links=[_link("a", "b")]))[0] == 0
    again = [
        _document(tmp_path, "first", links=[_link("b", "a")]),
        _document(tmp_path, "second", links=[_link("a", "c")]),
    ]
    assert _load(db, *again, replace=True) == (0, "")
    _refused(db, _document(tmp_path, "third", links=[_link("c", "b")]), "links[0]", "cycle")


def test_a_replaced_document_may_turn_its_own_relation_round(tmp_path: Path, db: Path) -> None:
    """Its old relations are not the others': replacing a part_of by its reverse loads."""
    assert _load(db, _document(tmp_path, "first", links=[_link("a", "b")]))[0] == 0
    reverse = _document(tmp_path, "first", links=[_link("b", "a")])
    assert _load(db, reverse, replace=True) == (0, "")


def test_consistent_relations_across_documents_load(tmp_path: Path, db: Path) -> None:
    first = _document(tmp_path, "first", links=[_link("a", "b")])
    second = _document(tmp_path, "second", links=[_link("b", "c"), _link("r", "c")])
    third = _document(tmp_path, "third", sums=[_sum("s", "c", ["b", "r"])])
    assert _load(db, first, second, third) == (0, "")


DATED = "Dated 9 November 2018 – "


@pytest.mark.parametrize(
    ("published", "words"),
    [
        ("1800-01-01", "not a plausible date"),
        ("2200-01-01", "not a plausible date"),
        ("2015-11-09", "far from the year its dateline names (2018)"),
        ("2021-01-01", "far from the year its dateline names (2018)"),
    ],
)
def test_a_published_date_far_from_the_dateline(
    tmp_path: Path, db: Path, published: str, words: str
) -> None:
    seed = _document(
        tmp_path,
        "dated",
        text=DATED,
        document={
            "published_on": published,
            "dateline": {"place": "fredville", "quote": DATED.strip(" –")},
        },
    )
    _refused(db, seed, "document.published_on", words)


def test_a_published_date_near_the_dateline_loads(tmp_path: Path, db: Path) -> None:
    seed = _document(
        tmp_path,
        "dated",
        text=DATED,
        document={
            "published_on": "2019-01-02",
            "dateline": {"place": "fredville", "quote": DATED.strip(" –")},
        },
    )
    assert _load(db, seed) == (0, "")


def _change(period: str, base: str) -> dict[str, Any]:
    return figure(
        "growth",
        "5%",
        5,
        "percent",
        quantity="a",
        period=period,
        base_period=base,
        direction="up",
    )


@pytest.mark.parametrize(
    ("period", "base"),
    [("2018", "2019"), ("2018-01/2018-06", "2018-07/2018-12"), ("2018", "2018")],
)
def test_a_base_period_after_its_period(tmp_path: Path, db: Path, period: str, base: str) -> None:
    seed = _document(tmp_path, "change", figures=[_change(period, base)])
    _refused(db, seed, "figures[key=growth].base_period", "does not come before")


def test_a_base_period_before_its_period_loads(tmp_path: Path, db: Path) -> None:
    assert _load(db, _document(tmp_path, "change", figures=[_change("2018", "2017")])) == (0, "")


@pytest.mark.parametrize(
    ("section", "row", "place"),
    [
        ("document", {"slug": "s" * 20_000}, "document.slug"),
        ("quantities", [*QUANTITIES, quantity("q" * 101)], "quantities"),
        ("figures", [figure("k" * 150, "7", 7, "count", quantity="a")], "figures[key=kkkk"),
    ],
)
def test_keys_and_slugs_longer_than_stored(
    tmp_path: Path, db: Path, section: str, row: Any, place: str
) -> None:
    before = file_digest(db)
    seed = _document(tmp_path, "long", **{section: row})
    code, stderr = _load(db, seed)
    assert code == 2, stderr
    assert place in stderr and "at most 100 are stored" in stderr, stderr
    assert all(len(line) < 1000 for line in stderr.splitlines()), "the key was printed whole"
    assert file_digest(db) == before


RANKING = {"key": "miners", "name": "Miners", "measure": "volume"}


def _rank(key: str) -> dict[str, Any]:
    return figure(key, "1", 1, "rank", ranking="miners", quantity="a")


def test_replace_that_would_orphan_rows_other_documents_use_names_them(
    tmp_path: Path, db: Path
) -> None:
    """A ranking two other documents rank by: replacing its owner without it names both,
    instead of "FOREIGN KEY constraint failed" with no place."""
    owner = _document(tmp_path, "owner", rankings=[RANKING], figures=[_rank("own-rank")])
    users = [
        _document(tmp_path, slug, figures=[_rank(f"{slug}-rank")]) for slug in ("uses-1", "uses-2")
    ]
    assert _load(db, owner, *users) == (0, "")
    changed = _document(tmp_path, "owner", figures=[figure("n", "7", 7, "count", quantity="a")])
    _refused(
        db,
        changed,
        "rankings[key=miners]",
        "ranking miners is used by uses-1, uses-2",
        replace=True,
    )


def test_every_problem_of_every_row_capped_with_a_count(tmp_path: Path, db: Path) -> None:
    """3,000 rows with three mistakes each: every problem of every row, one line each, up
    to MAX_PROBLEM_LINES, then one line counting the rest."""
    from dbtool.errors import MAX_PROBLEM_LINES

    figures = []
    for index in range(3000):
        row = figure(f"f{index}", "7", 7, "count", quantity="a")
        figures.append(row | {"value": "seven", "unit": "bogus", "reviewed": "maybe"})
    seed = _document(tmp_path, "broken", figures=figures)
    before = file_digest(db)
    for command in (["seed", str(seed), "--db", str(db)], ["lint", str(seed)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        lines = result.stderr.splitlines()
        assert len(lines) == MAX_PROBLEM_LINES + 1
        assert {line.split(": ")[2].split(".")[-1] for line in lines[:-1]} == {
            "value",
            "unit",
            "reviewed",
        }
        assert lines[0].startswith(f"Error: {seed}: figures[key=f0].")
        assert lines[-1] == (
            f"Error: {seed}: 8,000 more problems not shown "
            "(at most 1,000 are listed; fix these and run it again)"
        )
    assert file_digest(db) == before


def test_lint_reports_every_problem_seed_reports(tmp_path: Path, db: Path) -> None:
    """Five mistakes, two of them only the database shows (a key no document defines, a
    cycle with another document): lint --db lists the same lines seed does, at once."""
    assert _load(db, _document(tmp_path, "first", links=[_link("a", "b")]))[0] == 0
    figures = [
        figure("who", "7", 7, "count", quantity="a", subject="yuri-okoemov"),
        figure("odd", "8", 8, "count", quantity="a", qualifier="roughly"),
        figure("neg", "-9", -9, "count", quantity="b"),
        _change("2018", "2019"),
    ]
    seed = _document(tmp_path, "second", figures=figures, links=[_link("b", "a")])
    seeded = runner.invoke(app, ["seed", str(seed), "--db", str(db)])
    linted = runner.invoke(app, ["lint", str(seed), "--db", str(db)])
    assert seeded.exit_code == linted.exit_code == 2, (seeded.output, linted.output)
    assert "yuri-okoemov" in linted.stderr
    assert sorted(linted.stderr.splitlines()) == sorted(seeded.stderr.splitlines())
