"""growth: pre/post pairs of parallel forms and each student's counterbalanced order

Revision ID: 0009_growth
Revises: 0007_written_marks
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_growth"
down_revision: str | None = "0007_written_marks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "growth_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("pre_assignment_id", sa.Integer(), nullable=False),
        sa.Column("post_assignment_id", sa.Integer(), nullable=False),
        sa.Column("form_a", sa.JSON(), nullable=False),
        sa.Column("form_b", sa.JSON(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_growth_pair_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["pre_assignment_id"],
            ["assignment.id"],
            name=op.f("fk_growth_pair_pre_assignment_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_assignment_id"],
            ["assignment.id"],
            name=op.f("fk_growth_pair_post_assignment_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_growth_pair")),
        sa.UniqueConstraint("pre_assignment_id", name=op.f("uq_growth_pair_pre_assignment_id")),
        sa.UniqueConstraint("post_assignment_id", name=op.f("uq_growth_pair_post_assignment_id")),
    )
    with op.batch_alter_table("growth_pair", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_growth_pair_classroom_id"), ["classroom_id"], unique=False)
    op.create_table(
        "growth_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("order", sa.Enum("AB", "BA", name="growthorder", native_enum=False, length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["growth_pair.id"], name=op.f("fk_growth_placement_pair_id_growth_pair"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_growth_placement_student_id_student"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_growth_placement")),
        sa.UniqueConstraint("pair_id", "student_id", name=op.f("uq_growth_placement_pair_id")),
    )
    with op.batch_alter_table("growth_placement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_growth_placement_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_growth_placement_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    op.drop_table("growth_placement")
    op.drop_table("growth_pair")
