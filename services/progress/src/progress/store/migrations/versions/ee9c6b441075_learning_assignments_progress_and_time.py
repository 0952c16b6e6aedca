"""Learning: catalog read model, learners and HRIS changes, assignments, activities,
item and path progress, milestones and learning-time budgets

Revision ID: ee9c6b441075
Revises: c3e5a7f9d1b2
Create Date: 2026-11-28 15:56:52.574921
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ee9c6b441075"
down_revision: str | None = "c3e5a7f9d1b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learning_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("verb_id", sa.String(length=2000), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("activity_iri", sa.String(length=2000), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Float(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "learner_id", "source", "source_id", name="uq_learning_activity_source"
        ),
    )
    with op.batch_alter_table("learning_activity", schema=None) as batch_op:
        batch_op.create_index(
            "ix_learning_activity_learner_iri", ["learner_id", "activity_iri"], unique=False
        )
        batch_op.create_index(
            "ix_learning_activity_learner_week", ["learner_id", "week_start"], unique=False
        )

    op.create_table(
        "learning_assignment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("learner_id", sa.String(length=64), nullable=False),
        sa.Column("target_kind", sa.String(length=10), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("assigned_by", sa.String(length=64), nullable=True),
        sa.Column("role_id", sa.String(length=200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("overdue_announced_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("learning_assignment", schema=None) as batch_op:
        batch_op.create_index("ix_learning_assignment_due", ["status", "due_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_learning_assignment_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_learning_assignment_target_id"), ["target_id"], unique=False
        )

    op.create_table(
        "learning_budget",
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("scope_id", sa.String(length=200), nullable=False),
        sa.Column("weekly_minutes", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "scope_id"),
    )
    op.create_table(
        "learning_hris_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("employee_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("role_id", sa.String(length=200), nullable=True),
        sa.Column("previous_role_id", sa.String(length=200), nullable=True),
        sa.Column("manager_id", sa.String(length=64), nullable=True),
        sa.Column("display_name", sa.String(length=400), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("learning_hris_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_learning_hris_change_due", ["applied_at", "effective_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_learning_hris_change_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "learning_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("activity_iri", sa.String(length=2000), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("learning_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_item_activity_iri"), ["activity_iri"], unique=False
        )

    op.create_table(
        "learning_item_progress",
        sa.Column("learner_id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("statement_id", sa.String(length=64), nullable=True),
        sa.Column("success", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("learner_id", "item_id"),
    )
    op.create_table(
        "learning_learner",
        sa.Column("employee_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=400), nullable=True),
        sa.Column("role_id", sa.String(length=200), nullable=True),
        sa.Column("role_since", sa.Date(), nullable=True),
        sa.Column("manager_id", sa.String(length=64), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("hired_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("employee_id"),
    )
    with op.batch_alter_table("learning_learner", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_learner_manager_id"), ["manager_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_learning_learner_role_id"), ["role_id"], unique=False)

    op.create_table(
        "learning_milestone",
        sa.Column("learner_id", sa.String(length=64), nullable=False),
        sa.Column("milestone", sa.String(length=40), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("reached_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("learner_id", "milestone", "threshold"),
    )
    op.create_table(
        "learning_path",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("target_role_id", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "learning_path_completion",
        sa.Column("learner_id", sa.String(length=64), nullable=False),
        sa.Column("path_id", sa.String(length=36), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("learner_id", "path_id"),
    )
    op.create_table(
        "learning_role",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("path_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "learning_path_step",
        sa.Column("path_id", sa.String(length=36), nullable=False),
        sa.Column("step_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("prerequisite_step_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["path_id"],
            ["learning_path.id"],
        ),
        sa.PrimaryKeyConstraint("path_id", "step_id"),
    )
    with op.batch_alter_table("learning_path_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_path_step_item_id"), ["item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("learning_path_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_path_step_item_id"))

    op.drop_table("learning_path_step")
    op.drop_table("learning_role")
    op.drop_table("learning_path_completion")
    op.drop_table("learning_path")
    op.drop_table("learning_milestone")
    with op.batch_alter_table("learning_learner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_learner_role_id"))
        batch_op.drop_index(batch_op.f("ix_learning_learner_manager_id"))

    op.drop_table("learning_learner")
    op.drop_table("learning_item_progress")
    with op.batch_alter_table("learning_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_item_activity_iri"))

    op.drop_table("learning_item")
    with op.batch_alter_table("learning_hris_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_hris_change_employee_id"))
        batch_op.drop_index("ix_learning_hris_change_due")

    op.drop_table("learning_hris_change")
    op.drop_table("learning_budget")
    with op.batch_alter_table("learning_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_assignment_target_id"))
        batch_op.drop_index(batch_op.f("ix_learning_assignment_learner_id"))
        batch_op.drop_index("ix_learning_assignment_due")

    op.drop_table("learning_assignment")
    with op.batch_alter_table("learning_activity", schema=None) as batch_op:
        batch_op.drop_index("ix_learning_activity_learner_week")
        batch_op.drop_index("ix_learning_activity_learner_iri")

    op.drop_table("learning_activity")
