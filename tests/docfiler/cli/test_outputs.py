"""catalogue, repealed-list, filing-report and read: Word files written, then read back."""

import json
import shutil
from pathlib import Path

import pytest

from docfiler.cli import main
from tests.docfiler.cli.conftest import SAMPLE_DOCS, Cli, word_paragraphs, word_rows
from tests.docfiler.cli.test_documents import IN_FORCE


def numbers_in(path: Path) -> list[str]:
    return [row[2] for row in word_rows(path) if row[0] != "序号"]


def test_catalogue_of_today(sample: Cli, tmp_path):
    # The government's own catalogue (盖政办发〔2016〕51号): 市政府 and 市政府办公室.
    output = tmp_path / "现行有效行政规范性文件目录.docx"
    result = sample.ok("catalogue", "-o", str(output))
    assert result.out == f"已生成《盖州市人民政府现行有效行政规范性文件目录》：{output}（17 件）\n"
    paragraphs = word_paragraphs(output)
    assert paragraphs[:4] == [
        "盖州市人民政府现行有效行政规范性文件目录",
        "（截至2026年11月26日，共17件）",
        "盖州市人民政府（7件）",
        "盖州市人民政府办公室（10件）",
    ]
    assert (
        "4",  # after 盖政发〔2016〕9号, 117号 (no stated validity: in force) and 〔2022〕38号
        "《盖州市城乡居民最低生活保障实施办法》",
        "盖政发〔2023〕29号",
        "2023年4月12日\n2025年4月16日修改",  # the 修改决定 was published 2025-04-16
        "根据盖政发〔2025〕27号修改",
    ) in word_rows(output)
    assert "盖政发〔2025〕27号" not in numbers_in(output)


def test_catalogue_of_every_authority_or_of_several(sample: Cli, tmp_path):
    everything = tmp_path / "全部.docx"
    sample.ok("catalogue", "--all", "-o", str(everything))
    # In force (test_documents.IN_FORCE), less the 修改决定, plus the two published documents
    # awaiting their 施行日期.
    expected = (set(IN_FORCE) - {"盖政发〔2025〕27号"}) | {
        "盖政发〔2026〕96号",
        "盖教发〔2026〕41号",
    }
    assert sorted(numbers_in(everything)) == sorted(expected)
    assert [row[0] for row in word_rows(everything) if row[0] != "序号"] == [
        str(n) for n in range(1, 24)
    ]  # 序号 runs on through the whole list
    two = tmp_path / "两局.docx"
    result = sample.ok(
        "catalogue", "--authority", "盖州市民政局", "--authority", "盖州市财政局", "-o", str(two)
    )
    assert result.out == f"已生成《盖州市现行有效行政规范性文件目录》：{two}（2 件）\n"
    assert numbers_in(two) == ["盖民发〔2024〕3号", "盖财发〔2023〕27号"]  # the last no longer wins
    refused = sample(
        "catalogue", "--all", "--authority", "盖州市民政局", "-o", str(tmp_path / "x.docx")
    )
    assert refused.code != 0 and "只能选一种" in refused.err


def test_catalogue_as_it_stood_for_one_authority(sample: Cli, tmp_path):
    # 盖州市人民政府's documents in force on 2017-01-01: the 2010 rules had lapsed in 2015.
    output = tmp_path / "2017年目录.docx"
    result = sample.ok(
        "catalogue", "--as-of", "2017-01-01", "--authority", "盖州市人民政府", "-o", str(output)
    )
    assert result.out == f"已生成《盖州市人民政府现行有效行政规范性文件目录》：{output}（4 件）\n"
    assert numbers_in(output) == [
        "盖政发〔2012〕72号",
        "盖政发〔2015〕31号",
        "盖政发〔2016〕9号",
        "盖政发〔2016〕117号",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("目录.txt", "错误：输出文件“{path}”应以 .docx 结尾。\n"),
        ("文件夹.docx", "错误：“{path}”是一个文件夹，请给出文件名，如 目录.docx。\n"),
    ],
)
def test_catalogue_output_must_be_a_docx_file(sample: Cli, tmp_path, name, message):
    output = tmp_path / name
    if output.suffix == ".docx":
        output.mkdir()
    result = sample("catalogue", "-o", str(output))
    assert (result.code, result.out, result.err) == (1, "", message.format(path=output))


