"""an index for the clipping list's order: newest first by publication (or capture) date

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Lets "ORDER BY coalesce(published, captured) DESC, id DESC" read 50,000 ids in order
    # instead of sorting them each time the list is shown.
    op.execute("CREATE INDEX IF NOT EXISTS ix_clipping_list_date "
               "ON clipping (coalesce(published, captured) DESC, id DESC)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_clipping_list_date")
