"""Wording of miners' and statisticians' releases the draft once misread, each in a sentence:
spaces grouping thousands, analysts' period codes, asides in brackets, metrics that are no
flow, single stones, and bases that cannot be."""

from __future__ import annotations

import datetime as dt
import tomllib

from dbtool.draft.drafter import draft_seed
from dbtool.draft.figures import DraftFigure
from dbtool.draft.found import FoundNumber
from dbtool.draft.profiles import read_words
from dbtool.draft.registry import Keys, Registry
from dbtool.draft.revisions import keep_units
from tests.draft.test_reading import CONTEXT, drafted


def test_a_space_groups_thousands() -> None:
    by = drafted("Letšeng sold 52 818 carats for US$95.8 million in the first half of 2019.")["by"]
    assert by["52 818 carats"]["value"] == 52818


def test_a_namibian_dollar_is_no_us_dollar() -> None:
    by = drafted("Diamond exports earned N$ 14.9 billion in 2018.")["by"]
    assert by["N$ 14.9 billion"]["unit"] == "NAD"


def test_analysts_period_codes_and_the_nine_months_of_a_year() -> None:
    by = drafted(
        "Revenue for the nine months of 2019 was RUB 179.5 bn. In 3Q19, revenue was RUB 46.3 "
        "bn. Sales in 9M 2018 were USD 3.6 billion and in 1H19 USD 2.1 billion."
    )["by"]
    assert by["RUB 179.5 bn"]["period"] == "2019-01/2019-09"
    assert by["RUB 46.3 bn"]["period"] == "2019-07/2019-09"
    assert by["USD 3.6 billion"]["period"] == "2018-01/2018-09"
    assert by["USD 2.1 billion"]["period"] == "2019-01/2019-06"


def test_an_aside_in_brackets_does_not_move_the_period_talked_about() -> None:
    by = drafted(
        "In 3Q19, ALROSA's revenue was RUB 46.3 bn (3Q18: RUB 75.9 bn). Sales in the quarter "
        "fell to 5.1 million carats."
    )["by"]
    assert by["5.1 million carats"]["period"] == "2019-07/2019-09"


def test_ebitda_and_cash_flow_take_no_flow_from_the_sentence_before() -> None:
    by = drafted(
        "ALROSA's sales were USD 2.6 billion in 2018, down 27%. EBITDA was USD 1.2 billion, "
        "down 34%. Free cash flow was USD 0.4 billion. Inventories rose to 20.1 million carats."
    )["by"]
    sales = by["USD 2.6 billion"]["quantity"]
    assert by["USD 1.2 billion"].get("quantity") != sales
    assert by["34%"].get("quantity") != by["27%"]["quantity"]
    assert by["USD 0.4 billion"].get("quantity") != sales
    assert "sales" not in by["20.1 million carats"].get("quantity", "")


def test_a_stone_sold_is_no_part_of_the_sales_quantity() -> None:
    by = drafted(
        "Sales were USD 95.8 million in the first half of 2019. The largest, a 442 carat white "
        "diamond, was sold for USD 18.0 million."
    )["by"]
    assert "quantity" not in by["USD 18.0 million"]


def test_a_price_in_dollars_is_not_a_value_in_roubles_over_a_volume() -> None:
    seed = drafted(
        "In 3Q19, ALROSA's sales were RUB 46.3 bn, on 5.1 million carats sold at an average "
        "price of US$155 per carat."
    )
    assert not seed.get("ratios")


def test_a_change_whose_base_is_its_own_period_is_left_out() -> None:
    seed = drafted(
        "The average rough price index was 7% lower than in the third quarter of 2018.",
        dateline="London, 24 October 2019 – ",
    )
    assert all(f["base_period"] != f["period"] for f in seed["figures"] if "base_period" in f)


def test_the_year_a_quarter_belongs_to_is_not_the_period_talked_about() -> None:
    by = drafted(
        "Dominion reported results for the quarter ended October 31, 2019, the third quarter "
        "of its fiscal year ending January 31, 2020. Sales were US$121.5 million.",
        dateline="Calgary, December 12, 2019 – ",
    )["by"]
    assert by["US$121.5 million"]["period"] == "2019-08/2019-10"


def test_a_fiscal_year_which_ended_in_a_month_dates_its_figures() -> None:
    by = drafted(
        "In the fiscal year 2018/19, which ended in March, mineral revenue came to BWP 16.3 "
        "billion, up 15% from BWP 14.2 billion in 2017/18.",
        dateline="Gaborone, April 2019 – ",
    )["by"]
    assert by["BWP 16.3 billion"]["period"] == "2018-04/2019-03"
    assert by["15%"]["base_period"] == "2017-04/2018-03"


