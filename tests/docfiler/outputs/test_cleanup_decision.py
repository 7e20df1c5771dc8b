"""Issue 10, item 8: a cleanup's results the way they are published — the 决定 with the counts per
outcome, its standard clauses and the lists as 附件1–4, the 修改决定 with the amended provisions as
registered, the 清理报告 to 营口市人民政府 — read back from the .docx and rendered by LibreOffice.
Expected values are written out by hand from sample_docs/register.toml and the plan of the
`decided` fixture (22 documents in the worklist: 18 kept, 1 amended, 1 repealed, 2 invalid)."""

import datetime as dt
import subprocess

from docfiler.outputs.cleanup_report import make_cleanup_report
from docfiler.services.cleanup import decide, finish_campaign
from tests.docfiler.outputs.read_back import outline
from tests.docfiler.outputs.test_cleanup_report import decided  # noqa: F401  (the fixture)
from tests.docfiler.outputs.test_word import soffice  # noqa: F401  (the fixture)

D = dt.date
CAMPAIGN = "2026年清理"
ATTACHMENTS = [
    "附件：1.盖州市现行有效行政规范性文件目录",
    "2.决定修改的行政规范性文件目录",
    "3.决定废止的行政规范性文件目录",
    "4.宣布失效的行政规范性文件目录",
]
DECISION_BODY = [
    "根据《辽宁省规章规范性文件定期清理规定》（辽宁省人民政府令第237号）的规定，市政府对截至"
    "2026年11月1日以市政府、市政府办公室和市政府各部门名义制定的现行有效行政规范性文件进行了"
    "清理，共清理行政规范性文件22件。经清理，市政府决定：继续有效18件，修改1件，废止1件，"
    "宣布失效2件。现将清理结果公布如下：",
    "一、继续有效的行政规范性文件18件。截至2026年11月20日现行有效的行政规范性文件共21件，"
    "列入《盖州市现行有效行政规范性文件目录》（附件1）。",
    "二、决定修改的行政规范性文件1件（附件2），修改内容见《盖州市人民政府关于修改〈盖州市城区"
    "共享电动自行车停放管理暂行办法〉的决定》，修改后的文本另行公布。",
    "三、决定废止的行政规范性文件1件（附件3），自本决定公布之日起废止。",
    "四、宣布失效的行政规范性文件2件（附件4），自本决定公布之日起一律停止执行。",
    "截至2026年11月20日以市政府、市政府办公室和市政府各部门名义制定、未列入《盖州市现行有效"
    "行政规范性文件目录》的行政规范性文件，不再作为行政管理的依据。",
    "本决定自公布之日起施行。",
]


def _lines(path):
    """The paragraphs as a reader sees them: a line break starts a new line."""
    return [line.strip("\u3000") for item in outline(path) for line in item.split("\n")]


def test_the_decision_gives_the_counts_the_clauses_and_the_attachments(decided, tmp_path):  # noqa: F811
    finish_campaign(office=decided, campaign=CAMPAIGN, on=D(2026, 11, 20))
    folder = tmp_path / "2026"
    result = make_cleanup_report(office=decided, campaign=CAMPAIGN, folder=folder)
    assert [o.path.name for o in result.outputs] == [
        "废止的行政规范性文件目录.docx",
        "宣布失效的行政规范性文件目录.docx",
        "修改的行政规范性文件目录.docx",
        "清理结果的决定.docx",
        "修改决定.docx",
        "清理情况的报告.docx",
        "现行有效行政规范性文件目录.docx",
        "目录变化情况.docx",
    ]
    assert _lines(folder / "清理结果的决定.docx") == [
        "盖州市人民政府",  # the organ on its own line, 关于… under it: no word broken
        "关于公布行政规范性文件清理结果的决定",
        "各乡镇人民政府、街道办事处，市政府各部门、各直属单位：",
        *DECISION_BODY,
        *ATTACHMENTS,
        "盖州市人民政府",
        "2026年11月20日",
    ]
    # Each list carries the label the decision gives it.
    for name, label in [
        ("现行有效行政规范性文件目录.docx", ["附件1", "盖州市现行有效行政规范性文件目录"]),
        ("修改的行政规范性文件目录.docx", ["附件2", "决定修改的行政规范性文件目录"]),
        ("废止的行政规范性文件目录.docx", ["附件3", "决定废止的行政规范性文件目录"]),
        ("宣布失效的行政规范性文件目录.docx", ["附件4", "宣布失效的行政规范性文件目录"]),
    ]:
        assert outline(folder / name)[:2] == label, name