def test_a_missing_template_is_explained(sample: Cli, tmp_path, monkeypatch):
    import docfiler.outputs.word as word

    monkeypatch.setattr(word, "packaged_template_dir", lambda: tmp_path / "没有模板")
    result = sample("catalogue", "-o", str(tmp_path / "目录.docx"))
    assert result.code == 1 and result.out == ""
    assert result.err.startswith(
        "错误：找不到现行有效行政规范性文件目录的 Word 模板 catalogue.docx。已查找："
    )
    assert (
        "请把模板放到配置的模板目录（config.toml 中 [templates] dir），或重新安装 docfiler。"
        in (result.err)
    )
    assert not (tmp_path / "目录.docx").exists()


def test_the_offices_own_template_from_config(sample_url, capsys, tmp_path, monkeypatch):
    from docx import Document

    from docfiler.outputs.word import packaged_template_dir

    templates = tmp_path / "模板"
    templates.mkdir()
    restyled = Document(str(packaged_template_dir() / "catalogue.docx"))
    restyled.add_paragraph("盖州市司法局印制")
    restyled.save(str(templates / "catalogue.docx"))
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'[templates]\ndir = "{templates}"\n', encoding="utf-8")
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(config))
    output = tmp_path / "目录.docx"
    assert main(["--db", sample_url, "catalogue", "-o", str(output)]) == 0
    assert word_paragraphs(output)[-1] == "盖州市司法局印制"
    assert len(numbers_in(output)) == 17  # the government's own catalogue


def test_repealed_list_since_a_day(sample: Cli, tmp_path):
    # Since 2024-01-01: 盖民发〔2019〕21号 repealed 2024-04-01, two declared invalid on 2024-06-28,
    # 盖财发〔2020〕46号 lapsed after 2025-12-31.
    output = tmp_path / "废止和失效目录.docx"
    result = sample.ok("repealed-list", "--since", "2024-01-01", "-o", str(output))
    assert result.out == f"已生成《盖州市废止和失效行政规范性文件目录》：{output}（4 件）\n"
    assert sorted(numbers_in(output)) == sorted(
        ["盖民发〔2019〕21号", "盖政办发〔2019〕61号", "盖政办发〔2020〕9号", "盖财发〔2020〕46号"]
    )
    assert word_paragraphs(output)[0] == "盖州市废止和失效行政规范性文件目录"


def test_repealed_list_as_it_stood(sample: Cli, tmp_path):
    output = tmp_path / "2019年废止和失效目录.docx"
    result = sample.ok(
        "repealed-list", "--since", "2017-01-01", "--as-of", "2019-01-01", "-o", str(output)
    )
    # 盖政发〔2012〕72号 repealed 2017-09-01; 盖政办发〔2014〕19号 (暂行) had lapsed in 2016.
    assert result.out == f"已生成《盖州市废止和失效行政规范性文件目录》：{output}（1 件）\n"
    assert numbers_in(output) == ["盖政发〔2012〕72号"]


def test_filing_report_of_everything_pending_with_a_body(sample: Cli, tmp_path):
    output = tmp_path / "备案报告.docx"
    result = sample.ok(
        "filing-report",
        "--body",
        "营口市人民政府",
        *("--number", "盖政〔2026〕12号", "--signer", "王某某", "--contact", "李某"),
        "-o",
        str(output),
    )
    title = "盖州市人民政府关于报送《盖州市城区临时占道经营管理办法》等2件行政规范性文件备案的报告"
    assert result.lines == [
        f"已生成《{title}》：{output}",
        "报告日期：2026年11月26日（要改用 --date）",
        '报送后登记：docfiler file "盖政办发〔2026〕73号" --body 营口市人民政府 --submitted 日期'
        "（每件文件各登记一次）",
    ]
    paragraphs = word_paragraphs(output)
    assert paragraphs[:3] == [
        "\t盖政〔2026〕12号\t签发人：王某某",
        "盖州市人民政府关于报送\n《盖州市城区临时占道经营管理办法》\n等2件行政规范性文件备案的报告",
        "营口市人民政府：",
    ]
    assert paragraphs[-3:] == ["盖州市人民政府", "2026年11月26日", "（联系人：李某）"]
    assert numbers_in(output) == ["盖政办发〔2026〕73号", "盖政办发〔2026〕81号"]


