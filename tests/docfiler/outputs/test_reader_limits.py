"""The reader's limits (issue 14, item 11): a hostile or oversized .docx is refused with a
Chinese message that names the limit and what to do, before it can take minutes or gigabytes.

The files are built here, with the text streamed into the archive so no test holds a large file
in memory; the slow cases run in a subprocess with a timeout, so a regression fails instead of
hanging the suite."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from docfiler.errors import ValidationError
from docfiler.outputs import reader_files
from docfiler.outputs.reader import read_document

W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NUMBER = "<w:p><w:r><w:t>盖政发〔2016〕9号</w:t></w:r></w:p>".encode()
TITLE = "<w:p><w:r><w:t>盖州市城乡居民临时救助实施办法</w:t></w:r></w:p>".encode()
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
KEEP_BODY = "请在 Word 或 WPS 中打开，只保留正文"


def _docx(path: Path, *chunks: bytes, repeat: int = 1, extra: dict[str, bytes] | None = None):
    """A minimal Word package whose body is NUMBER, TITLE, then `chunks` written `repeat` times
    (streamed into the archive)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<w:document " + W_NS + b"><w:body>" + NUMBER + TITLE)
            for _ in range(repeat):
                for chunk in chunks:
                    part.write(chunk)
            part.write(b"</w:body></w:document>")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as caught:
        read_document(path)
    return str(caught.value)


