"""公平竞争审查 (fair competition review) of a draft that concerns market activity
(优化营商环境条例第六十三条): recorded before the collective decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.forms.base import FormField, FormScreen, Values, date_field, today_iso

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


def fair_competition_form(app: Host, view: dict[str, Any]) -> FormScreen:
    number = view["doc_number"]

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.record_fair_competition(
            office=office,
            number=number,
            on=values["on"],
            conclusion=values["conclusion"],
            reviewer=values["reviewer"],
        )

    return FormScreen(
        form_id="fair-competition-form",
        title=f"公平竞争审查：{number}",
        fields=[
            date_field("on", "审查日期", required=True, value=today_iso(app)),
            FormField(
                "conclusion",
                "审查结论",
                required=True,
                placeholder="如：未发现排除、限制竞争的内容，可以出台",
            ),
            FormField("reviewer", "审查机构"),
        ],
        save=save,
        success=lambda r: f"已登记 {number} 的公平竞争审查结论",
        note="涉及市场主体经济活动的文件，集体讨论决定前须经公平竞争审查。",
    )
