"""Tables set out in a release's text: cells in their column's unit, rows as parts."""

from __future__ import annotations

from dbtool.draft.numbers import find_numbers
from dbtool.draft.texttables import find_tables
from tests.draft.test_reading import drafted

PIPES = (
    "Production by mine, 2018\n"
    "| Mine | Carats ('000) | Value (US$ m) |\n"
    "|---|---|---|\n"
    "| Jwaneng | 12,500 | 2,100.5 |\n"
    "| Orapa | 9,600 | 800.1 |\n"
    "| Total | 22,100 | 2,900.6 |\n"
)


def test_a_drawn_table_s_cells_take_their_column_s_unit_and_scale() -> None:
    numbers, tables = find_tables(PIPES, find_numbers(PIPES))
    (table,) = tables
    assert table.title == "Production by mine, 2018"
    assert [r.label for r in table.rows] == ["Jwaneng", "Orapa", "Total"]
    carats, value = table.rows[0].cells
    assert carats is not None and value is not None
    assert (carats.unit, carats.value, carats.precision) == ("carat", 12_500_000, 500)
    assert (value.unit, value.value, value.precision) == ("USD", 2_100_500_000, 50_000)
    assert carats in numbers


def test_lines_that_are_no_table_are_left_to_the_prose() -> None:
    text = "Sales were USD 4.2 billion.  Volumes were 10.1 million carats.\nEBITDA fell 12%.\n"
    assert find_tables(text, find_numbers(text))[1] == []


def test_a_table_by_destination_drafts_its_rows_as_flows_to_each_and_sums_them() -> None:
    seed = drafted(
        "Sierra Leone exported rough diamonds in 2018.\n\nExports by destination, 2018\n"
        "Destination         Carats   Value (US$ m)\nBelgium            384,900          "
        "148.3\nIsrael              39,600           24.9\nTotal              424,500      "
        "    173.2\n",
        dateline="FREETOWN, 27 March 2019 — ",
    )
    by = seed["by"]
    assert by["148.3"]["quantity"] != by["24.9"]["quantity"]
    assert "belgium" in by["148.3"]["quantity"]
    assert by["173.2"]["period"] == "2018"
    sums = {(s["total"], frozenset(s["parts"])) for s in seed["sums"]}
    parts = frozenset({by["148.3"]["quantity"], by["24.9"]["quantity"]})
    assert (by["173.2"]["quantity"], parts) in sums
