"""备案审查 forms for a filed document: 接收登记 (the materials as checkboxes), 登记未报备,
备案登记结论, 收到补正, 审查结论 (the checklist item by item), 处理情况, 办结.

Each calls one `docfiler.services` write in the form's worker; a refusal is shown in the form
with everything typed kept (FormScreen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Checkbox, Input, Select

from tui.forms.base import (
    FormField,
    FormScreen,
    Values,
    check_number,
    date_field,
    today_iso,
)

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


class ChecklistForm(FormScreen):
    """A FormScreen whose `check` fields are checkboxes: the row's label is the field's label
    (shown on the first of a group), the box's own text its `placeholder`. `collect` gives each
    group as one list of the ticked boxes' texts, under the group's name (`m0`, `m1` → `m`)."""

    def _widget(self, field: FormField) -> Input | Select | Checkbox:  # type: ignore[override]
        if field.kind != "check":
            return super()._widget(field)
        return Checkbox(
            field.placeholder,
            value=bool(field.value),
            id=f"f-{field.name}",
            classes="form-input form-check",
            compact=True,
        )

    def collect(self) -> Values | None:
        every = self.fields
        boxes = [field for field in every if field.kind == "check"]
        self.fields = [field for field in every if field.kind != "check"]
        try:
            values = super().collect()
        finally:
            self.fields = every
        if values is None:
            return None
        for field in boxes:
            group = values.setdefault(field.name.rstrip("0123456789"), [])
            if self.query_one(f"#f-{field.name}", Checkbox).value:
                group.append(field.placeholder)
        return values


def material_fields(
    items: list[str] | tuple[str, ...], label: str, ticked: bool
) -> list[FormField]:
    return [
        FormField(f"m{index}", label if index == 0 else "", "check", value=ticked, placeholder=item)
        for index, item in enumerate(items)
    ]


def hinted(field: FormField, hint: str) -> FormField:
    field.hint = hint
    return field


def unit_field(units: list[str], value: str | None) -> FormField:
    return FormField(
        "unit", "报送单位", "select", required=True, options=[(u, u) for u in units], value=value
    )


def parse_cites(text: str | None) -> list[tuple[str, str | None]]:
    """盖教发〔2026〕9号《标题》；盖教发〔2026〕10号 → [(文号, 标题 or None), …]."""
    cited = []
    for part in (text or "").replace(";", "；").split("；"):
        number, _, title = part.strip().partition("《")
        if number.strip():
            cited.append((number.strip(), title.rstrip("》").strip() or None))
    return cited


def receive_form(app: Host, view: dict[str, Any] | None, units: list[str]) -> FormScreen:
    """接收登记: a unit's document received, or one known as unfiled that has now come."""
    view = view or {}
    materials = app.office.rulebook.inbox_materials

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.receive_filing(
            office=office,
            unit=values["unit"],
            number=values["number"],
            title=values["title"],
            published=values["published"],
            received=values["received"],
            materials=values["m"],
            cites=parse_cites(values["cites"]),
            note=values["note"],
        )

    def success(result: Any) -> str:
        late = f"逾期 {result.late_days} 日" if result.late_days else "按期报送"
        text = f"已接收 {result.doc_number}：报送期限 {result.due}，{late}"
        if result.missing:
            text += f"；缺少 {'、'.join(result.missing)}"
        return text

    return ChecklistForm(
        form_id="inbox-receive-form",
        title="接收登记" + (f"：{view['doc_number']}" if view else ""),
        note="勾选随文报送的材料（空格键）；报送期限按公布日期计算，逾期的记录逾期天数。",
        fields=[
            unit_field(units, view.get("unit")),
            FormField(
                "number", "文号", required=True, value=view.get("doc_number"), check=check_number
            ),
            FormField("title", "标题", required=True, value=view.get("title")),
            date_field("published", "公布日期", required=True, value=view.get("published_on")),
            date_field("received", "收到日期", required=True, value=today_iso(app)),
            *material_fields(materials, "报送材料", False),
            FormField(
                "cites",
                "引用的本单位文件",
                placeholder="如 盖教发〔2026〕9号《标题》，多件用；分隔",
                hint="未报备的将记为未报备",
            ),
            FormField("note", "备注"),
        ],
        save=save,
        success=success,
    )


