"""used article previews: an article import's preview can be confirmed once

Revision ID: 0003_used_article_previews
Revises: 0002
Create Date: 2026-12-06 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_used_article_previews"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "used_article_preview",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=200), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher.id"],
            name=op.f("fk_used_article_preview_teacher_id_teacher"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_used_article_preview")),
    )
    with op.batch_alter_table("used_article_preview", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_used_article_preview_teacher_id"), ["teacher_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_used_article_preview_used_at"), ["used_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("used_article_preview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_used_article_preview_used_at"))
        batch_op.drop_index(batch_op.f("ix_used_article_preview_teacher_id"))

    op.drop_table("used_article_preview")
