"""Load seed files into the database: each document validated first, then synchronised.

Documents are loaded one at a time, each in the caller's transaction, without
touching the others; each keeps its own mentions, roles, figures and
relations, while entities and quantities are shared (see
:mod:`dbtool.load.declarations`). Loading the same document again unchanged
is a no-op; a changed one is refused unless ``replace``, which synchronises
it in place: each table is compared with the file by natural key and only
the differences are written. Forgetting a document synchronises it to
nothing, then removes it and every entity and quantity nothing refers to.

A ``LoadSession`` loads many documents in one transaction at bulk speed: what
a document must know of the others comes from a catalog read once, a new
document's rows are known to be new without asking, and rows wait in memory
to be written table by table with one executemany each.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from dbtool.db import models as m
from dbtool.db.bulk import Pending
from dbtool.errors import SeedError, UsageError
from dbtool.load.catalog import Catalog
from dbtool.load.crossdoc import Relations, file_problems, read_relations
from dbtool.load.document import DocumentLoader
from dbtool.load.orphaning import orphan_problems, removed_keys
from dbtool.load.sync import LoadReport, TableChanges, table_of
from dbtool.seedformat.limits import SeedLimits
from dbtool.seedformat.model import SeedFile
from dbtool.seedformat.validate import CheckedSeed, check_against, read_seed

__all__ = ["LoadReport", "LoadSession", "TableChanges", "forget_document", "load_seed"]


class LoadSession:
    """The loads of one transaction: the catalog, and the rows waiting to be written.

    Rows of many documents wait in memory (``Pending``) and are written table
    by table in bulk; what a document needs to know of the others is asked of
    the ``Catalog``, not of the database. ``finish`` writes what is left.
    """

    def __init__(self, connection: Connection, documents: int = 1) -> None:
        self.connection = connection
        self.pending = Pending(connection, m.Base.metadata.sorted_tables)
        self.catalog = Catalog(self.pending, documents)  # how many it will load, about
        self.paths: list[Path] = []
        self._relations: Relations | None = None

    def load(
        self,
        path: Path,
        replace: bool = False,
        limits: SeedLimits = SeedLimits(),
        read: CheckedSeed | SeedError | None = None,
    ) -> LoadReport:
        """Validate ``path`` and load its document: added, replaced, or unchanged.

        Every problem of the file is found before anything is written, and
        raised at once (see :mod:`dbtool.seedformat.validate`). ``read`` is the
        file's ``read_seed`` when it was read ahead (:mod:`dbtool.load.readahead`).
        """
        catalog = self.catalog.ensure()
        if isinstance(read, SeedError):
            raise read
        if read is None:
            read = read_seed(path, limits)
        checked = check_against(
            read,
            catalog.namespaces,
            catalog.qualifiers.keys(),
            catalog.signed_quantities(),
            catalog.quantities,
        )
        if checked.seed is not None:  # every problem at once, beside the others' too
            checked.problems += self._across_documents(path, checked)
        checked.raise_problems()
        assert checked.seed is not None and checked.text is not None
        seed = checked.seed
        slug = seed.document.slug
        report = LoadReport(path=path, document=slug)
        loaded = catalog.documents.get(slug)
        if loaded is not None:
            if loaded[1] == checked.seed_sha256:
                report.status = "unchanged"
                return report
            if not replace:
                raise SeedError(
                    path,
                    "document.slug",
                    f"document {slug!r} is already loaded and this file differs; "
                    "load it with --replace to swap it, or `dbtool forget` it first",
                )
            report.status = "replaced"
            self._refuse_orphans(path, seed, *loaded)
        _check_qualifiers(catalog.qualifiers, seed, path)
        self.paths.append(path)
        with _seed_problems(path):
            fresh = loaded is None
            loader = DocumentLoader(
                self.pending, self.catalog, report, path, slug, checked.text, checked, fresh
            )
            loader.run()
        if loaded is not None:
            self.catalog.forget()
        self.relations().add(slug, seed)
        return report

    def relations(self) -> Relations:
        """The quantity relations of every loaded document: read once a session, then kept
        current as documents load (``crossdoc``)."""
        if self._relations is None:
            self._relations = read_relations(
                lambda sql: self.pending.execute(sql_text(sql)).mappings()
            )
        return self._relations

    def _across_documents(self, path: Path, checked: CheckedSeed) -> list[SeedError]:
        """Every problem of the file beside the other documents (``crossdoc``)."""
        assert checked.seed is not None
        seed = checked.seed
        problems = file_problems(path, seed, checked.figures)
        return problems + self.relations().problems(path, seed.document.slug, seed)

    def _refuse_orphans(self, path: Path, seed: SeedFile, document_id: int, *_: Any) -> None:
        """Refuse a replacement that would remove what other documents use, naming them."""
        catalog = self.catalog
        removed = removed_keys(
            seed,
            seed.document.slug,
            document_id,
            catalog.owners,
            catalog.sources,
            catalog.declarers,
        )
        if removed:
            problems = orphan_problems(
                self.pending.execute, path, seed.document.slug, document_id, removed
            )
            if problems:
                raise SeedError.of(problems)

    def forget(self, slug: str) -> LoadReport:
        """Remove a document with its mentions, figures and relations, and what only it used."""
        documents = table_of(m.Document)
        text = self.pending.execute(
            select(documents.c.text).where(documents.c.slug == slug)
        ).scalar()
        if text is None:
            known = self.pending.execute(select(documents.c.slug).order_by(documents.c.slug))
            raise UsageError(
                f"no document {slug!r} is loaded (loaded: {', '.join(known.scalars()) or 'none'})"
            )
        report = LoadReport(path=Path(slug), document=slug, status="forgotten")
        try:
            DocumentLoader(
                self.pending, self.catalog, report, Path(slug), slug, text, None, fresh=False
            ).run()
        except IntegrityError as exc:
            raise UsageError(
                f"cannot forget {slug!r}: another document refers to something only it defines "
                f"({str(exc.orig).splitlines()[0]})"
            ) from None
        self.catalog.forget()
        if self._relations is not None:
            self._relations.remove(slug)
        return report

    def write_waiting(self) -> None:
        """Write the rows waiting now, if there are enough to be worth it: called when the
        next file's read is not there yet, so that the writes take the time the loader
        would otherwise spend waiting for it."""
        with _seed_problems(self._last_path()):
            self.pending.flush_if_many()

    def finish(self) -> None:
        """Write the rows still waiting; a session is over after this."""
        with _seed_problems(self._last_path()):
            self.pending.finish()

    def _last_path(self) -> Path:
        """The file a write of queued rows is blamed on, should the database refuse one:
        rows of several files wait together, and the last one loaded is the one named."""
        return self.paths[-1] if self.paths else Path("seed")


@contextmanager
def _seed_problems(path: Path) -> Iterator[None]:
    """A seed the validation let through but the database or the loader cannot take is
    still the seed's problem: one located line, exit 2, nothing written, never exit 3.
    DBTOOL_DEBUG keeps the traceback for whoever then fixes the validation."""
    try:
        yield
    except IntegrityError as exc:
        raise SeedError(
            path,
            "",
            f"the database refused a row, so nothing was loaded: {str(exc.orig).splitlines()[0]}",
        ) from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        if os.environ.get("DBTOOL_DEBUG"):
            raise
        raise SeedError(
            path, "", f"cannot load this seed, so nothing was loaded: {type(exc).__name__}: {exc}"
        ) from None


def load_seed(
    connection: Connection, path: Path, replace: bool = False, limits: SeedLimits = SeedLimits()
) -> LoadReport:
    """Validate ``path`` and load its document: added, replaced, or unchanged."""
    session = LoadSession(connection)
    report = session.load(path, replace, limits)
    session.finish()
    return report


def _check_qualifiers(
    existing: Mapping[str, Mapping[str, Any]], seed: SeedFile, path: Path
) -> None:
    """A seed may add a qualifier, never redefine one that exists (built in or another's).

    ``existing`` is the catalog's: asking the database would write every waiting row
    first, once per document, and undo the batching."""
    for qualifier in seed.qualifiers:
        row = existing.get(qualifier.name)
        if row is not None and any(row[k] != v for k, v in qualifier.model_dump().items()):
            raise SeedError(
                path,
                f"qualifiers[{qualifier.name}]",
                f"qualifier {qualifier.name!r} is already "
                "defined (built in or by another document); give yours another name",
            )


def forget_document(connection: Connection, slug: str) -> LoadReport:
    """Remove a document with its mentions, figures and relations, and what only it used."""
    session = LoadSession(connection)
    report = session.forget(slug)
    session.finish()
    return report
