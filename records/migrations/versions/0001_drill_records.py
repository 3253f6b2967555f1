"""Drill records: one row per graded answer, one per move it missed.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coach_drill_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("rep", sa.String(255), nullable=False),
        sa.Column("drill_id", sa.String(36), nullable=False),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("objection", sa.String(64), nullable=False),
        sa.Column("objection_label", sa.String(128), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("found", sa.Text, nullable=False),
        sa.Column("missing", sa.Text, nullable=False),
        sa.Column("penalties", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("model_answer", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_coach_records_rep_at", "coach_drill_records", ["rep", "at"])
    op.create_index("ix_coach_records_at", "coach_drill_records", ["at"])
    op.create_index("ix_coach_records_scenario_objection", "coach_drill_records", ["scenario", "objection"])
    op.create_table(
        "coach_drill_misses",
        sa.Column(
            "record_id",
            sa.Integer,
            sa.ForeignKey("coach_drill_records.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("move", sa.String(64), primary_key=True),
        sa.Column("label", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("coach_drill_misses")
    op.drop_table("coach_drill_records")
