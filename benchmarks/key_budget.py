"""Issue 11's keystroke budget: how many command keys a clerk presses for a day's common tasks.

Drives the real app with Textual's Pilot on a fresh copy of the sample register (sample_docs/,
'today' fixed at 2026-11-26) and counts the keys pressed; typed text (a number, a title, a date,
a meeting name) is not counted — it is not a command key. Prints a table:

    .venv/bin/python benchmarks/key_budget.py

Goals (issue 11): a document registered and taken to 公布 with today's dates ≤ 12 keys; the same
with past dates ≤ 14 plus the typed dates; one filing recorded from the dashboard ≤ 3; today's
目录 ≤ 2. Not a test: tests/tui/test_next_steps.py and tests/tui/test_dashboard_filings.py assert
the same flows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 26)


class Keys:
    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def __call__(self, *keys: str) -> None:
        from tests.tui.helpers import settle

        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            await settle(self.pilot)

    async def type(self, text: str) -> None:
        from tests.tui.helpers import settle

        await self.pilot.press(*list(text))
        await settle(self.pilot)


def sample_office(folder: Path):
    from docfiler import services
    from docfiler.office import Office
    from docfiler.services.demo import load_register_file, sample_register_path

    office = Office.open(f"sqlite:///{folder / 'docfiler.db'}")
    office.today = lambda: TODAY
    services.sync_authorities(office=office)
    load_register_file(office=office, path=sample_register_path())
    return office


async def register(keys: Keys, number: str) -> None:
    from tests.tui.helpers import fill

    await keys("a")
    await keys.type(number)
    fill(keys.pilot, title="盖州市城市道路挖掘修复管理办法")
    await keys("ctrl+s")


async def to_publication_today(app, keys: Keys) -> str:
    await register(keys, "盖政发[2026]121")
    await keys("n")  # 听取意见; each save opens the next step's form
    await keys("ctrl+s", "ctrl+s")  # 听取意见, 送审
    await keys("enter", "down", "enter", "ctrl+s")  # 审核结论: 合法
    await keys.type("盖州市人民政府第31次常务会议")
    await keys("ctrl+s", "ctrl+s", "ctrl+s")  # 集体讨论, 签发, 公布
    return app.screen.id or ""  # the 报送备案 form opens next


async def to_publication_past(app, keys: Keys) -> str:
    await register(keys, "盖政发[2026]122")
    await keys("n")
    await keys.type("2026-10-09")
    await keys("ctrl+s")
    await keys.type("2026-10-12")
    await keys("ctrl+s")
    await keys("enter", "down", "enter", "tab")
    await keys.type("2026-10-20")
    await keys("ctrl+s")
    await keys.type("盖州市人民政府第29次常务会议")
    await keys("tab")
    await keys.type("2026-10-23")
    await keys("ctrl+s")
    await keys.type("2026-10-26")
    await keys("ctrl+s")
    await keys.type("2026-10-28")
    await keys("ctrl+s")
    return app.screen.id or ""


async def one_filing(app, keys: Keys) -> str:
    overdue = app.screen.query_one("#group-overdue")
    overdue.focus()
    overdue.move_cursor(overdue.row_count - 1)  # 备案 盖政办发〔2026〕73号 → 盖州市人大常委会
    await keys("enter", "ctrl+s")
    return app.screen.id or ""


async def catalogue(app, keys: Keys) -> str:
    await keys("f5", "enter")
    done = app.screen.query("#output-done")
    return "已生成" if done and done.first().has_class("-ready") else "未生成"


SCENARIOS = (
    ("登记并办到公布（日期为今天）", to_publication_today, 12, "submit-filing-form"),
    ("登记并办到公布（补录以往日期，另输入日期）", to_publication_past, 14, "submit-filing-form"),
    ("在工作台登记一项备案报送", one_filing, 3, "dashboard"),
    ("生成今天的现行有效目录", catalogue, 2, "已生成"),
)


async def run(scenario) -> tuple[int, str]:
    from tests.tui.helpers import settle
    from tui.app import DocfilerApp

    _name, steps, _goal, _end = scenario
    with tempfile.TemporaryDirectory() as folder:
        os.environ["HOME"] = folder
        os.environ["DOCFILER_CONFIG_DIR"] = str(Path(folder) / "config")
        os.environ["DOCFILER_DATA_DIR"] = str(Path(folder) / "data")
        os.environ["DOCFILER_STATE_DIR"] = str(Path(folder) / "state")
        office = sample_office(Path(folder))
        app = DocfilerApp(office, cursor_blink=False)
        app.opener = lambda path: None
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            keys = Keys(pilot)
            end = await steps(app, keys)
        office.close()
    return keys.count, end


def pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal cells (a 汉字 is two)."""
    from rich.cells import cell_len

    return text + " " * max(width - cell_len(text), 0)


def main() -> None:
    print("表  按键预算（命令键，不含输入的文字；样例登记簿，120×40）")
    print(f"{pad('任务', 44)}{pad('按键', 6)}{pad('目标', 8)}{pad('结论', 8)}终点")
    for scenario in SCENARIOS:
        name, _steps, goal, expected_end = scenario
        count, end = asyncio.run(run(scenario))
        ok = count <= goal and end == expected_end
        verdict = "达标" if ok else "未达标"
        print(f"{pad(name, 44)}{pad(str(count), 6)}{pad(f'≤ {goal}', 8)}{pad(verdict, 8)}{end}")


if __name__ == "__main__":
    main()
