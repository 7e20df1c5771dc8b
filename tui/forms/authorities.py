"""制定机关: a new issuing authority, or new agency codes for one already known."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.forms.base import FormField, FormScreen, Values, split_names

if TYPE_CHECKING:
    from docfiler.office import Office
    from tui.protocol import Host


def authority_form(app: Host) -> FormScreen:
    from docfiler.domain.vocabulary import AUTHORITY_KINDS

    rulebook = app.office.rulebook
    kinds = sorted(  # a department is what a clerk adds most: first, and the default
        ((label, kind) for kind, label in AUTHORITY_KINDS.items()),
        key=lambda option: option[1] != "department",
    )
    departments_file_with = "、".join(rulebook.department_filing_bodies)

    def save(office: Office, values: Values) -> Any:
        from docfiler import services

        return services.add_authority(
            office=office,
            name=values["name"],
            codes=split_names(values["codes"]),
            kind=values["kind"] or "department",
            filing_bodies=split_names(values["filing_bodies"]) or None,
        )

    return FormScreen(
        form_id="authority-form",
        title="添加制定机关（或为已有机关添加代字）",
        fields=[
            FormField(
                "name",
                "机关名称",
                required=True,
                placeholder=f"如 {rulebook.city_name}住房和城乡建设局",
            ),
            FormField("codes", "机关代字", placeholder="如 盖住建发；多个用顿号分隔"),
            FormField("kind", "类别", "select", options=kinds, value="department"),
            FormField(
                "filing_bodies", "备案机关", placeholder=f"不填：部门向{departments_file_with}备案"
            ),
        ],
        save=save,
        success=lambda r: f"已保存制定机关“{r.name}”",
    )
