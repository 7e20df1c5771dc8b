"""The procedure of one document, step by step: 听取意见, 合法性审核 (送审, 结论, 修改完毕),
集体讨论, 签发, 公布. Each form is guarded by the version of the document the clerk saw."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.forms.base import FormField, FormScreen, Values, date_field, today_iso
from tui.forms.conflict import SeenDocument

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


def legality_reviewer(app: Host) -> str:
    """Who reviews legality by default: the city's 司法局 (司法行政部门, 国办发〔2018〕115号)."""
    return f"{app.office.rulebook.city_name}司法局"


def publication_channel(app: Host) -> str:
    """Where the office publishes by default: its government's website."""
    return f"{app.office.rulebook.office_name}门户网站"


def step_date(app: Host, view: dict[str, Any]) -> str:
    """A step's date as the form opens: the last procedure step's date on record (a step is
    never earlier, and a procedure entered after the fact goes in at its own pace), else today."""
    dates = [o["date"] for o in view["opinions"]]
    for review in view["reviews"]:
        dates += [review["submitted"], review["finished"], review["revised"]]
    dates += [f["date"] for f in view.get("fair_competition") or []]
    dates += [d["date"] for d in view["decisions"]] + [view.get("signed")]
    known = [day for day in dates if day]
    return max(known) if known else today_iso(app)


def _doc_form(
    view: dict[str, Any],
    *,
    form_id: str,
    title: str,
    fields: list[FormField],
    call: Callable[[Office, str, Values, int], Any],
    success: str,
    note: str = "",
) -> FormScreen:
    """A procedure step on one document, guarded by the version the clerk saw."""
    number = view["doc_number"]
    seen = SeenDocument(view)

    def save(office: Office, values: Values) -> Any:
        return call(office, number, values, seen.value)

    return FormScreen(
        form_id=form_id,
        title=f"{title}：{number}",
        note=note,
        fields=fields,
        save=save,
        success=f"{number}：{success}",
        seen=seen,
    )


def opinions_form(app: Host, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.record_opinions(
            office=office,
            number=number,
            on=v["on"],
            method=v["method"],
            summary=v["summary"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="opinions-form",
        title="登记听取意见",
        fields=[
            date_field("on", "听取意见日期", required=True, value=today_iso(app)),
            FormField("method", "方式", placeholder="如 政府网站公开征求意见、座谈会"),
            FormField("summary", "意见摘要"),
        ],
        call=call,
        success="已登记听取意见",
    )


def submit_review_form(app: Host, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.submit_review(
            office=office,
            number=number,
            submitted=v["submitted"],
            reviewer=v["reviewer"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="submit-review-form",
        title="报送合法性审核",
        fields=[
            date_field("submitted", "报送日期", required=True, value=step_date(app, view)),
            FormField("reviewer", "审查机构", value=legality_reviewer(app)),
        ],
        call=call,
        success="已报送合法性审核",
    )


def finish_review_form(app: Host, view: dict[str, Any]) -> FormScreen:
    from docfiler.domain.vocabulary import REVIEW_OUTCOMES

    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.finish_review(
            office=office,
            number=number,
            finished=v["finished"],
            outcome=v["outcome"],
            reviewer=v["reviewer"],
            opinion=v["opinion"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="finish-review-form",
        title="登记合法性审核结论",
        fields=[
            FormField(  # first: the conclusion is what this form is for (Enter, ↓, Enter: 合法)
                "outcome",
                "审核结论",
                "select",
                required=True,
                options=[(o, o) for o in REVIEW_OUTCOMES],
            ),
            date_field("finished", "审核完成日期", required=True, value=step_date(app, view)),
            FormField("reviewer", "审查机构"),
            FormField("opinion", "审查意见"),
        ],
        call=call,
        success="已登记审核结论",
        note="不合法或未经审查的文件不得提交集体讨论（国办发〔2018〕115号）。",
    )


def revision_form(app: Host, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.record_revision(
            office=office, number=number, on=v["on"], expected_version=version
        )

    return _doc_form(
        view,
        form_id="revision-form",
        title="登记按审核意见修改完毕",
        fields=[date_field("on", "修改完成日期", required=True, value=step_date(app, view))],
        call=call,
        success="已登记按审核意见修改完毕",
    )


def decision_form(app: Host, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.record_decision(
            office=office,
            number=number,
            meeting=v["meeting"],
            on=v["on"],
            minutes=v["minutes"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="decision-form",
        title="登记集体讨论决定",
        fields=[
            FormField(
                "meeting",
                "会议名称",
                required=True,
                placeholder=f"如 {app.office.rulebook.office_name}第25次常务会议",
            ),
            date_field("on", "会议日期", required=True, value=step_date(app, view)),
            FormField("minutes", "纪要号"),
        ],
        call=call,
        success="已登记集体讨论决定",
    )


def signing_form(app: Host, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.record_signing(
            office=office,
            number=number,
            on=v["on"],
            signed_by=v["signed_by"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="signing-form",
        title="登记签发",
        fields=[
            date_field("on", "签发日期", required=True, value=step_date(app, view)),
            FormField("signed_by", "签发人", value=view.get("signed_by")),
        ],
        call=call,
        success="已登记签发",
    )


def publish_form(app: Host, view: dict[str, Any]) -> FormScreen:
    def call(office: Office, number: str, v: Values, version: int) -> Any:
        from docfiler import services

        return services.publish(
            office=office,
            number=number,
            on=v["on"],
            channel=v["channel"],
            effective=v["effective"],
            expected_version=version,
        )

    return _doc_form(
        view,
        form_id="publish-form",
        title="公布",
        fields=[
            date_field("on", "公布日期", required=True, value=step_date(app, view)),
            FormField("channel", "公布载体", value=view.get("channel") or publication_channel(app)),
            date_field("effective", "施行日期", value=view.get("effective")),
        ],
        call=call,
        success="已公布，并生成备案期限",
        note="未经听取意见、合法性审核、集体讨论决定的，不得发布施行。公布后按规则生成各备案机关的备案期限。",
    )
