"""reveal settings: what a student sees of the score while answers are withheld, and hiding
the report comparison while an assignment is open

Existing assignments keep showing the score with the answers and keep the comparison visible.

Revision ID: 0005_reveal_settings
Revises: 0004_rate_limit_counts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_reveal_settings"
down_revision: str | None = "0004_rate_limit_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "show_score",
                sa.Enum("with_answers", "total_only", name="showscore", native_enum=False, length=20),
                nullable=False,
                server_default="with_answers",
            )
        )
        batch_op.add_column(sa.Column("hide_comparison", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("hide_comparison")
        batch_op.drop_column("show_score")
