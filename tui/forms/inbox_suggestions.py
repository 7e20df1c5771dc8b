"""审查建议 forms: a suggestion received (国办发〔2018〕37号), the review it starts, the reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.forms.base import FormField, FormScreen, Values, check_number, date_field, today_iso

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


def suggestion_form(app: Host) -> FormScreen:
    """审查建议 received: who, how to reach them, which document, what they ask."""
    days = app.office.rulebook.suggestion_reply_days

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.receive_suggestion(
            office=office,
            proposer=values["proposer"],
            received=values["received"],
            request=values["request"],
            contact=values["contact"],
            number=values["number"],
            title=values["title"],
        )

    def success(r: Any) -> str:
        linked = "" if r.linked or not r.doc_number else "（所指文件不在收文登记中）"
        return f"已登记审查建议（编号 {r.id}），{r.reply_due} 前答复{linked}"

    return FormScreen(
        form_id="inbox-suggestion-form",
        title="登记审查建议",
        note=f"公民、法人或者其他组织认为行政规范性文件违法提出的审查建议；自收到之日起 {days} 日内书面答复。",
        fields=[
            FormField("proposer", "提出人", required=True),
            FormField("contact", "联系方式"),
            date_field("received", "收到日期", required=True, value=today_iso(app)),
            FormField("number", "所指文件文号", check=check_number),
            FormField("title", "所指文件标题", placeholder="文件在收文登记中的，可不填"),
            FormField("request", "建议内容", required=True),
        ],
        save=save,
        success=success,
    )


def _subject(view: dict[str, Any]) -> str:
    return f"审查建议 {view['id']}（{view['proposer']}）"


def suggestion_review_form(app: Host, view: dict[str, Any], units: list[str]) -> FormScreen:
    """依建议审查: the suggestion starts a review of the registered document it names."""

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.review_from_suggestion(
            office=office, suggestion_id=view["id"], on=values["on"]
        )

    return FormScreen(
        form_id="inbox-suggestion-review-form",
        title=f"依建议审查：{_subject(view)}",
        note=f"对 {view['doc_number']} 开始审查；审查结论在报备文件列表中登记（s）。",
        fields=[date_field("on", "审查开始日期", required=True, value=today_iso(app))],
        save=save,
        success=lambda r: f"已开始审查 {r.doc_number}，{r.due} 前完成",
    )


def reply_form(app: Host, view: dict[str, Any], units: list[str]) -> FormScreen:
    """答复: the written reply to a 审查建议."""

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.reply_suggestion(
            office=office, suggestion_id=view["id"], on=values["on"], reply=values["reply"]
        )

    def success(r: Any) -> str:
        late = f"，逾期 {r.late_days} 日" if r.late_days else "，在期限内"
        return f"已登记审查建议 {r.id} 的答复{late}"

    return FormScreen(
        form_id="inbox-reply-form",
        title=f"答复：{_subject(view)}",
        note=f"答复期限 {view['reply_due']}。建议内容：{view['request']}",
        fields=[
            date_field("on", "答复日期", required=True, value=today_iso(app)),
            FormField("reply", "答复内容", required=True),
        ],
        save=save,
        success=success,
    )
