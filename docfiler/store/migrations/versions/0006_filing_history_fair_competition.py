"""filing history (filingsubmission), the words of 法规规章备案审查条例 (国务院令第789号) for
filing answers, and 公平竞争审查 (document.concerns_market, faircompetitionreview)

Existing submissions are copied into the history, one per submitted filing, with the answer
they received; stored answers in the old words are mapped to the new ones:
准予备案 → 予以备案登记, 要求补正 → 暂缓办理备案登记, 要求纠正 → 审查意见.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_WORDS = {"准予备案": "予以备案登记", "要求补正": "暂缓办理备案登记", "要求纠正": "审查意见"}
REVIEW_WORDS = ("未发现问题", "审查意见")


def _create_tables() -> None:
    op.create_table(
        "filingsubmission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("receipt_number", sa.String(length=80), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=True),
        sa.Column("result_on", sa.Date(), nullable=True),
        sa.Column("review_result", sa.String(length=20), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["filing_id"], ["filing.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_filingsubmission_filing_id", "filingsubmission", ["filing_id"])
    op.create_index("ix_filingsubmission_document_id", "filingsubmission", ["document_id"])
    op.create_table(
        "faircompetitionreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("conclusion", sa.String(length=1000), nullable=False),
        sa.Column("reviewer", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_faircompetitionreview_document_id", "faircompetitionreview", ["document_id"]
    )
    # A plain ADD COLUMN (no batch rebuild of `document`, which every table refers to).
    op.add_column(
        "document",
        sa.Column("concerns_market", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def upgrade() -> None:
    _create_tables()
    filing = sa.table(
        "filing",
        sa.column("id", sa.Integer),
        sa.column("document_id", sa.Integer),
        sa.column("due_on", sa.Date),
        sa.column("due_provisional", sa.Boolean),
        sa.column("submitted_on", sa.Date),
        sa.column("receipt_number", sa.String),
        sa.column("result", sa.String),
        sa.column("result_on", sa.Date),
    )
    for old, new in NEW_WORDS.items():
        op.execute(filing.update().where(filing.c.result == old).values(result=new))
    submission = sa.table(
        "filingsubmission",
        *(
            sa.column(name)
            for name in (
                "filing_id",
                "document_id",
                "due_on",
                "due_provisional",
                "submitted_on",
                "receipt_number",
                "result",
                "result_on",
                "review_result",
                "review_on",
            )
        ),
    )
    is_review = filing.c.result.in_(REVIEW_WORDS)
    op.execute(
        submission.insert().from_select(
            [c.name for c in submission.c],
            sa.select(
                filing.c.id,
                filing.c.document_id,
                filing.c.due_on,
                filing.c.due_provisional,
                filing.c.submitted_on,
                filing.c.receipt_number,
                sa.case((is_review, None), else_=filing.c.result),
                sa.case((is_review, None), else_=filing.c.result_on),
                sa.case((is_review, filing.c.result), else_=None),
                sa.case((is_review, filing.c.result_on), else_=None),
            ).where(filing.c.submitted_on.is_not(None)),
        )
    )


def downgrade() -> None:
    filing = sa.table("filing", sa.column("result", sa.String))
    for old, new in NEW_WORDS.items():
        op.execute(filing.update().where(filing.c.result == new).values(result=old))
    op.drop_column("document", "concerns_market")
    op.drop_index("ix_faircompetitionreview_document_id", table_name="faircompetitionreview")
    op.drop_table("faircompetitionreview")
    op.drop_index("ix_filingsubmission_document_id", table_name="filingsubmission")
    op.drop_index("ix_filingsubmission_filing_id", table_name="filingsubmission")
    op.drop_table("filingsubmission")
