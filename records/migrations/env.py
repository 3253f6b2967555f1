"""Alembic's entry point: records/database.py hands it the connection, so
the same code migrates SQLite under `make run` and PostgreSQL under `make cluster`."""

from alembic import context

from records.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table="coach_alembic_version",  # beside Rasa's tables, never confused with another app's
    render_as_batch=True,  # SQLite alters a table by copying it
)
with context.begin_transaction():
    context.run_migrations()
