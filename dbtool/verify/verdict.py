"""From a press release to a verdict in one step: draft it, load it unreviewed, check it.

statcheck reads a paper and recomputes its statistics with no one writing
anything by hand; ``dbtool verify`` does the same for a trade bulletin. Each
text is drafted against what the database knows, the drafts are loaded,
unreviewed, into a scratch copy of the database (a copy of the SQLite file,
or of a server's tables into a temporary SQLite file), every rule runs, and
the findings that rest on a figure of the new texts are returned, each with
the sentences it comes from. The database itself is left as it was unless
the caller keeps the drafts (:func:`verify` with ``keep``): then the seeds are
saved next to their texts and loaded into it too.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dbtool.db.database import Database, sqlite_file
from dbtool.errors import UsageError

if TYPE_CHECKING:
    from dbtool.checks.engine import FinishedRun
    from dbtool.draft.drafter import Draft
    from dbtool.reports.model import Report

UNREVIEWED = "from an unreviewed draft"


@dataclass
class Finding:
    """A finding of the checks that rests on a figure of a verified text."""

    status: str
    rule: str
    message: str
    documents: list[str]
    sentences: list[str]


@dataclass
class Verdict:
    """What ``verify`` drafted, what the checks found in it, and whether it was kept."""

    drafts: list[tuple[Path, Draft]]
    findings: list[Finding]
    counts: dict[str, int] = field(default_factory=dict)
    kept: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.status == "fail" for f in self.findings)


def verify(
    database: Database, texts: Sequence[Path], keep: bool = False, force: bool = False
) -> Verdict:
    """Draft ``texts``, load the drafts into a scratch copy of ``database``, check it, and
    return the findings on the new texts; with ``keep``, save the seeds next to the texts
    (an existing seed only with ``force``) and load them into ``database`` as well."""
    from dbtool import api

    for text in texts:
        if not text.is_file():
            raise UsageError(f"{text}: no such file")
        seed = text.with_suffix(".toml")
        if keep and seed.exists() and not force:
            raise UsageError(f"{seed} exists; --force to overwrite it with the draft")
    with tempfile.TemporaryDirectory(prefix="dbtool-verify-") as folder:
        work = Path(folder)
        scratch = _scratch_copy(database, work / "scratch.sqlite")
        drafts: list[tuple[Path, Draft]] = []
        seeds: list[Path] = []
        for text in texts:
            copy = work / text.name
            shutil.copyfile(text, copy)
            if copy.suffix.lower() in (".csv", ".xlsx"):  # a statistics table: its mapping
                draft = api.draft_table(scratch, copy, out=copy.with_suffix(".toml"), force=True)
            else:
                draft = api.draft(scratch, copy, out=copy.with_suffix(".toml"), force=True)
            drafts.append((text, draft))
            seeds.append(copy.with_suffix(".toml"))
            # A text already loaded (a new version of it) replaces its old version; the next
            # text may use what this one declared.
            api.seed(scratch, [seeds[-1]], replace=True)
        run = api.check(scratch)
        slugs = {draft.slug for _text, draft in drafts}
        findings = _findings(scratch, run, slugs)
        verdict = Verdict(drafts, findings, run.counts())
        if keep:
            for (text, _draft), seed in zip(drafts, seeds, strict=True):
                target = text.with_suffix(".toml")
                lines = seed.read_text(encoding="utf-8").split("\n")
                if lines and lines[0].startswith("#:schema "):
                    lines[0] = f"#:schema {_schema_path(target.parent)}"
                target.write_text("\n".join(lines), encoding="utf-8")
                verdict.kept.append(target)
            api.seed(database, verdict.kept, replace=force)
        scratch.engine().dispose()
        return verdict


def _schema_path(folder: Path) -> str:
    import os

    from dbtool import api

    return Path(os.path.relpath(api.seed_schema_file().resolve(), folder.resolve())).as_posix()


def _scratch_copy(database: Database, target: Path) -> Database:
    """A copy of ``database`` to check drafts in: the SQLite file itself (through SQLite's
    backup, consistent while others read it), or a server's tables copied into SQLite."""
    from dbtool.db.reader import open_reader

    with open_reader(database):
        pass  # a missing or uninitialised database is named here, before any work
    path = sqlite_file(database.url)
    if path is not None:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return Database.of(target)
    from dbtool.db.transfer import copy_database

    scratch = Database.of(target)
    copy_database(database, scratch)
    return scratch


