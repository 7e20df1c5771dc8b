"""update: a mistyped title (or another descriptive field) corrected from the command line."""

from tests.docfiler.cli.conftest import Cli

N = "盖政发〔2026〕104号"  # a draft in the sample register: 《盖州市养犬管理办法》


def test_a_title_is_corrected_and_audited(sample_copy: Cli):
    version = sample_copy.json("show", N)["version"]
    result = sample_copy.ok("update", N, "--title", "盖州市养犬管理规定", "--version", str(version))
    assert result.out == f"已修改：{N}《盖州市养犬管理规定》（版本 {version + 1}）\n"
    view = sample_copy.json("show", N)
    assert view["title"] == "盖州市养犬管理规定"
    assert view["audit"][-1]["summary"] == f"修改文件 {N}：标题"


def test_a_stale_version_is_refused_and_nothing_changes(sample_copy: Cli):
    version = sample_copy.json("show", N)["version"]
    sample_copy.ok("update", N, "--note", "先改了备注")
    refused = sample_copy("update", N, "--title", "别的标题", "--version", str(version))
    assert refused.code == 1 and refused.out == ""
    assert sample_copy.json("show", N)["title"] == "盖州市养犬管理办法"


def test_a_control_character_in_a_title_is_refused(sample_copy: Cli):
    refused = sample_copy("update", N, "--title", "盖州市养犬\x0b管理办法")
    assert refused.code == 1
    assert "不可见的控制字符（U+000B）" in refused.err
    assert sample_copy.json("show", N)["title"] == "盖州市养犬管理办法"


def test_nothing_to_change_is_explained(sample_copy: Cli):
    refused = sample_copy("update", N)
    assert (refused.code, refused.err) == (
        1,
        "错误：请至少给出一项要修改的内容，如 --title 新标题。\n",
    )
