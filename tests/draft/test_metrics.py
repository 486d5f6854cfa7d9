"""Figures near a diamond flow that measure something else: the cost of producing, a
country's exports of all goods. Put on the flow's quantity they would contradict it."""

from __future__ import annotations

from tests.draft.test_reading import drafted


def test_a_cost_of_production_is_no_production_value() -> None:
    by = drafted(
        "Firestone's production was worth US$20.2 million in the first quarter of 2019. The "
        "cash cost of production was US$13.1 million, or US$10.8 per tonne treated. Mining "
        "costs per tonne were US$9.6 million."
    )["by"]
    production = by["US$20.2 million"]["quantity"]
    assert "production" in production
    for cost in ("US$13.1 million", "US$9.6 million"):
        assert "production" not in by[cost].get("quantity", ""), cost


def test_total_exports_of_goods_are_no_diamond_exports() -> None:
    for words in ("total exports of goods", "total merchandise exports", "merchandise exports"):
        by = drafted(
            "Botswana's diamond exports were USD 5.38 billion in 2018. Diamonds made up 91% of "
            f"{words}, which came to USD 5.91 billion."
        )["by"]
        diamonds = by["USD 5.38 billion"]["quantity"]
        assert by["USD 5.91 billion"].get("quantity") != diamonds, words
        assert by["91%"].get("whole") != diamonds, words


def test_a_share_whose_whole_is_found_asks_no_question() -> None:
    seed = drafted(
        "Botswana's rough diamond exports were USD 5.2 billion in 2018. By destination, Belgium "
        "took 42% of rough diamond exports by value, the United Arab Emirates 24% and India 21%."
    )
    by = seed["by"]
    assert by["24%"]["whole"] == by["42%"]["whole"]
    assert "a share of what?" not in seed["toml"]


def test_fewer_carats_is_a_change_in_volume_after_a_price() -> None:
    by = drafted(
        "Botswana produced 23.7 million carats valued at USD 4.09 billion in 2019, or USD "
        "173 per carat, 2.9% fewer carats than the year before."
    )["by"]
    assert by["2.9%"]["quantity"] == by["23.7 million carats"]["quantity"]
    assert by["2.9%"]["measure"] == "volume"


def test_the_sales_of_a_size_class_are_no_level_of_the_sales() -> None:
    by = drafted(
        "ODC sold 364,780 carats for US$41.2 million at its spot auction in August 2018. Stones "
        "of 10.8 carats and larger fetched US$12.45 million for 11,900 carats, while the "
        "remaining 352,880 carats sold for US$28.75 million."
    )["by"]
    sales = by["US$41.2 million"]["quantity"]
    assert "sales" in sales
    for part in ("US$12.45 million", "11,900 carats", "US$28.75 million", "352,880 carats"):
        assert by[part].get("quantity") not in (sales, by["364,780 carats"]["quantity"]), part


def test_an_average_per_transaction_is_no_level_of_the_sales() -> None:
    by = drafted(
        "Signet's sales in North America were US$5.64 billion in 2019. The average transaction "
        "value in North America rose 4% to US$461 from US$443. The average value of its rough "
        "purchases rose to US$107 per carat. The average selling price of gold jewellery was "
        "US$4,600, and gem-set jewellery averaged US$8,300."
    )["by"]
    for average in ("US$461", "US$443", "US$4,600", "US$8,300"):
        assert "quantity" not in by[average], average
    assert "4%" not in by  # a change needs a quantity: not drafted
    assert "quantity" in by["US$107 per carat"]


def test_a_change_in_another_currency_is_of_its_levels_and_us_dollars_no_country() -> None:
    by = drafted(
        "Botswana's exports of rough diamonds rose 19% to BWP 54.9 billion in 2018, from BWP "
        "46.2 billion in 2017. In US dollar terms the value climbed 21% to USD 5.38 billion, "
        "up from USD 4.46 billion. Okavango sold 364,780 carats for US$41.2 million in 2018."
    )["by"]
    assert by["19%"]["quantity"] == by["BWP 54.9 billion"]["quantity"]
    assert by["21%"]["quantity"] == by["USD 5.38 billion"]["quantity"]
    assert by["USD 5.38 billion"]["quantity"].startswith("botswana-")
    assert by["US$41.2 million"]["quantity"].startswith("okavango-")


def test_a_share_of_a_whole_named_after_its_part_is_of_all_of_it() -> None:
    by = drafted(
        "North America contributed US$5.64 billion of Signet's sales in 2019; the balance came "
        "from other operations. Bridal jewelry, at US$2.60 billion, made up 46% of North "
        "America's sales."
    )["by"]
    assert "other" not in by["US$5.64 billion"]["quantity"]  # another clause's "the balance"
    assert by["46%"]["whole"] == by["US$5.64 billion"]["quantity"]
    assert by["46%"]["quantity"] == by["US$2.60 billion"]["quantity"]
