"""the wire a story came through

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

A story an outlet runs from a news agency names the agency in its byline ("By JANE DOE
Associated Press"). Capture kept the agency apart from the authors but had nowhere to put it;
the clipping now holds it (empty when the story is the outlet's own or the agency is unknown),
and briefings say "via Associated Press".
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clipping', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wire', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('clipping', schema=None) as batch_op:
        batch_op.drop_column('wire')
