"""register covering index: (year, serial, title, doc_number)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_year_serial")
        batch_op.create_index(
            "ix_document_year_serial", ["year", "serial", "title", "doc_number"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_year_serial")
        batch_op.create_index("ix_document_year_serial", ["year", "serial"], unique=False)
