"""file and filing-result: filing with the reviewing bodies, late or on time."""

import pytest

from tests.docfiler.cli.conftest import Cli, publish_new_document

N = "盖政发〔2016〕9号"


@pytest.fixture
def published(cli: Cli) -> Cli:
    """盖政发〔2016〕9号 published 2016-09-16: due 2016-10-08 (营口) and 2016-10-17 (人大)."""
    cli.ok("init")
    publish_new_document(
        cli,
        N,
        "盖州市城乡居民临时救助实施办法",
        heard="2016-01-10",
        reviewed="2016-02-02",
        decided="2016-02-20",
        published="2016-09-16",
    )
    return cli


def test_filing_late_on_time_and_the_answer(published: Cli):
    cli = published
    late = cli.ok(
        "file",
        N,
        "--body",
        "营口市人民政府",
        "--submitted",
        "2016-10-20",
        "--receipt",
        "营备〔2016〕12号",
    )
    assert late.out == "已登记向 营口市人民政府 报送备案（超期 12 日）\n"
    on_time = cli.ok(
        "file", "盖政发[2016]9号", "--body", "盖州市人大常委会", "--submitted", "2016-10-01"
    )
    assert on_time.out == "已登记向 盖州市人大常委会 报送备案\n"
    answered = cli.ok(
        "filing-result",
        N,
        "--body",
        "营口市人民政府",
        "--result",
        "准予备案",
        "--date",
        "2016-11-01",
    )
    # the old word 准予备案 is stored as 予以备案登记 (法规规章备案审查条例, 国务院令第789号)
    assert answered.out == "已登记 营口市人民政府 的备案意见：予以备案登记\n"
    assert cli.ok("show", N).lines[-5:] == [
        "  备案：",
        "    营口市人民政府：期限 2016-10-08，已报送 2016-10-20，予以备案登记",
        "      第1次报送 2016-10-20（回执 营备〔2016〕12号），期限 2016-10-08，超期 12 日；"
        "予以备案登记 2016-11-01",
        "    盖州市人大常委会：期限 2016-10-17，已报送 2016-10-01",
        "      第1次报送 2016-10-01，期限 2016-10-17；待答复",
    ]
    filings = cli.json("show", N)["filings"]
    assert (filings[0]["receipt"], filings[0]["result_date"]) == ("营备〔2016〕12号", "2016-11-01")


def test_filing_refusals_change_nothing(published: Cli):
    cli = published
    result = cli("file", N, "--body", "盖州市人民政府", "--submitted", "2016-10-01")
    assert result.code == 1 and result.out == "" and "盖州市人民政府" in result.err
    result = cli("file", N, "--body", "营口市人民政府", "--submitted", "2016-09-01")
    assert result.code == 1 and "早于" in result.err
    result = cli(
        "filing-result", N, "--body", "营口市人民政府", "--result", "很好", "--date", "2016-11-01"
    )
    assert result.code == 1 and result.err.startswith("错误：")
    assert [f["submitted"] for f in cli.json("show", N)["filings"]] == [None, None]


def test_filing_the_overdue_sample_document_clears_its_reminder(sample_copy: Cli):
    # 盖政办发〔2026〕73号 was due with 营口市人民政府 on 2026-10-30: 27 days late today.
    result = sample_copy.ok(
        "file", "盖政办发〔2026〕73号", "--body", "营口市人民政府", "--submitted", "2026-11-26"
    )
    assert result.out == "已登记向 营口市人民政府 报送备案（超期 27 日）\n"
    reminded = sample_copy("remind").out
    assert "2026-10-30  盖政办发〔2026〕73号" not in reminded
    assert "2026-11-16  盖政办发〔2026〕73号" in reminded


def test_a_refiling_after_zanhuan_shows_the_whole_history(published: Cli):
    """法规规章备案审查条例 (国务院令第789号): 暂缓办理备案登记 on 2016-10-20 → 补正 within 15 days:
    11-04 (a Friday). Re-filed 11-03: on time, although the first due date was 10-08."""
    cli = published
    cli.ok(
        "file", N, "--body", "营口市人民政府", "--submitted", "2016-10-08", "--receipt", "营备12号"
    )
    cli.ok(
        "filing-result",
        N,
        "--body",
        "营口市人民政府",
        "--result",
        "要求补正",
        "--date",
        "2016-10-20",
    )
    again = cli.ok("file", N, "--body", "营口市人民政府", "--submitted", "2016-11-03")
    assert again.out == "已登记向 营口市人民政府 报送备案\n"
    lines = cli.ok("show", N).lines
    at = lines.index("    营口市人民政府：期限 2016-11-04，已报送 2016-11-03")
    assert lines[at + 1 : at + 3] == [
        "      第1次报送 2016-10-08（回执 营备12号），期限 2016-10-08；暂缓办理备案登记 2016-10-20",
        "      第2次报送 2016-11-03，期限 2016-11-04；待答复",
    ]
    history = cli.json("show", N)["filings"][0]["history"]
    assert [(h["submitted"], h["due"], h["result"], h["late_days"]) for h in history] == [
        ("2016-10-08", "2016-10-08", "暂缓办理备案登记", 0),
        ("2016-11-03", "2016-11-04", None, 0),
    ]
