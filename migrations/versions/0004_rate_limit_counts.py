"""rate limit counts: one row per key, checked and counted in one conditional UPDATE

Replaces rate_limit_hit (a row per counted try, counted and then checked in two steps, which let
concurrent guesses past a limit). Counts in flight are short-lived and are not carried over.

Revision ID: 0004_rate_limit_counts
Revises: 0003_used_article_previews
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_rate_limit_counts"
down_revision: str | None = "0003_used_article_previews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_count",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_count")),
    )
    with op.batch_alter_table("rate_limit_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_limit_count_started"), ["started"], unique=False)
    with op.batch_alter_table("rate_limit_hit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_hit_key"))
        batch_op.drop_index(batch_op.f("ix_rate_limit_hit_at"))
    op.drop_table("rate_limit_hit")


def downgrade() -> None:
    op.create_table(
        "rate_limit_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_hit")),
    )
    with op.batch_alter_table("rate_limit_hit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_limit_hit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_rate_limit_hit_key"), ["key"], unique=False)
    with op.batch_alter_table("rate_limit_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_count_started"))
    op.drop_table("rate_limit_count")
