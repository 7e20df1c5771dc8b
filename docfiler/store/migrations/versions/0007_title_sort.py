"""document.title_sort: titles in pinyin order (issue 11)

The key (store/title_sort.py) is computed here for every document already registered, a chunk
at a time, then indexed with the id so the register pages through it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from docfiler.store.title_sort import title_sort_key

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 5000


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild of `document`, which every table refers to).
    op.add_column("document", sa.Column("title_sort", sa.String(length=2100), nullable=True))
    connection = op.get_bind()
    document = sa.table(
        "document",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("title_sort", sa.String),
    )
    after = 0
    while True:
        rows = connection.execute(
            sa.select(document.c.id, document.c.title)
            .where(document.c.id > after)
            .order_by(document.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        connection.execute(
            document.update()
            .where(document.c.id == sa.bindparam("doc_id"))
            .values(title_sort=sa.bindparam("key")),
            [{"doc_id": doc_id, "key": title_sort_key(title)} for doc_id, title in rows],
        )
        after = rows[-1][0]
    op.create_index("ix_document_title_sort", "document", ["title_sort", "title", "doc_number"])


def downgrade() -> None:
    op.drop_index("ix_document_title_sort", table_name="document")
    op.drop_column("document", "title_sort")
