"""What the parts of the quantities phase read of it.

Counts, shares and ranks (:mod:`dbtool.draft.counts`, :mod:`dbtool.draft.shares`,
:mod:`dbtool.draft.ranks`) are handed the quantity drafter
(:class:`dbtool.draft.quantities.QuantityDrafter`) once every level has its
quantity; they see it through this one Protocol, so none of them imports the
drafter and the import graph keeps no cycle.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from dbtool.draft.figures import DraftFigure
    from dbtool.draft.found import ByStart
    from dbtool.draft.names import Entities
    from dbtool.draft.naming import Namer
    from dbtool.draft.profiles import KnownQuantity, Profile
    from dbtool.draft.registry import Registry
    from dbtool.draft.text import TextMap
    from dbtool.draft.texttables import TextTable


class QuantityDrafting(Protocol):
    """The quantity drafter's state and the questions its parts ask of it."""

    text: TextMap
    namer: Namer
    registry: Registry
    entities: Entities
    known: tuple[KnownQuantity, ...]
    lead: str | None
    profiles: dict[int, Profile]
    by_number: dict[int, DraftFigure]
    figure_index: ByStart[DraftFigure]
    name_index: ByStart[Any]
    respective: dict[int, str]  # a figure listed "respectively" -> the name it takes
    tables: tuple[TextTable, ...]  # the text's own tables

    def subject(self, start: int, previous: Profile | None) -> str | None: ...

    def sentence_before(
        self, figure: DraftFigure, opening: re.Pattern[str]
    ) -> list[DraftFigure]: ...

    def quantity_for(self, profile: Profile, figure: DraftFigure | None) -> str: ...
