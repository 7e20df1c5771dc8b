"""The reviewer's reads: a past year's figures stay as they were; what is not yet late is not
listed as unfiled."""

import datetime as dt

import pytest

from docfiler import services
from docfiler.errors import ValidationError
from docfiler.queries.inbox import not_filed, year_figures

D = dt.date
UNIT = "盖州市财政局"


@pytest.fixture
def unit_office(office):
    services.add_authority(office=office, name=UNIT, codes=["盖财发"], kind="department")
    return office


def test_a_past_years_figures_do_not_move_with_later_events(unit_office):
    services.receive_filing(
        office=unit_office,
        unit=UNIT,
        number="盖财发〔2025〕3号",
        title="盖州市某资金管理办法",
        published=D(2025, 12, 1),
        received=D(2025, 12, 10),
        materials=["备案报告", "正式文本", "起草说明", "制定依据", "合法性审核意见"],
    )
    services.register_incoming(
        office=unit_office, number="盖财发〔2025〕3号", outcome="予以备案登记", on=D(2025, 12, 15)
    )
    services.finish_incoming_review(
        office=unit_office,
        number="盖财发〔2025〕3号",
        on=D(2025, 12, 30),
        result="审查意见",
        findings={"适当性": "补助标准明显偏高"},
        reasoning="与本市财力不相适应。",
        opinion_kind="建议自行修改",
    )
    before = year_figures(office=unit_office, year=2025)["figures"]
    assert (before["received"], before["problems"], before["corrected"]) == (1, 1, 0)
    assert before["correction_rate"] == 0.0
    # corrected in 2026: 2025 still shows it open; 2026 has no opinion of its own
    services.record_unfiled(
        office=unit_office, unit=UNIT, number="盖财发〔2026〕1号", title="盖州市某办法"
    )
    services.close_followup(
        office=unit_office, number="盖财发〔2025〕3号", on=D(2026, 1, 20), outcome="已废止"
    )
    assert year_figures(office=unit_office, year=2025)["figures"] == before
    after = year_figures(office=unit_office, year=2026)["figures"]
    assert (after["problems"], after["corrected"], after["correction_rate"]) == (0, 0, None)
    assert after["unfiled"] == 1  # publication unknown: counted in its number's year


def test_a_document_not_yet_due_is_not_unfiled(unit_office):
    services.record_unfiled(
        office=unit_office,
        unit=UNIT,
        number="盖财发〔2026〕70号",
        title="盖州市某新办法",
        published=D(2026, 11, 20),  # due 12-05, a Saturday → 12-07; after today (11-26)
    )
    assert not_filed(office=unit_office, start=D(2026, 1, 1), end=D(2026, 12, 31)) == []
    listed = not_filed(
        office=unit_office, start=D(2026, 1, 1), end=D(2026, 12, 31), today=D(2026, 12, 8)
    )
    assert [item["doc_number"] for item in listed[0]["unfiled"]] == ["盖财发〔2026〕70号"]
    with pytest.raises(ValidationError, match="结束日期早于开始日期"):
        not_filed(office=unit_office, start=D(2026, 2, 1), end=D(2026, 1, 1))
