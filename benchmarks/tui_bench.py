"""The TUI as the clerk feels it: the whole `docfiler` process in a real terminal (tmux, 120×40).

Each figure is read off the screen with `tmux capture-pane -p`, polled every few milliseconds:

* first frame: from `tmux new-session` running `docfiler --db URL` to the title on screen;
* dashboard data: to the counts line (登记簿共 N 件) on screen;
* RSS: /proc/<pid>/status of the app process once the dashboard is drawn, and again after a few
  register searches;
* keystroke → repainted list: keys are sent with `tmux send-keys` at a fixed pace (0.3 s or
  0.12 s apart, whatever the app is doing), and a keystroke's clock runs from its send-keys to
  the first capture whose status line names the query typed so far (搜索“…”), or a longer one:
  the status line and the rows are drawn in the same frame. A keystroke whose own list is never
  drawn, because the next keystroke superseded it, is answered by the later list (counted as
  superseded); one answered by nothing within 10 s counts as lost (infinitely slow).

    .venv/bin/python benchmarks/tui_bench.py --db URL [--source DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, SEARCHES, Source
from tmux_driver import Tmux

TITLE = "规范性文件备案管理"
DATA = re.compile(r"登记簿共 \d+ 件")
POLL = 0.002  # seconds between captures (a capture itself takes a few milliseconds)
LOST_AFTER = 5.0
ERRORS = ("意外错误", "操作未执行", "数据库未能打开")  # the app's error dialog and sub-title


class AppError(Exception):
    """The app showed an error instead of what was awaited (its dialog then takes the keys)."""


def error_on(screen: str) -> str | None:
    return next((e for e in ERRORS if e in screen), None)


PAUSE = 0.5  # between two searches, after the list was cleared


def memory(pid: int) -> dict[str, int]:
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile"):
                found[key] = int(value.split()[0]) * 1024
    return found


def status_search(screen: str) -> str | None:
    """The query the register's list was last drawn for ("" for none); None: no list yet."""
    for line in reversed(screen.splitlines()):
        if "排序：" in line:
            found = re.search(r"搜索“(.*?)”", line)
            return found.group(1) if found else ""
    return None


class App:
    """One `docfiler --db URL` process in its own tmux session."""

    count = 0

    def __init__(self, tmux: Tmux, source: Source, url: str, home: Path) -> None:
        App.count += 1
        self.tmux, self.name = tmux, f"app{App.count}"
        self.started = time.perf_counter()
        self.pid = tmux.new_session(
            self.name, source.docfiler("--db", url), source.env(home), source.path
        )

    def wait(self, found: Callable[[str], object], timeout: float = 60.0) -> float:
        def done(screen: str) -> object:
            if error_on(screen):
                raise AppError(f"界面报错“{error_on(screen)}”")
            return found(screen)

        return self.tmux.wait_for(self.name, done, timeout=timeout, poll=POLL)

    def open_register(self) -> None:
        self.tmux.key(self.name, "F3")
        self.wait(lambda s: status_search(s) == "")
        self.tmux.type(self.name, "/")
        time.sleep(PAUSE)  # Textual moves the focus after this key is handled

    def clear(self) -> None:
        self.tmux.key(self.name, "C-u")
        self.wait(lambda s: status_search(s) == "", timeout=LOST_AFTER * 3)
        time.sleep(PAUSE)

    def search(self, query: str) -> None:
        """Type a whole query at once and wait for its list (not measured: for RSS)."""
        self.tmux.type(self.name, query)
        self.wait(lambda s: status_search(s) == query, timeout=LOST_AFTER * 3)
        self.clear()

    def close(self) -> None:
        self.tmux.kill_session(self.name)


def startup_round(
    tmux: Tmux, source: Source, url: str, home: Path, *, rss_searches: list[str]
) -> dict:
    """One start: seconds to the first frame and to the dashboard's data; RSS after each step."""
    app = App(tmux, source, url, home)
    try:
        first = app.wait(lambda s: TITLE in s) - app.started
        data = app.wait(lambda s: DATA.search(s)) - app.started
        dashboard = memory(app.pid)
        after, error = None, None
        if rss_searches:
            try:
                app.open_register()
                for query in rss_searches:
                    app.search(query)
                after = memory(app.pid)
            except (AppError, TimeoutError) as problem:
                error = f"登记簿搜索：{str(problem).splitlines()[0]}"
    finally:
        app.close()
    return {
        "first": first,
        "data": data,
        "rss_dashboard": dashboard,
        "rss_after": after,
        "error": error,
    }


