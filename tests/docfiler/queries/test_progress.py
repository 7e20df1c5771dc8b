"""The next step of a document's procedure (issue 11: "the next step is always visible"),
worked out by hand from sample_docs/register.toml."""

from __future__ import annotations

import pytest

from docfiler.queries.documents import show_document

NEXT = {
    "盖政发〔2026〕104号": ("起草中", "opinions", "登记听取意见", None, None),
    "盖政发〔2026〕101号": (  # submitted 2026-10-20; 15 working days
        "审核中",
        "finish_review",
        "登记合法性审核结论",
        "2026-11-10",
        None,
    ),
    "盖政办发〔2025〕76号": ("审核不合法", "submit_review", "修改后重新报送合法性审核", None, None),
    "盖财发〔2026〕58号": ("待公布", "publish", "公布", "2026-12-22", None),  # signed 11-24
    "盖政办发〔2026〕73号": (
        "待报送备案",
        "submit_filing",
        "向营口市人民政府报送备案",
        "2026-10-30",
        "营口市人民政府",
    ),
    "盖政办发〔2026〕66号": (  # 暂缓办理备案登记 2026-11-13, 补正 within 15 days
        "待补正重报",
        "submit_filing",
        "补正后重新向营口市人民政府报送备案",
        "2026-11-30",
        "营口市人民政府",
    ),
}


@pytest.mark.parametrize("number", list(NEXT))
def test_the_next_step(sample_office, number):
    step = show_document(office=sample_office, number=number)["next_step"]
    assert (step["stage"], step["action"], step["label"], step["due"], step["party"]) == NEXT[
        number
    ]


@pytest.mark.parametrize(
    "number",
    [
        "盖政发〔2016〕9号",  # filed with both bodies and answered: nothing left
        "盖财发〔2020〕46号",  # lapsed 2026-01-01
    ],
)
def test_no_next_step_once_done_or_ended(sample_office, number):
    assert show_document(office=sample_office, number=number)["next_step"] is None
