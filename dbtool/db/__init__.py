"""The database: where it is, its schema (models and migrations), and how it is read.

The lowest layer: nothing here imports the loader, the checks, the reports
or the CLI.
"""

# The environment variable that names the database (a SQLAlchemy URL) when no --db or
# --database-url is given: here, so the CLI can name it without importing the database.
ENV_URL = "DBTOOL_DATABASE_URL"
