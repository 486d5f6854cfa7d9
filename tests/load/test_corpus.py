"""The corpus grows by document: a new release refers to what earlier ones declared.

A sixth document names ALROSA, Antwerp and Yury Okoemov without declaring
them; re-declaring ALROSA as something else is one clear error; replacing
and forgetting a document are transactional, even when the process is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli_w
from sqlalchemy import text
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.db.database import connect
from tests.helpers import file_digest

runner = CliRunner()

TEXT = (
    "ALROSA October 2018 sales\n\n"
    "Moscow, 12 November 2018 – ALROSA sold rough and polished diamonds worth USD 365.2 "
    "million in October 2018, said Deputy CEO Yury Okoemov. Most of the goods were sold "
    "in Antwerp.\n"
)


def sixth(folder: Path, **changes: object) -> Path:
    """A new release, as an analyst would write its seed: mentions, not declarations."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alrosa-sales-2018-10.txt").write_text(TEXT, encoding="utf-8")
    seed = {
        "document": {
            "slug": "alrosa-sales-2018-10",
            "title": "ALROSA October 2018 sales",
            "file": "alrosa-sales-2018-10.txt",
            "published_on": "2018-11-12",
            "published_on_basis": "stated",
            "dateline": {"place": "moscow", "quote": "Moscow, 12 November 2018"},
        },
        "mentions": [
            {"entity": "alrosa", "quote": "ALROSA sold"},
            {"entity": "antwerp", "quote": "Antwerp"},
            {"entity": "yury-okoemov", "quote": "Yury Okoemov"},
        ],
        "roles": [
            {
                "person": "yury-okoemov",
                "organisation": "alrosa",
                "title": "Deputy CEO",
                "quote": "Deputy CEO Yury Okoemov",
            }
        ],
        "figures": [
            {
                "key": "alrosa-sales-2018-10-total",
                "written": "USD 365.2 million",
                "value": 365_200_000,
                "unit": "USD",
                "subject": "alrosa",
                "measure": "value",
                "quote": "worth USD 365.2 million in October 2018",
                "quantity": "alrosa-diamond-sales",
                "metric": "Sales of rough and polished diamonds in October 2018",
                "period": "2018-10",
            }
        ],
        **changes,
    }
    path = folder / "alrosa-sales-2018-10.toml"
    path.write_text(tomli_w.dumps(seed), encoding="utf-8")
    return path


def _scalar(url: str, sql: str) -> object:
    with connect(url) as connection:
        return connection.execute(text(sql)).scalar()


def test_a_sixth_document_uses_what_the_others_declared(seeded_url: str, tmp_path: Path) -> None:
    [report] = api.seed(seeded_url, [sixth(tmp_path)])
    assert report.status == "added"
    assert _scalar(seeded_url, "SELECT count(*) FROM entities WHERE key = 'alrosa'") == 1
    assert (
        _scalar(
            seeded_url, "SELECT count(DISTINCT document) FROM v_mentions WHERE entity_id = 'alrosa'"
        )
        == 5
    )
    assert (
        _scalar(
            seeded_url,
            "SELECT count(*) FROM v_roles WHERE person_id = 'yury-okoemov' "
            "AND title = 'Deputy CEO'",
        )
        == 3
    )
    run = api.check(seeded_url)
    assert not run.failed()
    # October 2018 is a new period of the series the other releases started.
    assert (
        _scalar(
            seeded_url,
            "SELECT document FROM v_figures WHERE quantity = "
            "'alrosa-diamond-sales' AND period_start = '2018-10-01'",
        )
        == "alrosa-sales-2018-10"
    )


def test_re_declaring_alrosa_as_something_else_is_one_clear_error(
    db_file: Path, tmp_path: Path
) -> None:
    seed = sixth(
        tmp_path,
        organisations=[
            {"key": "alrosa", "name": "ALROSA", "type": "trade_body", "quote": "ALROSA sold"}
        ],
    )
    before = file_digest(db_file)
    result = runner.invoke(app, ["seed", str(seed), "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (
        2,
        (
            f"Error: {seed}: organisations[key=alrosa].type: 'alrosa' is declared by "
            "'awdc-alrosa-2018' with type 'mining_company', here 'trade_body' "
            "(for another name of the same entity, add a [[mentions]] row)\n"
        ),
    )
    assert file_digest(db_file) == before


def test_an_identical_re_declaration_adds_a_mention(seeded_url: str, tmp_path: Path) -> None:
    seed = sixth(
        tmp_path,
        organisations=[
            {
                "key": "alrosa",
                "name": "ALROSA",
                "short_name": "ALROSA",
                "type": "mining_company",
                "quote": "ALROSA sold",
            }
        ],
        mentions=[],
    )
    api.seed(seeded_url, [seed])
    assert (
        _scalar(
            seeded_url,
            "SELECT count(*) FROM v_mentions WHERE entity_id = 'alrosa' "
            "AND document = 'alrosa-sales-2018-10' AND declares",
        )
        == 1
    )


def test_replace_and_forget(seeded_url: str, tmp_path: Path) -> None:
    seed = sixth(tmp_path)
    api.seed(seeded_url, [seed])
    seed.write_text(
        seed.read_text("utf-8").replace("Sales of rough", "ALROSA's sales of rough"), "utf-8"
    )
    [report] = api.seed(seeded_url, [seed], replace=True)
    assert report.status == "replaced"
    report = api.forget(seeded_url, "alrosa-sales-2018-10")
    assert report.status == "forgotten"
    assert _scalar(seeded_url, "SELECT count(*) FROM documents") == 6
    assert _scalar(seeded_url, "SELECT count(*) FROM entities WHERE key = 'alrosa'") == 1
    # Forgetting the release that declared Yury Okoemov keeps him: others mention him.
    api.forget(seeded_url, "alrosa-sales-2017")
    assert _scalar(seeded_url, "SELECT count(*) FROM entities WHERE key = 'yury-okoemov'") == 1
    # India is named by the September release too, so it stays as well.
    assert _scalar(seeded_url, "SELECT count(*) FROM entities WHERE key = 'india'") == 1
    # The AWDC's trade figures alone declared Belgium's trade quantities: they go with it.
    api.forget(seeded_url, "antwerp-trade-2017")
    assert _scalar(seeded_url, "SELECT count(*) FROM quantities WHERE key LIKE 'belgium-%'") == 0
    assert _scalar(seeded_url, "SELECT count(*) FROM entities WHERE key = 'belgium'") == 1


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(6))
def test_a_killed_load_leaves_the_database_as_it_was(
    db_file: Path, tmp_path: Path, trial: int
) -> None:
    """kill -9 at a random moment of `dbtool seed`: the file holds all of it or none."""
    seed = sixth(tmp_path)
    before = file_digest(db_file)
    process = subprocess.Popen(
        [sys.executable, "-m", "dbtool", "seed", str(seed), "--db", str(db_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.15 + 0.12 * trial)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    documents = _scalar(f"sqlite:///{db_file}", "SELECT count(*) FROM documents")
    assert documents in (6, 7)
    assert _scalar(f"sqlite:///{db_file}", "PRAGMA integrity_check") == "ok"
    if documents == 6:
        assert file_digest(db_file) == before
