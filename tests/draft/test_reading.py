"""The phases that read a release: periods, quantities, relations and revisions, each tried on
sentences of its own in the wording of other trade bulletins."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest

from dbtool.draft.drafter import DraftContext, draft_seed
from dbtool.draft.names import KnownEntity
from dbtool.draft.profiles import KnownQuantity, Profile
from tests.draft.test_draft import QUALIFIERS

CONTEXT = DraftContext(
    entities=(
        KnownEntity("alrosa", "organisation", "ALROSA", ("ALROSA",)),
        KnownEntity("russia", "place", "Russia", ("Russia",)),
    ),
    qualifiers=QUALIFIERS,
    quantities=(
        KnownQuantity(
            "alrosa-diamond-sales",
            "ALROSA Group's sales of rough and polished diamonds",
            "USD",
            "value",
            Profile("alrosa", "sales", "all", "value"),
        ),
    ),
    figures={("alrosa-diamond-sales", "2017"): "alrosa-sales-2017-total"},
)


def drafted(body: str, dateline: str = "Moscow, 12 March 2019 – ") -> dict[str, Any]:
    text = f"A test release\n\n{dateline}{body}\n"
    toml = draft_seed(text, "test.txt", CONTEXT, today=dt.date(2020, 1, 1)).toml
    seed = tomllib.loads(toml)
    seed["toml"] = toml
    seed["by"] = {f["written"]: f for f in seed["figures"]}
    return seed


def test_a_level_and_its_base_in_one_sentence_get_their_own_years() -> None:
    seed = drafted("Exports reached USD 2.4 billion in 2018, against USD 2.1 billion in 2017.")
    by = seed["by"]
    assert (by["USD 2.4 billion"]["period"], by["USD 2.1 billion"]["period"]) == ("2018", "2017")


def test_a_change_takes_its_level_period_and_its_base_from_the_comparison() -> None:
    seed = drafted(
        "Output climbed 7% to 12.5 million carats in the fourth quarter of 2018, compared "
        "with 11.7 million carats in the same quarter of 2017."
    )
    change = seed["by"]["7%"]
    assert (change["period"], change["base_period"], change["direction"]) == (
        "2018-10/2018-12",
        "2017-10/2017-12",
        "up",
    )
    assert seed["by"]["11.7 million carats"]["period"] == "2017-10/2017-12"


def test_a_sentence_looking_back_makes_its_change_the_present_one() -> None:
    seed = drafted(
        "Mines produced 150 million carats in 2018. In 2017 they had produced 140 million "
        "carats, so production rose 7% in volume."
    )
    change = seed["by"]["7%"]
    assert (change["period"], change["base_period"]) == ("2018", "2017")


def test_a_new_paragraph_talks_about_the_text_period_again() -> None:
    seed = drafted(
        "Sales in the first half of 2018 were USD 2 billion. June sales were USD 0.3 "
        "billion.\n\nRough exports were USD 1.1 billion."
    )
    assert seed["by"]["USD 1.1 billion"]["period"] == "2018-01/2018-06"


def test_a_quantity_the_database_knows_is_reused_and_value_and_volume_are_two() -> None:
    seed = drafted(
        "ALROSA's diamond sales rose 5% year on year to USD 310 million in February. The "
        "Group sold 2.9 million carats."
    )
    by = seed["by"]
    assert by["USD 310 million"]["quantity"] == by["5%"]["quantity"] == "alrosa-diamond-sales"
    assert by["2.9 million carats"]["quantity"] not in (None, "alrosa-diamond-sales")


def test_a_new_quantity_is_named_from_its_parts() -> None:
    seed = drafted("Angolan output rose 4% to 9.4 million carats in 2018.")
    key = seed["by"]["9.4 million carats"]["quantity"]
    assert key == "angola-diamond-production-volume"
    [quantity] = [q for q in seed["quantities"] if q["key"] == key]
    assert quantity["name"] == "Angola's rough diamond production, by volume"


def test_shares_of_one_whole_are_a_partition_and_their_parts_quantities() -> None:
    seed = drafted(
        "India's gross exports came to USD 10 billion in 2018. Polished diamonds accounted "
        "for 70% of the total, gold jewellery for 20% and other products for 5%."
    )
    by = seed["by"]
    wholes = {by[w]["whole"] for w in ("70%", "20%", "5%")}
    assert wholes == {by["USD 10 billion"]["quantity"]}
    [partition] = seed["partitions"]
    assert partition["whole"] == by["USD 10 billion"]["quantity"]
    assert len(partition["parts"]) == 3


def test_a_price_with_its_value_and_volume_is_a_ratio() -> None:
    seed = drafted(
        "Russia's output was worth USD 4.3 billion in 2018, or 42 million carats at an "
        "average price of USD 102 per carat."
    )
    by = seed["by"]
    [ratio] = seed["ratios"]
    assert (ratio["result"], ratio["numerator"], ratio["denominator"]) == (
        by["USD 102 per carat"]["quantity"],
        by["USD 4.3 billion"]["quantity"],
        by["42 million carats"]["quantity"],
    )


def test_a_net_figure_is_the_difference_of_the_flows_stated() -> None:
    seed = drafted(
        "Belgium's rough imports were USD 5 billion in 2018 and rough exports USD 6 billion, "
        "leaving net rough imports at minus USD 1 billion."
    )
    by = seed["by"]
    [net] = [s for s in seed["sums"] if s.get("minus")]
    assert net["total"] == by["minus USD 1 billion"]["quantity"]
    assert net["parts"] == [by["USD 5 billion"]["quantity"]]
    assert net["minus"] == [by["USD 6 billion"]["quantity"]]


def test_a_restated_figure_revises_the_one_the_database_holds() -> None:
    seed = drafted("ALROSA restated its 2017 diamond sales at USD 4.29 billion.")
    figure = seed["by"]["USD 4.29 billion"]
    assert (figure["quantity"], figure["revises"]) == (
        "alrosa-diamond-sales",
        "alrosa-sales-2017-total",
    )


def test_a_part_read_as_its_whole_is_left_off_the_quantity() -> None:
    seed = drafted(
        "Revenue was USD 107 million in 2018, of which the Karowe mine contributed USD 95 million."
    )
    by = seed["by"]
    assert by["USD 107 million"].get("quantity") != by["USD 95 million"].get("quantity")


def test_a_rank_is_held_against_the_values_of_its_ranking() -> None:
    seed = drafted(
        "Russia produced 40 million carats in 2018. Botswana produced 24 million carats and "
        "Canada 23 million carats, making Canada the third-largest producer by volume."
    )
    rank = seed["by"]["third-largest"]
    [ranking] = [r for r in seed["rankings"] if r["key"] == rank["ranking"]]
    assert rank["quantity"] == "canada-diamond-production-volume"
    assert set(ranking["members"]) >= {
        "russia-diamond-production-volume",
        "botswana-diamond-production-volume",
        "canada-diamond-production-volume",
    }


def test_a_count_of_some_of_an_earlier_count_is_its_part() -> None:
    seed = drafted(
        "The tender drew 40 registered buyers, and 12 of them were companies from Antwerp, "
        "Lucara said."
    )
    by = seed["by"]
    whole, part = by["40"]["quantity"], by["12"]["quantity"]
    assert whole != part
    [partition] = seed["partitions"]
    assert (partition["whole"], partition["parts"]) == (whole, [part])
    [named] = [q for q in seed["quantities"] if q["key"] == part]
    assert named["name"].endswith("that are companies from Antwerp")


def test_a_count_with_nothing_counted_before_it_stays_alone() -> None:
    seed = drafted("Of the stones offered, 12 of them were sold to Antwerp companies.")
    assert "quantity" not in seed["by"]["12"]
    assert seed.get("partitions", []) == []


def test_a_share_of_the_total_value_of_a_thing_is_of_that_thing_not_an_earlier_total() -> None:
    seed = drafted(
        "Antwerp's 1,600 companies traded rough diamonds in 2018. ALROSA supplied 21% of "
        "the total value of Antwerp's rough diamond trade in 2018."
    )
    by = seed["by"]
    assert by["21%"]["whole"] != by["1,600"].get("quantity")
    [whole] = [q for q in seed["quantities"] if q["key"] == by["21%"]["whole"]]
    assert whole["measure"] == "value"


def test_an_abbreviation_after_a_later_use_of_a_name_is_that_organisation() -> None:
    """The title names the company; the body's "(ODC)" still makes every "ODC" it."""
    text = (
        "Okavango Diamond Company posts higher sales\n\n"
        "Gaborone, 24 July 2019 – Okavango Diamond Company (ODC) sold rough diamonds worth "
        "USD 241.6 million in the first half of 2019, up 7% from USD 225.8 million a year "
        "earlier. ODC sold 1.46 million carats in the first half of 2019.\n"
    )
    seed = tomllib.loads(draft_seed(text, "t.txt", CONTEXT, today=dt.date(2020, 1, 1)).toml)
    subjects = {f.get("subject") for f in seed["figures"] if f["unit"] != "year"}
    assert subjects == {"okavango-diamond-company"}
    by = {f["written"]: f for f in seed["figures"]}
    assert by["USD 241.6 million"]["quantity"] == by["7%"]["quantity"]


