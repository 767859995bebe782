"""mentions anchored in the title: mention.place ("body" or "title")

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every mention made before this revision is anchored in the body: the default says so.
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(), nullable=False,
                                      server_default='body'))


def downgrade() -> None:
    # Title mentions cannot be expressed in the older schema; they go rather than be read as
    # body offsets (which would put them on the wrong words).
    op.execute("DELETE FROM mention WHERE place != 'body'")
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_column('place')
