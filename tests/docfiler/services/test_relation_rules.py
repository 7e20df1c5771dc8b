"""Relations between documents (修改 / 废止 / 替代 / 依据) and the end of force (废止 / 宣布失效)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docfiler import services
from docfiler.errors import ConflictError, GateError, ValidationError
from docfiler.store.tables import DocumentRelation
from tests.docfiler.services.helpers import (
    MEETING,
    D,
    N,
    document,
    published,
    refused,
    register,
    version,
)

NEW = "盖政发〔2018〕2号"
NEW_TITLE = "盖州市城乡居民临时救助办法"


def publish_new(office, number: str = NEW, on=D(2018, 2, 1), effective=None) -> None:
    """A later document, fully through the procedure, published on `on`."""
    register(office, number, NEW_TITLE)
    services.record_opinions(office=office, number=number, on=D(2018, 1, 5))
    services.submit_review(office=office, number=number, submitted=D(2018, 1, 8))
    services.finish_review(office=office, number=number, finished=D(2018, 1, 19), outcome="合法")
    services.record_decision(office=office, number=number, meeting=MEETING, on=D(2018, 1, 25))
    services.publish(office=office, number=number, on=on, effective=effective)


def relations(office) -> list[tuple]:
    with office.reading() as session:
        return [
            (r.kind, r.on_date)
            for r in session.execute(
                select(DocumentRelation).order_by(DocumentRelation.id)
            ).scalars()
        ]


def test_an_unknown_relation_is_refused(office):
    published(office)
    publish_new(office)
    refused(
        office,
        ValidationError,
        "关系“supersedes”无效，只能是：amends、repeals、replaces、based_on",
        services.add_relation,
        source=NEW,
        target=N,
        kind="supersedes",
    )


def test_a_document_has_no_relation_with_itself(office):
    published(office)
    refused(
        office,
        ValidationError,
        "文件不能与自身建立关系",
        services.add_relation,
        source=N,
        target=N,
        kind="based_on",
    )


@pytest.mark.parametrize(
    ("kind", "label"), [("amends", "修改"), ("repeals", "废止"), ("replaces", "替代")]
)
def test_an_unpublished_document_amends_repeals_or_replaces_nothing(office, kind, label):
    published(office)
    register(office, NEW, NEW_TITLE)
    refused(
        office,
        GateError,
        f"文件“{NEW}”尚未公布，不能{label}其他文件",
        services.add_relation,
        source=NEW,
        target=N,
        kind=kind,
    )
    assert document(office).repealed_on is None


@pytest.mark.parametrize(
    ("kind", "label"), [("amends", "修改"), ("repeals", "废止"), ("replaces", "替代")]
)
def test_a_document_never_published_cannot_be_amended_repealed_or_replaced(office, kind, label):
    register(office)
    publish_new(office)
    refused(
        office,
        GateError,
        f"被{label}的文件“{N}”从未公布",
        services.add_relation,
        source=NEW,
        target=N,
        kind=kind,
    )


def test_a_repeal_is_not_dated_before_the_target_was_published(office):
    published(office, on=D(2016, 3, 1))
    publish_new(office)
    refused(
        office,
        ValidationError,
        "废止日期（2016年2月29日）早于原文件公布日期（2016年3月1日）",
        services.add_relation,
        source=NEW,
        target=N,
        kind="repeals",
        on=D(2016, 2, 29),
    )
    assert document(office).repealed_on is None


def test_a_legal_basis_relation_needs_no_publication(office):
    register(office)
    register(office, NEW, NEW_TITLE)
    services.add_relation(office=office, source=NEW, target=N, kind="based_on")
    assert relations(office) == [("based_on", None)]
    assert document(office).repealed_on is None


def test_a_repeal_takes_effect_on_the_repealing_documents_effective_date(office):
    published(office)
    publish_new(office, on=D(2018, 2, 1), effective=D(2018, 3, 1))
    services.add_relation(office=office, source=NEW, target=N, kind="repeals")
    row = document(office)
    assert (row.repealed_on, row.repeal_reason) == (D(2018, 3, 1), f"被{NEW}废止")
    assert relations(office) == [("repeals", D(2018, 3, 1))]


def test_replacing_ends_force_and_amending_does_not(office):
    published(office)
    publish_new(office, on=D(2018, 2, 1))
    services.add_relation(office=office, source=NEW, target=N, kind="amends")
    assert document(office).repealed_on is None
    services.add_relation(office=office, source=NEW, target=N, kind="replaces", on=D(2018, 4, 1))
    row = document(office)
    assert (row.repealed_on, row.repeal_reason) == (D(2018, 4, 1), f"被{NEW}替代")
    assert relations(office) == [("amends", D(2018, 2, 1)), ("replaces", D(2018, 4, 1))]


def test_the_earliest_end_of_force_stands(office):
    published(office)
    publish_new(office, on=D(2018, 2, 1))
    publish_new(office, number="盖政发〔2019〕5号", on=D(2019, 2, 1))
    services.add_relation(office=office, source=NEW, target=N, kind="repeals")
    services.add_relation(office=office, source="盖政发〔2019〕5号", target=N, kind="repeals")
    assert document(office).repealed_on == D(2018, 2, 1)
    assert document(office).repeal_reason == f"被{NEW}废止"


def test_a_relation_changes_the_targets_version(office):
    """A clerk who opened the target before it was repealed may not save over the repeal."""
    published(office)
    publish_new(office)
    seen = version(office)
    services.add_relation(office=office, source=NEW, target=N, kind="repeals")
    refused(
        office,
        ConflictError,
        "已被其他人修改",
        services.update_document,
        number=N,
        changes={"note": "旧的修改"},
        expected_version=seen,
    )


# ---------------------------------------------------------------------------- repeal, declare invalid


@pytest.mark.parametrize(
    ("write", "label"),
    [(services.repeal_document, "废止"), (services.declare_invalid, "宣布失效")],
)
def test_ending_force_needs_a_reason(office, write, label):
    published(office)
    refused(
        office,
        ValidationError,
        f"{label}须写明理由",
        write,
        number=N,
        on=D(2018, 1, 1),
        reason="  ",
    )


@pytest.mark.parametrize(
    ("write", "label"),
    [(services.repeal_document, "废止"), (services.declare_invalid, "宣布失效")],
)
def test_a_document_never_published_needs_no_repeal(office, write, label):
    register(office)
    refused(
        office,
        GateError,
        f"文件“{N}”从未公布，无需{label}",
        write,
        number=N,
        on=D(2018, 1, 1),
        reason="已被替代",
    )


@pytest.mark.parametrize(
    ("write", "label"),
    [(services.repeal_document, "废止"), (services.declare_invalid, "宣布失效")],
)
def test_ending_force_is_not_dated_before_publication(office, write, label):
    published(office, on=D(2016, 3, 1))
    refused(
        office,
        ValidationError,
        f"{label}日期（2016年2月29日）早于公布日期（2016年3月1日）",
        write,
        number=N,
        on=D(2016, 2, 29),
        reason="已被替代",
    )


def test_repeal_and_declaration_record_their_own_date_and_reason(office):
    published(office)
    published(office, number="盖政发〔2016〕10号")
    services.repeal_document(office=office, number=N, on=D(2018, 1, 1), reason=" 已被新规定替代 ")
    services.declare_invalid(
        office=office, number="盖政发〔2016〕10号", on=D(2018, 6, 1), reason="调整对象已消失"
    )
    repealed, invalid = document(office), document(office, "盖政发〔2016〕10号")
    assert (repealed.repealed_on, repealed.repeal_reason) == (D(2018, 1, 1), "已被新规定替代")
    assert (repealed.declared_invalid_on, repealed.invalid_reason) == (None, None)
    assert (invalid.declared_invalid_on, invalid.invalid_reason) == (
        D(2018, 6, 1),
        "调整对象已消失",
    )
    assert (invalid.repealed_on, invalid.repeal_reason) == (None, None)


@pytest.mark.parametrize("write", [services.repeal_document, services.declare_invalid])
def test_ending_force_on_a_stale_version_is_refused(office, write):
    published(office)
    seen = version(office)
    services.update_document(office=office, number=N, changes={"note": "另一位经办人的修改"})
    refused(
        office,
        ConflictError,
        f"您看到的是第 {seen} 版",
        write,
        number=N,
        on=D(2018, 1, 1),
        reason="已被替代",
        expected_version=seen,
    )


def test_a_note_on_the_relation_is_the_repeal_reason(office):
    published(office)
    publish_new(office)
    services.add_relation(
        office=office, source=NEW, target=N, kind="repeals", note="依盖政发〔2018〕2号第二十条废止"
    )
    assert document(office).repeal_reason == "依盖政发〔2018〕2号第二十条废止"
