"""A release of our own about 2017 world production, held against the bundled 2016 KP table:
every change, price and rank claim checked with no false alarm; a planted error found."""

from __future__ import annotations

from pathlib import Path

import pytest

from dbtool import api
from dbtool.checks.engine import FinishedRun
from tests.helpers import ROOT

RELEASE = ROOT / "tests" / "data" / "tables" / "world-production-2017"


def _release(folder: Path, *edits: tuple[str, str]) -> Path:
    """The release's text and seed in ``folder``, each edit made wherever it applies."""
    folder.mkdir(parents=True, exist_ok=True)
    made = set()
    for suffix in (".txt", ".toml"):
        content = RELEASE.with_suffix(suffix).read_text(encoding="utf-8")
        for old, new in edits:
            if old in content:
                made.add(old)
                content = content.replace(old, new)
        (folder / RELEASE.with_suffix(suffix).name).write_text(content, encoding="utf-8")
    assert made == {old for old, _ in edits}
    return folder / RELEASE.with_suffix(".toml").name


def _checked(db_file: Path, seed: Path) -> FinishedRun:
    url = f"sqlite:///{db_file}"
    api.seed(url, [seed])
    return api.check(url)


def _ours(run: FinishedRun, status: str) -> list:
    return [r for r in run.results if r.status == status and any("wp2017" in k for k in r.figures)]


def test_every_claim_is_checked_with_no_false_alarm(db_file: Path, tmp_path: Path) -> None:
    run = _checked(db_file, _release(tmp_path / "release"))
    assert [r for r in run.results if r.status in ("fail", "warn")] == []
    passed = {r.rule for r in _ours(run, "pass")}
    assert {"change", "ratio", "rank-claims", "comparison"} <= passed
    # Each of the ten changes is held against the table's 2016 cell.
    changes = [r for r in _ours(run, "pass") if r.rule == "change"]
    assert len(changes) == 10
    assert all("kp-production-2016" in r.message for r in changes)
    reference = api.report(f"sqlite:///{db_file}", "reference")
    rows = reference.sections[0].rows
    assert len(rows) >= 14 and {r["status"] for r in rows} == {"pass"}
    botswana = next(r for r in rows if "Botswana held on to second place" in r["text"])
    assert "row Botswana, column value_usd_million: 2,846" in botswana["table"]


@pytest.mark.parametrize(
    ("edits", "rule", "quoted"),
    [
        # A change the table's cell cannot give: 2,846 to 3.41 billion is +19.8 %, not +25 %.
        ((("USD 3.41 billion, up 20%", "USD 3.41 billion, up 25%"),
          ('written = "20%"\nvalue = 20\n', 'written = "25%"\nvalue = 25\n')),
         "change", "“USD 3.41 billion, up 25%”"),
        # A rank: Russia and Botswana are surely above Canada by value in 2017.
        ((("the third-largest producer", "the second-largest producer"),
          ('written = "third-largest"\nvalue = 3', 'written = "second-largest"\nvalue = 2')),
         "rank-claims", "“the second-largest producer by value”"),
        # An order against the table: "took it ahead of Angola" says South Africa was behind
        # Angola in 2016, but the table has it ahead (1,249 against 1,079).
        ((("which kept it ahead of Angola", "which took it ahead of Angola"),
          ('quote = "kept it ahead"\nsubject = "south-africa"\nquantity = '
           '"south-africa-diamond-production-value"\nperiod = "2016"\nrelation = "higher"',
           'quote = "took it ahead"\nsubject = "south-africa"\nquantity = '
           '"south-africa-diamond-production-value"\nperiod = "2016"\nrelation = "lower"')),
         "comparison", "“took it ahead” (world-production-2017)"),
    ],
    ids=["change", "rank", "order"],
)  # fmt: skip
def test_a_planted_error_is_found_and_only_it(
    db_file: Path, tmp_path: Path, edits: tuple, rule: str, quoted: str
) -> None:
    run = _checked(db_file, _release(tmp_path / "release", *edits))
    [failure] = [r for r in run.results if r.status == "fail"]
    assert failure.rule == rule
    assert quoted in failure.message


def test_the_release_also_loads_and_checks_on_postgresql(seeded_url: str, tmp_path: Path) -> None:
    """Load and check round trip on each backend (PostgreSQL when configured)."""
    api.seed(seeded_url, [_release(tmp_path / "release")])
    run = api.check(seeded_url)
    assert [r for r in run.results if r.status in ("fail", "warn")] == []
    assert len(_ours(run, "pass")) >= 18
    rows = api.sql(
        seeded_url,
        "SELECT kind, count(*) AS n FROM v_documents GROUP BY kind",
        allow_privileged=True,
    )
    assert {r["kind"]: r["n"] for r in rows.sections[0].rows} == {"table": 1, "text": 6}


def test_the_kp_2017_release_has_its_planted_errors_found_and_no_false_alarm(
    db_file: Path,
) -> None:
    """tests/data/releases/01: a KP summary of 2017 with an answer key. Its two planted errors
    (Angola's rise against the table, South Africa's rank) are the only failures."""
    import tomllib

    folder = ROOT / "tests" / "data" / "releases"
    url = f"sqlite:///{db_file}"
    seed = folder / "01-kp-world-production-2017.toml"
    api.seed(url, [seed], limits=api.SeedLimits(allow_dirs=(folder,)))
    run = api.check(url)
    failures = [r for r in run.results if r.status in ("fail", "warn")]
    key = tomllib.loads(seed.with_name(seed.stem + ".expect.toml").read_text("utf-8"))
    assert len(failures) == len(key["errors"]) == 2
    rows = api.sql(url, "SELECT figure_id, quote FROM v_figures").sections[0].rows
    quotes = {r["figure_id"]: r["quote"] for r in rows}
    for error in key["errors"]:  # found: a failure rests on a figure quoting the error's words
        assert any(
            quotes[figure] in planted or planted in quotes[figure]
            for failure in failures
            for figure in failure.figures
            for planted in error["quotes"]
        ), error["kind"]
