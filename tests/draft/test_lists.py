"""Parts listed inside a stated total, across semicolons or in one sentence, with no word
that they are all of it: a partition the parts must fit in, never a sum they must make."""

from __future__ import annotations

from tests.draft.test_reading import drafted


def _partition(body: str) -> dict | None:
    [partition] = drafted(body).get("partitions") or [None]
    return partition


def test_parts_across_semicolons_fit_in_their_total() -> None:
    seed = drafted(
        "Diamond production in the Northwest Territories totalled 17.2 million carats in 2019, "
        "down 18% from 21.0 million carats in 2018. Diavik recovered 6.7 million carats; Ekati "
        "3.9 million; Gahcho Kué 6.6 million."
    )
    by = seed["by"]
    assert by["3.9 million"]["unit"] == "carat"  # the unit of the item before it
    [partition] = seed["partitions"]
    assert partition["whole"] == by["17.2 million carats"]["quantity"]
    assert partition["parts"] == [
        by[w]["quantity"] for w in ("6.7 million carats", "3.9 million", "6.6 million")
    ]
    assert not partition.get("exhaustive")
    assert not seed.get("sums")


def test_parts_in_brackets_of_a_world_total_are_each_their_countrys() -> None:
    partition = _partition(
        "World production reached 147.3 million carats in 2018 (Russia 43.2 million carats; "
        "Botswana 24.4 million; Canada 23.2 million)."
    )
    assert partition is not None
    assert partition["whole"] == "world-diamond-production-volume"
    assert partition["parts"][0] == "russia-diamond-production-volume"


def test_parts_in_a_sentence_list_fit_in_their_total() -> None:
    partition = _partition(
        "Production in the Northwest Territories totalled 17.2 million carats in 2019. Diavik "
        "recovered 6.7 million carats, Ekati 3.9 million and Gahcho Kué 6.6 million."
    )
    assert partition is not None and len(partition["parts"]) == 3


def test_a_list_after_another_producers_level_has_no_whole() -> None:
    assert (
        _partition(
            "Russia produced 45.3 million carats in 2019. Botswana produced 23.7 million carats; "
            "Canada 18.6 million; Angola 9.1 million."
        )
        is None
    )


def test_a_whole_a_part_and_the_balance_make_a_sum() -> None:
    for rest in ("the balance of 36,470 carats was withdrawn", "the remaining 36,470 carats not"):
        seed = drafted(
            "ODC sold 364,780 carats for US$41.2 million in August 2019. Of the 401,250 carats "
            f"offered in August 2019, 364,780 carats were sold and {rest}."
        )
        [total] = seed["sums"]
        assert total["total"] == seed["by"]["401,250 carats"]["quantity"]
        assert len(total["parts"]) == 2, rest


def test_after_a_list_the_text_talks_of_its_own_subject_and_period_again() -> None:
    by = drafted(
        "Zimbabwe's diamond production in the first half of 2019 reached 1.52 million carats. "
        "Zimbabwe Consolidated Diamond Company produced 1.21 million carats; Murowa Diamonds "
        "0.31 million. Production in the same period of 2018 was 1.48 million carats. Exports "
        "in the six months were US$45.9 million."
    )["by"]
    zimbabwe = by["1.52 million carats"]["quantity"]
    assert by["1.48 million carats"]["quantity"] == zimbabwe
    assert by["1.48 million carats"]["period"] == "2018-01/2018-06"
    assert by["US$45.9 million"]["period"] == "2019-01/2019-06"
    assert by["US$45.9 million"]["quantity"].startswith("zimbabwe-")


KP_SUMMARY = (
    "The Kimberley Process reported world production of 138.4 million carats for 2019, valued "
    "at US$13.9 billion (Russia 45.3 million carats; Botswana 23.7 million; Canada 18.6 "
    "million). Exports by participants totalled US$29.3 billion; imports US$28.1 billion. The "
    "average value of world production was US$100.4 per carat."
)


def test_a_price_of_production_is_no_imports_value_over_the_output() -> None:
    seed = drafted(KP_SUMMARY)
    imports = seed["by"]["US$28.1 billion"].get("quantity")
    assert all(r["numerator"] != imports for r in seed.get("ratios", []))
