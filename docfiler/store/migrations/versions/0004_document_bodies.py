"""document bodies in their own table (documentbody), out of the scanned document rows

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documentbody",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("document_id"),
    )
    op.execute(
        "INSERT INTO documentbody (document_id, text) "
        "SELECT id, body_text FROM document WHERE body_text IS NOT NULL AND body_text <> ''"
    )
    # Not batch mode: rebuilding `document` on SQLite means dropping a table that every other
    # table refers to. SQLite (3.35+) drops a plain column in place.
    op.drop_column("document", "body_text")


def downgrade() -> None:
    op.add_column("document", sa.Column("body_text", sa.Text(), nullable=True))
    op.execute(
        "UPDATE document SET body_text = "
        "(SELECT text FROM documentbody WHERE documentbody.document_id = document.id)"
    )
    op.drop_table("documentbody")
