"""A recorded past event is not overwritten (issue 14, item 3).

A second 废止, 签发, 会签答复 or 备案意见 on top of one already on record would rewrite what
`--as-of` answers about the past. The writes refuse it, name what is on record, and say that a
correction is its own event.
"""

from __future__ import annotations

from docfiler.domain.labels import date_label
from docfiler.errors import GateError
from docfiler.store.tables import Document

CORRECTION = (
    "已登记的事项不能覆盖改写；原登记确有错误的，更正须作为单独的一条记录登记，请联系维护人员。"
)


def recorded_end(document: Document, how: str = "repealed") -> str | None:
    """The end of force already on record, as a clerk reads it: 2018年1月1日废止（理由：…）."""
    if how == "repealed":
        day, reason, label = document.repealed_on, document.repeal_reason, "废止"
    else:
        day, reason, label = document.declared_invalid_on, document.invalid_reason, "宣布失效"
    if day is None:
        return None
    return f"{date_label(day)}{label}" + (f"（理由：{reason}）" if reason else "")


def refuse_second_end(document: Document, label: str, how: str = "repealed") -> None:
    """A document repealed (or declared invalid) once is not ended again."""
    recorded = recorded_end(document, how)
    if recorded is not None:
        raise GateError(f"文件“{document.doc_number}”已于{recorded}，不能再{label}。{CORRECTION}")


def refuse_overwrite(what: str, recorded: str, hint: str = "") -> None:
    """Refuse a second write of `what`, naming the value on record."""
    raise GateError(f"{what}已登记为{recorded}，不能再次登记。{hint}{CORRECTION}")
