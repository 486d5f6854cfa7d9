"""`dbtool check`: exit codes a scheduler can rely on, stored runs, views, JSON = library."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from dbtool import api
from dbtool.checks.rules import RULES
from dbtool.cli import app
from dbtool.db.database import connect
from tests.helpers import ROOT, failing_db

runner = CliRunner()


def test_clean_data_exits_0_and_stores_the_run(db_file: Path) -> None:
    result = runner.invoke(app, ["check", "--db", str(db_file)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Cross-checks: 0 fail, 0 warn, 59 pass, 47 info\n")
    with connect(f"sqlite:///{db_file}") as connection:
        runs = connection.execute(text("SELECT run_id, n_pass, n_fail FROM v_check_runs")).all()
        derived = connection.execute(text("SELECT derived_id, figures FROM v_derived")).all()
    assert [tuple(r) for r in runs] == [(1, 59, 0)]
    [share] = [d for d in derived if d[0].startswith("count-share:alrosa-belgian-clients/")]
    assert share[1] == "alrosa-belgian-clients,alrosa-long-term-clients"


def test_a_failed_check_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--db", failing_db(tmp_path)])
    assert result.exit_code == 1
    assert "fail      part-within-whole  Some: 60 exceeds 55, all" in result.stdout


def test_failures_are_listed_and_the_rest_counted_unless_verbose(tmp_path: Path) -> None:
    bad = failing_db(tmp_path)
    short = runner.invoke(app, ["check", "--db", bad]).stdout
    assert "\nFailures and warnings\n" in short
    assert re.search(r"\npart-within-whole +1 +0 +0 +0\n", short), short
    assert "\npass " not in short and "\ninfo " not in short
    every = runner.invoke(app, ["check", "--db", bad, "--verbose"]).stdout
    assert "\nResults\n" in every and "Findings by rule" not in every
    assert "\npass " in every
    rows = runner.invoke(app, ["report", "checks", "--db", bad, "-f", "csv"]).stdout
    counted = runner.invoke(app, ["check", "--db", bad, "-f", "json"]).stdout
    assert rows.count("\nresults,") == len(json.loads(counted)["results"])


def test_fail_on_warn(tmp_path: Path, db_file: Path) -> None:
    url = f"sqlite:///{db_file}"
    with connect(url) as connection:  # severity is configuration, not code
        connection.execute(text("UPDATE check_rules SET severity = 'warn'"))
    bad = failing_db(tmp_path)
    with connect(f"sqlite:///{bad}") as connection:
        connection.execute(text("UPDATE check_rules SET severity = 'warn'"))
    assert runner.invoke(app, ["check", "--db", bad]).exit_code == 0
    assert runner.invoke(app, ["check", "--db", bad, "--fail-on", "warn"]).exit_code == 1
    assert runner.invoke(app, ["check", "--db", str(db_file), "--fail-on", "warn"]).exit_code == 0


def test_selecting_nothing_is_an_error(tmp_path: Path, db_file: Path) -> None:
    result = runner.invoke(app, ["check", "--db", str(db_file), "--rule", "nope"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown rule 'nope'; choose from bounds, ")
    empty = tmp_path / "empty.sqlite"
    api.upgrade(f"sqlite:///{empty}")
    result = runner.invoke(app, ["check", "--db", str(empty)])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: nothing to check: the database has no figures (run `dbtool seed`)\n"
    )
    result = runner.invoke(app, ["check", "--db", str(db_file), "--fail-on", "info"])
    assert result.exit_code == 2


def test_json_output_is_the_library_result(db_file: Path) -> None:
    result = runner.invoke(app, ["check", "--db", str(db_file), "-f", "json", "-r", "count-share"])
    printed = json.loads(result.stdout)
    with connect(f"sqlite:///{db_file}") as connection:
        stored = connection.execute(
            text("SELECT rule, status, message, figures, low, high FROM v_check_results")
        ).all()
    assert [
        (r["rule"], r["status"], r["message"], ",".join(r["figures"]), r["low"], r["high"])
        for r in printed["results"]
    ] == [tuple(s) for s in stored]
    again = api.check(f"sqlite:///{db_file}", ["count-share"]).as_dict()
    for data in (printed, again):
        for volatile in ("run_id", "started_at", "finished_at"):
            data.pop(volatile)
    assert printed == again


def test_the_checks_report_says_what_changed(tmp_path: Path, db_file: Path) -> None:
    runner.invoke(app, ["check", "--db", str(db_file)])
    result = runner.invoke(app, ["check", "--db", str(db_file), "-f", "markdown"])
    assert "No finding changed status." in result.stdout


def test_list_rules(db_file: Path) -> None:
    result = runner.invoke(app, ["check", "--list", "--db", str(db_file), "-f", "csv"])
    assert result.exit_code == 0
    names = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert names == list(RULES)


def test_every_rule_is_configured_and_documented(migrated_url: str) -> None:
    """The rules declared in code are the check_rules rows and the manual's rule table
    (docs/checks.md): same names in the same order, same severities and descriptions."""
    configured = api.check_rules(migrated_url)
    assert [r.name for r in configured] == list(RULES)
    assert [(r.severity, r.description) for r in configured] == [
        (spec.severity, spec.description) for spec in RULES.values()
    ]
    manual = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z-]+)` \| (fail|warn) \| (.*) \|$", manual, re.MULTILINE)
    assert documented == [(s.name, s.severity, s.description) for s in RULES.values()]


def test_a_teams_severity_is_kept_and_a_new_rule_arrives(migrated_url: str) -> None:
    """The table follows the code, except for the severity a team chose."""
    with connect(migrated_url) as connection:
        connection.execute(text("UPDATE check_rules SET severity = 'warn' WHERE name = 'change'"))
        connection.execute(text("DELETE FROM check_rules WHERE name = 'same-period'"))
    api.upgrade(migrated_url)
    rules = {r.name: r for r in api.check_rules(migrated_url)}
    assert rules["change"].severity == "warn"
    assert rules["same-period"].severity == RULES["same-period"].severity
    assert list(rules) == list(RULES)
