"""Counts in a draft: "55 long-term clients", and "21 of them are companies from Belgium".

A count is of the noun that follows it, whose subject its clause names; a count
of some of an earlier count ("N of them", "of these", "of which") is a part of
it, declared with a partition of one part so the part is held against its whole.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from dbtool.draft.drafting import QuantityDrafting
from dbtool.draft.profiles import Profile

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure

_COUNT_NOUN = re.compile(
    r"\s+(?P<noun>(?:[a-z][\w-]*\s+){0,2}?(?:clients|customers|companies|participants|countries"
    r"|members|tenders|sales|auctions|mines|stones|diamonds|employees|people|workers|vessels|"
    r"buyers|sightholders|licences|licenses|projects|deposits|pipes|sites|shops|stores|firms|"
    r"lots|parcels|bidders))\b"
)
# "55 long-term clients …, and 21 of them are companies from Belgium": a count of some of
# an earlier count, named by the words that follow.
# "21 of them, or 38%, are …": the share of the whole the part is, said between them.
_OF_THEM = re.compile(
    r"\s+of\s+(?:them|these|those|which)(?P<share>\s*,?\s*or\s+(?:about\s+|some\s+|nearly\s+|"
    r"almost\s+|roughly\s+)?(?P<percent>\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent)\s*,?)?"
    r"\s+(?:(?:are|were|is|was|come|came)\s+)?"
    r"(?P<rest>[^,.;:()]{3,60}?)(?=\s*[,.;:()]|\s+(?:and|but|while|who|which)\b|\s*$)"
)


# "291 of 348 offered": the part before "of", the whole after it
_OF_COUNT_AFTER = re.compile(r"\s+of\s+(?:the\s+)?(?=\d)")
_OF_COUNT_BEFORE = re.compile(r"\d[\d,]*\s+of\s+(?:the\s+)?\Z")
# "Lots sold: 291 of 348": what is counted, named before ("Lots", "Stones")
_LABEL = re.compile(r"(?P<noun>[A-Za-z][a-z]+s)\b(?:\s+(?P<said>sold|[a-z]+ed))?[^\n\d]{0,30}\Z")
_OF_THE = re.compile(r"\b[Oo]f\s+(?:the|its|their)\s+\Z")
_OFFERED = re.compile(r"\s+(?P<word>offered|tendered|registered|listed|submitted|available)\b")
# "…, a sell-through rate of 83.6%", "…, or 83.6%", "… (83.6%)", "… lots on offer were
# sold, or 86%", "… were Northern residents, or 49%"
_RATE = re.compile(
    r"(?:\s+[A-Za-z]+){0,5}\s*(?:(?:,|\s*[—–-])\s*(?:or|a|an)\s+(?:[a-z-]+\s+){0,3}?(?:of\s+)?|\()"
    r"(?P<percent>\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent)"
)
_OF_THESE = re.compile(r"\s*Of\s+(?:these|them|those|this\s+number)\s*,", re.I)
# "23 — or 41% — were under the age of 35", "17, or 27%, were women": what the part is
_WERE = re.compile(
    r"(?:\s*(?:,|[—–-])\s*or\s+\d+(?:\.\d+)?\s*(?:%|per\s*cent)\s*(?:,|[—–-])?)?\s*"
    r"(?:were|are|was|is)\s+(?P<rest>[^,.;:()]{3,60}?)(?=\s*[,.;:()]|\s+and\b|\s*$)"
)
_MOVED = re.compile(
    r"\b(?P<verb>opened|closed|added|acquired|shut|launched|refurbished|relocated)\s+"
    r"(?:(?:a\s+)?(?:further|net|another|new|total\s+of)\s+)?\Z",
    re.I,
)


class Counts:
    """The text's counts and the parts some of them are of others."""

    def __init__(self, drafter: QuantityDrafting) -> None:
        self.drafter = drafter
        # a count of some of an earlier count ("21 of them"): the part's figure -> the whole's
        self.parts: dict[int, DraftFigure] = {}
        # "291 of 348": the whole's number -> the part's figure, until the whole is read
        self.pending: dict[int, DraftFigure] = {}
        # "Of the 412 lots offered, 371 lots": the part's number -> the whole's figure
        self.awaiting: dict[int, DraftFigure] = {}
        # and the share said after the whole ("a sell-through rate of 83.6%"), by the part
        self.shared: dict[int, re.Match[str] | None] = {}

    def profile(self, figure: DraftFigure, previous: Profile | None) -> Profile | None:
        """ "55 long-term clients": a count of its noun, whose subject its clause names; "21
        of them are companies from Belgium" a count of some of them (``part_profile``).
        """
        of_the = self.of_the(figure, previous) or self.of_these(figure, previous)
        if of_the is not None:
            return of_the
        if id(figure.number) in self.pending:  # "356 of the 412 lots": the whole of 356
            return self.of_count(figure, previous)
        noun = _COUNT_NOUN.match(self.drafter.text.text, figure.number.end)
        if noun is None:
            return self.part_profile(figure) or self.of_count(figure, previous)
        subject = self.drafter.subject(figure.number.start, previous)
        words = re.sub(r"[^a-z-]+", "-", noun["noun"].lower()).strip("-")
        # "opened 11 stores and closed 4, ending the year with 412 stores": what changed
        # hands in the year is no count of what there is at its end
        verb = _MOVED.search(
            self.drafter.text.text, max(0, figure.number.start - 25), figure.number.start
        )
        if verb is not None:
            words = f"{words}-{verb['verb'].lower()}"
        return _counted(subject, words)

    def part_profile(self, figure: DraftFigure) -> Profile | None:
        """ "…55 long-term clients…, and 21 of them are companies from Belgium": a count of
        those of an earlier count of the sentence that the following words say, so the part
        can be held against its whole (a partition of one part: never more than the whole).
        None when no count comes before it in its sentence or no words follow."""
        text = self.drafter.text.text
        match = _OF_THEM.match(text, figure.number.end)
        if match is None:
            return None
        sentence = self.drafter.text.sentence_of(figure.number.start)
        earlier = [
            f
            for f in self.drafter.figure_index.within(sentence.start, figure.number.start)
            if f.row["unit"] == "count" and id(f.number) in self.drafter.profiles
        ]
        if not earlier:
            return None
        whole_figure = earlier[-1]
        whole = self.drafter.profiles[id(whole_figure.number)]
        rest = match["rest"].strip()
        self.parts[id(figure.number)] = whole_figure
        words = re.sub(r"[^a-z-]+", "-", f"{whole.flow} {rest}".lower()).strip("-")
        return replace(whole, flow=words)

    def of_the(self, figure: DraftFigure, previous: Profile | None) -> Profile | None:
        """ "Of the 412 lots offered, 371 lots, or 90.0%, were sold": the count after "Of the"
        is the whole, the next count of its sentence the part, and the share after the part
        the share it is."""
        text = self.drafter.text.text
        noun = _COUNT_NOUN.match(text, figure.number.end)
        whole = self.awaiting.pop(id(figure.number), None)
        counted = self.drafter.profiles.get(id(whole.number)) if whole is not None else None
        if noun is None and counted is not None:
            # "Of the 1,104 lots offered, 968 were sold, or 87.7%": the part names no noun;
            # it is some of the whole's, named by what they were
            said = _WERE.match(text, figure.number.end)
            rest = re.sub(r"[^a-z0-9-]+", "-", said["rest"].lower()).strip("-") if said else "part"
            self.parts[id(figure.number)] = whole
            self.shared[id(figure.number)] = _RATE.match(text, figure.number.end)
            return replace(counted, flow=f"{counted.flow}-{rest}")
        if noun is None:
            return None
        subject = self.drafter.subject(figure.number.start, previous)
        flow = re.sub(r"[^a-z-]+", "-", noun["noun"].lower()).strip("-")
        if whole is not None:  # the part
            self.parts[id(figure.number)] = whole
            self.shared[id(figure.number)] = _RATE.match(text, figure.number.end)
            return _counted(subject, f"{flow}-part")
        if not _OF_THE.search(text, max(0, figure.number.start - 12), figure.number.start):
            return None
        if _OF_COUNT_BEFORE.search(text, max(0, figure.number.start - 30), figure.number.start):
            return None  # "356 of the 412 lots": the whole of the count before it (of_count)
        sentence = self.drafter.text.sentence_of(figure.number.start)
        following = [
            f
            for f in self.drafter.figure_index.within(noun.end(), sentence.end)
            if f.row["unit"] == "count"
        ]
        if not following:
            return None
        self.awaiting[id(following[0].number)] = figure
        offered = _OFFERED.match(text, noun.end())  # "412 lots offered"
        flow = f"{flow}-{offered['word'].lower()}" if offered else flow
        return _counted(subject, flow)

    def of_these(self, figure: DraftFigure, previous: Profile | None) -> Profile | None:
        """ "The Board admitted 64 new members. Of these, 23 — or 41% — were under 35, and 17,
        or 27%, were women": each count of a sentence opening "Of these," is some of the
        last count of the sentence before, named by what they "were"."""
        text = self.drafter.text
        earlier = [
            f
            for f in self.drafter.sentence_before(figure, _OF_THESE)
            if f.row["unit"] == "count" and id(f.number) in self.drafter.profiles
        ]
        said = _WERE.match(text.text, figure.number.end)
        if not earlier or said is None:
            return None
        whole = self.drafter.profiles[id(earlier[-1].number)]
        self.parts[id(figure.number)] = earlier[-1]
        self.shared[id(figure.number)] = _RATE.match(text.text, figure.number.end)
        rest = re.sub(r"[^a-z0-9-]+", "-", said["rest"].lower()).strip("-")
        return replace(whole, flow=f"{whole.flow}-{rest}")

    def of_count(self, figure: DraftFigure, previous: Profile | None) -> Profile | None:
        """ "Lots sold: 291 of 348 offered, a sell-through rate of 83.6%": two counts of one
        thing, the first some of the second; the thing is named after the second or before
        the first ("Lots"). The second is the whole, the first its part (``self.parts``)."""
        text = self.drafter.text.text
        clause = self.drafter.text.clause_of(figure.number.start)
        whole_of = _OF_COUNT_BEFORE.search(text, clause[0], figure.number.start)
        of_next = _OF_COUNT_AFTER.match(text, figure.number.end)
        if whole_of is None and of_next is None:
            return None
        first = whole_of.start() if whole_of else figure.number.start
        line = text.rfind("\n", 0, first) + 1
        label = _LABEL.search(text, max(line, clause[0]), first)
        after = _COUNT_NOUN.match(text, figure.number.end) if whole_of else None
        noun = (after["noun"] if after else None) or (label["noun"] if label else None)
        if noun is None and of_next is not None:  # "41 of the 55 special lots were sold"
            ahead = self.drafter.figure_index.within(of_next.end(), of_next.end() + 1)
            named = _COUNT_NOUN.match(text, ahead[0].number.end) if ahead else None
            noun = named["noun"] if named else None
        if noun is None:
            return None
        subject = self.drafter.subject(figure.number.start, previous)
        flow = re.sub(r"[^a-z-]+", "-", noun.lower()).strip("-")
        if of_next is not None:  # the part: the whole follows "of"
            following = self.drafter.figure_index.within(of_next.end(), of_next.end() + 1)
            if not following:
                return None
            self.pending[id(following[0].number)] = figure
            said = label["said"] if label and label["said"] else "counted"  # "Lots sold:"
            return _counted(subject, f"{flow}-{said.lower()}")
        part = self.pending.pop(id(figure.number), None)
        if part is None:
            return None
        self.parts[id(part.number)] = figure
        self.shared[id(part.number)] = _RATE.match(text, figure.number.end)
        offered = _OFFERED.match(text, figure.number.end)  # "348 offered"
        flow = f"{flow}-{offered['word'].lower()}" if offered else flow
        return _counted(subject, flow)

    def partitions(self) -> None:
        """A partition for each count of some of another ("21 of them"): whole and part."""
        registry = self.drafter.registry
        for number, whole_figure in self.parts.items():
            part_figure = self.drafter.by_number[number]
            part, whole = part_figure.row.get("quantity"), whole_figure.row.get("quantity")
            if not part or not whole or part == whole:
                continue
            rate = self.shared.get(number)
            rest = _OF_THEM.match(self.drafter.text.text, part_figure.number.end)
            whole_name = self._quantity_name(whole)
            if rest is None:  # "291 of 348 offered, a sell-through rate of 83.6%"
                key = registry.keys.new("parts", str(len(registry.partitions) + 1))
                row = {
                    "key": key,
                    "name": f"{whole_name}, by part",
                    "whole": whole,
                    "parts": [part],
                }
                said = f"{part_figure.number.written} of {whole_figure.number.written}"
                registry.partitions.append((row, [f"candidate relation: {said}"]))
                if rate is not None:
                    self._share(rate.start("percent"), part, whole)
                continue
            if part in registry.quantities:  # named as the text says it, in its case
                registry.quantities[part]["name"] = f"{whole_name} that are {rest['rest']}"
            key = registry.keys.new("parts", str(len(registry.partitions) + 1))
            row = {"key": key, "name": f"{whole_name}, by part", "whole": whole, "parts": [part]}
            said = f"{part_figure.number.written} of {whole_figure.number.written}"
            comment = f"candidate relation: {said} ('{rest.group().strip()}')"
            registry.partitions.append((row, [comment]))
            if rest["share"]:
                self._share(rest.start("percent"), part, whole)

    def _share(self, at: int, part: str, whole: str) -> None:
        """ "21 of them, or 38%": the share the part is of the whole, checked against both."""
        found = [
            f
            for f in self.drafter.figure_index.within(at, at + 1)
            if f.row.get("unit") == "percent" and "base_period" not in f.row
        ]
        if len(found) != 1:
            return
        share = found[0]
        made_up = share.row.get("whole")
        share.row["quantity"], share.row["whole"] = part, whole
        quantities = self.drafter.registry.quantities
        unused = not any(made_up in f.row.values() for f in self.drafter.by_number.values())
        if unused and self.drafter.registry.made_up(made_up):
            del quantities[made_up]  # the whole the figures phase made up for it
        share.comments[:] = [c for c in share.comments if "a share of what?" not in c]
        share.comments.append("the share the count before it is of the count it is some of")

    def _quantity_name(self, key: str) -> str:
        """A quantity's name, declared by this draft or known to the database."""
        if key in self.drafter.registry.quantities:
            return str(self.drafter.registry.quantities[key]["name"])
        return next((k.name for k in self.drafter.known if k.key == key), key)


def _counted(subject: str | None, flow: str) -> Profile:
    """A count's profile: how many of ``flow`` (its noun, and what was done to them)."""
    return Profile(subject=subject, flow=flow, product=None, measure="count", dimension="count")
