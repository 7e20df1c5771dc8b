"""会签: a request for opinions from the superior government, and the office's reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.forms.base import FormField, FormScreen, Values, date_field, today_iso

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


def countersign_form(app: Host) -> FormScreen:
    superior = app.office.rulebook.superior_government
    reply_days = app.office.rulebook.countersign_reply_working_days

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.add_countersign(
            office=office,
            title=values["title"],
            received=values["received"],
            reply_due=values["reply_due"],
            from_body=values["from_body"] or superior,
            reference=values["reference"],
        )

    return FormScreen(
        form_id="countersign-form",
        title="登记会签请求",
        fields=[
            FormField(
                "title",
                "文件标题",
                required=True,
                placeholder=f"如 {superior.removesuffix('人民政府')}××管理办法（征求意见稿）",
            ),
            FormField("from_body", "来文机关", value=superior),
            FormField("reference", "来文文号"),
            date_field("received", "收到日期", required=True, value=today_iso(app)),
            date_field("reply_due", "答复期限"),
        ],
        save=save,
        success=lambda r: f"已登记会签《{r.title}》，{r.reply_due} 前答复",
        note=f"答复期限不填时按规则计算（收到后 {reply_days} 个工作日）。会签不能代替合法性审核。",
    )


def countersign_reply_form(app: Host, rows: list[Any], selected: int | None = None) -> FormScreen:
    options = [(f"{row.title}（{row.reply_due_on.isoformat()} 前答复）", row.id) for row in rows]
    versions = {row.id: row.version for row in rows}

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.reply_countersign(
            office=office,
            countersign_id=values["countersign"],
            replied=values["replied"],
            summary=values["summary"],
            expected_version=versions.get(values["countersign"]),
        )

    return FormScreen(
        form_id="countersign-reply-form",
        title="登记会签答复",
        fields=[
            FormField(
                "countersign",
                "会签事项",
                "select",
                required=True,
                options=options,
                value=selected if selected in versions else options[0][1],
            ),
            date_field("replied", "答复日期", required=True, value=today_iso(app)),
            FormField("summary", "答复意见"),
        ],
        save=save,
        success="已登记会签答复",
    )
