"""`one_of_ids`: a whole list of ids bound as one parameter, on both databases."""

from __future__ import annotations

from sqlmodel import select

from docfiler.services.documents import register_document
from docfiler.store.sqltext import one_of_ids
from docfiler.store.tables import Document


def test_the_listed_ids_and_only_those(office):
    for serial in (1, 2, 3):
        register_document(office=office, number=f"盖政发〔2026〕{serial}号", title=f"办法{serial}")
    with office.reading() as session:
        ids = dict(session.execute(select(Document.doc_number, Document.id)).all())
        query = select(Document.doc_number).where(
            one_of_ids(Document.id, session.get_bind().dialect.name)
        )
        wanted = [ids["盖政发〔2026〕1号"], ids["盖政发〔2026〕3号"], 999_999]
        found = sorted(session.execute(query, {"ids": wanted}).scalars())
        assert found == ["盖政发〔2026〕1号", "盖政发〔2026〕3号"]
        assert list(session.execute(query, {"ids": []}).scalars()) == []
        many = list(range(1, 5001))  # one parameter however long the list
        assert len(list(session.execute(query, {"ids": many}).scalars())) == 3
