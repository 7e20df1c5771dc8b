"""References PostgreSQL checks once per statement instead of once per row (migration 0011).

A cleanup campaign's start writes one `cleanupitem` per document to decide on: 94,582 rows at
100,000 documents, in two INSERT … SELECT statements. PostgreSQL checks a FOREIGN KEY with a
trigger per row, each running a query and locking the referenced row; for the three references
of `cleanupitem` that was 0.6–0.7 s of the 1.2–1.4 s the statements took (EXPLAIN ANALYZE:
`Trigger for constraint cleanupitem_document_id_fkey: calls=78387`).

On PostgreSQL these three references are therefore kept by triggers of migration 0011:

- after each INSERT or UPDATE statement on `cleanupitem`, one anti-join of the statement's new
  rows against each referenced table; a row referring to no row raises SQLSTATE 23503
  (foreign_key_violation), the error a FOREIGN KEY raises, which SQLAlchemy reports as
  IntegrityError;
- after each DELETE statement on `document` or `cleanupcampaign`, and before a change of a
  referenced row's `id`, the same question the other way round; the delete first takes
  `cleanupitem` in SHARE mode, so a writer of items still in progress finishes (or fails) first.
  docfiler deletes neither (a restore empties every table, children first).

The checks read the database as committed at the statement (READ COMMITTED, docfiler's
isolation for writes). SQLite keeps its FOREIGN KEYs (its per-row check cost 0.07 s of 0.40 s
there), and the table classes declare them for both databases. Whoever reads PostgreSQL's own
catalogue (`MetaData.reflect`) uses `with_references` to put them back, so tables sort parents
first as they did.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ForeignKeyConstraint, MetaData


@dataclass(frozen=True)
class Reference:
    table: str
    column: str
    parent: str
    name: str  # the FOREIGN KEY's name on SQLite (and on PostgreSQL before 0011)


REFERENCES = (
    Reference("cleanupitem", "campaign_id", "cleanupcampaign", "cleanupitem_campaign_id_fkey"),
    Reference("cleanupitem", "document_id", "document", "cleanupitem_document_id_fkey"),
    Reference("cleanupitem", "amended_by_id", "document", "cleanupitem_amended_by_id_fkey"),
)


def with_references(metadata: MetaData) -> MetaData:
    """Reflected `metadata` with each statement-checked reference present as a FOREIGN KEY
    (only in this Python object), so `sorted_tables` puts parents before children."""
    for reference in REFERENCES:
        table = metadata.tables.get(reference.table)
        parent = metadata.tables.get(reference.parent)
        if table is None or parent is None or reference.column not in table.c:
            continue
        if any(fk.parent.name == reference.column for fk in table.foreign_keys):
            continue  # SQLite, or PostgreSQL before 0011: the FOREIGN KEY is there
        table.append_constraint(
            ForeignKeyConstraint(
                [reference.column], [parent.c.id], name=reference.name, use_alter=False
            )
        )
    return metadata
