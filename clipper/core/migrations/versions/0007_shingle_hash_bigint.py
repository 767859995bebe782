"""shingle hashes as 64-bit integers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

A shingle's hash is an unsigned 32-bit number. SQLite's INTEGER holds it (it is 64-bit); on
PostgreSQL an INTEGER is signed 32-bit and refused half of them, so a team library could not
find derived copies. There the column becomes a BIGINT; a SQLite library is not touched.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('shingle', 'hash', type_=sa.BigInteger(), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('shingle', 'hash', type_=sa.Integer(), existing_nullable=False)
