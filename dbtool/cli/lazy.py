"""Groups whose commands are built when they run, not when the group is.

Typer builds a Click command by reading its function's signature, options and
annotations: about a fifth of a millisecond each, and every command of a group
on every run. A :class:`LazyGroup` knows each command's name and summary up
front (enough for ``--help``) and builds only the command that runs, the way
pip and Click's documented "lazy group" load theirs.
"""

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, ClassVar, NamedTuple

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup


class Entry(NamedTuple):
    """One command: its summary (its help's first paragraph) and how to get its function.

    ``load`` returns the command's function, or a Typer app for a group of its own;
    ``settings`` are the keyword arguments of ``Typer.command`` (context settings).
    """

    summary: str
    load: Callable[[], Any]
    settings: Mapping[str, Any] | None = None


def build(name: str, entry: Entry) -> Command:
    """The Click command ``name`` as Typer would have built it in its group."""
    target = entry.load()
    holder = typer.Typer(rich_markup_mode=None)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name, **(entry.settings or {}))(target)
    return typer.main.get_group(holder).commands[name]


class _Commands(MutableMapping[str, Command]):
    """A group's commands by name: every name known, each command built on first use."""

    def __init__(self, entries: Mapping[str, Entry]) -> None:
        self._entries = entries
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            self._built[name] = build(name, self._entries[name])
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        raise TypeError(f"commands are declared in the group's entries, not added ({name})")

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"commands cannot be removed ({name})")

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class LazyGroup(TyperGroup):
    """A Typer group whose commands are its class's ``entries``, built when used."""

    entries: ClassVar[Mapping[str, Entry]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.entries)

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.entries)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Click's list of commands, from the summaries: ``--help`` builds no command."""
        limit = formatter.width - 6 - max(map(len, self.entries))
        rows = [
            (name, make_default_short_help(entry.summary, limit))
            for name, entry in self.entries.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def summary_of(function: Callable[..., Any]) -> str:
    """A function's docstring's first paragraph: its summary in its group's list."""
    import inspect

    doc = inspect.cleandoc(function.__doc__ or "")
    return " ".join(doc.split("\n\n")[0].split())