def test_a_mine_first_named_later_is_not_the_subject_of_the_figures_before() -> None:
    by = drafted(
        "Production for FY2019 rose 4% to 3.85 Mct, for the year ended 30 June 2019.\n\n"
        "By operation, Finsch produced 1.92 Mct and Cullinan 1.64 Mct."
    )["by"]
    assert "finsch" not in by["3.85 Mct"].get("quantity", "")


def test_a_share_in_brackets_is_its_value_s_share_of_the_total_before() -> None:
    seed = drafted(
        "Botswana's diamond exports were USD 4.0 billion in 2018. Israel took USD 3.0 "
        "billion (75 per cent) and the rest, 25 per cent, went elsewhere."
    )
    share, value, rest = (seed["by"][w] for w in ("75 per cent", "USD 3.0 billion", "25 per cent"))
    assert (share["period"], share["quantity"]) == ("2018", value["quantity"])
    assert share["whole"] == rest["whole"] == seed["by"]["USD 4.0 billion"]["quantity"]
    assert seed["partitions"][0]["exhaustive"] is True
    assert "sums" not in seed  # the rest states a share, no value: no sum of the values


def test_a_country_after_a_company_word_is_the_company_s_name() -> None:
    by = drafted("Debmarine Namibia’s vessels recovered 421,000 carats in 2018.")["by"]
    assert by["421,000 carats"]["subject"] != "namibia"


def test_a_bare_decimal_after_a_name_takes_the_unit_before() -> None:
    by = drafted("In 2018 Ekati sold 150,000 carats and Diavik 90.5.")["by"]
    assert (by["90.5"]["unit"], by["90.5"]["value"]) == ("carat", 90.5)


def test_a_bare_decimal_takes_the_scale_of_the_figure_before_and_joins_its_sum() -> None:
    seed = drafted(
        "Ekati produced 1.35 million carats in 2018, of which Misery supplied 1.02 million "
        "carats and Sable 0.33."
    )
    sable = seed["by"]["0.33"]
    assert (sable["value"], sable["scale"], sable["precision"]) == (330_000, 1_000_000, 5_000)
    assert seed["sums"][0]["parts"][1] == sable["quantity"]


def test_two_changes_listed_take_their_measures_in_turn_and_the_level_s_year() -> None:
    by = drafted(
        "Catoca's output fell 8.0% and 6.9% in volume and value respectively, from 7.2 million "
        "carats and US$14.96 billion in 2017, to 6.62 million carats and US$13.93 billion in 2018."
    )["by"]
    assert by["8.0%"]["quantity"] == by["7.2 million carats"]["quantity"]
    assert by["6.9%"]["quantity"] == by["US$14.96 billion"]["quantity"]
    assert (by["6.9%"]["period"], by["6.9%"]["base_period"]) == ("2018", "2017")


def test_parts_in_turn_are_summed_only_when_the_text_says_they_are_all() -> None:
    counted = drafted(
        "Lucara's three mines produced 6.0 million carats in 2018. Karowe produced 3.0 "
        "million carats. Lerala produced 2.0 million carats. Ghaghoo produced 1.0 million carats."
    )
    assert len(counted["sums"][0]["parts"]) == 3
    some = drafted(
        "Okavango's total production was 7.9 million carats in 2018. Karowe produced 2.9 "
        "million carats. Lerala produced 2.4 million carats."
    )
    assert "sums" not in some
    assert "does not say they are all its parts" in some["toml"]


def test_bases_listed_after_from_are_bases_of_each_kind() -> None:
    by = drafted(
        "Catoca's sales rose 4.0% and 2.5% respectively in volume and value, to 6.76 million "
        "carats and US$1.23 billion in 2018, from 6.5 million carats and US$1.2 billion in 2017."
    )["by"]
    assert by["6.5 million carats"]["period"] == "2017"
    assert by["6.5 million carats"]["quantity"] == by["4.0%"]["quantity"]


def test_imports_plus_exports_is_trade_and_imports_and_exports_are_two_flows() -> None:
    assert read_words("Rough diamond trade — imports plus exports — declined")["flow"] == "trade"
    assert read_words("Imports and exports fell 5% and 3% respectively")["flow"] != "trade"
    assert read_words("the balance of imports and exports")["flow"] != "trade"


