"""Parts of a fiscal year as miners and retailers write them ("Q3 FY2019", "3Q FY19", "the
third quarter of fiscal 2019", "H1 FY2020"): placed by the year end the text states, and
left without a period, with a comment, where it states none."""

from __future__ import annotations

from tests.draft.test_reading import drafted

JUNE = "Firestone, whose financial year ends on 30 June, "


def test_a_fiscal_quarter_is_placed_by_the_year_end_the_text_states() -> None:
    by = drafted(
        JUNE + "recovered 204,100 carats in Q3 FY2019, up 7.6% from 189,600 carats in Q3 FY2018.",
        dateline="London, 24 April 2019 – ",
    )["by"]
    assert by["204,100 carats"]["period"] == "2019-01/2019-03"
    assert by["189,600 carats"]["period"] == "2018-01/2018-03"
    change = by["7.6%"]
    assert (change["period"], change["base_period"]) == ("2019-01/2019-03", "2018-01/2018-03")


def test_fiscal_codes_in_words_and_short_years() -> None:
    by = drafted(
        JUNE + "sold 1.1 million carats in 3Q FY19. In the third quarter of fiscal 2019 "
        "revenue was US$50.1 million. H1 FY2019 production was 2.4 million carats, and 9M "
        "FY2019 sales 3.3 million carats. FY18 sales were 4.4 million carats.",
        dateline="London, 24 April 2019 – ",
    )["by"]
    assert by["1.1 million carats"]["period"] == "2019-01/2019-03"
    assert by["US$50.1 million"]["period"] == "2019-01/2019-03"
    assert by["2.4 million carats"]["period"] == "2018-07/2018-12"
    assert by["3.3 million carats"]["period"] == "2018-07/2019-03"
    assert by["4.4 million carats"]["period"] == "2017-07/2018-06"
    assert "19" not in by and "2019" not in by  # "3Q FY19", "fiscal 2019": no figures


def test_a_fiscal_year_end_said_in_other_words() -> None:
    for said in ("The company's fiscal year ends in June. ", "Firestone has a 30 June year-end. "):
        by = drafted(said + "Sales in H1 FY2019 were US$30.2 million.")["by"]
        assert by["US$30.2 million"]["period"] == "2018-07/2018-12", said


def test_a_fiscal_part_of_a_year_the_text_never_ends_gets_no_period() -> None:
    seed = drafted("Production in Q3 FY2019 was 1.20 million carats, up 10% from Q3 FY2018.")
    assert "period" not in seed["by"]["1.20 million carats"]
    assert "'Q3 FY2019' is part of a period a seed cannot name" in seed["toml"]


def test_the_same_period_of_a_fiscal_year_is_a_base() -> None:
    by = drafted(
        JUNE + "recovered 612,400 carats in the nine months to 31 March 2019, 9.3% more than the "
        "560,300 carats of the same period of FY2018.",
        dateline="London, 24 April 2019 – ",
    )["by"]
    assert by["560,300 carats"]["period"] == "2017-07/2018-03"
    assert by["9.3%"]["base_period"] == "2017-07/2018-03"


def test_a_retail_year_ended_in_a_months_first_week_closes_the_month_before() -> None:
    by = drafted(
        "Signet reported sales of US$6.14 billion for Fiscal 2020, the year ended 1 February "
        "2020. Fourth-quarter sales were US$2.27 billion, against US$2.32 billion in Q4 FY2019.",
        dateline="New York, 2 April 2020 – ",
    )["by"]
    assert by["US$6.14 billion"]["period"] == "2019-02/2020-01"
    assert by["US$2.27 billion"]["period"] == "2019-11/2020-01"  # the fiscal fourth quarter
    assert by["US$2.32 billion"]["period"] == "2018-11/2019-01"


def test_a_year_end_written_month_first() -> None:
    by = drafted(
        "Signet reported sales of US$6.14 billion for Fiscal 2020, the year ended February 1, "
        "2020. Sales in Q4 FY2020 were US$2.27 billion.",
        dateline="New York, 2 April 2020 – ",
    )["by"]
    assert by["US$6.14 billion"]["period"] == "2019-02/2020-01"
    assert by["US$2.27 billion"]["period"] == "2019-11/2020-01"


PETRA = (
    "Petra Diamonds, whose financial year runs to 30 June, sold 1,567,226 carats for US$178.8 "
    "million in H1 FY2020 (H1 FY2019: 1,491,000 carats for US$229.1 million). The average price "
    "was US$114 per carat, 26% below the US$154 per carat of H1 FY2019. Cullinan accounted for "
    "705,000 carats. Production for the half was 2.08 Mct."
)


def test_an_earlier_half_named_in_passing_does_not_move_the_text_back() -> None:
    by = drafted(PETRA, dateline="Johannesburg, 4 February 2020 – ")["by"]
    assert by["1,567,226 carats"]["period"] == "2019-07/2019-12"
    assert by["US$154 per carat"]["period"] == "2018-07/2018-12"
    assert by["2.08 Mct"]["period"] == by["705,000 carats"]["period"] == "2019-07/2019-12"
    assert by["705,000 carats"]["quantity"].startswith("cullinan-")  # a mine, not Petra
