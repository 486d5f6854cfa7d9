"""Cross-reference checks for a seed file, before anything is written.

Pydantic checks each row's shape; this checks that every key a row names
(``roles[2].person``) is defined, as the right kind of thing: in the same
file, or, for the global namespaces (entities and quantities), by a
document already in the database.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from dbtool.db.vocabulary import ENTITY_KINDS
from dbtool.errors import SeedError
from dbtool.seedformat.figurerows import FigureRow
from dbtool.seedformat.model import FigureSpec, SeedFile

# (place in the file, or False when not spelled; the key it names; the kinds it may name)
Reference = tuple[str | bool, str | None, tuple[str, ...]]
# namespace -> key -> kind
Namespaces = dict[str, dict[str, str]]
# A seed's figures, as models or as the loader's rows: a figure names the same keys either way.
Figures = Sequence[FigureSpec] | Sequence[FigureRow]


def defined_keys(seed: SeedFile, path: Path, problems: list[SeedError] | None = None) -> Namespaces:
    """namespace -> key -> kind for every key the file defines.

    Entities share one namespace (a key names one thing); quantities,
    partitions, rankings, sums, ratios and figures each have their own. A key
    defined twice in one namespace is an error: raised, or added to ``problems``.
    """
    groups: list[tuple[str, str, str, list]] = [
        ("places", "entity", "place", seed.places),
        ("organisations", "entity", "organisation", seed.organisations),
        ("people", "entity", "person", seed.people),
        ("events", "entity", "event", seed.events),
        ("agreements", "entity", "agreement", seed.agreements),
        ("quantities", "quantity", "quantity", seed.quantities),
        ("partitions", "partition", "partition", seed.partitions),
        ("rankings", "ranking", "ranking", seed.rankings),
        ("sums", "sum", "sum", seed.sums),
        ("ratios", "ratio", "ratio", seed.ratios),
        ("readings", "reading", "reading", seed.readings),
        ("comparisons", "comparison", "comparison", seed.comparisons),
        ("figures", "figure", "figure", seed.figures),
    ]
    namespaces: Namespaces = {}
    for group, namespace, kind, items in groups:
        keys = namespaces.setdefault(namespace, {})
        for item in items:
            if item.key in keys:
                twice = SeedError(
                    path, f"{group}[key={item.key}].key", f"key {item.key!r} is defined twice"
                )
                if problems is None:
                    raise twice
                problems.append(twice)
            keys[item.key] = kind
    return namespaces


def _references(
    seed: SeedFile, spell: bool = True, figures: Figures | None = None
) -> Iterator[Reference]:
    """Every key a row names, with the kinds it may name, in file order; with ``spell``,
    the place of each too (``roles[2].person``), else False: most references are never
    reported, and spelling every place would slow reading every file.
    ``figures``: the seed's figures when they are held apart from it, as rows."""
    entity = ENTITY_KINDS
    quantity = ("quantity",)
    dateline = seed.document.dateline
    yield spell and "document.dateline.place", dateline and dateline.place, ("place",)
    for place in seed.places:
        yield spell and f"places[key={place.key}].country", place.country, ("place",)
    for organisation in seed.organisations:
        at = spell and f"organisations[key={organisation.key}]"
        yield spell and f"{at}.based_in", organisation.based_in, ("place",)
    for number, mention in enumerate(seed.mentions, 1):
        yield spell and f"mentions[{number}].entity", mention.entity, entity
    for number, role in enumerate(seed.roles, 1):
        yield spell and f"roles[{number}].person", role.person, ("person",)
        yield spell and f"roles[{number}].organisation", role.organisation, ("organisation",)
    for event in seed.events:
        yield spell and f"events[key={event.key}].place", event.place, ("place",)
        yield spell and f"events[key={event.key}].part_of", event.part_of, ("event",)
        for number, participant in enumerate(event.participants, 1):
            at = spell and f"events[key={event.key}].participants[{number}]"
            yield spell and f"{at}.entity", participant.entity, entity
    for agreement in seed.agreements:
        at = spell and f"agreements[key={agreement.key}]"
        yield spell and f"{at}.signed_at", agreement.signed_at, ("event",)
        for number, party in enumerate(agreement.parties, 1):
            yield (
                spell and f"{at}.parties[{number}].organisation",
                party.organisation,
                ("organisation",),
            )
        for number, signatory in enumerate(agreement.signatories, 1):
            yield spell and f"{at}.signatories[{number}].person", signatory.person, ("person",)
            yield (
                spell and f"{at}.signatories[{number}].on_behalf_of",
                signatory.on_behalf_of,
                ("organisation",),
            )
        for commitment in agreement.commitments:
            yield (
                spell and f"{at}.commitments[key={commitment.key}].concerns",
                commitment.concerns,
                entity,
            )
    for partition in seed.partitions:
        yield spell and f"partitions[key={partition.key}].whole", partition.whole, quantity
        for number, part in enumerate(partition.parts, 1):
            yield spell and f"partitions[key={partition.key}].parts[{number}]", part, quantity
    for number, link in enumerate(seed.links, 1):
        yield spell and f"links[{number}].part", link.part, quantity
        yield spell and f"links[{number}].whole", link.whole, quantity
    for sum_spec in seed.sums:
        yield spell and f"sums[key={sum_spec.key}].total", sum_spec.total, quantity
        for name, keys in (("parts", sum_spec.parts), ("minus", sum_spec.minus)):
            for number, key in enumerate(keys, 1):
                yield spell and f"sums[key={sum_spec.key}].{name}[{number}]", key, quantity
    for ratio in seed.ratios:
        for name in ("result", "numerator", "denominator"):
            yield spell and f"ratios[key={ratio.key}].{name}", getattr(ratio, name), quantity
    for reading in seed.readings:
        yield spell and f"readings[key={reading.key}].quantity", reading.quantity, quantity
        for name, keys in (("parts", reading.parts), ("minus", reading.minus)):
            for number, key in enumerate(keys, 1):
                yield spell and f"readings[key={reading.key}].{name}[{number}]", key, quantity
    for ranking in seed.rankings:
        yield spell and f"rankings[key={ranking.key}].share_whole", ranking.share_whole, quantity
        for number, member in enumerate(ranking.members, 1):
            yield spell and f"rankings[key={ranking.key}].members[{number}]", member, quantity
    for comparison in seed.comparisons:
        at = spell and f"comparisons[key={comparison.key}]"
        yield spell and f"{at}.subject", comparison.subject, entity
        yield spell and f"{at}.quantity", comparison.quantity, quantity
        yield spell and f"{at}.other", comparison.other, quantity
    for figure in seed.figures if figures is None else figures:
        at = spell and f"figures[key={figure.key}]"
        yield spell and f"{at}.subject", figure.subject, entity
        yield spell and f"{at}.quantity", figure.quantity, quantity
        yield spell and f"{at}.whole", figure.whole, quantity
        yield spell and f"{at}.ranking", figure.ranking, ("ranking",)
        yield spell and f"{at}.revises", figure.revises, ("figure",)


