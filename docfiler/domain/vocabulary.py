"""The office's vocabulary: every enumeration with its stored code and its Chinese label.

Enumerations whose values are legal terms (审查结论, 备案审查意见) are stored as the Chinese terms
themselves: they are what clerks read in exports and in SQL.
"""

from __future__ import annotations

REVIEW_OUTCOMES = ("合法", "应当予以修改", "不合法")
"""合法性审核 outcomes, in the words of 国办发〔2018〕115号."""

FILING_RESULTS = ("准予备案", "要求补正", "要求纠正")
"""What a filing body answers after examining a filed document."""

RETURNED_RESULTS = ("要求补正", "要求纠正")
"""Answers that send a filing back: it must be corrected and submitted again."""

RELATION_KINDS = {
    "amends": "修改",
    "repeals": "废止",
    "replaces": "替代",
    "based_on": "依据",
}
ENDING_RELATIONS = ("repeals", "replaces")
"""Relations that put their target out of force."""

CLEANUP_DECISIONS = ("继续有效", "修改", "废止", "宣布失效")
"""The four outcomes of a periodic cleanup (定期清理), 辽宁省政府令第237号."""
BASIS_STATUSES = ("现行", "已修改", "已废止")
"""Status of a law or superior document a normative document is based on."""

DOCUMENT_KINDS = {"regular": "", "interim": "暂行", "trial": "试行"}
AUTHORITY_KINDS = {
    "government": "本级政府",
    "general_office": "政府办公室",
    "department": "政府部门",
}

STATUS_LABELS = {
    "draft": "草案",
    "published": "已公布未施行",
    "in_force": "现行有效",
    "lapsed": "已失效",
    "repealed": "已废止",
    "declared_invalid": "已宣布失效",
}
STATUS_BY_LABEL = {label: code for code, label in STATUS_LABELS.items()}

REMINDER_KINDS = {
    "filing": "备案",
    "review": "合法性审查",
    "validity": "有效期",
    "countersign": "会签答复",
    "cleanup": "定期清理",
}
"""Kinds of reminder, in the order the dashboard ranks them on the same day."""


def is_returned(result: str | None) -> bool:
    """True when a filing body's answer asks for the filing to be corrected and re-submitted."""
    return result in RETURNED_RESULTS


def can_submit_filing(submitted_on: object, result: str | None) -> bool:
    """A filing may be (re-)submitted when it was never submitted or was sent back."""
    return submitted_on is None or is_returned(result)


def detect_kind(title: str) -> str:
    """暂行 / 试行 in the title make an interim or trial document."""
    if "暂行" in title:
        return "interim"
    if "试行" in title:
        return "trial"
    return "regular"


def filing_body_order(body: str) -> tuple[int, str]:
    """Governments first (营口市人民政府 before 盖州市人大常委会), then by name."""
    return (0 if "人民政府" in body else 1, body)