def _findings(scratch: Database, run: FinishedRun, slugs: set[str]) -> list[Finding]:
    """The run's failures, warnings and notes that rest on a figure of the new documents,
    each with the sentences of the new texts its figures are in."""
    from dbtool.db.reader import open_reader
    from dbtool.draft.text import TextMap

    with open_reader(scratch) as reader:
        rows = reader.rows(
            "SELECT f.key, d.slug, f.written_start FROM figures f "
            "JOIN quotes q ON q.id = f.quote_id JOIN documents d ON d.id = q.document_id"
        )
        texts = {
            row["slug"]: TextMap(row["text"])
            for row in reader.rows("SELECT slug, text FROM documents")
            if row["slug"] in slugs
        }
    where = {row["key"]: (row["slug"], row["written_start"]) for row in rows}
    found = []
    order = {"fail": 0, "warn": 1, "info": 2}
    for result in sorted(run.results, key=lambda r: order.get(r.status, 3)):
        if result.status == "pass":
            continue
        new = [k for k in result.figures if where.get(k, ("", 0))[0] in slugs]
        if not new:
            continue
        documents = list(dict.fromkeys(where[k][0] for k in result.figures if k in where))
        sentences = []
        for key in new:
            slug, at = where[key]
            sentence = texts[slug].sentence_of(at)
            words = " ".join(texts[slug].text[sentence.start : sentence.end].split())
            sentences.append(words if len(words) <= 240 else words[:237] + "…")
        found.append(
            Finding(
                result.status,
                result.rule,
                result.message,
                documents,
                list(dict.fromkeys(sentences)),
            )
        )
    return found


def verdict_report(verdict: Verdict, verbose: bool = False) -> Report:
    """The verdict as a report: a row per failure and warning (and, ``verbose``, per note),
    with the sentences it rests on."""
    from dbtool.reports.model import Column, Report, Section

    names = ", ".join(text.name for text, _draft in verdict.drafts)
    fails = sum(1 for f in verdict.findings if f.status == "fail")
    notes = sum(1 for f in verdict.findings if f.status == "info")
    shown = [f for f in verdict.findings if verbose or f.status in ("fail", "warn")]
    rows = [
        {
            "status": finding.status,
            "rule": finding.rule,
            "finding": finding.message,
            "documents": ", ".join(finding.documents),
            "quotes": " | ".join(f"“{q}”" for q in finding.sentences),
            "source": UNREVIEWED,
        }
        for finding in shown
    ]
    drafted = "; ".join(draft.summary() for _text, draft in verdict.drafts)
    if fails:
        intro = f"{fails} failure(s) in {names}, {UNREVIEWED}: check the quotes before you act."
    else:
        intro = f"No failure in {names} ({UNREVIEWED})."
    if notes and not verbose:
        intro += f" {notes} note(s) rest on its figures too; -v lists them."
    if verdict.kept:
        intro += " Kept: " + ", ".join(str(p) for p in verdict.kept) + "."
    return Report(
        name="verify",
        title=f"Verify: {names}",
        source=drafted,
        sections=[
            Section(
                "Findings",
                [
                    Column("status", "Status"),
                    Column("rule", "Rule"),
                    Column("finding", "Finding", width=60),
                    Column("quotes", "In the text", width=50),
                ],
                rows,
                intro=intro,
                fields=["status", "rule", "finding", "documents", "quotes", "source"],
            )
        ],
    )
