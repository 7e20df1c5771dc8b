"""Generate the sample published normative documents in ``sample_docs/docx/``.

Each file is laid out as a published government document per GB/T 9704-2012: red letterhead
(发文机关标志), the number line (发文字号) with the red separator line under it, the title in
2号 小标宋, the addressee (主送机关), the body in 3号 仿宋, the signature (发文机关署名), the
成文日期, an optional 附注 and the 版记 (抄送, 印发机关和印发日期), with page numbers
``— 1 —`` in 4号 宋体, odd pages right and even pages left. Chinese font names are set as East
Asian fonts (``w:eastAsia``) so Word and WPS use them.

The numbers, titles and dates follow ``sample_docs/register.toml`` so that reading a sample
(``docfiler read``) and looking it up in the register agree. The body texts are illustrative:
for the real Gaizhou documents (盖政发〔2016〕9号 …) only the number and title come from the
2016 rule-of-law report; the wording of the articles is written for this demo and is not the
original text. Each file says so in its document properties (备注).

The samples vary the number forms clerks use (〔〕, [], 【】, （）, 第, full-width digits), split
one title over two paragraphs, put one letterhead in a table, lay one document out with named
paragraph styles instead of direct formatting, and write one 成文日期 in Chinese numerals as
documents before 2012 did.

The output is byte-for-byte reproducible (fixed zip timestamps and document properties), so
re-running the script changes no committed file unless the content changed::

    .venv/bin/python scripts/make_sample_docx.py            # writes sample_docs/docx/
    .venv/bin/python scripts/make_sample_docx.py --out DIR
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "sample_docs" / "docx"

# Fonts as the office's Word templates name them.
FONT_TITLE = "方正小标宋简体"  # 小标宋
FONT_BODY = "仿宋_GB2312"  # 仿宋
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_SONG = "宋体"
FONT_LATIN = "Times New Roman"

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 2号: title
SIZE_3 = 16.0  # 3号: body
SIZE_4 = 14.0  # 4号: 版记, page numbers

RED = "FF0000"
LINE_PITCH = 28.95  # 22 lines in the 225 mm type area
CHAR = SIZE_3  # one character of body text, for indents

REAL_NOTE = (
    "文号、标题来自《盖州市政府2016年依法行政工作报告》；成文日期、印发日期与 sample_docs/register.toml"
    " 一致（推定的近似值）。正文为演示用的示例文字，不是原件。"
)
SAMPLE_NOTE = "示例数据（虚构）：文号、标题、日期与 sample_docs/register.toml 一致，正文为虚构。"

ADDRESSEE_GOV = "各乡镇人民政府，各管理区管委会，市政府各部门、各直属单位："


@dataclass(frozen=True)
class Sample:
    """One sample document. ``body`` holds (kind, text) blocks, kind one of
    ``chapter`` (centred 黑体 heading such as 第一章　总则), ``para`` (an article or paragraph),
    ``attachments`` (附件说明)."""

    filename: str
    letterhead: str
    number_as_written: str
    number: str  # canonical, as in the register
    title_lines: tuple[str, ...]
    written_on: dt.date
    date_text: str  # the 成文日期 as printed
    signature: str
    body: tuple[tuple[str, str], ...]
    printed_by: str
    printed_on_text: str  # 印发日期 as printed, without 印发
    real: bool
    addressee: str | None = None
    remark: str | None = "（此件公开发布）"
    copy_to: str | None = None
    attachment: tuple[str, tuple[tuple[str, ...], ...]] | None = None  # title, table rows
    letterhead_in_table: bool = False
    use_styles: bool = False
    tags: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def first_paragraph(self) -> str:
        return next(text for kind, text in self.body if kind == "para")


SAMPLES: tuple[Sample, ...] = (
    Sample(
        filename="gaizhengfa-2016-009.docx",
        letterhead="盖州市人民政府文件",
        number_as_written="盖政发〔2016〕9号",
        number="盖政发〔2016〕9号",
        title_lines=("盖州市城乡居民临时救助实施办法",),
        written_on=dt.date(2016, 2, 1),
        date_text="2016年2月1日",
        signature="盖州市人民政府",
        body=(
            ("chapter", "第一章　总　　则"),
            (
                "para",
                "第一条　为进一步完善社会救助体系，切实保障城乡困难群众基本生活，根据《社会救助暂行办法》"
                "（国务院令第649号）和《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号），"
                "结合本市实际，制定本办法。",
            ),
            (
                "para",
                "第二条　本办法所称临时救助，是指对遭遇突发事件、意外伤害、重大疾病或者其他特殊原因导致"
                "基本生活陷入困境，其他社会救助制度暂时无法覆盖或者救助之后基本生活暂时仍有严重困难的家庭"
                "或者个人给予的应急性、过渡性救助。",
            ),
            (
                "para",
                "第三条　临时救助工作坚持应救尽救、适度救助、公开公正、制度衔接、资源统筹的原则。",
            ),
            (
                "para",
                "第四条　市民政局负责全市临时救助工作的组织实施和监督管理。乡镇人民政府、管理区管委会负责"
                "临时救助申请的受理、审核等工作。",
            ),
            ("chapter", "第二章　救助标准"),
            (
                "para",
                "第五条　临时救助标准以本市城乡居民最低生活保障标准为基数，一般不超过月最低生活保障标准的"
                "6倍；对特别困难的，可以通过“一事一议”方式适当提高救助额度。",
            ),
            ("chapter", "第三章　附　　则"),
            ("para", "第六条　本办法由市民政局负责解释。"),
            ("para", "第七条　本办法自2016年3月1日起施行，有效期5年。"),
        ),
        copy_to="市委办公室，市人大常委会办公室，市政协办公室。",
        printed_by="盖州市人民政府办公室",
        printed_on_text="2016年2月3日",
        real=True,
        tags=("chapters",),
    ),
    Sample(
        filename="gaizhengbanfa-2016-051.docx",
        letterhead="盖州市人民政府办公室文件",
        number_as_written="盖政办发[2016]51号",
        number="盖政办发〔2016〕51号",
        title_lines=("关于公布盖州市人民政府现行有效规范性文件目录的通知",),
        written_on=dt.date(2016, 5, 16),
        date_text="2016年5月16日",
        signature="盖州市人民政府办公室",
        addressee=ADDRESSEE_GOV,
        body=(
            (
                "para",
                "根据《辽宁省规章规范性文件定期清理规定》（省政府令第237号）要求，市政府对截至2016年3月31日"
                "的现行规范性文件进行了全面清理。经市政府同意，现将继续有效的规范性文件目录予以公布。",
            ),
            (
                "para",
                "凡未列入目录的市政府及市政府办公室规范性文件，一律不再作为行政管理的依据。各地区、各部门"
                "要严格按照目录执行，并做好规范性文件的动态管理工作。",
            ),
            ("attachments", "附件：盖州市人民政府现行有效规范性文件目录"),
        ),
        attachment=(
            "盖州市人民政府现行有效规范性文件目录",
            (
                ("序号", "文件名称", "文号", "发布日期"),
                ("1", "盖州市城市供热管理办法", "盖政发〔2012〕72号", "2012年8月15日"),
                ("2", "盖州市城市绿化管理办法", "盖政发〔2015〕31号", "2015年4月1日"),
                ("3", "盖州市城乡居民临时救助实施办法", "盖政发〔2016〕9号", "2016年2月3日"),
                (
                    "4",
                    "关于公布市政府部门行政审批中介服务事项清单的通知",
                    "盖政办发〔2016〕14号",
                    "2016年3月23日",
                ),
            ),
        ),
        copy_to="营口市人民政府法制办公室，市人大常委会办公室。",
        printed_by="盖州市人民政府办公室",
        printed_on_text="2016年5月20日",
        real=True,
        tags=("square brackets", "addressee", "attachment table"),
    ),
    Sample(
        filename="gaizhengbanfa-2016-067.docx",
        letterhead="盖州市人民政府办公室文件",
        number_as_written="盖政办发【2016】67号",
        number="盖政办发〔2016〕67号",
        title_lines=("盖州市行政机关制定行政执法自由裁量基本标准规定",),
        written_on=dt.date(2016, 7, 4),
        date_text="2016年7月4日",
        signature="盖州市人民政府办公室",
        body=(
            (
                "para",
                "第一条　为规范行政执法自由裁量权的行使，保障公民、法人和其他组织的合法权益，根据有关法律、"
                "法规和规章的规定，结合本市实际，制定本规定。",
            ),
            (
                "para",
                "第二条　本规定所称行政执法自由裁量基本标准，是指行政机关在法律、法规、规章规定的行政处罚、"
                "行政许可等行政执法行为的种类、幅度范围内，结合违法行为的事实、性质、情节和社会危害程度等"
                "因素制定的具体执行标准。",
            ),
            (
                "para",
                "第三条　市政府各行政执法部门应当对本部门适用的法律、法规、规章中有自由裁量幅度的条款进行"
                "梳理，细化、量化裁量标准，报市政府法制办公室审查后向社会公布。",
            ),
            ("para", "第四条　制定自由裁量基本标准，应当遵循合法、合理、公开、过罚相当的原则。"),
            (
                "para",
                "第五条　行政执法部门作出行政执法决定时，应当在行政执法文书中说明适用裁量标准的理由。",
            ),
            ("para", "第六条　本规定自印发之日起施行。"),
        ),
        copy_to="市委办公室，市人大常委会办公室，市政协办公室。",
        printed_by="盖州市人民政府办公室",
        printed_on_text="2016年7月6日",
        real=True,
        tags=("lenticular brackets",),
    ),
    Sample(
        filename="gaizhengbanfa-2016-085.docx",
        letterhead="盖州市人民政府办公室文件",
        number_as_written="盖政办发〔２０１６〕８５号",
        number="盖政办发〔2016〕85号",
        title_lines=("盖州市重大行政处罚决定备案审查办法",),
        written_on=dt.date(2016, 8, 29),
        date_text="2016年8月29日",
        signature="盖州市人民政府办公室",
        body=(
            (
                "para",
                "第一条　为加强对重大行政处罚行为的监督，促进行政执法机关依法行政，根据《中华人民共和国"
                "行政处罚法》等有关规定，结合本市实际，制定本办法。",
            ),
            (
                "para",
                "第二条　本办法所称重大行政处罚决定，是指市政府各行政执法部门作出的责令停产停业、吊销许可证"
                "或者执照、较大数额罚款以及没收较大数额违法所得或者非法财物的行政处罚决定。",
            ),
            (
                "para",
                "第三条　行政执法部门应当自作出重大行政处罚决定之日起15日内，向市政府法制办公室报送备案。",
            ),
            (
                "para",
                "第四条　报送备案应当提交重大行政处罚决定备案报告、行政处罚决定书副本；经听证的，"
                "还应当提交听证报告书。",
            ),
            (
                "para",
                "第五条　市政府法制办公室对报送备案的重大行政处罚决定进行审查，发现违法或者明显不当的，"
                "应当提出纠正意见。",
            ),
            ("para", "第六条　本办法自2016年9月1日起施行。"),
        ),
        copy_to="市委办公室，市人大常委会办公室，市政协办公室。",
        printed_by="盖州市人民政府办公室",
        printed_on_text="2016年9月1日",
        real=True,
        tags=("full-width digits",),
    ),
    Sample(
        filename="gaizhengfa-2016-117.docx",
        letterhead="盖州市人民政府文件",
        number_as_written="盖政发（2016）117号",
        number="盖政发〔2016〕117号",
        title_lines=("关于公布新一轮自主清理调整行政审批事项", "及最终保留行政许可事项的决定"),
        written_on=dt.date(2016, 11, 14),
        date_text="2016年11月14日",
        signature="盖州市人民政府",
        addressee=ADDRESSEE_GOV,
        body=(
            (
                "para",
                "为深入推进简政放权、放管结合、优化服务改革，按照省和营口市关于行政审批制度改革的部署，"
                "市政府对市政府部门行政审批事项进行了新一轮自主清理。经市政府第29次常务会议审议通过，"
                "现决定如下：",
            ),
            ("para", "一、取消、下放和调整一批行政审批事项（见附件1）。"),
            (
                "para",
                "二、公布最终保留的行政许可事项目录（见附件2）。未列入目录的事项，一律不得实施行政许可。",
            ),
            (
                "para",
                "三、各部门要认真做好取消、下放和调整事项的衔接落实工作，加强事中事后监管，防止出现管理"
                "真空。",
            ),
            (
                "attachments",
                "附件：1．市政府取消、下放和调整的行政审批事项目录\n"
                "　　　2．市政府最终保留的行政许可事项目录",
            ),
        ),
        copy_to="营口市人民政府办公室，市委办公室，市人大常委会办公室，市政协办公室。",
        printed_by="盖州市人民政府办公室",
        printed_on_text="2016年11月16日",
        real=True,
        use_styles=True,
        tags=("full-width parentheses", "two-line title", "named styles"),
    ),
    Sample(
        filename="gaiminfa-2024-003.docx",
        letterhead="盖州市民政局文件",
        number_as_written="盖民发〔2024〕第3号",
        number="盖民发〔2024〕3号",
        title_lines=("盖州市特困人员救助供养实施细则",),
        written_on=dt.date(2024, 2, 8),
        date_text="2024年2月8日",
        signature="盖州市民政局",
        addressee="各乡镇（管理区）民政办，局属各单位：",
        body=(
            (
                "para",
                "第一条　为做好特困人员救助供养工作，保障特困人员基本生活，根据《社会救助暂行办法》"
                "（国务院令第649号）等规定，结合本市实际，制定本细则。",
            ),
            (
                "para",
                "第二条　同时具备无劳动能力、无生活来源、无法定赡养抚养扶养义务人或者其法定义务人无履行"
                "义务能力条件的老年人、残疾人以及未满18周岁的未成年人，依法纳入特困人员救助供养范围。",
            ),
            (
                "para",
                "第三条　特困人员救助供养内容包括：提供基本生活条件，对生活不能自理的给予照料，提供疾病"
                "治疗，办理丧葬事宜。",
            ),
            (
                "para",
                "第四条　特困人员基本生活标准不低于本市城乡居民最低生活保障标准的1.3倍，照料护理标准根据"
                "生活自理能力分档确定。",
            ),
            (
                "para",
                "第五条　本细则自2024年4月1日起施行。《盖州市特困人员救助供养实施细则》"
                "（盖民发〔2019〕21号）同时废止。",
            ),
        ),
        copy_to="盖州市人民政府办公室，盖州市司法局。",
        printed_by="盖州市民政局办公室",
        printed_on_text="2024年2月19日",
        real=False,
        letterhead_in_table=True,
        tags=("第", "letterhead table", "department"),
    ),
    Sample(
        filename="gaizhengfa-2010-049.docx",
        letterhead="盖州市人民政府文件",
        number_as_written="盖政发〔2010〕49号",
        number="盖政发〔2010〕49号",
        title_lines=("盖州市城区户外广告设置管理办法",),
        written_on=dt.date(2010, 6, 7),
        date_text="二〇一〇年六月七日",
        signature="盖州市人民政府",
        body=(
            (
                "para",
                "第一条　为规范城区户外广告设置，维护市容市貌，根据《城市市容和环境卫生管理条例》等规定，"
                "结合本市实际，制定本办法。",
            ),
            ("para", "第二条　本办法适用于本市城区范围内户外广告的设置及其监督管理。"),
            ("para", "第三条　市城市管理综合行政执法局是本市户外广告设置的主管部门。"),
            (
                "para",
                "第四条　设置户外广告应当符合城区户外广告设置规划，做到安全牢固、规格统一、美观整洁。",
            ),
            (
                "para",
                "第五条　设置户外广告应当向市城市管理综合行政执法局提出申请，经批准后方可设置。",
            ),
            ("para", "第六条　本办法自二〇一〇年七月一日起施行。"),
        ),
        remark=None,
        copy_to="市委办公室，市人大常委会办公室，市政协办公室。",
        printed_by="盖州市人民政府办公室",
        printed_on_text="二〇一〇年六月九日",
        real=False,
        tags=("Chinese-numeral date",),
    ),
)


# ───────────────────────────── low-level formatting ─────────────────────────────


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _set_fonts(font, east_asian: str, size: float | None = None, *, latin: str = FONT_LATIN):
    """Set a run's or style's fonts: Latin via ``font.name``, Chinese via ``w:eastAsia``."""
    from docx.shared import Pt

    font.name = latin
    rpr = font._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(_qn("w:eastAsia"), east_asian)
    if size is not None:
        font.size = Pt(size)


def _style_font(
    style, east_asian: str, size: float, *, bold: bool = False, color: str | None = None
):
    from docx.shared import Pt, RGBColor

    style.font.name = FONT_LATIN
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(_qn("w:eastAsia"), east_asian)
    style.font.size = Pt(size)
    style.font.bold = bold
    if color:
        style.font.color.rgb = RGBColor.from_string(color)


def _run(
    paragraph, text: str, east_asian: str, size: float, *, bold=False, color=None, direct=True
):
    from docx.shared import RGBColor

    run = paragraph.add_run(text)
    if direct:
        _set_fonts(run.font, east_asian, size)
        if bold:
            run.bold = True
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
    return run


def _exact_spacing(paragraph, pitch: float = LINE_PITCH, before: float = 0, after: float = 0):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(pitch)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)


def _border(paragraph, side: str, *, color: str, size_eighths: int, space: int = 1):
    """A paragraph border line (the red separator under the number, the 版记 lines)."""
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(_qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # w:pBdr must come before w:spacing/w:ind/w:jc in CT_PPr's sequence.
        anchor = next(
            (
                ppr.find(_qn(t))
                for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")
                if ppr.find(_qn(t)) is not None
            ),
            None,
        )
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            ppr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(_qn("w:val"), "single")
    line.set(_qn("w:sz"), str(size_eighths))
    line.set(_qn("w:space"), str(space))
    line.set(_qn("w:color"), color)
    borders.append(line)


def _blank(doc_or_cell, pitch: float = LINE_PITCH):
    paragraph = doc_or_cell.add_paragraph()
    _exact_spacing(paragraph, pitch)
    return paragraph


def _page_number_paragraph(footer, *, odd: bool):
    """``— N —`` in 4号 宋体; odd pages right with one character in, even pages left."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        paragraph.paragraph_format.right_indent = Pt(SIZE_4)
    else:
        paragraph.paragraph_format.left_indent = Pt(SIZE_4)
    _run(paragraph, "— ", FONT_SONG, SIZE_4)
    for kind, instr in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = _run(paragraph, "", FONT_SONG, SIZE_4)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(_qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif instr == " PAGE ":
            text = OxmlElement("w:instrText")
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            text.text = instr
            run._r.append(text)
        else:
            run.text = instr
    _run(paragraph, " —", FONT_SONG, SIZE_4)


def _setup_page(document):
    """A4, top 37 mm, binding side 28 mm, type area 156 × 225 mm, 22 lines a page."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    grid = section._sectPr.find(_qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(_qn("w:type"), "lines")
    grid.set(_qn("w:linePitch"), str(round(LINE_PITCH * 20)))
    document.settings.odd_and_even_pages_header_footer = True
    _page_number_paragraph(section.footer, odd=True)
    _page_number_paragraph(section.even_page_footer, odd=False)


def _define_styles(document):
    """Named paragraph styles for the layout; used by samples with ``use_styles``."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    styles = document.styles
    normal = styles["Normal"]
    _style_font(normal, FONT_BODY, SIZE_3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(LINE_PITCH)
    normal.paragraph_format.space_after = Pt(0)

    def add(name, east_asian, size, align, *, bold=False, color=None, indent=None):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _style_font(style, east_asian, size, bold=bold, color=color)
        style.paragraph_format.alignment = align
        if indent is not None:
            style.paragraph_format.first_line_indent = Pt(indent)
        return style

    add("公文标题", FONT_TITLE, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER)
    add("公文正文", FONT_BODY, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2 * CHAR)
    add("章标题", FONT_HEI, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER)
    add("主送机关", FONT_BODY, SIZE_3, WD_ALIGN_PARAGRAPH.LEFT)
    add("发文字号", FONT_BODY, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER)
    signature = add("发文机关署名", FONT_BODY, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(4 * CHAR)
    date = add("成文日期", FONT_BODY, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(2 * CHAR)


# ───────────────────────────── the document ─────────────────────────────


def _letterhead(sample: Sample, paragraph):
    """发文机关标志: red 小标宋, centred, as large as fits the 156 mm type area (at most 42 pt)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    size = float(min(42, 440 // len(sample.letterhead)))
    _run(paragraph, sample.letterhead, FONT_TITLE, size, color=RED)
    return paragraph


def _number_line(sample: Sample, paragraph):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_spacing(paragraph, after=4 * 2.83)  # the separator 4 mm under the number
    _run(paragraph, sample.number_as_written, FONT_BODY, SIZE_3)
    _border(paragraph, "bottom", color=RED, size_eighths=12, space=4)


def _header_block(sample: Sample, document):
    """发文机关标志, 发文字号 and the red separator line."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    if sample.letterhead_in_table:
        # Some offices lay the letterhead out in a borderless table: the 发文机关标志 in the
        # first row and the 发文字号 in the second.
        table = document.add_table(rows=2, cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for row in table.rows:
            row.cells[0].width = Mm(156)
        _letterhead(sample, table.rows[0].cells[0].paragraphs[0])
        _exact_spacing(table.rows[0].cells[0].add_paragraph())
        _number_line(sample, table.rows[1].cells[0].paragraphs[0])
        return
    _letterhead(sample, document.add_paragraph())
    _blank(document)
    _blank(document)
    _number_line(sample, document.add_paragraph())


def _para(
    document,
    text: str,
    sample: Sample,
    *,
    style: str,
    east_asian: str,
    align,
    indent=None,
    hei_lead=False,
):
    """One paragraph; a newline in ``text`` becomes a line break inside the paragraph."""
    from docx.shared import Pt

    if sample.use_styles:
        paragraph = document.add_paragraph(style=style)
    else:
        paragraph = document.add_paragraph()
        paragraph.alignment = align
        _exact_spacing(paragraph)
        if indent is not None:
            paragraph.paragraph_format.first_line_indent = Pt(indent)
    direct = not sample.use_styles
    lead, sep, rest = text.partition("　")
    if hei_lead and sep and lead.startswith("第") and lead.endswith("条"):
        # The article number in 黑体, the article itself in 仿宋, as many offices do.
        _run(paragraph, lead, FONT_HEI, SIZE_3, direct=True)
        _run(paragraph, sep + rest, east_asian, SIZE_3, direct=direct)
        return paragraph
    lines = text.split("\n")
    for n, line in enumerate(lines):
        run = _run(paragraph, line, east_asian, SIZE_3, direct=direct)
        if n < len(lines) - 1:
            run.add_break()
    return paragraph


def build(sample: Sample):
    """The python-docx Document for one sample."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    document = docx.Document()
    _define_styles(document)
    _setup_page(document)
    # A new document starts with no paragraphs; everything below is appended in order.
    _header_block(sample, document)

    _blank(document)
    for line in sample.title_lines:
        if sample.use_styles:
            paragraph = document.add_paragraph(line, style="公文标题")
        else:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _exact_spacing(paragraph)
            _run(paragraph, line, FONT_TITLE, SIZE_2)
    _blank(document)

    if sample.addressee:
        _para(
            document,
            sample.addressee,
            sample,
            style="主送机关",
            east_asian=FONT_BODY,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )

    for kind, text in sample.body:
        if kind == "chapter":
            _para(
                document,
                text,
                sample,
                style="章标题",
                east_asian=FONT_HEI,
                align=WD_ALIGN_PARAGRAPH.CENTER,
            )
        elif kind == "attachments":
            _blank(document)
            _para(
                document,
                text,
                sample,
                style="公文正文",
                east_asian=FONT_BODY,
                align=WD_ALIGN_PARAGRAPH.LEFT,
                indent=2 * CHAR,
            )
        else:
            _para(
                document,
                text,
                sample,
                style="公文正文",
                east_asian=FONT_BODY,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                indent=2 * CHAR,
                hei_lead=True,
            )

    # 发文机关署名 and 成文日期 (no seal): signature one line under the text, right, two
    # characters in; the date on the next line, its first character two characters further right.
    _blank(document)
    for text, style, indent in (
        (sample.signature, "发文机关署名", 4 * CHAR),
        (sample.date_text, "成文日期", 2 * CHAR),
    ):
        if sample.use_styles:
            document.add_paragraph(text, style=style)
        else:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(indent)
            _exact_spacing(paragraph)
            _run(paragraph, text, FONT_BODY, SIZE_3)
    if sample.remark:
        _para(
            document,
            sample.remark,
            sample,
            style="公文正文",
            east_asian=FONT_BODY,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            indent=2 * CHAR,
        )

    if sample.attachment:
        title, rows = sample.attachment
        paragraph = document.add_paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        paragraph = document.add_paragraph()
        _exact_spacing(paragraph)
        _run(paragraph, "附件", FONT_HEI, SIZE_3)
        _blank(document)
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact_spacing(paragraph)
        _run(paragraph, title, FONT_TITLE, SIZE_2)
        _blank(document)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Mm(14), Mm(62), Mm(40), Mm(40))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if c != 1 or r == 0 else WD_ALIGN_PARAGRAPH.LEFT
                )
                _run(paragraph, value, FONT_HEI if r == 0 else FONT_BODY, SIZE_4)
        _blank(document)

    # 版记: 抄送 and 印发机关/印发日期 in 4号 仿宋 between separator lines.
    _blank(document)
    if sample.copy_to:
        paragraph = document.add_paragraph()
        _exact_spacing(paragraph)
        paragraph.paragraph_format.left_indent = Pt(SIZE_4)
        paragraph.paragraph_format.right_indent = Pt(SIZE_4)
        _border(paragraph, "top", color="000000", size_eighths=8)
        _border(paragraph, "bottom", color="000000", size_eighths=4)
        _run(paragraph, f"抄送：{sample.copy_to}", FONT_BODY, SIZE_4)
    paragraph = document.add_paragraph()
    _exact_spacing(paragraph)
    paragraph.paragraph_format.left_indent = Pt(SIZE_4)
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Mm(156) - Pt(2 * SIZE_4), WD_TAB_ALIGNMENT.RIGHT
    )
    if not sample.copy_to:
        _border(paragraph, "top", color="000000", size_eighths=8)
    _border(paragraph, "bottom", color="000000", size_eighths=8)
    _run(paragraph, f"{sample.printed_by}\t{sample.printed_on_text}印发", FONT_BODY, SIZE_4)

    props = document.core_properties
    props.title = sample.title
    props.subject = sample.number
    props.author = sample.printed_by
    props.last_modified_by = sample.printed_by
    props.comments = REAL_NOTE if sample.real else SAMPLE_NOTE
    props.keywords = "规范性文件; 示例"
    stamp = dt.datetime.combine(sample.written_on, dt.time(9, 0))
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    return document


def to_bytes(document) -> bytes:
    """Serialise with fixed zip timestamps so the output is reproducible."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_all(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for sample in SAMPLES:
        path = out_dir / sample.filename
        data = to_bytes(build(sample))
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 sample_docs/docx/ 下的示例公文（.docx）。")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="输出目录（默认 sample_docs/docx/）"
    )
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
