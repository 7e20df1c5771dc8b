"""docfiler.queries.register_stage: the register's 进度 column and its filter by a draft's stage,
on both databases. Expectations worked out by hand from sample_docs/register.toml (today
2026-11-26); a document taken through every stage checks that the filter's SQL and next_step,
which the column and the detail screen use, agree at each one."""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler import services
from docfiler.errors import ValidationError
from docfiler.queries import register as browse
from docfiler.queries.documents import list_documents, show_document
from docfiler.queries.register_stage import draft_stage, stage_clause
from docfiler.store.tables import Document

# Every document of the sample register and its 进度, newest year first (the register's order).
SAMPLE_PROGRESS = {
    "盖政发〔2026〕104号": "起草中",  # nothing on record yet
    "盖政发〔2026〕101号": "审核中",  # submitted 2026-10-20, no conclusion
    "盖政发〔2026〕96号": "待报备",  # published 2026-11-06, not yet filed
    "盖政办发〔2026〕86号": "听取意见中",  # opinions heard, not submitted for review
    "盖政办发〔2026〕81号": "待报备",
    "盖政办发〔2026〕73号": "待报备",  # overdue since 2026-10-30
    "盖政办发〔2026〕66号": "待补正",  # 暂缓办理备案登记 2026-11-13
    "盖财发〔2026〕58号": "待公布",  # signed 2026-11-24
    "盖教发〔2026〕41号": "待报备",
    "盖民发〔2026〕39号": "审核中",  # submitted 2026-11-20
    "盖政发〔2026〕21号": "已办结",
    "盖自然资发〔2026〕19号": "已办结",
    "盖政办发〔2025〕76号": "审核不合法",
    "盖政办发〔2025〕42号": "已办结",
    "盖政发〔2025〕27号": "已办结",
    "盖教发〔2025〕15号": "已办结",
    "盖政发〔2024〕33号": "已办结",
    "盖自然资发〔2024〕23号": "已办结",
    "盖民发〔2024〕3号": "已办结",
    "盖政发〔2023〕29号": "已办结",
    "盖财发〔2023〕27号": "已办结",
    "盖政发〔2022〕38号": "已办结",
    "盖政办发〔2022〕6号": "已办结",
    "盖教发〔2021〕5号": "—",  # lapsed
    "盖财发〔2020〕46号": "—",  # lapsed 2026-01-01
    "盖政办发〔2020〕9号": "—",  # declared invalid
    "盖政办发〔2019〕61号": "—",  # declared invalid
    "盖民发〔2019〕21号": "—",  # repealed
    "盖政办发〔2018〕57号": "—",
    "盖政发〔2018〕24号": "—",
    "盖政发〔2017〕58号": "—",
    "盖政办〔2016〕125号": "听取意见中",
    "盖政发〔2016〕117号": "待答复",  # filed in 2016, no answer on record
    "盖政办发〔2016〕88号": "待答复",
    "盖政办发〔2016〕85号": "待答复",
    "盖政办发〔2016〕67号": "待答复",
    "盖政办发〔2016〕51号": "待答复",
    "盖政办发〔2016〕14号": "待答复",
    "盖政发〔2016〕9号": "已办结",  # filed with both bodies and answered
    "盖政发〔2015〕31号": "—",
    "盖政办发〔2014〕19号": "—",
    "盖政发〔2012〕72号": "—",
    "盖政办发〔2011〕58号": "—",
    "盖政发〔2010〕49号": "—",
}

# The drafts of the sample register by stage (none is waiting for a decision, signing, a
# revision or a fair-competition review).
SAMPLE_STAGES = {
    "起草中": ["盖政发〔2026〕104号"],
    "听取意见中": ["盖政办发〔2026〕86号", "盖政办〔2016〕125号"],
    "审核中": ["盖政发〔2026〕101号", "盖民发〔2026〕39号"],
    "审核不合法": ["盖政办发〔2025〕76号"],
    "待按审核意见修改": [],
    "待公平竞争审查": [],
    "待集体讨论": [],
    "待签发": [],
    "待公布": ["盖财发〔2026〕58号"],
}


def progress_of(office, filters=browse.RegisterFilter()) -> dict[str, str]:
    page = browse.register_page(office=office, filters=filters, limit=100)
    assert not page.has_more
    return {row.doc_number: row.progress for row in page.rows}


