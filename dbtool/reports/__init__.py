"""Report builders: each takes a connection and returns a :class:`dbtool.report.Report`."""
