"""`docfiler compilation` on the sample register (today 2026-11-26): what it writes and says."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from tests.docfiler.outputs.test_compilation import EXPECTED, WITHOUT_TEXT


def _titles(path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode()
    return [title for _, title in EXPECTED if f">{title}<" in xml]


def test_it_writes_the_compilation_and_names_the_documents_without_text(sample, tmp_path):
    out = tmp_path / "汇编.docx"
    result = sample.ok("compilation", "-o", str(out), "--no-page-numbers")
    assert result.lines == [f"已生成《盖州市人民政府现行有效行政规范性文件汇编》：{out}（17 件）"]
    assert f"警告：{'、'.join(WITHOUT_TEXT)}没有录入正文，汇编中写“（正文未录入）”。" in result.err
    assert _titles(out) == [title for _, title in EXPECTED]


def test_it_never_overwrites_without_force(sample, tmp_path):
    out = tmp_path / "汇编.docx"
    out.write_bytes(b"the clerk's own file")
    refused = sample("compilation", "-o", str(out), "--no-page-numbers")
    assert refused.code == 1
    assert "已存在，没有覆盖" in refused.err and "--force" in refused.err
    assert out.read_bytes() == b"the clerk's own file"
    sample.ok("compilation", "-o", str(out), "--no-page-numbers", "--force")
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == ["汇编.docx"]  # no .part left behind


def test_scope_options_as_the_catalogue(sample, tmp_path):
    out = tmp_path / "民政局.docx"
    result = sample.ok(
        "compilation", "--authority", "盖州市民政局", "--as-of", "2026-11-26", "-o", str(out),
        "--no-page-numbers", "--editor", "盖州市司法局",
    )  # fmt: skip
    # 盖民发〔2019〕21号 was replaced by 盖民发〔2024〕3号 (same title)
    assert result.lines == [f"已生成《盖州市民政局现行有效行政规范性文件汇编》：{out}（1 件）"]
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode()
    assert "盖民发〔2024〕3号" in xml and "盖民发〔2019〕21号" not in xml
    assert ">盖州市司法局<" in xml
    both = sample(
        "compilation", "--all", "--authority", "盖州市民政局", "-o", str(tmp_path / "b.docx")
    )
    assert both.code != 0 and "--all" in both.err


def test_the_toc_is_paged_by_libreoffice(sample, tmp_path):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("没有 LibreOffice")
    out = tmp_path / "汇编.docx"
    result = sample.ok("compilation", "-o", str(out))
    assert "目录未填页码" not in result.err
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode()
    # the first document, 盖州市城乡居民临时救助实施办法, on page 1 (the TOC's own pages: I …)
    first = (
        "PAGEREF _Toc100000001 \\h </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t xml:space="preserve">1</w:t>'
    )
    assert first in xml


def test_without_libreoffice_the_toc_waits_for_word(sample, tmp_path, monkeypatch):
    from docfiler.outputs import compilation_pages

    monkeypatch.setattr(compilation_pages, "tools", lambda: None)
    out = tmp_path / "汇编.docx"
    result = sample.ok("compilation", "-o", str(out))
    assert "警告：目录未填页码（没有安装 LibreOffice（soffice）或 pdftotext）" in result.err
    assert "右键单击目录、选“更新域”" in result.err
    assert _titles(out) == [title for _, title in EXPECTED]
