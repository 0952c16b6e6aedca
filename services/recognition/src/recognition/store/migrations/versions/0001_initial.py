"""initial: people, catalog read model, badges, versioned rules, facts and retractions,
awards, endorsements, the points ledger, rewards, preferences, kudos, ceremonies, the feed,
and the outbox and inbox every service has.

Revision ID: 0001
Revises:
Create Date: 2026-12-03 13:32:52.552413
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from continuum_runtime.migrations import create_messaging_tables, drop_messaging_tables

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()  # the outbox and inbox every service has, as the runtime defines them
    op.create_table('awards',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('award_id', sa.String(length=36), nullable=False),
    sa.Column('learner_id', sa.String(length=64), nullable=False),
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('rule_version', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.String(length=100), nullable=False),
    sa.Column('scope_key', sa.String(length=40), nullable=False),
    sa.Column('earned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('bonus_amount', sa.String(length=20), nullable=True),
    sa.Column('bonus_currency', sa.String(length=3), nullable=True),
    sa.Column('salt', sa.String(length=64), nullable=False),
    sa.Column('trigger_event_id', sa.String(length=128), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revocation_reason', sa.String(), nullable=True),
    sa.Column('revoked_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('award_id')
    )
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_awards_badge_id'), ['badge_id'], unique=False)
        batch_op.create_index('ix_awards_earned', ['earned_at'], unique=False)
        batch_op.create_index('ix_awards_learner_earned', ['learner_id', 'earned_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_awards_rule_id'), ['rule_id'], unique=False)

    op.create_table('badges',
    sa.Column('badge_id', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('criteria', sa.String(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=True),
    sa.Column('skill_ids', sa.JSON(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('badge_id')
    )
    op.create_table('catalog_items',
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('skill_ids', sa.JSON(), nullable=False),
    sa.Column('activity_iri', sa.String(length=2000), nullable=False),
    sa.PrimaryKeyConstraint('item_id')
    )
    with op.batch_alter_table('catalog_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_items_activity_iri'), ['activity_iri'], unique=False)

    op.create_table('ceremonies',
    sa.Column('ceremony_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('winners', sa.JSON(), nullable=False),
    sa.Column('concluded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('concluded_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('ceremony_id')
    )
    with op.batch_alter_table('ceremonies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ceremonies_concluded_at'), ['concluded_at'], unique=False)

    op.create_table('endorsements',
    sa.Column('endorsement_id', sa.String(length=36), nullable=False),
    sa.Column('award_id', sa.String(length=36), nullable=False),
    sa.Column('learner_id', sa.String(length=64), nullable=False),
    sa.Column('endorser_id', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('endorsement_id'),
    sa.UniqueConstraint('award_id', 'endorser_id', name='uq_endorsement_once')
    )
    with op.batch_alter_table('endorsements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_endorsements_award_id'), ['award_id'], unique=False)

    op.create_table('facts',
    sa.Column('fact_id', sa.String(length=200), nullable=False),
    sa.Column('learner_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('source_event_id', sa.String(length=128), nullable=True),
    sa.PrimaryKeyConstraint('fact_id')
    )
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.create_index('ix_facts_kind_time', ['kind', 'occurred_at'], unique=False)
        batch_op.create_index('ix_facts_learner_time', ['learner_id', 'occurred_at'], unique=False)

    op.create_table('feed_entries',
    sa.Column('entry_id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=True),
    sa.Column('chosen_visibility', sa.String(length=10), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('entry_id')
    )
    with op.batch_alter_table('feed_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_entries_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_feed_time', ['occurred_at', 'entry_id'], unique=False)

    op.create_table('kudos',
    sa.Column('kudos_id', sa.String(length=36), nullable=False),
    sa.Column('giver_id', sa.String(length=64), nullable=False),
    sa.Column('receiver_id', sa.String(length=64), nullable=False),
    sa.Column('message', sa.String(), nullable=False),
    sa.Column('skill_id', sa.String(length=200), nullable=True),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kudos_id')
    )
    with op.batch_alter_table('kudos', schema=None) as batch_op:
        batch_op.create_index('ix_kudos_giver_time', ['giver_id', 'created_at'], unique=False)
        batch_op.create_index('ix_kudos_receiver_time', ['receiver_id', 'created_at'], unique=False)

    op.create_table('ledger_entries',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('learner_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('balance_after', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=400), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('entry_id'),
    sa.UniqueConstraint('learner_id', 'position', name='uq_ledger_position')
    )
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_learner_time', ['learner_id', 'occurred_at'], unique=False)

    op.create_table('people',
    sa.Column('employee_id', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=400), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=True),
    sa.Column('manager_id', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('employee_id')
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_department'), ['department'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_manager_id'), ['manager_id'], unique=False)

    op.create_table('point_balances',
    sa.Column('learner_id', sa.String(length=64), nullable=False),
    sa.Column('balance', sa.Integer(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('learner_id')
    )
    op.create_table('preferences',
    sa.Column('learner_id', sa.String(length=64), nullable=False),
    sa.Column('preferences', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('learner_id')
    )
    op.create_table('redemptions',
    sa.Column('redemption_id', sa.String(length=36), nullable=False),
    sa.Column('learner_id', sa.String(length=64), nullable=False),
    sa.Column('reward_id', sa.String(length=100), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('redemption_id')
    )
    with op.batch_alter_table('redemptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redemptions_learner_id'), ['learner_id'], unique=False)

    op.create_table('retractions',
    sa.Column('retracted_id', sa.String(length=200), nullable=False),
    sa.Column('learner_id', sa.String(length=64), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('retracted_id')
    )
    with op.batch_alter_table('retractions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retractions_learner_id'), ['learner_id'], unique=False)

    op.create_table('rewards',
    sa.Column('reward_id', sa.String(length=100), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('reward_id')
    )
    op.create_table('rule_versions',
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('rule_id', 'version')
    )
    op.create_table('rules',
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('rule_id')
    )
    with op.batch_alter_table('rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rules_active'), ['active'], unique=False)

    op.create_table('skills',
    sa.Column('skill_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('framework', sa.String(length=2000), nullable=True),
    sa.Column('description', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('skill_id')
    )


def downgrade() -> None:
    op.drop_table('skills')
    with op.batch_alter_table('rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rules_active'))

    op.drop_table('rules')
    op.drop_table('rule_versions')
    op.drop_table('rewards')
    with op.batch_alter_table('retractions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retractions_learner_id'))

    op.drop_table('retractions')
    with op.batch_alter_table('redemptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redemptions_learner_id'))

    op.drop_table('redemptions')
    op.drop_table('preferences')
    op.drop_table('point_balances')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_manager_id'))
        batch_op.drop_index(batch_op.f('ix_people_department'))

    op.drop_table('people')
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_learner_time')

    op.drop_table('ledger_entries')
    with op.batch_alter_table('kudos', schema=None) as batch_op:
        batch_op.drop_index('ix_kudos_receiver_time')
        batch_op.drop_index('ix_kudos_giver_time')

    op.drop_table('kudos')
    with op.batch_alter_table('feed_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_feed_time')
        batch_op.drop_index(batch_op.f('ix_feed_entries_owner_id'))

    op.drop_table('feed_entries')
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.drop_index('ix_facts_learner_time')
        batch_op.drop_index('ix_facts_kind_time')

    op.drop_table('facts')
    with op.batch_alter_table('endorsements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_endorsements_award_id'))

    op.drop_table('endorsements')
    with op.batch_alter_table('ceremonies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ceremonies_concluded_at'))

    op.drop_table('ceremonies')
    with op.batch_alter_table('catalog_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_items_activity_iri'))

    op.drop_table('catalog_items')
    op.drop_table('badges')
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_awards_rule_id'))
        batch_op.drop_index('ix_awards_learner_earned')
        batch_op.drop_index('ix_awards_earned')
        batch_op.drop_index(batch_op.f('ix_awards_badge_id'))

    op.drop_table('awards')
    drop_messaging_tables()
