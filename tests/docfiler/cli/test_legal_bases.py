"""basis add / mark and evaluate: legal bases, changed higher law, validity evaluations."""

from tests.docfiler.cli.conftest import Cli

VALIDITY_LINE = (
    "[有效期] 逾期 87 日  2026-08-31  盖政办发〔2022〕6号《盖州市政府投资项目管理办法》"
    "  有效期至2027年2月28日，届满前须评估：重新制发或任其失效"
)


def test_basis_add_and_a_duplicate(sample_copy: Cli):
    added = sample_copy.ok(
        "basis",
        "add",
        "盖政发〔2026〕21号",
        "--title",
        "《中华人民共和国行政许可法》",
        "--number",
        "主席令第7号",
    )
    assert added.out == "已登记制定依据《中华人民共和国行政许可法》\n"
    assert sample_copy.ok("show", "盖政发〔2026〕21号").lines[-2:] == [
        "  依据：《优化营商环境条例》国务院令第722号",
        "  依据：《中华人民共和国行政许可法》主席令第7号",
    ]
    again = sample_copy(
        "basis",
        "add",
        "盖政发〔2026〕21号",
        "--title",
        "中华人民共和国行政许可法",
        "--number",
        "主席令第7号",
    )
    assert (again.code, again.out) == (1, "")
    assert again.err == "错误：盖政发〔2026〕21号 已登记过制定依据《中华人民共和国行政许可法》。\n"


def test_basis_mark_flags_the_documents_for_the_next_cleanup(sample_copy: Cli):
    # 社会救助暂行办法 is the basis of 盖政发〔2016〕9号, 盖民发〔2019〕21号, 盖政发〔2023〕29号 and
    # 盖民发〔2024〕3号; all but the repealed 〔2019〕21号 are in force (the 2016 one states no
    # validity period) and get a reason filled in, as does 盖财发〔2020〕46号, whose validity ran
    # out since the 2024 cleanup.
    marked = sample_copy.ok(
        "basis", "mark", "--title", "社会救助暂行办法", "--number", "国务院令第649号",
        "--status", "已修改", "--date", "2026-05-01", "--note", "国务院令第800号修改",
    )  # fmt: skip
    assert marked.out == "已标记《社会救助暂行办法》已修改，涉及文件 4 件。\n"
    started = sample_copy.ok("cleanup", "start", "--name", "2026年清理", "--as-of", "2026-11-01")
    assert (
        started.out
        == "已开始清理“2026年清理”，编号 3：纳入文件 22 件，其中 4 件已预填需清理的理由。\n"
    )


def test_basis_mark_of_a_law_nothing_rests_on(sample_copy: Cli):
    marked = sample_copy.ok(
        "basis", "mark", "--title", "某条例", "--status", "已废止", "--date", "2026-05-01"
    )
    assert marked.out == "已标记《某条例》已废止，涉及文件 0 件。\n"
    result = sample_copy(
        "basis", "mark", "--title", "某条例", "--status", "失效", "--date", "2026-05-01"
    )
    assert result.code == 1 and result.err.startswith("错误：")


def test_evaluate_before_validity_runs_out_clears_the_reminder(sample_copy: Cli):
    # 盖政办发〔2022〕6号 is valid until 2027-02-28 (有效期5年): to be evaluated by 2026-08-31.
    assert VALIDITY_LINE in sample_copy("remind", "--days", "0").lines
    result = sample_copy.ok(
        "evaluate", "盖政办发〔2022〕6号", "--date", "2026-11-26", "--outcome", "lapse"
    )
    assert result.out == "已登记 盖政办发〔2022〕6号 的有效期评估。\n"
    assert VALIDITY_LINE not in sample_copy("remind", "--days", "0").lines


def test_evaluate_to_republish_names_the_replacement(sample_copy: Cli):
    result = sample_copy.ok(
        "evaluate", "盖政办发〔2022〕6号", "--date", "2026-11-26", "--outcome", "republish",
        "--replacement", "盖政办发〔2026〕86号", "--note", "拟修订后重新制发",
    )  # fmt: skip
    assert result.out == "已登记 盖政办发〔2022〕6号 的有效期评估。\n"
    assert VALIDITY_LINE not in sample_copy("remind", "--days", "0").lines
    refused = sample_copy(
        "evaluate", "盖政办发〔2022〕6号", "--date", "2026-11-26", "--outcome", "keep"
    )
    assert refused.code == 1 and refused.out == "" and refused.err.startswith("错误：")
