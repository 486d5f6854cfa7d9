"""The whole document is in the database: every entity, every number, every rank word.

The expectations below were counted by hand from seeds/awdc-alrosa-2018.txt;
if a figure or an entity goes missing from the seed, a test here fails.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from dbtool.db.database import connect

ORGANISATIONS = {
    "Antwerp World Diamond Centre",
    "ALROSA",
    "City of Antwerp",
    "Port of Antwerp",
    "Kingdom of Belgium",
    "Russian Federation",
    "World Diamond Council",
    "Kimberley Process",
}
PEOPLE = {"Bart de Wever", "Jean-Arthur Regibeau", "Ari Epstein", "Sergey Ivanov"}
PLACES = {"Moscow", "Antwerp", "Russia", "Belgium"}
EVENTS = {"City of Antwerp’s Mission to Russia", "Official signing ceremony"}
ROLES = {
    ("Bart de Wever", "Mayor", "City of Antwerp"),
    ("Jean-Arthur Regibeau", "Ambassador to Russia", "Kingdom of Belgium"),
    ("Ari Epstein", "CEO", "Antwerp World Diamond Centre"),
    ("Sergey Ivanov", "CEO", "ALROSA"),
}
# written, value, unit, qualifier, low, high: every number printed in digits.
NUMBERS = {
    ("1,600", 1600, "count", None, 1550, 1650),
    ("33%", 33, "percent", None, 32.5, 33.5),
    ("31%", 31, "percent", "alone", 30.5, 31.5),
    ("21%", 21, "percent", "alone", 20.5, 21.5),
    ("2017", 2017, "year", "alone", 2017, 2017),
    ("over USD 2 billion", 2e9, "USD", "over", 2e9, None),
    ("55", 55, "count", None, 55, 55),
    ("21", 21, "count", None, 21, 21),
    ("Nearly 85%", 85, "percent", "nearly", 76.5, 85),
}
# Uses of "leading" that rank nothing: a role, a verb, or praise without a ranking.
LEADING_NOT_A_RANK = {
    "leading partner Antwerp",
    "Leading this mission",
    "these leading organizations",
    "our leading roles",
}
RANK_WORDS = re.compile(r"\b(second|largest|leading|most|unparalleled)\b", re.IGNORECASE)


AWDC = "(SELECT id FROM documents WHERE slug = 'awdc-alrosa-2018')"


def _rows(url: str, sql: str) -> list[tuple]:
    with connect(url) as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_every_entity_is_loaded(seeded_url: str) -> None:
    rows = _rows(
        seeded_url, "SELECT entity_kind, name FROM v_mentions WHERE document = 'awdc-alrosa-2018'"
    )
    by_kind: dict[str, set[str]] = {}
    for kind, name in rows:
        by_kind.setdefault(kind, set()).add(name)
    assert by_kind == {
        "organisation": ORGANISATIONS,
        "person": PEOPLE,
        "place": PLACES,
        "event": EVENTS,
        "agreement": {"AWDC–ALROSA cooperation agreement"},
    }


def test_every_role_is_loaded(seeded_url: str) -> None:
    rows = _rows(
        seeded_url,
        "SELECT person, title, organisation FROM v_roles WHERE document = 'awdc-alrosa-2018'",
    )
    assert set(rows) == ROLES


def test_every_number_in_digits_is_a_figure(seeded_url: str) -> None:
    rows = _rows(
        seeded_url,
        "SELECT written, value, unit, qualifier, low, high FROM v_figures WHERE unit <> 'rank' "
        "AND document = 'awdc-alrosa-2018'",
    )
    assert set(rows) == NUMBERS


def test_every_digit_in_the_text_is_covered(seeded_url: str, document_text: str) -> None:
    """Each run of digits lies inside a figure's written words or a date's quote."""
    spans = _rows(
        seeded_url,
        "SELECT written_start, written_end FROM figures f JOIN quotes q "
        f"ON q.id = f.quote_id WHERE q.document_id = {AWDC}",
    )
    spans += _rows(
        seeded_url,
        "SELECT q.char_start, q.char_end FROM events e JOIN quotes q ON q.id = e.date_quote_id",
    )
    missing = [
        (m.start(), m.group())
        for m in re.finditer(r"\d[\d,]*", document_text)
        if not any(a <= m.start() and m.end() <= b for a, b in spans)
    ]
    assert missing == []


def test_every_rank_word_is_a_rank_figure(seeded_url: str, document_text: str) -> None:
    spans = _rows(
        seeded_url,
        "SELECT written_start, written_end FROM figures f JOIN quotes q "
        "ON q.id = f.quote_id "
        f"WHERE unit = 'rank' AND q.document_id = {AWDC}",
    )
    uncovered = [
        document_text[m.start() - 20 : m.end() + 20]
        for m in RANK_WORDS.finditer(document_text)
        if not any(a <= m.start() and m.end() <= b for a, b in spans)
    ]
    explained = [c for c in uncovered if any(phrase in c for phrase in LEADING_NOT_A_RANK)]
    assert uncovered == explained
    assert len(explained) == 5  # "these leading organizations" occurs twice


def test_rank_claims(seeded_url: str) -> None:
    rows = _rows(
        seeded_url,
        "SELECT f.value, e.key, r.key FROM figures f "
        "JOIN rankings r ON r.id = f.ranking_id "
        "JOIN entities e ON e.id = f.subject_id JOIN quotes q ON q.id = f.quote_id "
        f"WHERE q.document_id = {AWDC}",
    )
    assert len(rows) == 12
    assert (2.0, "belgium", "belgian-imports-from-russia-products") in rows
    assert {
        (1.0, "russian-federation", "rough-producers-by-value"),
        (1.0, "russian-federation", "rough-producers-by-volume"),
    } <= set(rows)


def test_every_percentage_names_its_part_and_whole(seeded_url: str) -> None:
    rows = _rows(
        seeded_url,
        "SELECT f.key, p.key, w.key FROM figures f "
        "JOIN quantities p ON p.id = f.quantity_id "
        "JOIN quantities w ON w.id = f.whole_id WHERE f.unit = 'percent'",
    )
    assert set(rows) == {
        (
            "rough-share-of-russian-imports",
            "belgian-rough-imports-from-russia",
            "belgian-imports-from-russia",
        ),
        (
            "alrosa-share-antwerp-rough-volume",
            "alrosa-rough-in-antwerp-volume",
            "antwerp-rough-trade-volume",
        ),
        (
            "alrosa-share-antwerp-rough-value",
            "alrosa-rough-in-antwerp-value",
            "antwerp-rough-trade-value",
        ),
        ("antwerp-share-world-rough", "world-rough-traded-in-antwerp", "world-rough-mined"),
    }


@pytest.mark.parametrize(
    "key",
    [
        "information-exchange",
        "joint-marketing",
        "support-world-diamond-council",
        "support-kimberley-process",
        "consumer-confidence",
        "harmonise-legislation",
        "value-chain-integrity",
        "scope-and-efficiency",
    ],
)
def test_agreement_commitments(seeded_url: str, key: str) -> None:
    assert _rows(seeded_url, f"SELECT count(*) FROM commitments WHERE key = '{key}'") == [(1,)]


def test_events_parties_and_signatories(seeded_url: str) -> None:
    parts = set(
        _rows(
            seeded_url,
            "SELECT ev.key, en.key, p.part FROM event_participants p "
            "JOIN entities ev ON ev.id = p.event_id "
            "JOIN entities en ON en.id = p.entity_id",
        )
    )
    assert {
        ("antwerp-mission-to-russia", "city-of-antwerp", "organiser"),
        ("antwerp-mission-to-russia", "port-of-antwerp", "cooperating_partner"),
        ("antwerp-mission-to-russia", "awdc", "leading_partner"),
        ("signing-ceremony", "bart-de-wever", "present"),
        ("signing-ceremony", "jean-arthur-regibeau", "present"),
        ("signing-ceremony", "ari-epstein", "signatory"),
        ("signing-ceremony", "sergey-ivanov", "signatory"),
    } <= parts
    signatories = set(
        _rows(
            seeded_url,
            "SELECT p.key, o.key FROM agreement_signatories s "
            "JOIN entities p ON p.id = s.person_id "
            "JOIN entities o ON o.id = s.on_behalf_of_id",
        )
    )
    assert signatories == {("ari-epstein", "awdc"), ("sergey-ivanov", "alrosa")}


def test_the_signing_year_is_inferred_and_says_so(seeded_url: str) -> None:
    rows = _rows(
        seeded_url,
        "SELECT occurred_on, date_basis, date_note FROM events e "
        "JOIN entities n ON n.id = e.entity_id "
        "WHERE n.key = 'signing-ceremony'",
    )
    [(occurred_on, basis, note)] = rows
    assert str(occurred_on) == "2018-04-24"
    assert basis == "inferred"
    assert "2018 is inferred" in note


CORPUS_DIGITS = re.compile(r"\d[\d,.]*\d|\d")


@pytest.mark.parametrize(
    "slug",
    ["alrosa-sales-2017", "alrosa-sales-2018-07", "alrosa-sales-2018-09", "antwerp-trade-2017"],
)
def test_every_digit_of_the_corpus_is_covered(seeded_url: str, slug: str) -> None:
    """Each number lies in a figure's written words, its quote (the period it names), or the
    dateline: nothing printed in digits is left out of the corpus seeds."""
    [(text,)] = _rows(seeded_url, f"SELECT text FROM documents WHERE slug = '{slug}'")
    doc = f"(SELECT id FROM documents WHERE slug = '{slug}')"
    spans = _rows(
        seeded_url,
        "SELECT f.written_start, f.written_end FROM figures f JOIN quotes q "
        f"ON q.id = f.quote_id WHERE q.document_id = {doc}",
    )
    spans += _rows(
        seeded_url,
        "SELECT q.char_start, q.char_end FROM figures f JOIN quotes q "
        f"ON q.id = f.quote_id WHERE q.document_id = {doc}",
    )
    spans += _rows(
        seeded_url,
        "SELECT q.char_start, q.char_end FROM datelines dl JOIN quotes q "
        f"ON q.id = dl.quote_id WHERE dl.document_id = {doc}",
    )
    missing = [
        (m.start(), m.group())
        for m in CORPUS_DIGITS.finditer(text)
        if not any(a <= m.start() and m.end() <= b for a, b in spans)
    ]
    assert missing == []


def test_one_alrosa_is_mentioned_by_every_document_that_names_it(seeded_url: str) -> None:
    rows = _rows(seeded_url, "SELECT document FROM v_mentions WHERE entity_id = 'alrosa'")
    texts = dict(_rows(seeded_url, "SELECT slug, text FROM documents"))
    naming = {slug for slug, text in texts.items() if "ALROSA" in text}
    # The AWDC trade figures (antwerp-trade-2017) never name ALROSA, so four of the five do.
    assert {document for (document,) in rows} == naming
    assert len(naming) == 4 and "antwerp-trade-2017" not in naming
    assert _rows(seeded_url, "SELECT count(*) FROM entities WHERE key = 'alrosa'") == [(1,)]


def test_a_role_is_dated_by_its_document(seeded_url: str) -> None:
    rows = _rows(
        seeded_url,
        "SELECT title, document, as_of FROM v_roles "
        "WHERE person_id = 'yury-okoemov' ORDER BY as_of",
    )
    assert [(title, document, str(as_of)) for title, document, as_of in rows] == [
        ("Vice President", "alrosa-sales-2017", "2018-01-11"),
        ("Deputy CEO", "alrosa-sales-2018-07", "2018-08-01"),
        ("Deputy CEO", "alrosa-sales-2018-09", "2018-10-10"),
    ]
