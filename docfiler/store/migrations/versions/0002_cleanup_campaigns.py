"""cleanup campaigns, higher law, validity evaluation

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "higherlaw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=True),
        sa.Column("change_note", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("title", "number", name="uq_higherlaw_title_number"),
    )
    op.create_table(
        "cleanupcorrection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("from_decision", sa.String(length=10), nullable=False),
        sa.Column("to_decision", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("corrected_on", sa.Date(), nullable=False),
        sa.Column("operator", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["cleanupcampaign.id"],
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cleanupcorrection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cleanupcorrection_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "cleanupitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("drafting_unit", sa.String(length=100), nullable=True),
        sa.Column("flag", sa.String(length=500), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("amended_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["amended_by_id"],
            ["document.id"],
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["cleanupcampaign.id"],
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "document_id", name="uq_cleanupitem_campaign_document"),
    )
    with op.batch_alter_table("cleanupitem", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cleanupitem_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            "ix_cleanupitem_campaign_unit", ["campaign_id", "drafting_unit"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cleanupitem_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "validityevaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("replacement_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.ForeignKeyConstraint(
            ["replacement_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("validityevaluation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_validityevaluation_document_id"), ["document_id"], unique=False
        )

    with op.batch_alter_table("cleanupcampaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("authorities", sa.String(length=1000), nullable=True))

    with op.batch_alter_table("legalbasis", schema=None) as batch_op:
        batch_op.add_column(sa.Column("higher_law_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_legalbasis_higher_law_id"), ["higher_law_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_legalbasis_higher_law_id", "higherlaw", ["higher_law_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("legalbasis", schema=None) as batch_op:
        batch_op.drop_constraint("fk_legalbasis_higher_law_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_legalbasis_higher_law_id"))
        batch_op.drop_column("higher_law_id")

    with op.batch_alter_table("cleanupcampaign", schema=None) as batch_op:
        batch_op.drop_column("authorities")

    with op.batch_alter_table("validityevaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_validityevaluation_document_id"))

    op.drop_table("validityevaluation")
    with op.batch_alter_table("cleanupitem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cleanupitem_document_id"))
        batch_op.drop_index("ix_cleanupitem_campaign_unit")
        batch_op.drop_index(batch_op.f("ix_cleanupitem_campaign_id"))

    op.drop_table("cleanupitem")
    with op.batch_alter_table("cleanupcorrection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cleanupcorrection_campaign_id"))

    op.drop_table("cleanupcorrection")
    op.drop_table("higherlaw")
