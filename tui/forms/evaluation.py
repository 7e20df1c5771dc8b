"""有效期评估 (evaluation before validity runs out): re-publish (a new document replaces this
one) or let it lapse. Recording it clears the 有效期 reminder on the dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.forms.base import FormField, FormScreen, Values, check_number, date_field, today_iso

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host

OUTCOME_OPTIONS = (
    ("到期失效（不再重新制发）", "lapse"),
    ("重新制发（由新文件替代）", "republish"),
)


def evaluation_form(app: Host, view: dict[str, Any]) -> FormScreen:
    number = view["doc_number"]

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.record_evaluation(
            office=office,
            number=number,
            on=values["on"],
            outcome=values["outcome"],
            replacement=values["replacement"],
            note=values["note"],
        )

    until = view.get("valid_until")
    return FormScreen(
        form_id="evaluation-form",
        title=f"有效期评估：{number}",
        fields=[
            date_field("on", "评估日期", required=True, value=today_iso(app)),
            FormField("outcome", "评估结论", "select", required=True, options=OUTCOME_OPTIONS),
            FormField(
                "replacement",
                "替代文件文号",
                placeholder="重新制发且新文件已登记的，填新文件文号",
                check=check_number,
            ),
            FormField("note", "说明"),
        ],
        save=save,
        success=lambda r: f"已登记 {number} 的有效期评估",
        note=(f"有效期至 {until}。" if until else "本文件没有有效期，无需评估。")
        + "评估后，工作台不再提醒此文件的有效期。",
    )
