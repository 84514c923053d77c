"""Alembic environment for timeline files; run through `timeline_app.core.store_migrate`.

The store hands over an open connection already inside one transaction (foreign keys off,
see `store_sqlite.migration_connection`), so a whole upgrade commits or rolls back as one.
Offline mode (`--sql`) renders SQL for a URL given as `sqlalchemy.url`, for review only.
"""

from __future__ import annotations

from alembic import context

from timeline_app.core.models import Base

config = context.config
target_metadata = Base.metadata
OPTIONS = {
    "target_metadata": target_metadata,
    "render_as_batch": True,  # SQLite cannot ALTER most things: copy-and-move instead
    "transaction_per_migration": False,
    "compare_type": True,
}


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through timeline_app.core.store_migrate")
    context.configure(connection=connection, transactional_ddl=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
