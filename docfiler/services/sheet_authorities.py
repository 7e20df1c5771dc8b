"""The 制定机关 sheet of docfiler's workbook restored, before any document (services.sheet_restore).

An authority the database lacks is added through `services.add_authority`, the service of
`docfiler authority add`, so it passes the same rules (a known kind, filing bodies the rulebook
gives a period for, no agency code that another authority owns) and leaves the same audit entry;
a refusal is listed with its row, and the documents of that authority then cannot be restored
either. An authority the database holds already is left as it is: where the sheet says
otherwise (its kind, codes or filing bodies), the difference is listed in the preview
(`Restored.differing`), never written. A workbook without the sheet (an older export) restores
as before: the authorities must be registered.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from docfiler.domain.vocabulary import AUTHORITY_KINDS
from docfiler.errors import ValidationError
from docfiler.services.authorities import add_authority
from docfiler.services.sheet_restorer import AUTHORITIES, Unrestored
from docfiler.services.sheet_workbook import Row, require
from docfiler.store.tables import AgencyCode, Authority, AuthorityFilingBody

if TYPE_CHECKING:
    from docfiler.services.sheet_restorer import Restorer

_LISTS = re.compile(r"[、,，;；\s]+")
"""What separates the codes (the filing bodies) of one authority in a cell."""
_KINDS = {label: kind for kind, label in AUTHORITY_KINDS.items()}


@dataclass(frozen=True)
class Listed:
    """An authority as the sheet or the database has it; None: the sheet's cell is empty (for
    a new authority: the department kind, no codes, the rulebook's filing bodies)."""

    name: str
    kind: str | None
    codes: frozenset[str] | None
    bodies: frozenset[str] | None


def restore_authorities(restorer: Restorer) -> None:
    """Add the sheet's authorities the database lacks; list those it holds otherwise."""
    if AUTHORITIES not in restorer.book.sheets:
        return
    known = registered(restorer.session)
    for row in restorer.book.rows(AUTHORITIES):
        try:
            listed = read_row(row)
        except ValidationError as exc:
            restorer.fail(row, exc.message)
            continue
        present = known.get(listed.name)
        if present is not None:
            difference = differences(present, listed)
            if difference:
                reason = f"“{listed.name}”{difference}；保留登记簿中的，未改动。"
                restorer.restored.differing.append(Unrestored(row.sheet, row.number, reason))
            continue
        if restorer.attempt(row, lambda a=listed: _add(restorer, a), counted=AUTHORITIES):
            restorer.restored.authorities.append(listed.name)
            known[listed.name] = listed


def _add(restorer: Restorer, listed: Listed) -> None:
    add_authority(
        office=restorer.office,
        name=listed.name,
        codes=sorted(listed.codes or ()),
        kind=listed.kind or "department",
        filing_bodies=sorted(listed.bodies) if listed.bodies else None,
    )


def read_row(row: Row) -> Listed:
    """One row of the sheet: 制定机关 (required), 机关类别 as the export writes it (政府部门 …,
    or the kind's code), 机关代字 and 备案机关 separated by 、."""
    name = str(require(row, "制定机关"))
    kind = row["机关类别"]
    if kind is not None:
        kind = str(kind)
        if kind not in AUTHORITY_KINDS:
            if kind not in _KINDS:
                labels = "".join(f"“{label}”" for label in _KINDS)
                raise ValidationError(f"机关类别“{kind}”无法识别，应为 {labels} 之一。")
            kind = _KINDS[kind]
    return Listed(name, kind, _names(row["机关代字"]), _names(row["备案机关"]))


def _names(cell: object) -> frozenset[str] | None:
    return frozenset(part for part in _LISTS.split(str(cell or "")) if part) or None


def registered(session: Session) -> dict[str, Listed]:
    """Every authority in the database, by name."""
    codes: dict[int, set[str]] = defaultdict(set)
    bodies: dict[int, set[str]] = defaultdict(set)
    for code, owner in session.exec(select(AgencyCode.code, AgencyCode.authority_id)):
        codes[owner].add(code)
    for owner, body in session.exec(
        select(AuthorityFilingBody.authority_id, AuthorityFilingBody.body)
    ):
        bodies[owner].add(body)
    return {
        name: Listed(name, kind, frozenset(codes[ident]), frozenset(bodies[ident]))
        for ident, name, kind in session.exec(select(Authority.id, Authority.name, Authority.kind))
    }


def differences(present: Listed, listed: Listed) -> str:
    """How the sheet's authority differs from the database's, in the clerk's words ("" when
    it does not); an empty cell of the sheet differs from nothing."""
    found = []
    if listed.kind is not None and listed.kind != present.kind:
        found.append(("机关类别", _kind(present.kind), _kind(listed.kind)))
    if listed.codes is not None and listed.codes != present.codes:
        found.append(("机关代字", _joined(present.codes), _joined(listed.codes)))
    if listed.bodies is not None and listed.bodies != present.bodies:
        found.append(("备案机关", _joined(present.bodies), _joined(listed.bodies)))
    return "，".join(
        f"{what}登记簿中为“{theirs}”，工作簿中为“{ours}”" for what, theirs, ours in found
    )


def _kind(kind: str | None) -> str:
    return AUTHORITY_KINDS.get(kind or "", kind or "（无）")


def _joined(names: frozenset[str] | None) -> str:
    return "、".join(sorted(names or ())) or "（无）"
