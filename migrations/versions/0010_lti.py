"""lti: LTI 1.3 platforms, the tool"s keys, logins and sign-ins in flight, used nonces, LMS courses,
users and activities mapped to classes, teachers, students and assignments, and the queue of scores to send

New tables only; nothing existing changes.

Revision ID: 0010_lti
Revises: 0009_growth
Create Date: 2026-12-06 05:25:40.506626
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_lti"
down_revision: str | None = "0009_growth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lti_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_key")),
        sa.UniqueConstraint("kid", name=op.f("uq_lti_key_kid")),
    )
    op.create_table(
        "lti_platform",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("jwks_url", sa.String(length=500), nullable=False),
        sa.Column("auth_url", sa.String(length=500), nullable=False),
        sa.Column("token_url", sa.String(length=500), nullable=False),
        sa.Column("jwks_json", sa.Text(), nullable=True),
        sa.Column("jwks_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_platform")),
        sa.UniqueConstraint("issuer", "client_id", name=op.f("uq_lti_platform_issuer")),
    )
    op.create_table(
        "lti_deployment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("deployment_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_deployment_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_deployment")),
        sa.UniqueConstraint("platform_id", "deployment_id", name=op.f("uq_lti_deployment_platform_id")),
    )
    with op.batch_alter_table("lti_deployment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_deployment_platform_id"), ["platform_id"], unique=False)

    op.create_table(
        "lti_instructor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("sub", sa.String(length=255), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_instructor_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_lti_instructor_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_instructor")),
        sa.UniqueConstraint("platform_id", "sub", name=op.f("uq_lti_instructor_platform_id")),
    )
    with op.batch_alter_table("lti_instructor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_instructor_platform_id"), ["platform_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lti_instructor_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "lti_login_state",
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_login_state_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("state", name=op.f("pk_lti_login_state")),
    )
    with op.batch_alter_table("lti_login_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_login_state_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_lti_login_state_platform_id"), ["platform_id"], unique=False)

    op.create_table(
        "lti_used_nonce",
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=255), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_used_nonce_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("platform_id", "nonce", name=op.f("pk_lti_used_nonce")),
    )
    with op.batch_alter_table("lti_used_nonce", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_used_nonce_used_at"), ["used_at"], unique=False)

    op.create_table(
        "lti_context",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.String(length=255), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("memberships_url", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_lti_context_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_context_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_context")),
        sa.UniqueConstraint("platform_id", "context_id", name=op.f("uq_lti_context_platform_id")),
    )
    with op.batch_alter_table("lti_context", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_context_classroom_id"), ["classroom_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lti_context_platform_id"), ["platform_id"], unique=False)

    op.create_table(
        "lti_learner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("sub", sa.String(length=255), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_lti_learner_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_learner_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_lti_learner_student_id_student"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_learner")),
        sa.UniqueConstraint("platform_id", "sub", "classroom_id", name=op.f("uq_lti_learner_platform_id")),
        sa.UniqueConstraint("student_id", name=op.f("uq_lti_learner_student_id")),
    )
    with op.batch_alter_table("lti_learner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_learner_classroom_id"), ["classroom_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lti_learner_platform_id"), ["platform_id"], unique=False)

    op.create_table(
        "lti_resource_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.Integer(), nullable=False),
        sa.Column("resource_link_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("lineitem_url", sa.String(length=500), nullable=True),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_lti_resource_link_assignment_id_assignment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["context_id"],
            ["lti_context.id"],
            name=op.f("fk_lti_resource_link_context_id_lti_context"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_resource_link")),
        sa.UniqueConstraint("context_id", "resource_link_id", name=op.f("uq_lti_resource_link_context_id")),
    )
    with op.batch_alter_table("lti_resource_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_resource_link_assignment_id"), ["assignment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lti_resource_link_context_id"), ["context_id"], unique=False)

    op.create_table(
        "lti_sign_in",
        sa.Column("ticket", sa.String(length=64), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("carried", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_lti_sign_in_student_id_student"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_lti_sign_in_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("ticket", name=op.f("pk_lti_sign_in")),
    )
    with op.batch_alter_table("lti_sign_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_sign_in_created_at"), ["created_at"], unique=False)

    op.create_table(
        "lti_grade_send",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_link_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("sub", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_earned", sa.Float(), nullable=True),
        sa.Column("sent_possible", sa.Float(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_link_id"],
            ["lti_resource_link.id"],
            name=op.f("fk_lti_grade_send_resource_link_id_lti_resource_link"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_lti_grade_send_student_id_student"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_grade_send")),
        sa.UniqueConstraint("resource_link_id", "student_id", name=op.f("uq_lti_grade_send_resource_link_id")),
    )
    with op.batch_alter_table("lti_grade_send", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_grade_send_next_try_at"), ["next_try_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_lti_grade_send_resource_link_id"), ["resource_link_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lti_grade_send_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lti_grade_send", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_grade_send_student_id"))
        batch_op.drop_index(batch_op.f("ix_lti_grade_send_resource_link_id"))
        batch_op.drop_index(batch_op.f("ix_lti_grade_send_next_try_at"))

    op.drop_table("lti_grade_send")
    with op.batch_alter_table("lti_sign_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_sign_in_created_at"))

    op.drop_table("lti_sign_in")
    with op.batch_alter_table("lti_resource_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_resource_link_context_id"))
        batch_op.drop_index(batch_op.f("ix_lti_resource_link_assignment_id"))

    op.drop_table("lti_resource_link")
    with op.batch_alter_table("lti_learner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_learner_platform_id"))
        batch_op.drop_index(batch_op.f("ix_lti_learner_classroom_id"))

    op.drop_table("lti_learner")
    with op.batch_alter_table("lti_context", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_context_platform_id"))
        batch_op.drop_index(batch_op.f("ix_lti_context_classroom_id"))

    op.drop_table("lti_context")
    with op.batch_alter_table("lti_used_nonce", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_used_nonce_used_at"))

    op.drop_table("lti_used_nonce")
    with op.batch_alter_table("lti_login_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_login_state_platform_id"))
        batch_op.drop_index(batch_op.f("ix_lti_login_state_created_at"))

    op.drop_table("lti_login_state")
    with op.batch_alter_table("lti_instructor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_instructor_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_lti_instructor_platform_id"))

    op.drop_table("lti_instructor")
    with op.batch_alter_table("lti_deployment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_deployment_platform_id"))

    op.drop_table("lti_deployment")
    op.drop_table("lti_platform")
    op.drop_table("lti_key")