def test_months_listed_before_their_figures_take_them_in_turn() -> None:
    by = drafted(
        "Exports for January to March 2025 totalled US$132.0 million. Export values for "
        "January and February have been revised to US$38.9 million and US$44.5 million "
        "respectively. Cumulative volumes reached 441,200 carats (January: 131,000 carats; "
        "February: 148,200 carats; March: 162,000 carats).",
        dateline="MASERU, 17 April 2025 – ",
    )["by"]
    assert by["US$38.9 million"]["period"] == "2025-01"
    assert by["US$44.5 million"]["period"] == "2025-02"
    # a list of months said in passing leaves the text on its quarter: cumulative is to date
    assert by["441,200 carats"]["period"] == "2025-01/2025-03"
    assert by["162,000 carats"]["period"] == "2025-03"  # "March:" labels, as "February:" does


def test_a_capitalised_first_word_the_text_writes_in_lower_case_names_no_one() -> None:
    seed = drafted(
        "Belgium took 61% of the value of rough diamond exports. Export volumes grew 7.6% to "
        "162,000 carats. Export values rose 18% to US$48.6 million.",
        dateline="MASERU, 17 April 2025 – ",
    )
    assert "export" not in {e["key"] for e in seed.get("organisations", [])}
    assert not any(k.startswith("export") for k in seed["by"]["7.6%"].get("quantity", "export"))


def test_a_share_s_part_is_not_what_the_next_sentences_are_about() -> None:
    by = drafted(
        "The value of rough diamond exports rose to US$48.6 million in March 2025. Belgium "
        "took 61% of March export value, followed by the United Arab Emirates with 27%.\n\n"
        "Exports for January to March 2025 totalled US$132.0 million.",
        dateline="MASERU, 17 April 2025 – ",
    )["by"]
    assert by["US$132.0 million"]["subject"] == by["US$48.6 million"]["subject"]


def test_a_span_of_months_is_no_destination() -> None:
    assert "modifier" not in read_words("Exports for January to March 2025 totalled")
    assert read_words("exports to Belgium rose")["modifier"] == "Belgium"


def test_a_bare_level_compared_with_carats_is_in_carats() -> None:
    by = drafted(
        "- Carats recovered of 1.74 million in the third quarter of 2018, compared with 1.91 "
        "million a year earlier, a decrease of 9%."
    )["by"]
    assert by["1.91 million"]["unit"] == "carat"
    assert by["1.91 million"]["quantity"] == by["1.74 million"]["quantity"]


def test_a_bare_level_a_change_starts_from_takes_the_unit_of_its_quantity() -> None:
    by = drafted(
        "Carats recovered were 1.74 million in the third quarter of 2018, a decrease of 9% on "
        "the 1.91 million of a year earlier."
    )["by"]
    assert by["1.91 million"]["unit"] == "carat"
    assert by["1.91 million"]["period"] == "2017-07/2017-09"


def test_a_level_in_another_unit_than_its_quantity_is_left_off_it() -> None:
    level = FoundNumber(0, 12, "1.91 million", 1.91e6, "count", 5e3, None, "amount")
    figure = DraftFigure(level, {"key": "k", "unit": "count", "quantity": "q"})
    registry = Registry(Keys("test", ()), {"q": {"key": "q", "unit": "carats"}})
    keep_units([figure], registry, ())
    assert "quantity" not in figure.row
    assert "left off the quantity" in figure.comments[-1]


def test_weeks_to_a_day_are_a_span_of_days_and_last_year_the_same_weeks() -> None:
    by = drafted(
        "Hallworth & Greene plc, with 176 stores, issues a trading update for the ten weeks to "
        "4 January 2025.\n\nGroup sales for the Christmas period were £214.6 million. Online "
        "sales were up 8% from £54.1 million last year and accounted for 27% of group sales. "
        "Year to date, for the 48 weeks to 4 January 2025, sales were £742.9 million.",
        dateline="LONDON, 9 January 2025 — ",
    )["by"]
    assert by["£214.6 million"]["period"] == "2024-10-27/2025-01-04"
    assert by["£54.1 million"]["period"] == "2023-10-27/2024-01-04"
    assert by["27%"]["period"] == "2024-10-27/2025-01-04"
    assert by["£742.9 million"]["period"] == "2024-02-04/2025-01-04"


