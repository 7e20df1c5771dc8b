"""Relations between documents (修改, 废止, 替代, 依据) and 废止 of one document, by a decision
or by another document (the service decides which from 废止文件文号)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.forms.base import (
    FormField,
    FormScreen,
    Values,
    check_number,
    date_field,
    today_iso,
)
from tui.forms.conflict import SeenDocument

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


RELATION_OPTIONS = (
    ("修改（本文件修改对方）", "amends"),
    ("废止（本文件废止对方）", "repeals"),
    ("替代（本文件替代对方）", "replaces"),
    ("依据（本文件依据对方）", "based_on"),
)


def relation_form(app: Host, view: dict[str, Any]) -> FormScreen:
    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.add_relation(
            office=office,
            source=view["doc_number"],
            target=values["target"],
            kind=values["kind"],
            on=values["on"],
            note=values["note"],
        )

    return FormScreen(
        form_id="relation-form",
        title=f"登记文件关系：{view['doc_number']}",
        fields=[
            FormField("kind", "关系", "select", required=True, options=RELATION_OPTIONS),
            FormField("target", "对方文号", required=True, check=check_number),
            date_field("on", "日期", value=None),
            FormField("note", "说明"),
        ],
        save=save,
        success=lambda r: f"已登记：{r.source} → {r.target}",
        note="日期不填时取本文件的施行日期。废止、替代会使对方文件自该日起不再有效。",
    )


def repeal_form(app: Host, view: dict[str, Any]) -> FormScreen:
    number = view["doc_number"]
    seen = SeenDocument(view)

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.repeal_document(
            office=office,
            number=number,
            on=values["on"],
            reason=values["reason"],
            by=values["by"],
            expected_version=seen.value,
        )

    return FormScreen(
        form_id="repeal-form",
        title=f"废止：{number}",
        fields=[
            date_field("on", "废止日期", required=True, value=today_iso(app)),
            FormField("reason", "理由", required=True),
            FormField("by", "废止文件文号", placeholder="由另一文件废止时填写", check=check_number),
        ],
        save=save,
        success=f"{number} 已废止",
        seen=seen,
    )


def declare_invalid_form(app: Host, view: dict[str, Any]) -> FormScreen:
    number = view["doc_number"]
    seen = SeenDocument(view)

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.declare_invalid(
            office=office,
            number=number,
            on=values["on"],
            reason=values["reason"],
            expected_version=seen.value,
        )

    return FormScreen(
        form_id="declare-invalid-form",
        title=f"宣布失效：{number}",
        fields=[
            date_field("on", "宣布失效日期", required=True, value=today_iso(app)),
            FormField("reason", "理由", required=True, placeholder="如 调整对象已消失"),
        ],
        save=save,
        success=f"{number} 已宣布失效",
        seen=seen,
    )
