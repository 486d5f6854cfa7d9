"""Check history that does not outgrow the data: earlier runs compacted, old runs pruned."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.db.database import connect

runner = CliRunner()


def _count(url: str, sql: str) -> int:
    with connect(url) as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def _changes(url: str) -> object:
    """Every change of status (the default report lists only those of failures)."""
    report = api.report(url, "checks", every=True)
    return report.sections[-1]


def test_earlier_runs_keep_each_findings_status_only(seeded_url: str) -> None:
    first = api.check(seeded_url)
    details = [
        _count(seeded_url, f"SELECT count(*) FROM {table}")
        for table in ("check_results", "check_result_figures", "derived_quantities")
    ]
    # Nothing changed: the next run finds the same, and stores nothing new.
    again = api.check(seeded_url)
    assert [
        _count(seeded_url, f"SELECT count(*) FROM {table}")
        for table in ("check_results", "check_result_figures", "derived_quantities")
    ] == details
    assert [r.as_dict() for r in again.results] == [r.as_dict() for r in first.results]
    # A full run finds everything anew: the findings before it keep their status only.
    first = again
    details = details[1:]
    second = api.check(seeded_url, full=True)
    with connect(seeded_url) as connection:
        runs = connection.execute(text("SELECT run_id, n_pass, n_info FROM v_check_runs")).all()
        old = connection.execute(
            text(
                "SELECT key, status, message, low, unit FROM check_results"
                " WHERE ended_by = :r ORDER BY position, key"
            ),
            {"r": second.id},
        ).all()
    # Both runs are counted in full; the first keeps keys and statuses, nothing else.
    assert sorted(tuple(r) for r in runs) == [(1, 59, 47), (first.id, 59, 47), (second.id, 59, 47)]
    assert [(k, s) for k, s, *_ in old] == [(r.key, r.status) for r in first.results]
    assert {tuple(rest) for _k, _s, *rest in old} == {("", None, None)}
    # Figures and derived quantities are stored for the latest run only.
    assert [
        _count(seeded_url, f"SELECT count(*) FROM {table}")
        for table in ("check_result_figures", "derived_quantities")
    ] == details
    changes = _changes(seeded_url)
    assert changes.rows == [] and changes.intro == "No finding changed status."


def test_changes_name_each_finding_whose_status_moved(seeded_url: str) -> None:
    first = api.check(seeded_url)
    second = api.check(seeded_url, full=True)  # its findings are its own: first's have ended
    moved, gone, *_ = sorted(r.key for r in second.results)
    # The earlier run as if the data had changed since: one finding had another status, one
    # was not found, and one was found that is no more.
    with connect(seeded_url) as connection:
        earlier = {"run": first.id}
        connection.execute(
            text(
                "UPDATE check_results SET status = CASE status WHEN 'fail' THEN 'pass' "
                "ELSE 'fail' END WHERE run_id = :run AND key = :key"
            ),
            {**earlier, "key": moved},
        )
        connection.execute(
            text("DELETE FROM check_results WHERE run_id = :run AND key = :key"),
            {**earlier, "key": gone},
        )
        connection.execute(
            text(
                "INSERT INTO check_results (run_id, position, key, rule, status, message, "
                "ended_by) SELECT run_id, 100000, 'zz-no-more', rule, 'warn', '', ended_by "
                "FROM check_results WHERE run_id = :run AND key = :key"
            ),
            {**earlier, "key": moved},
        )
    now = {r.key: r.status for r in second.results}
    before = "fail" if now[moved] != "fail" else "pass"
    rows = _changes(seeded_url).rows
    assert sorted((r["key"], r["before"], r["now"]) for r in rows) == [
        (moved, before, now[moved]),
        (gone, "—", now[gone]),
        ("zz-no-more", "warn", "—"),
    ]
    # In words for people: the rule, the finding with its names and periods, the change.
    changed = {r["key"]: r for r in rows}
    assert changed[moved]["change"] == f"was {before}, now {now[moved]}"
    assert changed[gone]["change"] == f"new: {now[gone]}"
    assert changed["zz-no-more"]["change"] == "gone (was warn)"
    assert ":" not in changed[moved]["finding"].partition(", ")[0]  # no internal key


def test_keep_removes_all_but_the_newest_runs(db_file: Path) -> None:
    url = f"sqlite:///{db_file}"
    for _ in range(3):
        assert runner.invoke(app, ["check", "--db", str(db_file), "--keep", "2"]).exit_code == 0
    assert _count(url, "SELECT count(*) FROM check_runs") == 2
    assert _count(url, "SELECT min(id) FROM check_runs") == 2
    result = runner.invoke(app, ["db", "prune-runs", "--db", str(db_file), "--keep", "1"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Removed 1 check run; kept the newest 1\n"
    assert _count(url, "SELECT count(*) FROM check_results WHERE run_id <> 3") == 0
    assert _changes(url).intro == "No earlier run to compare with."


@pytest.mark.parametrize("command", [["check"], ["db", "prune-runs"]])
def test_keep_must_keep_one_run(db_file: Path, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--db", str(db_file), "--keep", "0"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --keep must be 1 or more (the runs to keep), not 0\n"
