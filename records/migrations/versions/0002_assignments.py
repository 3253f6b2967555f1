"""Assignments: drills a trainer asks one rep or everyone to do; a record
names the assignment it answered.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coach_assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("rep", sa.String(255), nullable=True),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("objections", sa.Text, nullable=False),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_coach_assignments_rep", "coach_assignments", ["rep"])
    with op.batch_alter_table("coach_drill_records") as batch:
        batch.add_column(sa.Column("assignment_id", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coach_drill_records") as batch:
        batch.drop_column("assignment_id")
    op.drop_table("coach_assignments")
