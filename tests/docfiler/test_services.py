"""The rules of the service layer, on SQLite and PostgreSQL."""

import datetime as dt
import json

import pytest
from sqlmodel import func, select

from docfiler import services
from docfiler.errors import ConflictError, GateError, NotFoundError, ValidationError
from docfiler.queries.documents import list_documents, show_document
from docfiler.store.tables import AuditEntry, Document, Filing

D = dt.date
N = "盖政发〔2016〕9号"
TITLE = "盖州市城乡居民临时救助实施办法"


def register(office, number=N, title=TITLE, **kwargs):
    return services.register_document(office=office, number=number, title=title, **kwargs)


def prepare(office, number=N, *, outcome="合法", decided=D(2016, 2, 20)):
    """Opinions, a finished review, a decision: everything publication needs."""
    services.record_opinions(office=office, number=number, on=D(2016, 1, 10))
    services.submit_review(office=office, number=number, submitted=D(2016, 1, 20))
    services.finish_review(office=office, number=number, finished=D(2016, 2, 2), outcome=outcome)
    if outcome == "合法":
        services.record_decision(
            office=office, number=number, meeting="市政府第18次常务会议", on=decided
        )


def count(office, model, *where):
    with office.reading() as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_register_accepts_any_form_of_the_number_and_detects_the_authority(office):
    result = register(office, number="盖政发[2016]09号")
    assert result.doc_number == N
    view = show_document(office=office, number="盖政发（2016）9")
    assert view["authority"] == "盖州市人民政府"
    assert view["status"] == "draft"
    assert view["audit"][0]["operator"] == "测试员"


def test_register_twice_is_refused_in_chinese(office):
    register(office)
    with pytest.raises(ValidationError, match="已经登记过"):
        register(office, number="盖政发【2016】9号")
    assert count(office, Document) == 1


def test_register_with_an_unknown_agency_code_names_the_fix(office):
    with pytest.raises(NotFoundError, match="authority add"):
        register(office, number="盖民发〔2016〕3号", title="某办法")
    assert count(office, Document) == 0


def test_malformed_number_gives_the_parser_message(office):
    with pytest.raises(ValidationError, match="年份"):
        register(office, number="盖政发〔16〕9号")


def test_interim_and_trial_titles_get_two_years_validity(office, tmp_path):
    # Only where the office's province prescribes defaults (上海市政府令第26号: 5 years, 暂行/
    # 试行 2); the shipped rulebook has none (辽宁).
    from tests.docfiler.services.helpers import with_validity_defaults

    with_validity_defaults(office, tmp_path)
    register(office, number="盖政发〔2016〕10号", title="盖州市某某管理暂行办法")
    prepare(office, "盖政发〔2016〕10号")
    services.publish(office=office, number="盖政发〔2016〕10号", on=D(2016, 3, 1))
    view = show_document(office=office, number="盖政发〔2016〕10号")
    assert view["kind"] == "暂行"
    assert view["valid_until"] == "2018-02-28"


def test_publication_refused_until_every_step_is_recorded(office):
    register(office)
    with pytest.raises(GateError) as refused:
        services.publish(office=office, number=N, on=D(2016, 3, 1))
    message = str(refused.value)
    assert "未听取意见" in message and "未经合法性审核" in message and "未经集体讨论决定" in message
    assert count(office, Filing) == 0
    assert show_document(office=office, number=N)["published"] is None


def test_unlawful_review_blocks_collective_decision(office):
    register(office)
    prepare(office, outcome="不合法")
    with pytest.raises(GateError, match="不合法"):
        services.record_decision(office=office, number=N, meeting="常务会议", on=D(2016, 2, 20))
    with pytest.raises(GateError, match="不合法"):
        services.publish(office=office, number=N, on=D(2016, 3, 1))


def test_review_must_be_finished_before_decision(office):
    register(office)
    services.record_opinions(office=office, number=N, on=D(2016, 1, 10))
    services.submit_review(office=office, number=N, submitted=D(2016, 1, 20))
    with pytest.raises(GateError, match="尚未完成"):
        services.record_decision(office=office, number=N, meeting="常务会议", on=D(2016, 2, 20))


def test_should_be_amended_needs_a_recorded_revision(office):
    register(office)
    prepare(office, outcome="应当予以修改")
    with pytest.raises(GateError, match="修改"):
        services.record_decision(office=office, number=N, meeting="常务会议", on=D(2016, 2, 20))
    services.record_revision(office=office, number=N, on=D(2016, 2, 10))
    with pytest.raises(ValidationError, match="早于"):
        services.record_decision(office=office, number=N, meeting="常务会议", on=D(2016, 2, 5))
    services.record_decision(office=office, number=N, meeting="常务会议", on=D(2016, 2, 20))
    services.publish(office=office, number=N, on=D(2016, 3, 1))
    assert show_document(office=office, number=N)["status"] == "in_force"  # no stated validity


def test_publishing_creates_filings_with_due_dates_from_the_rulebook(office):
    register(office)
    prepare(office)
    result = services.publish(office=office, number=N, on=D(2016, 9, 16), channel="门户网站")
    assert [(f.body, f.due) for f in result.filings] == [
        ("营口市人民政府", D(2016, 10, 8)),
        ("盖州市人大常委会", D(2016, 10, 17)),
    ]
    view = show_document(office=office, number=N, as_of=D(2016, 10, 1))
    assert view["status"] == "in_force"
    assert view["valid_until"] is None  # the document states no validity period