def unfiled_form(app: Host, units: list[str]) -> FormScreen:
    """登记未报备: a document known to exist that its unit never filed."""

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.record_unfiled(
            office=office,
            unit=values["unit"],
            number=values["number"],
            title=values["title"],
            published=values["published"],
            found_in=values["found_in"],
            note=values["note"],
        )

    return FormScreen(
        form_id="inbox-unfiled-form",
        title="登记未报备文件",
        note="已知存在、但报送单位从未报送备案的文件；报送后在列表中选中它按 i 接收登记。",
        fields=[
            unit_field(units, None),
            FormField("number", "文号", required=True, check=check_number),
            FormField("title", "标题", required=True),
            date_field("published", "公布日期"),
            FormField("found_in", "发现于", placeholder="在哪件报备文件中发现（文号）"),
            FormField("note", "备注"),
        ],
        save=save,
        success=lambda r: f"已记录未报备文件 {r.doc_number}",
    )


def register_form(app: Host, view: dict[str, Any], units: list[str]) -> FormScreen:
    """备案登记结论: 予以 / 暂缓（补正 by a date）/ 不予（退回, with the reason)."""
    from docfiler.domain.vocabulary import REGISTRATION_RESULTS

    missing = view.get("missing") or []
    days = app.office.rulebook.refiling_days
    pending = view["stage"] == "deferred"
    chosen = "不予备案登记" if pending else "暂缓办理备案登记" if missing else "予以备案登记"

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.register_incoming(
            office=office,
            number=view["doc_number"],
            outcome=values["outcome"],
            on=values["on"],
            reason=values["reason"],
            supplement_due=values["supplement_due"],
            expected_version=view.get("version"),
        )

    def success(r: Any) -> str:
        text = f"{r.doc_number}：{r.outcome}"
        if r.supplement_due:
            text += f"，{r.supplement_due} 前补正"
        if r.review_due:
            text += f"，{r.review_due} 前完成审查"
        return text

    note = f"缺少材料：{'、'.join(missing)}。" if missing else "报送材料齐全。"
    return FormScreen(
        form_id="inbox-register-form",
        title=f"备案登记结论：{view['doc_number']}",
        note=note + "暂缓办理备案登记和不予备案登记须写明理由。",
        fields=[
            FormField(
                "outcome",
                "登记结论",
                "select",
                required=True,
                options=[(r, r) for r in REGISTRATION_RESULTS],
                value=chosen,
            ),
            date_field("on", "登记日期", required=True, value=today_iso(app)),
            FormField("reason", "理由", placeholder="如 缺起草说明；不属于行政规范性文件，退回"),
            hinted(
                date_field("supplement_due", "补正期限"),
                f"暂缓时填写；不填则自登记日期起 {days} 日",
            ),
        ],
        save=save,
        success=success,
    )


def supplement_form(app: Host, view: dict[str, Any], units: list[str]) -> FormScreen:
    """收到补正: the date, and which of the missing materials came (all ticked to begin with)."""
    missing = view.get("missing") or []

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.record_supplement(
            office=office, number=view["doc_number"], on=values["on"], materials=values["m"]
        )

    def success(r: Any) -> str:
        rest = f"仍缺 {'、'.join(r.missing)}" if r.missing else "材料已齐全，可予以备案登记"
        late = f"（逾期 {r.late_days} 日）" if r.late_days else ""
        return f"已收到 {r.doc_number} 的补正材料{late}；{rest}"

    due = f"补正期限 {view['supplement_due']}。" if view.get("supplement_due") else ""
    return ChecklistForm(
        form_id="inbox-supplement-form",
        title=f"收到补正：{view['doc_number']}",
        note=due + ("勾选补正收到的材料（空格键）。" if missing else "原缺材料已无。"),
        fields=[
            date_field("on", "收到日期", required=True, value=today_iso(app)),
            *material_fields(missing, "补正材料", True),
        ],
        save=save,
        success=success,
    )


