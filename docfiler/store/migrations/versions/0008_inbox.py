"""The office as filing body (备案审查, issue 12): documents filed by departments and
townships, their reviews, the follow-up of 审查意见, and 审查建议 from citizens

Four new tables; nothing existing changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incomingfiling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("doc_number", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("late_days", sa.Integer(), nullable=True),
        sa.Column("materials", sa.String(length=500), nullable=True),
        sa.Column("found_in", sa.String(length=80), nullable=True),
        sa.Column("deferred_on", sa.Date(), nullable=True),
        sa.Column("deferral_reason", sa.String(length=1000), nullable=True),
        sa.Column("supplement_due", sa.Date(), nullable=True),
        sa.Column("supplemented_on", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("rejected_on", sa.Date(), nullable=True),
        sa.Column("reject_reason", sa.String(length=1000), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("doc_number", name="uq_incomingfiling_doc_number"),
    )
    op.create_index(
        op.f("ix_incomingfiling_received_on"), "incomingfiling", ["received_on"], unique=False
    )
    op.create_index(
        op.f("ix_incomingfiling_registered_on"), "incomingfiling", ["registered_on"], unique=False
    )
    op.create_index(
        "ix_incomingfiling_unit_due", "incomingfiling", ["authority_id", "due_on"], unique=False
    )
    op.create_table(
        "incomingreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=True),
        sa.Column("opinion_kind", sa.String(length=20), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("reasoning", sa.Text(), nullable=True),
        sa.Column("opinion_year", sa.Integer(), nullable=True),
        sa.Column("opinion_serial", sa.Integer(), nullable=True),
        sa.Column("opinion_number", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["incomingfiling.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("opinion_year", "opinion_serial", name="uq_incomingreview_opinion"),
    )
    op.create_index(
        op.f("ix_incomingreview_filing_id"), "incomingreview", ["filing_id"], unique=False
    )
    op.create_index(
        "ix_incomingreview_open", "incomingreview", ["finished_on", "started_on"], unique=False
    )
    op.create_table(
        "followup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("opinion_on", sa.Date(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("report", sa.String(length=1000), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("corrected_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["incomingfiling.id"],
        ),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["incomingfiling.id"],
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["incomingreview.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id"),
    )
    op.create_index(op.f("ix_followup_closed_on"), "followup", ["closed_on"], unique=False)
    op.create_index(op.f("ix_followup_filing_id"), "followup", ["filing_id"], unique=False)
    op.create_table(
        "reviewsuggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("proposer", sa.String(length=100), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("doc_number", sa.String(length=80), nullable=True),
        sa.Column("doc_title", sa.String(length=300), nullable=True),
        sa.Column("filing_id", sa.Integer(), nullable=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["incomingfiling.id"],
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["incomingreview.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_reviewsuggestion_filing_id"), "reviewsuggestion", ["filing_id"], unique=False
    )
    op.create_index(
        op.f("ix_reviewsuggestion_received_on"), "reviewsuggestion", ["received_on"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reviewsuggestion_received_on"), table_name="reviewsuggestion")
    op.drop_index(op.f("ix_reviewsuggestion_filing_id"), table_name="reviewsuggestion")
    op.drop_table("reviewsuggestion")
    op.drop_index(op.f("ix_followup_filing_id"), table_name="followup")
    op.drop_index(op.f("ix_followup_closed_on"), table_name="followup")
    op.drop_table("followup")
    op.drop_index("ix_incomingreview_open", table_name="incomingreview")
    op.drop_index(op.f("ix_incomingreview_filing_id"), table_name="incomingreview")
    op.drop_table("incomingreview")
    op.drop_index("ix_incomingfiling_unit_due", table_name="incomingfiling")
    op.drop_index(op.f("ix_incomingfiling_registered_on"), table_name="incomingfiling")
    op.drop_index(op.f("ix_incomingfiling_received_on"), table_name="incomingfiling")
    op.drop_table("incomingfiling")
