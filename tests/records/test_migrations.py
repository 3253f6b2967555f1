"""The schema comes from the migrations, from an empty database and from the previous schema."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from records import database, schema


def test_an_empty_database_is_migrated_to_the_schema_the_code_queries(tmp_path):
    db = database.engine({"RECORDS_URL": f"sqlite:///{tmp_path / 'new.db'}"})
    assert database.current(db) is None
    database.upgrade(db)
    assert database.current(db) == database.head() == "0002"
    with db.connect() as connection:
        # a column or index added to records/schema.py without a migration shows here
        context = MigrationContext.configure(connection, opts={"version_table": "coach_alembic_version"})
        assert compare_metadata(context, schema.metadata) == []


def test_the_previous_schema_is_migrated_and_keeps_its_records(tmp_path):
    db = database.engine({"RECORDS_URL": f"sqlite:///{tmp_path / 'old.db'}"})
    database.upgrade(db, "0001")
    with db.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO coach_drill_records (rep, drill_id, scenario, objection, objection_label, score,"
                " found, missing, penalties, answer, model_answer, at) VALUES ('alice', 'd1', 'cold_call',"
                " 'too_expensive', '价格太高', 72, '[]', '[]', '[]', '您说得对', '', '2026-11-30 12:00:00')"
            )
        )
    database.upgrade(db)
    assert database.current(db) == "0002"
    with db.connect() as connection:
        row = connection.execute(sa.select(schema.drill_records)).one()
        assert (row.rep, row.score, row.answer, row.assignment_id) == ("alice", 72, "您说得对", None)
        assert connection.execute(sa.select(sa.func.count()).select_from(schema.assignments)).scalar() == 0
    database.upgrade(db)  # at head: nothing to do, nothing lost
    with db.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(schema.drill_records)).scalar() == 1