def review_form(app: Host, view: dict[str, Any], units: list[str]) -> FormScreen:
    """审查结论: each checklist item (blank: nothing found), the conclusion, the reasoning."""
    from docfiler.domain.vocabulary import OPINION_KINDS, REVIEW_CHECKS, REVIEW_RESULTS

    checks = {f"c{index}": item for index, item in enumerate(REVIEW_CHECKS)}

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        findings = {item: values[name] for name, item in checks.items() if values[name]}
        return services.finish_incoming_review(
            office=office,
            number=view["doc_number"],
            on=values["on"],
            result=values["result"],
            findings=findings,
            reasoning=values["reasoning"],
            opinion_kind=values["kind"],
        )

    def success(r: Any) -> str:
        if r.opinion_number:
            return f"{r.doc_number}：审查意见 {r.opinion_number}（{r.opinion_kind}），{r.followup_due} 前报告处理情况"
        return f"{r.doc_number}：{r.result}"

    return FormScreen(
        form_id="inbox-review-form",
        title=f"审查结论：{view['doc_number']}",
        note="逐项审查：发现问题的项目写明问题，未发现问题的留空。提出审查意见须写明处理方式和理由。",
        fields=[
            FormField(
                "result",
                "审查结论",
                "select",
                required=True,
                options=[(r, r) for r in REVIEW_RESULTS],
            ),
            date_field("on", "审查日期", required=True, value=today_iso(app)),
            *[
                FormField(name, item, placeholder=f"{item}：未发现问题则留空")
                for name, item in checks.items()
            ],
            FormField("kind", "处理方式", "select", options=[(k, k) for k in OPINION_KINDS]),
            FormField("reasoning", "审查理由"),
        ],
        save=save,
        success=success,
    )


def report_form(app: Host, view: dict[str, Any], units: list[str]) -> FormScreen:
    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.record_followup_report(
            office=office, number=view["doc_number"], on=values["on"], report=values["report"]
        )

    return FormScreen(
        form_id="inbox-report-form",
        title=f"处理情况：{view['doc_number']}",
        note="报送单位对审查意见的书面处理情况；核实后按 d 办结。",
        fields=[
            date_field("on", "收到日期", required=True, value=today_iso(app)),
            FormField(
                "report", "处理情况", required=True, placeholder="如 已删除第十二条，修改后重新制发"
            ),
        ],
        save=save,
        success=lambda r: f"已登记 {r.doc_number} 的处理情况（{r.opinion_number}）",
    )


def close_form(app: Host, view: dict[str, Any], units: list[str]) -> FormScreen:
    from docfiler.domain.vocabulary import FOLLOWUP_OUTCOMES

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.close_followup(
            office=office,
            number=view["doc_number"],
            on=values["on"],
            outcome=values["outcome"],
            corrected_by=values["corrected_by"],
            note=values["note"],
        )

    def success(r: Any) -> str:
        linked = f"（纠正后文件 {r.corrected_by}）" if r.corrected_by else ""
        return f"{r.opinion_number} 已办结：{r.outcome}{linked}"

    return FormScreen(
        form_id="inbox-close-form",
        title=f"审查意见办结：{view['doc_number']}",
        note="已纠正的，先接收登记修改后重新报送的文件，再在这里写其文号。",
        fields=[
            FormField(
                "outcome",
                "办结方式",
                "select",
                required=True,
                options=[(o, o) for o in FOLLOWUP_OUTCOMES],
            ),
            date_field("on", "办结日期", required=True, value=today_iso(app)),
            FormField("corrected_by", "纠正后的文件", placeholder="文号（已纠正时必填）"),
            FormField("note", "备注"),
        ],
        save=save,
        success=success,
    )
