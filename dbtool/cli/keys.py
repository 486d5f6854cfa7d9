"""``dbtool quantities``, ``rankings`` and ``entities``: the keys a new seed can reuse."""

from dbtool.cli.options import Output, with_output


@with_output
def quantities(out: Output) -> None:
    """List the quantities: key, name, unit, how many figures, which documents state them.

    Example: dbtool quantities
    """
    from dbtool import api

    out.show(api.keys(out.database, "quantities"))


@with_output
def rankings(out: Output) -> None:
    """List the rankings: key, name, measure, how many rank claims, which documents.

    Example: dbtool rankings
    """
    from dbtool import api

    out.show(api.keys(out.database, "rankings"))


@with_output
def entities(out: Output) -> None:
    """List the entities: key, kind, name, alias, which documents mention them.

    Example: dbtool entities --format csv
    """
    from dbtool import api

    out.show(api.keys(out.database, "entities"))
