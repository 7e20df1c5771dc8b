"""Alembic environment: the engine comes from docfiler.store.engine (never a URL in an ini file)."""

from alembic import context
from sqlmodel import SQLModel

import docfiler.store.tables  # noqa: F401  - registers the tables on SQLModel.metadata

target_metadata = SQLModel.metadata
config = context.config


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from docfiler.config import Settings
        from docfiler.store.engine import make_engine

        engine = make_engine(Settings.load().database_url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
