"""who made what (created_by), and the team library's change log

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

In a SQLite library ``created_by`` stays empty (one person) and the change log unused. On
PostgreSQL the server fills both: triggers set ``created_by`` to the database user on insert
and keep it on update, so a client cannot claim another's work, and stamp each change-log row
with its author and the server's time, announcing it (NOTIFY clipper_changes) at commit.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

AUTHORED = ('clipping', 'annotation', 'biasnote', 'mention', 'collection')


def upgrade() -> None:
    for table in AUTHORED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('created_by', sa.String(), nullable=True))
    op.create_table(
        'changelog',
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('clipping_id', sa.Integer(), nullable=False),
        sa.Column('what', sa.String(), nullable=False),
        sa.Column('author', sa.String(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('seq'),
    )
    with op.batch_alter_table('changelog', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changelog_clipping_id'), ['clipping_id'],
                              unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        _server_stamps()


def _server_stamps() -> None:
    op.execute("""
        CREATE OR REPLACE FUNCTION clipper_stamp_author() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                NEW.created_by := session_user;
            ELSE
                NEW.created_by := OLD.created_by;
            END IF;
            RETURN NEW;
        END $$""")
    for table in AUTHORED:
        op.execute(f"CREATE TRIGGER {table}_stamp_author BEFORE INSERT OR UPDATE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION clipper_stamp_author()")
    op.execute("""
        CREATE OR REPLACE FUNCTION clipper_stamp_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.author := session_user;
            NEW.at := now();
            PERFORM pg_notify('clipper_changes', NEW.seq::text);
            RETURN NEW;
        END $$""")
    op.execute("CREATE TRIGGER changelog_stamp BEFORE INSERT ON changelog "
               "FOR EACH ROW EXECUTE FUNCTION clipper_stamp_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS changelog_stamp ON changelog")
        for table in AUTHORED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_author ON {table}")
        op.execute("DROP FUNCTION IF EXISTS clipper_stamp_author()")
        op.execute("DROP FUNCTION IF EXISTS clipper_stamp_change()")
    with op.batch_alter_table('changelog', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_changelog_clipping_id'))
    op.drop_table('changelog')
    for table in AUTHORED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('created_by')
