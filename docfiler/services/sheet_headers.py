"""Finding the header row of an office's register and what each column holds.

Offices head their columns in many spellings (文件名称 or 标题, 文号 or 发文字号, 发布日期 or
公布日期 or 印发日期 …), often below a title banner (盖州市人民政府规范性文件目录) merged across
the sheet, sometimes in two rows (日期 merged over 发布 and 施行). The header is the first of the
first HEADER_SCAN_ROWS rows in which a 文号 and a 标题 column are recognised; the clerk can
name any column (`--map 标题=文件名称`, or a column letter: `--map 文号=C`) or leave one out
(`--map 备注=`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docfiler.services.sheet_read import SheetError

HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class Column:
    """What a column of the register may hold: its key in an import record, the name the
    clerk reads (and writes in --map), and the header spellings taken to mean it."""

    key: str
    label: str
    aliases: tuple[str, ...]


COLUMNS = (
    Column(
        "number",
        "文号",
        ("文号", "发文字号", "发文文号", "文件文号", "发文号", "字号", "文件编号", "发文编号"),
    ),
    Column(
        "title",
        "标题",
        ("标题", "文件名称", "文件标题", "名称", "文件名", "规范性文件名称", "文件题目", "题目"),
    ),
    Column(
        "authority",
        "制定机关",
        ("制定机关", "发文机关", "发文单位", "制发机关", "发布机关", "印发机关", "制定单位"),
    ),
    Column("drafting_unit", "起草单位", ("起草单位", "承办单位", "起草部门", "承办部门")),
    Column(
        "published",
        "公布日期",
        ("公布日期", "发布日期", "印发日期", "发文日期", "发布时间", "公布时间", "印发时间"),
    ),
    Column("effective", "施行日期", ("施行日期", "实施日期", "生效日期", "施行时间", "实施时间")),
    Column("validity", "有效期", ("有效期", "有效期限", "有效年限")),
    Column("valid_until", "有效期至", ("有效期至", "有效期截止日期", "有效期截止", "有效期届满日")),
    Column(
        "status",
        "状态",
        ("状态", "是否有效", "效力状态", "效力", "有效性", "现行状态", "文件状态", "是否现行有效"),
    ),
    Column(
        "ended", "废止失效日期", ("废止失效日期", "废止日期", "失效日期", "废止时间", "失效时间")
    ),
    Column(
        "end_reason", "废止失效理由", ("废止失效理由", "废止理由", "失效理由", "废止原因", "理由")
    ),
    Column("filing", "备案情况", ("备案情况", "备案", "报备情况", "是否备案", "备案状态", "报备")),
    Column("filing_date", "备案日期", ("备案日期", "报备日期", "报送备案日期", "报送日期")),
    Column("receipt", "备案号", ("备案号", "备案登记号", "备案编号", "回执号", "备案回执号")),
    Column("registration_number", "登记号", ("登记号", "统一登记号", "登记编号", "统一编号")),
    Column("note", "备注", ("备注", "说明", "附注")),
    Column("seq", "序号", ("序号", "顺序号", "编号", "no")),
)
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = ("number", "title")
NOT_IMPORTED = ("seq",)

# A header not spelled like any alias: the words in it, in this order of precedence.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("valid_until", r"有效期(至|截止|届满)|截止日期|届满日期"),
    ("ended", r"(废止|失效).*(日期|时间)|(日期|时间).*(废止|失效)"),
    ("end_reason", r"理由|原因"),
    ("filing_date", r"(备案|报备|报送).*(日期|时间)|(日期|时间).*(备案|报备)"),
    ("receipt", r"回执|备案号|备案编号"),
    ("filing", r"备案|报备"),
    ("number", r"文号|字号"),
    ("effective", r"施行|实施|生效"),
    ("published", r"发布|公布|印发|发文"),
    ("validity", r"有效期|有效年限"),
    ("status", r"状态|效力|是否有效|现行有效"),
    ("title", r"名称|标题|题目"),
    ("authority", r"机关|发文单位|制发"),
    ("drafting_unit", r"起草|承办"),
    ("registration_number", r"登记号|登记编号"),
    ("note", r"备注|说明"),
    ("seq", r"序号"),
)
_ALIAS = {alias: column.key for column in COLUMNS for alias in column.aliases}
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


@dataclass(frozen=True)
class Header:
    """The header found: the sheet row it ends on, each column's name, and which column holds
    what (index into a row's cells)."""

    row: int
    names: tuple[str, ...]
    columns: dict[str, int]
    first_column: int = 0
    unused: tuple[int, ...] = field(default_factory=tuple)

    def letter(self, index: int) -> str:
        return column_letter(index + self.first_column)

    def described(self) -> list[dict[str, Any]]:
        """Each imported field with the column it comes from, in the register's order."""
        return [
            {
                "field": BY_KEY[key].label,
                "column": self.letter(index),
                "header": self.names[index],
            }
            for key, index in sorted(self.columns.items(), key=lambda item: item[1])
            if key not in NOT_IMPORTED
        ]

    def unused_described(self) -> list[dict[str, str]]:
        return [{"column": self.letter(i), "header": self.names[i]} for i in self.unused]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _letter_index(letters: str) -> int:
    value = 0
    for char in letters.upper():
        value = value * 26 + ord(char) - ord("A") + 1
    return value - 1


def normalized(text: Any) -> str:
    """A header as compared: full-width folded, no spaces, line breaks or marks (*, :)."""
    value = unicodedata.normalize("NFKC", str(text if text is not None else "")).lower()
    return re.sub(r"[\s*:：_]", "", value)


def guess(name: str) -> str | None:
    """The field a header names, or None."""
    text = normalized(name)
    if not text:
        return None
    if text in _ALIAS:
        return _ALIAS[text]
    for key, pattern in _KEYWORDS:
        if re.search(pattern, text):
            return key
    return None


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """`--map 字段=表头` items → {field key: header text, column letter, or "" to leave out}."""
    mapping: dict[str, str] = {}
    for item in items:
        target, sep, source = item.partition("=")
        key = _ALIAS.get(normalized(target)) or (target if target in BY_KEY else None)
        if not sep or key is None:
            labels = "、".join(c.label for c in COLUMNS if c.key not in NOT_IMPORTED)
            raise SheetError(
                f"列对应“{item}”无法识别：请写成 字段=表头（如 标题=文件名称，或 文号=C 指第 C 列），"
                f"字段可以是：{labels}。"
            )
        mapping[key] = source.strip()
    return mapping


def find_header(
    rows: Sequence[tuple[int, list[Any]]],
    *,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    first_column: int = 0,
    mapping: dict[str, str] | None = None,
    sheet: str = "",
) -> Header:
    """The header among the first rows (row number, cells); refused when none has both a 文号
    and a 标题 column."""
    mapping = mapping or {}
    for position, (number, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = [_text(cell) for cell in cells]
        if sum(1 for name in names if name) < 2:
            continue
        below = rows[position + 1] if position + 1 < len(rows) else None
        two_rows = _two_row_names(number, names, below, merged, first_column)
        for candidate, last_row in ((two_rows, number + 1), (names, number)):
            if candidate is None:
                continue
            columns = _columns(candidate, mapping, first_column)
            if all(key in columns for key in REQUIRED):
                return _header(last_row, candidate, columns, first_column)
    raise SheetError(_no_header_message(rows, sheet, mapping))


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _two_row_names(
    number: int,
    names: list[str],
    below: tuple[int, list[Any]] | None,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    first_column: int,
) -> list[str] | None:
    """The names of a header in two rows (a parent merged over the columns it names in the row
    below): parent + child per column; None unless the second row names more columns."""
    if below is None:
        return None
    children = [_text(cell) for cell in below[1]]
    if not any(children) or any(_looks_like_data(child) for child in children):
        return None
    width = max(len(names), len(children))
    parents = list(names) + [""] * (width - len(names))
    children += [""] * (width - len(children))
    for (top, left), (bottom, right) in merged:
        if top == number - 1 and bottom >= top:
            start = left - first_column
            for index in range(start + 1, min(right - first_column + 1, len(parents))):
                parents[index] = parents[start]
    combined = [
        parent if child == parent else parent + child
        for parent, child in zip(parents, children, strict=True)
    ]
    known_alone = sum(1 for name in names if guess(name))
    known_combined = sum(1 for name in combined if guess(name))
    return combined if known_combined > known_alone else None


def _looks_like_data(text: str) -> bool:
    from docfiler.domain import docnumber

    return bool(text) and (docnumber.try_parse(text) is not None or text[:1].isdigit())


def _columns(names: list[str], mapping: dict[str, str], first_column: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        key = guess(name)
        if key is not None and key not in columns and key not in mapping:
            columns[key] = index
    for key, source in mapping.items():
        if not source:
            continue
        index = _source_index(source, names, first_column)
        if index is not None:
            columns = {k: i for k, i in columns.items() if i != index}
            columns[key] = index
    return columns


def _source_index(source: str, names: list[str], first_column: int) -> int | None:
    wanted = normalized(source)
    for index, name in enumerate(names):
        if normalized(name) == wanted:
            return index
    if _LETTERS.match(source):
        index = _letter_index(source) - first_column
        return index if 0 <= index < len(names) else None
    return None


def _header(row: int, names: list[str], columns: dict[str, int], first_column: int) -> Header:
    used = {index for key, index in columns.items() if key not in NOT_IMPORTED}
    unused = tuple(i for i, name in enumerate(names) if name and i not in used)
    return Header(row, tuple(names), columns, first_column, unused)


def _no_header_message(
    rows: Sequence[tuple[int, list[Any]]], sheet: str, mapping: dict[str, str]
) -> str:
    where = f"工作表“{sheet}”" if sheet else "表格"
    missing = [f"{BY_KEY[key].label}={mapping[key]}" for key in REQUIRED if mapping.get(key)]
    if missing:
        return (
            f"{where}的前 {HEADER_SCAN_ROWS} 行中找不到列对应中指定的表头（{'、'.join(missing)}）："
            "请核对表头文字（须与表格中完全一致）或改用列字母，如 --map 文号=C。"
        )
    return (
        f"{where}的前 {HEADER_SCAN_ROWS} 行中找不到表头：表头须有“文号”（或发文字号）和"
        "“标题”（或文件名称）两列。如果表头用了别的叫法，请用 --map 指明，如 --map 文号=C "
        "--map 标题=文件名称；如果表头是几行合并的单元格，请把它改成一行、每列一个名称后再导入。"
    )
