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


def submit_filing_form(app: Host, view: dict[str, Any]) -> FormScreen | None:
    options = _filing_options(view, submitted=False)
    if not options:
        app.notify(nothing_to_submit(view), severity="warning")
        return None

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
            FormField(
                "body", "备案机关", "select", required=True, options=options, value=options[0][1]
            ),
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
