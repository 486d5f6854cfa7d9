"""Reading TOML: rtoml first, tomllib for the words of a refusal, nesting bounded before either
parser recurses (the nesting scan runs only for a text rtoml refuses)."""

from __future__ import annotations

import tomllib

import pytest

from dbtool.seedformat.tomlfile import TooDeep, load_toml, nesting


def test_a_good_text_reads_as_tomllib_reads_it() -> None:
    text = 'a = [1, [2, {b = "]["}]]\n[t]\nc = 1.5  # [[\n'
    assert load_toml(text, max_nesting=32) == tomllib.loads(text)


@pytest.mark.parametrize("depth", [100, 2_000, 200_000])
def test_deep_nesting_is_refused_before_tomllib_recurses(depth: int) -> None:
    for text in ("x = " + "[" * depth + "]" * depth, "x = " + "{a = " * depth + "1" + "}" * depth):
        with pytest.raises(TooDeep):
            load_toml(text, max_nesting=32)


def test_a_broken_shallow_text_gets_tomllibs_words() -> None:
    with pytest.raises(tomllib.TOMLDecodeError, match=r"Invalid value \(at line 2"):
        load_toml("a = 1\nb = = 2\n", max_nesting=32)


def test_a_text_rtoml_reads_is_not_scanned_but_stays_bounded() -> None:
    # Deeper than the bound but within rtoml's own limit: read here, refused by the
    # seed reader's depth check of the data (tests/hostile/test_seeds.py).
    text = "x = " + "[" * 40 + "]" * 40
    assert nesting(text) == 40
    data = load_toml(text, max_nesting=32)
    depth = 0
    value: object = data["x"]
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    assert depth == 39  # the innermost list is empty


def test_nesting_ignores_brackets_in_strings_and_comments() -> None:
    assert nesting("a = \"[[[[\"\nb = '{{{'  # [[[\nc = [[1]]\n") == 2
