"""The tables, as SQLAlchemy Core metadata. The migrations (records/migrations)
create them; this module is what the code queries. A change here needs a
new migration (tests/records/test_migrations.py compares the two)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# One row per graded drill answer. Labels are stored as the rep saw them, so
# a rubric renamed later does not rewrite history.
drill_records = sa.Table(
    "coach_drill_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("rep", sa.String(255), nullable=False),
    sa.Column("drill_id", sa.String(36), nullable=False),
    sa.Column("scenario", sa.String(64), nullable=False),
    sa.Column("objection", sa.String(64), nullable=False),
    sa.Column("objection_label", sa.String(128), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("found", sa.Text, nullable=False),  # JSON list of move labels
    sa.Column("missing", sa.Text, nullable=False),  # JSON list of move labels
    sa.Column("penalties", sa.Text, nullable=False),  # JSON list of phrases
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("model_answer", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),  # UTC
    sa.Column("assignment_id", sa.Integer, nullable=True),  # since 0002
    sa.Index("ix_coach_records_rep_at", "rep", "at"),
    sa.Index("ix_coach_records_at", "at"),
    sa.Index("ix_coach_records_scenario_objection", "scenario", "objection"),
)

# One row per move a graded answer missed: "the moves most often missed"
# and "the weakest move" are then one GROUP BY, not a JSON scan.
drill_misses = sa.Table(
    "coach_drill_misses",
    metadata,
    sa.Column(
        "record_id",
        sa.Integer,
        sa.ForeignKey("coach_drill_records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("move", sa.String(64), primary_key=True),
    sa.Column("label", sa.String(128), nullable=False),
)

# A drill a trainer asked for: one rep, or everyone when `rep` is NULL.
assignments = sa.Table(
    "coach_assignments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("rep", sa.String(255), nullable=True),
    sa.Column("scenario", sa.String(64), nullable=False),
    sa.Column("objections", sa.Text, nullable=False),  # JSON list of the objections (moves) to drill
    sa.Column("due", sa.Date, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),  # UTC
    sa.Index("ix_coach_assignments_rep", "rep"),
)
