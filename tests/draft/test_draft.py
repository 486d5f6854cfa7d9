"""dbtool draft: the corpus drafted as the hand-written seeds have it, drafts that load and
check, texts the code has never seen (what is found and what is not), and the command."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool import api
from dbtool.cli import app
from dbtool.db.reader import open_reader
from dbtool.draft.drafter import DraftContext, draft_context, draft_seed
from dbtool.draft.lint import lint_seed
from dbtool.draft.names import KnownEntity
from dbtool.errors import SeedError
from tests.helpers import ROOT, SEEDS

runner = CliRunner()
# The texts of the bundled corpus (a table document has no text to draft from: its cells are
# its figures, see tests/draft/test_tables.py).
CORPUS = [p.stem for p in api.bundled_seed_files() if p.with_suffix(".txt").is_file()]
QUALIFIERS = frozenset(
    [
        *("none", "alone", "nearly", "almost", "over", "more than", "at least", "under"),
        *("less than", "up to", "at most", "about", "approximately", "around"),
        *("some", "roughly", "close to", "an estimated", "just over", "just under"),
    ]
)


def _hand_figures(name: str) -> dict[tuple[int, int], list[tuple]]:
    """The hand-written seed's figures: span -> [(value, unit, qualifier)]."""
    seed = tomllib.loads((SEEDS / f"{name}.toml").read_text(encoding="utf-8"))
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    spans: dict[tuple[int, int], list[tuple]] = {}
    for f in seed["figures"]:
        at = -1
        for _ in range(f.get("occurrence", 1)):
            at = text.index(f["quote"], at + 1)
        start = text.index(f["written"], at)
        reading = (f["value"], f["unit"], f.get("qualifier"))
        spans.setdefault((start, start + len(f["written"])), []).append(reading)
    return spans


@pytest.mark.parametrize("name", CORPUS)
def test_the_draft_finds_every_figure_of_the_hand_written_seed(name: str) -> None:
    """Recall 100 %, precision at least 95 %: same span, value, unit and qualifier."""
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    draft = draft_seed(text, f"{name}.txt", DraftContext(qualifiers=QUALIFIERS))
    drafted = {
        (f.number.start, f.number.end): (f.row["value"], f.row["unit"], f.row.get("qualifier"))
        for f in draft.written
    }
    hand = _hand_figures(name)
    missed = [
        (span, reading)
        for span, readings in hand.items()
        for reading in readings
        if drafted.get(span) != reading
    ]
    assert missed == []
    extra = [span for span, reading in drafted.items() if reading not in hand.get(span, [])]
    assert len(extra) <= 0.05 * len(drafted), extra


def _database_with_the_others(name: str, tmp_path: Path) -> str:
    """A database holding every other corpus document that loads without this one."""
    url = f"sqlite:///{tmp_path / 'others.sqlite'}"
    api.upgrade(url)
    for seed in api.bundled_seed_files():
        if seed.stem != name:
            with contextlib.suppress(SeedError):  # it needs what only this document declares
                api.seed(url, [seed])
    return url


