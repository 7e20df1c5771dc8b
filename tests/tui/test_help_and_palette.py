"""帮助 and the command palette, both read from the key bindings: what the clerk sees in them.

The keys and words below are those a clerk reads in the footer; a binding added to a screen shows
up in both without anything else to keep in step (the probe screen below proves it).
"""

from __future__ import annotations

import io
import time
from typing import ClassVar

from rich.console import Console
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tests.tui.helpers import run_async, settle, type_text
from tui.dialogs.help import HelpScreen
from tui.screens.detail import DocumentScreen

SIZE = (120, 40)


def help_text(screen: HelpScreen) -> list[str]:
    """Each section of the help as the clerk reads it: its title line, then one line per key."""
    sections = []
    for section in screen.query(".help-section").results(Static):
        console = Console(width=76, file=io.StringIO(), record=True)
        console.print(section.content)
        sections.append(console.export_text(styles=False))
    return sections


def rows_of(section: str) -> list[str]:
    """One string per key: “F2 工作台：到期与逾期事项” (a text folded onto more lines joined)."""
    rows: list[str] = []
    for line in section.splitlines()[1:]:
        if not line.strip():
            continue
        if line[:19].strip():  # the key column: a new row
            rows.append(" ".join(line.split()))
        else:
            rows[-1] += line.strip()
    return rows


async def open_help(pilot) -> list[str]:
    await pilot.press("question_mark")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)
    return help_text(pilot.app.screen)


async def palette_prompts(pilot, query: str, wanted: str) -> list[str]:
    """Type `query` in the palette and read its list once `wanted` shows (or 5 s have passed)."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, query)
    deadline = time.monotonic() + 5
    texts: list[str] = []
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        options = pilot.app.screen.query_one("CommandList")
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        if any(wanted in text for text in texts):
            break
    return texts


@run_async
async def test_the_help_lists_every_screen_and_its_keys(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sections = await open_help(pilot)
        titles = [section.splitlines()[0].strip() for section in sections]
        assert titles == [
            "全局",
            "工作台（当前）",
            "文件登记簿",
            "文件详情",
            "定期清理",
            "备案审查",
            "表单",
            "列表（工作台、登记簿、定期清理）",
        ]
        everywhere, dashboard, register, detail, campaign, inbox, form, lists = map(
            rows_of, sections
        )
        assert everywhere == [
            "F2 工作台：到期与逾期事项",
            "F3 登记簿：全部文件，可筛选、搜索",
            "F4 定期清理：清理活动：逐件提出清理意见、完成清理、生成清理材料",
            "F5 目录：生成现行有效文件目录（Word），默认截至今天",
            "F6 废止失效目录：生成废止和失效文件目录（Word）：已废止、宣布失效、期满失效的文件",
            "F7 备案报告：生成备案报告（Word）：向一个备案机关待报送的文件",
            "F8 汇编：生成现行有效文件汇编（Word）：封面、目录和全文",
            "F9 备案审查：收文备案审查：部门、乡镇报送的文件，登记、审查、纠错跟踪，审查建议，年度数据",
            "a 登记文件：登记一件新文件（草案）",
            "/ 搜索：到登记簿搜索标题或文号（任何画面都可按）",
            "? / F1 帮助：快捷键一览",
            "q 退出：退出 docfiler",
            "ctrl+p 命令：命令面板：全部操作、按文号打开文件",
        ]
        assert "c 登记会签：登记上级政府征求意见的会签请求" in dashboard
        assert "Tab 到下一个分组" in dashboard
        assert "/ 搜索：搜索标题或文号（如 救助、盖政发[2016]9）" in register
        assert "w 备案报告：生成备案报告（Word）；生成后按 s 登记报送" in detail
        assert "r 送审：报送合法性审核" in detail
        assert "1 继续有效：清理意见：继续有效" in campaign
        assert any(row.startswith("i 接收登记") for row in inbox), inbox
        assert "ctrl+s 保存" in form and "Esc 取消：关闭表单，不保存" in form
        assert any(row.startswith("ctrl+o 从 Word 读取：登记文件时") for row in form)
        assert "日期 按 2016-03-01 或 2016年3月1日 填写" in form
        assert "PageDown 下一屏" in lists
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


class ProbeScreen(DocumentScreen):
    """A detail screen with one more key: no other change anywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "probe", "探针", id="probe.k", tooltip="只在测试中出现的操作"),
    ]
    probed = False

    def action_probe(self) -> None:
        self.probed = True


@run_async
async def test_a_new_binding_shows_in_the_help_and_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = ProbeScreen("盖政发〔2016〕9号")
        app.push_screen(screen)
        await settle(pilot)
        sections = await open_help(pilot)
        assert sections[1].splitlines()[0].strip() == "文件详情（当前）"
        assert "k 探针：只在测试中出现的操作" in rows_of(sections[1])
        await pilot.press("escape")
        await settle(pilot)
        texts = await palette_prompts(pilot, "探针", "探针：盖政发〔2016〕9号")
        index = next(i for i, t in enumerate(texts) if "探针：盖政发〔2016〕9号" in t)
        assert "只在测试中出现的操作（k）" in texts[index]
        app.screen.query_one("CommandList").highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.probed


@run_async
async def test_the_palette_opens_a_document_by_number(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        texts = await palette_prompts(pilot, "盖政发[2016]9", "打开 盖政发〔2016〕9号")
        index = next(i for i, t in enumerate(texts) if "打开 盖政发〔2016〕9号" in t)
        app.screen.query_one("CommandList").highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.number == "盖政发〔2016〕9号"


@run_async
async def test_the_palette_offers_the_document_actions_by_name_or_explanation(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document("盖政发〔2026〕104号")
        await settle(pilot)
        texts = await palette_prompts(pilot, "公布", "公布：盖政发〔2026〕104号")
        assert any("公布：盖政发〔2026〕104号" in t for t in texts), texts
        await pilot.press("escape")
        # 送审 is found by what it does (its tooltip), and pressing Enter opens its form.
        texts = await palette_prompts(pilot, "合法性审核", "送审：盖政发〔2026〕104号")
        index = next(i for i, t in enumerate(texts) if "送审：盖政发〔2026〕104号" in t)
        app.screen.query_one("CommandList").highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.id == "submit-review-form"


@run_async
async def test_the_palette_offers_the_commands_without_a_key(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        texts = await palette_prompts(pilot, "目录", "生成现行有效文件目录")
        assert any("生成现行有效文件目录" in t for t in texts), texts
        await pilot.press("escape")
        # On the dashboard 登记会签请求 has a key, and the palette names it.
        texts = await palette_prompts(pilot, "会签", "登记会签请求")
        assert any("登记会签请求" in t and "（c）" in t for t in texts), texts


@run_async
async def test_the_help_and_the_palette_on_the_inbox_screen(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        sections = await open_help(pilot)
        assert sections[1].splitlines()[0].strip() == "备案审查（当前）"
        inbox = rows_of(sections[1])
        assert "i 接收登记：接收登记一件报备文件（选中未报备的文件时，接收的就是它）" in inbox
        assert "n 下一步：打开所选事项下一步的表单" in inbox
        assert "t 在报备文件和审查建议之间切换" in inbox
        await pilot.press("escape")
        await settle(pilot)
        texts = await palette_prompts(pilot, "年度数据", "年度数据")
        index = next(i for i, t in enumerate(texts) if "年度备案审查数据和图表（y）" in t)
        app.screen.query_one("CommandList").highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "FiguresScreen"
