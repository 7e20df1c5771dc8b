"""Option values converted without pydantic (docfiler.cli.coercion): the same values and the
same messages as Typer's own conversion, which still handles everything that is not plain."""

from pathlib import Path
from typing import Annotated

import pytest
import typer
import typer.main

from docfiler.cli import coercion
from docfiler.cli.zh import ChineseTyper, usage_message

coercion.install()


def run(*args: str) -> dict:
    app = ChineseTyper()
    seen: dict = {}

    @app.command()
    def probe(
        number: Annotated[int, typer.Argument()],
        text: Annotated[str | None, typer.Option("--text")] = None,
        days: Annotated[int | None, typer.Option("--days")] = None,
        flag: Annotated[bool, typer.Option("--flag")] = False,
        many: Annotated[list[str] | None, typer.Option("--many")] = None,
        path: Annotated[Path | None, typer.Option("--path")] = None,
    ) -> None:
        seen.update(number=number, text=text, days=days, flag=flag, many=many, path=path)

    typer.main.get_command(app).main(list(args), standalone_mode=False)
    return seen


def test_plain_values_arrive_as_typed():
    seen = run("12", "--text", "盖政发〔2016〕9号", "--days", "-3", "--flag")
    assert seen == {
        "number": 12,
        "text": "盖政发〔2016〕9号",
        "days": -3,
        "flag": True,
        "many": None,
        "path": None,
    }
    assert run("007", "--days", "+5")["number"] == 7 and run("1", "--days", "+5")["days"] == 5


def test_lists_and_paths_still_go_through_typer():
    seen = run("1", "--many", "营口市人民政府", "--many", "盖州市人大常委会", "--path", "目录.docx")
    assert seen["many"] == ["营口市人民政府", "盖州市人大常委会"]
    assert seen["path"] == Path("目录.docx")


@pytest.mark.parametrize("bad", ["x", "1.5", "一", ""])
def test_a_number_that_is_not_one_gets_typers_message_in_chinese(bad):
    with pytest.raises(typer.BadParameter) as raised:
        run("1", "--days", bad)
    assert usage_message(raised.value).startswith("错误：--days 的值应为整数\n")
