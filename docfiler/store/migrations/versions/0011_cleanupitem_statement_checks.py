"""cleanupitem's references checked once per statement on PostgreSQL (issue 15): starting a
cleanup of 100,000 documents wrote 94,582 items, and the three FOREIGN KEYs' per-row triggers
took about half of it. SQLite is left as it is. See docfiler/store/statement_checked.py.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (constraint, column, parent): as the FOREIGN KEYs were named (written out here, not imported:
# a migration stays as it was run).
REFERENCES = (
    ("cleanupitem_campaign_id_fkey", "campaign_id", "cleanupcampaign"),
    ("cleanupitem_document_id_fkey", "document_id", "document"),
    ("cleanupitem_amended_by_id_fkey", "amended_by_id", "document"),
)

# After an INSERT or UPDATE statement on cleanupitem: each reference of its new rows, as one
# anti-join each. 23503 is foreign_key_violation, the SQLSTATE of a FOREIGN KEY's own error; the
# message and detail are worded as PostgreSQL words a FOREIGN KEY's.
ONE_REFERENCE = """
    SELECT n.{column} INTO missing FROM docfiler_new_items n
    WHERE n.{column} IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = n.{column}) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION
            'insert or update on table "cleanupitem" violates foreign key constraint "{name}"'
            USING ERRCODE = '23503',
                  DETAIL = format('Key ({column})=(%s) is not present in table "{parent}".',
                                  missing);
    END IF;"""

ITEMS_CHECK = (
    """
CREATE OR REPLACE FUNCTION docfiler_cleanupitem_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    missing integer;
BEGIN"""
    + "".join(
        ONE_REFERENCE.format(name=name, column=column, parent=parent)
        for name, column, parent in REFERENCES
    )
    + """
    RETURN NULL;
END
$$
"""
)

# After a DELETE statement on document or cleanupcampaign (their old rows as docfiler_gone), or
# before a row's id changes (OLD.id): whether an item still refers to it. Deleting takes
# cleanupitem in SHARE mode first: a transaction writing items finishes before the question is
# asked, and no item is written until this transaction ends.
PARENT_CHECK = """
CREATE OR REPLACE FUNCTION docfiler_cleanupitem_parent_gone() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    kept integer;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        LOCK TABLE cleanupitem IN SHARE MODE;
        IF TG_TABLE_NAME = 'document' THEN
            SELECT g.id INTO kept FROM docfiler_gone g
            WHERE EXISTS (SELECT 1 FROM cleanupitem i WHERE i.document_id = g.id)
               OR EXISTS (SELECT 1 FROM cleanupitem i WHERE i.amended_by_id = g.id) LIMIT 1;
        ELSE
            SELECT g.id INTO kept FROM docfiler_gone g
            WHERE EXISTS (SELECT 1 FROM cleanupitem i WHERE i.campaign_id = g.id) LIMIT 1;
        END IF;
    ELSIF TG_TABLE_NAME = 'document' THEN
        SELECT OLD.id INTO kept
        WHERE EXISTS (SELECT 1 FROM cleanupitem i WHERE i.document_id = OLD.id)
           OR EXISTS (SELECT 1 FROM cleanupitem i WHERE i.amended_by_id = OLD.id);
    ELSE
        SELECT OLD.id INTO kept
        WHERE EXISTS (SELECT 1 FROM cleanupitem i WHERE i.campaign_id = OLD.id);
    END IF;
    IF kept IS NOT NULL THEN
        RAISE EXCEPTION
            'update or delete on table "%" violates foreign key constraint on table "cleanupitem"',
            TG_TABLE_NAME
            USING ERRCODE = '23503',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "cleanupitem".',
                                  kept);
    END IF;
    IF TG_LEVEL = 'ROW' THEN
        RETURN NEW;
    END IF;
    RETURN NULL;
END
$$
"""

NEW_ROWS = "REFERENCING NEW TABLE AS docfiler_new_items FOR EACH STATEMENT"
OLD_ROWS = "REFERENCING OLD TABLE AS docfiler_gone FOR EACH STATEMENT"
ID_CHANGED = "FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)"
ITEMS, PARENT = "docfiler_cleanupitem_references", "docfiler_cleanupitem_parent_gone"

# (trigger, table, event, rows, function)
TRIGGERS = (
    ("docfiler_cleanupitem_inserted", "cleanupitem", "AFTER INSERT", NEW_ROWS, ITEMS),
    ("docfiler_cleanupitem_updated", "cleanupitem", "AFTER UPDATE", NEW_ROWS, ITEMS),
    ("docfiler_document_deleted", "document", "AFTER DELETE", OLD_ROWS, PARENT),
    ("docfiler_document_id_changed", "document", "BEFORE UPDATE OF id", ID_CHANGED, PARENT),
    ("docfiler_cleanupcampaign_deleted", "cleanupcampaign", "AFTER DELETE", OLD_ROWS, PARENT),
    (
        "docfiler_cleanupcampaign_id_changed",
        "cleanupcampaign",
        "BEFORE UPDATE OF id",
        ID_CHANGED,
        PARENT,
    ),
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():
        return
    for name, _column, _parent in REFERENCES:
        op.drop_constraint(name, "cleanupitem", type_="foreignkey")
    op.execute(ITEMS_CHECK)
    op.execute(PARENT_CHECK)
    for trigger, table, event, rows, function in TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger} {event} ON {table} {rows} EXECUTE FUNCTION {function}()"
        )


def downgrade() -> None:
    if not _postgresql():
        return
    for trigger, table, *_ in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in (ITEMS, PARENT):
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    for name, column, parent in REFERENCES:
        op.create_foreign_key(name, "cleanupitem", parent, [column], ["id"])
