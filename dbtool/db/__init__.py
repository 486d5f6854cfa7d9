"""The database: where it is, its schema (models and migrations), and how it is read.

The lowest layer: nothing here imports the loader, the checks, the reports
or the CLI.
"""
