"""The command palette: every action by its Chinese name, and 按文号打开文件.

The actions are read from the bindings in force: the screen's own (with its key), the app's,
and the app's commands that have no key (tui.keys.KEYLESS_COMMANDS). A screen that is about one
thing says so in `command_suffix` (the detail screen: “：盖政发〔2016〕9号”).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from tui.keys import KEYLESS_COMMANDS, declared_bindings, key_label
from tui.protocol import host

NO_MATCHES = "没有找到匹配的操作或文件"


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    help: str
    run: Callable[[], object]


def _described(binding: Binding) -> str:
    """What the binding does and its key, for the palette's second line."""
    return f"{binding.tooltip or binding.description}（{key_label(binding)}）"


class DocfilerCommands(Provider):
    """Actions for the screen the palette was opened on, and documents by number."""

    def _screen_commands(self) -> Iterator[PaletteCommand]:
        screen = self.screen
        suffix = getattr(screen, "command_suffix", "")
        seen: set[str] = set()
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            # The screen's own (the app's follow; a focused list's keys and Esc, which closes
            # the palette itself, are no commands).
            own = node is screen and binding.id and not binding.action.startswith("app.")
            own = own and binding.key != "escape"
            if own and enabled and binding.action not in seen:
                seen.add(binding.action)
                run = partial(screen.run_action, binding.action)
                yield PaletteCommand(f"{binding.description}{suffix}", _described(binding), run)

    def _app_commands(self) -> Iterator[PaletteCommand]:
        app = self.app
        seen: set[str] = set()
        for binding in declared_bindings(type(app)):
            if binding.id and binding.id != "app.palette" and binding.action not in seen:
                seen.add(binding.action)
                run = partial(app.run_action, binding.action)
                yield PaletteCommand(binding.description, _described(binding), run)
        keys = {  # a screen may give one of them a key (工作台: c 登记会签)
            binding.action.removeprefix("app."): key_label(binding)
            for binding in (b.binding for b in self.screen.active_bindings.values())
        }
        for command in KEYLESS_COMMANDS:
            key = f"（{keys[command.action]}）" if command.action in keys else ""
            run = partial(app.run_action, command.action)
            yield PaletteCommand(command.name, command.help + key, run)

    def _commands(self) -> list[PaletteCommand]:
        return [*self._screen_commands(), *self._app_commands()]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            # The name, or failing that its explanation (送审 is found by 合法性审核).
            score = max(matcher.match(command.name), matcher.match(command.help) * 0.8)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.name), command.run, command.name, command.help
                )
        async for hit in self._documents(query):
            yield hit

    async def _documents(self, query: str) -> Hits:
        office = host(self.app).office
        if office is None or not query.strip():
            return
        from docfiler.queries import pickers

        found = await asyncio.to_thread(pickers.documents_matching, office=office, text=query)
        for document in found:
            text = f"打开 {document.number}《{document.title}》"
            open_it = partial(host(self.app).open_document, document.number)
            # A number found ranks with the actions; a title word after them.
            score = 0.9 if document.number_marks else 0.5
            yield Hit(score, _highlighted(document), open_it, text=text, help="打开这件文件")


def _highlighted(document) -> Text:
    """“打开 number《title》” with the matched pieces in bold (as the palette marks actions)."""
    text = Text("打开 ")
    text.append(_marked(document.number, document.number_marks))
    text.append("《")
    text.append(_marked(document.title, document.title_marks))
    text.append("》")
    return text


def _marked(plain: str, marks) -> Text:
    text = Text(plain)
    for start, end in marks:
        text.stylize("bold underline", start, end)
    return text


class ChinesePalette(CommandPalette):
    """Textual's command palette, its “No matches found” said in Chinese."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if not search_value:
                self._list_visible = False
                return
            self.query_one(CommandList).add_option(
                Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True)
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
