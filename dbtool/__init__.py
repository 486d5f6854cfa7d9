"""dbtool: a relational database of the diamond trade, built from press releases.

The library API is in :mod:`dbtool.api`; the ``dbtool`` command is a thin
layer over it (:mod:`dbtool.cli`).
"""

__version__ = "0.1.0"
