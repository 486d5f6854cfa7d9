"""The "histories" shape of a synthetic corpus: long series, big compendiums, tiny notes.

Where ``benchmarks/corpus.py``'s default shape is families of twelve-figure
releases over two years, this one stresses what that shape does not:

* *histories*: one company's sales, month by month over four to eight
  years, so one quantity has dozens of periods; each monthly release states
  the month's sales, the change on the same month a year before, the year to
  date, and the shares of 8–16 destinations (an exhaustive partition);
* *compendiums* of 7,000–18,000 figures (fewer in a corpus too small to hold
  one whole): a statistical yearbook restating, for many history-years, every
  month's sales and destination shares and the year's total;
* *tiny notes* of one to three figures: a month's sales restated, a change
  on the month before, one destination's share, a claim of order without a
  number ("higher in March than in February").

About 1.5 % of the figures are deliberately wrong (``SPOIL_RATE``). Like the
default shape, the output depends only on ``figures`` and ``seed``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from typing import Any

# The sibling module, whether imported as benchmarks.histories or from benchmarks/.
corpus = importlib.import_module(f"{__package__}.corpus" if __package__ else "corpus")
COUNTRIES, MONTHS, STEMS = corpus.COUNTRIES, corpus.MONTHS, corpus.STEMS
Release, _usd_million = corpus.Release, corpus._usd_million

SPOIL_RATE = 0.015
NOTE_SHARE = 0.15  # of the figures, in tiny notes
COMPENDIUM_SHARE = 0.3  # of the figures, in compendiums
COMPENDIUM_SIZES = (7_000, 18_000)


def _month_name(index: int) -> tuple[int, int]:
    """Month ``index`` (0 is January 2010) as (year, month)."""
    return 2010 + index // 12, index % 12 + 1


def _period(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


class _History:
    """One company's monthly sales and their destinations, over ``years`` years."""

    def __init__(self, index: int, rng: random.Random) -> None:
        self.i, self.rng = index, rng
        self.key = f"h{index}"
        self.name = f"{STEMS[index % len(STEMS)]} Mining {index}"
        country = COUNTRIES[index % len(COUNTRIES)]
        self.country, self.country_name, self.hub, self.hub_name = country
        self.first = rng.randrange(0, 24)  # first month, from January 2010
        self.months = 12 * rng.randint(4, 8)
        self.parts = rng.randint(8, 16)
        base = rng.uniform(50e6, 400e6)
        self.sales = [base * rng.uniform(0.7, 1.3) for _ in range(self.months)]
        weights = [rng.uniform(1, 10) for _ in range(self.parts)]
        self.shares: list[list[float]] = []
        for _ in range(self.months):
            noisy = [w * rng.uniform(0.8, 1.2) for w in weights]
            self.shares.append([100 * w / sum(noisy) for w in noisy])

    def spoil(self) -> bool:
        return self.rng.random() < SPOIL_RATE

    def at(self, offset: int) -> tuple[int, int]:
        return _month_name(self.first + offset)

    def sales_words(self, offset: int) -> tuple[str, int]:
        factor = 1.3 if self.spoil() else 1.0
        return _usd_million(self.sales[offset] * factor)

    def share_words(self, offset: int, part: int) -> tuple[str, float]:
        value = round(self.shares[offset][part], 1) + (9 if self.spoil() else 0)
        return f"{value:.1f}%", value

    # -- declarations -------------------------------------------------------------

    def declare(self, r: Release, declared: set[str]) -> None:
        """The history's places, company, quantities and partition (its first release)."""
        for key, name, kind, extra in (
            (self.country, self.country_name, "country", {}),
            (self.hub, self.hub_name, "city", {"country": self.country}),
        ):
            if key not in declared:
                declared.add(key)
                quote = f"{name} trades diamonds (history {self.key})"
                r.sentences.append(quote)
                r.add("places", {"key": key, "name": name, "type": kind, "quote": quote} | extra)
        quote = f"{self.name} ({self.key.upper()}) mines diamonds and sells them in {self.hub_name}"
        r.sentences.append(quote)
        r.add(
            "organisations",
            {
                "key": self.key,
                "name": self.name,
                "short_name": self.key.upper(),
                "type": "mining_company",
                "based_in": self.hub,
                "quote": quote,
            },
        )
        r.add(
            "quantities",
            {
                "key": f"{self.key}-sales",
                "name": f"{self.name}'s sales",
                "measure": "value",
                "unit": "USD",
                "flow": True,
            },
        )
        for part in range(self.parts):
            r.add(
                "quantities",
                {
                    "key": f"{self.key}-dest-{part + 1}",
                    "name": f"{self.name}'s sales to destination {part + 1}",
                    "measure": "value",
                    "unit": "USD",
                    "flow": True,
                },
            )
        r.add(
            "partitions",
            {
                "key": f"{self.key}-by-destination",
                "name": f"{self.name}'s sales, by destination",
                "whole": f"{self.key}-sales",
                "parts": [f"{self.key}-dest-{part + 1}" for part in range(self.parts)],
                "exhaustive": True,
            },
        )


