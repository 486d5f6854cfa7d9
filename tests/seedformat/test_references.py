"""Cross-references: the file's own half (read ahead, places not spelled) and the database's
half (``resolve``) together report what one check over both reported, in file order."""

from __future__ import annotations

from pathlib import Path

import pytest

from dbtool.seedformat.references import _references, file_references, reference_problems, resolve
from dbtool.seedformat.validate import check_against, check_seed_file, read_seed
from tests.seedkit import ENTITIES, figure, make_seed, quantity


def _messy_seed(folder: Path) -> Path:
    """Every kind of reference problem once: a key defined twice, a wrong kind here, an
    unknown key, and keys only another document can define."""
    places = ENTITIES["places"] + [
        {"key": "town", "name": "Town", "type": "city", "country": "abroad", "quote": "Fredville"},
        {"key": "village", "name": "Village", "type": "city", "country": "acme", "quote": "Acme"},
    ]
    return make_seed(
        folder,
        places=places,
        quantities=[quantity("clients"), quantity("clients")],
        figures=[
            figure("a", "21", 21, "count", quantity="clients"),
            figure("b", "55", 55, "count", subject="no-such-entity", quantity="fredville"),
            figure("c", "3", 3, "count", subject="elsewhere", quantity="market"),
        ],
    )


EXPECTED = [
    "quantities[key=clients].key: key 'clients' is defined twice",
    "places[key=town].country: 'abroad' is a organisation, expected place",  # known so
    "places[key=village].country: 'acme' is a organisation, expected place",  # defined so here
    "figures[key=b].subject: unknown key 'no-such-entity'",
    "figures[key=b].quantity: unknown key 'fredville'",  # an entity, not a quantity
]
KNOWN = {
    "entity": {"abroad": "organisation", "elsewhere": "person"},
    "quantity": {"market": "quantity"},
}


def test_both_halves_report_every_problem_in_file_order(tmp_path: Path) -> None:
    path = _messy_seed(tmp_path)
    seed = check_seed_file(path).seed
    assert seed is not None
    problems = reference_problems(seed, path, KNOWN)
    assert [f"{p.place}: {p.problem}" for p in problems] == EXPECTED
    # The loader's way: the file's half where it is read, the rest against the catalog.
    checked = check_seed_file(path, known=KNOWN)
    assert [f"{p.place}: {p.problem}" for p in checked.problems] == EXPECTED


def test_outside_references_wait_for_the_database(tmp_path: Path) -> None:
    path = _messy_seed(tmp_path)
    seed = check_seed_file(path).seed
    assert seed is not None
    entries = file_references(seed, path)
    outside = [e for e in entries if isinstance(e, tuple)]
    assert {(namespace, key) for _, namespace, key, _ in outside} == {
        ("entity", "abroad"),
        ("entity", "no-such-entity"),
        ("quantity", "fredville"),
        ("entity", "elsewhere"),
        ("quantity", "market"),
    }
    # Nothing known: each of them is unknown; everything known as it should be: none is.
    assert len(resolve(entries, seed, path, None)) == 2 + len(outside)
    known = {
        "entity": {"abroad": "place", "no-such-entity": "person", "elsewhere": "organisation"},
        "quantity": {"fredville": "quantity", "market": "quantity"},
    }
    assert [p.problem for p in resolve(entries, seed, path, known)] == [
        "key 'clients' is defined twice",
        "'acme' is a organisation, expected place",
    ]


def test_places_left_unspelled_name_the_same_references(tmp_path: Path) -> None:
    seed = check_seed_file(_messy_seed(tmp_path)).seed
    assert seed is not None
    spelled = list(_references(seed))
    plain = list(_references(seed, spell=False))
    assert [r[1:] for r in spelled] == [r[1:] for r in plain]
    assert all(isinstance(r[0], str) for r in spelled)
    assert not any(r[0] for r in plain)


def test_figures_sent_as_rows_are_checked_and_spelled_as_models(tmp_path: Path) -> None:
    """A read sent to the loader holds its figures as rows (``CheckedSeed.for_loader``):
    their references to other documents' keys and their qualifiers are checked, and each
    problem's place spelled, exactly as from the models."""
    path = make_seed(
        tmp_path,
        quantities=[quantity("clients")],
        figures=[
            figure("a", "21", 21, "count", quantity="clients"),
            figure("b", "55", 55, "count", subject="no-such-entity", quantity="elsewhere"),
            figure("c", "3", 3, "count", qualifier="roughly"),
        ],
    )
    sent = read_seed(path).for_loader()
    assert sent.seed is not None and sent.seed.figures == []
    assert [row.key for row in sent.figure_rows or []] == ["a", "b", "c"]
    expected = [
        "figures[key=b].subject: unknown key 'no-such-entity'",
        "figures[key=b].quantity: unknown key 'elsewhere'",
        "figures[key=c].qualifier: unknown qualifier 'roughly' (known: none)",
    ]
    for read in (read_seed(path), sent):
        check_against(read, {"entity": {}, "quantity": {}}, {"none"})
        assert [f"{p.place}: {p.problem}" for p in read.problems] == expected


def test_every_problem_is_placed_in_one_pass_over_the_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of thousands of unknown keys (a yearbook loaded before the documents that
    declare its entities) spells its places in one pass: one a problem took ten minutes."""
    from dbtool.seedformat import references

    n = 2_000
    figures = [
        figure(f"f{i}", f"{i} clients", i, "count", subject=f"who-{i}", quantity="clients")
        for i in range(n)
    ]
    path = make_seed(tmp_path, quantities=[quantity("clients")], figures=figures)
    seed = read_seed(path).seed
    assert seed is not None
    passes = []
    spelled = references._references

    def counted(*args: object, **kwargs: object) -> object:
        passes.append(args[1:2] or kwargs.get("spell", True))
        return spelled(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(references, "_references", counted)
    problems = reference_problems(seed, path, {})
    assert problems[-1].place == f"figures[key=f{n - 1}].subject"
    assert len(problems) == n
    assert str(problems[-1]).endswith(f"unknown key 'who-{n - 1}'")
    assert len(passes) == 2  # the file's own half, unspelled, and one spelled