def test_a_price_takes_the_value_a_paragraph_before_when_its_flow_is_the_same() -> None:
    seed = drafted(
        "Okavango Diamond Company sold rough diamonds worth USD 241.6 million in 2018.\n\n"
        "Volumes were broadly stable. Okavango Diamond Company sold 1.46 million carats of "
        "rough diamonds in 2018, so the average price of its rough diamond sales was "
        "USD 165 per carat."
    )
    by = seed["by"]
    [ratio] = seed["ratios"]
    assert (ratio["result"], ratio["numerator"], ratio["denominator"]) == (
        by["USD 165 per carat"]["quantity"],
        by["USD 241.6 million"]["quantity"],
        by["1.46 million carats"]["quantity"],
    )


def _claims(seed: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    return {
        (c["quantity"], c["period"], c["relation"], c["other_period"])
        for c in seed.get("comparisons", [])
    }


def test_a_direction_of_coordinated_products_is_a_claim_on_each_stated_level() -> None:
    seed = drafted(
        "Last year India's exports of rough and polished diamonds were both higher by volume. "
        "Polished exports rose 4% to 3.2 million carats in 2018. Rough exports came to 20.1 "
        "million carats in 2018."
    )
    by = seed["by"]
    assert _claims(seed) == {
        (by["3.2 million carats"]["quantity"], "2018", "higher", "2017"),
        (by["20.1 million carats"]["quantity"], "2018", "higher", "2017"),
    }


def test_a_direction_referring_back_is_a_claim_on_the_level_just_before() -> None:
    seed = drafted(
        "Botswana's rough sales reached USD 300 million in the third quarter of 2018, but the "
        "average price fell 5% to USD 150 per carat. Traders put the weaker price down to a "
        "mix of smaller goods."
    )
    price = seed["by"]["USD 150 per carat"]
    assert _claims(seed) == {(price["quantity"], price["period"], "lower", "2017-07/2017-09")}


def test_a_direction_two_quantities_fit_is_left_out_with_a_comment() -> None:
    seed = drafted(
        "Exports were lower in value. Israel's polished exports were USD 4 billion in 2018 and "
        "India's polished exports USD 24 billion."
    )
    assert _claims(seed) == set()
    assert "'Exports were lower in value.' may be about this quantity or another" in seed["toml"]


def test_a_direction_is_not_about_a_net_flow_nor_a_clause_with_a_number() -> None:
    seed = drafted(
        "Israel's polished shipments were higher in value. Israel's polished exports rose to "
        "USD 2 billion in 2018; its net polished exports were USD 0.3 billion. Israel's rough "
        "exports were lower in value at USD 1 billion in 2018."
    )
    by = seed["by"]
    assert _claims(seed) == {(by["USD 2 billion"]["quantity"], "2018", "higher", "2017")}


def test_a_net_of_one_product_defined_by_bare_flows_nets_that_products_flows() -> None:
    seed = drafted(
        "Botswana's rough exports were USD 4.1 billion in 2018. Botswana's net rough exports, "
        "exports minus imports, came to USD 3.5 billion in 2018."
    )
    by = seed["by"]
    [net] = [s for s in seed["sums"] if s.get("minus")]
    assert net["total"] == by["USD 3.5 billion"]["quantity"]
    assert net["parts"] == [by["USD 4.1 billion"]["quantity"]]
    assert net["minus"] == ["botswana-rough-imports-value"]
    assert "unsure: stated by no figure here" in seed["toml"].split('key = "botswana-rough-imp')[0]


def test_a_net_of_totals_is_the_nets_of_rough_and_polished_the_text_states() -> None:
    seed = drafted(
        "Israel's net polished exports were USD 1.2 billion in 2018 and its net rough imports "
        "USD 0.5 billion. Israel's diamond trade balance, total exports minus total imports, "
        "was USD 0.7 billion in 2018."
    )
    by = seed["by"]
    [net] = [s for s in seed["sums"] if s.get("minus")]
    assert (net["total"], net["basis"]) == (by["USD 0.7 billion"]["quantity"], "inferred")
    assert net["parts"] == [by["USD 1.2 billion"]["quantity"]]
    assert net["minus"] == [by["USD 0.5 billion"]["quantity"]]


def test_a_net_of_totals_without_both_products_netted_stays_as_written() -> None:
    seed = drafted(
        "Israel's net polished exports were USD 1.2 billion in 2018. Israel's diamond trade "
        "balance, total exports minus total imports, was USD 0.7 billion in 2018."
    )
    [net] = [s for s in seed["sums"] if s.get("minus")]
    assert (net["name"], net["basis"]) == ("total exports minus total imports", "stated")


def test_a_place_ahead_of_or_behind_another_subject_compares_their_levels() -> None:
    seed = drafted(
        "Angola's production was worth USD 1.1 billion in 2018. Namibia's production, worth "
        "USD 1.3 billion in 2018, overtook Angola. South Africa's production was worth USD 1.5 "
        "billion in 2018, second only to Namibia."
    )
    by = seed["by"]
    angola, namibia, south_africa = (
        by[w]["quantity"] for w in ("USD 1.1 billion", "USD 1.3 billion", "USD 1.5 billion")
    )
    pairs = {(c["quantity"], c["relation"], c.get("other")) for c in seed["comparisons"]}
    assert pairs == {(namibia, "higher", angola), (namibia, "higher", south_africa)}


def test_a_place_against_a_subject_the_text_gives_no_level_of_is_no_claim() -> None:
    seed = drafted("Namibia's production, worth USD 1.3 billion in 2018, overtook Angola.")
    assert seed.get("comparisons", []) == []


@pytest.mark.parametrize(
    ("rest", "parts"),
    [
        ("while Canada and Namibia accounted for the rest", 0),
        ("and the rest came from Canada, 1.1 million carats", 3),
        ("and Canada 1.1 million carats", 3),
        ("and other mines the remaining 1.1 million carats", 3),
    ],
)
def test_a_sum_is_drafted_only_of_all_its_parts(rest: str, parts: int | tuple[int, ...]) -> None:
    """Listed parts add up to the total only when every one of them, and the rest if the
    text names it, states its figure: never a sum of some of them."""
    seed = drafted(
        "De Beers produced 7.9 million carats in 2018. Of the total, Botswana produced "
        f"5.6 million carats and South Africa 1.2 million carats, {rest}."
    )
    counts = [len(s["parts"]) for s in seed.get("sums") or []] or [0]
    assert counts[0] in (parts if isinstance(parts, tuple) else (parts,)), seed.get("sums")
    assert ("leave out 'the rest', which states no figure" in seed["toml"]) is (rest[:5] == "while")


@pytest.mark.parametrize(
    ("when", "period", "base"),
    [
        ("For the fiscal year that ended March 31,", "2018-04/2019-03", "2017-04/2018-03"),
        ("In the three months to 30 September 2019,", "2019-07/2019-09", "2018-07/2018-09"),
        ("In the quarter ended September 30,", "2019-07/2019-09", "2018-07/2018-09"),
        ("In the six months which ended on June 30,", "2019-01/2019-06", "2018-01/2018-06"),
    ],
)
def test_a_span_to_a_day_is_its_months_even_without_its_year(
    when: str, period: str, base: str
) -> None:
    """'The year that ended March 31' in a release of October 2019 ended on 31 March 2019."""
    seed = drafted(
        f"Exports were USD 2 billion in August. {when} exports fell 6% to USD 23.8 billion.",
        dateline="Mumbai, 15 October 2019 - ",
    )
    change = seed["by"]["6%"]
    assert (seed["by"]["USD 23.8 billion"]["period"], change["period"]) == (period, period)
    assert change["base_period"] == base


def test_a_fiscal_year_the_text_never_ends_dates_nothing() -> None:
    """'The first quarter of FY 2020' of a company whose fiscal year the text does not give:
    no period for its level, its change left out (commented), and 2020 is no figure."""
    seed = drafted(
        "Revenue was USD 119.2 million for the first quarter of FY 2020, up 4% from USD "
        "114.6 million a year earlier.",
        dateline="Johannesburg, 15 October 2019 - ",
    )
    assert set(seed["by"]) == {"USD 119.2 million", "USD 114.6 million"}
    assert all("period" not in f for f in seed["figures"])
    assert "# not drafted: a change over a period a seed cannot name" in seed["toml"]


def test_a_flow_word_naming_who_is_not_the_flow() -> None:
    """'Exports … from producing countries': exports, not production."""
    seed = drafted(
        "World production was worth USD 13.9 billion in 2019. Exports of rough diamonds from "
        "producing countries reached USD 12.6 billion, while importing nations bought USD "
        "9.8 billion.",
        dateline="Brussels, 30 June 2020 – ",
    )
    quantities = {f["written"]: f.get("quantity") for f in seed["figures"]}
    assert quantities["USD 12.6 billion"] != quantities["USD 13.9 billion"]
    assert "exports" in (quantities["USD 12.6 billion"] or "")


def test_a_group_of_subjects_together_is_no_ones_quantity() -> None:
    """'The top three together produced 87.6 million carats' is not Canada's output."""
    seed = drafted(
        "Russia produced 45.3 million carats in 2019 and Canada 18.6 million carats. The top "
        "three together produced 87.6 million carats.",
        dateline="Brussels, 30 June 2020 – ",
    )
    group = seed["by"]["87.6 million carats"]
    assert "quantity" not in group
    assert "a group of subjects together" in seed["toml"]


def test_a_when_clause_after_a_comparison_is_of_its_period() -> None:
    """'Compared with 2018, when 147.9 million carats were mined': 2018's figures."""
    seed = drafted(
        "Production amounted to 138.4 million carats in 2019. Compared with 2018, when 147.9 "
        "million carats worth USD 14.5 billion were mined, volume declined by 6.4 per cent.",
        dateline="Brussels, 30 June 2020 – ",
    )
    by = seed["by"]
    assert (by["147.9 million carats"]["period"], by["USD 14.5 billion"]["period"]) == (
        "2018",
        "2018",
    )
    assert (by["6.4 per cent"]["period"], by["6.4 per cent"]["base_period"]) == ("2019", "2018")


def test_an_operation_in_a_figures_own_clause_sets_it_apart() -> None:
    """'while the land operations of Namdeb contributed 0.4 million carats' is the land
    operations' output, not Namdeb's total, though its flow comes from the clause before."""
    seed = drafted(
        "Namdeb Holdings produced 2.1 million carats in 2018. Debmarine Namibia recovered "
        "1.7 million carats, while the land operations of Namdeb contributed 0.4 million carats.",
        dateline="Windhoek, 28 February 2019 - ",
    )
    by = seed["by"]
    assert by["0.4 million carats"]["quantity"] != by["2.1 million carats"]["quantity"]
    assert "land" in by["0.4 million carats"]["quantity"]


def test_carats_named_before_their_number_are_its_unit() -> None:
    """'carats recovered were 1.12 million, of which …' is a volume, and the parts' total."""
    seed = drafted(
        "At the Ekati mine, carats recovered were 1.12 million in the third quarter of 2018, of "
        "which the Misery pit supplied 0.70 million carats and the Sable pit 0.42 million carats.",
        dateline="Yellowknife, 12 December 2018 - ",
    )
    assert seed["by"]["1.12 million"]["unit"] == "carat"
    [total] = seed["sums"]
    assert total["total"] == seed["by"]["1.12 million"]["quantity"]
    assert len(total["parts"]) == 2
    assert drafted("Sales were 1.12 million in 2018.")["by"]["1.12 million"]["unit"] != "carat"


def test_from_one_level_to_another_dates_each_by_its_own_words() -> None:
    by = drafted("ALROSA's sales rose from USD 3.1 billion in 2017 to USD 3.4 billion in 2018.")[
        "by"
    ]
    assert (by["USD 3.1 billion"]["period"], by["USD 3.4 billion"]["period"]) == ("2017", "2018")


def test_some_of_an_earlier_count_and_their_share_of_it() -> None:
    seed = drafted("ALROSA has 55 long-term clients, and 21 of them, or 38%, are members of AWDC.")
    by = seed["by"]
    assert by["38%"]["whole"] == by["55"]["quantity"]
    assert by["38%"]["quantity"] == by["21"]["quantity"] != by["55"]["quantity"]
    assert "a share of what?" not in seed["toml"]
    assert all(not q["name"].startswith("the whole of") for q in seed["quantities"])


def test_figures_of_an_event_within_a_year_are_its_own_and_undated() -> None:
    by = drafted(
        "Okavango Diamond Company said its sixth spot auction of 2019 realised USD 41.2 "
        "million from the sale of 402,158 carats. So far in 2019 it has sold 1.9 million "
        "carats."
    )["by"]
    event = by["402,158 carats"]
    assert "period" not in event and "sixth-spot-auction-of-2019" in event["quantity"]
    assert by["1.9 million carats"].get("quantity") != event["quantity"]
    assert "period" not in by["1.9 million carats"]  # "so far in 2019" is no calendar year


def test_figures_of_several_events_in_one_sentence_get_no_event_of_their_own() -> None:
    # Which undated figure is the second cycle of 2019's and which 2018's is not said.
    by = drafted(
        "De Beers said the value of its rough diamond sales for the second sales cycle of 2019 "
        "was USD 505 million, 7% below the USD 545 million of the first cycle in January and "
        "down from USD 540 million in the second cycle of 2018."
    )["by"]
    assert not by["USD 505 million"].get("quantity")
    assert not by["USD 540 million"].get("quantity")


def test_a_span_of_months_names_no_one_and_an_ampersand_joins_a_name() -> None:
    seed = drafted(
        "India's polished exports rose 5% in November, the Gem & Jewellery Export Promotion "
        "Council said. For the April-November period, polished exports stood at USD 13,961.4 "
        "million."
    )
    names = [o["name"] for o in seed.get("organisations", [])]
    assert "Gem & Jewellery Export Promotion Council" in names
    assert "April-November" not in seed["toml"].split("# Declare them")[-1].split("\n\n")[0]
    assert all("april" not in q["key"] for q in seed["quantities"])


def test_a_currency_names_no_country_and_a_forecast_is_no_level() -> None:
    seed = drafted(
        "Lucara reported revenue of US$49.7 million in the second quarter of 2019. Guidance "
        "for 2019 is unchanged at between 800,000 and 840,000 carats."
    )
    assert "united-states" not in seed["toml"]
    assert not seed["by"]["800,000"].get("quantity")


def test_followed_by_names_the_next_subject_of_a_list() -> None:
    by = drafted(
        "Russia remained the largest producer with 45.3 million carats in 2019, followed by "
        "Botswana with 23.7 million carats and Canada with 18.6 million carats."
    )["by"]
    assert [by[w]["subject"] for w in ("45.3 million carats", "23.7 million carats")] == [
        "russia",
        "botswana",
    ]
    assert by["23.7 million carats"]["quantity"] != by["45.3 million carats"]["quantity"]


def test_a_flow_to_or_from_a_country_is_its_subjects_by_that_country() -> None:
    by = drafted(
        "Belgium's rough diamond exports to India totalled USD 2.1 billion in 2019. Rough "
        "diamond imports into Antwerp totalled USD 8.8 billion in 2019."
    )["by"]
    exports, imports = by["USD 2.1 billion"], by["USD 8.8 billion"]
    assert exports["subject"] == "belgium" and "india" in exports["quantity"]
    assert imports["subject"] != "world"


def test_a_change_over_a_level_takes_it_as_its_base() -> None:
    by = drafted(
        "Production climbed to 9.1 million carats in 2019, an increase of 8.3% over the 8.4 "
        "million carats mined a year before."
    )["by"]
    assert by["8.4 million carats"]["period"] == "2018"
    assert (by["8.3%"]["period"], by["8.3%"]["base_period"]) == ("2019", "2018")


@pytest.mark.parametrize("suffix", ["Limited", "PJSC", "LLC", "Plc"])
def test_a_company_suffix_names_an_organisation_not_a_person(suffix: str) -> None:
    seed = drafted(f"Lucapa Diamond {suffix} said Lulo recovered 5,412 carats in 2019.")
    named = {o["name"] for o in seed.get("organisations", [])}
    assert f"Lucapa Diamond {suffix}" in named
    assert not seed.get("people")


@pytest.mark.parametrize(
    ("words", "period"),
    [
        ("the first eleven months of the year", "2019-01/2019-11"),
        ("the first nine months of the year", "2019-01/2019-09"),
        ("the first half of the year", "2019-01/2019-06"),
    ],
)
def test_a_part_of_the_year_is_that_part_not_the_year(words: str, period: str) -> None:
    seed = drafted(
        f"Imports fell 19% year on year to HK$ 6.1 billion in November 2019. In {words}, "
        "polished imports totalled HK$ 75.2 billion.",
        dateline="Hong Kong, 20 December 2019 – ",
    )
    assert seed["by"]["HK$ 75.2 billion"]["period"] == period


def test_a_text_that_names_no_subject_drafts_its_figures_as_comments_not_a_crash() -> None:
    text = "Tender results\n\nMore than 180 companies viewed the goods.\n"
    toml = draft_seed(text, "test.txt", CONTEXT, today=dt.date(2020, 1, 1)).toml
    assert tomllib.loads(toml).get("figures", []) == []
    assert "names no organisation or place" in toml


def test_a_span_of_days_names_no_period_and_a_name_stays_on_its_line() -> None:
    seed = drafted(
        "ALROSA sold diamonds worth USD 338.7 million in September 2018.\n\nYear-to-date\n"
        "More than 180 companies viewed ALROSA's goods during the ten-day viewing period."
    )
    assert seed["by"]["More than 180"].get("period") in (None, "2018-09", "2018-01/2018-09")
    names = [e["name"] for kind in ("organisations", "places") for e in seed.get(kind, [])]
    assert not any("\n" in name for name in names)
    assert not any("\n" in q["name"] for q in seed.get("quantities", []))


def test_a_value_far_from_one_said_before_is_left_off_the_quantity() -> None:
    seed = drafted(
        "ALROSA sold diamonds worth USD 338.7 million in September 2018. Special stones "
        "fetched USD 17.6 million in September 2018. The remaining goods fetched USD 321.1 "
        "million in September 2018."
    )
    by = seed["by"]
    assert by["USD 338.7 million"]["quantity"] == "alrosa-diamond-sales"
    assert "quantity" not in by["USD 17.6 million"]
    assert by["USD 321.1 million"].get("quantity") != "alrosa-diamond-sales"


def test_a_level_left_off_takes_its_base_and_change_with_it() -> None:
    seed = drafted(
        "ALROSA sold diamonds worth USD 338.7 million in September 2018. Special stones "
        "fetched USD 17.6 million in September 2018, compared with USD 16.0 million in August "
        "2018, a gain of 10%."
    )
    by = seed["by"]
    apart = by["USD 17.6 million"]["quantity"]
    assert apart != "alrosa-diamond-sales"
    assert by["USD 16.0 million"]["quantity"] == by["10%"]["quantity"] == apart
