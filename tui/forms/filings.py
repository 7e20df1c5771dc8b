"""备案: submitting a filing to one filing body, and recording that body's answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.forms.base import FormField, FormScreen, Values, date_field, today_iso

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


def filings_to_submit(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's filings that may be (re-)submitted: never submitted, or sent back."""
    from docfiler.domain.vocabulary import can_submit_filing

    return [f for f in view["filings"] if can_submit_filing(f["submitted"], f["result"])]


def nothing_to_submit(view: dict[str, Any]) -> str:
    """Why there is no filing to submit (said instead of opening a form)."""
    return "没有待报送的备案事项。" if view["filings"] else "文件尚未公布，没有备案事项。"


def _filing_options(view: dict[str, Any], *, submitted: bool) -> list[tuple[str, str]]:
    if not submitted:
        return [(f"{f['body']}（期限 {f['due']}）", f["body"]) for f in filings_to_submit(view)]
    return [
        (f"{f['body']}（{f['submitted']} 报送）", f["body"])
        for f in view["filings"]
        if f["submitted"]
    ]


def _filing_version(view: dict[str, Any], body: str) -> int | None:
    return next((f["version"] for f in view["filings"] if f["body"] == body), None)


def submit_filing_form(
    app: Host, view: dict[str, Any], body: str | None = None
) -> FormScreen | None:
    """报送备案 of one of the document's filings: `body`'s when given (the dashboard's row),
    else the first still to submit."""
    options = _filing_options(view, submitted=False)
    if not options:
        app.notify(nothing_to_submit(view), severity="warning")
        return None
    chosen = body if any(value == body for _, value in options) else options[0][1]

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.submit_filing(
            office=office,
            number=view["doc_number"],
            body=values["body"],
            submitted=values["submitted"],
            receipt=values["receipt"],
            expected_version=_filing_version(view, values["body"]),
        )

    return FormScreen(
        form_id="submit-filing-form",
        title=f"报送备案：{view['doc_number']}",
        fields=[
            FormField("body", "备案机关", "select", required=True, options=options, value=chosen),
            date_field("submitted", "报送日期", required=True, value=today_iso(app)),
            FormField("receipt", "回执号"),
        ],
        save=save,
        success=lambda r: (
            f"{r.doc_number} 已向{r.body}报送备案"
            + (f"（超期 {r.late_days} 日）" if r.late_days else "")
        ),
    )


def filing_result_form(app: Host, view: dict[str, Any]) -> FormScreen | None:
    from docfiler.domain.vocabulary import FILING_RESULTS

    options = _filing_options(view, submitted=True)
    if not options:
        app.notify("还没有已报送的备案，不能登记备案意见。", severity="warning")
        return None

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.record_filing_result(
            office=office,
            number=view["doc_number"],
            body=values["body"],
            result=values["result"],
            on=values["on"],
            expected_version=_filing_version(view, values["body"]),
        )

    return FormScreen(
        form_id="filing-result-form",
        title=f"登记备案意见：{view['doc_number']}",
        note="先作备案登记（予以备案登记、暂缓办理备案登记、不予备案登记），审查后登记 未发现问题 或 审查意见"
        "（法规规章备案审查条例，国务院令第789号）。",
        fields=[
            FormField(
                "body", "备案机关", "select", required=True, options=options, value=options[0][1]
            ),
            FormField(
                "result",
                "备案意见",
                "select",
                required=True,
                options=[(r, r) for r in FILING_RESULTS],
            ),
            date_field("on", "意见日期", required=True, value=today_iso(app)),
        ],
        save=save,
        success=lambda r: f"{r.doc_number} {r.body}备案意见：{r.result}",
    )


def submit_filings_form(app: Host, marked: list[tuple[str, str, str]]) -> FormScreen:
    """批量报送: the filings chosen on the dashboard (文号, filing body, due date), submitted on
    one day. The form lists them before anything is written; each filing is its own
    transaction, so one refusal (a filing submitted meanwhile) leaves the others done."""
    lines = [f"{number}　向{body}（期限 {due}）" for number, body, due in marked]

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        by_body: dict[str, list[str]] = {}
        for number, body, _ in marked:
            by_body.setdefault(body, []).append(number)
        return [
            services.submit_filings(
                office=office, numbers=numbers, body=body, submitted=values["submitted"]
            )
            for body, numbers in by_body.items()
        ]

    return FormScreen(
        form_id="submit-filings-form",
        title=f"批量报送备案（{len(marked)} 项）",
        note="将记为同一天报送：\n" + "\n".join(lines),
        fields=[date_field("submitted", "报送日期", required=True, value=today_iso(app))],
        save=save,
        success=_batch_message,
    )


def _batch_message(results: list[Any]) -> str:
    done = [f for r in results for f in r.done]
    refused = [pair for r in results for pair in r.refused]
    late = sum(1 for f in done if f.late_days)
    text = f"已报送备案 {len(done)} 项" + (f"（其中超期 {late} 项）" if late else "")
    if refused:
        text += "；未报送：" + "；".join(f"{number}：{why}" for number, why in refused)
    return text
