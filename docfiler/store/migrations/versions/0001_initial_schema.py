"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auditentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auditentry_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_auditentry_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "authority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "cleanupcampaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("basis", sa.String(length=300), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "countersign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("from_body", sa.String(length=100), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reply_due_on", sa.Date(), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply_summary", sa.String(length=1000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("countersign", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_countersign_reply_due_on"), ["reply_due_on"], unique=False
        )

    op.create_table(
        "agencycode",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("agencycode", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agencycode_authority_id"), ["authority_id"], unique=False
        )

    op.create_table(
        "authorityfilingbody",
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
        ),
        sa.PrimaryKeyConstraint("authority_id", "body"),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_number", sa.String(length=80), nullable=False),
        sa.Column("agency_code", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("registration_number", sa.String(length=40), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("drafting_unit", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signed_by", sa.String(length=50), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("publication_channel", sa.String(length=200), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("valid_years", sa.Integer(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("repealed_on", sa.Date(), nullable=True),
        sa.Column("repeal_reason", sa.String(length=500), nullable=True),
        sa.Column("declared_invalid_on", sa.Date(), nullable=True),
        sa.Column("invalid_reason", sa.String(length=500), nullable=True),
        sa.Column("body_text", sa.Text(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("doc_number"),
        sa.UniqueConstraint("registration_number"),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index("ix_document_authority_year", ["authority_id", "year"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_document_published_on"), ["published_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_title"), ["title"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_valid_until"), ["valid_until"], unique=False)
        batch_op.create_index("ix_document_year_serial", ["year", "serial"], unique=False)

    op.create_table(
        "collectivedecision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("meeting", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("minutes_number", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("collectivedecision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_collectivedecision_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "documentrelation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["document.id"],
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("documentrelation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documentrelation_source_id"), ["source_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_documentrelation_target_id"), ["target_id"], unique=False
        )

    op.create_table(
        "filing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=100), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("receipt_number", sa.String(length=80), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=True),
        sa.Column("result_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "body", name="uq_filing_document_body"),
    )
    with op.batch_alter_table("filing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_filing_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_filing_pending", ["submitted_on", "due_on"], unique=False)

    op.create_table(
        "legalbasis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("legalbasis", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legalbasis_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "legalityreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("reviewer", sa.String(length=100), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("opinion", sa.String(length=1000), nullable=True),
        sa.Column("revised_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("legalityreview", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legalityreview_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index("ix_review_open", ["finished_on", "submitted_on"], unique=False)

    op.create_table(
        "opinionrecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("heard_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=100), nullable=True),
        sa.Column("summary", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("opinionrecord", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opinionrecord_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("opinionrecord", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opinionrecord_document_id"))

    op.drop_table("opinionrecord")
    with op.batch_alter_table("legalityreview", schema=None) as batch_op:
        batch_op.drop_index("ix_review_open")
        batch_op.drop_index(batch_op.f("ix_legalityreview_document_id"))

    op.drop_table("legalityreview")
    with op.batch_alter_table("legalbasis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legalbasis_document_id"))

    op.drop_table("legalbasis")
    with op.batch_alter_table("filing", schema=None) as batch_op:
        batch_op.drop_index("ix_filing_pending")
        batch_op.drop_index(batch_op.f("ix_filing_document_id"))

    op.drop_table("filing")
    with op.batch_alter_table("documentrelation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documentrelation_target_id"))
        batch_op.drop_index(batch_op.f("ix_documentrelation_source_id"))

    op.drop_table("documentrelation")
    with op.batch_alter_table("collectivedecision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collectivedecision_document_id"))

    op.drop_table("collectivedecision")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_year_serial")
        batch_op.drop_index(batch_op.f("ix_document_valid_until"))
        batch_op.drop_index(batch_op.f("ix_document_title"))
        batch_op.drop_index(batch_op.f("ix_document_published_on"))
        batch_op.drop_index("ix_document_authority_year")

    op.drop_table("document")
    op.drop_table("authorityfilingbody")
    with op.batch_alter_table("agencycode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agencycode_authority_id"))

    op.drop_table("agencycode")
    with op.batch_alter_table("countersign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_countersign_reply_due_on"))

    op.drop_table("countersign")
    op.drop_table("cleanupcampaign")
    op.drop_table("authority")
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditentry_document_id"))
        batch_op.drop_index(batch_op.f("ix_auditentry_at"))

    op.drop_table("auditentry")
