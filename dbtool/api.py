"""The library API: one function per verb, each taking the database URL first.

The CLI is a thin layer over these; notebooks and schedulers can call them
directly. Each function opens its own connection and runs in one transaction.
Only ``init`` and ``upgrade`` create a database that does not exist yet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dbtool.db.engine import connect

if TYPE_CHECKING:
    from dbtool.checks.engine import CheckRun, RuleInfo
    from dbtool.db.transfer import CopyReport
    from dbtool.draft.drafter import Draft
    from dbtool.draft.lint import Finding
    from dbtool.load.loader import LoadReport

# Told (done, total) as long work goes on; the CLI draws it as a bar on a terminal.
Progress = Callable[[int, int], None]

PACKAGE_DIR = Path(__file__).resolve().parent
CORPUS = "corpus.toml"  # the bundled seeds, in load order


def bundled_seed_files() -> list[Path]:
    """The seed files shipped with dbtool (the wheel's copy, else the checkout's ``seeds/``),
    in the order ``seeds/corpus.toml`` gives: a later document may refer to what an
    earlier one declared."""
    import tomllib

    for folder in (PACKAGE_DIR / "_seeds", PACKAGE_DIR.parent / "seeds"):
        manifest = folder / CORPUS
        if manifest.is_file():
            names = tomllib.loads(manifest.read_text("utf-8"))["documents"]
            return [folder / name for name in names]
    raise FileNotFoundError("dbtool's bundled seed files are missing from this installation")


def _migrate(
    url: str, verb: Literal["upgrade", "downgrade"], revision: str
) -> tuple[str | None, str | None]:
    from dbtool.db import migrations

    with connect(url, create=verb == "upgrade") as connection:
        before = migrations.current_revision(connection)
        migrations.migrate(connection, verb, revision)
        return before, migrations.current_revision(connection)


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate up to ``revision`` (creating the database if need be); revisions before, after."""
    return _migrate(url, "upgrade", revision)


def downgrade(url: str, revision: str) -> tuple[str | None, str | None]:
    """Migrate down to ``revision`` ('base' drops every table); revisions before, after."""
    return _migrate(url, "downgrade", revision)


def current(url: str) -> tuple[str | None, str]:
    """(the database's revision, the newest revision this dbtool knows)."""
    from dbtool.db import migrations

    with connect(url) as connection:
        return migrations.current_revision(connection), migrations.head_revision()


def history() -> list[tuple[str, str | None, str]]:
    from dbtool.db import migrations

    return migrations.history()


def seed(
    url: str,
    files: Sequence[Path] | None = None,
    replace: bool = False,
    allow_dirs: Sequence[Path] = (),
    max_text_bytes: int | None = None,
    progress: Progress | None = None,
    max_seed_bytes: int | None = None,
) -> list[LoadReport]:
    """Load seed files (default: the bundled ones) in one transaction: all or nothing.

    A document already loaded from the same file and text is left as it is;
    one that differs is refused unless ``replace``, which swaps it in place.
    A seed reads its text only from its own folder or one of ``allow_dirs``;
    ``progress`` is told ``(documents done, documents)`` after each one.
    """
    from dbtool.load.readahead import ReadAhead

    paths = list(files) if files else bundled_seed_files()
    limits: dict[str, Any] = {"allow_dirs": allow_dirs}
    if max_text_bytes:
        limits["max_text_bytes"] = max_text_bytes
    if max_seed_bytes:
        limits["max_seed_bytes"] = max_seed_bytes
    # Read-ahead workers start up while this process imports the loader and connects.
    with ReadAhead(paths, **limits) as reads:
        from dbtool.db.bulk import collector_paused
        from dbtool.db.reader import require_schema
        from dbtool.load.loader import LoadSession

        with connect(url) as connection, collector_paused():
            require_schema(connection)
            session = LoadSession(connection)
            reads.waiting = session.write_waiting
            reports = []
            for path, read in zip(paths, reads, strict=True):
                reports.append(session.load(path, replace, read=read, **limits))
                if progress is not None:
                    progress(len(reports), len(paths))
            session.finish()
            return reports


