"""The office's vocabulary: every enumeration with its stored code and its Chinese label.

Enumerations whose values are legal terms (审查结论, 备案审查意见) are stored as the Chinese terms
themselves: they are what clerks read in exports and in SQL.
"""

from __future__ import annotations

REVIEW_OUTCOMES = ("合法", "应当予以修改", "不合法")
"""合法性审核 outcomes, in the words of 国办发〔2018〕115号."""

REGISTRATION_RESULTS = ("予以备案登记", "暂缓办理备案登记", "不予备案登记")
"""备案登记: how a filing body answers a filed document first. 暂缓办理备案登记 asks for 补正
(the materials completed and filed again); 不予备案登记 sends it back (退回). Words of
《法规规章备案审查条例》(国务院令第789号, in force 2024-11-01), which replaced the 2001
《法规规章备案条例》 (国务院令第337号)."""

REVIEW_RESULTS = ("未发现问题", "审查意见")
"""备案审查: the filing body's review of a registered document ends with no problem found, or
with 审查意见 that the maker must act on (纠正) and report back."""

FILING_RESULTS = REGISTRATION_RESULTS + REVIEW_RESULTS
"""Every answer a filing body gives, as stored."""

RETURNED_RESULTS = ("暂缓办理备案登记", "审查意见")
"""Answers that send a filing back: 补正 and file again, or 纠正 and report."""

ACCEPTED_RESULTS = ("予以备案登记", "未发现问题")
"""Answers after which nothing more is owed to the filing body."""

FILING_RESULT_ALIASES = {
    "准予备案": "予以备案登记",
    "予以备案": "予以备案登记",
    "要求补正": "暂缓办理备案登记",
    "暂缓备案登记": "暂缓办理备案登记",
    "不予备案": "不予备案登记",
    "要求纠正": "审查意见",
    "无问题": "未发现问题",
}
"""Older words (the 2001 条例 era, earlier versions of docfiler, clerks' scripts) → the words
stored now. Migration 0006 maps stored values the same way."""


def filing_result(text: str | None) -> str | None:
    """A filing body's answer in the stored words (old words accepted); None when unknown."""
    word = (text or "").strip()
    word = FILING_RESULT_ALIASES.get(word, word)
    return word if word in FILING_RESULTS else None


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
    "township": "乡镇人民政府、街道办事处",
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

DRAFT_STAGES = (
    "起草中",
    "听取意见中",
    "审核中",
    "审核不合法",
    "待按审核意见修改",
    "待公平竞争审查",
    "待集体讨论",
    "待签发",
    "待公布",
)
"""Where a draft stands in its procedure, in order: the stages `queries.progress.next_step`
gives before publication (after it: 待报送备案, 待补正重报, 待备案答复)."""
STAGE_SHORT_LABELS = {
    "待按审核意见修改": "待修改",
    "待公平竞争审查": "待公平审查",
    "待报送备案": "待报备",
    "待补正重报": "待补正",
    "待备案答复": "待答复",
}
"""A stage as the register's 进度 column and status filter name it (five characters at most);
a stage not listed keeps its own name."""
STAGE_DONE = "已办结"
"""进度 of a published document to which nothing more is owed (every filing answered)."""

REMINDER_KINDS = {
    "filing": "备案",
    "review": "合法性审核",
    "validity": "有效期",
    "countersign": "会签答复",
    "publication": "公开",
    "cleanup": "定期清理",
    "incoming_supplement": "备案补正",
    "incoming_review": "备案审查",
    "followup": "纠错跟踪",
    "suggestion": "审查建议",
}
"""Kinds of reminder, in the order the dashboard ranks them on the same day. The last four are
the office's work as a filing body (`docfiler inbox`)."""


REVIEW_CHECKS = (
    "制定主体和权限",
    "与上位法抵触",
    "违法增加义务或减损权利",
    "制定程序",
    "适当性",
    "技术规范",
)
"""What the office checks a filed document against (备案审查), the pattern of 法规规章备案审查条例
(国务院令第789号, 2024): who made it and within which powers, conflict with higher law, obligations
added or rights reduced without a legal basis, procedure, appropriateness, drafting technique."""

OPINION_KINDS = ("建议自行修改", "建议自行废止", "责令改正", "提请撤销")
"""What a 审查意见 asks of the unit that made the document."""

FOLLOWUP_OUTCOMES = ("已纠正", "已废止", "已提请撤销")
"""How a 审查意见 is closed: the unit corrected the document (a revised one, linked), repealed
it, or the office escalated it (提请本级人民政府撤销)."""

INCOMING_STAGES = {
    "unfiled": "未报备",
    "received": "待登记",
    "deferred": "暂缓登记待补正",
    "supplemented": "已补正待登记",
    "rejected": "不予备案登记",
    "reviewing": "审查中",
    "following": "待处理情况",
    "done": "已办结",
}
"""Where a document filed with the office stands; incoming documents do not pass through the
county's own drafting stages (DRAFT_STAGES)."""


def incoming_stage(
    *,
    received: bool,
    rejected: bool,
    registered: bool,
    deferred: bool,
    supplemented: bool,
    reviewing: bool,
    following: bool,
) -> str:
    """A key of INCOMING_STAGES from the dated events on record (open review / follow-up known)."""
    if not received:
        return "unfiled"
    if rejected:
        return "rejected"
    if not registered:
        if deferred:
            return "supplemented" if supplemented else "deferred"
        return "received"
    if reviewing:
        return "reviewing"
    return "following" if following else "done"


def is_returned(result: str | None) -> bool:
    """True when a filing body's answer asks for the filing to be corrected and re-submitted."""
    return result in RETURNED_RESULTS


def can_submit_filing(submitted_on: object, result: str | None) -> bool:
    """A filing may be (re-)submitted when it was never submitted or was sent back (补正/纠正)."""
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
