"""标题 order is pinyin order, on both databases: 安 < 城 < 绿 < 周 (their code points run
周 < 城 < 安 < 绿), whether a title came in by 登记, by a bulk import, by an edit, or was on the
register before the key existed (migration 0007)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from docfiler.queries.documents import document_ids
from docfiler.queries.register import RegisterFilter, register_page
from docfiler.services.documents import register_document, update_document
from docfiler.services.imports import import_documents
from docfiler.store.engine import alembic_config
from docfiler.store.title_sort import title_sort_key

PINYIN_ORDER = [
    "盖州市安全生产监督管理办法",
    "盖州市城市绿化管理办法",
    "盖州市绿色建筑推广实施细则",
    "盖州市周边道路交通管理规定",
]


def test_keys_are_pinyin_with_tone_digits():
    assert title_sort_key("盖州市") == "gai4zhou1shi4"
    assert title_sort_key("绿化") == "lv4hua4"
    assert title_sort_key("西安") < title_sort_key("先")  # xi1an1 < xian1
    assert title_sort_key("（试行）ABC 2016") == "（shi4xing2）abc 2016"


def titles_by_title_sort(office, descending=False) -> list[str]:
    page = register_page(
        office=office, filters=RegisterFilter(sort="title", descending=descending), limit=10
    )
    return [row.title for row in page.rows]


def register_in_codepoint_order(office) -> None:
    for serial, title in enumerate(sorted(PINYIN_ORDER), start=1):
        register_document(office=office, number=f"盖政发〔2026〕{serial}号", title=title)


def test_the_register_sorts_titles_by_pinyin(office):
    register_in_codepoint_order(office)
    assert titles_by_title_sort(office) == PINYIN_ORDER
    assert titles_by_title_sort(office, descending=True) == PINYIN_ORDER[::-1]
    ids = document_ids(office=office, sort="title")
    assert len(ids) == 4


def test_an_edited_title_moves_to_its_place(office):
    register_in_codepoint_order(office)
    update_document(
        office=office, number="盖政发〔2026〕4号", changes={"title": "盖州市爱国卫生管理办法"}
    )
    assert titles_by_title_sort(office)[0] == "盖州市爱国卫生管理办法"  # ai4 before an1


def test_imported_titles_sort_by_pinyin(office):
    import_documents(
        office=office,
        records=[
            {"number": f"盖政办发〔2015〕{n}号", "title": t, "published": "2015-03-01"}
            for n, t in enumerate(sorted(PINYIN_ORDER), start=1)
        ],
    )
    assert titles_by_title_sort(office) == PINYIN_ORDER


def test_the_migration_fills_the_key_for_documents_already_registered(office):
    register_in_codepoint_order(office)
    command.downgrade(alembic_config(office.engine), "0006")
    command.upgrade(alembic_config(office.engine), "head")
    with office.engine.connect() as connection:
        keys = dict(connection.execute(text("SELECT title, title_sort FROM document")).all())
    assert keys["盖州市城市绿化管理办法"] == "gai4zhou1shi4cheng2shi4lv4hua4guan3li3ban4fa3"
    assert titles_by_title_sort(office) == PINYIN_ORDER