def test_the_month_in_a_year_not_over_is_the_last_month_ended() -> None:
    by = drafted(
        "POLISHED PRICE REPORT: SEPTEMBER 2019\n\nPrices weakened for a fourth consecutive "
        "month in September.\n\nTrading. Deal value on the network was $414 million in "
        "September versus $455 million "
        "in August, a decline of 9%. Buyers in the United States were the most active as they "
        "prepared for the holiday season, while activity from Hong Kong and mainland China was "
        "the weakest of the year.\n\nShapes. Round brilliants accounted for "
        "61% of the value of goods listed at the end of the month.",
        dateline="RAMAT GAN, 3 October 2019 — ",
    )["by"]
    assert by["61%"]["period"] == "2019-09"


def test_a_title_in_capitals_does_not_run_a_name_into_its_verb() -> None:
    text = (
        "Kalahari Tender House Closes September Tender at US$43.91 mn\n\nANTWERP, 21 September "
        "2017 — Kalahari Tender House, which markets run-of-mine production, today announced "
        "its results. A total of 1,386 lots weighing 74,915.62 cts were sold for US$43.91 mn.\n"
    )
    toml = draft_seed(text, "t.txt", CONTEXT, today=dt.date(2020, 1, 1)).toml
    assert "kalahari-tender-house-closes" not in toml
    assert "kalahari-tender-house-diamond-sales-value" in toml


def test_a_signed_change_in_a_table_is_written_as_its_size() -> None:
    by = drafted(
        "Ore treated in the third quarter of 2018 (000 tonnes):\n"
        "                  Q3 2018    Q3 2017    Change\n"
        "  Nanook pipe         298        341      -13%\n"
    )["by"]
    change = by["13%"]
    assert (change["value"], change["direction"]) == (13, "down")


def test_lab_grown_diamonds_are_a_product_of_their_own() -> None:
    assert read_words("Exports of polished lab-grown diamonds soared")["product"] == "labgrown"
    assert read_words("synthetic diamond imports")["product"] == "labgrown"
    assert read_words("polished diamond exports")["product"] == "polished"


def test_a_gap_between_two_flows_is_no_level_of_either() -> None:
    by = drafted(
        "Polished exports were US$1,612.4 million in July 2018. Rough diamond imports declined "
        "14.3% to US$1,288.0 million from US$1,503.6 million, leaving polished exports "
        "US$324.4 million ahead of rough imports for the month."
    )["by"]
    assert "quantity" not in by["US$324.4 million"]
    assert by["US$1,288.0 million"]["quantity"]


def test_year_to_date_at_the_end_of_a_month_ends_with_that_month() -> None:
    by = drafted(
        "Gahcho Kué recovered 7.03 million carats in 2018.\n\nYear-to-date recoveries had "
        "stood at 5.20 million carats at the end of September, making the fourth quarter the "
        "strongest of the year.",
        dateline="Toronto, January 22, 2019 – ",
    )["by"]
    assert by["5.20 million carats"]["period"] == "2018-01/2018-09"


def test_a_paragraph_after_a_list_of_parts_is_about_the_whole_again() -> None:
    by = drafted(
        "Artisanal diamond production in the DRC totalled 10.05 million carats in 2021.\n\n"
        "Production by province in 2021:\n- Kasaï-Oriental: 4.86 Mct\n- Tshopo and other "
        "provinces: 0.43 Mct\n\nProduction was stronger in the second half of the year, with "
        "5.32 Mct certified between July and December.",
        dateline="Kinshasa, 3 March 2022 – ",
    )["by"]
    assert "tshopo" not in by["5.32 Mct"].get("quantity", "")
    assert "kasai-oriental" in by["4.86 Mct"]["quantity"]


def test_the_nine_months_to_a_month_run_from_january() -> None:
    by = drafted(
        "Revenue for the nine months to September was US$ 131.2 million, comprising US$ 39.9 "
        "million in the first quarter, US$ 42.7 million in the second and US$ 48.6 million in "
        "the third.",
        dateline="MASERU, 19 October 2023 – ",
    )["by"]
    assert by["US$ 131.2 million"]["period"] == "2023-01/2023-09"


def test_a_price_in_brackets_after_a_value_is_no_base() -> None:
    by = drafted(
        "The August tender sold 12,950 carats for US$ 21.3 million (US$ 1,645 per carat).",
        dateline="MASERU, 19 October 2023 – ",
    )["by"]
    assert by["US$ 1,645 per carat"]["period"] == by["US$ 21.3 million"]["period"] == "2023-08"


def test_a_change_below_last_year_s_level_reaches_back_a_year() -> None:
    by = drafted(
        "Volumes fell 8.9% to 15.92 million carats in 2018, putting the average export price "
        "at US$654 per carat, nearly 5% below last year's US$688."
    )["by"]
    assert by["nearly 5%"]["direction"] == "down"
    assert by["US$688"]["period"] == "2017"


