"""`docfiler number`: reading numbers as clerks copy them from published lists (issue 9 §4)."""

from __future__ import annotations

import io
import json

from docfiler.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["number", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_number_is_explained_and_any_failure_makes_the_exit_code_1(capsys):
    code, out, err = run(capsys, "盤政辦發〔2017〕77號", "国办发200966号", "省政府令第237号")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "盤政辦發〔2017〕77號  → 盘政办发〔2017〕77号（普通文件，机关代字 盘政办发，2017年，序号 77，"
        "原写法 盤政辦發〔2017〕77号）",
        "国办发200966号  ✗ 文号“国办发200966号”的年份和序号连在一起，缺少括住年份的六角括号，"
        "可能是“国办发〔2009〕66号”。请核对原件后按这样的格式填写。",
        "省政府令第237号  → 辽宁省人民政府令第237号（政府令，机关代字 辽宁省人民政府令，序号 237，"
        "“省政府令”按规则文件换为全称）",
    ]


def test_all_readable_exits_0_and_names_whose_code_it_is(capsys):
    code, out, _ = run(capsys, "营政发 〔2016〕45号", "盖政发[2016]9号")
    assert code == 0
    assert out.splitlines() == [
        "营政发 〔2016〕45号  → 营政发〔2016〕45号（普通文件，机关代字 营政发，2016年，序号 45，"
        "代字属于营口市人民政府）",
        "盖政发[2016]9号  → 盖政发〔2016〕9号（普通文件，机关代字 盖政发，2016年，序号 9，"
        "代字属于盖州市人民政府）",
    ]


def test_json(capsys):
    code, out, _ = run(capsys, "洛阳市人民政府第4号令", "盖政发〔16〕9号", "--json")
    assert code == 1
    assert json.loads(out) == [
        {
            "text": "洛阳市人民政府第4号令",
            "ok": True,
            "canonical": "洛阳市人民政府令第4号",
            "written": None,
            "alias_of": None,
            "kind": "decree",
            "kind_label": "政府令",
            "agency_code": "洛阳市人民政府令",
            "year": None,
            "serial": 4,
            "owner": None,
        },
        {
            "text": "盖政发〔16〕9号",
            "ok": False,
            "error": "文号“盖政发〔16〕9号”的年份只有两位，请写完整的四位年份，如〔2016〕。",
            "reason": "two_digit_year",
            "suggestion": None,
        },
    ]


def test_a_list_on_standard_input(capsys, monkeypatch):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("国家计划委员会、水利部令第1号\n\n 海关总署第61号 \n")
    )
    code, out, _ = run(capsys, "-", "--json")
    assert code == 0
    assert [item["canonical"] for item in json.loads(out)] == [
        "国家计划委员会、水利部令第1号",
        "海关总署令第61号",
    ]


def test_an_office_alias_from_its_own_rulebook(capsys, tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    (config / "rulebook.toml").write_text(
        '[number_aliases]\n"市政府令" = "大连市人民政府令"\n', encoding="utf-8"
    )
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(config))
    code, out, _ = run(capsys, "市政府第26号令", "--json")
    assert code == 0
    assert json.loads(out)[0]["canonical"] == "大连市人民政府令第26号"
    assert json.loads(out)[0]["alias_of"] == "市政府令"


def test_no_number_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2
    assert err.startswith("错误：缺少参数 文号")


def test_decrees_and_announcements_numbered_within_the_year(capsys):
    """河北省人民政府令〔2019〕第 11 号 (the Hebei government site), 国家税务总局公告2016年第23号,
    农业农村部公告 第104号 (农业农村部公报 2019年第3期): tests/data/real_numbers.toml."""
    code, out, _ = run(
        capsys,
        "河北省人民政府令〔2019〕第 11 号",
        "国家税务总局公告2016年第23号",
        "农业农村部公告 第104号",
    )
    assert code == 0
    assert out.splitlines() == [
        "河北省人民政府令〔2019〕第 11 号  → 河北省人民政府令2019年第11号（政府令，"
        "机关代字 河北省人民政府令，2019年，序号 11）",
        "国家税务总局公告2016年第23号  → 国家税务总局公告2016年第23号（公告，"
        "机关代字 国家税务总局公告，2016年，序号 23）",
        "农业农村部公告 第104号  → 农业农村部公告第104号（公告，机关代字 农业农村部公告，序号 104）",
    ]
    code, out, _ = run(capsys, "国家税务总局公告2016年第23号", "--json")
    assert json.loads(out)[0] | {"text": None} == {
        "text": None,
        "ok": True,
        "canonical": "国家税务总局公告2016年第23号",
        "written": None,
        "alias_of": None,
        "kind": "announcement",
        "kind_label": "公告",
        "agency_code": "国家税务总局公告",
        "year": 2016,
        "serial": 23,
        "owner": None,
    }
