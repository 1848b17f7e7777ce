"""Alembic environment: the URL comes from the caller (engine.player.db.upgrade)."""

from __future__ import annotations

from alembic import context

from engine.player.db import make_engine
from engine.player.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url is not None
connectable = make_engine(url)
with connectable.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()
connectable.dispose()
