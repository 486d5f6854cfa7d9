"""``dbtool documents``: the loaded documents and their latest check verdicts."""

from dbtool.cli.options import Output, with_output


@with_output
def documents(out: Output) -> None:
    """List the loaded documents: date, title, entities, figures, latest check verdict.

    Example: dbtool documents --format markdown
    """
    from dbtool import api

    out.show(api.report(out.database, "documents"))