class _Writer:
    """Figures into releases: each quote joins the text once, each subject is mentioned."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    @staticmethod
    def release(slug: str, title: str, day: dt.date, place: str, place_name: str) -> Release:
        dateline = f"{place_name}, {day.day} {MONTHS[day.month - 1]} {day.year}, release {slug}"
        r = Release(slug, title, day, place, dateline)
        r.sentences += [title, dateline]
        r.seen |= {title, dateline}
        return r

    @staticmethod
    def figure(r: Release, row: dict[str, Any], subject: str) -> None:
        quote = row["quote"]
        if quote not in r.seen:
            r.seen.add(quote)
            r.sentences.append(quote)
        r.add("figures", row | {"subject": subject})
        if (subject, quote) not in r.seen:
            r.seen.add((subject, quote))
            r.add("mentions", {"entity": subject, "quote": quote})

    def sales(self, r: Release, h: _History, offset: int, tag: str) -> None:
        year, month = h.at(offset)
        written, value = h.sales_words(offset)
        quote = f"{h.name} sold diamonds worth {written} in {MONTHS[month - 1]} {year} ({tag})"
        row = {"key": f"{r.slug}-{h.key}-sales-{offset}", "quote": quote, "written": written}
        row |= {"value": value, "unit": "USD", "metric": f"{h.name}'s sales"}
        row |= {"measure": "value", "period": _period(year, month), "quantity": f"{h.key}-sales"}
        self.figure(r, row, h.key)

    def shares(self, r: Release, h: _History, offset: int, tag: str, parts: range) -> None:
        year, month = h.at(offset)
        for part in parts:
            written, value = h.share_words(offset, part)
            quote = (
                f"Destination {part + 1} took {written} of the sales of {h.name} in "
                f"{MONTHS[month - 1]} {year} ({tag})"
            )
            row = {"key": f"{r.slug}-{h.key}-share-{offset}-{part + 1}", "quote": quote}
            row |= {"written": written, "value": value, "unit": "percent"}
            row |= {"metric": f"Share of {h.name}'s sales going to destination {part + 1}"}
            row |= {"measure": "value", "period": _period(year, month)}
            row |= {"quantity": f"{h.key}-dest-{part + 1}", "whole": f"{h.key}-sales"}
            self.figure(r, row, h.key)

    def change(self, r: Release, h: _History, offset: int, back: int, tag: str) -> None:
        """The change in sales from ``back`` months before, in whole percent."""
        year, month = h.at(offset)
        base_year, base_month = h.at(offset - back)
        percent = round(100 * (h.sales[offset] / h.sales[offset - back] - 1))
        percent += 15 if h.spoil() else 0
        direction = "up" if percent >= 0 else "down"
        since = "a year before" if back == 12 else f"{MONTHS[base_month - 1]} {base_year}"
        quote = (
            f"Sales of {h.name} in {MONTHS[month - 1]} {year} were {direction} "
            f"{abs(percent)}% on {since} ({tag})"
        )
        row = {"key": f"{r.slug}-change-{offset}-{back}", "quote": quote}
        row |= {"written": f"{abs(percent)}%", "value": abs(percent), "unit": "percent"}
        row |= {"metric": f"Change in {h.name}'s sales", "measure": "value"}
        row |= {"period": _period(year, month), "base_period": _period(base_year, base_month)}
        row |= {"direction": direction, "quantity": f"{h.key}-sales"}
        self.figure(r, row, h.key)

    def year_to_date(self, r: Release, h: _History, offset: int, tag: str) -> None:
        year, month = h.at(offset)
        start = offset - (month - 1)
        total = sum(h.sales[max(start, 0) : offset + 1])
        written, value = _usd_million(total * (1.3 if h.spoil() else 1.0))
        quote = (
            f"From January to {MONTHS[month - 1]} {year} {h.name} sold diamonds worth {written} "
            f"({tag})"
        )
        row = {"key": f"{r.slug}-ytd-{offset}", "quote": quote, "written": written}
        row |= {"value": value, "unit": "USD", "metric": f"{h.name}'s sales, year to date"}
        row |= {"measure": "value", "period": f"{year}-01/{_period(year, month)}"}
        row |= {"quantity": f"{h.key}-sales"}
        self.figure(r, row, h.key)

    def year_total(self, r: Release, h: _History, year_start: int, tag: str) -> None:
        year, _ = h.at(year_start)
        total = sum(h.sales[year_start : year_start + 12])
        written, value = _usd_million(total * (1.3 if h.spoil() else 1.0))
        quote = f"{h.name} sold diamonds worth {written} in {year} ({tag})"
        row = {"key": f"{r.slug}-{h.key}-year-{year_start}", "quote": quote, "written": written}
        row |= {"value": value, "unit": "USD", "metric": f"{h.name}'s sales in the year"}
        row |= {"measure": "value", "period": str(year), "quantity": f"{h.key}-sales"}
        self.figure(r, row, h.key)


def _monthly(w: _Writer, h: _History, offset: int, declared: set[str]) -> Release:
    year, month = h.at(offset)
    day = dt.date(year + month // 12, month % 12 + 1, 8)
    title = f"{h.name}: sales of {MONTHS[month - 1]} {year}"
    r = w.release(f"{h.key}-sales-{_period(year, month)}", title, day, h.hub, h.hub_name)
    if offset == 0:
        h.declare(r, declared)
    tag = f"release {h.key} {offset}"
    w.sales(r, h, offset, tag)
    if offset >= 12:
        w.change(r, h, offset, 12, tag)
    if month > 1 and offset >= month - 1:
        w.year_to_date(r, h, offset, tag)
    w.shares(r, h, offset, tag, range(h.parts))
    return r


def _note(w: _Writer, h: _History, offset: int, number: int) -> Release:
    """One to three figures about one month, and sometimes a claim of order."""
    year, month = h.at(offset)
    day = dt.date(year + month // 12, month % 12 + 1, 20)
    slug = f"{h.key}-note-{number}"
    r = w.release(slug, f"A note on {h.name} ({number})", day, h.hub, h.hub_name)
    tag = f"note {number}"
    kind = number % 3
    if kind == 0:
        w.sales(r, h, offset, tag)
    elif kind == 1 and offset >= 1:
        w.sales(r, h, offset, tag)
        w.change(r, h, offset, 1, tag)
        relation = "higher" if h.sales[offset] >= h.sales[offset - 1] else "lower"
        if h.spoil():
            relation = "lower" if relation == "higher" else "higher"
        before_year, before_month = h.at(offset - 1)
        quote = (
            f"{h.name} sold more in {MONTHS[month - 1]} {year} than the month before ({tag})"
            if relation == "higher"
            else f"{h.name} sold less in {MONTHS[month - 1]} {year} than the month before ({tag})"
        )
        r.sentences.append(quote)
        r.add(
            "comparisons",
            {
                "key": f"{slug}-order",
                "quote": quote,
                "subject": h.key,
                "quantity": f"{h.key}-sales",
                "period": _period(year, month),
                "relation": relation,
                "other_period": _period(before_year, before_month),
            },
        )
    else:
        part = number % h.parts
        w.shares(r, h, offset, tag, range(part, part + 1))
        w.sales(r, h, offset, tag)
    return r


def _compendium(
    w: _Writer, number: int, spans: list[tuple[_History, int]], published: dt.date
) -> Release:
    """A yearbook restating whole years of several histories: months, shares and total."""
    title = f"Diamond sales yearbook number {number}"
    r = w.release(f"yearbook-{number}", title, published, COUNTRIES[0][2], COUNTRIES[0][3])
    tag = f"yearbook {number}"
    for h, start in spans:
        for offset in range(start, start + 12):
            w.sales(r, h, offset, tag)
            w.shares(r, h, offset, tag, range(h.parts))
        w.year_total(r, h, start, tag)
    return r


def releases(figures: int, seed: int = 11) -> list[Release]:
    """The releases of a "histories" corpus of about ``figures`` figures, in load order:
    each history's releases and notes, then the yearbooks."""
    rng = random.Random(seed)
    w = _Writer(rng)
    declared: set[str] = set()
    out: list[Release] = []
    histories: list[_History] = []
    total, notes = 0, 0
    budget = figures * (1 - COMPENDIUM_SHARE)
    while total < budget:
        h = _History(len(histories), rng)
        histories.append(h)
        for offset in range(h.months):
            if total >= budget:
                h.months = offset  # what is written of it
                break
            release = _monthly(w, h, offset, declared)
            out.append(release)
            total += release.figures
            while notes * 1.7 < total * NOTE_SHARE / (1 - COMPENDIUM_SHARE):
                note = _note(w, h, rng.randrange(0, offset + 1), notes)
                notes += 1
                out.append(note)
                total += note.figures
    out += _yearbooks(w, histories, figures - total, rng)
    return out


def _yearbooks(
    w: _Writer, histories: list[_History], room: int, rng: random.Random
) -> list[Release]:
    """Yearbooks of 7,000–18,000 figures (smaller when ``room`` holds less) filling ``room``."""
    years = [(h, start) for h in histories for start in range(0, h.months - 11, 12)]
    rng.shuffle(years)
    books: list[Release] = []
    while room > 0 and years:
        size = min(rng.uniform(*COMPENDIUM_SIZES), room)
        spans: list[tuple[_History, int]] = []
        held = 0
        while years and held < size:
            h, start = years.pop()
            spans.append((h, start))
            held += 12 * (1 + h.parts) + 1
        last = max(h.at(start + 11) for h, start in spans)
        books.append(_compendium(w, len(books) + 1, spans, dt.date(last[0] + 1, 3, 1)))
        room -= held
    return books