def test_filing_report_of_one_named_document(sample: Cli, tmp_path):
    output = tmp_path / "备案报告.docx"
    result = sample.ok(
        "filing-report",
        "--body",
        "盖州市人大常委会",
        "--documents",
        "盖政发〔2026〕96号",
        *("--number", "盖政〔2026〕13号", "--signer", "王某某", "--date", "2026-11-27"),
        "-o",
        str(output),
    )
    assert result.lines == [
        f"已生成《盖州市人民政府关于报送《盖州市城市生活垃圾分类管理办法》备案的报告》：{output}",
        "报告日期：2026年11月27日（要改用 --date）",
        '报送后登记：docfiler file "盖政发〔2026〕96号" --body 盖州市人大常委会 --submitted 日期',
    ]
    assert numbers_in(output) == ["盖政发〔2026〕96号"]


def test_filing_report_to_an_unknown_body(sample: Cli, tmp_path):
    output = tmp_path / "备案报告.docx"
    result = sample(
        "filing-report",
        "--body",
        "某机关",
        "--number",
        "盖政〔2026〕1号",
        "--signer",
        "王某某",
        "-o",
        str(output),
    )
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("错误：没有需要向“某机关”备案的文件。备案机关有：")
    assert not output.exists()


def test_read_a_published_document(capsys):
    sample = SAMPLE_DOCS / "docx" / "gaizhengfa-2016-009.docx"
    assert main(["read", str(sample)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:6] == [
        "文号：盖政发〔2016〕9号",
        "标题：盖州市城乡居民临时救助实施办法",
        "成文日期：2016-02-01",
        "印发日期：2016-02-03",  # the 版记: 盖州市人民政府办公室 2016年2月3日印发
        "有效期：5 年（正文规定）",  # the sample text's 第七条: "……施行，有效期5年。"
        "正文：第一章　总　　则",
    ]
    assert lines[-1].endswith("……")
    assert main(["read", str(sample), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["signatory"], data["warnings"]) == ("盖州市人民政府", [])


def test_read_a_short_document_with_what_is_missing(tmp_path, capsys):
    from docx import Document

    path = tmp_path / "通知.docx"
    document = Document()
    document.add_paragraph("盖政办发〔2026〕90号")
    document.add_paragraph("各乡镇人民政府：")
    document.add_paragraph("请按时报送材料。")
    document.save(str(path))
    assert main(["read", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "文号：盖政办发〔2026〕90号",
        "标题：（未识别）",
        "成文日期：（未识别）",
        "有效期：正文未规定（废止、宣布失效前一直有效）",
    ]
    assert lines[4].startswith("正文：") and not lines[4].endswith("……")
    assert any(line.startswith("提示：") for line in lines[5:])


def test_read_refuses_what_is_not_a_published_docx(tmp_path, capsys):
    missing = tmp_path / "没有这个文件.docx"
    assert main(["read", str(missing)]) == 1
    assert capsys.readouterr().err == f"错误：找不到文件“{missing}”，请检查文件名和所在文件夹。\n"
    copy = tmp_path / "register.toml"
    shutil.copy(SAMPLE_DOCS / "register.toml", copy)
    assert main(["read", str(copy)]) == 1
    assert capsys.readouterr().err.startswith("错误：")


def test_filing_report_needs_its_number_and_signer(sample: Cli, tmp_path):
    output = tmp_path / "备案报告.docx"
    result = sample("filing-report", "--body", "营口市人民政府", "-o", str(output))
    assert result.code == 2 and "--number" in result.err
    assert not output.exists()


def test_filing_report_takes_the_contact_from_the_config(sample: Cli, tmp_path):
    import os
    from pathlib import Path

    config = Path(os.environ["DOCFILER_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[report]\ncontact = "李某"\nphone = "0417-7123456"\n', encoding="utf-8")
    output = tmp_path / "备案报告.docx"
    sample.ok(
        "filing-report",
        *("--body", "营口市人民政府", "--number", "盖政〔2026〕12号", "--signer", "王某某"),
        *("-o", str(output)),
    )
    assert word_paragraphs(output)[-1] == "（联系人：李某，电话：0417-7123456）"


def test_read_refuses_a_catalogue(sample: Cli, tmp_path, capsys):
    output = tmp_path / "目录.docx"
    sample.ok("catalogue", "-o", str(output))
    assert main(["read", str(output)]) == 1
    assert "不是规范性文件" in capsys.readouterr().err