def type_query(app: App, query: str, gap: float) -> list[tuple[float, bool]]:
    """Type `query` one character every `gap` seconds; each keystroke's (latency, superseded)."""
    prefixes = [query[: i + 1] for i in range(len(query))]
    index = {prefix: i for i, prefix in enumerate(prefixes)}
    sent: list[float] = []
    answered: list[float | None] = [None] * len(query)
    own: list[bool] = [False] * len(query)
    begin = time.perf_counter()
    while True:
        now = time.perf_counter()
        if len(sent) < len(query) and now >= begin + len(sent) * gap:
            sent.append(time.perf_counter())
            app.tmux.type(app.name, query[len(sent) - 1])
        screen = app.tmux.screen(app.name)
        seen = time.perf_counter()
        if error_on(screen):
            break  # the rest are lost: the error dialog takes the keys
        shown = status_search(screen)
        k = index.get(shown or "", -1)
        for i in range(min(k + 1, len(sent))):
            if answered[i] is None:
                answered[i] = seen
                own[i] = i == k
        if len(sent) == len(query) and all(a is not None for a in answered):
            break
        if sent and seen - sent[-1] > LOST_AFTER:
            break
        wake = begin + len(sent) * gap if len(sent) < len(query) else seen + POLL
        time.sleep(max(0.0, min(wake, seen + POLL) - time.perf_counter()))
    sent += [float("nan")] * (len(query) - len(sent))
    return [
        (float("inf") if a is None else a - s, a is not None and not o)
        for s, a, o in zip(sent, answered, own, strict=True)
    ]


def typing_round(
    tmux: Tmux, source: Source, url: str, home: Path, gap: float, searches: dict[str, list[str]]
) -> dict:
    """One session: every search of every group typed at `gap`. {"keys": {group: [(latency,
    superseded)]}, "error": what the app showed instead, if it did (the rest then count lost)}."""
    app = App(tmux, source, url, home)
    found: dict[str, list[tuple[float, bool]]] = {g: [] for g in searches}
    error = None
    try:
        app.wait(lambda s: DATA.search(s))
        app.open_register()
        for group, queries in searches.items():
            for query in queries:
                if error is not None:
                    found[group] += [(float("inf"), False)] * len(query)
                    continue
                found[group] += type_query(app, query, gap)
                try:
                    app.clear()
                except (AppError, TimeoutError) as problem:
                    error = str(problem).splitlines()[0]
    finally:
        app.close()
    return {"keys": found, "error": error}


FLOOR_TEXT = "盖政发[2016]9号城市供热"
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Input, Static
class Minimal(App):
    def compose(self):
        yield Input()
        yield Static()
    def on_input_changed(self, event):
        self.query_one(Static).update(f"排序：搜索“{event.value}”")
