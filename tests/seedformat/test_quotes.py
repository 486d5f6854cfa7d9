"""A quote is found where repeated ``str.find`` finds it, whether the text is indexed or not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dbtool.seedformat import quotes
from dbtool.seedformat.quotes import QuoteFinder, scan

WORDS = st.sampled_from(["a", "ab", "b", "USD", "1.5", "%", ",", ".", " ", " ", "\n", "é"])
TEXTS = st.lists(WORDS, min_size=1, max_size=200).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, data=st.data())
def test_indexed_texts_give_every_start_as_find_does(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    wanted = [text[start:end], data.draw(TEXTS)]
    indexed = QuoteFinder(text)
    indexed._index = quotes.TextIndex(text)  # as a text past INDEX_FROM would be
    indexed._index.scan_limit = 10**9  # and check every candidate, never fall back to find
    for quote in wanted:
        assert QuoteFinder(text).starts(quote) == scan(text, quote)
        assert indexed._index.occurrences(quote) == scan(text, quote)


def test_a_long_text_is_indexed_and_messages_name_the_problem() -> None:
    text = "ALROSA sold 5.2 million carats. " * (quotes.INDEX_FROM // 20)
    finder = QuoteFinder(text)
    assert finder.starts("sold 5.2 million") == scan(text, "sold 5.2 million")
    assert finder._index is not None
    span, problem = finder.locate("sold 5.2 million", None, "t.txt")
    assert span is None and problem is not None and problem.startswith("quote occurs")
    second = scan(text, "sold 5.2 million")[1]
    assert second == 39
    assert finder.locate("sold 5.2 million", 2, "t.txt") == ((39, 55), None)
    assert finder.locate("bought", None, "t.txt") == (None, "quote not found in t.txt: 'bought'")
    span, problem = finder.locate("sold", 10**6, "t.txt")
    assert span is None and problem == (
        f"occurrence 1000000 asked, but the quote occurs {text.count('sold')} time(s)"
    )
