"""成文日期: kept when a document is registered from its text, editable, never in the future."""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler.errors import ValidationError
from docfiler.queries.documents import show_document
from docfiler.services.documents import register_document, update_document


def test_the_written_date_is_kept_and_shown(office):
    register_document(
        office=office,
        number="盖政办发〔2026〕70号",
        title="盖州市城区公共停车场管理办法",
        written_on=dt.date(2026, 11, 16),
    )
    assert show_document(office=office, number="盖政办发〔2026〕70号")["written"] == "2026-11-16"
    update_document(
        office=office, number="盖政办发〔2026〕70号", changes={"written_on": dt.date(2026, 11, 18)}
    )
    view = show_document(office=office, number="盖政办发〔2026〕70号")
    assert view["written"] == "2026-11-18"
    assert view["audit"][-1]["summary"] == "修改文件 盖政办发〔2026〕70号：成文日期"


def test_a_written_date_after_today_is_refused_and_nothing_written(office):
    with pytest.raises(ValidationError, match="成文日期（2026-12-01）晚于今天"):
        register_document(
            office=office,
            number="盖政办发〔2026〕71号",
            title="盖州市城区公共停车场管理办法",
            written_on=dt.date(2026, 12, 1),  # 'today' is 2026-11-26
        )
    with pytest.raises(Exception, match="盖政办发〔2026〕71号"):
        show_document(office=office, number="盖政办发〔2026〕71号")
