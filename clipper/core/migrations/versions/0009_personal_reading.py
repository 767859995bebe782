"""reading, per person, in a team library

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

In a team library one analyst's reading marked the clipping read for the whole office. Each
person's read/unread now has a row of its own (``readstate``), written with the database
user as its reader by the server (a trigger: a client cannot mark for someone else) and, with
row-level security granted in clipper.core.team, seen and changed by that person only. What
the team had read before stays on the clipping as everyone's starting point. A SQLite library
keeps the status on the clipping; the table stays empty there.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'readstate',
        sa.Column('clipping_id', sa.Integer(), nullable=False),
        sa.Column('reader', sa.String(), nullable=False),
        sa.Column('status', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('clipping_id', 'reader'),
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("""
            CREATE OR REPLACE FUNCTION clipper_stamp_reader() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                NEW.reader := session_user;
                RETURN NEW;
            END $$""")
        op.execute("CREATE TRIGGER readstate_stamp_reader BEFORE INSERT OR UPDATE ON readstate "
                   "FOR EACH ROW EXECUTE FUNCTION clipper_stamp_reader()")


def downgrade() -> None:
    op.drop_table('readstate')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS clipper_stamp_reader()")
