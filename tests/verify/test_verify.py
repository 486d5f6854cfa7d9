"""``dbtool verify``: a release checked straight from its text, the database left as it was."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool.cli import app
from tests.helpers import PG_ENV, ROOT, postgres_database, postgres_fingerprint, postgres_server

RELEASES = ROOT / "tests" / "data" / "releases"

CLEAN = """\
ALROSA sales in February 2019

Moscow, 12 March 2019 – ALROSA's diamond sales rose 5% year on year to USD 310 million \
in February. Rough diamonds accounted for USD 300 million and polished diamonds for \
USD 10 million.
"""
WRONG_PARTS = CLEAN.replace("USD 10 million", "USD 40 million")


def run_cli(*args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, list(args))
    result.output_all = result.stdout + result.stderr  # type: ignore[attr-defined]
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("verify") / "corpus.sqlite"
    run_cli("init", "--db", str(db))
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_consistent_release_passes_and_the_database_is_unchanged(
    corpus: Path, tmp_path: Path
) -> None:
    text = tmp_path / "alrosa-2019-02.txt"
    text.write_text(CLEAN, encoding="utf-8")
    before = _digest(corpus)
    result = run_cli("verify", str(text), "--db", str(corpus))
    assert result.exit_code == 0, result.output
    assert "No failure in alrosa-2019-02.txt (from an unreviewed draft)" in result.output
    assert _digest(corpus) == before
    assert not text.with_suffix(".toml").exists()


def test_a_release_whose_parts_miss_its_total_fails_with_its_sentence(
    corpus: Path, tmp_path: Path
) -> None:
    text = tmp_path / "alrosa-2019-02.txt"
    text.write_text(WRONG_PARTS, encoding="utf-8")
    result = run_cli("verify", str(text), "--db", str(corpus), "--format", "json")
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)["sections"]["findings"]
    [failure] = [r for r in rows if r["status"] == "fail"]
    assert failure["rule"] == "sum-of-parts"
    assert failure["source"] == "from an unreviewed draft"
    assert "polished diamonds for USD 40 million" in failure["quotes"]


def test_keep_saves_the_seed_and_loads_it(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "kept.sqlite"
    shutil.copyfile(corpus, db)
    text = tmp_path / "alrosa-2019-02.txt"
    text.write_text(CLEAN, encoding="utf-8")
    result = run_cli("verify", str(text), "--keep", "--db", str(db))
    assert result.exit_code == 0, result.output
    seed = text.with_suffix(".toml")
    assert seed.is_file() and seed.read_text(encoding="utf-8").startswith("#:schema ")
    listed = run_cli("documents", "--db", str(db), "--format", "csv")
    assert "alrosa-2019-02" in listed.output
    again = run_cli("verify", str(text), "--keep", "--db", str(db))
    assert again.exit_code == 2 and "exists; --force" in again.output_all


def test_a_text_already_loaded_is_checked_as_its_new_version(corpus: Path) -> None:
    result = run_cli(
        "verify", str(ROOT / "seeds" / "alrosa-sales-2018-09.txt"), "--db", str(corpus)
    )
    assert result.exit_code == 0, result.output


def test_a_missing_text_or_database_is_a_one_line_error(corpus: Path, tmp_path: Path) -> None:
    missing = run_cli("verify", str(tmp_path / "nothing.txt"), "--db", str(corpus))
    assert missing.exit_code == 2 and "nothing.txt: no such file" in missing.output_all
    text = tmp_path / "x.txt"
    text.write_text(CLEAN, encoding="utf-8")
    no_db = run_cli("verify", str(text), "--db", str(tmp_path / "none.sqlite"))
    assert no_db.exit_code == 2 and "Traceback" not in no_db.output_all
    assert len(no_db.output_all.strip().splitlines()) == 1


def test_a_planted_test_release_fails_on_its_error(corpus: Path, tmp_path: Path) -> None:
    """The AWDC half-year update: the first half is not its quarter and months."""
    text = tmp_path / "09-awdc-h1-2018.txt"
    shutil.copyfile(RELEASES / text.name, text)
    result = run_cli("verify", str(text), "--db", str(corpus), "--format", "json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)["sections"]["findings"]
    assert [r["rule"] for r in rows if r["status"] == "fail"] == ["periods"]


@pytest.mark.skipif(postgres_server() is None, reason=f"{PG_ENV} is not set")
def test_verify_on_postgresql_checks_a_copy_and_leaves_the_server_as_it_was(
    tmp_path: Path,
) -> None:
    server = postgres_server()
    assert server is not None
    with contextlib.contextmanager(postgres_database)(server) as url:
        assert run_cli("init", "--database-url", url).exit_code == 0
        before = postgres_fingerprint(url)
        text = tmp_path / "alrosa-2019-02.txt"
        text.write_text(WRONG_PARTS, encoding="utf-8")
        result = run_cli("verify", str(text), "--database-url", url)
        assert result.exit_code == 1, result.output_all
        assert "sum-of-parts" in result.stdout
        assert postgres_fingerprint(url) == before