def test_the_amendment_decision_quotes_what_is_registered_and_marks_what_is_not(
    decided,  # noqa: F811
    tmp_path,
):
    decide(
        office=decided,
        campaign=CAMPAIGN,
        number="盖政发〔2023〕29号",
        decision="修改",
        reason="低保认定条件需与上位规定衔接",
        amended_by="盖政发〔2025〕27号",
    )
    finish_campaign(office=decided, campaign=CAMPAIGN, on=D(2026, 11, 20))
    folder = tmp_path / "2026"
    make_cleanup_report(office=decided, campaign=CAMPAIGN, folder=folder)
    assert _lines(folder / "修改决定.docx") == [
        "盖州市人民政府",
        "关于修改部分行政规范性文件的决定",
        "各乡镇人民政府、街道办事处，市政府各部门、各直属单位：",
        "根据《辽宁省规章规范性文件定期清理规定》（辽宁省人民政府令第237号）的规定，经清理，"
        "市政府决定对下列2件行政规范性文件予以修改：",
        "一、《盖州市城乡居民最低生活保障实施办法》（盖政发〔2023〕29号）",
        "修改理由：低保认定条件需与上位规定衔接。",
        # The amending document's registered text (sample_docs/register.toml).
        "修改内容（已由盖政发〔2025〕27号修改）：将第十条中“家庭人均收入低于当年最低生活保障"
        "标准”修改为“共同生活的家庭成员人均收入低于当年最低生活保障标准，且财产状况符合规定”。",
        "二、《盖州市城区共享电动自行车停放管理暂行办法》（盖政办发〔2025〕42号）",
        "修改理由：与上位法不一致。",
        "修改内容：〔清理中尚未登记修改条文，请起草后补入〕",  # never invented
        "《盖州市城乡居民最低生活保障实施办法》、《盖州市城区共享电动自行车停放管理暂行办法》"
        "根据本决定作相应修改，重新公布。",
        "本决定自公布之日起施行。",
        "盖州市人民政府",
        "2026年11月20日",
    ]
    decision = _lines(folder / "清理结果的决定.docx")
    assert "继续有效17件，修改2件，废止1件，宣布失效2件" in decision[3]


def test_the_report_goes_to_the_government_above(decided, tmp_path):  # noqa: F811
    finish_campaign(office=decided, campaign=CAMPAIGN, on=D(2026, 11, 20))
    folder = tmp_path / "2026"
    make_cleanup_report(
        office=decided, campaign=CAMPAIGN, folder=folder, contact="李某", phone="0417-7123456"
    )
    lines = _lines(folder / "清理情况的报告.docx")
    assert lines[:3] == ["盖州市人民政府", "关于行政规范性文件清理情况的报告", "营口市人民政府："]
    # The campaign was registered on the day the test runs, after its finish date: no period.
    assert lines[3] == (
        "根据《辽宁省规章规范性文件定期清理规定》（辽宁省人民政府令第237号）的规定，市政府开展了"
        "行政规范性文件清理工作。现将有关情况报告如下："
    )
    assert lines[5] == (
        "二、清理结果。经清理，继续有效18件，修改1件，废止1件，宣布失效2件。清理后，"
        "截至2026年11月20日现行有效的行政规范性文件共21件。"
    )
    assert lines[7] == (
        "（二）决定废止的1件：《盖州市城市供热管理办法》（盖政发〔2022〕38号），"
        "理由：已被新规定替代。"
    )
    assert lines[9].startswith("三、清理结果的公布。清理结果以《盖州市人民政府关于公布行政规范性")
    assert lines[-5:] == [
        "特此报告。",
        "附件：盖州市人民政府关于公布行政规范性文件清理结果的决定",
        "盖州市人民政府",
        "2026年11月20日",
        "（联系人：李某，电话：0417-7123456）",
    ]


def test_the_rendered_decision_shows_the_counts_and_the_attachments(
    decided,  # noqa: F811
    soffice,  # noqa: F811
    tmp_path,
):
    """LibreOffice → PDF → pdftotext: the counts and the 附件 labels are on the page, the title
    unbroken inside a word, the date 右空四字 (it ends four characters before the margin)."""
    finish_campaign(office=decided, campaign=CAMPAIGN, on=D(2026, 11, 20))
    folder = tmp_path / "2026"
    make_cleanup_report(office=decided, campaign=CAMPAIGN, folder=folder)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(folder / "清理结果的决定.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "pdf" / "清理结果的决定.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    squeezed = "".join(text.split())
    for expected in [
        "盖州市人民政府关于公布行政规范性文件清理结果的决定",
        "继续有效18件，修改1件，废止1件，宣布失效2件",
        "（附件1）",
        "（附件2）",
        "（附件3）",
        "（附件4）",
        "不再作为行政管理的依据",
        "本决定自公布之日起施行",
        *("".join(line.split()) for line in ATTACHMENTS),
        "盖州市人民政府2026年11月20日",
    ]:
        assert expected in squeezed, expected
    lines = [line for line in text.splitlines() if line.strip()]
    assert "".join(lines[0].split()) == "盖州市人民政府"
    assert "".join(lines[1].split()) == "关于公布行政规范性文件清理结果的决定"
    assert "—1—" in squeezed
