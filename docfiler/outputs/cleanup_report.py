"""Word outputs of a finished cleanup: the repealed, declared-invalid and amended lists, the new
catalogue of valid documents, and the appendix of changes since the previous catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlmodel import select

from docfiler.domain.status import status_of
from docfiler.errors import GateError
from docfiler.office import Office
from docfiler.outputs.catalogue import (
    _amendments,
    _authorities,
    _dates_cell,
    _grouped,
    book_title,
    chinese_date,
    make_catalogue,
)
from docfiler.outputs.word import Group, find_template, render
from docfiler.store.lookups import find_campaign
from docfiler.store.lookups import last_finished_campaign as _last_finished
from docfiler.store.status_sql import in_force_clause
from docfiler.store.tables import CleanupItem, Document, DocumentRelation

LISTS = (
    ("废止", "废止的规范性文件目录", "废止日期"),
    ("宣布失效", "宣布失效的规范性文件目录", "失效日期"),
    ("修改", "修改的规范性文件目录", "修改文件"),
)


def make_cleanup_report(
    *, office: Office, campaign: str | int, folder: Path, template_dir: Path | None = None
) -> dict[str, Any]:
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        from docfiler.errors import ValidationError

        raise ValidationError(f"“{folder}”不是文件夹，请给出一个文件夹路径。")
    with office.reading() as session:
        found = find_campaign(session, campaign)
        if found.finished_on is None:
            raise GateError(
                f"清理活动“{found.name}”尚未完成。完成后（cleanup finish）才能生成公布用的目录。"
            )
        finished = found.finished_on
        folder.mkdir(parents=True, exist_ok=True)
        previous = _last_finished(session, before=finished - dt.timedelta(days=1))
        rows = session.exec(
            select(CleanupItem, Document)
            .join(Document, Document.id == CleanupItem.document_id)
            .where(CleanupItem.campaign_id == found.id)
        ).all()
        amended_by = {
            d.id: d.doc_number
            for d in session.exec(
                select(Document).where(
                    Document.id.in_([i.amended_by_id for i, _ in rows if i.amended_by_id])
                )
            ).all()
        }
        amendments = _amendments(session, [d.id for _, d in rows], finished)
        authorities = _authorities(session)
        changes = _changes(session, previous.finished_on if previous else None, finished)
    city = office.rulebook.city_name
    outputs = []
    for decision, title, header in LISTS:
        chosen = [(item, doc) for item, doc in rows if item.decision == decision]
        by_doc = {doc.id: item for item, doc in chosen}

        def row(index: int, d: Document, by_doc=by_doc, decision=decision) -> dict[str, str]:
            item = by_doc[d.id]
            ended = (
                amended_by.get(item.amended_by_id, "待制发")
                if decision == "修改"
                else chinese_date(finished)
            )
            return {
                "no": str(index),
                "title": book_title(d.title),
                "number": d.doc_number,
                "dates": _dates_cell(d.published_on, amendments.get(d.id, [])),
                "ended": ended,
                "reason": item.reason or "",
            }

        groups = _grouped([d for _, d in chosen], authorities, row)
        path = folder / f"{title}.docx"
        render(
            find_template("repealed", template_dir),
            path,
            fields={
                "title": f"{city}{title}",
                "ended_header": header,
                "footnote": None,
                "subtitle": f"（{found.name}，{chinese_date(finished)}，共{len(chosen)}件）",
            },
            groups=groups or [Group(heading=None, rows=[])],
        )
        outputs.append({"kind": decision, "path": str(path), "rows": len(chosen)})
    catalogue_path = folder / "现行有效规范性文件目录.docx"
    catalogue = make_catalogue(
        office=office, output=catalogue_path, as_of=finished, template_dir=template_dir
    )
    outputs.append({"kind": "目录", "path": str(catalogue_path), "rows": catalogue["rows"]})
    changes_path = folder / "目录变化情况.docx"
    since = (
        f"与{chinese_date(previous.finished_on)}公布的目录相比" if previous else "本次为首次清理"
    )
    render(
        find_template("changes", template_dir),
        changes_path,
        fields={
            "title": f"{city}现行有效规范性文件目录变化情况",
            "subtitle": f"（{since}，共{len(changes)}项）",
            "footnote": None,
        },
        groups=[
            Group(
                heading=None,
                rows=[{"no": str(i), **change} for i, change in enumerate(changes, start=1)],
            )
        ],
    )
    outputs.append({"kind": "变化", "path": str(changes_path), "rows": len(changes)})
    return {"campaign": found.name, "folder": str(folder), "outputs": outputs}


def _changes(session, before: dt.date | None, after: dt.date) -> list[dict[str, str]]:
    """新增 / 修改 / 废止 / 失效 between the catalogue of `before` and that of `after`."""
    now = {d.id: d for d in session.exec(select(Document).where(in_force_clause(Document, after)))}
    then: dict[int, Document] = {}
    if before is not None:
        then = {
            d.id: d for d in session.exec(select(Document).where(in_force_clause(Document, before)))
        }
    changes: list[tuple[tuple, dict[str, str]]] = []
    for doc_id, d in now.items():
        if doc_id not in then:
            changes.append(
                (
                    (0, d.year or 0, d.serial),
                    {
                        "change": "新增",
                        "title": book_title(d.title),
                        "number": d.doc_number,
                        "dates": chinese_date(d.published_on),
                        "reason": "新制定",
                    },
                )
            )
    for doc_id, d in then.items():
        if doc_id in now:
            continue
        status = status_of(d, after)
        if status == "repealed":
            change, day, reason = "废止", d.repealed_on, d.repeal_reason or ""
        elif status == "declared_invalid":
            change, day, reason = "失效", d.declared_invalid_on, d.invalid_reason or ""
        else:
            change, day, reason = "失效", d.valid_until + dt.timedelta(days=1), "有效期届满"
        changes.append(
            (
                (2 if change == "废止" else 3, d.year or 0, d.serial),
                {
                    "change": change,
                    "title": book_title(d.title),
                    "number": d.doc_number,
                    "dates": chinese_date(day),
                    "reason": reason,
                },
            )
        )
    if before is not None:
        amended = session.exec(
            select(DocumentRelation.target_id, DocumentRelation.on_date).where(
                DocumentRelation.kind == "amends",
                DocumentRelation.on_date > before,
                DocumentRelation.on_date <= after,
            )
        ).all()
        for target, day in amended:
            d = now.get(target)
            if d is not None and target in then:
                changes.append(
                    (
                        (1, d.year or 0, d.serial),
                        {
                            "change": "修改",
                            "title": book_title(d.title),
                            "number": d.doc_number,
                            "dates": f"{chinese_date(day)}修订",
                            "reason": "",
                        },
                    )
                )
    changes.sort(key=lambda pair: pair[0])
    return [change for _, change in changes]
