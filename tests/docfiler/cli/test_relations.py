"""relate and repeal: one document amends, repeals or replaces another."""

from tests.docfiler.cli.conftest import Cli


def test_relate_an_amendment_dated_by_the_amending_documents_effective_date(sample_copy: Cli):
    # 盖政发〔2026〕21号 took effect on 2026-05-01.
    result = sample_copy.ok("relate", "盖政发[2026]21号", "amends", "盖政发〔2022〕38号")
    assert result.out == "已登记：盖政发〔2026〕21号 amends 盖政发〔2022〕38号\n"
    assert sample_copy.ok("show", "盖政发〔2022〕38号").lines[-1] == (
        "  被修改：盖政发〔2026〕21号（2026-05-01）"
    )
    assert sample_copy.json("show", "盖政发〔2022〕38号")["status"] == "in_force"


def test_relate_refuses_an_unknown_kind(sample_copy: Cli):
    result = sample_copy("relate", "盖政发〔2026〕21号", "cancels", "盖政发〔2022〕38号")
    assert (result.code, result.out) == (1, "")
    assert result.err == "错误：关系“cancels”无效，只能是：amends、repeals、replaces、based_on。\n"


def test_repeal_by_the_government(sample_copy: Cli):
    result = sample_copy.ok(
        "repeal", "盖政发〔2022〕38号", "--date", "2026-11-20", "--reason", "已不适应管理需要"
    )
    assert result.out == "已废止：盖政发〔2022〕38号\n"
    lines = sample_copy.ok("show", "盖政发〔2022〕38号").lines
    assert lines[1] == "  状态：已废止（2026-11-26）"
    assert lines[5] == "  废止：2026-11-20（已不适应管理需要）"
    assert len(sample_copy.json("list", "--status", "in_force")) == 21


def test_repeal_by_another_document_records_the_relation(sample_copy: Cli):
    result = sample_copy.ok(
        "repeal",
        "盖政办发〔2025〕42号",
        "--date",
        "2026-11-20",
        "--reason",
        "已被新规定替代",
        "--by",
        "盖政发〔2026〕21号",
    )
    assert result.out == "已废止：盖政办发〔2025〕42号\n"
    lines = sample_copy.ok("show", "盖政办发〔2025〕42号").lines
    assert lines[5] == "  废止：2026-11-20（已被新规定替代）"
    assert lines[-1] == "  被废止：盖政发〔2026〕21号（2026-11-20）"
    assert (
        "  废止：盖政办发〔2025〕42号（2026-11-20）"
        in sample_copy.ok("show", "盖政发〔2026〕21号").lines
    )


def test_repeal_refusals_change_nothing(sample_copy: Cli):
    result = sample_copy(
        "repeal", "盖政发〔2026〕104号", "--date", "2026-11-20", "--reason", "不再需要"
    )
    assert result.code == 1
    assert result.err == "错误：文件“盖政发〔2026〕104号”从未公布，无需废止。\n"
    result = sample_copy("repeal", "盖政发〔2022〕38号", "--date", "2026-11-20", "--reason", " ")
    assert (result.code, result.err) == (1, "错误：废止须写明理由。\n")
    assert sample_copy.json("show", "盖政发〔2022〕38号")["repealed"] is None