def test_department_files_with_the_city_government_only(office):
    services.add_authority(office=office, name="盖州市民政局", codes=["盖民发"])
    register(office, number="盖民发〔2020〕3号", title="盖州市最低生活保障审核确认办法")
    prepare(office, "盖民发〔2020〕3号", decided=D(2020, 2, 20))
    result = services.publish(office=office, number="盖民发〔2020〕3号", on=D(2020, 3, 2))
    assert [f.body for f in result.filings] == ["盖州市人民政府"]
    assert result.filings[0].due == D(2020, 3, 17)


def test_publication_date_before_the_number_year_is_refused(office):
    register(office)
    prepare(office)
    # The year rule is checked first: 2015-12-31 is also before the decision (2016-02-20),
    # so without the match a deleted year rule would pass unnoticed.
    with pytest.raises(ValidationError, match="早于文号“盖政发〔2016〕9号”的年份 2016 年"):
        services.publish(office=office, number=N, on=D(2015, 12, 31))
    assert count(office, Filing) == 0
    assert show_document(office=office, number=N)["published"] is None


def test_dates_in_the_future_are_refused(office):
    register(office)
    with pytest.raises(ValidationError, match="晚于今天"):
        services.record_opinions(office=office, number=N, on=D(2027, 1, 1))


def test_filing_submission_and_result(office):
    register(office)
    prepare(office)
    services.publish(office=office, number=N, on=D(2016, 3, 1))
    with pytest.raises(GateError, match="尚未向"):
        services.record_filing_result(
            office=office, number=N, body="营口市人民政府", result="准予备案", on=D(2016, 3, 20)
        )
    result = services.submit_filing(
        office=office,
        number=N,
        body="营口市人民政府",
        submitted=D(2016, 3, 20),
        receipt="营备〔2016〕12号",
    )
    assert result.late_days == 4
    services.record_filing_result(
        office=office, number=N, body="营口市人民政府", result="准予备案", on=D(2016, 4, 1)
    )
    filings = {f["body"]: f for f in show_document(office=office, number=N)["filings"]}
    assert filings["营口市人民政府"]["result"] == "予以备案登记"  # 国务院令第789号 word
    assert filings["营口市人民政府"]["receipt"] == "营备〔2016〕12号"
    assert filings["盖州市人大常委会"]["submitted"] is None
    with pytest.raises(NotFoundError, match="应备案的机关"):
        services.submit_filing(
            office=office, number=N, body="辽宁省人民政府", submitted=D(2016, 3, 20)
        )


def test_stale_version_is_refused_and_nothing_is_overwritten(office):
    created = register(office)
    services.update_document(
        office=office,
        number=N,
        changes={"drafting_unit": "盖州市民政局"},
        expected_version=created.version,
    )
    with pytest.raises(ConflictError, match="已被其他人修改"):
        services.update_document(
            office=office,
            number=N,
            changes={"drafting_unit": "盖州市财政局"},
            expected_version=created.version,
        )
    assert show_document(office=office, number=N)["drafting_unit"] == "盖州市民政局"


def test_every_write_leaves_an_audit_entry_with_operator_and_details(office):
    register(office)
    prepare(office)
    services.publish(office=office, number=N, on=D(2016, 3, 1))
    with office.reading() as session:
        entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [e.action for e in entries]
    assert actions[-6:] == [
        "register",
        "opinions",
        "review_submitted",
        "review_finished",
        "decision",
        "publish",
    ]
    publish_entry = entries[-1]
    assert publish_entry.operator == "测试员"
    assert json.loads(publish_entry.details)["filings"][0]["body"] == "营口市人民政府"


def test_a_refused_write_leaves_no_audit_entry(office):
    register(office)
    before = count(office, AuditEntry)
    with pytest.raises(GateError):
        services.publish(office=office, number=N, on=D(2016, 3, 1))
    assert count(office, AuditEntry) == before


def test_repeal_by_a_later_document_ends_force_on_its_effective_date(office):
    register(office)
    prepare(office)
    services.publish(office=office, number=N, on=D(2016, 3, 1))
    new = "盖政发〔2018〕2号"
    register(office, number=new, title="盖州市城乡居民临时救助办法")
    services.record_opinions(office=office, number=new, on=D(2018, 1, 5))
    services.submit_review(office=office, number=new, submitted=D(2018, 1, 8))
    services.finish_review(office=office, number=new, finished=D(2018, 1, 19), outcome="合法")
    services.record_decision(office=office, number=new, meeting="常务会议", on=D(2018, 1, 25))
    services.publish(office=office, number=new, on=D(2018, 2, 1), effective=D(2018, 3, 1))
    services.add_relation(office=office, source=new, target=N, kind="repeals")
    assert show_document(office=office, number=N, as_of=D(2018, 2, 28))["status"] == "in_force"
    old = show_document(office=office, number=N, as_of=D(2018, 3, 1))
    assert old["status"] == "repealed"
    assert old["relations"][0]["label"] == "被废止"
    assert show_document(office=office, number=new, as_of=D(2018, 2, 15))["status"] == "published"
    in_force = list_documents(office=office, status="in_force", as_of=D(2018, 3, 1))
    assert [d["doc_number"] for d in in_force] == [new]
    assert [
        d["doc_number"] for d in list_documents(office=office, status="已废止", as_of=D(2018, 3, 1))
    ] == [N]


def test_countersign_reply_due_defaults_to_working_days(office):
    result = services.add_countersign(
        office=office, title="营口市某某管理办法（征求意见稿）", received=D(2026, 2, 10)
    )
    assert result.reply_due == D(2026, 3, 2)  # 10 working days across Spring Festival
