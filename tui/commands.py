"""The command palette: every action by its Chinese name, and 按文号打开文件."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

APP_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("工作台", "到期与逾期事项", "show_dashboard"),
    ("文件登记簿", "全部文件，可筛选、搜索", "show_register"),
    ("登记文件", "登记一件新文件（草案）", "register_document"),
    ("按文号打开文件", "输入文号，如 盖政发[2016]9", "open_by_number"),
    ("登记会签请求", "上级政府征求意见的会签", "add_countersign"),
    ("登记会签答复", "答复待办的会签事项", "reply_countersign"),
    ("添加制定机关", "机关名称、机关代字、备案机关", "add_authority"),
    ("定期清理", "清理活动：逐件提出清理意见、完成清理、生成清理材料", "show_campaign"),
    ("生成现行有效文件目录", "Word：截至某日现行有效的规范性文件目录", "catalogue"),
    ("生成废止和失效文件目录", "Word：已废止、宣布失效、期满失效的文件", "repealed_list"),
    ("生成备案报告", "Word：向一个备案机关待报送的全部文件；生成后按 s 登记报送", "filing_report"),
    ("帮助", "快捷键一览", "help"),
)
DOCUMENT_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("编辑文件信息", "标题、起草单位、施行日期等", "edit"),
    ("登记听取意见", "听取意见 / 征求意见", "opinions"),
    ("报送合法性审查", "合法性审查", "submit_review"),
    ("登记审查结论", "合法 / 应当予以修改 / 不合法", "finish_review"),
    ("登记按审查意见修改完毕", "审查结论为“应当予以修改”之后", "revision"),
    ("登记集体讨论决定", "常务会议或全体会议", "decision"),
    ("登记签发", "主要负责人签发", "signing"),
    ("公布", "公布并生成备案期限", "publish"),
    ("报送备案", "向备案机关报送", "submit_filing"),
    ("生成备案报告", "Word：本文件的备案报告；生成后按 s 登记报送", "filing_report"),
    ("登记备案审查意见", "准予备案 / 要求补正 / 要求纠正", "filing_result"),
    ("登记文件关系", "修改、废止、替代、依据", "relation"),
    ("废止文件", "废止并写明理由", "repeal"),
)


class DocfilerCommands(Provider):
    """Actions for the screen the palette was opened on, and documents by number."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        from tui.screens.detail import DocumentScreen

        app = self.app
        commands = [
            (name, help_text, partial(app.run_action, action))
            for name, help_text, action in APP_COMMANDS
        ]
        screen = self.screen
        if isinstance(screen, DocumentScreen):
            commands = [
                (f"{name}：{screen.number}", help_text, partial(screen.run_action, action))
                for name, help_text, action in DOCUMENT_COMMANDS
            ] + commands
        return commands

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
        office = getattr(self.app, "office", None)
        if office is None or not any(ch.isdigit() or ch in "〔〕[]【】()（）" for ch in query):
            return
        from docfiler.queries import register as browse

        found = await asyncio.to_thread(browse.numbers_matching, office=office, text=query)
        for number, title in found:
            text = f"打开 {number}《{title}》"
            yield Hit(
                0.9, text, partial(self.app.open_document, number), text=text, help="按文号打开文件"
            )
