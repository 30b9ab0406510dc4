"""student identity: roster-locked classes, student codes, when a student first joined, and
requests to join under a name the class already has

Existing classes stay open; existing students get a student code each and count as joined when
their record was made.

Revision ID: 0006_student_identity
Revises: 0005_reveal_settings
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_student_identity"
down_revision: str | None = "0005_reveal_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The alphabet of quizapp.models.new_join_code, copied: a migration must not change when the models do.
_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def _code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(6))


def upgrade() -> None:
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roster_locked", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login_code", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    student = sa.table(
        "student",
        sa.column("id", sa.Integer),
        sa.column("classroom_id", sa.Integer),
        sa.column("login_code", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("joined_at", sa.DateTime(timezone=True)),
    )
    taken: set[tuple[int, str]] = set()
    for row in connection.execute(sa.select(student.c.id, student.c.classroom_id, student.c.created_at)).all():
        code = _code()
        while (row.classroom_id, code) in taken:
            code = _code()
        taken.add((row.classroom_id, code))
        connection.execute(
            student.update().where(student.c.id == row.id).values(login_code=code, joined_at=row.created_at)
        )
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.alter_column("login_code", existing_type=sa.String(length=12), nullable=False)
        batch_op.create_unique_constraint("uq_student_login_code", ["classroom_id", "login_code"])
    op.create_table(
        "join_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum("waiting", "approved", "rejected", "used", name="joinstatus", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("join_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_join_request_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("join_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_join_request_student_id"))
    op.drop_table("join_request")
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.drop_constraint("uq_student_login_code", type_="unique")
        batch_op.drop_column("joined_at")
        batch_op.drop_column("login_code")
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.drop_column("roster_locked")
