"""Alembic environment: always handed a live connection by ``clipper.core.db``."""

from alembic import context
from sqlmodel import SQLModel

from clipper.core import models  # noqa: F401  (registers the tables)

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