def test_earnings_from_exports_are_the_exports() -> None:
    assert read_words("Namibia earned")["flow"] == "revenue"
    by = drafted(
        "Namibia earned N$4,205.7 million from diamond exports in the third quarter of 2018, "
        "14.6% more than the N$3,669.9 million recorded in July-September 2017."
    )["by"]
    assert "exports" in by["N$4,205.7 million"]["quantity"]


def test_a_text_without_a_title_line_talks_about_its_first_period_again() -> None:
    text = (
        "WINDHOEK, 28 November 2022 - Namibia earned N$4,205.7 million from diamond exports in "
        "the third quarter of 2022, 14.6% more than the N$3,669.9 million recorded in "
        "July-September 2021, the national statistics agency said in its quarterly bulletin.\n\n"
        "Compared with the second quarter, when exports were valued at N$3,966.1 million, "
        "receipts rose 6.0%. Together with first-quarter shipments of N$3,412.8 million, that "
        "took diamond exports for January-September to N$11,584.6 million.\n\nBy destination, "
        "Belgium took N$773.8 million of the quarter's diamond exports.\n"
    )
    seed = tomllib.loads(draft_seed(text, "t.txt", CONTEXT, today=dt.date(2023, 1, 1)).toml)
    by = {f["written"]: f for f in seed["figures"]}
    assert by["N$773.8 million"]["period"] == "2022-07/2022-09"


def test_words_that_look_like_names_and_are_not() -> None:
    # "Mines in …" is no alias of the company; "The Group" opening a sentence is the group;
    # "Underlying EBITDA" is a measure; "the Lesotho-focused miner" is the miner
    seed = drafted(
        "Maloti Highlands Diamonds plc reported results for 2021.\n\nThe Group's sales were "
        "US$97.6 million in 2021. Underlying EBITDA was US$38.1 million in 2021.\n\nThe "
        "Lesotho-focused miner sold 53,980 carats in 2021. Mines in Botswana produced 20.5 "
        "million carats in 2021."
    )
    by = seed["by"]
    assert by["US$97.6 million"]["quantity"].startswith("maloti-highlands-diamonds-")
    assert by["US$38.1 million"]["quantity"].startswith("maloti-highlands-diamonds-")
    assert by["53,980 carats"]["quantity"].startswith("maloti-highlands-diamonds-")
    assert by["20.5 million carats"]["quantity"].startswith("botswana-")
    names = {o["name"] for o in seed.get("organisations", [])}
    assert not names & {"The Group", "Underlying EBITDA", "Lesotho-focused"}


def test_a_heading_names_the_period_of_the_paragraphs_under_it() -> None:
    by = drafted(
        "December 2018\n\nALROSA's sales in December amounted to USD 226.5 million.\n\nFull "
        "year 2018\n\nALROSA's sales of rough diamonds rose 9% year on year to USD 4.555 "
        "billion.\n\nSales of polished diamonds climbed 6% to USD 102.4 million."
    )["by"]
    assert by["USD 226.5 million"]["period"] == "2018-12"
    assert by["USD 4.555 billion"]["period"] == "2018"
    assert by["USD 102.4 million"]["period"] == "2018"


def test_a_pula_or_rand_amount_and_a_pit_named_p2() -> None:
    by = drafted(
        "Botswana's exports were P12,064.3 million in 2019, from P 13,022.7 million in 2018. "
        "De Beers Consolidated Mines sold R1.4 billion in 2019. Pit P2 produced 1,200 carats."
    )["by"]
    assert (by["P12,064.3 million"]["unit"], by["P 13,022.7 million"]["unit"]) == ("BWP", "BWP")
    assert by["R1.4 billion"]["unit"] == "ZAR"
    assert "P2" not in by


def test_a_share_after_a_count_is_of_the_flow_it_names() -> None:
    # "of active bidders" after a count of companies names no whole; "of all Russian imports"
    # names a flow, its whole
    by = drafted(
        "AWDC defends the interests of its 1,600 companies. Rough diamonds are the second "
        "leading import product from Russia to Belgium, representing 33% of all Russian imports "
        "in 2017."
    )["by"]
    assert "imports" in by["33%"]["whole"]


def test_a_part_of_the_prior_year() -> None:
    by = drafted(
        "Ekati sold 1,121 thousand carats in the third quarter of 2018. That compares with 855 "
        "thousand carats sold in the third quarter of the prior year."
    )["by"]
    assert by["855 thousand carats"]["period"] == "2017-07/2017-09"
