"""Issue 10, item 3: the fonts a clerk sees are the fonts the styles name. Checked by resolving
the effective font of every run (effective_fonts.py), in every output, and in the templates
themselves: no theme, no theme-font attribute, a font table, real core properties."""

import datetime as dt
import importlib.util
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from docfiler.outputs.catalogue import make_catalogue, make_repealed_list
from docfiler.outputs.cleanup_report import make_cleanup_report
from docfiler.outputs.filing_report import make_filing_report
from docfiler.outputs.word import TEMPLATE_NAMES, find_template
from tests.docfiler.outputs.effective_fonts import body_runs, footer_runs

TODAY = dt.date(2026, 11, 26)
ROOT = Path(__file__).resolve().parents[3]
EXPECTED = {
    # where: (East Asian font, size in pt)
    "Title": ("方正小标宋简体", 22),
    "Heading1": ("黑体", 16),
    "table-head": ("黑体", None),
    "table-body": ("仿宋_GB2312", None),
    "Normal": ("仿宋_GB2312", 16),
}
TABLE_SIZES = {"catalogue": 10.5, "filing_report": 12, "repealed": 10.5, "changes": 10.5}


@pytest.fixture(scope="module")
def outputs(sqlite_demo, tmp_path_factory):
    """Every output of the sample register, by the template it was made from."""
    folder = tmp_path_factory.mktemp("fonts")
    office = sqlite_demo
    made = {
        "catalogue": make_catalogue(office=office, output=folder / "c.docx", as_of=TODAY).path,
        "repealed": make_repealed_list(office=office, output=folder / "r.docx").path,
        "filing_report": make_filing_report(
            office=office, output=folder / "f.docx", body="营口市人民政府"
        ).path,
    }
    cleanup = make_cleanup_report(
        office=office, campaign="2024年盖州市行政规范性文件全面清理", folder=folder / "清理"
    )
    made["changes"] = cleanup.outputs[-1].path
    made["cleanup-lists"] = cleanup.outputs[0].path
    made["cleanup-catalogue"] = cleanup.outputs[-2].path
    return made


@pytest.mark.parametrize(
    "kind",
    ["catalogue", "repealed", "filing_report", "changes", "cleanup-lists", "cleanup-catalogue"],
)
def test_every_run_has_the_font_its_role_calls_for(outputs, kind):
    template = {"cleanup-lists": "repealed", "cleanup-catalogue": "catalogue"}.get(kind, kind)
    runs = body_runs(outputs[kind])
    roles = {where for where, _ in runs}
    assert {"Title", "table-head"} <= roles
    assert "table-body" in roles or kind == "cleanup-lists"  # the sample repeals nothing
    for where, font in runs:
        east_asia, size = EXPECTED[where]
        if where == "Normal" and re.fullmatch(r"附件\d", font.text):  # GB/T 9704: 3号黑体
            east_asia = "黑体"
        size = size or TABLE_SIZES[template]
        assert (font.east_asia, font.ascii, font.size, font.from_theme) == (
            east_asia,
            "Times New Roman",
            size,
            False,
        ), (kind, where, font)
    for font in footer_runs(outputs[kind]):  # — 1 —: 4号宋体
        assert (font.east_asia, font.size, font.from_theme) == ("宋体", 14, False)


def test_an_edit_of_the_title_font_in_the_template_takes_effect(sqlite_demo, tmp_path, monkeypatch):
    """The defect: theme attributes left in the Title style overrode any font put there."""
    folder = tmp_path / "模板"
    folder.mkdir()
    template = folder / "catalogue.docx"
    shutil.copy(find_template("catalogue"), template)
    edited = open_docx(str(template))
    fonts = edited.styles["Title"].element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), "华文中宋")
    edited.styles["Heading 1"].element.rPr.rFonts.set(qn("w:eastAsia"), "楷体_GB2312")
    edited.save(str(template))
    monkeypatch.setenv("DOCFILER_TEMPLATE_DIR", str(folder))
    out = make_catalogue(office=sqlite_demo, output=tmp_path / "目录.docx").path
    runs = body_runs(out)
    assert {f.east_asia for where, f in runs if where == "Title"} == {"华文中宋"}
    assert {f.east_asia for where, f in runs if where == "Heading1"} == {"楷体_GB2312"}


@pytest.mark.parametrize("name", sorted(TEMPLATE_NAMES.values()))
def test_the_templates_are_clean(name):
    path = find_template(name.removesuffix(".docx"))
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        styles = package.read("word/styles.xml").decode()
        font_table = package.read("word/fontTable.xml").decode()
        core = package.read("docProps/core.xml").decode()
    assert not re.search(r"\w+Theme=", styles)  # no asciiTheme, eastAsiaTheme …
    assert not any(n.startswith("word/theme/") for n in names)
    assert not any("thumbnail" in n for n in names)
    listed = set(re.findall(r'<w:font w:name="([^"]+)"', font_table))
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "宋体", "Times New Roman"} <= listed
    assert re.search(r"<dc:title>[^<]*（模板）</dc:title>", core)
    assert re.search(r"<dcterms:created [^>]*>\d{4}-\d\d-\d\dT", core)
    assert "python-docx" not in core and "ＭＳ" not in styles


def _builder():
    spec = importlib.util.spec_from_file_location(
        "make_templates", ROOT / "scripts" / "make_templates.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_templates_are_what_the_script_builds():
    """templates/*.docx are regenerated by scripts/make_templates.py, never edited by hand."""
    builder = _builder()
    for name in builder.TEMPLATES:
        built = builder.package(name, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        with zipfile.ZipFile(ROOT / "templates" / name) as shipped:
            assert set(shipped.namelist()) == set(built)
            for part, text in built.items():
                if part != "docProps/core.xml":
                    assert shipped.read(part).decode() == text, (name, part)


def test_an_output_carries_its_own_title_and_date(outputs):
    with zipfile.ZipFile(outputs["catalogue"]) as package:
        core = package.read("docProps/core.xml").decode()
    assert "<dc:title>盖州市人民政府现行有效行政规范性文件目录</dc:title>" in core
    created = re.search(r"<dcterms:created [^>]*>([^<]+)<", core).group(1)
    assert created[:4] == str(dt.datetime.now(dt.UTC).year)
