"""feeds and their captured entries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('mode', sa.String(), nullable=False),
    sa.Column('interval_minutes', sa.Integer(), nullable=False),
    sa.Column('last_refreshed', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_url'), ['url'], unique=True)

    op.create_table('feedentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('guid', sa.String(), nullable=True),
    sa.Column('url', sa.String(), nullable=True),
    sa.Column('clipping_id', sa.Integer(), nullable=True),
    sa.Column('seen', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['feed_id'], ['feed.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feedentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedentry_clipping_id'), ['clipping_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedentry_feed_id'), ['feed_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedentry_guid'), ['guid'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedentry_url'), ['url'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('feedentry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedentry_url'))
        batch_op.drop_index(batch_op.f('ix_feedentry_guid'))
        batch_op.drop_index(batch_op.f('ix_feedentry_feed_id'))
        batch_op.drop_index(batch_op.f('ix_feedentry_clipping_id'))

    op.drop_table('feedentry')
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_url'))

    op.drop_table('feed')