def _draft_into(url: str, name: str, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    shutil.copy(SEEDS / f"{name}.txt", folder / f"{name}.txt")
    api.draft(url, folder / f"{name}.txt", folder / f"{name}.toml")
    return folder / f"{name}.toml"


@pytest.mark.parametrize("name", CORPUS)
def test_a_draft_loads_beside_the_other_documents_and_checks(name: str, tmp_path: Path) -> None:
    url = _database_with_the_others(name, tmp_path)
    seed = _draft_into(url, name, tmp_path / "draft")
    [report] = api.seed(url, [seed])
    assert report.status == "added"
    run = api.check(url)
    assert run.results
    with open_reader(url) as reader:
        [row] = reader.rows(
            "SELECT figures, unreviewed FROM v_documents WHERE document = :d", {"d": name}
        )
    assert row["figures"] == row["unreviewed"] > 0
    # every number is a figure and every quote in place: what is left needs a person
    assert {f.kind for f in lint_seed(seed)} <= {"not-reviewed", "unsure"}


@pytest.mark.parametrize("name", CORPUS)
def test_a_draft_loads_into_a_fresh_database(name: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    api.upgrade(url)
    seed = _draft_into(url, name, tmp_path / "draft")
    api.seed(url, [seed])
    api.check(url)


def test_known_entities_are_mentions_and_the_group_is_the_main_organisation(
    seeded_url: str,
) -> None:
    with open_reader(seeded_url) as reader:
        context = draft_context(reader)
    text = (SEEDS / "alrosa-sales-2018-09.txt").read_text(encoding="utf-8")
    seed = tomllib.loads(draft_seed(text, "x.txt", context).toml)
    assert {m["entity"] for m in seed["mentions"]} == {"alrosa", "moscow", "yury-okoemov", "india"}
    assert {"entity": "alrosa", "quote": "the Group", "reviewed": False} in seed["mentions"]
    assert "organisations" not in seed and "people" not in seed
    assert seed["document"]["dateline"] == {"place": "moscow", "quote": "Moscow, 10 October 2018"}
    assert {f["subject"] for f in seed["figures"]} == {"alrosa"}


def test_the_corpus_periods_and_bases_are_those_of_the_hand_written_seeds() -> None:
    """Period and base period of every change and amount, against the hand-written seeds."""
    for name in ("alrosa-sales-2017", "alrosa-sales-2018-07", "alrosa-sales-2018-09"):
        text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
        drafted = tomllib.loads(draft_seed(text, f"{name}.txt").toml)["figures"]
        hand = tomllib.loads((SEEDS / f"{name}.toml").read_text(encoding="utf-8"))["figures"]
        by_written = {}
        for f in drafted:
            by_written.setdefault(f["written"], []).append((f.get("period"), f.get("base_period")))
        for f in hand:
            if f["unit"] in ("USD", "percent"):
                assert (f.get("period"), f.get("base_period")) in by_written[f["written"]], f
    text = (SEEDS / "antwerp-trade-2017.txt").read_text(encoding="utf-8")
    drafted = tomllib.loads(draft_seed(text, "antwerp-trade-2017.txt").toml)["figures"]
    hand = tomllib.loads((SEEDS / "antwerp-trade-2017.toml").read_text(encoding="utf-8"))
    assert [(f.get("period"), f.get("base_period")) for f in drafted] == [
        (f.get("period"), f.get("base_period")) for f in hand["figures"]
    ]


def test_relations_a_change_and_its_levels_a_sum_and_a_difference() -> None:
    text = (SEEDS / "antwerp-trade-2017.txt").read_text(encoding="utf-8")
    seed = tomllib.loads(draft_seed(text, "antwerp-trade-2017.txt").toml)
    by_written = {f["written"]: f for f in seed["figures"]}
    doubled, level, start = (
        by_written[w] for w in ("more than doubled", "USD 2.15 billion", "USD 1.05 billion")
    )
    assert doubled["quantity"] == level["quantity"] == start["quantity"]
    assert (level["period"], start["period"]) == ("2017", "2016")
    net = by_written["minus USD 1.88 billion"]
    assert net["quantity"] == by_written["minus USD 638.4 million"]["quantity"]
    quantities = {q["key"]: q for q in seed["quantities"]}
    assert quantities[net["quantity"]]["signed"] is True
    differences = [s for s in seed["sums"] if s.get("minus")]
    # "Net rough imports ... came to minus USD 1.88 billion", with rough imports and exports
    # stated for 2017: the difference of those quantities; the others, of their definitions
    assert [d["quote"] for d in differences] == [
        "minus USD 1.88 billion",
        "exports minus imports",
        "total exports minus total imports",
    ]
    [rough] = [d for d in differences if d["quote"] == "minus USD 1.88 billion"]
    assert (rough["parts"], rough["minus"]) == (
        [by_written["USD 10.73 billion"]["quantity"]],
        [by_written["USD 12.61 billion"]["quantity"]],
    )
    assert all(s["reviewed"] is False for s in seed["sums"])
    text = (SEEDS / "alrosa-sales-2018-07.txt").read_text(encoding="utf-8")
    seed = tomllib.loads(draft_seed(text, "alrosa-sales-2018-07.txt").toml)
    by_written = {f["written"]: f for f in seed["figures"]}
    # July's parts ("made up") and the seven months' ("of which") are one sum: a sum holds
    # in every period its quantities are stated for, so it is declared once
    [by_product] = seed["sums"]
    assert by_product["total"] == by_written["USD 3.029 billion"]["quantity"]
    assert by_product["parts"] == [
        by_written["USD 2.973 billion"]["quantity"],
        by_written["USD 55.3 million"]["quantity"],
    ]
    assert by_written["USD 333.8 million"]["quantity"] == by_product["parts"][0]


# --------------------------------------------------------------- texts never seen

UNSEEN = """\
Petra Diamonds reports a stronger first half

Johannesburg, February 2019 – Petra Diamonds Group, a leading independent miner, said rough \
diamond revenue rose 12% to US$ 235.4 million in the six months to December 2018, of which \
Cullinan contributed US$ 120.3 million and Finsch US$ 80.1 million. Production was 1.96 Mcts.
Chief Executive Richard Duffy said prices were about 5% lower than last year. Net debt, loans \
minus cash, fell to US$ 563 million. The company also sold 24 stones for more than EUR 5 \
million each at its tender in Antwerp, and employs some 4,500 people.
Half of the revenue came from a third of the mines, in New York terms.
"""


@pytest.fixture(scope="module")
def unseen() -> dict:
    context = DraftContext(
        entities=(KnownEntity("antwerp", "place", "Antwerp", ("Antwerp",)),),
        qualifiers=QUALIFIERS,
    )
    draft = draft_seed(UNSEEN, "petra-h1-2019.txt", context, today=dt.date(2019, 3, 1))
    return {"draft": draft, "seed": tomllib.loads(draft.toml), "toml": draft.toml}


def test_unseen_document_block(unseen: dict) -> None:
    document = unseen["seed"]["document"]
    assert document["slug"] == "petra-h1-2019"
    assert document["title"] == "Petra Diamonds reports a stronger first half"
    assert (document["published_on"], document["published_on_basis"]) == (
        dt.date(2019, 2, 1),
        "month",
    )
    assert document["dateline"] == {"place": "johannesburg", "quote": "Johannesburg, February 2019"}
    place = unseen["seed"]["places"][0]
    assert (place["name"], place["type"], place["reviewed"]) == ("Johannesburg", "region", False)


def test_unseen_figures_what_is_found(unseen: dict) -> None:
    figures = {f["written"]: f for f in unseen["seed"]["figures"]}
    rise = figures["12%"]
    assert (rise["direction"], rise["period"], rise["base_period"]) == (
        "up",
        "2018-07/2018-12",
        "2017-07/2017-12",
    )
    assert figures["US$ 235.4 million"]["quantity"] == rise["quantity"]
    assert figures["US$ 235.4 million"]["precision"] == 50_000
    assert figures["1.96 Mcts"]["value"] == 1_960_000 and figures["1.96 Mcts"]["unit"] == "carat"
    about = figures["about 5%"]
    assert (about["qualifier"], about["direction"], about["base_period"]) == (
        "about",
        "down",
        "2017-07/2017-12",  # "than last year": a year before the period of the sentence before
    )
    [drafted] = [f for f in unseen["draft"].figures if f.number.written == "about 5%"]
    assert "period: the one the sentences before talk about" in drafted.comments
    assert not any("names no base" in c for c in drafted.comments)
    assert figures["some 4,500"]["unit"] == "count"
    assert figures["some 4,500"]["qualifier"] == "some"  # a round number given as approximate
    [of_which] = [s for s in unseen["seed"]["sums"] if s["quote"] == "of which"]
    assert len(of_which["parts"]) == 2
    [difference] = [s for s in unseen["seed"]["sums"] if s.get("minus")]
    assert difference["quote"] == "loans minus cash"


def test_unseen_figures_what_is_not_found(unseen: dict) -> None:
    """Words for fractions, "a leading": the grammar does not read them; a euro amount is a
    figure in euros like any other."""
    assert not [f for f in unseen["draft"].figures if f.skipped]
    [euros] = [f for f in unseen["seed"]["figures"] if f["written"] == "more than EUR 5 million"]
    assert (euros["unit"], euros["value"], euros["qualifier"]) == ("EUR", 5e6, "more than")
    written = [f["written"] for f in unseen["seed"]["figures"]]
    assert not any(w.lower().startswith(("half", "a third")) for w in written)
    assert "leading" not in written  # "a leading miner" is one of the leaders, no rank
    assert "rankings" not in unseen["seed"]


def test_unseen_entities(unseen: dict) -> None:
    seed = unseen["seed"]
    organisation = seed["organisations"][0]  # "Petra Diamonds" and "… Group" are one
    assert [(o["name"], o["type"]) for o in seed["organisations"]] == [
        ("Petra Diamonds", "mining_company")
    ]
    assert {f["subject"] for f in seed["figures"][:3]} == {organisation["key"]}
    assert [p["name"] for p in seed["people"]] == ["Richard Duffy"]
    assert [p["name"] for p in seed["places"]] == ["Johannesburg", "New York"]
    assert seed["mentions"][0] == {"entity": "antwerp", "quote": "Antwerp"}
    comments = unseen["toml"].split("capitalised names of unknown kind")[1].split("---")[0]
    assert [name for name in ("Cullinan", "Finsch") if repr(name) in comments] == [
        "Cullinan",
        "Finsch",
    ]


def test_unseen_draft_loads_beside_the_corpus(unseen: dict, db_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{db_file}"  # it names Antwerp, which the corpus declares
    (tmp_path / "petra-h1-2019.txt").write_text(UNSEEN, encoding="utf-8")
    (tmp_path / "petra-h1-2019.toml").write_text(unseen["toml"], encoding="utf-8")
    api.seed(url, [tmp_path / "petra-h1-2019.toml"])
    api.check(url)


@pytest.mark.parametrize(
    ("opening", "published", "basis", "quote"),
    [
        (
            "Moscow, 10 October 2018 – ALROSA sold",
            dt.date(2018, 10, 10),
            "stated",
            "Moscow, 10 October 2018",
        ),
        (
            "Antwerp, February 2018 – Trade slowed",
            dt.date(2018, 2, 1),
            "month",
            "Antwerp, February 2018",
        ),
        (
            "MOSCOW, Oct 10, 2018 - Sales rose",
            dt.date(2018, 10, 10),
            "stated",
            "MOSCOW, Oct 10, 2018",
        ),
        ("Moscow: On April 24, 2018, ALROSA sold", dt.date(2018, 4, 24), "inferred", "Moscow:"),
    ],
)
def test_datelines(opening: str, published: dt.date, basis: str, quote: str) -> None:
    text = f"A title\n\n{opening} rough diamonds worth USD 5 million.\n"
    document = tomllib.loads(draft_seed(text, "x.txt").toml)["document"]
    assert (document["published_on"], document["published_on_basis"]) == (published, basis)
    assert document["dateline"]["quote"] == quote


def test_a_text_without_a_date_is_dated_today_and_says_so() -> None:
    text = "Sales news\n\nAcme Mining sold rough diamonds worth USD 5 million.\n"
    draft = draft_seed(text, "x.txt", today=dt.date(2020, 5, 6))
    document = tomllib.loads(draft.toml)["document"]
    assert (document["published_on"], document["published_on_basis"]) == (
        dt.date(2020, 5, 6),
        "inferred",
    )
    assert "# unsure: the text gives no date" in draft.toml


# ---------------------------------------------------------------------- the command


def test_draft_command_writes_a_seed_that_names_its_schema(db_file: Path, tmp_path: Path) -> None:
    text = tmp_path / "alrosa-sales-2018-09.txt"
    shutil.copy(SEEDS / text.name, text)
    out = tmp_path / "seeds" / "draft.toml"
    out.parent.mkdir()
    result = runner.invoke(app, ["draft", str(text), "--out", str(out), "--db", str(db_file)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("alrosa-sales-2018-09: 16 figures")
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#:schema ")
    schema = (out.parent / first.removeprefix("#:schema ")).resolve()
    assert schema == (ROOT / "docs" / "seed-format.schema.json").resolve()
    seed = tomllib.loads(out.read_text(encoding="utf-8"))
    assert seed["document"]["file"] == "../alrosa-sales-2018-09.txt"
    again = runner.invoke(app, ["draft", str(text), "--out", str(out), "--db", str(db_file)])
    assert (again.exit_code, again.stderr) == (
        2,
        f"Error: {out} exists; choose another --out, or --force to overwrite it\n",
    )
    forced = ["draft", str(text), "--out", str(out), "--force", "--db", str(db_file)]
    assert runner.invoke(app, forced).exit_code == 0


def test_draft_command_prints_to_stdout_without_out(db_file: Path) -> None:
    text = SEEDS / "antwerp-trade-2017.txt"
    result = runner.invoke(app, ["draft", str(text), "--db", str(db_file)])
    assert result.exit_code == 0
    seed = tomllib.loads(result.stdout)
    assert seed["document"]["file"] == "antwerp-trade-2017.txt"
    assert result.stdout.startswith("#:schema ../docs/seed-format.schema.json\n")


def test_draft_command_errors(db_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["draft", str(missing), "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (2, f"Error: {missing}: no such file\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(empty), "--db", str(db_file)])
    assert (result.exit_code, result.stderr) == (2, f"Error: {empty}: the text is empty\n")


def test_a_four_kilobyte_text_is_drafted_in_well_under_half_a_second() -> None:
    text = "\n\n".join((SEEDS / f"{name}.txt").read_text(encoding="utf-8") for name in CORPUS)[
        :4096
    ]
    start = time.perf_counter()
    draft_seed(text, "four-kb.txt", DraftContext(qualifiers=QUALIFIERS))
    assert time.perf_counter() - start < 0.25


def test_draft_imports_neither_pydantic_nor_sqlalchemy(db_file: Path, tmp_path: Path) -> None:
    """The start-up path stays light: a draft needs the grammar and sqlite3, nothing more."""
    code = (
        "import sys, runpy; sys.argv = ['dbtool', 'draft', sys.argv[1], '--db', sys.argv[2], "
        "'--out', sys.argv[3]]\n"
        "try:\n    runpy.run_module('dbtool', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'sqlalchemy', "
        "'alembic'}))"
    )
    text = SEEDS / "alrosa-sales-2018-09.txt"
    out = tmp_path / "draft.toml"
    result = subprocess.run(
        [sys.executable, "-c", code, str(text), str(db_file), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[-1] == "[]"
    assert out.is_file()
