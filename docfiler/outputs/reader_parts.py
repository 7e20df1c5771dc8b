"""Recognising the parts of a published document among its lines: the 发文字号, the
letterhead, the title, the 主送机关, the 成文日期, the signature and the 版记. How each is told
apart is described in :mod:`docfiler.outputs.reader`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from docfiler.domain.docnumber import DocNumberError, parse, try_parse
from docfiler.outputs.reader_lines import INVISIBLE, Line

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Patterns are kept as strings and compiled (and cached by the re module) on first use, so that
# importing this module stays cheap. They apply to NFKC-normalised text without spaces, where
# （）［］﹝﹞ are already folded to ()[]〔〕.
_ORDINARY_RE = f"[{_CJK}]+[〔\\[【(〖〈]\\d{{2,4}}[〕\\]】)〗〉]第?\\d+号?"
_DECREE_RE = f"[{_CJK}]+令第\\d+号"
_DECREE_SERIAL_RE = r"第\d+号"
_NUMBER_LABEL_RE = r"^(?:发文字号|发文文号|文号|字号)[:：]"
_SIGNER_RE = f"签发人[:：][{_CJK}、,，·]*"
_LEFTOVER_OK = frozenset("()[]〔〕【】〖〗")

_ARABIC_DATE_RE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_DATE_RE = "([〇○零O0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"

_ARTICLE_RE = "第[一二三四五六七八九十百零〇0-9]+[条章节编]"
_TITLE_WORDS = (
    "办法",
    "规定",
    "通知",
    "决定",
    "意见",
    "细则",
    "方案",
    "规则",
    "规划",
    "措施",
    "条例",
    "公告",
    "通告",
    "通报",
    "批复",
    "决议",
    "目录",
    "清单",
    "标准",
    "制度",
    "纲要",
    "计划",
    "要点",
    "请示",
    "报告",
    "命令",
)
_AUTHORITY_END_RE = (
    "(?:人民政府|政府|办公室|办公厅|委员会|常委会|管委会|局|厅|委|办|院|部|中心|署|会|公司|"
    "市长|县长|区长|省长|主任|局长)$"
)
_SEPARATOR_CHARS = frozenset("-—_─━=＝*★☆·.。 ")
PUBLISH_RE = "《([^《》]{4,80})》.{0,40}(?:现予公布|现予印发|印发给你们|现予发布|予以公布)"


def date_of(norm: str) -> tuple[bool, dt.date | None]:
    """(is a date, the date or None if invalid) for a line that is nothing but a date."""
    if m := re.fullmatch(_ARABIC_DATE_RE, norm):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(_CN_DATE_RE, norm):
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        month, day = _cn_number(m.group(2)), _cn_number(m.group(3))
        if month is None or day is None:
            return True, None
    else:
        return False, None
    try:
        return True, dt.date(year, month, day)
    except ValueError:
        return True, None


def _cn_number(text: str) -> int | None:
    """一 … 三十一 → 1 … 31."""
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    value = (_CN_DIGITS.get(tens, -99) if tens else 1) * 10 + (
        _CN_DIGITS.get(ones, -99) if ones else 0
    )
    return value if value > 0 else None


def is_blank(line: Line) -> bool:
    return not line.norm or set(line.norm) <= _SEPARATOR_CHARS


def _is_body_like(line: Line) -> bool:
    return bool(re.match(_ARTICLE_RE, line.norm)) or (
        len(line.norm) >= 40 and line.norm[-1] in "。;；"
    )


def _number_in(line: Line) -> str | None:
    """The number text if the line is a number line (the number and nothing else of substance)."""
    n = line.norm
    match = re.search(_ORDINARY_RE, n) or re.search(_DECREE_RE, n)
    if match is None:
        return None
    rest = n[: match.start()] + "\0" + n[match.end() :]
    rest = re.sub(_SIGNER_RE, "", re.sub(_NUMBER_LABEL_RE, "", rest)).replace("\0", "")
    if any(ch not in _LEFTOVER_OK for ch in rest):
        return None
    return match.group(0)


def _is_letterhead(line: Line) -> bool:
    n = line.norm
    if not n or len(n) > 40:
        return False
    if n.endswith("文件") and "关于" not in n:
        return True
    big = line.size is not None and line.size >= 26
    return (line.red and (big or not _has_title_word(n))) or (big and not _has_title_word(n))


def _has_title_word(norm: str) -> bool:
    return any(word in norm for word in _TITLE_WORDS)


def is_addressee(line: Line) -> bool:
    n = line.norm
    if not n.endswith((":", "：")) or len(n) > 150 or "。" in n:
        return False
    if any(word in n for word in ("如下", "以下", "下列")):
        return False
    return not line.indented or bool(re.search("各|政府|局|委|办|单位|部门|机关|公司", n))


def _title_filters(line: Line) -> bool:
    """Things a title line never is."""
    n = line.norm
    return not (
        not n
        or len(n) > 120
        or n[-1] in "。;；:：,，、"
        or n[0] in "(（"
        or n.startswith(("附件", "抄送", "主送"))
        or re.match(_ARTICLE_RE, n)
        or date_of(n)[0]
        or _number_in(line)
        or _is_letterhead(line)
        or "签发人" in n
    )


def _is_title_like(line: Line) -> bool:
    if not _title_filters(line):
        return False
    big = line.size is not None and line.size >= 18
    return line.align == "center" or big or line.bold or _has_title_word(line.norm)


def _continues_title(first: Line, line: Line) -> bool:
    if not _title_filters(line):
        return False
    same_size = line.size == first.size
    centred = line.align == first.align == "center"
    big = first.size is not None and first.size >= 18
    return same_size and (centred or (big and line.align == first.align))


def tidy(text: str) -> str:
    """Collapse whitespace; none next to Chinese characters (titles spread with spaces)."""
    text = re.sub(r"\s+", " ", text.translate(INVISIBLE)).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


@dataclass
class Found:
    number_index: int | None = None
    number_text: str | None = None
    number_end: int | None = None  # the line after the number line(s)
    split_decree: bool = False  # 营口市人民政府令 / 第35号 on two lines
    bad_numbers: list[str] = field(default_factory=list)


def find_number(lines: list[Line]) -> Found:
    found = Found()
    header_end = next((i for i, line in enumerate(lines) if _is_body_like(line)), len(lines))
    previous: int | None = None  # last non-blank line
    for i in range(header_end):
        line = lines[i]
        if is_blank(line):
            continue
        candidates: list[tuple[int, str]] = []
        if (text := _number_in(line)) is not None:
            candidates.append((i, text))
        elif (
            re.fullmatch(_DECREE_SERIAL_RE, line.norm)
            and previous is not None
            and lines[previous].norm.endswith("令")
        ):
            # A decree: 营口市人民政府令 on one line and 第35号 on the next.
            candidates.append((previous, lines[previous].norm + line.norm))
        for index, text in candidates:
            if try_parse(text) is not None:
                found.number_index, found.number_text, found.number_end = index, text, i + 1
                found.split_decree = index != i
                return found
            try:
                parse(text)
            except DocNumberError as exc:
                found.bad_numbers.append(str(exc))
        previous = i
    return found


def find_title(lines: list[Line], start: int, stop: int) -> tuple[str | None, int]:
    """The title in lines[start:stop] right after the number: (title, index after it)."""
    seen = 0
    for i in range(start, stop):
        line = lines[i]
        if is_blank(line) or "签发人" in line.norm:
            continue
        if is_addressee(line) or _is_body_like(line) or date_of(line.norm)[0]:
            break
        if _is_title_like(line):
            end = i + 1
            while end < stop and end - i < 4 and _continues_title(line, lines[end]):
                end += 1
            return tidy("".join(lines[k].text for k in range(i, end))), end
        seen += 1
        if seen >= 3:
            break
    return None, start


def title_above(lines: list[Line], number_index: int) -> str | None:
    """A title printed above the number, as websites reprint documents."""
    picked: list[int] = []
    for i in range(number_index - 1, -1, -1):
        line = lines[i]
        if is_blank(line):
            if picked:
                break
            continue
        if not _is_title_like(line) or (picked and not _continues_title(line, lines[picked[-1]])):
            break
        picked.append(i)
        if len(picked) == 4:
            break
    if not picked or not any(_has_title_word(lines[i].norm) for i in picked):
        return None
    return tidy("".join(lines[i].text for i in reversed(picked)))


def letterhead_above(lines: list[Line], number_index: int) -> str | None:
    picked: list[str] = []
    for i in range(number_index - 1, -1, -1):
        line = lines[i]
        if is_blank(line):
            if picked:
                break
            continue
        if not _is_letterhead(line):
            break
        picked.append(line.norm)
        if len(picked) == 4:
            break
    return "\n".join(reversed(picked)) or None


def is_signature(line: Line) -> bool:
    n = line.norm
    if not n or len(n) > 40 or n[-1] in "。;；:：,，":
        return False
    return line.align == "right" or bool(re.search(_AUTHORITY_END_RE, n)) or "盖章" in n


def is_colophon(line: Line) -> bool:
    """版记: 抄送 / 印发 lines (and the old 主题词)."""
    n = line.norm
    return n.startswith(("抄送", "抄报", "主题词")) or bool(re.search("日印发$|日印$", n))


def previous_nonblank(lines: list[Line], index: int, floor: int) -> int | None:
    for k in range(index - 1, floor - 1, -1):
        if not is_blank(lines[k]):
            return k
    return None


def numbers_in_table(lines: list[Line], table: int) -> int:
    """How many lines of one table are a document number and nothing else (a list's 文号
    column; a letterhead table holds one)."""
    return sum(1 for line in lines if line.table == table and _number_in(line) is not None)


_PRINTED_RE = re.compile(rf"^(.*?){_ARABIC_DATE_RE}印发$")
ATTACHMENT_RE = re.compile(r"^附件\d*[:：]?")
_ITEM_RE = re.compile(r"^\d+[.．、]")


def printed(line: Line) -> tuple[str | None, dt.date | None] | None:
    """(印发机关, 印发日期) of a 版记 line such as 盖州市人民政府办公室 2016年3月1日印发."""
    match = _PRINTED_RE.match(line.norm)
    if match is None:
        return None
    try:
        day = dt.date(int(match.group(2)), int(match.group(3)), int(match.group(4)))
    except ValueError:
        day = None
    return (match.group(1) or None), day


def attachment_start(lines: list[Line], start: int, end: int) -> int | None:
    """Where the 附件说明 (附件：1.×× …) begins in lines[start:end], if the body ends with one."""
    for k in range(start, end):
        if ATTACHMENT_RE.match(lines[k].norm) and lines[k].table is None:
            rest = [lines[j] for j in range(k + 1, end) if not is_blank(lines[j])]
            if all(_ITEM_RE.match(line.norm) or not line.norm.endswith("。") for line in rest):
                return k
    return None


def attachment_names(lines: list[Line]) -> list[str]:
    """The names in a 附件说明, without 附件： and their numbers (as GB/T 9704 §7.3.4 sets them:
    a long name continues on the next line)."""
    names: list[str] = []
    for line in lines:
        text = tidy(line.text)
        text = re.sub(r"^附件\d*\s*[:：]?\s*", "", text)
        item = re.match(r"^\d+\s*[.．、]\s*", text)
        if item or not names:
            names.append(text[item.end() :] if item else text)
        else:
            names[-1] += text
    return [name for name in names if name]