Minimal().run()
"""


def _shows(label: str, typed: str, screen: str) -> bool:
    if label == "cat":  # the terminal's echo of the x's typed so far
        return screen.count("x") >= len(typed)
    return status_search(screen) == typed


def floors(tmux: Tmux, home: Path, keys: int = 30, gap: float = 0.1) -> dict[str, list[float]]:
    """What the method and the toolkit add before docfiler does anything: send-keys → capture
    showing the key, with `cat` as the app (it echoes at once), and with a minimal Textual app
    (an Input and a line showing its value; same Python, Textual and frame rate as docfiler)."""
    found = {}
    apps = {
        "cat": (["cat"], {"PATH": "/usr/bin:/bin"}),
        "textual": ([PYTHON, "-c", MINIMAL_APP], {**Source(ROOT).env(home), "TEXTUAL_FPS": "120"}),
    }
    for label, (argv, env) in apps.items():
        tmux.new_session(f"floor-{label}", argv, env, home)
        times, typed = [], ""
        try:
            time.sleep(2.0)  # started and drawn
            for index in range(keys):
                time.sleep(gap)
                key = "x" if label == "cat" else FLOOR_TEXT[index % len(FLOOR_TEXT)]
                typed += key
                start = time.perf_counter()
                tmux.type(f"floor-{label}", key)
                seen = tmux.wait_for(
                    f"floor-{label}", partial(_shows, label, typed), timeout=5, poll=POLL
                )
                times.append(seen - start)
        finally:
            tmux.kill_session(f"floor-{label}")
        found[label] = times
    return found


def inprocess_round(
    source: Source, url: str, home: Path, gap: float, searches: dict[str, list[str]]
) -> dict[str, list[tuple[float, bool]]]:
    """The same typing in process (tui_inprocess.py, a child importing the checkout)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "keys.json"
        child = Path(__file__).with_name("tui_inprocess.py")
        argv = [PYTHON, str(child), url, str(gap), str(out), json.dumps(searches)]
        done = subprocess.run(
            argv, env=source.env(home), cwd=source.path, capture_output=True, text=True
        )
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"in-process typing failed:\n{done.stderr[-3000:]}")
        found = json.loads(out.read_text(encoding="utf-8"))
    keys = {
        group: [(float("inf") if ms is None else ms, superseded) for ms, superseded in keys]
        for group, keys in found["keys"].items()
    }
    return {"keys": keys, "error": found["error"]}


def summary(args) -> None:
    """`--rounds N`: N whole sessions in tmux (start, then every search group typed at --gap);
    per round the first frame, the dashboard data and the keystroke p50/p95 over every key
    (superseded keys count with the latency of the list that answered them); then min/median."""
    from statistics import median

    from common import percentile

    source = Source(args.source.resolve())
    source.check()
    home = Path(tempfile.mkdtemp(prefix="docfiler-bench-home-"))
    tmux = Tmux()
    rows = []
    try:
        for round_ in range(1, args.rounds + 1):
            start = startup_round(tmux, source, args.db, home, rss_searches=[])
            typed = typing_round(tmux, source, args.db, home, args.gap, SEARCHES)
            keys = [ms for group in typed["keys"].values() for ms, _superseded in group]
            row = (start["first"], start["data"], percentile(keys, 0.5), percentile(keys, 0.95))
            rows.append(row)
            print(
                f"第 {round_} 轮  首帧 {row[0]:.2f} s  工作台数据 {row[1]:.2f} s  "
                f"按键 p50 {row[2] * 1000:.0f} ms  p95 {row[3] * 1000:.0f} ms  "
                f"（{len(keys)} 键，间隔 {args.gap} s）",
                flush=True,
            )
    finally:
        tmux.close()
    columns = list(zip(*rows, strict=True))
    print(
        f"最小/中位  首帧 {min(columns[0]):.2f}/{median(columns[0]):.2f} s（目标 ≤ 0.6 s）  "
        f"工作台数据 {min(columns[1]):.2f}/{median(columns[1]):.2f} s  "
        f"按键 p95 {min(columns[3]) * 1000:.0f}/{median(columns[3]) * 1000:.0f} ms（目标 ≤ 50 ms）"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument("--gap", type=float, default=0.3)
    parser.add_argument("--inprocess", action="store_true")
    parser.add_argument(
        "--rounds", type=int, default=1, help="rounds of start + typing; >1 prints a summary"
    )
    args = parser.parse_args()
    if args.rounds > 1:
        summary(args)
        return
    source = Source(args.source.resolve())
    source.check()
    home = Path(tempfile.mkdtemp(prefix="docfiler-bench-home-"))
    if args.inprocess:
        found = inprocess_round(source, args.db, home, args.gap, SEARCHES)
        for group, keys in found["keys"].items():
            print(group, [f"{ms * 1000:.0f}{'*' if sup else ''}" for ms, sup in keys])
        print("error:", found["error"])
        return
    tmux = Tmux()
    try:
        print(startup_round(tmux, source, args.db, home, rss_searches=["救助", "盖政发[2016]9"]))
        found = typing_round(tmux, source, args.db, home, args.gap, SEARCHES)
        for group, keys in found["keys"].items():
            print(group, [f"{ms * 1000:.0f}{'*' if sup else ''}" for ms, sup in keys])
        print("error:", found["error"])
    finally:
        tmux.close()


if __name__ == "__main__":
    main()
