"""Every write leaves exactly one audit entry: who, what, on which document."""

from __future__ import annotations

import json

from sqlalchemy import select

from docfiler import services
from docfiler.rules.rulebook import Rulebook
from docfiler.services.cleanup import (
    correct_decision,
    decide,
    finish_campaign,
    start_campaign,
)
from docfiler.services.imports import import_documents
from docfiler.store.tables import AuditEntry, Countersign
from tests.docfiler.services.helpers import CITY, MEETING, TITLE, D, N, audit_actions, document

OLD = "盖政发〔2016〕10号"


def entries_after(office, last_id: int) -> list[tuple]:
    with office.reading() as session:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)
        ).scalars()
        return [(e.action, e.document_id, e.operator) for e in rows]


def last_id(office) -> int:
    with office.reading() as session:
        return session.execute(select(AuditEntry.id).order_by(AuditEntry.id.desc())).scalar() or 0


def test_each_write_leaves_one_audit_entry(office):
    def writes():
        yield (
            "add_authority",
            None,
            lambda: services.add_authority(office=office, name="盖州市民政局", codes=["盖民发"]),
        )
        yield (
            "register",
            N,
            lambda: services.register_document(office=office, number=N, title=TITLE, valid_years=5),
        )
        yield (
            "update",
            N,
            lambda: services.update_document(
                office=office, number=N, changes={"drafting_unit": "盖州市民政局"}
            ),
        )
        yield (
            "legal_basis",
            N,
            lambda: services.add_legal_basis(
                office=office, number=N, title="社会救助暂行办法", basis_number="国务院令第649号"
            ),
        )
        yield (
            "opinions",
            N,
            lambda: services.record_opinions(office=office, number=N, on=D(2016, 1, 10)),
        )
        yield (
            "review_submitted",
            N,
            lambda: services.submit_review(office=office, number=N, submitted=D(2016, 1, 20)),
        )
        yield (
            "review_finished",
            N,
            lambda: services.finish_review(
                office=office, number=N, finished=D(2016, 2, 2), outcome="应当予以修改"
            ),
        )
        yield (
            "revision",
            N,
            lambda: services.record_revision(office=office, number=N, on=D(2016, 2, 10)),
        )
        yield (
            "decision",
            N,
            lambda: services.record_decision(
                office=office, number=N, meeting=MEETING, on=D(2016, 2, 20)
            ),
        )
        yield (
            "signing",
            N,
            lambda: services.record_signing(office=office, number=N, on=D(2016, 2, 25)),
        )
        yield "publish", N, lambda: services.publish(office=office, number=N, on=D(2016, 3, 1))
        yield (
            "filing_submitted",
            N,
            lambda: services.submit_filing(
                office=office, number=N, body=CITY, submitted=D(2016, 3, 10)
            ),
        )
        yield (
            "filing_result",
            N,
            lambda: services.record_filing_result(
                office=office, number=N, body=CITY, result="准予备案", on=D(2016, 3, 20)
            ),
        )
        yield (
            "bulk_import",
            None,
            lambda: import_documents(
                office=office,
                records=[{"number": OLD, "title": "盖州市某某管理办法", "published": "2016-01-05"}],
            ),
        )
        yield (
            "relation_amends",
            OLD,
            lambda: services.add_relation(office=office, source=N, target=OLD, kind="amends"),
        )
        yield (
            "repealed",
            OLD,
            lambda: services.repeal_document(
                office=office, number=OLD, on=D(2017, 1, 1), reason="已被替代"
            ),
        )
        yield (
            "declared_invalid",
            N,
            lambda: services.declare_invalid(
                office=office, number=N, on=D(2026, 6, 1), reason="调整对象已消失"
            ),
        )
        yield (
            "countersign",
            None,
            lambda: services.add_countersign(
                office=office, title="营口市某某办法（征求意见稿）", received=D(2026, 11, 16)
            ),
        )
        yield (
            "countersign_reply",
            None,
            lambda: services.reply_countersign(
                office=office, countersign_id=countersign_id(office), replied=D(2026, 11, 20)
            ),
        )
        yield (
            "cleanup_recorded",
            None,
            lambda: services.record_finished_cleanup(
                office=office, name="2024年清理", as_of=D(2024, 3, 31), finished=D(2024, 6, 28)
            ),
        )
        yield (
            "higher_law",
            None,
            lambda: services.mark_higher_law(
                office=office,
                title="社会救助暂行办法",
                number="国务院令第649号",
                status="已修改",
                on=D(2025, 1, 1),
            ),
        )
        yield (
            "validity_evaluation",
            N,
            lambda: services.record_evaluation(
                office=office, number=N, on=D(2020, 9, 1), outcome="lapse"
            ),
        )

    for action, number, write in writes():
        before = last_id(office)
        write()
        doc_id = document(office, number).id if number else None
        assert entries_after(office, before) == [(action, doc_id, "测试员")], action


