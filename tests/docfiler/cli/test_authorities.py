"""authority list / add: the issuing authorities, their codes and where they file."""

from tests.docfiler.cli.conftest import Cli

# The two built into the rulebook, then the four departments of register.toml.
SAMPLE_AUTHORITIES = [
    "盖州市人民政府  代字：盖政、盖政发  备案机关：营口市人民政府、盖州市人大常委会",
    "盖州市人民政府办公室  代字：盖政办、盖政办发  备案机关：营口市人民政府、盖州市人大常委会",
    "盖州市民政局  代字：盖民发  备案机关：盖州市人民政府",
    "盖州市财政局  代字：盖财发  备案机关：盖州市人民政府",
    "盖州市自然资源局  代字：盖自然资发  备案机关：盖州市人民政府",
    "盖州市教育局  代字：盖教发  备案机关：盖州市人民政府",
]


def test_authority_list(sample: Cli):
    assert sample.ok("authority", "list").lines == SAMPLE_AUTHORITIES


def test_authority_add_then_register_its_documents(sample_copy: Cli):
    # A department files with 盖州市人民政府 unless told otherwise (rulebook [departments]).
    added = sample_copy.ok("authority", "add", "盖州市水利局", "--code", "盖水发")
    assert added.out == "已登记制定机关：盖州市水利局（备案机关：盖州市人民政府）\n"
    added = sample_copy.ok(
        "authority",
        "add",
        "盖州市公安局",
        "--code",
        "盖公发",
        "--code",
        "盖公",
        "--kind",
        "department",
        "--body",
        "盖州市人民政府",
        "--body",
        "营口市人民政府",
    )
    assert added.out == "已登记制定机关：盖州市公安局（备案机关：盖州市人民政府、营口市人民政府）\n"
    lines = sample_copy.ok("authority", "list").lines
    assert lines[:6] == SAMPLE_AUTHORITIES
    assert "盖州市水利局  代字：盖水发  备案机关：盖州市人民政府" in lines
    sample_copy.ok("add", "--number", "盖水发〔2026〕3号", "--title", "盖州市河道管理办法")
    assert sample_copy.json("show", "盖水发〔2026〕3号")["authority"] == "盖州市水利局"


def test_authority_add_refuses_an_unknown_kind(sample_copy: Cli):
    result = sample_copy("authority", "add", "盖州市水利局", "--kind", "bureau")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("错误：机关类别只能是 government（本级政府）")
    assert len(sample_copy.ok("authority", "list").lines) == 6
