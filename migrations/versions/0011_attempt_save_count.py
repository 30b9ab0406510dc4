"""attempt save count: each attempt counts its own autosaves (the save limit) on its row

The count moves from rate_limit_count, one row per attempt and an UPDATE of its own per save, to
the attempt's row, which a save's claim updates anyway: one statement fewer per save. Counts in
flight start again from zero, as they would a second later.

Revision ID: 0011_attempt_save_count
Revises: 0010_lti
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_attempt_save_count"
down_revision: str | None = "0010_lti"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("saves_counted", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("saves_since", sa.DateTime(timezone=True), nullable=True))
    op.execute(sa.text("DELETE FROM rate_limit_count WHERE key LIKE 'saves:%'"))


def downgrade() -> None:
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_column("saves_since")
        batch_op.drop_column("saves_counted")
