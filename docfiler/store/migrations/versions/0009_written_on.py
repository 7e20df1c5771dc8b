"""document.written_on: the 成文日期 read from a document's Word file (issue 11)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild of `document`, which every table refers to).
    op.add_column("document", sa.Column("written_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("document", "written_on")
