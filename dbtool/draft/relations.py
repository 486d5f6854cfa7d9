"""The fifth phase of a draft: relations between the drafted figures' quantities.

* **sums**: a total and its parts ("X, of which A and B", "A accounted for X
  and B for Y", "Of the total, …"), in one period and one unit;
* **differences**: a net figure and the flows it nets ("net rough imports",
  with rough imports and rough exports stated for the same period), or a
  definition in words ("exports minus imports");
* **ratios**: an average price with the value and the volume its sentence
  states for the same subject and period ("USD 5.92 billion for 41.3 million
  carats, an average price of USD 143 per carat");
* **comparisons**: a direction without a number ("the average price eased to
  USD 103 per carat", "shipments … lower in value"), read after these by
  :mod:`dbtool.draft.directions`.

What the quantities phase could not profile takes part in no relation: a
relation drafted on a guess would make a false alarm. Every relation is
marked for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from dbtool.core.numberwords import NUMBER_WORDS
from dbtool.draft.balances import balances
from dbtool.draft.figures import DraftFigure
from dbtool.draft.found import ByStart
from dbtool.draft.groups import GROUP_NOTE
from dbtool.draft.lists import listed_parts
from dbtool.draft.profiles import Profile, read_words
from dbtool.draft.quantities import unit_words
from dbtool.draft.registry import Registry
from dbtool.draft.text import Sentence, TextMap
from dbtool.draft.texttables import RATIO, column_kind

if TYPE_CHECKING:
    from dbtool.draft.found import FoundNumber
    from dbtool.draft.naming import Namer
    from dbtool.draft.texttables import TextTable

_SUM_WHOLE_BEFORE = re.compile(r"\bof\s+which\b", re.I)
# "trade reached US$ 25.7 billion, with imports of US$ 12.6 billion and exports of …": a
# trade total is its imports and its exports (only where the total is of trade)
_TRADE_WITH = re.compile(
    r",?\s+(?:made\s+up\s+of|comprising|with)\s+(?=(?:rough\s+|polished\s+|diamond\s+)*"
    r"(?:imports|exports)\b)",
    re.I,
)
_SUM_PARTS = re.compile(
    r"\b(?:accounted\s+for|made\s+up|make\s+up|makes\s+up|of\s+this|of\s+that|of\s+the\s+total"
    r"|the\s+remaining|the\s+rest|the\s+remainder|other\s+producers|comprised|comprises"
    r"|consisted\s+of|consists\s+of|(?:was\s+)?split\s+between)\b",
    re.I,
)
# Words that say the parts after them are all of the total: each part gets a quantity of
# its own, named by its words, where the draft read it as none ("The segment total comprised
# £118.4m from the store estate and £31.2m online").
_OF_THE_LEVEL = re.compile(r"\s*Of\s+(?:the|its|their)\s+", re.I)
_ALL_PARTS = re.compile(r"comprised|comprises|consist|split", re.I)
# A paragraph: a line, and the bulleted lines that follow it ("… made up of the following
# operations:\n- Liqhobong: 871,940 carats\n- Letseng: …")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t]*[-–•*][ \t][^\n]*)*")
# "as follows", "by mine", "made up of the following operations:" (a list after a colon)
_AS_FOLLOWS = re.compile(
    r"\b(?:as\s+follows|by\s+(?:mine|source|operation)s?)\b|\bthe\s+following\b[^.\n]{0,40}:",
    re.I,
)
_COUNTED = re.compile(
    r"\b(?:its|their|the|\w+['’]s)\s+(?P<n>\w+)\s+(?:\w+\s+)?(?:mines|operations|producers)\b",
    re.I,
)
_REST = re.compile(r"\b(?:the\s+rest|the\s+remainder|the\s+balance|others)\b", re.I)
_DIFFERENCE = re.compile(
    r"\b(?P<left>(?:(?:total|net|gross|rough|polished)\s+)?[a-z]+)\s+(?P<op>minus|less(?!\s+than))"
    r"\s+(?P<right>(?:(?:total|net|gross|rough|polished)\s+)?[a-z]+)\b(?!\s*(?:USD|\$|\d))"
)


_TRADE = frozenset(("exports", "imports", "re-exports"))


class RelationFinder:
    """Relations among the figures of one text, declared in the registry."""

    def __init__(
        self,
        text: TextMap,
        namer: Namer,
        registry: Registry,
        profiles: dict[int, Profile],
        quantity_for: Callable[[Profile, None], str],
    ) -> None:
        self.text, self.namer, self.registry, self.profiles = text, namer, registry, profiles
        self._quantity_for = quantity_for
        self.figures: list[DraftFigure] = []
        self.declared: set[tuple] = set()
        # the numbers in a table's cells, whose relations the table's rows and columns say
        # (dbtool.draft.texttables), not the prose around them
        self.cells: set[int] = set()

    def find(self, figures: list[DraftFigure]) -> None:
        """Sums, differences, ratios and partitions, sentence by sentence."""
        self.figures = figures
        written = [f for f in figures if f.skipped is None]
        levels = [f for f in written if _is_level(f)]
        self.levels = ByStart(levels, lambda f: f.number.start)
        self.changed = {  # each change's base, by its quantity and period
            (f.row.get("quantity"), f.row.get("period")): f.row["base_period"]
            for f in written
            if "base_period" in f.row
        }
        self.nets(levels)  # a net of flows the text states first: its definition then adds nothing
        for sentence in self.text.sentences:
            self.sum_of_parts(sentence, levels)
            self.difference(sentence, levels)
        self.ratios(levels)
        self.partitions(written)
        for paragraph in _PARAGRAPH.finditer(self.text.text):
            self.parts_in_turn(paragraph.start(), paragraph.end())
        listed_parts(self)  # "totalled 17.2 Mct. Diavik 6.7 Mct; Ekati 3.9 million; …"
        balances(self)  # "Of the 401,250 carats offered, 364,780 … and the balance of …"

    # ------------------------------------------------------------------ sums

    def sum_of_parts(self, sentence: Sentence, levels: list[DraftFigure]) -> None:
        """A total and its parts: "X, of which A and B", or parts that "accounted for" X."""
        text = self.text.text
        here = self.levels.within(sentence.start, sentence.end)
        which = _SUM_WHOLE_BEFORE.search(text, sentence.start, sentence.end)
        trade = _TRADE_WITH.search(text, sentence.start, sentence.end)
        if which is None and trade is not None:
            before = [f for f in here if f.number.end <= trade.start()]
            profile = self.profiles.get(id(before[-1].number)) if before else None
            if profile is not None and profile.flow == "trade":
                which = trade
        of_the = _OF_THE_LEVEL.match(text, sentence.start)
        if (
            which is None
            and of_the is not None
            and here
            and here[0].number.start == of_the.end()
            and here[0].row["unit"] != "count"  # "Of the 3,310 people, 1,520 were … and 785 …"
        ):
            # "Of the £431.8 million, diamond jewellery generated £214.7 million, gold and
            # silver jewellery £84.5 million, …": the level named first, and all its parts
            total, parts, marker = here[:1], here[1:], of_the
        elif which is not None:
            total = [f for f in here if f.number.end <= which.start()]
            parts = [f for f in here if f.number.start >= which.end()]
            marker = which
        else:
            marker = _SUM_PARTS.search(text, sentence.start, sentence.end)
            if marker is None or not here:
                return
            if re.match(
                r"\s*(?:about\s+|some\s+|nearly\s+)?\d[\d.,]*\s*(?:%|per\s*cent)",
                text[marker.end() :],
            ):
                return  # "accounted for 93% of …", "the remaining 9.2 per cent": shares, not parts
            if re.search(
                r"(?:%|per\s*cent)\s*\Z", text[max(0, marker.start() - 12) : marker.start()]
            ):
                return  # "accounting for 19.9% of the total, followed by …": a share's whole
            listed = re.match(r"the\s+re|other", marker.group(), re.I)  # "…; and the rest, 0.08"
            parts = here if listed else [f for f in here if f.number.start > marker.start()] or here
            earlier = self.levels.within(max(0, sentence.start - 5_000), sentence.start)
            total = [
                f
                for f in earlier
                if f.row["unit"] == parts[0].row["unit"]
                and f.row.get("period") == parts[0].row.get("period")
                and f.row.get("quantity") != parts[0].row.get("quantity")
            ]
        if not total or not parts:
            return
        whole = total[-1]
        parts = [
            p
            for p in parts
            if p.row["unit"] == whole.row["unit"]
            and p.row.get("period") == whole.row.get("period")
            and p.row.get("quantity") != whole.row.get("quantity")
        ]
        if len(parts) < 2 or not whole.row.get("quantity"):
            return  # one part "of which" is part of the total, not all of it
        unnamed = [p for p in parts if not p.row.get("quantity")]
        if unnamed and (_ALL_PARTS.match(marker.group()) or marker is of_the):
            for part in unnamed:
                self._name_part(part, whole)
            unnamed = []
        if len(unnamed) == 1 and self._is_rest(unnamed[0], sentence):
            self._name_rest(unnamed[0], whole)  # "and the remaining producers, 0.08 million"
        elif unnamed:  # the sum without it would be wrong
            whole.comments.append("unsure: a part of it is of no quantity; no sum drafted")
            return
        keys = [p.row["quantity"] for p in parts]
        if len(set(keys)) != len(keys):
            return  # two parts on one quantity: the draft could not tell them apart
        rest = self._unstated_rest(sentence)
        if rest:  # "…, while Canada and Namibia accounted for the rest": parts left out
            whole.comments.append(
                f"unsure: the parts named leave out {rest!r}, which states no figure; "
                "no sum drafted"
            )
            return
        self.declare_sum(
            whole.row["quantity"],
            keys,
            [],
            marker.start(),
            marker.end(),
            (
                f"candidate relation: {whole.number.written} = "
                + " + ".join(p.number.written for p in parts)
                + f" ('{marker.group()}')"
            ),
        )

    def parts_in_turn(self, start: int, end: int) -> None:
        """A total and then a sentence a part ("Total production was 7.9 Mct. Jwaneng produced
        2.9 Mct. …"): summed only when the paragraph says they are all ("as follows", "the
        rest", "its four mines"); some of the parts would make a false alarm."""
        text, here = self.text.text, self.levels.within(start, end)
        if len(here) < 3 or not here[0].row.get("quantity"):
            return
        total, first = here[0], self.text.sentence_of(here[0].number.start)
        parts = [f for f in here if f.number.start >= first.end]
        sentences = {self.text.sentence_of(f.number.start).start for f in parts}
        keys = [p.row.get("quantity") for p in parts]
        kinds = {(p.row["unit"], p.row.get("period")) for p in [total, *parts]}
        if (
            len(kinds) > 1
            or len(sentences) < max(len(parts), 2)
            or len(set(keys) - {None}) < len(keys)
        ):
            return
        last = self.text.sentence_of(parts[-1].number.start)
        count = _COUNTED.search(text, start, parts[0].number.start)
        # ("distributed as follows:\n- … RUB 4.71 billion;\n- …": a list under no stated
        # total; its first item is no total of the rest)
        said = _AS_FOLLOWS.search(text, total.number.end, parts[0].number.start) or _REST.search(
            text, last.start, parts[-1].number.start
        )
        if count and str(NUMBER_WORDS.get(count["n"].lower(), count["n"])) != str(len(parts)):
            count = None  # "its four mines" and three parts: not all of them
        if marker := said or count:
            written = " + ".join(p.number.written for p in parts)
            comment = f"candidate relation: {total.number.written} = {written} ('{marker.group()}')"
            self.declare_sum(total.row["quantity"], keys, [], marker.start(), marker.end(), comment)
        else:
            total.comments.append(
                "unsure: the sentences after it each state a figure of its kind, but the text "
                "does not say they are all its parts; no sum drafted"
            )

    def _is_rest(self, part: DraftFigure, sentence: Sentence) -> bool:
        """Whether a part is the rest of the whole ("the remaining producers, 0.08 million"):
        its clause names the remainder, not a thing of its own."""
        clause = self.text.text[sentence.start : part.number.start]
        clause = re.split(r"[;]|\band\b(?!\s+the\s+re)", clause)[-1]
        return bool(_REST.search(clause) or re.search(r"\bremaining\b|\bother\b", clause, re.I))

    def _name_rest(self, part: DraftFigure, whole: DraftFigure) -> None:
        """The rest gets a quantity of its own, named after its whole."""
        row = part.row
        part.row["quantity"] = self.registry.quantity(
            f"{self.name_of(whole.row['quantity'])}, the rest",
            unit_words(row["unit"]),
            measure=row.get("measure") or "unspecified",
        )
        part.comments.append("unsure: the rest of its whole, a quantity of its own")

    def _name_part(self, part: DraftFigure, whole: DraftFigure) -> None:
        """A part of a total said to be all its parts gets a quantity named by the words
        after it ("£31.2m online"), else before it."""
        text = self.text.text
        after = re.match(r"[^,;.()]{1,40}?(?=\s+and\b|[,;.()]|$)", text[part.number.end :])
        words = after.group() if after else ""
        words = re.sub(r"^\s*(?:from|in|of|at|by|for)\s+(?:the\s+)?", "", words).strip()
        if not re.search(r"[A-Za-z]", words):
            words = text[max(0, part.number.start - 30) : part.number.start].split(",")[-1]
        part.row["quantity"] = self.registry.quantity(
            f"{self.name_of(whole.row['quantity'])}: {' '.join(words.split())}",
            unit_words(part.row["unit"]),
            measure=part.row.get("measure") or "unspecified",
        )
        part.comments.append("unsure: a part of the total before it, a quantity of its own")

    def _unstated_rest(self, sentence: Sentence) -> str | None:
        """A remainder the sentence names without a number ("accounted for the rest"): the
        figures it lists are then some of the parts, not all of them."""
        text = self.text.text
        for rest in _REST.finditer(text, sentence.start, sentence.end):
            after = re.split(r"[;.]", text[rest.end() : sentence.end], maxsplit=1)[0]
            before = re.split(r"[,;]", text[sentence.start : rest.start()])[-1]
            if not re.search(r"\d", after + before):
                return rest.group()
        return None

    def difference(self, sentence: Sentence, levels: list[DraftFigure]) -> None:
        """A net figure defined in words: "net rough imports, imports minus exports, …"."""
        text = self.text.text
        match = _DIFFERENCE.search(text, sentence.start, sentence.end)
        if match is None:
            return
        here = self.levels.within(match.end() + 1, sentence.end)
        if not here or not here[0].row.get("quantity"):
            return
        total = here[0]
        if any(
            sig[0] == "sum" and sig[1] == total.row["quantity"] and sig[3] for sig in self.declared
        ):
            return  # already the difference of flows the text states
        profile = self.profiles.get(id(total.number))
        if match["left"].lower().startswith("total") and self.net_of_nets(total, match):
            return
        registry = self.registry
        unit, measure = unit_words(total.row["unit"]), total.row["measure"]
        reads = [read_words(match[side]) for side in ("left", "right")]
        flows = [r.get("flow") for r in reads]
        if match["op"] == "less" and not all(flows):
            return  # "less" between words that are no flows is no definition
        # each side a flow, or a product's flow ("polished exports less rough imports")
        products = [r.get("product") or (profile and profile.product) for r in reads]
        plain = all(set(r) <= {"flow", "product"} for r in reads)
        if profile is not None and all(flows) and all(products) and plain:
            # "Net polished exports, that is exports minus imports": the flows of its product
            left, right = (
                self._quantity_for(replace(profile, modifier=None, flow=f, product=p), None)
                for f, p in zip(flows, products, strict=True)
            )
        else:
            left = registry.quantity(match["left"], unit, measure=measure)
            right = registry.quantity(match["right"], unit, measure=measure)
        for key in (left, right):
            if key in registry.quantities and not any(f.row.get("quantity") == key for f in levels):
                registry.comments.setdefault(key, []).append(
                    "unsure: stated by no figure here; perhaps a quantity the text states elsewhere"
                )
        self.signed(total.row["quantity"])
        self.declare_sum(
            total.row["quantity"],
            [left],
            [right],
            match.start(),
            match.end(),
            f"candidate relation: {total.number.written} = {match.group()}",
            name=f"{match['left']} {match['op']} {match['right']}",
        )

    def net_of_nets(self, total: DraftFigure, match: re.Match[str]) -> bool:
        """ "total exports minus total imports" where the text nets rough and polished
        apart: the totals' net is their net exports less their net imports (rough and
        polished make up the diamond trade), a relation inferred, not stated."""
        nets: dict[str, tuple[str | None, str | None, str]] = {}  # subject, flow, product
        when = (total.row.get("period"), total.row["unit"])
        for figure in self.levels.within(0, len(self.text.text)):
            profile = self.profiles.get(id(figure.number))
            if not profile or (figure.row.get("period"), figure.row["unit"]) != when:
                continue
            if profile.modifier == "net" and profile.product in ("rough", "polished"):
                nets[figure.row["quantity"]] = (profile.subject, profile.flow, profile.product)
        if len(nets) != 2:
            return False
        subjects, flows, products = (set(parts) for parts in zip(*nets.values(), strict=True))
        if len(subjects) != 1 or len(products) != 2 or not flows <= {"exports", "imports"}:
            return False  # two subjects, or one product netted twice: not the rule's case
        self.declare_sum(
            total.row["quantity"],
            sorted(q for q, parts in nets.items() if parts[1] == "exports"),
            sorted(q for q, parts in nets.items() if parts[1] == "imports"),
            match.start(),
            match.end(),
            f"candidate relation: {total.number.written} = {match.group()}, that is the net "
            "of each product (rough and polished) the text states",
            name=f"{self.name_of(total.row['quantity'])}: the nets of rough and polished",
            basis="inferred",
        )
        return True

    def nets(self, levels: list[DraftFigure]) -> None:
        """ "net rough imports at minus USD 0.79 billion": imports minus exports (or
        re-exports) of the same product, subject and period, where the text states them."""
        for figure in levels:
            profile = self.profiles.get(id(figure.number))
            if profile is None or profile.modifier != "net" or not figure.row.get("quantity"):
                continue
            plain = replace(profile, modifier=None)
            flows = {"imports": ("exports", "re-exports"), "exports": ("imports",)}
            if plain.flow not in flows:
                continue
            gross = self.same_period(figure, levels, plain)
            against = next(
                (
                    other
                    for flow in flows[plain.flow]
                    if (other := self.same_period(figure, levels, replace(plain, flow=flow)))
                ),
                None,
            )
            if gross is None or against is None:
                continue
            self.signed(figure.row["quantity"])
            self.declare_sum(
                figure.row["quantity"],
                [gross.row["quantity"]],
                [against.row["quantity"]],
                figure.number.start,
                figure.number.end,
                f"candidate relation: {figure.number.written} = {gross.number.written} − "
                f"{against.number.written} (a net figure)",
                name=f"{self.name_of(figure.row['quantity'])}: {plain.flow} net of the other way",
            )

    def same_period(
        self, figure: DraftFigure, levels: list[DraftFigure], wanted: Profile
    ) -> DraftFigure | None:
        """A level stated for ``figure``'s period whose profile is ``wanted`` (but its measure)."""
        window = self.levels.within(
            max(0, figure.number.start - 2_000), figure.number.start + 2_000
        )  # the flows a net figure nets are stated near it
        for other in window:
            profile = self.profiles.get(id(other.number))
            if (
                other is not figure
                and profile is not None
                and other.row.get("quantity")
                and other.row.get("period") == figure.row.get("period")
                and other.row["unit"] == figure.row["unit"]
                and _same_but_measure(profile, wanted)
            ):
                return other
        return None

    def partitions(self, written: list[DraftFigure]) -> None:
        """Shares one paragraph gives of one whole for one period and different parts
        ("polished diamonds accounted for 61% of the total, gold jewellery for 29% and others
        for 14%"; "…, or 37.5% of polished exports. Hong Kong followed with $1.62 billion
        (28.8%), …"): the parts are disjoint, so their shares fit in 100 %."""
        groups: dict[tuple[int, str, str], list[DraftFigure]] = {}
        unparted: set[tuple[int, str, str]] = set()
        for figure in written:
            row = figure.row
            if row["unit"] != "percent" or "base_period" in row or not row.get("whole"):
                continue
            paragraph = self.text.paragraph_start(figure.number.start)
            key = (paragraph, row["whole"], str(row.get("period")))
            if not row.get("quantity") or row["quantity"] == row["whole"]:
                unparted.add(key)  # a share of the whole the parts leave out
                continue
            if any(GROUP_NOTE in c for c in self.registry.comments.get(row["quantity"], [])):
                continue  # "The three leading producers together …": of its members, no part

            groups.setdefault(key, []).append(figure)
        for (start, whole, period), shares in groups.items():
            parts = list(dict.fromkeys(f.row["quantity"] for f in shares))
            if len(parts) < 2 or len(parts) != len(shares):
                continue
            rest = (start, whole, period) not in unparted and any(
                self.name_of(p).endswith(", the rest") for p in parts
            )
            row = {
                "name": f"{self.name_of(whole)}, by part",
                "whole": whole,
                "parts": parts,
                **({"exhaustive": True} if rest else {}),  # "and the remaining 9.2 per cent"
            }
            written = " + ".join(f.number.written for f in shares)
            comment = f"candidate relation: disjoint parts of one whole, {written}"
            self._declare(
                self.registry.partitions,
                "parts",
                ("partition", whole, frozenset(parts)),
                row,
                comment,
            )

    # ---------------------------------------------------------------- ratios

    def ratios(self, levels: list[DraftFigure]) -> None:
        """An average price with the value and the volume stated for its subject and period."""
        for price in levels:
            profile = self.profiles.get(id(price.number))
            if profile is None or profile.measure != "price" or not price.row.get("quantity"):
                continue
            if id(price.number) in self.cells:
                continue
            sentence = self.text.sentence_of(price.number.start)
            near = [
                f
                for f in self.levels.within(_price_window(self.text, sentence), sentence.end)
                if f.row.get("quantity") and f.row.get("period") == price.row.get("period")
            ]
            value = self._nearest(price, near, profile, "value")
            volume = self._nearest(price, near, profile, "volume")
            if value is None or volume is None:  # "Volumes were stable. … so the price rose":
                # the value may stand a paragraph before; then only one of the same flow
                wider = [
                    f
                    for f in self.levels.within(max(0, price.number.start - 2_000), sentence.end)
                    if f.row.get("quantity") and f.row.get("period") == price.row.get("period")
                ]
                value = value or self._nearest(price, wider, profile, "value", same_flow=True)
                volume = volume or self._nearest(price, wider, profile, "volume", same_flow=True)
            if value is None or volume is None:
                continue
            row = {
                "name": f"{self.name_of(price.row['quantity'])}: value over volume",
                "result": price.row["quantity"],
                "numerator": value.row["quantity"],
                "denominator": volume.row["quantity"],
                "basis": "stated",
            }
            written = f"{price.number.written} = {value.number.written} / {volume.number.written}"
            signature = ("ratio", row["result"], row["numerator"], row["denominator"])
            self._declare(
                self.registry.ratios, "ratio", signature, row, f"candidate relation: {written}"
            )

    def _nearest(
        self,
        price: DraftFigure,
        near: list[DraftFigure],
        profile: Profile,
        measure: str,
        same_flow: bool = False,
    ) -> DraftFigure | None:
        """The value or volume level nearest before the price with its subject (and, with
        ``same_flow``, its flow: sales for a sales price)."""
        fitting = []
        for figure in near:
            other = self.profiles.get(id(figure.number))
            if other is None or other.measure != measure or other.subject != profile.subject:
                continue
            if (same_flow or {other.flow, profile.flow} & _TRADE) and other.flow != profile.flow:
                continue  # a price of production is no imports' value over a volume
            if measure == "value" and f"{figure.row['unit']}_per_carat" != price.row["unit"]:
                continue  # a price in USD is no value in RUB over a volume
            if other.product not in (None, "diamonds", profile.product) and profile.product:
                continue
            if other.modifier == "offered" != profile.modifier:
                continue  # "86.4% of the 61,190 carats offered": not the carats sold
            fitting.append(figure)
        before = [f for f in fitting if f.number.end <= price.number.start]
        return before[-1] if before else (fitting[0] if fitting else None)

    # ---------------------------------------------------------------- tables

    def table_relations(self, tables: list[TextTable]) -> None:
        """Each table's sums (the "Total" row of every column of values, volumes or counts)
        and ratios (a row's price, its value over its volume)."""
        by_number = {id(f.number): f for f in self.figures if f.skipped is None}

        def quantity(number: FoundNumber | None) -> str | None:
            figure = by_number.get(id(number)) if number is not None else None
            return figure.row.get("quantity") if figure is not None else None

        for table in tables:
            # "Total" (the whole) or "Total, seven" (the rows listed): the sum of the rest
            totals = [r for r in table.rows if r.total or r.listed_total]
            rows = [r for r in table.rows if r not in totals]
            for column, unit in enumerate(table.units):
                if unit is None or "_per_" in unit.unit or len(totals) != 1:
                    continue
                total = quantity(totals[0].cells[column])
                parts = [quantity(r.cells[column]) for r in rows]
                if total is None or any(p is None for p in parts) or len(set(parts)) != len(parts):
                    continue
                written = " + ".join(r.cells[column].written for r in rows if r.cells[column])
                self.declare_sum(
                    total,
                    [p for p in parts if p],
                    [],
                    table.start,
                    table.end,
                    f"candidate relation: the rows of the column {table.columns[column]!r} add up "
                    f"to its total, {written}",
                )
            kinds = [column_kind(u) for u in table.units]
            if not {"value", "volume", "price"} <= set(kinds):
                continue
            for row in table.rows:
                value, volume, price = (quantity(row.cells[kinds.index(k)]) for k in RATIO)
                if value is None or volume is None or price is None:
                    continue
                self.declare_ratio(
                    price,
                    value,
                    volume,
                    f"candidate relation: the row {row.label!r}: price = value / volume",
                )

    # ---------------------------------------------------------------- shared

    def declare_sum(
        self,
        total: str,
        parts: list[str],
        minus: list[str],
        start: int,
        end: int,
        comment: str,
        name: str | None = None,
        basis: str = "stated",
    ) -> None:
        signature = ("sum", total, frozenset(parts), frozenset(minus))
        if signature in self.declared or total in parts or total in minus:
            return
        self.declared.add(signature)
        registry = self.registry
        kind = "difference" if minus else "sum"
        row = {
            "key": registry.keys.new(kind, str(len(registry.sums) + 1)),
            "name": name or f"{self.name_of(total)}, by part",
            "total": total,
            "parts": parts,
            **({"minus": minus} if minus else {}),
            "basis": basis,
            **self.text.quoted(start, end),
            "reviewed": False,
        }
        registry.sums.append((row, [comment]))

    def declare_ratio(self, result: str, numerator: str, denominator: str, comment: str) -> None:
        """A stated price, its value over its volume."""
        row = {
            "name": f"{self.name_of(result)}: value over volume",
            "result": result,
            "numerator": numerator,
            "denominator": denominator,
            "basis": "stated",
        }
        signature = ("ratio", result, numerator, denominator)
        self._declare(self.registry.ratios, "ratio", signature, row, comment)

    def _declare(self, table: list, kind: str, signature: tuple, row: dict, comment: str) -> None:
        """A ratio or partition, once; its key is numbered first, taken even when skipped."""
        key = self.registry.keys.new(kind, str(len(table) + 1))
        if signature not in self.declared:
            self.declared.add(signature)
            table.append(({"key": key, **row}, [comment]))

    def name_of(self, key: str) -> str:
        """A quantity's name, drafted here or known to the database."""
        row = self.registry.quantities.get(key)
        return str(row["name"]) if row else key

    def signed(self, key: str) -> None:
        drafted = self.registry.quantities.get(key)
        if drafted is not None:
            drafted["signed"] = True


def _price_window(text: TextMap, sentence: Sentence) -> int:
    """Where a price's value and volume may stand: from the sentence before, or from its
    paragraph's start ("… sold 30,500 carats. Revenue was … The price was …")."""
    return min(text.previous_start(sentence), max(text.text.rfind("\n\n", 0, sentence.start), 0))


def _same_but_measure(left: Profile, right: Profile) -> bool:
    a, b = left.normal(), right.normal()
    return (a.subject, a.flow, a.product, a.modifier) == (b.subject, b.flow, b.product, b.modifier)


def _is_level(figure: DraftFigure) -> bool:
    unit = figure.row.get("unit")
    return unit not in ("percent", "factor", "rank", "year") and "base_period" not in figure.row
