"""analyst tools: rejected entity suggestions; the shingle index for derived copies

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('suggestionrejection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('suggestionrejection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestionrejection_clipping_id'), ['clipping_id'], unique=False)

    # One row per sampled shingle of a clipping: a clustered (hash, clipping) key and no rowid
    # keeps the index small and a look-up by hash one B-tree search.
    op.create_table('shingle',
    sa.Column('hash', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hash', 'clipping_id'),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('shingle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shingle_clipping_id'), ['clipping_id'], unique=False)

    op.create_table('shinglestate',
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('clipping_id')
    )


def downgrade() -> None:
    op.drop_table('shinglestate')
    with op.batch_alter_table('shingle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shingle_clipping_id'))

    op.drop_table('shingle')
    with op.batch_alter_table('suggestionrejection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestionrejection_clipping_id'))

    op.drop_table('suggestionrejection')
