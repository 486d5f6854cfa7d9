"""``dbtool search``: full-text search over the texts of the releases."""

from typing import Annotated

import typer

from dbtool.cli.options import Output, with_output


@with_output
def search(
    out: Output,
    words: Annotated[list[str], typer.Argument(help="Words every matching document holds.")],
) -> None:
    """Find the sentences of the releases that hold the words: document, date, sentence.

    A document matches when it holds every word, by its stem (FTS5 on SQLite,
    full-text search on PostgreSQL); its sentences holding any of them are
    shown, most words first, with the figures quoted in each.

    Example: dbtool search alrosa india
    """
    from dbtool import api

    out.show(api.search(out.database, " ".join(words)))