def seed_schema() -> str:
    """The seed format as a JSON Schema, generated from the model ``seed`` validates with."""
    from dbtool.seedformat.schema import schema_text

    return schema_text()


def seed_schema_file() -> Path:
    """The committed JSON Schema of the seed format (the wheel's copy, else the checkout's)."""
    from dbtool.seedformat.tomltext import SCHEMA_FILE  # not seedschema: it imports pydantic

    for folder in (PACKAGE_DIR / "_docs", PACKAGE_DIR.parent / "docs"):
        if (folder / SCHEMA_FILE).is_file():
            return folder / SCHEMA_FILE
    raise FileNotFoundError("dbtool's seed-format schema is missing from this installation")


def draft(
    url: str, text_file: Path, out: Path | None = None, force: bool = False
) -> tuple[Draft, str]:
    """Draft a seed for a press release's text, matching the entities ``url`` knows.

    Returns the draft and its TOML, written to ``out`` when given (an existing
    file only with ``force``). Paths in the seed (the text file, the schema)
    are relative to ``out``'s folder, or to the text's when there is no
    ``out``: a seed is saved next to its text.
    """
    import os

    from dbtool.db.reader import open_reader
    from dbtool.draft.drafter import DraftError, draft_context, draft_seed
    from dbtool.errors import OutputError, UsageError

    try:
        text = text_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{text_file}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{text_file}: not UTF-8 text") from None
    if out is not None and out.exists() and not force:
        raise UsageError(f"{out} exists; choose another --out, or --force to overwrite it")
    with open_reader(url) as reader:
        context = draft_context(reader)
    folder = (out.parent if out is not None else text_file.parent).resolve()
    schema = Path(os.path.relpath(seed_schema_file().resolve(), folder)).as_posix()
    file_name = Path(os.path.relpath(text_file.resolve(), folder)).as_posix()
    try:
        result = draft_seed(text, file_name, context, schema=schema)
    except DraftError as exc:
        raise UsageError(f"{text_file}: {exc}") from None
    if out is not None:
        try:
            out.write_text(result.toml, encoding="utf-8")
        except OSError as exc:
            raise OutputError(out, exc) from None
    return result, result.toml


def lint(seed_file: Path) -> list[Finding]:
    """What a seed still lacks: numbers no figure covers, quotes amiss, rows not reviewed."""
    from dbtool.draft.lint import lint_seed

    return lint_seed(seed_file)


def forget(url: str, slug: str) -> LoadReport:
    """Remove one document, its mentions, figures and relations, and what only it used."""
    from dbtool.db.reader import require_schema
    from dbtool.load.loader import forget_document

    with connect(url) as connection:
        require_schema(connection)
        return forget_document(connection, slug)


def init(url: str) -> tuple[tuple[str | None, str | None], list[LoadReport]]:
    """Create or upgrade the schema, then load the bundled seeds (replacing older copies)."""
    revisions = upgrade(url)
    return revisions, seed(url, replace=True)


def check(
    url: str,
    rules: Sequence[str] | None = None,
    keep: int | None = None,
    progress: Progress | None = None,
) -> CheckRun:
    """Run the cross-check rules (default all), store the run and return it.

    Earlier runs are compacted to what reports read of them; with ``keep``,
    all but the ``keep`` newest runs are removed. ``progress`` is told
    ``(steps done, steps)``: reading the facts, each rule, storing the run.
    """
    from dbtool.checks.engine import check_database

    return check_database(url, rules, keep, progress)


def prune_runs(url: str, keep: int) -> int:
    """Remove all but the ``keep`` newest check runs; the number removed."""
    from dbtool.checks.engine import prune_database

    return prune_database(url, keep)


def check_rules(url: str) -> list[RuleInfo]:
    """The rules this database is configured with: name, description, severity."""
    from dbtool.checks.engine import configured_rules

    return configured_rules(url)


def copy(source_url: str, target_url: str) -> CopyReport:
    """Copy a dbtool database (e.g. the SQLite file) into an empty one (e.g. PostgreSQL)."""
    from dbtool.db.transfer import copy_database

    return copy_database(source_url, target_url)
