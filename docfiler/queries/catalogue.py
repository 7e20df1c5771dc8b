"""What the catalogue of valid documents (现行有效行政规范性文件目录) holds, as SQL: one definition
for `docfiler catalogue`, a cleanup's new catalogue and its appendix of changes; whose catalogue it
is (the scope and its title); the order of the issuing authorities; the amendments of a document.

A catalogue lists what is valid on its date (辽宁省政府令第237号 art. 20; 盖政办发〔2016〕51号:
"凡未列入目录的…一律不再作为行政管理的依据"): every document published by then and not ended by
then (repealed, declared invalid, lapsed), whether in force already or published and awaiting its
施行日期 — leaving those out would void them. A 修改决定 (the source of an `amends` relation) is
not listed on its own: what it changed is part of the document it amends, listed there.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, true
from sqlmodel import Session, select

from docfiler.errors import ValidationError
from docfiler.rules.rulebook import Rulebook
from docfiler.store.lookups import find_authority
from docfiler.store.tables import Authority, Document, DocumentRelation

OWN_KINDS = ("government", "general_office")
"""The government's own catalogue: the government and its 办公室 (盖政办发〔2016〕51号)."""
KIND_ORDER = {"government": 0, "general_office": 1, "department": 2, "township": 3}
"""Authorities the rulebook does not list come after those it does, by kind, then as added."""


def amending_documents():
    """SELECT of the documents that amend another (修改决定)."""
    return select(DocumentRelation.source_id).where(DocumentRelation.kind == "amends")


def catalogue_clause(table: Any, as_of: dt.date):
    """SQL condition: the document belongs in the catalogue of `as_of` (see the module text)."""
    return and_(
        table.published_on.is_not(None),
        table.published_on <= as_of,
        or_(table.valid_until.is_(None), table.valid_until >= as_of),
        or_(table.repealed_on.is_(None), table.repealed_on > as_of),
        or_(table.declared_invalid_on.is_(None), table.declared_invalid_on > as_of),
        table.id.not_in(amending_documents()),
    )


def awaiting_effect(effective_on: dt.date | None, as_of: dt.date) -> bool:
    """Published, listed in the catalogue of `as_of`, but in force only from a later day."""
    return effective_on is not None and effective_on > as_of


# ---------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """Whose catalogue: the authorities it covers (None: every one) and the name in its title."""

    authority_ids: tuple[int, ...] | None
    name: str


def own_government(rulebook: Rulebook) -> str:
    """The office's own government, as the rulebook names it (盖州市人民政府)."""
    found = [a.name for a in rulebook.authorities if a.kind == "government"]
    return found[0] if found else rulebook.office_name


def catalogue_scope(
    session: Session,
    rulebook: Rulebook,
    authorities: Sequence[str] = (),
    everyone: bool = False,
) -> Scope:
    """The default is the government's own catalogue (the government and its 办公室, from the
    rulebook); `authorities` names each one to list; `everyone` lists every authority."""
    names = list(dict.fromkeys(name.strip() for name in authorities if name.strip()))
    if everyone and names:
        raise ValidationError(
            "“全部制定机关”和指定制定机关只能选一种：要全部的，请去掉 --authority；"
            "要指定的，请去掉 --all。"
        )
    if everyone:
        return Scope(None, rulebook.city_name)
    own = [a.name for a in rulebook.authorities if a.kind in OWN_KINDS]
    if not names:
        found = session.exec(select(Authority.id).where(Authority.name.in_(own))).all()
        return Scope(tuple(found), own_government(rulebook))
    ids = tuple(find_authority(session, name).id for name in names)
    if len(names) == 1:
        title = names[0]
    elif set(names) <= set(own):
        title = own_government(rulebook)
    else:
        title = rulebook.city_name
    return Scope(ids, title)


def in_scope(table: Any, scope: Scope):
    """SQL condition: the document is by one of the scope's authorities (always true for all)."""
    if scope.authority_ids is None:
        return true()
    return table.authority_id.in_(scope.authority_ids)


def authority_order(
    rulebook: Rulebook, authorities: dict[int, Authority]
) -> Callable[[int], tuple[int, int, int]]:
    """Sort key of an authority id: the rulebook's order of authorities, then the others by
    kind (departments, then 乡镇) and in the order they were added."""
    listed = {a.name: index for index, a in enumerate(rulebook.authorities)}

    def key(authority_id: int) -> tuple[int, int, int]:
        authority = authorities[authority_id]
        if authority.name in listed:
            return (0, listed[authority.name], 0)
        return (1, KIND_ORDER.get(authority.kind, len(KIND_ORDER)), authority.id or 0)

    return key


# ---------------------------------------------------------------------------- amendments


@dataclass(frozen=True)
class Amendment:
    """A 修改决定 as the amended document's row shows it: 根据盖政发〔2025〕27号修改, with the
    date the decision was published (not the day it took effect)."""

    number: str
    published_on: dt.date


def amendments_of(
    session: Session, ids: Sequence[int], as_of: dt.date
) -> dict[int, list[Amendment]]:
    """The amendments published on or before `as_of`, oldest first, per amended document.

    Every such amendment is read in one query and kept when it amends a listed document:
    amendments are few next to a register, and a list may hold 100,000 ids."""
    wanted = set(ids)
    found: dict[int, list[Amendment]] = defaultdict(list)
    rows = session.exec(
        select(DocumentRelation.target_id, Document.doc_number, Document.published_on)
        .join(Document, Document.id == DocumentRelation.source_id)
        .where(
            DocumentRelation.kind == "amends",
            Document.published_on.is_not(None),
            Document.published_on <= as_of,
        )
    ).all()
    for target, number, published in rows:
        if target in wanted:
            found[target].append(Amendment(number, published))
    for amendments in found.values():
        amendments.sort(key=lambda a: (a.published_on, a.number))
    return found


def amendments_between(
    session: Session, after: dt.date, until: dt.date
) -> list[tuple[int, Amendment]]:
    """(amended document id, amendment) for each amendment published in (after, until]."""
    rows = session.exec(
        select(DocumentRelation.target_id, Document.doc_number, Document.published_on)
        .join(Document, Document.id == DocumentRelation.source_id)
        .where(
            DocumentRelation.kind == "amends",
            Document.published_on > after,
            Document.published_on <= until,
        )
    ).all()
    return [(target, Amendment(number, published)) for target, number, published in rows]
