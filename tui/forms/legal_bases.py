"""制定依据 (the higher law a document rests on) and a change of a higher law (修改 / 废止), which
flags every document resting on it as 需清理 at the next cleanup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.forms.base import FormField, FormScreen, Values, date_field, today_iso

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host

HIGHER_LAW_STATUS = (("已修改", "已修改"), ("已废止", "已废止"), ("现行（撤销标记）", "现行"))


def legal_basis_form(app: Host, view: dict[str, Any]) -> FormScreen:
    number = view["doc_number"]

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.add_legal_basis(
            office=office, number=number, title=values["title"], basis_number=values["number"]
        )

    return FormScreen(
        form_id="legal-basis-form",
        title=f"登记制定依据：{number}",
        fields=[
            FormField("title", "依据名称", required=True, placeholder="如 社会救助暂行办法"),
            FormField("number", "依据文号", placeholder="如 国务院令第649号"),
        ],
        save=save,
        success=f"已登记 {number} 的制定依据",
        note="上位法或上级文件；依据修改或废止后，本文件在下次清理时标为“需清理”。",
    )


def higher_law_form(app: Host) -> FormScreen:
    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.mark_higher_law(
            office=office,
            title=values["title"],
            status=values["status"],
            on=values["on"],
            number=values["number"],
            note=values["note"],
        )

    return FormScreen(
        form_id="higher-law-form",
        title="登记上位法变化",
        fields=[
            FormField("title", "上位法名称", required=True, placeholder="如 社会救助暂行办法"),
            FormField("number", "文号", placeholder="如 国务院令第649号"),
            FormField("status", "变化", "select", required=True, options=HIGHER_LAW_STATUS),
            date_field("on", "日期", required=True, value=today_iso(app)),
            FormField("note", "说明"),
        ],
        save=save,
        success="已登记上位法变化；以它为依据的文件在下次清理时标为“需清理”",
        note="以它为依据的现行有效文件会出现在工作台和下次清理的“需清理”中。",
    )