def stage_filter(stage: str) -> browse.RegisterFilter:
    return browse.RegisterFilter(status="draft", stage=stage)


def test_the_progress_column_of_the_sample_register(sample_office):
    progress = progress_of(sample_office)
    assert list(progress) == list(SAMPLE_PROGRESS)  # every row, in the register's order
    assert progress == SAMPLE_PROGRESS


@pytest.mark.parametrize("stage", list(SAMPLE_STAGES))
def test_the_stage_filter_on_the_sample_register(sample_office, stage):
    filters = stage_filter(stage)
    page = browse.register_page(office=sample_office, filters=filters)
    assert [row.doc_number for row in page.rows] == SAMPLE_STAGES[stage]
    assert browse.register_count(office=sample_office, filters=filters) == len(SAMPLE_STAGES[stage])


def test_the_stage_filter_combines_with_a_search(sample_office):
    filters = browse.RegisterFilter(status="draft", stage="听取意见中", search="盖政办发")
    page = browse.register_page(office=sample_office, filters=filters)
    assert [row.doc_number for row in page.rows] == ["盖政办发〔2026〕86号"]
    assert browse.register_count(office=sample_office, filters=filters) == 1


def test_the_sql_stage_of_every_sample_draft_is_next_steps(sample_office):
    from sqlmodel import select

    with sample_office.reading() as session:
        in_sql = dict(
            session.execute(
                select(Document.doc_number, draft_stage()).where(Document.published_on.is_(None))
            ).all()
        )
    drafts = list_documents(office=sample_office, status="draft")
    assert in_sql == {d["doc_number"]: d["next_step"]["stage"] for d in drafts}
    assert sorted(in_sql) == sorted(n for numbers in SAMPLE_STAGES.values() for n in numbers)


def test_an_unknown_stage_is_refused_in_chinese():
    with pytest.raises(ValidationError, match="不是草案的办理阶段"):
        stage_clause("已公布")


# ---------------------------------------------------------------------------- one draft, every stage

NUMBER = "盖政发〔2026〕120号"
DAY = dt.date(2026, 11, 2)


def days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


def steps(office):
    """Take NUMBER through its procedure: (what was done, the 进度 the register then shows)."""
    number, o = NUMBER, office
    yield (
        lambda: services.register_document(office=o, number=number, title="盖州市测试办法"),
        "起草中",
    )
    yield lambda: services.record_opinions(office=o, number=number, on=days(0)), "听取意见中"
    yield lambda: services.submit_review(office=o, number=number, submitted=days(1)), "审核中"
    yield (
        lambda: services.finish_review(office=o, number=number, finished=days(2), outcome="不合法"),
        "审核不合法",
    )
    yield lambda: services.submit_review(office=o, number=number, submitted=days(3)), "审核中"
    yield (
        lambda: services.finish_review(
            office=o, number=number, finished=days(4), outcome="应当予以修改"
        ),
        "待修改",
    )
    yield lambda: services.record_revision(office=o, number=number, on=days(5)), "待集体讨论"
    yield (
        lambda: services.mark_market_activity(office=o, number=number, concerns=True),
        "待公平审查",
    )
    yield (
        lambda: services.record_fair_competition(
            office=o, number=number, on=days(6), conclusion="未发现排除、限制竞争的内容"
        ),
        "待集体讨论",
    )
    yield (
        lambda: services.record_decision(office=o, number=number, meeting="常务会议", on=days(7)),
        "待签发",
    )
    yield lambda: services.record_signing(office=o, number=number, on=days(8)), "待公布"
    yield lambda: services.publish(office=o, number=number, on=days(9)), "待报备"


def test_a_draft_through_every_stage(sample_office):
    seen = []
    for do, label in steps(sample_office):
        do()
        progress = progress_of(sample_office, browse.RegisterFilter(search=NUMBER))
        assert progress == {NUMBER: label}, seen
        view = show_document(office=sample_office, number=NUMBER)
        stage = view["next_step"]["stage"]
        if view["published"] is None:
            # The filter by this stage finds it (the SQL twin agrees with next_step) …
            found = progress_of(sample_office, stage_filter(stage))
            assert NUMBER in found
            # … and no other stage's filter does.
            others = [s for s in SAMPLE_STAGES if s != stage]
            assert not any(NUMBER in progress_of(sample_office, stage_filter(s)) for s in others)
        seen.append(label)
    assert seen[-1] == "待报备"
