"""recipient fixed at award time, rule applications as jobs.

awards.recipient_identity holds the salted email hash made when the award was granted, so an
issued assertion no longer changes with the address.
Existing awards are hashed once here, with their stored salt and the address known now (the
one their documents have shown until today). rule_applications holds the jobs that apply a
saved rule version to the facts already stored.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 16:50:00
"""

import hashlib
import os
from collections.abc import Sequence
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The settings' default issuer URL when RECOGNITION_ISSUER_URL is not set (as the service reads it).
_DEFAULT_ISSUER_URL = "https://continuum.example.com"


def _fallback_address(learner_id: str) -> str:
    """The address the service gives a learner HRIS has not described (Recognition.fallback_email)."""
    issuer_url = os.environ.get("RECOGNITION_ISSUER_URL", _DEFAULT_ISSUER_URL)
    host = urlsplit(issuer_url).hostname or "continuum.invalid"
    return f"{learner_id.lower()}@{host}"


def _hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def upgrade() -> None:
    op.create_table('rule_applications',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('rule_version', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('learners_total', sa.Integer(), nullable=True),
    sa.Column('learners_done', sa.Integer(), nullable=False),
    sa.Column('awards_granted', sa.Integer(), nullable=False),
    sa.Column('after_learner', sa.String(length=64), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('application_id')
    )
    op.create_index('ix_rule_applications_state_created', 'rule_applications', ['state', 'created_at'], unique=False)
    op.create_index(op.f('ix_rule_applications_rule_id'), 'rule_applications', ['rule_id'], unique=False)
    op.add_column('awards', sa.Column('recipient_identity', sa.String(length=80), nullable=True))
    awards = sa.table(
        'awards',
        sa.column('award_id', sa.String),
        sa.column('learner_id', sa.String),
        sa.column('salt', sa.String),
        sa.column('recipient_identity', sa.String),
    )
    people = sa.table('people', sa.column('employee_id', sa.String), sa.column('email', sa.String))
    connection = op.get_bind()
    emails = dict(connection.execute(sa.select(people.c.employee_id, people.c.email)).all())
    rows = connection.execute(
        sa.select(awards.c.award_id, awards.c.learner_id, awards.c.salt)
    ).all()
    for award_id, learner_id, salt in rows:
        email = emails.get(learner_id) or _fallback_address(learner_id)
        connection.execute(
            awards.update()
            .where(awards.c.award_id == award_id)
            .values(recipient_identity=_hash(email, salt))
        )
    with op.batch_alter_table('awards') as batch:
        batch.alter_column('recipient_identity', existing_type=sa.String(length=80), nullable=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_rule_applications_rule_id'), table_name='rule_applications')
    op.drop_index('ix_rule_applications_state_created', table_name='rule_applications')
    op.drop_table('rule_applications')
    with op.batch_alter_table('awards') as batch:
        batch.drop_column('recipient_identity')
