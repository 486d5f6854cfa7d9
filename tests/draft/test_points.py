"""Changes in percentage points, as trade bulletins write them: each drafted as a change in
points of the share it moves (unit percentage_point, direction, base period, and the share's
part and whole, which its levels share), never as a relative change."""

from __future__ import annotations

import pytest

from dbtool.draft.numbers import find_numbers
from tests.draft.test_reading import drafted


@pytest.mark.parametrize(
    ("sentence", "written", "direction"),
    [
        ("Its share rose 2.1 percentage points to 34.5% in 2018.", "2.1 percentage points", "up"),
        ("The share was up 3 pp at 40% in 2018.", "3 pp", "up"),
        ("Its share was down 1.2 points from 36.0% in 2017.", "1.2 points", "down"),
        ("The margin narrowed by 4 percentage points to 41%.", "4 percentage points", "down"),
        ("The share gained 0.8 ppt to 12.4% in 2018.", "0.8 ppt", "up"),
        ("The gap widened by 2.5 percentage points to 10%.", "2.5 percentage points", "up"),
    ],
)
def test_the_grammar_reads_points_as_a_change_in_percentage_points(
    sentence: str, written: str, direction: str
) -> None:
    [points] = [n for n in find_numbers(sentence) if n.unit == "percentage_point"]
    assert (points.written, points.kind, points.direction) == (written, "change", direction)
    assert points.precision == pytest.approx(0.05 if "." in written else 0.5)


@pytest.mark.parametrize(
    "sentence",
    [
        "The index rose 12 points in 2018.",  # no percentage: index points
        "The company opened 12 points of sale, 5% more.",  # no word of change before it
    ],
)
def test_bare_points_with_no_share_to_move_are_not_percentage_points(sentence: str) -> None:
    assert all(n.unit != "percentage_point" for n in find_numbers(sentence))


def test_a_change_in_points_ties_both_levels_of_its_share() -> None:
    seed = drafted(
        "ALROSA's share of global rough diamond sales rose 3.3 percentage points from 31.2% in "
        "2017 to 34.5% in 2018."
    )
    by = seed["by"]
    points, later, base = by["3.3 percentage points"], by["34.5%"], by["31.2%"]
    names = {q["key"]: q["name"] for q in seed["quantities"]}
    assert names[points["whole"]] == "Global rough diamond sales"
    assert names[points["quantity"]] == "ALROSA's global rough diamond sales"
    assert points["unit"] == "percentage_point"
    assert (points["period"], points["base_period"], points["direction"]) == (
        "2018",
        "2017",
        "up",
    )
    assert (later["period"], base["period"]) == ("2018", "2017")
    assert points["quantity"] == later["quantity"] == base["quantity"]
    assert points["whole"] == later["whole"] == base["whole"]
    assert "base_period" not in later and "base_period" not in base


def test_a_level_in_the_next_sentence_is_the_base_of_a_change_in_points() -> None:
    by = drafted(
        "ALROSA's share of world output was 28.5% in 2018, up nearly 3 percentage points from "
        "2017. Its share was 25.6% in 2017."
    )["by"]
    points = by["nearly 3 percentage points"]
    assert (points["qualifier"], points["period"], points["base_period"]) == (
        "nearly",
        "2018",
        "2017",
    )
    assert points["quantity"] == by["28.5%"]["quantity"] == by["25.6%"]["quantity"]
    assert points["whole"] == by["28.5%"]["whole"] == by["25.6%"]["whole"]


def test_a_change_whose_sentence_names_no_subject_takes_no_level_beside_it() -> None:
    # The subject is carried over from ALROSA's sentence; the 27.8% is ALROSA's, not the
    # two miners' combined share: tying it would be a false alarm.
    by = drafted(
        "ALROSA's share of global rough sales was 28.9% in 2019, 1.1 points higher than the "
        "27.8% it held a year earlier. The combined share of the two largest miners fell by "
        "2.7 percentage points to 58.7%."
    )["by"]
    points = by["2.7 percentage points"]
    assert points["quantity"] != by["27.8%"].get("quantity")


def test_from_one_share_to_another_is_two_levels_and_no_relative_change() -> None:
    seed = drafted("ALROSA's share of world output rose from 25.6% in 2017 to 28.5% in 2018.")
    by = seed["by"]
    assert (by["25.6%"]["period"], by["28.5%"]["period"]) == ("2017", "2018")
    assert all("base_period" not in f for f in seed["figures"])
    assert all(f["unit"] != "percentage_point" for f in seed["figures"])


def test_two_shares_of_one_period_beside_points_tie_neither() -> None:
    # Which of the two is the 2018 level cannot be told: tying one could be a false alarm.
    by = drafted(
        "ALROSA's share by value rose 2 percentage points to 30% in 2018, and its share by "
        "volume was 25% in 2018."
    )["by"]
    points = by["2 percentage points"]
    assert points["quantity"] not in (by["30%"].get("quantity"), by["25%"].get("quantity"))


def test_points_with_no_share_beside_them_get_a_share_of_their_own() -> None:
    seed = drafted("The EBITDA margin narrowed by 4 percentage points in 2018.")
    points = seed["by"]["4 percentage points"]
    assert (points["direction"], points["period"], points["base_period"]) == (
        "down",
        "2018",
        "2017",
    )
    assert points["quantity"] and points["whole"] and points["quantity"] != points["whole"]
    assert "no share stated beside it" in seed["toml"]


def test_points_without_a_word_of_change_are_left_to_a_person() -> None:
    seed = drafted("ALROSA's share was 30% in 2018, 2 percentage points above the rest.")
    assert "2 percentage points" not in seed["by"]
    assert "percentage points with no word of change" in seed["toml"]
