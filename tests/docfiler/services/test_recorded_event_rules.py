"""A recorded past event is not overwritten (issue 14, item 3): a second 废止, 签发, 会签答复 or
备案意见 is refused, names what is on record, and says a correction is its own event."""

from __future__ import annotations

from docfiler import services
from docfiler.errors import GateError
from docfiler.queries.documents import show_document
from tests.docfiler.services.helpers import (
    CITY,
    MEETING,
    D,
    N,
    document,
    published,
    ready,
    refused,
    register,
)

CORRECTION = "更正须作为单独的一条记录登记"
NEW = "盖政发〔2018〕2号"
LATER = "盖政发〔2019〕5号"


def publish_other(office, number: str, on) -> None:
    register(office, number, "盖州市城乡居民临时救助办法")
    services.record_opinions(office=office, number=number, on=D(on.year, 1, 5))
    services.submit_review(office=office, number=number, submitted=D(on.year, 1, 8))
    services.finish_review(office=office, number=number, finished=D(on.year, 1, 19), outcome="合法")
    services.record_decision(office=office, number=number, meeting=MEETING, on=D(on.year, 1, 25))
    services.publish(office=office, number=number, on=on)


def test_a_repealed_document_is_not_repealed_again(office):
    published(office)
    services.repeal_document(office=office, number=N, on=D(2018, 1, 1), reason="已被新规定替代")
    message = refused(
        office,
        GateError,
        f"文件“{N}”已于2018年1月1日废止（理由：已被新规定替代），不能再废止。",
        services.repeal_document,
        number=N,
        on=D(2017, 6, 1),
        reason="另一理由",
    )
    assert CORRECTION in message
    row = document(office)
    assert (row.repealed_on, row.repeal_reason) == (D(2018, 1, 1), "已被新规定替代")


def test_the_past_stays_as_it_was_recorded(office):
    # --as-of 2017-12-01 answered 现行有效 before the refused second repeal, and still does.
    published(office)
    services.repeal_document(office=office, number=N, on=D(2018, 1, 1), reason="已被新规定替代")
    as_of = D(2017, 12, 1)
    before = show_document(office=office, number=N, as_of=as_of)["status"]
    refused(
        office,
        GateError,
        "不能再废止",
        services.repeal_document,
        number=N,
        on=D(2017, 6, 1),
        reason="改写",
    )
    assert show_document(office=office, number=N, as_of=as_of)["status"] == before


def test_a_repeal_by_another_document_is_not_recorded_over_a_recorded_one(office):
    published(office)
    publish_other(office, NEW, D(2018, 2, 1))
    services.repeal_document(office=office, number=N, on=D(2018, 3, 1), reason="已被新规定替代")
    refused(
        office,
        GateError,
        f"文件“{N}”已于2018年3月1日废止（理由：已被新规定替代），不能再废止。",
        services.repeal_document,
        number=N,
        on=D(2018, 2, 1),
        reason="被新办法废止",
        by=NEW,
    )


def test_an_earlier_repeal_relation_would_rewrite_the_date_and_is_refused(office):
    published(office)
    publish_other(office, NEW, D(2018, 2, 1))
    publish_other(office, LATER, D(2019, 2, 1))
    services.add_relation(office=office, source=LATER, target=N, kind="repeals")
    refused(
        office,
        GateError,
        f"文件“{N}”已于2019年2月1日废止（理由：被{LATER}废止），不能再废止。",
        services.add_relation,
        source=NEW,
        target=N,
        kind="repeals",
    )
    assert document(office).repealed_on == D(2019, 2, 1)


def test_a_declaration_of_invalidity_is_not_made_twice(office):
    published(office)
    services.declare_invalid(office=office, number=N, on=D(2018, 6, 1), reason="调整对象已消失")
    refused(
        office,
        GateError,
        f"文件“{N}”已于2018年6月1日宣布失效（理由：调整对象已消失），不能再宣布失效。",
        services.declare_invalid,
        number=N,
        on=D(2018, 7, 1),
        reason="另一理由",
    )


def test_a_signed_document_is_not_signed_again(office):
    ready(office)
    services.record_signing(office=office, number=N, on=D(2016, 2, 25), signed_by="张三")
    message = refused(
        office,
        GateError,
        f"文件“{N}”已于2016年2月25日签发，签发人张三，不能再次签发。",
        services.record_signing,
        number=N,
        on=D(2016, 2, 26),
        signed_by="李四",
    )
    assert CORRECTION in message
    row = document(office)
    assert (row.signed_on, row.signed_by) == (D(2016, 2, 25), "张三")


def test_a_countersign_is_not_replied_to_twice(office):
    added = services.add_countersign(
        office=office, title="营口市某办法（征求意见稿）", received=D(2026, 11, 2)
    )
    services.reply_countersign(
        office=office, countersign_id=added.id, replied=D(2026, 11, 10), summary="无意见"
    )
    message = refused(
        office,
        GateError,
        "会签《营口市某办法（征求意见稿）》的答复已登记为2026年11月10日答复（无意见），不能再次登记。",
        services.reply_countersign,
        countersign_id=added.id,
        replied=D(2026, 11, 12),
        summary="有意见",
    )
    assert CORRECTION in message


def test_a_second_filing_answer_on_the_same_submission_is_refused(office):
    published(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    services.record_filing_result(
        office=office, number=N, body=CITY, result="予以备案登记", on=D(2016, 3, 20)
    )
    message = refused(
        office,
        GateError,
        f"文件“{N}”2016年3月10日向“{CITY}”报送备案的备案登记意见已登记为"
        "“予以备案登记”（2016年3月20日），不能再次登记。",
        services.record_filing_result,
        number=N,
        body=CITY,
        result="不予备案登记",
        on=D(2016, 3, 25),
    )
    assert CORRECTION in message
    # The review's answer is a different step of the same submission: still accepted, once.
    services.record_filing_result(
        office=office, number=N, body=CITY, result="未发现问题", on=D(2016, 4, 20)
    )
    refused(
        office,
        GateError,
        "的审查意见已登记为“未发现问题”（2016年4月20日）",
        services.record_filing_result,
        number=N,
        body=CITY,
        result="审查意见",
        on=D(2016, 4, 25),
    )


def test_a_filing_sent_back_takes_its_next_answer_on_the_next_submission(office):
    published(office)
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 3, 10))
    services.record_filing_result(
        office=office, number=N, body=CITY, result="暂缓办理备案登记", on=D(2016, 3, 20)
    )
    refused(
        office,
        GateError,
        "请先登记重新报送备案",
        services.record_filing_result,
        number=N,
        body=CITY,
        result="予以备案登记",
        on=D(2016, 3, 25),
    )
    services.submit_filing(office=office, number=N, body=CITY, submitted=D(2016, 4, 1))
    services.record_filing_result(
        office=office, number=N, body=CITY, result="予以备案登记", on=D(2016, 4, 10)
    )
