"""Reports: the report model, the registry of builders, rendering and publishing.

A report is data first (:mod:`dbtool.reports.model`), built from portable SQL
by a builder in :mod:`dbtool.reports.builders`; the format is chosen last
(:mod:`dbtool.reports.render`). Nothing here imports SQLAlchemy on the
SQLite path, so a report starts fast.
"""
