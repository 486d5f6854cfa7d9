"""Synthetic corpora in the seed format, for measuring dbtool at scale.

``generate(folder, figures)`` writes seed files (TOML) and their texts, and a
``corpus.toml`` that lists them in load order, holding about ``figures``
figures. The corpus is made of *families*: one diamond company, its country
and trade hub, over two years. A family publishes

* a monthly sales release (12 figures): totals, rough and polished parts
  (sum-of-parts), changes on the year before (change), the year to date
  (periods), carats and the price per carat (ratio), and a rank claim;
* a yearly trade release for its country (12 figures): exports by value,
  volume and price, with their changes (ratio, and changes that compose),
  rough imports, exports and the net (difference), a year back;
* two market notes (12 figures each): counted clients and a share of them
  (part-within-whole, count-share, granularity), shares of a partition
  (shares-of-whole), an amount, a share and same_as links that imply a
  market's size (implied-quantity), a share of a share (chained-share), a
  value and a volume share (value-vs-volume), and rank claims with a ranked
  share (rank-claims).

Families share entities (countries and hubs are global; a company is named
by every release of its family) and quantities (one company's sales across
its releases), but each family's quantities are its own, so the work a rule
has grows with the number of figures and not with its square. About 3 % of
the figures are deliberately wrong (``SPOIL_RATE``), each in a way a rule
must catch. The output depends only on ``figures``, ``mode`` and ``seed``:
no network, no clock.

``mode="docs"`` writes one document per release (about 12 figures each);
``mode="huge"`` writes the same releases as sections of one document.

Usage as a script (the scale benchmark imports it)::

    python benchmarks/corpus.py OUT_DIR --figures 1000 [--mode docs|huge] [--seed 11]
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import importlib
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

SPOIL_RATE = 0.03
MANIFEST = "corpus.toml"
SHAPES = ("families", "histories")
MONTHS = list(calendar.month_name)[1:]
COUNTRIES = [
    ("freedonia", "Freedonia", "fredville", "Fredville"),
    ("sylvania", "Sylvania", "sylvan-city", "Sylvan City"),
    ("grand-fenwick", "Grand Fenwick", "fenwick-port", "Fenwick Port"),
    ("latveria", "Latveria", "doomstadt", "Doomstadt"),
    ("genovia", "Genovia", "pyrus", "Pyrus"),
    ("elbonia", "Elbonia", "elbon", "Elbon"),
    ("ruritania", "Ruritania", "strelsau", "Strelsau"),
    ("carpania", "Carpania", "carpa", "Carpa"),
    ("zubrowka", "Zubrowka", "lutz", "Lutz"),
    ("borduria", "Borduria", "szohod", "Szohod"),
    ("syldavia", "Syldavia", "klow", "Klow"),
    ("orsinia", "Orsinia", "krasnoy", "Krasnoy"),
    ("molvania", "Molvania", "lutenblag", "Lutenblag"),
    ("tomainia", "Tomainia", "tomain", "Tomain"),
    ("vulgaria", "Vulgaria", "vulgar-town", "Vulgar Town"),
    ("kazakhstania", "Kazakhstania", "astoria", "Astoria"),
]
STEMS = ["Karoo", "Orapa", "Lucara", "Mirny", "Udachny", "Argyle", "Venetia", "Catoca"]


def _round_to(value: float, step: float) -> float:
    return round(value / step) * step


def _usd_million(value: float) -> tuple[str, int]:
    """USD to the tenth of a million, as written and as its exact value."""
    tenths = round(value / 1e5)
    return f"USD {tenths // 10:,}.{tenths % 10} million", tenths * 100_000


def _usd_billion(value: float, digits: int = 2) -> tuple[str, int]:
    """USD to the hundredth of a billion; a negative (net) amount is written "minus USD"."""
    step = 10**digits
    units = round(value / 1e9 * step)
    whole, part = divmod(abs(units), step)
    written = f"{'minus ' if units < 0 else ''}USD {whole}.{part:0{digits}d} billion"
    return written, units * (1_000_000_000 // step)


def _carats(value: float, digits: int = 2) -> tuple[str, int]:
    step = 10**digits
    units = round(value / 1e6 * step)
    whole, part = divmod(units, step)
    return f"{whole}.{part:0{digits}d} million carats", units * (1_000_000 // step)


@dataclass
class Release:
    """One release: its seed (without ``document.file``) and the sentences of its text."""

    slug: str
    title: str
    published_on: dt.date
    dateline_place: str
    dateline: str
    sentences: list[str] = field(default_factory=list)
    seen: set[object] = field(default_factory=set)
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, section: str, row: dict[str, Any]) -> None:
        self.sections.setdefault(section, []).append(row)

    @property
    def figures(self) -> int:
        return len(self.sections.get("figures", []))


class _Family:
    """One company, its country and hub, over two years: 28 releases of 12 figures."""

    def __init__(self, index: int, rng: random.Random, declared: set[str]) -> None:
        self.i, self.rng, self.declared = index, rng, declared
        country = COUNTRIES[index % len(COUNTRIES)]
        self.country, self.country_name, self.hub, self.hub_name = country
        self.name = f"{STEMS[index % len(STEMS)]} Diamonds {index}"
        self.key = f"co{index}"
        self.y1 = 2012 + index % 7
        self.y2 = self.y1 + 1
        base = rng.uniform(150e6, 450e6)
        growth = rng.uniform(-0.2, 0.25)
        self.sales: dict[tuple[int, int], float] = {}
        for m in range(1, 13):
            season = 1 + 0.2 * math.sin(m / 2)
            self.sales[(self.y1 - 1, m)] = base * season * rng.uniform(0.85, 1.15)
            self.sales[(self.y1, m)] = self.sales[(self.y1 - 1, m)] * rng.uniform(0.8, 1.25)
            self.sales[(self.y2, m)] = (
                self.sales[(self.y1, m)] * (1 + growth) * rng.uniform(0.9, 1.1)
            )
        self.rough_share = {k: rng.uniform(0.95, 0.99) for k in self.sales}
        self.price = {k: rng.uniform(80, 250) for k in self.sales}
        self.previous: str | None = f"co{index - 1}" if index > 0 else None
        self.trade_values: dict[int, dict[str, float]] = {}

    # -- helpers -----------------------------------------------------------------

    def _spoil(self) -> bool:
        return self.rng.random() < SPOIL_RATE

    def _declare_places(self, r: Release) -> None:
        if self.country not in self.declared:
            self.declared.add(self.country)
            r.sentences.append(f"{self.country_name} is a diamond trading nation of {self.i}")
            r.add(
                "places",
                {
                    "key": self.country,
                    "name": self.country_name,
                    "type": "country",
                    "quote": f"{self.country_name} is a diamond trading nation of {self.i}",
                },
            )
        if self.hub not in self.declared:
            self.declared.add(self.hub)
            quote = f"{self.hub_name} is the diamond hub of {self.country_name} since {self.i}"
            r.sentences.append(quote)
            r.add(
                "places",
                {
                    "key": self.hub,
                    "name": self.hub_name,
                    "type": "city",
                    "country": self.country,
                    "quote": quote,
                },
            )

    def _figure(
        self,
        r: Release,
        key: str,
        quote: str,
        written: str,
        value: float,
        unit: str,
        subject: str,
        metric: str,
        sentence: str | None = None,
        **extra: Any,
    ) -> None:
        """A figure and its quote; the quote, or the ``sentence`` it lies in, joins the text."""
        text = sentence or quote
        if text not in r.seen:
            r.seen.add(text)
            r.sentences.append(text)
        row = {
            "key": key,
            "quote": quote,
            "written": written,
            "value": value,
            "unit": unit,
            "subject": subject,
            "metric": metric,
            "measure": extra.pop("measure", "value"),
        }
        r.add("figures", row | {k: v for k, v in extra.items() if v is not None})
        if (subject, quote) not in r.seen:
            # Each sentence names its subject: a mention, as a seed writer would record it.
            r.seen.add((subject, quote))
            self._mention(r, subject, quote)

    def _mention(self, r: Release, entity: str, quote: str) -> None:
        r.add("mentions", {"entity": entity, "quote": quote})

    def _change(self, new: float, old: float, spoil: bool) -> tuple[int, str]:
        """A change in whole percent, rounded as a release writes it; spoiled: 15 points off."""
        percent = round(100 * (new / old - 1))
        if spoil:
            percent += 15
        return abs(percent), "up" if percent >= 0 else "down"

    # -- the releases -----------------------------------------------------------

    def releases(self) -> list[Release]:
        out = [self.market("a", self.y1), self.trade(self.y1)]
        out += [self.sales_release(self.y1, m) for m in range(1, 13)]
        out += [self.market("b", self.y2), self.trade(self.y2)]
        out += [self.sales_release(self.y2, m) for m in range(1, 13)]
        return out

    def _release(self, slug: str, title: str, day: dt.date, place: str, place_name: str) -> Release:
        dateline = f"{place_name}, {day.day} {MONTHS[day.month - 1]} {day.year}, release {slug}"
        r = Release(slug, title, day, place, dateline)
        r.sentences += [title, dateline]
        r.seen |= {title, dateline}
        return r

    def _first(self, r: Release) -> None:
        """The family's first release declares its places, company and quantities."""
        self._declare_places(r)
        quote = f"{self.name} ({self.key.upper()}) is a diamond miner based in {self.hub_name}"
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
        k, n = self.key, self.name
        flows = [
            ("sales", f"{n}'s sales of rough and polished diamonds", "value", "USD"),
            ("rough-sales", f"{n}'s sales of rough diamonds", "value", "USD"),
            ("polished-sales", f"{n}'s sales of polished diamonds", "value", "USD"),
            ("rough-volume", f"{n}'s sales of rough diamonds, by volume", "volume", "carats"),
            ("exports", f"{self.country_name}'s polished exports ({n} series)", "value", "USD"),
            (
                "exports-volume",
                f"{self.country_name}'s polished exports by volume ({n} series)",
                "volume",
                "carats",
            ),
            ("rough-imports", f"{self.country_name}'s rough imports ({n} series)", "value", "USD"),
            ("rough-exports", f"{self.country_name}'s rough exports ({n} series)", "value", "USD"),
        ]
        for suffix, name, measure, unit in flows:
            r.add(
                "quantities",
                {
                    "key": f"{k}-{suffix}",
                    "name": name,
                    "measure": measure,
                    "unit": unit,
                    "flow": True,
                },
            )
        r.add(
            "quantities",
            {
                "key": f"{k}-net-rough-imports",
                "name": f"{self.country_name}'s net rough imports ({n} series)",
                "measure": "value",
                "unit": "USD",
                "flow": True,
                "signed": True,
            },
        )
        for suffix, name in (
            ("rough-price", f"{n}'s average rough price"),
            ("export-price", f"{self.country_name}'s average polished export price ({n} series)"),
        ):
            r.add(
                "quantities",
                {"key": f"{k}-{suffix}", "name": name, "measure": "value", "unit": "USD per carat"},
            )
        r.add(
            "sums",
            {
                "key": f"{k}-sales-by-product",
                "name": f"{n}'s sales, by product",
                "total": f"{k}-sales",
                "parts": [f"{k}-rough-sales", f"{k}-polished-sales"],
            },
        )
        r.add(
            "sums",
            {
                "key": f"{k}-net-rough-imports-definition",
                "name": "Net rough imports = rough imports − rough exports",
                "total": f"{k}-net-rough-imports",
                "parts": [f"{k}-rough-imports"],
                "minus": [f"{k}-rough-exports"],
            },
        )
        r.add(
            "ratios",
            {
                "key": f"{k}-rough-price-definition",
                "name": f"{n}'s rough price = value / volume",
                "result": f"{k}-rough-price",
                "numerator": f"{k}-rough-sales",
                "denominator": f"{k}-rough-volume",
            },
        )
        r.add(
            "ratios",
            {
                "key": f"{k}-export-price-definition",
                "name": "Export price = value / volume",
                "result": f"{k}-export-price",
                "numerator": f"{k}-exports",
                "denominator": f"{k}-exports-volume",
                "basis": "inferred",
            },
        )
        r.add(
            "rankings",
            {
                "key": f"{k}-miners",
                "name": f"Diamond miners of {self.country_name} ({n} series)",
                "measure": "unspecified",
            },
        )
        r.add(
            "rankings",
            {
                "key": f"{k}-trade-centres",
                "name": f"Diamond trade centres ({n} series)",
                "measure": "unspecified",
            },
        )

    def sales_release(self, y: int, m: int) -> Release:
        k, n, month = self.key, self.name, MONTHS[m - 1]
        total, old = self.sales[(y, m)], self.sales[(y - 1, m)]
        rough = total * self.rough_share[(y, m)]
        ytd = sum(self.sales[(y, i)] for i in range(1, m + 1))
        ytd_old = sum(self.sales[(y - 1, i)] for i in range(1, m + 1))
        change, direction = self._change(total, old, self._spoil())
        total_w, total_v = _usd_million(total * self._factor(1.3))
        title = f"{n} {month} {y} sales {direction} {change}% at {total_w}"
        day = dt.date(y + m // 12, m % 12 + 1, 10)
        r = self._release(f"{k}-sales-{y}-{m:02d}", title, day, self.hub, self.hub_name)
        period, base, sales = f"{y}-{m:02d}", f"{y - 1}-{m:02d}", f"{k}-sales"
        metric = f"{n}'s sales"
        self._figure(
            r,
            f"{r.slug}-title-change",
            title,
            f"{change}%",
            change,
            "percent",
            k,
            f"Change in {metric} (headline)",
            period=period,
            base_period=base,
            direction=direction,
            quantity=sales,
        )
        self._figure(
            r,
            f"{r.slug}-title-total",
            title,
            total_w,
            total_v,
            "USD",
            k,
            f"{metric} (headline)",
            period=period,
            quantity=sales,
        )
        change, direction = self._change(total, old, self._spoil())
        total_w, total_v = _usd_million(total * self._factor(1.3))
        verb = "grew" if direction == "up" else "fell"
        s1 = (
            f"In {month} {y} the sales of {n} of rough and polished diamonds {verb} "
            f"{change}% year on year to {total_w}"
        )
        self._figure(
            r,
            f"{r.slug}-total",
            s1,
            total_w,
            total_v,
            "USD",
            k,
            metric,
            period=period,
            quantity=sales,
        )
        self._figure(
            r,
            f"{r.slug}-change",
            s1,
            f"{change}%",
            change,
            "percent",
            k,
            f"Change in {metric}",
            period=period,
            base_period=base,
            direction=direction,
            quantity=sales,
        )
        rough_w, rough_v = _usd_million(rough * self._factor(1.3))
        pol_w, pol_v = _usd_million((total - rough) * self._factor(1.3))
        # A quote never ends with a name: "… Diamonds 1" would also be found in "… Diamonds 17".
        s2 = f"Rough diamonds accounted for {rough_w} of the {month} {y} sales of {n} ({k.upper()})"
        s3 = f"polished diamonds for {pol_w} of the {month} {y} sales of {n} ({k.upper()})"
        both = f"{s2}, and {s3}"
        self._figure(
            r,
            f"{r.slug}-rough",
            s2,
            rough_w,
            rough_v,
            "USD",
            k,
            f"{n}'s sales of rough diamonds",
            sentence=both,
            period=period,
            quantity=f"{k}-rough-sales",
        )
        self._figure(
            r,
            f"{r.slug}-polished",
            s3,
            pol_w,
            pol_v,
            "USD",
            k,
            f"{n}'s sales of polished diamonds",
            sentence=both,
            period=period,
            quantity=f"{k}-polished-sales",
        )
        ytd_w, ytd_v = _usd_million(ytd * self._factor(1.3))
        change, direction = self._change(ytd, ytd_old, self._spoil())
        span = f"January–{month} {y}" if m > 1 else f"January {y}"
        word = "higher" if direction == "up" else "lower"
        s4 = f"Total sales of {n} for {span} were {ytd_w}, {change}% {word} than a year earlier"
        ytd_period = f"{y}-01/{y}-{m:02d}"
        self._figure(
            r,
            f"{r.slug}-ytd",
            s4,
            ytd_w,
            ytd_v,
            "USD",
            k,
            f"{metric}, year to date",
            period=ytd_period,
            quantity=sales,
        )
        self._figure(
            r,
            f"{r.slug}-ytd-change",
            s4,
            f"{change}%",
            change,
            "percent",
            k,
            f"Change in {metric}, year to date",
            period=ytd_period,
            base_period=f"{y - 1}-01/{y - 1}-{m:02d}",
            direction=direction,
            quantity=sales,
        )
        vol_w, vol_v = _carats(rough / self.price[(y, m)] * self._factor(1.3))
        price = round(self.price[(y, m)] * self._factor(1.3))
        price_w = f"USD {price} per carat"
        s5 = f"{n} sold {vol_w} of rough in {month} {y} at an average of {price_w}"
        self._figure(
            r,
            f"{r.slug}-volume",
            s5,
            vol_w,
            vol_v,
            "carat",
            k,
            f"{n}'s rough sales by volume",
            period=period,
            measure="volume",
            quantity=f"{k}-rough-volume",
        )
        self._figure(
            r,
            f"{r.slug}-price",
            s5,
            price_w,
            price,
            "USD_per_carat",
            k,
            f"{n}'s average rough price",
            period=period,
            quantity=f"{k}-rough-price",
        )
        # A spoiled claim names the previous family's company: two miners both "largest".
        subject = self.previous if self.previous and self._spoil() else k
        s6 = f"{n}, the largest diamond miner of {self.country_name}, reported for {month} {y}"
        self._figure(
            r,
            f"{r.slug}-rank",
            s6,
            "largest",
            1,
            "rank",
            subject,
            f"{n}'s rank among miners",
            measure="unspecified",
            ranking=f"{k}-miners",
        )
        s7 = f"{n} reported its {month} sales for the year {y} as usual"
        self._figure(
            r,
            f"{r.slug}-year",
            s7,
            str(y),
            y,
            "year",
            k,
            "Year of the sales",
            measure="unspecified",
        )
        return r

    def _factor(self, wrong: float) -> float:
        """1, or ``wrong`` for a figure chosen to be spoiled."""
        return wrong if self._spoil() else 1.0

    def _trade_values(self) -> dict[int, dict[str, float]]:
        if not self.trade_values:
            for year in (self.y1 - 1, self.y1, self.y2):
                self.trade_values[year] = {
                    "exports": self.rng.uniform(8e9, 14e9),
                    "volume": self.rng.uniform(3e6, 7e6),
                    "imports": self.rng.uniform(9e9, 12e9),
                    "rough_exports": self.rng.uniform(11e9, 14e9),
                }
        return self.trade_values

    def trade(self, y: int) -> Release:
        k, c = self.key, self.country_name
        title = f"{c}'s diamond trade in {y}, as the {self.name} series reports it"
        r = self._release(f"{k}-trade-{y}", title, dt.date(y + 1, 2, 5), self.hub, self.hub_name)
        self._mention(r, self.country, title)
        values = self._trade_values()
        now, old = values[y], values[y - 1]
        period, base = str(y), str(y - 1)

        def amount(
            key: str,
            sentence: str,
            written: str,
            value: int,
            unit: str,
            year: str = period,
            measure: str = "value",
            quantity: str = "",
        ) -> None:
            self._figure(
                r,
                f"{r.slug}-{key}",
                sentence,
                written,
                value,
                unit,
                self.country,
                f"{c}'s {key.replace('-', ' ')}",
                period=year,
                measure=measure,
                quantity=quantity or f"{k}-{key}",
            )

        def change(key: str, what: str, new: float, was: float) -> None:
            size, direction = self._change(new, was, self._spoil())
            if self._spoil() and self.rng.random() < 0.3:
                size, direction = 100 + size, "down"  # a fall of more than 100 %: bounds
            verb = "rose" if direction == "up" else "fell"
            sentence = f"{c}'s {what} {verb} {size}% in {y} ({k} series)"
            self._figure(
                r,
                f"{r.slug}-{key}-change",
                sentence,
                f"{size}%",
                size,
                "percent",
                self.country,
                f"Change in {c}'s {what}",
                period=period,
                base_period=base,
                direction=direction,
                quantity=f"{k}-{key}",
            )

        x_w, x_v = _usd_billion(now["exports"] * self._factor(1.3))
        amount(
            "exports",
            f"{c} exported polished diamonds worth {x_w} in {y} ({k} series)",
            x_w,
            x_v,
            "USD",
        )
        change("exports", "polished exports by value", now["exports"], old["exports"])
        v_w, v_v = _carats(now["volume"] * self._factor(1.3), 1)
        amount(
            "exports-volume",
            f"{c}'s polished exports reached {v_w} in {y} ({k} series)",
            v_w,
            v_v,
            "carat",
            measure="volume",
        )
        change("exports-volume", "polished exports by volume", now["volume"], old["volume"])
        price = round(now["exports"] / now["volume"] * self._factor(1.3))
        price_w = f"USD {price:,} per carat"
        amount(
            "export-price",
            f"The average export price of {c} was {price_w} in {y} ({k})",
            price_w,
            price,
            "USD_per_carat",
        )
        change(
            "export-price",
            "average export price",
            now["exports"] / now["volume"],
            old["exports"] / old["volume"],
        )
        ri_w, ri_v = _usd_billion(now["imports"] * self._factor(1.3))
        amount(
            "rough-imports",
            f"{c} imported rough diamonds worth {ri_w} in {y} ({k} series)",
            ri_w,
            ri_v,
            "USD",
        )
        re_w, re_v = _usd_billion(now["rough_exports"] * self._factor(1.3))
        amount(
            "rough-exports",
            f"{c} exported rough diamonds worth {re_w} in {y} ({k} series)",
            re_w,
            re_v,
            "USD",
        )
        net = now["imports"] - now["rough_exports"]
        n_w, n_v = _usd_billion(net * self._factor(0.7))
        amount(
            "net-rough-imports",
            f"{c}'s net rough imports, that is imports minus exports, were {n_w} in {y} ({k})",
            n_w,
            n_v,
            "USD",
        )
        change("rough-imports", "rough imports", now["imports"], old["imports"])
        change("rough-exports", "rough exports", now["rough_exports"], old["rough_exports"])
        o_w, o_v = _usd_billion(old["imports"] - old["rough_exports"])
        amount(
            "net-rough-imports-before",
            f"A year before, in {y - 1}, {c}'s net rough imports were {o_w} ({k} series)",
            o_w,
            o_v,
            "USD",
            year=base,
            quantity=f"{k}-net-rough-imports",
        )
        return r

    def market(self, letter: str, y: int) -> Release:
        k, n, c, h = self.key, self.name, self.country_name, self.hub_name
        rng, q = self.rng, f"{k}-{letter}"
        day = dt.date(y, 4 if letter == "a" else 5, 24)
        title = f"{n} and the {h} diamond market: note {letter.upper()} of {y}"
        r = self._release(f"{k}-market-{letter}", title, day, self.hub, h)
        if letter == "a":
            self._first(r)  # the family's first release
        self._mention(r, self.hub, title)
        self._market_quantities(r, q, letter)
        exhaustive = self.i % 5 == 0
        # The true numbers; every stated interval holds them unless spoiled.
        clients = rng.randint(30, 90)
        local = rng.randint(5, clients // 2)
        supply = rng.uniform(1.2e9, 3e9)
        hub_value = rng.uniform(8e9, 15e9)
        value_share = 100 * supply / hub_value
        volume_share = value_share * rng.uniform(1.1, 1.6)
        shown = local - 1 if self._spoil() else clients
        s1 = f"{n} has {shown} long-term clients who buy rough diamonds (note {letter})"
        self._figure(
            r,
            f"{r.slug}-clients",
            s1,
            str(shown),
            shown,
            "count",
            k,
            f"{n}'s long-term clients",
            measure="count",
            quantity=f"{q}-clients",
        )
        s2 = f"{local} of the clients of {n} are companies from {c} (note {letter})"
        self._figure(
            r,
            f"{r.slug}-clients-local",
            s2,
            str(local),
            local,
            "count",
            k,
            f"{n}'s clients from {c}",
            measure="count",
            quantity=f"{q}-clients-local",
        )
        self._mention(r, self.country, s2)
        share = round(100 * local / clients) + (7 if self._spoil() else 0)
        s3 = f"Companies from {c} make up {share}% of the clients of {n} (note {letter})"
        self._figure(
            r,
            f"{r.slug}-clients-share",
            s3,
            f"{share}%",
            share,
            "percent",
            k,
            f"Share of {n}'s clients from {c}",
            measure="count",
            quantity=f"{q}-clients-local",
            whole=f"{q}-clients",
        )
        tenths = math.floor(supply / 1e8) * (2 if self._spoil() else 1)
        over_w = f"over USD {tenths // 10}.{tenths % 10} billion"
        s4 = f"In {y} alone {n} supplied rough diamonds worth {over_w} to companies in {c}"
        self._figure(
            r,
            f"{r.slug}-supply",
            s4,
            over_w,
            tenths * 100_000_000,
            "USD",
            k,
            f"Rough diamonds {n} supplied to {c}",
            qualifier="over",
            period=str(y),
            quantity=f"{q}-supply",
        )
        a = round(value_share) + (9 if self._spoil() else 0)
        b = round(volume_share)
        s5 = (
            f"The production of {n} alone represents {b}% of all rough goods traded in {h}, "
            f"and {a}% of the total value of the rough trade of {h} (note {letter})"
        )
        self._figure(
            r,
            f"{r.slug}-volume-share",
            s5,
            f"{b}%",
            b,
            "percent",
            k,
            f"{n}'s share of the rough goods traded in {h}",
            qualifier="alone",
            measure="volume",
            measure_basis="inferred",
            quantity=f"{q}-in-hub-volume",
            whole=f"{q}-hub-volume",
        )
        self._figure(
            r,
            f"{r.slug}-value-share",
            s5,
            f"{a}%",
            a,
            "percent",
            k,
            f"{n}'s share of the value of {h}'s rough trade",
            qualifier="alone",
            quantity=f"{q}-in-hub-value",
            whole=f"{q}-hub-value",
        )
        if letter == "a":
            w = math.floor(rng.uniform(70, 90)) + 1 + (9 if self._spoil() else 0)
            s6 = f"Nearly {w}% of all rough diamonds mined worldwide are traded in {h} ({k})"
            self._figure(
                r,
                f"{r.slug}-world-share",
                s6,
                f"Nearly {w}%",
                w,
                "percent",
                self.hub,
                f"Share of the world's rough traded in {h}",
                qualifier="nearly",
                measure="unspecified",
                quantity=f"{q}-hub-traded",
                whole=f"{q}-world-mined",
            )
        else:
            hv_w, hv_v = _usd_billion(hub_value * self._factor(1.4))
            s6 = f"The rough trade of {h} was worth {hv_w} in {y} (note {letter} of {k})"
            self._figure(
                r,
                f"{r.slug}-hub-value",
                s6,
                hv_w,
                hv_v,
                "USD",
                self.hub,
                f"Value of {h}'s rough trade",
                period=str(y),
                quantity=f"{q}-hub-value",
            )
        parts = [rng.uniform(10, 40) for _ in range(3)]
        if exhaustive:
            parts = [p * 100 / sum(parts) for p in parts]
        for d, part in enumerate(parts[: 3 if exhaustive else 2], 1):
            p = round(part) + (25 if self._spoil() else 0)
            s = f"Market {d} took {p}% of the sales of {n} by destination (note {letter})"
            self._figure(
                r,
                f"{r.slug}-destination-{d}",
                s,
                f"{p}%",
                p,
                "percent",
                k,
                f"Share of {n}'s sales going to market {d}",
                quantity=f"{q}-destination-{d}",
                whole=f"{q}-destinations",
            )
        rs = round(rng.uniform(20, 45))
        rank = 3 if self._spoil() else 2
        rank_word = {2: "second", 3: "third"}[rank]
        s9 = (
            f"Rough diamonds are the {rank_word} leading import product of {c} from {n}, "
            f"representing {rs}% of them (note {letter})"
        )
        self._figure(
            r,
            f"{r.slug}-import-rank",
            s9,
            f"{rank_word} leading",
            rank,
            "rank",
            self.country,
            f"Rank of rough among {c}'s imports from {n}",
            measure_basis="assumed",
            quantity=f"{q}-imports-rough",
            ranking=f"{q}-import-products",
        )
        self._figure(
            r,
            f"{r.slug}-import-share",
            s9,
            f"{rs}%",
            rs,
            "percent",
            self.country,
            f"Rough diamonds' share of {c}'s imports from {n}",
            measure_basis="assumed",
            quantity=f"{q}-imports-rough",
            whole=f"{q}-imports",
        )
        if letter == "a":
            subject, written = self.hub, "leading"
            s10 = f"{h} remains the leading diamond trade centre, says {n} (note {letter})"
        else:
            # A spoiled claim crowns another country: two centres both "largest".
            other = COUNTRIES[(self.i + 1) % len(COUNTRIES)]
            spoiled = other[0] in self.declared and self._spoil()
            subject, name = (other[0], other[1]) if spoiled else (self.country, c)
            written = "largest"
            s10 = f"{name} is the largest diamond trading centre, says {n} (note {letter})"
        self._figure(
            r,
            f"{r.slug}-centre-rank",
            s10,
            written,
            1,
            "rank",
            subject,
            "Rank among diamond trade centres",
            measure="unspecified",
            ranking=f"{k}-trade-centres",
        )
        return r

    def _market_quantities(self, r: Release, q: str, letter: str) -> None:
        """A note's own quantities, partitions, links and ranking: bounded work per note."""
        n, c, h = self.name, self.country_name, self.hub_name
        note = f"(note {letter})"
        quantities = [
            ("clients", f"{n}'s long-term clients {note}", "count", "clients"),
            ("clients-local", f"{n}'s long-term clients from {c} {note}", "count", "clients"),
            ("supply", f"Rough diamonds {n} supplied to {c} {note}", "value", "USD"),
            ("in-hub-value", f"{n}'s goods traded in {h}, by value {note}", "value", "USD"),
            ("hub-value", f"Value of {h}'s rough diamond trade {note}", "value", "USD"),
            ("in-hub-volume", f"{n}'s goods traded in {h}, by volume {note}", "volume", "carats"),
            ("hub-volume", f"Rough goods traded in {h}, by volume {note}", "volume", "carats"),
            (
                "hub-traded",
                f"Rough diamonds mined worldwide traded in {h} {note}",
                "unspecified",
                None,
            ),
            (
                "world-mined",
                f"All rough diamonds mined worldwide {note} of {n}",
                "unspecified",
                None,
            ),
            ("destinations", f"{n}'s sales by destination {note}", "value", "USD"),
            ("destination-1", f"{n}'s sales to its first market {note}", "value", "USD"),
            ("destination-2", f"{n}'s sales to its second market {note}", "value", "USD"),
            ("destination-3", f"{n}'s sales to its third market {note}", "value", "USD"),
            ("imports", f"{c}'s imports from {n} {note}", "value", "USD"),
            ("imports-rough", f"{c}'s rough imports from {n} {note}", "value", "USD"),
        ]
        for suffix, name, measure, unit in quantities:
            row = {"key": f"{q}-{suffix}", "name": name, "measure": measure}
            r.add("quantities", row | ({"unit": unit} if unit else {}))
        r.add(
            "partitions",
            {
                "key": f"{q}-clients-by-country",
                "name": f"{n}'s clients, by country",
                "whole": f"{q}-clients",
                "parts": [f"{q}-clients-local"],
            },
        )
        r.add(
            "partitions",
            {
                "key": f"{q}-by-destination",
                "name": f"{n}'s sales, by destination",
                "whole": f"{q}-destinations",
                "parts": [f"{q}-destination-{d}" for d in (1, 2, 3)],
                "exhaustive": self.i % 5 == 0,
            },
        )
        r.add(
            "partitions",
            {
                "key": f"{q}-imports-by-product",
                "name": f"{c}'s imports from {n}, by product",
                "whole": f"{q}-imports",
                "parts": [f"{q}-imports-rough"],
            },
        )
        links = [
            (f"{q}-clients-local", f"{q}-clients", "part_of", "stated"),
            (f"{q}-supply", f"{q}-in-hub-value", "same_as", "assumed"),
            (f"{q}-hub-volume", f"{q}-hub-traded", "same_as", "inferred"),
            (f"{q}-hub-value", f"{q}-hub-traded", "same_as", "inferred"),
        ]
        for part, whole, relation, basis in links:
            r.add("links", {"part": part, "whole": whole, "relation": relation, "basis": basis})
        r.add(
            "rankings",
            {
                "key": f"{q}-import-products",
                "name": f"Products {c} imports from {n} {note}",
                "measure": "value",
                "share_whole": f"{q}-imports",
            },
        )


def _text(release: Release) -> str:
    return ".\n\n".join(release.sentences) + ".\n"


def _seed(release: Release, file: str) -> dict[str, Any]:
    document = {
        "slug": release.slug,
        "title": release.title,
        "file": file,
        "published_on": release.published_on,
        "published_on_basis": "stated",
        "dateline": {"place": release.dateline_place, "quote": release.dateline},
    }
    order = [
        "places",
        "organisations",
        "mentions",
        "quantities",
        "partitions",
        "links",
        "sums",
        "ratios",
        "rankings",
        "figures",
        "comparisons",
    ]
    return {"document": document} | {s: release.sections[s] for s in order if s in release.sections}


def releases(figures: int, seed: int = 11) -> list[Release]:
    """The releases of a corpus of about ``figures`` figures, in load order."""
    rng = random.Random(seed)
    declared: set[str] = set()
    out: list[Release] = []
    total, index = 0, 0
    while total < figures:
        family = _Family(index, rng, declared)
        for release in family.releases():
            if total >= figures:
                break
            out.append(release)
            total += release.figures
        index += 1
    return out


def _merge(parts: list[Release]) -> Release:
    """Every release as a section of one document: one dateline, one text."""
    first = parts[0]
    huge = Release(
        "huge",
        f"Every release of a corpus of {len(parts)}, in one document",
        parts[-1].published_on,
        first.dateline_place,
        first.dateline,
    )
    for r in parts:
        huge.sentences += r.sentences
        for section, rows in r.sections.items():
            huge.sections.setdefault(section, []).extend(rows)
    return huge


def generate(
    folder: Path, figures: int, mode: str = "docs", seed: int = 11, shape: str = "families"
) -> list[Path]:
    """Write the corpus into ``folder``; the seed files in load order (also ``corpus.toml``).

    ``shape``: ``families`` (this module's), or ``histories`` (long monthly series,
    compendiums, tiny notes: :mod:`histories`)."""
    if mode not in ("docs", "huge"):
        raise ValueError(f"mode must be docs or huge, not {mode!r}")
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    folder.mkdir(parents=True, exist_ok=True)
    parts = _releases_of(shape, figures, seed)
    if mode == "huge":
        parts = [_merge(parts)]
    paths = []
    for r in parts:
        text = _text(r)
        (folder / f"{r.slug}.txt").write_text(text, encoding="utf-8")
        path = folder / f"{r.slug}.toml"
        path.write_text(tomli_w.dumps(_seed(r, f"{r.slug}.txt")), encoding="utf-8")
        paths.append(path)
    manifest = {"documents": [p.name for p in paths]}
    (folder / MANIFEST).write_text(tomli_w.dumps(manifest), encoding="utf-8")
    return paths


def _releases_of(shape: str, figures: int, seed: int) -> list[Release]:
    if shape == "histories":
        # A sibling module, whether this one runs as a script or as benchmarks.corpus.
        name = f"{__package__}.histories" if __package__ else "histories"
        return importlib.import_module(name).releases(figures, seed)  # type: ignore[no-any-return]
    return releases(figures, seed)


def following(
    folder: Path, figures: int, shape: str = "families", seed: int = 11, at_least: int = 16
) -> tuple[Path, int]:
    """One new release for the corpus of ``figures``: the releases that come next (none
    that declares an entity, nor a yearbook), as one document of ``at_least`` figures or
    a few more (fewer if the corpus has no more; a new family's first release, which
    declares its entities, when that comes next). Its seed file and its figures."""
    known = {r.slug for r in _releases_of(shape, figures, seed)}
    later = _releases_of(shape, figures + 20 * at_least + 2000, seed)
    picked: list[Release] = []
    for r in later:
        if r.slug in known or r.slug.startswith("yearbook"):
            continue
        if "organisations" in r.sections or "places" in r.sections:
            if not picked:  # the corpus ends with a family: its first release, alone
                picked.append(r)
            break
        picked.append(r)
        if sum(p.figures for p in picked) >= at_least:
            break
    release = _merge(picked)
    release.slug = release.title = f"next-{picked[0].slug}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{release.slug}.txt").write_text(_text(release), encoding="utf-8")
    path = folder / f"{release.slug}.toml"
    path.write_text(tomli_w.dumps(_seed(release, f"{release.slug}.txt")), encoding="utf-8")
    return path, release.figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--figures", type=int, default=1000)
    parser.add_argument("--mode", choices=("docs", "huge"), default="docs")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--shape", choices=SHAPES, default="families")
    args = parser.parse_args(argv)
    paths = generate(args.folder, args.figures, args.mode, args.seed, args.shape)
    print(f"{len(paths)} seed files in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
