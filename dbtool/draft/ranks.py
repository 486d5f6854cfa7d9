"""Ranks and orders in a draft: "third by value", "the largest producer", "ahead of Angola".

A rank takes the quantity its subject has of the kind being ranked; one ranking
per kind gathers the text's quantities of that kind for subjects like the ranked
ones; an order ("ahead of", "behind", "overtook") is a comparison of the
subject's quantity with the other's in the same period. The quantity drafter
(:mod:`dbtool.draft.quantities`) hands them over once every level has its
quantity.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from dbtool.draft.drafting import QuantityDrafting
from dbtool.draft.profiles import DEMONYMS, MEASURE_RIGHT, Profile, read_words

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure

_PASSED = re.compile(
    r"\b(?:overtook|overtaking|overtakes|surpassed|replaced|passed|ahead\s+of)\s+[^,;]*?\s+as\s+"
    r"(?:the\s+)?$",
    re.I,
)
_ORDER = re.compile(
    r"\b(?P<word>ahead\s+of|overtook|overtaking|outpaced|behind|trailing|trailed|second\s+only"
    r"\s+to|below)\s+(?:the\s+)?(?P<name>[A-Z])"
)


class Ranks:
    """The text's rank figures, its rankings and its orders."""

    def __init__(self, drafter: QuantityDrafting) -> None:
        self.drafter = drafter
        self.ranked: list[tuple[DraftFigure, Profile]] = []

    def assign(self, written: list[DraftFigure]) -> None:
        for figure in written:
            if figure.row["unit"] == "rank":
                self.rank(figure)
        self.rankings()
        self.orders(written)

    def rank(self, figure: DraftFigure) -> None:
        """ "third by value", "the largest producer by volume": the rank of its subject's
        quantity in a ranking of the text's quantities of that kind."""
        text = self.drafter.text.text
        number = figure.number
        clause = self.drafter.text.clause_of(number.start)
        after = text[number.end : min(clause[1], number.end + 60)]
        words = read_words(text[clause[0] : number.start] + " " + after)
        measure = MEASURE_RIGHT.search(after) or MEASURE_RIGHT.search(
            text[clause[0] : number.start]
        )
        flow = words.get("flow")
        if flow is None:  # "South Africa ranked third by value": what the text is ranking
            before = (
                self.drafter.profiles.get(id(f.number))
                for f in self.drafter.figure_index.last_before(number.start, 50)
            )
            flow = next((p.flow for p in before if p is not None and p.flow), None)
        if measure is None or flow is None:
            return
        subject = self.drafter.subject(number.start, None)
        passed = _PASSED.search(text, clause[0], number.start)
        if passed is not None:  # "the country overtook South Africa as the fourth-largest"
            sentence = self.drafter.text.sentence_of(number.start)
            before = self.drafter.name_index.within(sentence.start, passed.start())
            subject = before[0].key if before else subject
        if subject in (None, "world"):
            return
        profile = Profile(
            subject=subject,
            flow=flow,
            product=words.get("product"),
            measure="value" if measure["word"].lower() == "value" else "volume",
        )
        figure.row["quantity"] = self.drafter.quantity_for(profile, figure)
        self.ranked.append((figure, profile))

    def rankings(self) -> None:
        """One ranking per kind of quantity ranked ("diamond production, by value"), whose
        members are the text's quantities of that kind for subjects like the ranked ones."""
        registry = self.drafter.registry
        groups: dict[tuple, list[tuple[DraftFigure, Profile]]] = {}
        for figure, profile in self.ranked:
            normal = profile.normal()
            groups.setdefault((normal.flow, normal.product, normal.measure), []).append(
                (figure, profile)
            )
        used = {f.row.get("ranking") for f, _p in self.ranked}
        # the whole the ranked are parts of ("Gahcho Kué was the largest producer, accounting
        # for 38.1% of all carats recovered in the territory") ranks with none of them
        wholes = {f.row["whole"] for f in self.drafter.by_number.values() if f.row.get("whole")}
        for (flow, product, measure), ranked in groups.items():
            kinds = {self.kind_of(p.subject) for _f, p in ranked}
            members = []
            for other in self.drafter.profiles.values():
                normal = other.normal()
                if (
                    (normal.flow, normal.product, normal.measure) == (flow, product, measure)
                    and other.subject not in (None, "world")
                    and self.kind_of(other.subject) in kinds
                ):
                    key = self.drafter.quantity_for(other, None)
                    if key not in members and key not in wholes:
                        members.append(key)
            for _figure, profile in ranked:
                key = self.drafter.quantity_for(profile, None)
                if key not in members:
                    members.append(key)
            name = ranked[0][1].name(None).split("'s ", 1)[-1]
            key = registry.keys.new("ranking", str(flow), str(measure))
            registry.rankings[key] = {
                "key": key,
                "name": f"Ranked by {name}",
                "measure": measure,
                "members": sorted(members),
                # a text names the producers it talks about, not every one there is: a rank
                # is held against those above it, never the room the unnamed leave
                "partial": True,
                "reviewed": False,
            }
            for figure, _profile in ranked:
                figure.row["ranking"] = key
        for old in used:
            if old and not any(f.row.get("ranking") == old for f, _p in self.ranked):
                registry.rankings.pop(old, None)

    def orders(self, written: list[DraftFigure]) -> None:
        """ "Botswana was again second by value, ahead of Canada", "Namibia … overtook Angola":
        a comparison of the subject's quantity with the other's, in the same period."""
        text = self.drafter.text.text
        for match in _ORDER.finditer(text):
            other = next(
                iter(self.drafter.name_index.within(match.end("name"), match.end("name") + 1)), None
            )
            if other is None:
                continue
            sentence = self.drafter.text.sentence_of(match.start())
            here = [
                f
                for f in self.drafter.figure_index.within(sentence.start, sentence.end)
                if f.row.get("quantity") and f.row.get("period")
            ]
            ranked = [(f, p) for f, p in self.ranked if f in here]
            levels = [
                (f, self.drafter.profiles[id(f.number)])
                for f in here
                if id(f.number) in self.drafter.profiles
            ]
            figure, profile = (ranked or levels or [(None, None)])[0]
            if profile is None or figure is None or profile.subject == other.key:
                continue
            if profile.measure not in ("value", "volume"):
                continue
            mine = self.drafter.quantity_for(profile, None)
            theirs = self.drafter.quantity_for(
                replace(profile, subject=other.key, dimension=None), None
            )
            word = match["word"].lower()
            lower = ("behind", "trail", "below", "second")  # "second only to Russia": below it
            relation = "lower" if word.startswith(lower) else "higher"
            quoted = self.drafter.text.quoted(sentence.start, match.end())
            comparisons = self.drafter.registry.comparisons
            key = self.drafter.registry.keys.new("order", str(len(comparisons) + 1))
            row = {"key": key, "quantity": mine, "period": figure.row["period"]}
            row |= {"relation": relation, "other": theirs, **quoted, "reviewed": False}
            comment = f"candidate claim: {profile.subject} {relation} than {other.key}, in words"
            comparisons.append((row, [comment]))

    def kind_of(self, subject: str | None) -> str:
        """Whether a subject is a place or an organisation (mines count as organisations)."""
        entity = self.drafter.entities.by_key(subject or "")
        if entity is not None and entity.kind:
            return "place" if entity.kind == "place" else "organisation"
        known = next((e for e in self.drafter.entities.known if e.key == subject), None)
        if known is not None:
            return "place" if known.kind == "place" else "organisation"
        countries = {re.sub(r"\W+", "-", c.lower()) for c in DEMONYMS.values()}
        return "place" if subject in countries else "organisation"
