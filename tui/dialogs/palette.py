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

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.keys import KEYLESS_COMMANDS, declared_bindings, key_label
from tui.protocol import host

NUMBER_MARKS = "〔〕[]【】()（）"


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
        if office is None or not any(ch.isdigit() or ch in NUMBER_MARKS for ch in query):
            return
        from docfiler.queries import pickers

        found = await asyncio.to_thread(pickers.numbers_matching, office=office, text=query)
        for number, title in found:
            text = f"打开 {number}《{title}》"
            open_it = partial(host(self.app).open_document, number)
            yield Hit(0.9, text, open_it, text=text, help="按文号打开文件")
