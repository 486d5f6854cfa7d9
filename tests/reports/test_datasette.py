"""`dbtool serve` in a real browser: Datasette on the database, as an analyst sees it.

Playwright drives the system's Chromium (Debian's package, /usr/bin/chromium, which
`.ci/run` installs); nothing is downloaded. Where there is no browser, or no Datasette
or Playwright, the browser test is skipped and says why. The screenshot of the home
page is saved under docs/img/ with DBTOOL_UPDATE_GOLDEN=1, as the goldens are.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dbtool import api
from dbtool.reports.datasette import QUERIES
from tests.helpers import ROOT, failing_db

CHROMIUM = os.environ.get("DBTOOL_TEST_CHROMIUM", "/usr/bin/chromium")
# As root, in a sandbox, on a machine with no network: no sandbox, no GPU, no calls home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = ROOT / "docs" / "img" / "datasette.png"


def _missing() -> str | None:
    for module, extra in (("datasette", "web"), ("playwright", "test")):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (pip install -e '.[{extra}]')"
    if not Path(CHROMIUM).is_file():
        return f"no browser at {CHROMIUM} (apt-get install chromium, or set DBTOOL_TEST_CHROMIUM)"
    return None


def test_the_metadata_describes_every_view_with_facets_and_queries(db_file: Path) -> None:
    pytest.importorskip("datasette", reason="datasette is not installed (pip install -e '.[web]')")
    instance = api.datasette(db_file)
    data = instance.metadata()
    tables = data["databases"]["dbtool"]["tables"]
    assert (
        tables["v_figures"]["columns"]["written"] == "The number exactly as printed (“Nearly 85%”)."
    )
    assert "unit" in tables["v_figures"]["facets"]
    assert set(data["databases"]["dbtool"]["queries"]) == set(QUERIES)


def test_serve_refuses_what_it_cannot_open(tmp_path: Path) -> None:
    from dbtool.errors import UsageError

    with pytest.raises(UsageError, match="dbtool serve opens an SQLite file"):
        api.datasette("postgresql+psycopg://nobody@127.0.0.1:1/none")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`dbtool serve` on a checked database with one planted failure, until the test ends."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    database = tmp_path / "dbtool.sqlite"
    shutil.copy(failing_db(tmp_path), database)
    api.seed(database)  # the bundled corpus beside the planted failure
    api.check(database)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dbtool", "serve", "--db", str(database), "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stdout.read().decode() if process.stdout else "")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_an_analyst_browses_the_database(served: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        # The home page: what the database is, and its views.
        page.goto(served)
        assert "dbtool: the diamond trade, cross-checked" in page.title()
        assert "Start with v_figures" in page.content()
        page.goto(f"{served}/dbtool")
        body = page.inner_text("body")
        assert "v_figures" in body and "Failing findings, with their quotes" in body
        page.screenshot(path=str(tmp_path / "datasette.png"), full_page=False)
        if os.environ.get("DBTOOL_UPDATE_GOLDEN"):
            shutil.copy(tmp_path / "datasette.png", SCREENSHOT)
        # Every canned query answers; the failing findings quote the words at fault.
        arguments = {
            "document_figures": "?document=alrosa-sales-2018-09",
            "entity_timeline": "?entity=ALROSA",
            "search": "?word=Diwali",
        }
        for name, query in QUERIES.items():
            page.goto(f"{served}/dbtool/{name}{arguments.get(name, '')}")
            text = page.inner_text("body")
            assert query["title"] in text, name
            assert "0 rows" not in text and "error" not in text.lower(), name
        page.goto(f"{served}/dbtool/failing_findings")
        findings = page.inner_text("body")
        assert "part-within-whole" in findings and "fail" in findings
        page.goto(f"{served}/dbtool/search?word=Diwali")
        assert "alrosa-sales-2018-09" in page.inner_text("body")
        # One figure's row: the September total, as written, with its interval and quote.
        page.goto(f"{served}/dbtool/figures?key=alrosa-sales-2018-09-september-total")
        page.click("td.type-pk a")
        row = page.inner_text("body")
        assert "USD 338.7 million" in row and "338650000" in row
        assert "A number stated in a document" in row  # the table's description
        browser.close()
