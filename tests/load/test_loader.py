"""Loading seeds: all or nothing, idempotent, every quote verbatim, clear errors."""

from __future__ import annotations

import shutil
import typing
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import BaseModel
from sqlalchemy import text

from dbtool import api
from dbtool.api import bundled_seed_files
from dbtool.db.database import connect
from dbtool.errors import SeedError
from tests.helpers import DOCUMENT, SEED_FILE, file_digest
from tests.seedkit import figure, make_seed, quantity


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled seed and its document, safe to edit."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(DOCUMENT, folder)
    return Path(shutil.copy(SEED_FILE, folder))


def _edit(path: Path, old: str, new: str, count: int = 1) -> Path:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) >= count, f"test setup: {old!r} not in seed"
    path.write_text(content.replace(old, new, count), encoding="utf-8")
    return path


def test_second_load_changes_nothing(db_file: Path) -> None:
    before = file_digest(db_file)
    reports = api.seed(f"sqlite:///{db_file}")
    assert [r.status for r in reports] == ["unchanged"] * len(reports) == ["unchanged"] * 6
    assert sum(r.total for r in reports) == 0
    assert file_digest(db_file) == before


def test_every_quote_is_verbatim_in_its_document(seeded_url: str) -> None:
    with connect(seeded_url) as connection:
        bodies = dict(connection.execute(text("SELECT id, text FROM documents")).all())
        quotes = connection.execute(
            text("SELECT document_id, char_start, char_end, text FROM quotes")
        ).all()
        written = connection.execute(
            text(
                "SELECT q.document_id, f.written_start, f.written_end, f.written "
                "FROM figures f JOIN quotes q ON q.id = f.quote_id"
            )
        ).all()
    assert len(bodies) == 6 and quotes and written
    for document, start, end, quote in [*quotes, *written]:
        assert bodies[document][start:end] == quote


def test_views_carry_the_quote_of_every_figure(seeded_url: str) -> None:
    with connect(seeded_url) as connection:
        rows = connection.execute(
            text("SELECT figure_id, quote, written, document FROM v_figures ORDER BY char_start")
        ).all()
    assert len([r for r in rows if r.document == "awdc-alrosa-2018"]) == 21
    assert len(rows) == 112
    for figure_id, quote, written, _document in rows:
        assert written in quote, figure_id


def test_an_edited_file_updates_only_what_changed(seed_copy: Path, migrated_url: str) -> None:
    api.seed(migrated_url, [seed_copy])
    _edit(
        seed_copy,
        'metric = "Companies whose interests AWDC defends"',
        'metric = "Member companies of AWDC"',
    )
    _edit(seed_copy, 'key = "increase-business"', 'key = "grow-business"')
    with pytest.raises(SeedError, match="already loaded and this file differs; load it with "):
        api.seed(migrated_url, [seed_copy])
    [report] = api.seed(migrated_url, [seed_copy], replace=True)
    assert report.status == "replaced"
    changed = {
        name: (c.inserted, c.updated, c.deleted) for name, c in report.changes.items() if c.total
    }
    # The document row records the new seed digest; nothing else is rewritten.
    assert changed == {"documents": (0, 1, 0), "figures": (0, 1, 0), "commitments": (1, 0, 1)}
    with connect(migrated_url) as connection:
        metric = connection.execute(
            text("SELECT metric FROM v_figures WHERE figure_id = 'awdc-companies'")
        ).scalar_one()
        keys = set(connection.execute(text("SELECT key FROM commitments")).scalars())
    assert metric == "Member companies of AWDC"
    assert "grow-business" in keys and "increase-business" not in keys


