"""The wording of a cleanup's published results, as pure functions: the 决定 that publishes them
(关于公布行政规范性文件清理结果的决定), the 修改决定 and the 清理报告 to the higher government.

Learnt from county governments' published cleanup decisions (the counts per outcome in the
opening paragraph, one numbered paragraph and one 附件 per outcome, "未列入…目录的…不再作为行政
管理的依据", "自公布之日起施行") and from 盖政办发〔2016〕51号 (the catalogue of 盖州市人民政府's
valid documents published after the 2016 cleanup, seed report §三).

What 辽宁省规章规范性文件定期清理规定 (省政府令第237号) requires is cited as the rulebook cites it
(rules/rulebook.toml; ../docs: arts. 2, 15–17 for the outcomes, art. 20 for publishing the lists
and the amended text). Art. 19 (the report of the results to the government above) and the
wording of art. 20 could not be read in the original: 未核实. The documents therefore cite the
规定 as a whole, never an article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docfiler.domain.labels import date_label
from docfiler.outputs.filing_report_text import attachment_lines, book, chinese_number

BASIS = "《辽宁省规章规范性文件定期清理规定》（辽宁省人民政府令第237号）"
OUTCOMES = ("继续有效", "修改", "废止", "宣布失效")
"""The four decisions of a cleanup, in the order a decision gives them."""
ATTACHED = (
    ("修改", "决定修改的行政规范性文件目录"),
    ("废止", "决定废止的行政规范性文件目录"),
    ("宣布失效", "宣布失效的行政规范性文件目录"),
)
"""The lists published as 附件2–4 (附件1 is the catalogue of valid documents), by decision."""
ADDRESSEE = "各乡镇人民政府、街道办事处，市政府各部门、各直属单位："
"""主送机关 of a county-level city government's 决定."""
MAX_NAMED = 10
"""The report names the documents of an outcome up to this many, then 等N件."""


@dataclass(frozen=True)
class Decided:
    """One document a cleanup amended, repealed or declared invalid."""

    title: str
    number: str
    reason: str
    amendment: str | None = None
    """For 修改: the amended provisions as registered (the amending document's text), if any."""
    amended_by: str | None = None


@dataclass(frozen=True)
class Results:
    """What the decision and the report say about one finished cleanup."""

    sender: str
    """The organ that publishes the results: the government, or a department for its own."""
    short: str
    """How the text names the sender: 市政府, 市教育局."""
    scope: str
    """Whose documents were cleaned: 以市政府、市政府办公室名义."""
    as_of: dt.date
    started: dt.date
    finished: dt.date
    counts: Mapping[str, int]
    """Documents per outcome (OUTCOMES)."""
    decided: Mapping[str, Sequence[Decided]]
    """The documents amended, repealed, declared invalid, by outcome."""
    catalogue_title: str
    catalogue_count: int
    city: str

    @property
    def total(self) -> int:
        return sum(self.counts.get(outcome, 0) for outcome in OUTCOMES)


def short_name(name: str, city: str, government: str) -> str:
    """盖州市人民政府 → 市政府; 盖州市人民政府办公室 → 市政府办公室; 盖州市教育局 → 市教育局."""
    if name.startswith(government):
        return "市政府" + name.removeprefix(government)
    if name.startswith(city):
        return "市" + name.removeprefix(city)
    return name


def scope_phrase(names: Sequence[str] | None, government: str, city: str) -> str:
    """以市政府、市政府办公室名义 for the organs a campaign covered; every organ without names."""
    if names is None:
        return "以市政府、市政府办公室和市政府各部门名义"
    return f"以{'、'.join(short_name(n, city, government) for n in names)}名义"


def sender_of(names: Sequence[str] | None, government: str, offices: Sequence[str]) -> str:
    """The government publishes the results, unless the campaign covered one department only."""
    if names and len(names) == 1 and names[0] != government and names[0] not in offices:
        return names[0]
    return government


def counts_sentence(counts: Mapping[str, int]) -> str:
    """继续有效N件，修改N件，废止N件，宣布失效N件."""
    return "，".join(f"{outcome}{counts.get(outcome, 0)}件" for outcome in OUTCOMES)


def decision_title(sender: str) -> str:
    return f"{sender}关于公布行政规范性文件清理结果的决定"


def amendment_title(sender: str, decided: Sequence[Decided]) -> str:
    if len(decided) == 1:
        return f"{sender}关于修改{book(decided[0].title)}的决定"
    return f"{sender}关于修改部分行政规范性文件的决定"


def attachment_names(results: Results) -> list[str]:
    """附件1 the catalogue of valid documents, 附件2–4 the lists of ATTACHED."""
    return [results.catalogue_title, *(title for _, title in ATTACHED)]