# A reference only the database can settle: (its position among the file's references,
# namespace, key, kinds it may name). Its place is spelled only if it is reported.
Outside = tuple[int, str, str, tuple[str, ...]]


def file_references(
    seed: SeedFile, path: Path, unchecked: frozenset[str] = frozenset()
) -> list[SeedError | Outside]:
    """The file's references checked against its own definitions, in file order: a problem
    for each key defined twice or naming the wrong kind of thing here, and each reference
    to a key the file does not define, left for ``resolve`` to look up.

    Apart from ``resolve`` so that the read-ahead worker can do this half: it
    needs only the file. Keys in ``unchecked`` are those of rows already refused for
    another reason: a reference to them would only repeat that problem.
    """
    problems: list[SeedError] = []
    namespaces = defined_keys(seed, path, problems)
    entries: list[SeedError | Outside] = list(problems)
    wrong: dict[int, tuple[int, str, str, tuple[str, ...]]] = {}  # entry index -> reference
    for at, (_, key, allowed) in enumerate(_references(seed, spell=False)):
        if key is None or key in unchecked:
            continue
        namespace = "entity" if allowed[0] in ENTITY_KINDS else allowed[0]
        kind = namespaces.get(namespace, {}).get(key)
        if kind is None:
            entries.append((at, namespace, key, allowed))
        elif kind not in allowed:
            wrong[len(entries)] = (at, key, kind, allowed)
            entries.append((at, namespace, key, allowed))  # replaced below, once placed
    places = _places(seed, {at for at, *_ in wrong.values()})
    for index, (at, key, kind, allowed) in wrong.items():
        entries[index] = _wrong_kind(path, places[at], key, kind, allowed)
    return entries