def test_removed_rows_and_their_quotes_are_deleted(seed_copy: Path, migrated_url: str) -> None:
    api.seed(migrated_url, [seed_copy])
    _edit(
        seed_copy,
        'key = "challenges-into-opportunities"\nkind = "intent"\n'
        'description = "Work together to turn challenges into mutual opportunities"\n'
        'quote = "we will work together to turn whatever challenges arise into mutual '
        'opportunities"\n',
        "",
    )
    _edit(seed_copy, "[[agreements.commitments]]\n\n", "")
    [report] = api.seed(migrated_url, [seed_copy], replace=True)
    assert (report.changes["commitments"].deleted, report.changes["quotes"].deleted) == (1, 1)


BAD_SEEDS = [
    pytest.param(
        'slug = "awdc-alrosa-2018"',
        'slug = "awdc-alrosa-2018"\n[[figures]',
        "not valid TOML: ",
        id="malformed-toml",
    ),
    pytest.param(
        'person = "ari-epstein"\norganisation',
        'person = "ari-epsteen"\norganisation',
        "roles[3].person: unknown key 'ari-epsteen'",
        id="unknown-reference",
    ),
    pytest.param(
        'quote = "Bart de Wever"\n',
        'quote = "Bart De Wever"\n',
        "people[key=bart-de-wever].quote: quote not found in awdc-alrosa-2018.txt: 'Bart De Wever'",
        id="quote-not-in-text",
    ),
    pytest.param(
        'written = "33%"\nvalue = 33\n',
        'written = "33%"\nvalue = 150\n',
        "figures[key=rough-share-of-russian-imports]: a percentage must lie in 0–100, got 150",
        id="percent-150",
    ),
    pytest.param(
        'written = "55"\nvalue = 55\n',
        'written = "55"\nvalue = 56\n',
        "figures[key=alrosa-long-term-clients].value: 56 does not match the written '55' (55)",
        id="value-not-as-written",
    ),
    pytest.param(
        'quote = "Ari Epstein"\noccurrence = 1\n',
        'quote = "Ari Epstein"\n',
        "people[key=ari-epstein].quote: quote occurs 2 times in awdc-alrosa-2018.txt; "
        "say which with occurrence = 1..2: 'Ari Epstein'",
        id="ambiguous-quote",
    ),
    pytest.param(
        'qualifier = "nearly"',
        'qualifier = "roughly-ish"',
        "figures[key=antwerp-share-world-rough].qualifier: unknown qualifier 'roughly-ish'",
        id="unknown-qualifier",
    ),
    pytest.param(
        'type = "mining_company"',
        'type = "mining"',
        "organisations[key=alrosa].type: Input should be ",
        id="bad-enum",
    ),
    pytest.param(
        'key = "awdc-companies"',
        'key = "rough-import-rank"',
        "figures[key=rough-import-rank].key: key 'rough-import-rank' is defined twice",
        id="duplicate-key",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_SEEDS)
def test_bad_seed_is_refused_and_changes_nothing(
    seed_copy: Path, db_file: Path, old: str, new: str, message: str
) -> None:
    before = file_digest(db_file)
    _edit(seed_copy, old, new)
    with pytest.raises(SeedError) as caught:
        api.seed(f"sqlite:///{db_file}", [seed_copy], replace=True)
    assert str(caught.value).startswith(f"{seed_copy}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert file_digest(db_file) == before


def test_five_different_mistakes_are_all_reported_in_one_run(
    seed_copy: Path, db_file: Path
) -> None:
    """Shape problems (pydantic), a quote, a reference and a figure's words: all at once.

    The refused rows (the organisation with a bad type, the share of 150%) are set
    aside, so the rest of the file is still checked, and nothing that refers to
    them is reported twice.
    """
    before = file_digest(db_file)
    for old, new in [
        ('type = "mining_company"', 'type = "mining"'),
        ('written = "33%"\nvalue = 33\n', 'written = "33%"\nvalue = 150\n'),
        ('quote = "Bart de Wever"\n', 'quote = "Bart De Wever"\n'),
        ('person = "ari-epstein"\norganisation', 'person = "ari-epsteen"\norganisation'),
        ('written = "55"\nvalue = 55\n', 'written = "55"\nvalue = 56\n'),
    ]:
        _edit(seed_copy, old, new)
    with pytest.raises(SeedError) as caught:
        api.seed(f"sqlite:///{db_file}", [seed_copy], replace=True)
    places = [line.split(": ")[1] for line in caught.value.lines()]
    assert places == [
        "organisations[key=alrosa].type",
        "figures[key=rough-share-of-russian-imports]",
        "people[key=bart-de-wever].quote",
        "figures[key=alrosa-long-term-clients].value",
        "roles[3].person",
    ]
    assert all(line.startswith(f"{seed_copy}: ") for line in caught.value.lines())
    assert file_digest(db_file) == before


def test_failure_in_a_later_file_rolls_back_the_earlier_ones(
    seed_copy: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'two.sqlite'}"
    api.upgrade(url)
    bad = tmp_path / "bad.toml"
    bad.write_text("[document]\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"document\.slug: Field required"):
        api.seed(url, [seed_copy, bad])
    with connect(url) as connection:
        assert connection.execute(text("SELECT count(*) FROM documents")).scalar() == 0


def test_missing_document_file_is_named(seed_copy: Path, migrated_url: str) -> None:
    (seed_copy.parent / "awdc-alrosa-2018.txt").unlink()
    with pytest.raises(SeedError, match=r"document.file: no such file: .*awdc-alrosa-2018.txt"):
        api.seed(migrated_url, [seed_copy])


def test_a_drafted_figure_is_stored_unreviewed_and_reports_say_so(
    seed_copy: Path, migrated_url: str
) -> None:
    _edit(seed_copy, 'key = "awdc-companies"\n', 'key = "awdc-companies"\nreviewed = false\n')
    api.seed(migrated_url, [seed_copy])
    with connect(migrated_url) as connection:
        rows = connection.execute(text("SELECT figure_id FROM v_figures WHERE NOT reviewed")).all()
        unreviewed = connection.execute(text("SELECT unreviewed FROM v_documents")).scalar()
    assert (rows, unreviewed) == ([("awdc-companies",)], 1)
    figures = api.report(migrated_url, "figures").sections[0].rows
    assert [r["key"] for r in figures if not r["reviewed"]] == ["awdc-companies"]
    [document] = api.report(migrated_url, "documents").sections[0].rows
    assert document["unreviewed"] == 1


def test_each_row_keeps_its_own_quote_when_keys_coincide(tmp_path: Path) -> None:
    """A figure may share its key with an organisation (keys of different kinds): each
    row is still tied to its own words. A figure keyed ``acme`` once gave the
    organisation Acme the figure's quote."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    api.upgrade(url)
    seed = make_seed(
        tmp_path / "seed",
        quantities=[quantity("clients")],
        figures=[figure("acme", "55", 55, "count", quantity="clients")],
    )
    api.seed(url, [seed])
    with connect(url) as connection:
        quoted = connection.execute(
            text(
                "SELECT 'entity', q.text FROM mentions m JOIN entities e ON e.id = m.entity_id "
                "JOIN quotes q ON q.id = m.quote_id WHERE e.key = 'acme' AND m.declares "
                "UNION ALL SELECT 'figure', q.text FROM figures f "
                "JOIN quotes q ON q.id = f.quote_id WHERE f.key = 'acme'"
            )
        ).all()
    assert sorted(quoted) == [("entity", "Acme Mining"), ("figure", "acme says 55")]


def test_quotes_found_here_load_as_quotes_read_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader finds each row's quote itself when the read did not name them all
    (``CheckedSeed.located`` None): the same rows either way."""
    from dbtool.seedformat.validate import CheckedSeed

    dumps = []
    for name in ("ahead", "here"):
        if name == "here":
            monkeypatch.setattr(CheckedSeed, "for_loader", lambda read: replace(read, located=None))
        url = f"sqlite:///{tmp_path / f'{name}.sqlite'}"
        api.upgrade(url)
        api.seed(url)
        with connect(url) as connection:
            dumps.append(
                [
                    connection.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
                    for table in ("quotes", "mentions", "figures", "roles", "commitments")
                ]
            )
    assert dumps[0][0] and dumps[1] == dumps[0]


def test_every_quoted_row_has_a_name_of_its_own() -> None:
    """The names the loader ties rows to their quotes by never coincide, whatever the keys
    (a commitment keyed ``date`` beside its agreement's date, a figure keyed like an
    entity), and validation found a span under each."""
    from dbtool.seedformat.rowquotes import row_quotes
    from dbtool.seedformat.validate import check_seed_file

    for path in bundled_seed_files():
        checked = check_seed_file(path)
        assert checked.seed is not None and checked.located is not None
        names = [name for name, *_ in row_quotes(checked.seed)]
        assert len(names) == len(set(names)) == len(checked.located)
        assert all(":" in n or n in {e.key for e in _entities(checked.seed)} for n in names)


def test_a_figure_row_holds_every_field_of_a_figure_but_its_quote() -> None:
    """``FigureRow`` takes a figure's fields from the model by name, then validation's four,
    last: a field added to ``FigureSpec`` and not to the row fails here, not in a load."""
    from dbtool.seedformat.figurerows import FROM_VALIDATION, FigureRow
    from dbtool.seedformat.model import FigureSpec

    assert FigureRow._fields[-len(FROM_VALIDATION) :] == FROM_VALIDATION
    from_model = set(FigureRow._fields[: -len(FROM_VALIDATION)])
    assert from_model <= set(FigureSpec.model_fields)
    assert set(FigureSpec.model_fields) - from_model == {"quote", "occurrence", "scale"}


def test_a_figure_row_fills_every_column_of_figures() -> None:
    """The loader's row of a figure names each column of the ``figures`` table once (its id
    aside): a column added to the model and not to the row fails here, not in a load."""
    from dbtool.core.wording import QualifierRule
    from dbtool.db import models as m
    from dbtool.load.rows import FigureRows
    from dbtool.seedformat.figurerows import FigureRow

    rule = QualifierRule("none", "precision", None, True, "precision", None, True)
    values = dict.fromkeys(FigureRow._fields) | {"key": "k", "value": 1.0, "unit": "count"}
    values |= {"qualifier": "none", "subject": "s", "last_digit": 1.0, "scaled": False}
    ids = {"quotes": {"figure:k": 1}, "entities": {"s": 2}, "quantities": {}, "rankings": {}}
    row = FigureRows(ids.__getitem__, {"count": "exact"}, {"none": rule}).row(FigureRow(**values))
    columns = {c.name for c in m.Figure.__table__.columns} - {"id"}
    assert set(row) == columns


def test_the_quote_walk_reaches_every_quoted_row() -> None:
    """Validation finds quotes by ``row_quotes``, the loader's explicit walk: it must reach
    every row a generic walk of the models finds with a quote, in the same order, and the
    bundled seeds must use every kind of row that has one (so a new kind is caught here)."""
    from dbtool.seedformat.model import SeedFile, has_field, seed_rows
    from dbtool.seedformat.rowquotes import row_quotes
    from dbtool.seedformat.validate import check_seed_file

    kinds = set()
    for path in bundled_seed_files():
        seed = check_seed_file(path).seed
        assert seed is not None
        generic = [
            (f"{place}.quote", row.quote, row.occurrence)  # type: ignore[attr-defined]
            for place, row in seed_rows(seed)
            if has_field(type(row), "quote") and row.quote is not None  # type: ignore[attr-defined]
        ]
        kinds |= {type(row) for place, row in seed_rows(seed) if has_field(type(row), "quote")}
        assert [(place, q, o) for _name, place, q, o in row_quotes(seed)] == generic
    assert kinds == _quoted_kinds(SeedFile)


def _quoted_kinds(model: type[BaseModel], seen: set[type] | None = None) -> set[type]:
    """Every model class reachable from ``model`` that has a ``quote`` field."""
    seen = set() if seen is None else seen
    for info in model.model_fields.values():
        for kind in _classes(info.annotation):
            if kind not in seen:
                seen.add(kind)
                _quoted_kinds(kind, seen)
    return {kind for kind in seen if "quote" in kind.model_fields}


def _classes(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [kind for arg in typing.get_args(annotation) for kind in _classes(arg)]


def _entities(seed: object) -> list[object]:
    groups = ("places", "organisations", "people", "events", "agreements")
    return [item for group in groups for item in getattr(seed, group)]


@pytest.mark.parametrize("together", [False, True], ids=["sessions", "one-session"])
def test_a_figure_key_of_another_document_is_refused(tmp_path: Path, together: bool) -> None:
    """Figure keys are global: a second document may not take one over, whether the first
    was loaded in an earlier run (looked up in the database) or in the same one."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    api.upgrade(url)
    first = make_seed(
        tmp_path / "a",
        slug="first",
        quantities=[quantity("clients")],
        figures=[figure("clients-2020", "55", 55, "count", quantity="clients")],
    )
    second = make_seed(
        tmp_path / "b",
        slug="second",
        declare=False,
        figures=[figure("clients-2020", "56", 56, "count", quantity="clients")],
    )
    if not together:
        api.seed(url, [first])
    before = file_digest(tmp_path / "db.sqlite")
    with pytest.raises(SeedError, match=r"figures\[key=clients-2020\]\.key: key 'clients-2020' "):
        api.seed(url, [first, second] if together else [second])
    assert file_digest(tmp_path / "db.sqlite") == before


def test_catalog_looks_keys_up_then_reads_whole(tmp_path: Path) -> None:
    """A few lookups ask the database per key; past ``WHOLE_AFTER`` a table is read once,
    and what the session set itself still wins over what the database holds."""
    from dbtool.db import models as m
    from dbtool.db.bulk import Pending
    from dbtool.load.catalog import Catalog

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    api.upgrade(url)
    api.seed(url, bundled_seed_files())
    with connect(url) as connection:
        stored = dict(
            connection.execute(
                text(
                    "SELECT f.key, q.document_id FROM figures f JOIN quotes q ON q.id = f.quote_id"
                )
            ).all()
        )
        sources = connection.execute(
            text(
                "SELECT d.slug FROM quantity_sources s JOIN quantities q ON q.id = s.quantity_id "
                "JOIN documents d ON d.id = s.document_id WHERE q.key = 'alrosa-diamond-sales'"
            )
        ).scalars()
        catalog = Catalog(Pending(connection, m.Base.metadata.sorted_tables)).ensure()
        assert catalog.sources["alrosa-diamond-sales"] == set(sources)
        assert catalog.namespaces["quantity"].get("alrosa-diamond-sales") == "quantity"
        assert catalog.documents["awdc-alrosa-2018"][0] > 0
        owners = catalog.owners["figures"]
        key = "antwerp-share-world-rough"
        assert owners[key] == stored[key]
        assert "no-such-figure" not in owners
        owners["mine"] = 999_999
        assert (owners.get("mine"), owners.lookups, owners.whole) == (999_999, 2, False)
        owners.WHOLE_AFTER = 2
        owners[key] = 999_999  # set by this session: kept
        assert "another-missing-key" not in owners  # the third lookup reads the table
        assert owners.whole
        assert dict(owners) == stored | {"mine": 999_999, key: 999_999}
        many = Catalog(Pending(connection, m.Base.metadata.sorted_tables), documents=51).ensure()
        assert "no-such-figure" not in many.owners["figures"]
        assert many.owners["figures"].whole  # a load of many documents reads whole at once