def test_a_small_package_built_here_reads(tmp_path):
    result = read_document(_docx(tmp_path / "ok.docx", b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"))
    assert result.doc_number == "盖政发〔2016〕9号"
    assert result.title == "盖州市城乡居民临时救助实施办法"


def test_a_zip_bomb_is_refused_by_its_declared_size_before_it_is_read(tmp_path):
    # 40 MB of text that compresses to about 40 KB.
    path = _docx(tmp_path / "炸弹.docx", b"<w:p><w:r><w:t>" + b"a" * (1 << 20) + b"</w:t></w:r></w:p>",
                 repeat=40)  # fmt: skip
    assert path.stat().st_size < 200_000
    message = _refusal(path)
    assert message.startswith(
        "“炸弹.docx”过大，无法读取：正文部分（document.xml）解压后为 40 MB，超过上限 16 MB"
        "（正常的规范性文件远小于此），文件过大或含有异常内容。"
    )
    assert KEEP_BODY in message
    assert message.endswith("也可以不读取文件，在登记时手工填写文号、标题和日期。")


def test_a_part_longer_than_its_declared_size_is_refused_as_damaged(tmp_path):
    path = _docx(tmp_path / "谎报.docx", b"<w:p/>" * 200_000)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # Declare 2,000 bytes in the local header and in the central directory (zip64 extra fields
    # too), so the limits pass and only reading can find out.
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            start = at + 4
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = struct.pack("<I", 2000)
                _patch_zip64(data, name_at + len(name), at, signature)
    path.write_bytes(bytes(data))
    assert "文件可能不完整或已损坏" in _refusal(path)


def _patch_zip64(data: bytearray, extra_at: int, header_at: int, signature: bytes) -> None:
    """Set the uncompressed size in a zip64 extra field (id 1), if the entry has one."""
    extra_len_at = header_at + (28 if signature == b"PK\x03\x04" else 30)
    (extra_len,) = struct.unpack("<H", data[extra_len_at : extra_len_at + 2])
    end = extra_at + extra_len
    at = extra_at
    while at + 4 <= end:
        ident, size = struct.unpack("<HH", data[at : at + 4])
        if ident == 1 and size >= 8:
            data[at + 4 : at + 12] = struct.pack("<Q", 2000)
        at += 4 + size


def test_a_flood_of_empty_paragraphs_is_refused(tmp_path):
    message = _refusal(_docx(tmp_path / "段落.docx", b"<w:p/>", repeat=25_000))
    assert message.startswith(
        "“段落.docx”过大，无法读取：段落数超过上限 20,000 个（正常的规范性文件远小于此）"
    )
    assert KEEP_BODY in message


def test_a_flood_of_line_breaks_is_refused(tmp_path):
    path = _docx(tmp_path / "换行.docx", b"<w:p><w:r>", b"<w:t>a</w:t><w:br/>" * 60_000,
                 b"</w:r></w:p>")  # fmt: skip
    assert _refusal(path).startswith("“换行.docx”过大，无法读取：行数超过上限 50,000 行")


def test_a_flood_of_runs_is_refused(tmp_path):
    path = _docx(tmp_path / "片段.docx", b"<w:p>",
                 b"<w:r><w:rPr><w:b/></w:rPr><w:t>a</w:t></w:r>" * 110_000, b"</w:p>")  # fmt: skip
    assert _refusal(path).startswith("“片段.docx”过大，无法读取：格式片段数超过上限 100,000 个")


def test_too_many_parts_are_refused(tmp_path):
    parts = {f"word/media/p{i}.xml": b"" for i in range(5_001)}
    message = _refusal(_docx(tmp_path / "部件.docx", extra=parts))
    assert message.startswith("“部件.docx”过大，无法读取：包含 5,003 个部件，超过上限 5,000 个")


def test_the_total_and_the_file_size_are_limited(tmp_path, monkeypatch):
    path = _docx(tmp_path / "图片.docx", extra={"word/media/image1.png": b"\0" * 3 * (1 << 20)})
    monkeypatch.setattr(reader_files, "MAX_TOTAL_BYTES", 2 << 20)
    assert _refusal(path).startswith("“图片.docx”过大，无法读取：解压后共 3 MB，超过上限 2 MB")
    monkeypatch.setattr(reader_files, "MAX_FILE_BYTES", 1024)
    assert re.match(
        r"“图片\.docx”过大，无法读取：文件大小为 [0-9.]+ MB，超过上限 0 MB", _refusal(path)
    )


def test_an_oversized_styles_part_is_refused(tmp_path, monkeypatch):
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="r1" Target="styles.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/styles"/></Relationships>'
    )
    extra = {
        "word/_rels/document.xml.rels": rels,
        "word/styles.xml": b"<w:styles " + W_NS + b">" + b" " * 2000 + b"</w:styles>",
    }
    path = _docx(tmp_path / "样式.docx", extra=extra)
    assert read_document(path).doc_number == "盖政发〔2016〕9号"
    monkeypatch.setattr(reader_files, "MAX_SMALL_PART_BYTES", 1000)
    assert _refusal(path).startswith("“样式.docx”过大，无法读取：部件 word/styles.xml 解压后为")


def test_deep_nesting_and_entity_expansion_are_harmless(tmp_path):
    deep = _docx(tmp_path / "嵌套.docx", b"<w:sdt>" * 5_000, b"</w:sdt>" * 5_000)
    assert "文件可能不完整或已损坏" in _refusal(deep)
    laughs = tmp_path / "实体.docx"
    entities = b"".join(
        b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">'
        % ((i,) + (i - 1,) * 10)
        for i in range(1, 10)
    )
    with zipfile.ZipFile(laughs, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "word/document.xml",
            b'<!DOCTYPE w:document [<!ENTITY l0 "ha">' + entities + b"]><w:document " + W_NS
            + b"><w:body>" + NUMBER + b"<w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>",
        )  # fmt: skip
    with pytest.raises(ValidationError):
        read_document(laughs)


def test_a_macro_enabled_document_is_named(tmp_path):
    path = tmp_path / "宏.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.replace(b"document.main+xml", b"document.macroEnabled.main+xml").replace(
                b"officedocument.wordprocessingml", b"ms-word"
            ),
        )
        archive.writestr("word/document.xml", b"<w:document " + W_NS + b"/>")
    assert _refusal(path).startswith("“宏.docx”是 Word 模板或启用宏的文档")


SCRIPT = """
import sys
from docfiler.errors import ValidationError
from docfiler.outputs.reader import read_document
try:
    read_document(sys.argv[1])
except ValidationError as error:
    print(error)
"""


@pytest.mark.parametrize(
    ("chunks", "repeat", "expected"),
    [
        ((b"<w:p><w:r><w:t>" + b"a" * (1 << 20) + b"</w:t></w:r></w:p>",), 200, "解压后为 200 MB"),
        ((b"<w:p/>",), 1_000_000, "段落数超过上限 20,000 个"),
        ((b"<w:p><w:r>", b"<w:t>a</w:t>" * 1_400_000, b"</w:r></w:p>"), 1, "解压后为 16"),
    ],
    ids=["200MB-bomb", "million-paragraphs", "just-over-16MB"],
)
def test_hostile_files_are_refused_in_a_bounded_time(tmp_path, chunks, repeat, expected):
    path = _docx(tmp_path / "大.docx", *chunks, repeat=repeat)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
        check=True,
    )
    assert expected in done.stdout
    assert KEEP_BODY in done.stdout
