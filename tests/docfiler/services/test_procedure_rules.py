"""The drafting procedure's gates and date order (听取意见 → 合法性审核 → 集体讨论决定 → 签发 → 公布).

Each rule is checked the way a clerk meets it: the step is refused with a Chinese message that
names the problem, and the register is exactly as it was before.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from docfiler import services
from docfiler.errors import ConflictError, GateError, ValidationError
from docfiler.store.tables import AuthorityFilingBody, CollectiveDecision, Document, LegalityReview
from tests.docfiler.services.helpers import (
    CITY,
    CONGRESS,
    MEETING,
    TITLE,
    D,
    N,
    document,
    filings,
    hear_and_review,
    published,
    ready,
    refused,
    register,
    snapshot,
    version,
)

TOMORROW = D(2026, 11, 27)  # the fixture's today is 2026-11-26


def reviews(office, number: str = N) -> list[LegalityReview]:
    with office.reading() as session:
        return list(
            session.execute(
                select(LegalityReview)
                .join(Document, Document.id == LegalityReview.document_id)
                .where(Document.doc_number == number)
                .order_by(LegalityReview.id)
            ).scalars()
        )


def decisions(office, number: str = N) -> list[CollectiveDecision]:
    with office.reading() as session:
        return list(
            session.execute(
                select(CollectiveDecision)
                .join(Document, Document.id == CollectiveDecision.document_id)
                .where(Document.doc_number == number)
            ).scalars()
        )


# ---------------------------------------------------------------------------- each step, by date


def _to_opinions(office):
    register(office)


def _to_review(office):
    register(office)
    services.record_opinions(office=office, number=N, on=D(2016, 1, 10))


def _to_finish(office):
    _to_review(office)
    services.submit_review(office=office, number=N, submitted=D(2016, 1, 20))


def _to_revision(office):
    register(office)
    hear_and_review(office, outcome="应当予以修改")


def _to_decision(office):
    register(office)
    hear_and_review(office)


STEPS = {
    "opinions": (
        _to_opinions,
        lambda office, on: services.record_opinions(office=office, number=N, on=on),
    ),
    "submit_review": (
        _to_review,
        lambda office, on: services.submit_review(office=office, number=N, submitted=on),
    ),
    "finish_review": (
        _to_finish,
        lambda office, on: services.finish_review(
            office=office, number=N, finished=on, outcome="合法"
        ),
    ),
    "revision": (
        _to_revision,
        lambda office, on: services.record_revision(office=office, number=N, on=on),
    ),
    "decision": (
        _to_decision,
        lambda office, on: services.record_decision(
            office=office, number=N, meeting=MEETING, on=on
        ),
    ),
    "signing": (ready, lambda office, on: services.record_signing(office=office, number=N, on=on)),
    "publish": (ready, lambda office, on: services.publish(office=office, number=N, on=on)),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_step_dated_tomorrow_is_refused_and_nothing_is_written(office, step):
    setup, take = STEPS[step]
    setup(office)
    refused(
        office,
        ValidationError,
        "（2026年11月27日）晚于今天（2026年11月26日），不能登记尚未发生的事项",
        lambda office: take(office, TOMORROW),
    )


@pytest.mark.parametrize("step", list(STEPS))
def test_a_step_dated_today_is_accepted(office, step):
    setup, take = STEPS[step]
    setup(office)
    before = snapshot(office)
    take(office, D(2026, 11, 26))
    assert snapshot(office) != before
    row = document(office)
    assert row.published_on == (D(2026, 11, 26) if step == "publish" else None)
    assert row.signed_on == (D(2026, 11, 26) if step == "signing" else None)


# ---------------------------------------------------------------------------- after publication


AFTER_PUBLICATION = {
    "听取意见": lambda office: services.record_opinions(office=office, number=N, on=D(2016, 3, 5)),
    "合法性审核": lambda office: services.submit_review(
        office=office, number=N, submitted=D(2016, 3, 5)
    ),
    "合法性审核结论": lambda office: services.finish_review(
        office=office, number=N, finished=D(2016, 3, 5), outcome="合法"
    ),
    "修改": lambda office: services.record_revision(office=office, number=N, on=D(2016, 3, 5)),
    "集体讨论决定": lambda office: services.record_decision(
        office=office, number=N, meeting=MEETING, on=D(2016, 3, 5)
    ),
    "签发": lambda office: services.record_signing(office=office, number=N, on=D(2016, 3, 5)),
}


@pytest.mark.parametrize("step", list(AFTER_PUBLICATION))
def test_no_procedure_step_after_publication(office, step):
    # Reviewed 应当予以修改 and revised, so a second revision would otherwise be accepted.
    register(office)
    hear_and_review(office, outcome="应当予以修改")
    services.record_revision(office=office, number=N, on=D(2016, 2, 10))
    services.record_decision(office=office, number=N, meeting=MEETING, on=D(2016, 2, 20))
    services.publish(office=office, number=N, on=D(2016, 3, 1))
    message = refused(
        office,
        GateError,
        f"文件“{N}”已于2016年3月1日公布，不能再登记{step}",
        AFTER_PUBLICATION[step],
    )
    assert "请登记一份修改文件" in message


# ---------------------------------------------------------------------------- legality review


def test_a_second_review_while_one_is_open_is_refused(office):
    _to_finish(office)
    refused(
        office,
        GateError,
        "合法性审核（2016年1月20日报送）尚未完成",
        services.submit_review,
        number=N,
        submitted=D(2016, 1, 25),
    )
    assert len(reviews(office)) == 1


def test_resubmission_is_not_dated_before_the_last_review_finished(office):
    register(office)
    hear_and_review(office, outcome="不合法")  # finished 2016-02-02
    refused(
        office,
        ValidationError,
        "重新报送审核日期（2016年2月1日）早于上次审核完成日期（2016年2月2日）",
        services.submit_review,
        number=N,
        submitted=D(2016, 2, 1),
    )
    services.submit_review(office=office, number=N, submitted=D(2016, 2, 2))
    assert [(r.submitted_on, r.outcome) for r in reviews(office)] == [
        (D(2016, 1, 20), "不合法"),
        (D(2016, 2, 2), None),
    ]


def test_an_unknown_review_outcome_is_refused(office):
    _to_finish(office)
    refused(
        office,
        ValidationError,
        "审核结论“基本合法”无效，只能是：合法、应当予以修改、不合法",
        services.finish_review,
        number=N,
        finished=D(2016, 2, 2),
        outcome="基本合法",
    )


def test_a_result_needs_a_review_in_progress(office):
    _to_review(office)
    refused(
        office,
        GateError,
        "没有正在进行的合法性审核",
        services.finish_review,
        number=N,
        finished=D(2016, 2, 2),
        outcome="合法",
    )


def test_a_finished_review_cannot_be_finished_again(office):
    _to_decision(office)  # finished 合法 on 2016-02-02
    refused(
        office,
        GateError,
        "没有正在进行的合法性审核",
        services.finish_review,
        number=N,
        finished=D(2016, 2, 10),
        outcome="不合法",
    )
    assert [(r.finished_on, r.outcome) for r in reviews(office)] == [(D(2016, 2, 2), "合法")]


def test_a_review_does_not_finish_before_it_was_submitted(office):
    _to_finish(office)  # submitted 2016-01-20
    refused(
        office,
        ValidationError,
        "审核完成日期（2016年1月19日）早于报送审核日期（2016年1月20日）",
        services.finish_review,
        number=N,
        finished=D(2016, 1, 19),
        outcome="合法",
    )
    # The same day is not "before".
    services.finish_review(office=office, number=N, finished=D(2016, 1, 20), outcome="合法")
    assert reviews(office)[0].finished_on == D(2016, 1, 20)


def test_a_revision_needs_the_outcome_should_be_amended(office):
    _to_decision(office)  # reviewed 合法
    refused(
        office,
        GateError,
        "最近一次审核结论不是“应当予以修改”",
        services.record_revision,
        number=N,
        on=D(2016, 2, 10),
    )
    assert reviews(office)[0].revised_on is None


def test_a_revision_is_not_dated_before_the_review_finished(office):
    _to_revision(office)  # finished 2016-02-02
    refused(
        office,
        ValidationError,
        "修改完成日期（2016年2月1日）早于审核完成日期（2016年2月2日）",
        services.record_revision,
        number=N,
        on=D(2016, 2, 1),
    )


# ---------------------------------------------------------------------------- collective decision


def test_a_decision_needs_a_meeting_name(office):
    _to_decision(office)
    refused(
        office,
        ValidationError,
        "请填写会议名称",
        services.record_decision,
        number=N,
        meeting="  ",
        on=D(2016, 2, 20),
    )


def test_an_unreviewed_document_may_not_go_to_collective_discussion(office):
    _to_review(office)
    message = refused(
        office,
        GateError,
        "不能提交集体讨论：未经合法性审核",
        services.record_decision,
        number=N,
        meeting=MEETING,
        on=D(2016, 2, 20),
    )
    assert "国办发〔2018〕115号" in message


def test_a_decision_is_not_dated_before_a_lawful_review_finished(office):
    _to_decision(office)  # review submitted 2016-01-20, finished 合法 2016-02-02
    refused(
        office,
        ValidationError,
        "会议日期（2016年2月1日）早于合法性审核通过日期（2016年2月2日）",
        services.record_decision,
        number=N,
        meeting=MEETING,
        on=D(2016, 2, 1),
    )
    services.record_decision(office=office, number=N, meeting=MEETING, on=D(2016, 2, 2))
    assert [d.decided_on for d in decisions(office)] == [D(2016, 2, 2)]


def test_should_be_amended_clears_only_from_the_revision(office):
    _to_revision(office)  # 应当予以修改 on 2016-02-02
    services.record_revision(office=office, number=N, on=D(2016, 2, 10))
    refused(
        office,
        ValidationError,
        "会议日期（2016年2月9日）早于合法性审核通过日期（2016年2月10日）",
        services.record_decision,
        number=N,
        meeting=MEETING,
        on=D(2016, 2, 9),
    )


def test_should_be_amended_without_a_revision_blocks_the_decision(office):
    _to_revision(office)
    refused(
        office,
        GateError,
        "尚未登记按审核意见修改完毕",
        services.record_decision,
        number=N,
        meeting=MEETING,
        on=D(2016, 2, 20),
    )
    assert decisions(office) == []


# ---------------------------------------------------------------------------- signing


def test_signing_needs_a_collective_decision(office):
    _to_decision(office)
    refused(
        office,
        GateError,
        f"文件“{N}”尚未经集体讨论决定，不能签发",
        services.record_signing,
        number=N,
        on=D(2016, 2, 25),
    )
    assert document(office).signed_on is None


def test_signing_is_not_dated_before_the_decision(office):
    ready(office)  # decided 2016-02-20
    refused(
        office,
        ValidationError,
        "签发日期（2016年2月19日）早于集体讨论决定日期（2016年2月20日）",
        services.record_signing,
        number=N,
        on=D(2016, 2, 19),
    )


def _decided_in_2015(office):
    """A 2016 number whose whole procedure took place in 2015 (a date typed in the wrong year)."""
    register(office)
    services.record_opinions(office=office, number=N, on=D(2015, 11, 1))
    services.submit_review(office=office, number=N, submitted=D(2015, 11, 10))
    services.finish_review(office=office, number=N, finished=D(2015, 11, 20), outcome="合法")
    services.record_decision(office=office, number=N, meeting=MEETING, on=D(2015, 12, 1))


def test_signing_before_the_numbers_year_is_refused(office):
    _decided_in_2015(office)
    refused(
        office,
        ValidationError,
        f"签发日期（2015年12月31日）早于文号“{N}”的年份 2016 年",
        services.record_signing,
        number=N,
        on=D(2015, 12, 31),
    )


def test_signing_records_date_and_signatory(office):
    ready(office)
    services.record_signing(office=office, number=N, on=D(2016, 2, 25), signed_by="张三")
    row = document(office)
    assert (row.signed_on, row.signed_by) == (D(2016, 2, 25), "张三")


# ---------------------------------------------------------------------------- publication


def test_publication_before_the_numbers_year_is_refused_even_after_a_decision(office):
    _decided_in_2015(office)
    refused(
        office,
        ValidationError,
        f"公布日期（2015年12月31日）早于文号“{N}”的年份 2016 年",
        services.publish,
        number=N,
        on=D(2015, 12, 31),
    )
    assert document(office).published_on is None
    assert filings(office) == {}


def test_publication_is_not_dated_before_the_decision(office):
    ready(office)  # decided 2016-02-20
    refused(
        office,
        ValidationError,
        "公布日期（2016年2月19日）早于集体讨论决定日期（2016年2月20日）",
        services.publish,
        number=N,
        on=D(2016, 2, 19),
    )
    assert filings(office) == {}


def test_publication_is_not_dated_before_the_signing(office):
    ready(office)
    services.record_signing(office=office, number=N, on=D(2016, 2, 25))
    refused(
        office,
        ValidationError,
        "公布日期（2016年2月24日）早于签发日期（2016年2月25日）",
        services.publish,
        number=N,
        on=D(2016, 2, 24),
    )
    assert document(office).published_on is None


def test_the_effective_date_is_not_before_publication(office):
    ready(office)
    refused(
        office,
        ValidationError,
        "施行日期（2016年2月29日）早于公布日期（2016年3月1日）",
        services.publish,
        number=N,
        on=D(2016, 3, 1),
        effective=D(2016, 2, 29),
    )


def test_a_registered_effective_date_is_kept_and_checked_at_publication(office):
    ready(office, effective=D(2016, 2, 15), valid_years=5)
    refused(
        office,
        ValidationError,
        "施行日期（2016年2月15日）早于公布日期（2016年3月1日）",
        services.publish,
        number=N,
        on=D(2016, 3, 1),
    )
    services.update_document(office=office, number=N, changes={"effective_on": D(2016, 4, 1)})
    services.publish(office=office, number=N, on=D(2016, 3, 1))
    row = document(office)
    assert (row.published_on, row.effective_on) == (D(2016, 3, 1), D(2016, 4, 1))
    assert row.valid_until == D(2021, 3, 31)


def test_without_an_effective_date_publication_puts_it_in_force_and_starts_validity(office):
    ready(office, valid_years=5)
    services.publish(office=office, number=N, on=D(2016, 3, 1), channel="盖州市人民政府门户网站")
    row = document(office)
    assert row.published_on == D(2016, 3, 1)
    assert row.effective_on == D(2016, 3, 1)
    assert row.valid_until == D(2021, 2, 28)
    assert row.publication_channel == "盖州市人民政府门户网站"


def test_a_channel_entered_before_publication_is_kept(office):
    ready(office)
    services.update_document(
        office=office, number=N, changes={"publication_channel": "盖州市政府公报"}
    )
    services.publish(office=office, number=N, on=D(2016, 3, 1))
    assert document(office).publication_channel == "盖州市政府公报"


def test_a_document_is_published_once(office):
    published(office)
    before = filings(office)
    refused(
        office,
        GateError,
        f"文件“{N}”已于2016年3月1日公布",
        services.publish,
        number=N,
        on=D(2016, 3, 10),
    )
    assert document(office).published_on == D(2016, 3, 1)
    assert set(filings(office)) == set(before) == {CITY, CONGRESS}


def _no_opinions(office):
    services.submit_review(office=office, number=N, submitted=D(2016, 1, 20))
    services.finish_review(office=office, number=N, finished=D(2016, 2, 2), outcome="合法")
    services.record_decision(office=office, number=N, meeting=MEETING, on=D(2016, 2, 20))


def _opinions_only(office):
    services.record_opinions(office=office, number=N, on=D(2016, 1, 10))


@pytest.mark.parametrize(
    ("missing", "setup"),
    [
        (("未听取意见",), _no_opinions),
        (("未经合法性审核", "未经集体讨论决定"), _opinions_only),
        (("未经集体讨论决定",), hear_and_review),
    ],
)
def test_publication_names_exactly_the_missing_steps(office, missing, setup):
    register(office)
    setup(office)
    message = refused(
        office,
        GateError,
        f"文件“{N}”不能公布：{'；'.join(missing)}。",
        services.publish,
        number=N,
        on=D(2016, 3, 1),
    )
    assert "不得发布施行" in message
    assert document(office).published_on is None
    assert filings(office) == {}


def test_a_new_unlawful_review_after_the_decision_blocks_publication(office):
    ready(office)  # 合法 2016-02-02, decided 2016-02-20
    services.submit_review(office=office, number=N, submitted=D(2016, 2, 22))
    services.finish_review(office=office, number=N, finished=D(2016, 2, 26), outcome="不合法")
    message = refused(
        office,
        GateError,
        "合法性审核结论为“不合法”（2016年2月26日），须修改后重新报送审核",
        services.publish,
        number=N,
        on=D(2016, 3, 1),
    )
    assert "重新集体讨论" not in message
    assert document(office).published_on is None


def test_an_unfinished_second_review_blocks_publication(office):
    ready(office)
    services.submit_review(office=office, number=N, submitted=D(2016, 2, 22))
    refused(
        office,
        GateError,
        "合法性审核尚未完成（2016年2月22日报送）",
        services.publish,
        number=N,
        on=D(2016, 3, 1),
    )


def test_a_decision_taken_before_the_review_that_cleared_it_must_be_taken_again(office):
    ready(office)  # decided 2016-02-20 on the first review
    services.submit_review(office=office, number=N, submitted=D(2016, 2, 22))
    services.finish_review(office=office, number=N, finished=D(2016, 2, 26), outcome="合法")
    refused(
        office,
        GateError,
        "集体讨论决定（2016年2月20日）早于合法性审核通过（2016年2月26日），须在审核通过后重新集体讨论",
        services.publish,
        number=N,
        on=D(2016, 3, 1),
    )
    services.record_decision(office=office, number=N, meeting=MEETING, on=D(2016, 2, 26))
    services.publish(office=office, number=N, on=D(2016, 3, 1))
    assert document(office).published_on == D(2016, 3, 1)


def test_an_authority_without_filing_bodies_cannot_publish(office):
    ready(office)
    with office.transaction() as session:
        session.execute(
            delete(AuthorityFilingBody).where(
                AuthorityFilingBody.authority_id == document(office).authority_id
            )
        )
    refused(
        office,
        GateError,
        "制定机关“盖州市人民政府”没有设定备案机关，无法生成备案期限",
        services.publish,
        number=N,
        on=D(2016, 3, 1),
    )
    assert document(office).published_on is None


# ---------------------------------------------------------------------------- optimistic locking

WRITES = {
    "opinions": (
        _to_opinions,
        lambda office, v: services.record_opinions(
            office=office, number=N, on=D(2016, 1, 10), expected_version=v
        ),
    ),
    "submit_review": (
        _to_review,
        lambda office, v: services.submit_review(
            office=office, number=N, submitted=D(2016, 1, 20), expected_version=v
        ),
    ),
    "finish_review": (
        _to_finish,
        lambda office, v: services.finish_review(
            office=office, number=N, finished=D(2016, 2, 2), outcome="合法", expected_version=v
        ),
    ),
    "revision": (
        _to_revision,
        lambda office, v: services.record_revision(
            office=office, number=N, on=D(2016, 2, 10), expected_version=v
        ),
    ),
    "decision": (
        _to_decision,
        lambda office, v: services.record_decision(
            office=office, number=N, meeting=MEETING, on=D(2016, 2, 20), expected_version=v
        ),
    ),
    "signing": (
        ready,
        lambda office, v: services.record_signing(
            office=office, number=N, on=D(2016, 2, 25), expected_version=v
        ),
    ),
    "publish": (
        ready,
        lambda office, v: services.publish(
            office=office, number=N, on=D(2016, 3, 1), expected_version=v
        ),
    ),
}


@pytest.mark.parametrize("step", list(WRITES))
def test_a_step_on_a_stale_version_is_refused(office, step):
    setup, write = WRITES[step]
    setup(office)
    seen = version(office)
    # Another clerk edits the document in between.
    services.update_document(office=office, number=N, changes={"note": "另一位经办人的修改"})
    assert version(office) == seen + 1
    refused(office, ConflictError, f"您看到的是第 {seen} 版", lambda office: write(office, seen))
    before = snapshot(office)
    write(office, seen + 1)
    assert snapshot(office) != before
    assert version(office) == seen + 2


def test_registering_with_the_title_in_book_marks(office):
    register(office, title=f"《{TITLE}》")
    assert document(office).title == TITLE


def test_the_reviewer_named_at_submission_is_kept_when_the_result_names_none(office):
    _to_review(office)
    services.submit_review(office=office, number=N, submitted=D(2016, 1, 20), reviewer="市司法局")
    services.finish_review(office=office, number=N, finished=D(2016, 2, 2), outcome="合法")
    assert [(r.reviewer, r.outcome) for r in reviews(office)] == [("市司法局", "合法")]