def resolve(
    entries: list[SeedError | Outside],
    seed: SeedFile,
    path: Path,
    known: Mapping[str, Mapping[str, str]] | None,
    figures: Figures | None = None,
) -> list[SeedError]:
    """``file_references``' problems, and those of its outside references against ``known``
    (namespace -> key -> kind of what other documents define): every key must be known, as
    a kind the place allows. ``known`` None: each outside reference is an unknown key.
    ``figures``: the seed's figures when a read holds them apart from it, as rows."""
    found: list[SeedError | tuple[int, str, str | None, tuple[str, ...]]] = []
    for entry in entries:
        if isinstance(entry, SeedError):
            found.append(entry)
            continue
        at, namespace, key, allowed = entry
        kind = None if known is None else known.get(namespace, {}).get(key)
        if kind is None or kind not in allowed:
            found.append((at, key, kind, allowed))
    places = _places(seed, {f[0] for f in found if not isinstance(f, SeedError)}, figures)
    return [
        f
        if isinstance(f, SeedError)
        else SeedError(path, places[f[0]], f"unknown key {f[1]!r}")
        if f[2] is None
        else _wrong_kind(path, places[f[0]], f[1], f[2], f[3])
        for f in found
    ]


def _places(seed: SeedFile, wanted: set[int], figures: Figures | None = None) -> dict[int, str]:
    """The places of the file's references numbered ``wanted`` (from 0), spelled: in one
    pass, however many (a file of 18,000 unknown keys once took ten minutes, one a pass)."""
    places: dict[int, str] = {}
    if not wanted:
        return places
    last = max(wanted)
    for at, (place, _, _) in enumerate(_references(seed, True, figures)):
        if at in wanted:
            assert isinstance(place, str)
            places[at] = place
        if at >= last:
            break
    return places


def _wrong_kind(path: Path, place: str, key: str, kind: str, allowed: tuple[str, ...]) -> SeedError:
    return SeedError(path, place, f"{key!r} is a {kind}, expected {' or '.join(allowed)}")


def reference_problems(
    seed: SeedFile,
    path: Path,
    known: Mapping[str, Mapping[str, str]] | None = None,
    unchecked: frozenset[str] = frozenset(),
) -> list[SeedError]:
    """Every unknown or wrong-kind key, and every key defined twice, each located.

    ``known`` holds the keys other documents in the database define
    (namespace -> key -> kind); the file's own definitions take precedence.
    """
    return resolve(file_references(seed, path, unchecked), seed, path, known)


def check_references(
    seed: SeedFile, path: Path, known: Mapping[str, Mapping[str, str]] | None = None
) -> Namespaces:
    """Raise every unknown or wrong-kind key at once (see ``reference_problems``)."""
    problems = reference_problems(seed, path, known)
    if problems:
        raise SeedError.of(problems)
    return defined_keys(seed, path)
