"""The 备案审查 screen's SQL-paged lists (`queries.inbox_page`), read directly: each stage holds
exactly the filings the Python rule (`queries.inbox.inbox`, `vocabulary.incoming_stage`) puts
there, pages of two visit every row once in the documented order, and each row's deadline is
the date `docfiler inbox show` gives. On the sample register's reviewer's year (today
2026-11-26), on both databases; the stages the sample lacks are built with the services."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from docfiler import services
from docfiler.domain.vocabulary import INCOMING_STAGES
from docfiler.errors import ValidationError
from docfiler.queries.inbox import inbox, show_incoming
from docfiler.queries.inbox_page import (
    filing_units,
    inbox_page,
    stage_clause,
    suggestion_page,
)
from docfiler.store.tables import IncomingFiling

D = dt.date
ALL_MATERIALS = ["备案报告", "正式文本", "起草说明", "制定依据", "合法性审核意见"]

# The sample's stages as `docfiler inbox list` prints them (tests/docfiler/cli/test_inbox_cli.py),
# each stage in the module's order: the most urgent first where the stage waits for a date
# (未报备: the earlier 报送期限 first, none last), else the latest received first.
SAMPLE_BY_STAGE = {
    "unfiled": ["盖教发〔2025〕31号", "盖教发〔2026〕9号"],
    "received": ["盖自然资发〔2026〕27号"],
    "deferred": [],
    "supplemented": [],
    "rejected": ["盖教发〔2026〕45号"],
    "reviewing": ["盖民发〔2026〕45号"],
    "following": [],
    "done": [
        "盖财发〔2026〕30号",  # received 06-15
        "盖自然资发〔2026〕5号",  # 04-14
        "盖财发〔2026〕12号",  # 03-30
        "盖民发〔2026〕8号",  # 02-20
    ],
}
SAMPLE_COUNTS = {
    "unfiled": 2,
    "received": 1,
    "deferred": 0,
    "supplemented": 0,
    "rejected": 1,
    "reviewing": 1,
    "following": 0,
    "done": 4,
}
SAMPLE_ORDER = [  # no stage: the latest received first, the never filed last
    "盖自然资发〔2026〕27号",
    "盖民发〔2026〕45号",
    "盖教发〔2026〕45号",
    "盖财发〔2026〕30号",
    "盖自然资发〔2026〕5号",
    "盖财发〔2026〕12号",
    "盖民发〔2026〕8号",
    "盖教发〔2025〕31号",
    "盖教发〔2026〕9号",
]
SAMPLE_UNITS = ["盖州市教育局", "盖州市民政局", "盖州市自然资源局", "盖州市财政局"]
STAGE_ERROR = "阶段只能是 未报备、待登记、暂缓登记待补正、已补正待登记、不予备案登记、审查中、待处理情况、已办结。"


def numbers(page) -> list[str]:
    return [row["doc_number"] for row in page.rows]


def walk(office, stage: str | None = None, unit: str | None = None) -> list[list[str]]:
    """Every page of two, from offset 0 until a page says there is no more."""
    pages, offset = [], 0
    while True:
        page = inbox_page(office=office, stage=stage, unit=unit, offset=offset, limit=2)
        assert page.offset == offset
        pages.append(numbers(page))
        if not page.has_more:
            return pages
        assert len(page.rows) == 2
        offset += 2
        assert offset < 100, "paging never ends"


def python_rule(office, stage: str, unit: str | None = None) -> set[str]:
    return {row["doc_number"] for row in inbox(office=office, stage=stage, unit=unit)}


def clause_numbers(office, stage: str) -> set[str]:
    with office.reading() as session:
        found = session.exec(select(IncomingFiling.doc_number).where(stage_clause(stage))).all()
    return set(found)


def row_of(page, number: str) -> dict:
    (row,) = [row for row in page.rows if row["doc_number"] == number]
    return row


# ------------------------------------------------------------------------------ the sample


def test_the_sample_stages_are_the_python_rules_stages(sample_office):
    for stage in INCOMING_STAGES:
        page = inbox_page(office=sample_office, stage=stage)
        assert numbers(page) == SAMPLE_BY_STAGE[stage], stage
        assert set(numbers(page)) == python_rule(sample_office, stage), stage
        assert clause_numbers(sample_office, stage) == set(SAMPLE_BY_STAGE[stage]), stage
        assert {row["stage"] for row in page.rows} <= {stage}
        assert {row["stage_label"] for row in page.rows} <= {INCOMING_STAGES[stage]}
        assert page.total == SAMPLE_COUNTS[stage] and page.has_more is False
        assert page.counts == SAMPLE_COUNTS


def test_the_sample_unpaged_is_every_filing_latest_received_first(sample_office):
    page = inbox_page(office=sample_office)
    assert numbers(page) == SAMPLE_ORDER
    assert page.total == 9 and page.has_more is False and page.counts == SAMPLE_COUNTS
    assert [row["stage_label"] for row in page.rows] == [
        "待登记",
        "审查中",
        "不予备案登记",
        "已办结",
        "已办结",
        "已办结",
        "已办结",
        "未报备",
        "未报备",
    ]


def test_pages_of_two_visit_every_sample_row_once_in_order(sample_office):
    assert walk(sample_office) == [
        ["盖自然资发〔2026〕27号", "盖民发〔2026〕45号"],
        ["盖教发〔2026〕45号", "盖财发〔2026〕30号"],
        ["盖自然资发〔2026〕5号", "盖财发〔2026〕12号"],
        ["盖民发〔2026〕8号", "盖教发〔2025〕31号"],
        ["盖教发〔2026〕9号"],
    ]
    assert walk(sample_office, "done") == [
        ["盖财发〔2026〕30号", "盖自然资发〔2026〕5号"],
        ["盖财发〔2026〕12号", "盖民发〔2026〕8号"],  # four rows: the second page is the last
    ]
    assert walk(sample_office, "deferred") == [[]]
    past_the_end = inbox_page(office=sample_office, offset=9, limit=2)
    assert past_the_end.rows == [] and past_the_end.has_more is False
    assert past_the_end.total == 9  # the count of the filter, whatever the page


def test_a_negative_offset_reads_the_first_page(sample_office):
    page = inbox_page(office=sample_office, offset=-5, limit=2)
    assert page.offset == 0
    assert numbers(page) == ["盖自然资发〔2026〕27号", "盖民发〔2026〕45号"]
    assert page.has_more is True


def test_a_stage_may_be_named_by_its_label(sample_office):
    by_label = inbox_page(office=sample_office, stage="未报备")
    assert numbers(by_label) == ["盖教发〔2025〕31号", "盖教发〔2026〕9号"]
    assert by_label.total == 2


def test_an_unknown_stage_is_refused_in_chinese(sample_office):
    with pytest.raises(ValidationError) as refused:
        inbox_page(office=sample_office, stage="已归档")
    assert str(refused.value) == STAGE_ERROR
    with pytest.raises(ValidationError, match="阶段只能是"):
        inbox_page(office=sample_office, stage="Reviewing")  # keys are not case-folded


def test_the_unit_filter(sample_office):
    page = inbox_page(office=sample_office, unit="盖州市财政局")
    assert numbers(page) == ["盖财发〔2026〕30号", "盖财发〔2026〕12号"]
    assert {row["unit"] for row in page.rows} == {"盖州市财政局"}
    assert page.total == 2
    assert page.counts == dict.fromkeys(INCOMING_STAGES, 0) | {"done": 2}
    # spaces around the name typed into the filter do not matter
    padded = inbox_page(office=sample_office, stage="未报备", unit=" 盖州市教育局 ")
    assert numbers(padded) == ["盖教发〔2025〕31号", "盖教发〔2026〕9号"]
    assert padded.counts == dict.fromkeys(INCOMING_STAGES, 0) | {"unfiled": 2, "rejected": 1}
    assert walk(sample_office, "done", "盖州市自然资源局") == [["盖自然资发〔2026〕5号"]]
    # an empty unit is no filter
    assert inbox_page(office=sample_office, unit="  ").total == 9
    for unit in SAMPLE_UNITS:
        for stage in INCOMING_STAGES:
            page = inbox_page(office=sample_office, stage=stage, unit=unit)
            assert set(numbers(page)) == python_rule(sample_office, stage, unit), (unit, stage)


def test_an_unknown_unit_gives_an_empty_page(sample_office):
    page = inbox_page(office=sample_office, unit="盖州市不存在局")
    assert page.rows == [] and page.total == 0 and page.has_more is False
    assert page.counts == dict.fromkeys(INCOMING_STAGES, 0)
    assert inbox_page(office=sample_office, stage="审查中", unit="盖州市不存在局").rows == []


def test_the_sample_deadlines_are_those_inbox_show_gives(sample_office):
    page = inbox_page(office=sample_office)
    reviewing = row_of(page, "盖民发〔2026〕45号")
    # registered 2026-11-26 + 30 days = 12-26, a Saturday: Monday 12-28
    assert reviewing["deadline"] == "2026-12-28"
    assert reviewing["deadline_name"] == "审查期限"
    assert reviewing["days_left"] == 32
    assert reviewing["deadline_provisional"] is False
    shown = show_incoming(office=sample_office, number="盖民发〔2026〕45号")
    assert shown["reviews"][-1]["due_on"] == "2026-12-28"
    # published 2025-11-03 + 15 days; never filed: 373 days overdue on 2026-11-26
    unfiled = row_of(page, "盖教发〔2025〕31号")
    assert (unfiled["deadline"], unfiled["deadline_name"], unfiled["days_left"]) == (
        "2025-11-18",
        "报送期限",
        -373,
    )
    assert (
        show_incoming(office=sample_office, number="盖教发〔2025〕31号")["due_on"] == "2025-11-18"
    )
    # waiting for no one's date: registration, a rejection, the finished, an unknown publication
    for number in (
        "盖自然资发〔2026〕27号",
        "盖教发〔2026〕45号",
        "盖财发〔2026〕30号",
        "盖民发〔2026〕8号",
        "盖教发〔2026〕9号",
    ):
        row = row_of(page, number)
        assert (row["deadline"], row["deadline_name"], row["days_left"]) == (None, None, None)
        assert row["followup_reported"] is None


def test_the_deadline_counts_days_from_the_day_asked(sample_office):
    page = inbox_page(office=sample_office, stage="reviewing", today=D(2026, 12, 30))
    assert page.rows[0]["deadline"] == "2026-12-28" and page.rows[0]["days_left"] == -2


def test_the_sample_suggestions_unanswered_first(sample_office):
    page = suggestion_page(office=sample_office)
    assert [(row["id"], row["proposer"]) for row in page.rows] == [
        (2, "盖州市某物业服务企业"),
        (1, "李某"),
    ]
    assert (page.total, page.open, page.has_more) == (2, 1, False)
    waiting, answered = page.rows
    # received 2026-11-18 + 60 days = 2027-01-17 (the CLI's `inbox suggestions --open` date)
    assert (waiting["reply_due"], waiting["days_left"]) == ("2027-01-17", 52)
    assert waiting["linked"] is True and waiting["filing_registered"] is True
    assert (answered["replied_on"], answered["days_left"]) == ("2026-11-05", None)


def test_the_units_that_file_with_the_office(sample_office):
    assert filing_units(office=sample_office) == SAMPLE_UNITS
    services.add_authority(office=sample_office, name="盖州市鼓楼街道办事处", kind="township")
    services.add_authority(office=sample_office, name="盖州市人民政府办公室", kind="general_office")
    # a township files with the office; the government's general office does not
    assert filing_units(office=sample_office) == [
        "盖州市教育局",
        "盖州市民政局",
        "盖州市自然资源局",
        "盖州市财政局",
        "盖州市鼓楼街道办事处",
    ]


# ------------------------------------------------------------------ every stage, built on it


@pytest.fixture
def register(sample_office):
    """The sample with a filing in every stage and more than one in most (today 2026-11-26)."""
    office = sample_office
    receive = services.receive_filing
    # 暂缓登记待补正, twice: the earlier 补正期限 first
    receive(
        office=office,
        unit="盖州市民政局",
        number="盖民发〔2026〕50号",
        title="盖州市临时救助备用金管理办法",
        published=D(2026, 11, 2),
        received=D(2026, 11, 24),
        materials=["备案报告", "正式文本"],
    )
    services.register_incoming(
        office=office,
        number="盖民发〔2026〕50号",
        outcome="暂缓办理备案登记",
        on=D(2026, 11, 25),
        reason="缺起草说明等材料",
    )  # 补正 by 11-25 + 15 = 12-10
    receive(
        office=office,
        unit="盖州市自然资源局",
        number="盖自然资发〔2026〕30号",
        title="盖州市临时用地管理办法",
        published=D(2026, 11, 5),
        received=D(2026, 11, 12),
        materials=["备案报告", "正式文本", "制定依据"],
    )
    services.register_incoming(
        office=office,
        number="盖自然资发〔2026〕30号",
        outcome="暂缓办理备案登记",
        on=D(2026, 11, 13),
        reason="缺起草说明、合法性审核意见",
        supplement_due=D(2026, 12, 1),
    )
    # 已补正待登记
    receive(
        office=office,
        unit="盖州市财政局",
        number="盖财发〔2026〕40号",
        title="盖州市政府采购内部控制办法",
        published=D(2026, 10, 20),
        received=D(2026, 10, 28),
        materials=["备案报告", "正式文本", "制定依据", "合法性审核意见"],
    )
    services.register_incoming(
        office=office,
        number="盖财发〔2026〕40号",
        outcome="暂缓办理备案登记",
        on=D(2026, 10, 29),
        reason="缺起草说明",
    )
    services.record_supplement(
        office=office, number="盖财发〔2026〕40号", on=D(2026, 11, 5), materials=["起草说明"]
    )
    # 待处理情况: one overdue, one whose 处理情况 came and awaits 办结
    for number, unit, published, received, registered, opinion in (
        (
            "盖教发〔2026〕60号",
            "盖州市教育局",
            D(2026, 9, 10),
            D(2026, 9, 15),
            D(2026, 9, 16),
            D(2026, 10, 20),
        ),
        (
            "盖民发〔2026〕52号",
            "盖州市民政局",
            D(2026, 10, 15),
            D(2026, 10, 20),
            D(2026, 10, 21),
            D(2026, 11, 10),
        ),
    ):
        receive(
            office=office,
            unit=unit,
            number=number,
            title="盖州市某管理办法",
            published=published,
            received=received,
            materials=ALL_MATERIALS,
        )
        services.register_incoming(
            office=office, number=number, outcome="予以备案登记", on=registered
        )
        services.finish_incoming_review(
            office=office,
            number=number,
            on=opinion,
            result="审查意见",
            findings={"违法增加义务或减损权利": "第八条设定的保证金无依据"},
            reasoning="无法律、法规依据。",
            opinion_kind="建议自行修改",
        )
    services.record_followup_report(
        office=office, number="盖民发〔2026〕52号", on=D(2026, 11, 20), report="已修改第八条"
    )
    # 审查中 again: a finished document reviewed anew from 11-19 (before the sample's 11-26)
    services.start_review(office=office, number="盖财发〔2026〕30号", on=D(2026, 11, 19))
    # 未报备 with a known publication: due between the sample's two
    services.record_unfiled(
        office=office,
        unit="盖州市财政局",
        number="盖财发〔2026〕41号",
        title="盖州市某补助办法",
        published=D(2026, 8, 3),
    )
    return office


BUILT_BY_STAGE = {
    "unfiled": [
        "盖教发〔2025〕31号",  # due 2025-11-18
        "盖财发〔2026〕41号",  # due 2026-08-18
        "盖教发〔2026〕9号",  # publication unknown: last
    ],
    "received": ["盖自然资发〔2026〕27号"],
    "deferred": [
        "盖自然资发〔2026〕30号",  # 补正 by 12-01
        "盖民发〔2026〕50号",  # 12-10
    ],
    "supplemented": ["盖财发〔2026〕40号"],
    "rejected": ["盖教发〔2026〕45号"],
    "reviewing": [
        "盖财发〔2026〕30号",  # started 11-19
        "盖民发〔2026〕45号",  # 11-26
    ],
    "following": [
        "盖教发〔2026〕60号",  # 审查意见 10-20
        "盖民发〔2026〕52号",  # 11-10
    ],
    "done": [
        "盖自然资发〔2026〕5号",  # received 04-14
        "盖财发〔2026〕12号",  # 03-30
        "盖民发〔2026〕8号",  # 02-20
    ],
}
BUILT_COUNTS = {
    "unfiled": 3,
    "received": 1,
    "deferred": 2,
    "supplemented": 1,
    "rejected": 1,
    "reviewing": 2,
    "following": 2,
    "done": 3,
}


def test_every_stage_holds_what_the_python_rule_says(register):
    for stage in INCOMING_STAGES:
        page = inbox_page(office=register, stage=stage)
        assert numbers(page), f"no filing in stage {stage}"
        assert numbers(page) == BUILT_BY_STAGE[stage], stage
        assert set(numbers(page)) == python_rule(register, stage), stage
        assert clause_numbers(register, stage) == set(BUILT_BY_STAGE[stage]), stage
        assert [row["stage"] for row in page.rows] == [stage] * len(page.rows)
        assert page.total == BUILT_COUNTS[stage]
        assert page.counts == BUILT_COUNTS
    assert inbox_page(office=register).total == 15


def test_pages_of_two_in_every_stage_visit_each_row_once(register):
    for stage in INCOMING_STAGES:
        pages = walk(register, stage)
        visited = [number for page in pages for number in page]
        assert visited == BUILT_BY_STAGE[stage], stage
    assert walk(register, "unfiled") == [
        ["盖教发〔2025〕31号", "盖财发〔2026〕41号"],
        ["盖教发〔2026〕9号"],
    ]
    assert walk(register) == [
        ["盖自然资发〔2026〕27号", "盖民发〔2026〕50号"],  # received 11-25, 11-24
        ["盖民发〔2026〕45号", "盖自然资发〔2026〕30号"],  # 11-20, 11-12
        ["盖财发〔2026〕40号", "盖民发〔2026〕52号"],  # 10-28, 10-20
        ["盖教发〔2026〕45号", "盖教发〔2026〕60号"],  # 09-30, 09-15
        ["盖财发〔2026〕30号", "盖自然资发〔2026〕5号"],  # 06-15, 04-14
        ["盖财发〔2026〕12号", "盖民发〔2026〕8号"],  # 03-30, 02-20
        ["盖教发〔2025〕31号", "盖教发〔2026〕9号"],  # never filed, by 文号
        ["盖财发〔2026〕41号"],
    ]


def test_the_built_deadlines_are_those_inbox_show_gives(register):
    page = inbox_page(office=register, limit=50)

    def deadline(number: str) -> tuple:
        row = row_of(page, number)
        return row["deadline"], row["deadline_name"], row["days_left"], row["followup_reported"]

    # 补正: deferred 11-25 + 15 days; and a date the clerk set
    assert deadline("盖民发〔2026〕50号") == ("2026-12-10", "补正期限", 14, None)
    assert show_incoming(office=register, number="盖民发〔2026〕50号")["supplement_due"] == (
        "2026-12-10"
    )
    assert deadline("盖自然资发〔2026〕30号") == ("2026-12-01", "补正期限", 5, None)
    assert show_incoming(office=register, number="盖自然资发〔2026〕30号")["supplement_due"] == (
        "2026-12-01"
    )
    # 审查: started 11-19 + 30 days = 12-19, a Saturday: Monday 12-21
    assert deadline("盖财发〔2026〕30号") == ("2026-12-21", "审查期限", 25, None)
    reviews = show_incoming(office=register, number="盖财发〔2026〕30号")["reviews"]
    assert [r["due_on"] for r in reviews if r["finished_on"] is None] == ["2026-12-21"]
    assert deadline("盖民发〔2026〕45号") == ("2026-12-28", "审查期限", 32, None)
    # 处理情况: opinion 10-20 + 30 days = 11-19, a week overdue
    assert deadline("盖教发〔2026〕60号") == ("2026-11-19", "处理情况期限", -7, None)
    shown = show_incoming(office=register, number="盖教发〔2026〕60号")
    assert shown["reviews"][-1]["followup"]["due_on"] == "2026-11-19"
    # the 处理情况 came on 11-20: it waits for the office's 办结, not for a date
    assert deadline("盖民发〔2026〕52号") == (None, None, None, "2026-11-20")
    shown = show_incoming(office=register, number="盖民发〔2026〕52号")
    assert shown["reviews"][-1]["followup"]["due_on"] == "2026-12-10"
    assert shown["reviews"][-1]["followup"]["reported_on"] == "2026-11-20"
    # 未报备 with a publication date: 08-03 + 15 days
    assert deadline("盖财发〔2026〕41号") == ("2026-08-18", "报送期限", -100, None)
    assert show_incoming(office=register, number="盖财发〔2026〕41号")["due_on"] == "2026-08-18"
    # 已补正待登记 waits for the office
    assert deadline("盖财发〔2026〕40号") == (None, None, None, None)
    assert all(row["deadline_provisional"] is False for row in page.rows)


def test_a_review_reopened_during_a_followup_is_under_review(register):
    """A registered filing with an open review and an open follow-up is 审查中 only."""
    services.start_review(office=register, number="盖教发〔2026〕60号", on=D(2026, 11, 25))
    assert numbers(inbox_page(office=register, stage="following")) == ["盖民发〔2026〕52号"]
    reviewing = inbox_page(office=register, stage="reviewing")
    assert numbers(reviewing) == ["盖财发〔2026〕30号", "盖教发〔2026〕60号", "盖民发〔2026〕45号"]
    # 11-25 + 30 days = 12-25
    assert row_of(reviewing, "盖教发〔2026〕60号")["deadline"] == "2026-12-25"
    assert reviewing.counts == BUILT_COUNTS | {"reviewing": 3, "following": 1}
    for stage in ("reviewing", "following"):
        assert clause_numbers(register, stage) == python_rule(register, stage)
    # the review finished without a finding: the older follow-up is still waited for
    services.finish_incoming_review(
        office=register, number="盖教发〔2026〕60号", on=D(2026, 11, 26), result="未发现问题"
    )
    following = inbox_page(office=register, stage="following")
    assert numbers(following) == ["盖教发〔2026〕60号", "盖民发〔2026〕52号"]
    assert row_of(following, "盖教发〔2026〕60号")["deadline"] == "2026-11-19"
    assert following.counts == BUILT_COUNTS


def test_a_closed_followup_is_done(register):
    services.close_followup(
        office=register, number="盖民发〔2026〕52号", on=D(2026, 11, 26), outcome="已提请撤销"
    )
    assert numbers(inbox_page(office=register, stage="following")) == ["盖教发〔2026〕60号"]
    done = inbox_page(office=register, stage="已办结")
    assert numbers(done) == [
        "盖民发〔2026〕52号",  # received 10-20
        "盖自然资发〔2026〕5号",
        "盖财发〔2026〕12号",
        "盖民发〔2026〕8号",
    ]
    assert done.counts == BUILT_COUNTS | {"following": 1, "done": 4}


def test_the_unit_filter_on_every_stage(register):
    minzheng = inbox_page(office=register, unit="盖州市民政局")
    assert numbers(minzheng) == [
        "盖民发〔2026〕50号",
        "盖民发〔2026〕45号",
        "盖民发〔2026〕52号",
        "盖民发〔2026〕8号",
    ]
    assert minzheng.counts == dict.fromkeys(INCOMING_STAGES, 0) | {
        "deferred": 1,
        "reviewing": 1,
        "following": 1,
        "done": 1,
    }
    caizheng = inbox_page(office=register, unit="盖州市财政局")
    assert caizheng.counts == dict.fromkeys(INCOMING_STAGES, 0) | {
        "unfiled": 1,
        "supplemented": 1,
        "reviewing": 1,
        "done": 1,
    }
    assert walk(register, "reviewing", "盖州市财政局") == [["盖财发〔2026〕30号"]]
    for unit in SAMPLE_UNITS:
        for stage in INCOMING_STAGES:
            page = inbox_page(office=register, stage=stage, unit=unit)
            assert set(numbers(page)) == python_rule(register, stage, unit), (unit, stage)
            assert page.total == len(page.rows)


def test_suggestions_unanswered_oldest_first_then_answered_latest_first(register):
    add = services.receive_suggestion
    add(
        office=register,
        proposer="张某",
        received=D(2026, 11, 1),
        request="认为第三条不合理",
        number="盖民发〔2026〕50号",
    )
    add(office=register, proposer="王某", received=D(2026, 11, 20), request="认为某文件违法")
    early = add(
        office=register,
        proposer="赵某",
        received=D(2026, 10, 20),
        request="认为第九条收费无依据",
        number="盖自然资发〔2026〕5号",
    )
    services.reply_suggestion(
        office=register, suggestion_id=early.id, on=D(2026, 11, 10), reply="已答复"
    )
    pages, offset = [], 0
    while True:
        page = suggestion_page(office=register, offset=offset, limit=2)
        assert (page.total, page.open) == (5, 3)
        pages.append([(row["proposer"], row["received_on"], row["days_left"]) for row in page.rows])
        if not page.has_more:
            break
        offset += 2
    assert pages == [
        # unanswered, the oldest first: 11-01 + 60 = 12-31; 11-18 + 60 = 2027-01-17
        [("张某", "2026-11-01", 35), ("盖州市某物业服务企业", "2026-11-18", 52)],
        # 11-20 + 60 = 2027-01-19; then the answered, the latest received first
        [("王某", "2026-11-20", 54), ("赵某", "2026-10-20", None)],
        [("李某", "2026-10-12", None)],
    ]
    rows = {row["proposer"]: row for row in suggestion_page(office=register).rows}
    # about a filing still awaiting 补正: linked, but no review may start yet
    assert (rows["张某"]["linked"], rows["张某"]["filing_registered"]) == (True, False)
    assert (rows["王某"]["linked"], rows["王某"]["filing_registered"]) == (False, False)
    assert (rows["赵某"]["linked"], rows["赵某"]["filing_registered"]) == (True, True)
    assert rows["张某"]["reply_due"] == "2026-12-31"


def test_a_deferred_filing_then_rejected_is_rejected(register):
    services.register_incoming(
        office=register,
        number="盖民发〔2026〕50号",
        outcome="不予备案登记",
        on=D(2026, 11, 26),
        reason="不属于行政规范性文件，退回",
    )
    rejected = inbox_page(office=register, stage="rejected")
    assert numbers(rejected) == ["盖民发〔2026〕50号", "盖教发〔2026〕45号"]  # 11-24, 09-30
    assert row_of(rejected, "盖民发〔2026〕50号")["deadline"] is None  # 补正 no longer awaited
    assert numbers(inbox_page(office=register, stage="deferred")) == ["盖自然资发〔2026〕30号"]
    assert rejected.counts == BUILT_COUNTS | {"deferred": 1, "rejected": 2}
    assert clause_numbers(register, "rejected") == python_rule(register, "rejected")


def test_two_open_followups_show_the_more_urgent_deadline(register):
    """A new review of a filing still under follow-up ends in a second 审查意见: two 处理情况
    are awaited, the older overdue since 11-19 (show lists both)."""
    services.start_review(office=register, number="盖教发〔2026〕60号", on=D(2026, 11, 25))
    services.finish_incoming_review(
        office=register,
        number="盖教发〔2026〕60号",
        on=D(2026, 11, 26),
        result="审查意见",
        findings={"制定主体和权限": "第二条超出部门职权"},
        reasoning="部门无权设定该事项。",
        opinion_kind="责令改正",
    )
    shown = show_incoming(office=register, number="盖教发〔2026〕60号")
    assert [r["followup"]["due_on"] for r in shown["reviews"] if r["followup"]] == [
        "2026-11-19",
        "2026-12-28",  # 11-26 + 30 = 12-26, a Saturday
    ]
    following = inbox_page(office=register, stage="following")
    assert numbers(following) == ["盖教发〔2026〕60号", "盖民发〔2026〕52号"]
    row = row_of(following, "盖教发〔2026〕60号")
    assert (row["deadline"], row["days_left"]) == ("2026-11-19", -7)