def countersign_id(office) -> int:
    with office.reading() as session:
        return session.execute(select(Countersign.id)).scalar_one()


def test_a_cleanup_audits_start_each_decision_finish_and_correction(office):
    services.register_document(office=office, number=N, title=TITLE)
    services.record_opinions(office=office, number=N, on=D(2026, 1, 10))
    services.submit_review(office=office, number=N, submitted=D(2026, 1, 20))
    services.finish_review(office=office, number=N, finished=D(2026, 2, 2), outcome="合法")
    services.record_decision(office=office, number=N, meeting=MEETING, on=D(2026, 2, 20))
    services.publish(office=office, number=N, on=D(2026, 3, 2))
    import_documents(
        office=office,
        records=[{"number": OLD, "title": "盖州市某某管理办法", "published": "2016-01-05"}],
    )  # in force until 2021-01-04: lapsed since no cleanup, so it is in the worklist too
    doc_id, old_id = document(office).id, document(office, OLD).id

    before = last_id(office)
    start_campaign(office=office, name="2026年清理", as_of=D(2026, 11, 1))
    assert entries_after(office, before) == [("cleanup_start", None, "测试员")]

    before = last_id(office)
    decide(office=office, campaign="2026年清理", number=N, decision="废止", reason="已被替代")
    assert entries_after(office, before) == [("cleanup_decide", doc_id, "测试员")]
    decide(office=office, campaign="2026年清理", number=OLD, decision="宣布失效", reason="到期")

    before = last_id(office)
    finish_campaign(office=office, campaign="2026年清理", on=D(2026, 11, 20))
    entries = entries_after(office, before)
    # One entry per document the campaign decided on, then one for the campaign.
    assert sorted(entries[:-1]) == sorted(
        [("cleanup_applied", doc_id, "测试员"), ("cleanup_applied", old_id, "测试员")]
    )
    assert entries[-1] == ("cleanup_finish", None, "测试员")

    before = last_id(office)
    correct_decision(
        office=office,
        campaign="2026年清理",
        number=N,
        decision="继续有效",
        reason="误列入废止",
        on=D(2026, 11, 25),
    )
    assert entries_after(office, before) == [("cleanup_correct", doc_id, "测试员")]


def test_syncing_authorities_is_audited_only_when_it_adds_one(office):
    # The office fixture synced the rulebook's two authorities into an empty database.
    assert audit_actions(office) == ["sync_authorities"]
    services.sync_authorities(office=office)
    assert audit_actions(office) == ["sync_authorities"]


def test_a_code_or_filing_body_added_by_rulebook_sync_is_audited(office, tmp_path):
    # The office fixture synced the rulebook at setup; only what is written after it counts.
    before = last_id(office)
    path = tmp_path / "rulebook.toml"
    path.write_text(
        '[[authorities]]\nname = "盖州市人民政府"\nkind = "government"\n'
        'codes = ["盖政发", "盖政", "盖政函"]\nfiling_bodies = ["营口市人民政府", "盖州市人大常委会"]\n'
        '[[authorities]]\nname = "盖州市人民政府办公室"\nkind = "general_office"\n'
        'codes = ["盖政办发", "盖政办"]\nfiling_bodies = ["营口市人民政府", "盖州市人大常委会"]\n',
        encoding="utf-8",
    )
    office.rulebook = Rulebook.load(path)
    assert services.sync_authorities(office=office) == 0  # no authority added, one code
    assert entries_after(office, before) == [("sync_authorities", None, "测试员")]
    with office.reading() as session:
        entry = session.execute(select(AuditEntry).where(AuditEntry.id > before)).scalar_one()
    assert entry.summary == "按规则文件添加机关代字 1 个"
    assert json.loads(entry.details)["codes"] == ["盖州市人民政府：盖政函"]
    before = last_id(office)
    services.sync_authorities(office=office)
    assert entries_after(office, before) == []
