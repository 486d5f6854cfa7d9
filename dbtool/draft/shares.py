"""Shares in a draft: the whole each share is of, and the part, where its words say.

"ALROSA accounted for 28% of world output": the whole is what the "of" phrase
names (a quantity the text or the database has, or one named from the words),
or the total stated before ("61% of the total"); the part is the clause's
subject with the whole's flow and measure. The quantity drafter
(:mod:`dbtool.draft.quantities`) hands them over once every level has its quantity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from dbtool.draft.drafting import QuantityDrafting
from dbtool.draft.figures import NO_WHOLE
from dbtool.draft.profiles import Profile, read_words, same_thing

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure


_TOTAL_WORDS = re.compile(r"\b(?:total(?:l?ed|l?ing)?|gross|overall|combined|in\s+all|all)\b", re.I)
# "By destination, …", "By source, …": the flow the sentence's parts are of
_BY_WAY = re.compile(
    r"\s*By\s+(?P<way>destination|market|country\s+of\s+destination|source|origin|supplier)s?\b",
    re.I,
)
_OUTWARD = frozenset(("destination", "market", "country of destination"))
_NEXT_SHARE = re.compile(
    r"\s+(?:and|while|but|with)\s+(?:[a-z]+\s+){0,2}?\d[\d.,]*\s*(?:%|per\s*cent|percent)"
)
# "…, accounting for 91.6 percent of …": the words between a level and the share it is
_PART_WORDS = (
    r",\s*(?:accounting\s+for|representing|making\s+up{more})\s+"
    r"(?:about\s+|some\s+|nearly\s+|almost\s+|over\s+|roughly\s+)?"
)
_SHARE_OF_BEFORE = re.compile(_PART_WORDS.format(more="") + "$", re.I)
_PART_VERB = re.compile(_PART_WORDS.format(more=r"|equivalent\s+to|equal\s+to"), re.I)
_BRACKETED = re.compile(r"\([^()]*\)")
# "totalled", "totalling": what a level came to, not that it is the whole
_AMOUNTED = re.compile(r"total(?:l?ed|l?ing)", re.I)
_OF = re.compile(r"\s+of\s+(?P<phrase>[^,.;:()]+)")
_DESTINATION = re.compile(
    r"\b(?:took|takes|received|bought|absorbed|went\s+to|going\s+to|destined\s+for|"
    r"shipped\s+to)\b",
    re.I,
)
# "of the total", "of the whole": an earlier total; not "of the total value of X's trade",
# which names its whole.
_THE_TOTAL = re.compile(r"\s*(?:the\s+)?(?:total|whole)\b(?!\s+(?:value|volume|of)\b)", re.I)


# "USD 249.3 billion, or 91%", "85% of the volume sold, or about 6.2 million carats"
_RESTATED = re.compile(r",?\s*(?:or|i\.e\.|that\s+is|equal\s+to)\s+", re.I)
_NO_LEVEL = frozenset(("percent", "factor", "rank", "year"))  # units no level is stated in
_THE_REST = re.compile(
    r"\b(?:remaining|rest|remainder|balance|others)\W*$"
    # "…, or 12.2% and 7.9% respectively, leaving 13.8% for all other destinations"
    r"|\bleaving\s+(?:just\s+|only\s+|some\s+|about\s+)?$"
    # "with the remaining producing Participants together making up 19%"
    r"|\bthe\s+remaining\s+(?:[\w-]+\s+){1,3}(?:together\s+)?(?:making\s+up|accounting\s+for"
    r"|with|for|at)\s+$",
    re.I,
)


_OVERALL = re.compile(
    r"\s*(?:the\s+)?(?:territorial|territory's|national|nation's|regional|overall|combined|"
    r"country's|industry|sector's)\b",
    re.I,
)
# "38.1% of all carats recovered in the territory": of the territory's total
_IN_THE_WHOLE = re.compile(r"\b(?:in|across)\s+the\s+(?:territory|country|nation|region)\b", re.I)
_OF_THIS = re.compile(r"\s*Of\s+(?:this|that|these|which)\b", re.I)
# The words naming an item of a list of shares, before its verb: "ovals for", "and all
# other fancy shapes together for the remaining", "Round brilliants accounted for".
_ITEM = re.compile(
    r"(?:^|[,;]\s*|\s+and\s+|\.\s+)(?:and\s+)?(?P<words>[A-Za-z][\w’'-]*(?:\s+[\w’'-]+){0,5}?)"
    r"\s+(?:together\s+)?(?:accounted\s+for|made\s+up|represented|took|for|with|at)"
    r"(?:\s+(?:the\s+)?(?:remaining|rest|other|another))?\s*$"
)


def _same_kind(total: dict, part: dict) -> bool:
    """Whether a total can be the whole of a part: another quantity, its unit and period."""
    return total["quantity"] != part["quantity"] and all(
        total.get(field) == part.get(field) for field in ("unit", "period")
    )


def _answered(figure: DraftFigure) -> None:
    """A share whose whole was found after all asks no question."""
    if NO_WHOLE in figure.comments:
        figure.comments.remove(NO_WHOLE)
        figure.comments.append("unsure: no 'of …' follows it; its whole read from before it")


class Shares:
    """Each share's whole (what its "of …" names, or the total stated before it) and, when
    its clause says, its part: read after every level has its quantity."""

    def __init__(self, drafter: QuantityDrafting) -> None:
        self.drafter = drafter
        # (sentence start, whole, its profile) of the share read last: "… for 61% of the
        # total, gold jewellery for 29% and others for 14%" share one whole.
        self.last_whole: tuple[int, str, Profile | None] | None = None

    def assign(self, written: list[DraftFigure]) -> None:
        for figure in written:
            if figure.row["unit"] == "percent" and "base_period" not in figure.row:
                self.share(figure, written)
                self.restated_part(figure)

    def restated_part(self, share: DraftFigure) -> None:
        """ "Catoca accounted for 85% of the volume sold, or about 6.2 million carats": the
        level right after a share's "of …" and an "or" is the share's part."""
        part = share.row.get("quantity")
        text = self.drafter.text.text
        match = _OF.match(text, share.number.end)
        if part is None or match is None or "whole" not in share.row:
            return
        sentence = self.drafter.text.sentence_of(share.number.start)
        after = self.drafter.figure_index.within(match.end(), sentence.end)[:1]
        if not after or not _RESTATED.fullmatch(text, match.end(), after[0].number.start):
            return
        level = after[0]
        if "base_period" in level.row or level.row["unit"] in _NO_LEVEL:
            return
        level.row["quantity"] = part
        level.comments.append("the part of the share before it")

    def share(self, figure: DraftFigure, written: list[DraftFigure]) -> None:
        """A share's whole (what its "of …" names) and, when its clause says, its part."""
        text = self.drafter.text.text
        number = figure.number
        match = _OF.match(text, number.end)
        whole_key = None
        whole_profile = None
        part_size = None  # the part's own level, where the share is of another whole
        if match is not None:
            # "57% of export value and 60% of the carats shipped": up to the next share
            phrase = _NEXT_SHARE.split(match["phrase"], maxsplit=1)[0]
            inside = [
                f
                for f in self.drafter.figure_index.within(
                    match.start("phrase"), match.end("phrase")
                )
                if f.row.get("quantity")
            ]
            this = self.of_this(figure)
            if inside:  # "of Russia's output of 42.6 million carats"
                whole_key = inside[0].row["quantity"]
                whole_profile = self.drafter.profiles.get(id(inside[0].number))
            elif this is not None:  # "Of this, lab-grown contributed £23.7m, or 27% of …"
                whole_key = this.row["quantity"]
                whole_profile = self.drafter.profiles.get(id(this.number))
            elif (overall := self.overall_whole(figure, phrase)) is not None:
                # "accounting for 44% of the territorial value of production": the text's total
                whole_key = overall.row["quantity"]
                whole_profile = self.drafter.profiles.get(id(overall.number))
            elif _OVERALL.match(phrase) or _IN_THE_WHOLE.search(phrase):
                pass  # the territory's total, which no level names here: no part's whole
            elif _THE_TOTAL.match(phrase) and read_words(phrase).get("product") != "goods":
                # "61% of the total": a total stated before; "of total exports of goods" is not
                total = self.total_before(figure, written)
                if total is not None:
                    whole_key = total.row["quantity"]
                    whole_profile = self.drafter.profiles.get(id(total.number))
            else:  # "21% of the total value of Antwerp's rough trade": what it names
                whole_profile = self.whole_profile(figure, phrase)
                if whole_profile is not None:
                    whole_profile = self.stated_product(whole_profile, figure, written)
                    whole_key = self.drafter.quantity_for(whole_profile, figure)
                own = self.own_level(figure, whole_key)
                if own is not None and whole_profile is not None and whole_profile.product:
                    # "Bridal jewelry, at US$2.60 billion, made up 54% of North America's
                    # sales": the product is the part's; the whole is all of the sales
                    whole_profile = replace(whole_profile, product=None)
                    whole_key = self.drafter.quantity_for(whole_profile, figure)
                    if whole_key != own.row["quantity"]:
                        figure.row["quantity"] = own.row["quantity"]
                        part_size = own
        sentence = self.drafter.text.sentence_of(number.start)
        level = self.restated_level(figure)
        if match is not None and level is not None and whole_key == level.row.get("quantity"):
            # "Lab-grown rings generated US$2.8 billion, or 21.8% of spend": the part is the
            # level it restates, so the whole is another: the total stated before
            total = self.total_before(level, written)
            if total is not None and total.row.get("quantity") != whole_key:
                whole_key = total.row["quantity"]
                whole_profile = self.drafter.profiles.get(id(total.number))
        if match is None and level is not None and text[level.number.end : number.start].strip():
            # "Belgium took US$2.0 billion (38.5 per cent), …": a share of the total before;
            # "Russia led with 45.3 million carats (32.6% of the world total), followed by
            # Botswana with 23.7 million carats (17.1%)": of the whole the list named, in
            # this sentence or one before in the paragraph ("Hong Kong …, or 38% of polished
            # exports. The United Arab Emirates followed with US$3.41 billion (23%)")
            paragraph = self.drafter.text.paragraph_start(number.start)
            listed = self.listed_whole(paragraph, level, written)
            total = None if listed else self.total_before(level, written)
            if listed is not None:
                _start, whole_key, whole_profile = listed
            elif total is not None and _same_kind(total.row, level.row):
                whole_key = total.row["quantity"]
                whole_profile = self.drafter.profiles.get(id(total.number))
        in_sentence = self.last_whole is not None and self.last_whole[0] == sentence.start
        if match is None and whole_key is None and not in_sentence:
            heading = self.heading_whole(figure)
            if heading is not None:
                whole_key, whole_profile = heading
        paragraph = self.drafter.text.paragraph_start(number.start)
        if (
            match is None
            and self.last_whole
            and (
                self.last_whole[0] == sentence.start
                or (whole_key is None and self.last_whole[0] >= paragraph)
            )
        ):
            # "… for 61% of the total, gold jewellery for 29% and others for 14%"; "…, or
            # 37.5% of polished exports. Hong Kong followed with $1.62 billion (28.8%), …"
            _start, whole_key, whole_profile = self.last_whole
            if _THE_REST.search(text, max(0, number.start - 70), number.start):
                whole = self.drafter.registry.quantities.get(whole_key) or {}  # "the remaining 9%"
                figure.row["whole"] = whole_key
                figure.row["quantity"] = self.drafter.registry.quantity(
                    f"{whole.get('name', whole_key)}, the rest", whole.get("unit")
                )
                _answered(figure)
                return
        if whole_key is None:
            # the figures phase named a whole of its own ("61% of the value of goods listed"):
            # the shares listed after it in its sentence are of it too ("ovals for 14%")
            own_whole = figure.row.get("whole")
            if match is not None and own_whole in self.drafter.registry.quantities:
                self.last_whole = (sentence.start, own_whole, None)
                self.listed_part(figure, own_whole)
            return
        old = figure.row.get("whole")
        figure.row["whole"] = whole_key
        if old and old != whole_key and old in self.drafter.registry.quantities:
            self.drafter.registry.quantities.pop(old)
            self.drafter.registry.comments.pop(old, None)
        _answered(figure)
        self.last_whole = (sentence.start, whole_key, whole_profile)
        if whole_profile is None:
            if level is None and not figure.row.get("quantity"):
                self.listed_part(figure, whole_key)
            return
        if level is not None:  # "2.79 million carats, or 61% of the total"
            self.other_way(level, whole_profile)
            figure.row["quantity"] = level.row["quantity"]
            return
        own = self.clause_level(figure)
        if own is not None and own.row.get("quantity") != whole_key:
            # "ZCDC … produced 2.59 million carats, up 39 percent from 1.86 million carats the
            # previous year, accounting for 81 percent of national output": its own level
            figure.row["quantity"] = own.row["quantity"]
            return
        if part_size is not None:
            return
        row_level = self.table_row_part(figure, whole_key, written)
        if row_level is not None:
            figure.row["quantity"] = row_level.row["quantity"]
            figure.comments.append("its part: the table's row its words name")
            return
        part = self.part_profile(figure, whole_profile)
        if part is not None and not same_thing(part, whole_profile):
            stated = self.stated_part(figure, part, whole_key, written)
            if stated is not None:
                figure.row["quantity"] = stated.row["quantity"]
                figure.comments.append("its part: the level stated before for the same country")
                return
            figure.row["quantity"] = self.drafter.quantity_for(part, figure)

    def other_way(self, level: DraftFigure, whole: Profile) -> None:
        """ "The UAE …, shipping USD 2.12 billion, or 19.8% of Belgium's rough imports": a
        level read as the country's own flow that a share makes part of another's flow the
        other way is that flow's part from (to) the country."""
        own = self.drafter.profiles.get(id(level.number))
        ways = {"exports", "imports"}
        if (
            own is None
            or {own.flow, whole.flow} != ways
            or own.subject in (None, whole.subject)
            or whole.subject in (None, "world")
        ):
            return
        part = replace(
            whole,
            modifier=f"{'from' if whole.flow == 'imports' else 'to'} {own.subject}",
            dimension=own.dimension,
        )
        level.row["quantity"] = self.drafter.quantity_for(part, level)
        self.drafter.profiles[id(level.number)] = part
        level.comments.append("its part of the flow the other way, that its share is of")

    def clause_level(self, figure: DraftFigure) -> DraftFigure | None:
        """The level a share "accounting for" (representing, making up) follows is of: the
        first level of its sentence stated for the share's own period, with no base."""
        text = self.drafter.text.text
        if not _SHARE_OF_BEFORE.search(text, max(0, figure.number.start - 40), figure.number.start):
            return None
        levels = [
            f for f in self.levels_before(figure) if f.row.get("period") == figure.row.get("period")
        ]
        return levels[0] if levels else None

    def levels_before(self, figure: DraftFigure) -> list[DraftFigure]:
        """The levels before a share in its sentence: with a quantity, no change."""
        sentence = self.drafter.text.sentence_of(figure.number.start)
        return [
            f
            for f in self.drafter.figure_index.within(sentence.start, figure.number.start)
            if f.row.get("quantity")
            and "base_period" not in f.row
            and f.row["unit"] not in _NO_LEVEL
        ]

    def stated_product(
        self, whole: Profile, figure: DraftFigure, written: list[DraftFigure]
    ) -> Profile:
        """ "Sierra Leone exported 130,002 carats of rough diamonds valued at US$46.21
        million … accounting for 57% of export value": a whole naming no product is the one
        product of its subject, flow and measure the text states levels of in the period."""
        if whole.product is not None:
            return whole
        found = set()
        for level in written:
            profile = self.drafter.profiles.get(id(level.number))
            if (
                profile is not None
                and "base_period" not in level.row
                and level.row.get("period") == figure.row.get("period")
                and (profile.subject, profile.flow, profile.measure, profile.modifier)
                == (whole.subject, whole.flow, whole.measure, whole.modifier)
            ):
                found.add(profile.product)
        return replace(whole, product=found.pop()) if len(found) == 1 else whole

    def table_row_part(
        self, figure: DraftFigure, whole_key: str, written: list[DraftFigure]
    ) -> DraftFigure | None:
        """ "Licensed artisanal exporters, who buy from dealers in Kono, …, supplied 37% of the
        quarter's export value": the part is the cell, in the whole's unit and period, of the
        text's table row whose label the share's sentence opens with."""
        if not self.drafter.tables:
            return None
        text = self.drafter.text.text
        sentence = self.drafter.text.sentence_of(figure.number.start)
        opening = " ".join(text[sentence.start : figure.number.start].lower().split())
        wholes = [
            f
            for f in written
            if f.row.get("quantity") == whole_key
            and f.row.get("period") == figure.row.get("period")
            and "base_period" not in f.row
        ]
        units = {f.row["unit"] for f in wholes}
        if len(units) != 1:
            return None
        found = []
        for table in self.drafter.tables:
            for row in table.rows:
                item = " ".join(_BRACKETED.sub("", row.item).lower().split())
                if len(item) < 4 or not opening.startswith(item):
                    continue
                found += [
                    cell
                    for number in row.cells
                    if number is not None
                    and (cell := self.drafter.by_number.get(id(number))) is not None
                    and cell.row["unit"] in units
                    and cell.row.get("quantity") not in (None, whole_key)
                    and cell.row.get("period") == figure.row.get("period")
                ]
        return found[0] if len(found) == 1 else None

    def stated_part(
        self, figure: DraftFigure, part: Profile, whole_key: str, written: list[DraftFigure]
    ) -> DraftFigure | None:
        """ "By source, India supplied HK$ 46.3 billion, Belgium HK$ 20.8 billion … India,
        accounting for 38.1% of the total, …, followed by Belgium with a share of 17.1%": the
        part a share names is the one level stated before it, in its paragraph, for that
        country in the whole's unit and period, however its own words profiled it."""
        direction, _, named = (part.modifier or "").partition(" ")
        if part.modifier is None:
            named = part.subject or ""
        elif direction not in ("to", "from"):
            return None
        if not named:
            return None
        period = figure.row.get("period")
        wholes = [
            f
            for f in written
            if f.row.get("quantity") == whole_key
            and f.row.get("period") == period
            and "base_period" not in f.row
        ]
        if len({f.row["unit"] for f in wholes}) != 1:
            return None
        whole = wholes[0]
        paragraph = self.drafter.text.paragraph_start(figure.number.start)
        found = [
            f
            for f in self.drafter.figure_index.within(
                max(paragraph, whole.number.end), figure.number.start
            )
            if f.row.get("quantity") not in (None, whole_key)
            and "base_period" not in f.row
            and f.row["unit"] == whole.row["unit"]
            and f.row.get("period") == period
            and (profile := self.drafter.profiles.get(id(f.number))) is not None
            and named in (profile.subject, (profile.modifier or " ").split(" ", 1)[-1])
        ]
        return found[0] if len(found) == 1 else None

    def overall_whole(self, figure: DraftFigure, phrase: str) -> DraftFigure | None:
        """The level a share "of the territorial (national, regional, overall) value of
        production" is of: the first level of the text before it with the phrase's measure
        and flow, that is no part named in the share's paragraph."""
        if not _OVERALL.match(phrase) and not _IN_THE_WHOLE.search(phrase):
            return None
        words = read_words(phrase)
        measure = words.get("measure") or ("volume" if "carat" in phrase else None)
        level = self.restated_level(figure)  # "5.3 million carats, or 35% of national output"
        if measure is None and level is not None:
            profile = self.drafter.profiles.get(id(level.number))
            measure = profile.measure if profile is not None else None
        if measure is None and words.get("flow"):
            # "ZCDC … produced 2.59 million carats, …, accounting for 81 percent of national
            # output": the measure of the sentence's own level
            own = self.clause_level(figure)
            profile = self.drafter.profiles.get(id(own.number)) if own is not None else None
            measure = profile.measure if profile is not None else None
        if measure is None:
            return None
        paragraph = self.drafter.text.paragraph_start(figure.number.start)
        named = {n.key for n in self.drafter.name_index.within(paragraph, figure.number.end)}
        for earlier in self.drafter.figure_index.within(0, figure.number.start):
            profile = self.drafter.profiles.get(id(earlier.number))
            if (
                profile is not None
                and earlier.row.get("quantity")
                and "base_period" not in earlier.row
                and earlier.row.get("period") == figure.row.get("period")
                and profile.measure == measure
                and (words.get("flow") in (None, profile.flow))
                and profile.subject not in named
            ):
                return earlier
        return None

    def of_this(self, figure: DraftFigure) -> DraftFigure | None:
        """The level "Of this," opening a share's sentence refers to: the last one of the
        sentence before, which the share is of ("Diamond jewellery sales were £88.0m. Of
        this, lab-grown contributed £23.7m, or 27% of diamond sales")."""
        before = [
            f
            for f in self.drafter.sentence_before(figure, _OF_THIS)
            if f.row.get("quantity")
            and "base_period" not in f.row
            and f.row["unit"] not in _NO_LEVEL
        ]
        return before[-1] if before else None

    def listed_part(self, figure: DraftFigure, whole: str) -> None:
        """ "Round brilliants accounted for 61% of the value of goods listed, ovals for 14%,
        princess cuts for 9%": a part named by the words of its item in the list, so the
        shares of one whole are of different parts (and fit in 100 %)."""
        text = self.drafter.text.text
        sentence = self.drafter.text.sentence_of(figure.number.start)
        before = self.drafter.figure_index.within(sentence.start, figure.number.start)
        start = before[-1].number.end if before else sentence.start
        item = _ITEM.search(text[start : figure.number.start])  # (its "^" is the item's start)
        if item is None:
            return
        words = " ".join(item["words"].split())
        whole_name = self.drafter.registry.quantities[whole]["name"]
        figure.row["quantity"] = self.drafter.registry.quantity(f"{whole_name}: {words}", None)

    def listed_whole(
        self, since: int, level: DraftFigure, written: list[DraftFigure]
    ) -> tuple[int, str, Profile | None] | None:
        """The whole a share before, since ``since`` (its sentence's or its paragraph's
        start), was of, when it can hold ``level`` (a level of it stated in another unit or
        period is of something else)."""
        if self.last_whole is None or self.last_whole[0] < since:
            return None
        key = self.last_whole[1]
        levels = [f for f in written if f.row.get("quantity") == key and f.row["unit"] != "percent"]
        # its level in the part's period, else one of another period in the part's unit
        # (the whole stated only a year back, "down 23.5% from US$19.31 billion")
        dated = [f for f in levels if f.row.get("period") == level.row.get("period")]
        if dated and not _same_kind(dated[0].row, level.row):
            return None
        if levels and not dated and levels[0].row["unit"] != level.row["unit"]:
            return None
        return self.last_whole

    def own_level(self, figure: DraftFigure, key: str | None) -> DraftFigure | None:
        """A level before the share in its sentence on the quantity read as its whole: the
        part's own size, whose product the whole then took."""
        sentence = self.drafter.text.sentence_of(figure.number.start)
        before = self.drafter.figure_index.within(sentence.start, figure.number.start)
        found = [f for f in before if key and f.row.get("quantity") == key]
        return found[-1] if found and "base_period" not in found[-1].row else None

    def restated_level(self, figure: DraftFigure) -> DraftFigure | None:
        """The level a share restates: "USD 249.3 billion, or 91%"."""
        text = self.drafter.text.text
        sentence = self.drafter.text.sentence_of(figure.number.start)
        before = self.levels_before(figure)
        listed = re.search(r"\brespectively\b", text[figure.number.end : sentence.end])
        if before and listed:
            return self.respective_level(figure, before, figure.number.end + listed.start())
        if before:
            gap = text[before[-1].number.end : figure.number.start]
            if _RESTATED.fullmatch(gap) or re.fullmatch(r"\s*\(\s*", gap):
                return before[-1]
            # "exports valued at P10,572.8 million, accounting for 91.6 percent of …"
            if _PART_VERB.fullmatch(gap):
                return before[-1]
            # "taking $2.11 billion of goods, or 37.5% of polished exports"
            if re.fullmatch(
                r"\s+(?:worth\s+)?of\s+(?:[a-z]+\s+){0,2}?[a-z]+" + _RESTATED.pattern, gap
            ):
                return before[-1]
        return None

    def respective_level(
        self, figure: DraftFigure, before: list[DraftFigure], end: int
    ) -> DraftFigure | None:
        """ "US$1,183.6 million and US$764.3 million, or 12.2% and 7.9% respectively": the
        n-th share listed restates the n-th level listed, where the two lists are as long."""
        text = self.drafter.text.text
        shares = [
            f
            for f in self.drafter.figure_index.within(before[-1].number.end, end)
            if f.row["unit"] == "percent" and "base_period" not in f.row
        ]
        levels = [before[-1]]
        for level in reversed(before[:-1]):
            if not re.fullmatch(
                r"\s*(?:,|and|,\s*and)\s*", text[level.number.end : levels[-1].number.start]
            ):
                break
            levels.append(level)
        levels.reverse()
        if figure not in shares or len(shares) != len(levels):
            return None
        gap = text[levels[-1].number.end : shares[0].number.start]
        if not _RESTATED.fullmatch(gap):
            return None
        return levels[shares.index(figure)]

    def heading_whole(self, figure: DraftFigure) -> tuple[str, Profile] | None:
        """ "Polished exports by destination (share of December value): United States 34.6%,
        Hong Kong 27.9%, …": the whole a heading names before a colon, the text's flow."""
        text = self.drafter.text.text
        sentence = self.drafter.text.sentence_of(figure.number.start)
        colon = text.rfind(":", sentence.start, figure.number.start)
        if colon == -1 or self.drafter.figure_index.within(sentence.start, colon):
            return None  # no heading, or one that states figures of its own
        head = text[sentence.start : colon]
        words = read_words(head)
        if "flow" not in words:
            return None
        names = self.drafter.name_index.within(sentence.start, colon)
        subject = words.get("subject") or (names[0].key if names else self.drafter.lead)
        if subject is None:
            return None
        measure = words.get("measure") or ("volume" if re.search(r"\bcarats?\b", head) else "value")
        profile = Profile(
            subject=subject,
            flow=words["flow"],
            product=words.get("product"),
            measure=measure,
            modifier=None,
            dimension=None,
        )
        return self.drafter.quantity_for(profile, figure), profile

    def whole_profile(self, figure: DraftFigure, phrase: str) -> Profile | None:
        """The profile of "the world's carats", "Russia's output", "rough diamond sales by
        value": the phrase's own words, the sentence's where it says less."""
        words = read_words(phrase)
        start = figure.number.end
        sentence = self.drafter.text.sentence_of(figure.number.start)
        names = self.drafter.name_index.within(start, min(start + len(phrase) + 8, sentence.end))
        subject = words.get("subject") or (names[0].key if names else None)
        # "The Catoca mine accounted for 85% of the volume sold": what the sentence before
        # was about, where this one says nothing before the share and its words name a
        # flow or a measure ("70% of the mine" names neither: an ownership, no flow's part)
        own = self.profiles_before(figure)
        if not own and (words.get("flow") or words.get("measure")):
            own = self.profiles_before(figure, previous=True)
        context = own[-1] if own else None
        if (
            context is not None
            and context.measure == "count"
            and not words.keys() & {"flow", "measure"}
        ):
            # "71 companies, meaning that nearly 63% of active bidders": of the bidders, not
            # of the companies counted before; a phrase naming another noun names no whole
            noun = re.search(r"\b([a-z]+s)\b(?!.*\b[a-z]+s\b)", phrase.lower())
            if noun is not None and noun.group(1) not in (context.flow or ""):
                return None
        if subject is None and context is not None:
            subject = context.subject
            restated = self.restated_level(figure)
            part = self.drafter.profiles.get(id(restated.number)) if restated else None
            clause = self.drafter.text.clause_of(figure.number.start)
            named = self.drafter.name_index.within(clause[0], figure.number.start)
            sibling = bool(named) and named[-1].key not in (subject, self.drafter.lead)
            if self.drafter.lead and ((part is not None and part.subject == subject) or sibling):
                # "The United States …, taking $2.11 billion of goods, or 37.5% of polished
                # exports": the part is the United States'; "South Africa contributed 24.9% of
                # regional carats" after a sentence on Botswana: not Botswana's. The text's.
                subject = self.drafter.lead
        if subject is None:
            subject = self.drafter.lead  # "42% of rough diamond exports": the text's exports
        flow = words.get("flow") or (context.flow if context else None)
        measure = words.get("measure") or (context.measure if context else None)
        if words.get("measure") is None and re.search(r"\bcarats\b", phrase):
            measure = "volume"
        if not (subject and flow and measure):
            return None
        return Profile(
            subject=subject,
            flow=flow,
            product=words.get("product") or (context.product if context else None),
            measure=measure,
            modifier=words.get("modifier"),
            dimension=None,
        )

    def part_profile(self, figure: DraftFigure, whole: Profile) -> Profile | None:
        """The part a share is of its whole: its clause's subject, the whole's flow and
        measure, its own product where it names one."""
        clause = self.drafter.text.clause_of(figure.number.start)
        start = max(
            [clause[0]]
            + [
                n.end
                for n in self.drafter.namer.numbers
                if clause[0] <= n.end <= figure.number.start
            ]
        )  # "gold jewellery for 20% and other products for 5%": the words since the last number
        words = read_words(self.drafter.text.text[start : figure.number.start])
        in_clause = self.drafter.name_index.within(start, figure.number.start)
        if not in_clause:  # "Botswana was the leading producer, with 26% of world value"
            sentence = self.drafter.text.sentence_of(figure.number.start)
            since = max(
                [sentence.start]
                + [
                    n.end
                    for n in self.drafter.namer.numbers
                    if sentence.start <= n.end <= figure.number.start
                    and n.unit not in ("rank", "year")
                ]
            )
            in_clause = self.drafter.name_index.within(since, figure.number.start)
        subject = in_clause[-1].key if in_clause else None
        # "South Africa and Angola followed with 10% and 9% respectively"
        subject = self.drafter.respective.get(id(figure.number)) or subject
        product = words.get("product")
        around = self.drafter.text.text[start : min(clause[1], figure.number.end + 40)]
        # "Belgium took 42% of rough diamond exports": the exports to Belgium; "37.5% of
        # Israel's polished exports …, ahead of Belgium at 11.4%": another country's share
        # of one's exports, with no flow of its own, is where they went too
        elsewhere = (
            subject is not None
            and whole.flow in ("exports", "re-exports", "imports")
            and whole.subject not in (None, "world", subject)
            and "flow" not in words
        )
        if subject is not None and (_DESTINATION.search(around) or elsewhere):
            return Profile(
                subject=whole.subject,
                flow=whole.flow,
                product=whole.product,
                measure=whole.measure,
                modifier=f"{'from' if whole.flow == 'imports' else 'to'} {subject}",
            )
        if subject is None and product is None:
            return None
        return Profile(
            subject=subject or whole.subject,
            flow=words.get("flow") or whole.flow,
            product=product or whole.product,
            measure=whole.measure,
            modifier=words.get("modifier") or whole.modifier,
            dimension=None,
        )

    def profiles_before(self, figure: DraftFigure, previous: bool = False) -> list[Profile]:
        """The profiles of the numbers before ``figure`` in its sentence (``previous``: of
        the sentence before it, in the same paragraph)."""
        text = self.drafter.text
        sentence = text.sentence_of(figure.number.start)
        start, end = sentence.start, figure.number.start
        if previous:
            start, end = text.previous_start(sentence), sentence.start
            if start == end or text.paragraph_start(end) > start:
                return []
        found = (
            self.drafter.profiles.get(id(n))
            for n in self.drafter.namer.positions.starting_in(start, end)
        )
        return [p for p in found if p is not None]

    def called_total(
        self,
        before: list[DraftFigure],
        weak: DraftFigure,
        *excluded: Callable[[DraftFigure], bool],
    ) -> DraftFigure | None:
        """The last level before ``weak`` whose clause calls it a total, combined or overall
        (not merely "totalled")."""
        text = self.drafter.text.text
        for candidate in reversed(before[: before.index(weak)]):
            clause = self.drafter.text.clause_of(candidate.number.start)
            said = _TOTAL_WORDS.search(text, clause[0], candidate.number.start)
            if said is None or _AMOUNTED.fullmatch(said.group()):
                continue
            if candidate.row["unit"] != weak.row["unit"]:
                continue  # "US$36.1 billion (AED 132.6 billion)": the one in the text's unit
            if not any(test(candidate) for test in excluded):
                return candidate
        return None

    def total_before(self, figure: DraftFigure, written: list[DraftFigure]) -> DraftFigure | None:
        """What "of the total" refers to: a level called a total (or gross) before it, else
        the first level of its paragraph."""
        text = self.drafter.text.text
        before = [  # what a text calls "the total" is named within a few paragraphs
            f
            for f in self.drafter.figure_index.within(
                max(0, figure.number.start - 5_000), figure.number.start
            )
            if f.row.get("quantity")
            and "base_period" not in f.row
            and f.row["unit"] not in _NO_LEVEL
        ]
        if not before:
            return None
        # "Rough diamonds thus made up 58% of total sales": no total of rough diamonds only
        sentence = self.drafter.text.sentence_of(figure.number.start)
        own = read_words(text[sentence.start : figure.number.start]).get("product")
        profiles = self.drafter.profiles

        def of_the_part(level: DraftFigure) -> bool:
            profile = profiles.get(id(level.number))
            return own not in (None, "diamonds") and profile is not None and profile.product == own

        def of_all_goods(level: DraftFigure) -> bool:  # "total merchandise exports of …"
            profile = profiles.get(id(level.number))
            return own != "goods" and profile is not None and profile.product == "goods"

        paragraph_start = self.drafter.text.paragraph_start(figure.number.start)
        by_way = _BY_WAY.match(text, sentence.start)
        if by_way is not None:
            # "By destination, Hong Kong … took US$3,541.2 million, or 36.5% of the total": of
            # the text's first level of that way (exports; imports for "By source")
            flows = ("exports", "re-exports") if by_way["way"].lower() in _OUTWARD else ("imports",)
            way = [
                f
                for f in before
                if (p := profiles.get(id(f.number))) is not None
                and p.flow in flows
                and p.subject
                not in {n.key for n in self.drafter.name_index.within(sentence.start, sentence.end)}
            ]
            if way:
                return way[0]
        for candidate in reversed(before[-50:]):
            clause = self.drafter.text.clause_of(candidate.number.start)
            said = _TOTAL_WORDS.search(text, clause[0], candidate.number.start)
            if said is None or of_the_part(candidate) or of_all_goods(candidate):
                continue
            if _AMOUNTED.fullmatch(said.group()) and candidate.number.start < paragraph_start:
                # "Imports totalled US$17.47 billion and exports US$18.63 billion" paragraphs
                # back says what each came to; the total is one the text calls so, else the
                # first level of the share's own paragraph
                called = self.called_total(before, candidate, of_the_part, of_all_goods)
                if called is not None:
                    return called
                if any(f.number.start >= paragraph_start for f in before):
                    break
            return candidate
        here = [f for f in before if f.number.start >= paragraph_start]
        # "By source, India supplied HK$ 46.3 billion, Belgium … India, accounting for 38.1% of
        # the total": where the paragraph's first sentence lists parts, the total is a level
        # stated before it, of no part the paragraph names
        profiles = self.drafter.profiles
        first = self.drafter.text.sentence_of(here[0].number.start) if here else None
        listed = {
            profiles[id(f.number)].subject
            for f in here
            if first is not None
            and first.start <= f.number.start < first.end
            and id(f.number) in profiles
        }
        if len(listed) > 1:
            named = {
                n.key for n in self.drafter.name_index.within(paragraph_start, figure.number.end)
            }
            outside = [
                f
                for f in before
                if f.number.start < paragraph_start
                and (p := profiles.get(id(f.number))) is not None
                and p.subject not in named
                and f.row["unit"] == here[0].row["unit"]
                and f.row.get("period") == here[0].row.get("period")
            ]
            if outside:
                return outside[0]
        chosen = (here or before)[0]
        if of_the_part(chosen):  # the part's own level: the total is one of all products
            wider = [f for f in before if not of_the_part(f)]
            return wider[0] if wider else chosen
        return chosen
