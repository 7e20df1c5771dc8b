"""The dashboard's 尚未公布 group: every draft of the sample register, where it stands, its next
step, and how long since its latest step (today 2026-11-26), the longest waiting first."""

from __future__ import annotations

import datetime as dt

from docfiler.queries.drafts import drafts_in_progress


def test_every_draft_with_its_stage_next_step_and_wait(sample_office):
    drafts = drafts_in_progress(office=sample_office)
    assert drafts.total == 7
    assert [(d.doc_number, d.stage, d.step, d.due, d.idle_days) for d in drafts.shown] == [
        ("盖政办〔2016〕125号", "听取意见中", "报送合法性审核", None, 3689),
        ("盖政办发〔2025〕76号", "审核不合法", "修改后重新报送合法性审核", None, 388),
        ("盖政发〔2026〕101号", "审核中", "登记合法性审核结论", dt.date(2026, 11, 10), 37),
        ("盖政办发〔2026〕86号", "听取意见中", "报送合法性审核", None, 14),
        ("盖民发〔2026〕39号", "审核中", "登记合法性审核结论", dt.date(2026, 12, 11), 6),
        ("盖财发〔2026〕58号", "待公布", "公布", dt.date(2026, 12, 22), 2),
        ("盖政发〔2026〕104号", "起草中", "登记听取意见", None, 0),
    ]


def test_a_step_recorded_moves_the_draft_on(sample_office):
    from docfiler.services import record_opinions

    record_opinions(office=sample_office, number="盖政发〔2026〕104号", on=dt.date(2026, 11, 20))
    drafts = drafts_in_progress(office=sample_office, limit=3)
    assert drafts.total == 7 and len(drafts.shown) == 3  # the three waiting longest
    moved = drafts_in_progress(office=sample_office).shown
    assert [(d.stage, d.idle_days) for d in moved if d.doc_number == "盖政发〔2026〕104号"] == [
        ("听取意见中", 6)
    ]