def decision_body(results: Results) -> list[str]:
    """The paragraphs of the 决定, one a line."""
    r = results
    counts = r.counts
    amended = r.decided.get("修改", ())
    lines = [
        f"根据{BASIS}的规定，{r.short}对截至{date_label(r.as_of)}{r.scope}制定的现行有效"
        f"行政规范性文件进行了清理，共清理行政规范性文件{r.total}件。经清理，{r.short}决定："
        f"{counts_sentence(counts)}。现将清理结果公布如下：",
        f"一、继续有效的行政规范性文件{counts.get('继续有效', 0)}件。截至{date_label(r.finished)}"
        f"现行有效的行政规范性文件共{r.catalogue_count}件，列入{book(r.catalogue_title)}"
        "（附件1）。",
        f"二、决定修改的行政规范性文件{counts.get('修改', 0)}件（附件2）"
        + (
            f"，修改内容见{book(amendment_title(r.sender, amended))}，修改后的文本另行公布。"
            if amended
            else "。"
        ),
        f"三、决定废止的行政规范性文件{counts.get('废止', 0)}件（附件3），自本决定公布之日起废止。",
        f"四、宣布失效的行政规范性文件{counts.get('宣布失效', 0)}件（附件4），"
        "自本决定公布之日起一律停止执行。",
        f"截至{date_label(r.finished)}{r.scope}制定、未列入{book(r.catalogue_title)}的行政规范性"
        "文件，不再作为行政管理的依据。",
        "本决定自公布之日起施行。",
    ]
    return lines


def decision_attachments(results: Results) -> str:
    return attachment_lines(attachment_names(results))


def amendment_body(results: Results) -> list[str]:
    """The 修改决定: per document its reason and the amended provisions as registered; where
    none are registered, a marked gap for the drafter (never invented text)."""
    amended = results.decided.get("修改", ())
    lines = [
        f"根据{BASIS}的规定，经清理，{results.short}决定对下列{len(amended)}件行政规范性文件"
        "予以修改："
    ]
    for index, d in enumerate(amended, start=1):
        lines.append(f"{chinese_number(index)}、{book(d.title)}（{d.number}）")
        lines.append(f"修改理由：{d.reason}。" if d.reason else "修改理由：（未登记）。")
        if d.amendment:
            source = f"（已由{d.amended_by}修改）" if d.amended_by else ""
            lines.append(f"修改内容{source}：{d.amendment}")
        else:
            lines.append("修改内容：〔清理中尚未登记修改条文，请起草后补入〕")
    titles = "、".join(book(d.title) for d in amended)
    lines.append(f"{titles}根据本决定作相应修改，重新公布。")
    lines.append("本决定自公布之日起施行。")
    return lines


def report_title(sender: str) -> str:
    return f"{sender}关于行政规范性文件清理情况的报告"


def report_body(results: Results) -> list[str]:
    """The 清理报告 to the government above: what was cleaned, the counts, the results and how
    they were published."""
    r = results
    lines = [
        f"根据{BASIS}的规定，{r.short}{_period(r.started, r.finished)}开展了行政规范性文件"
        "清理工作。现将有关情况报告如下：",
        f"一、清理范围。本次清理截至{date_label(r.as_of)}{r.scope}制定的现行有效行政规范性文件，"
        f"共{r.total}件。",
        f"二、清理结果。经清理，{counts_sentence(r.counts)}。清理后，截至{date_label(r.finished)}"
        f"现行有效的行政规范性文件共{r.catalogue_count}件。",
    ]
    for number, outcome in enumerate(("修改", "废止", "宣布失效"), start=1):
        decided = r.decided.get(outcome, ())
        if decided:
            lines.append(f"（{chinese_number(number)}）{_named(outcome, decided)}")
    lines.append(
        f"三、清理结果的公布。清理结果以{book(decision_title(r.sender))}公布，附"
        f"{book(r.catalogue_title)}和决定修改、决定废止、宣布失效的行政规范性文件目录，并在"
        f"{r.city}人民政府门户网站规范性文件专栏公开；决定修改的文件，修改后公布修改后的文本。"
    )
    return lines


def _period(started: dt.date, finished: dt.date) -> str:
    """于…至… when the register holds a start before the finish (a campaign registered after
    the work, backdated, has none to give)."""
    if started < finished:
        return f"于{date_label(started)}至{date_label(finished)}"
    return ""


def _named(outcome: str, decided: Sequence[Decided]) -> str:
    verb = {"修改": "决定修改", "废止": "决定废止", "宣布失效": "宣布失效"}[outcome]
    named = [
        f"{book(d.title)}（{d.number}）" + (f"，理由：{d.reason}" if d.reason else "")
        for d in decided[:MAX_NAMED]
    ]
    more = f"等{len(decided)}件" if len(decided) > MAX_NAMED else ""
    return f"{verb}的{len(decided)}件：{'；'.join(named)}{more}。"


def report_attachments(results: Results) -> str:
    return attachment_lines([decision_title(results.sender)])
