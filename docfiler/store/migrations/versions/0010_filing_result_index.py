"""filing.result indexed (the returned filings, 暂缓办理备案登记 / 审查意见, read by every reminder
list and the dashboard without scanning `filing`); cleanupitem's campaign_id index dropped (both
composite indexes start with campaign_id, and each item written paid for a third)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_filing_result", "filing", ["result"])
    op.drop_index("ix_cleanupitem_campaign_id", table_name="cleanupitem")


def downgrade() -> None:
    op.create_index("ix_cleanupitem_campaign_id", "cleanupitem", ["campaign_id"])
    op.drop_index("ix_filing_result", table_name="filing")
