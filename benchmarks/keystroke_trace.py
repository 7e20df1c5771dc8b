"""Where a keystroke's time goes, in a real terminal: one `docfiler` in tmux (120×40), traced.

tui_bench.py says how long a keystroke takes; this says where. The app runs from `--source`
with a few of its functions wrapped (`TRACED`, below: nothing in docfiler knows) so that each
writes `perf_counter()` to a log as it happens — the key read by Textual's driver, the search
box's new value, the page's SQL, the frame handed to the terminal, the output thread's write —
and every pass of Python's cyclic garbage collector. perf_counter is CLOCK_MONOTONIC, the same
clock in both processes, so each keystroke's sends and captures line up with the app's log:

    .venv/bin/python benchmarks/keystroke_trace.py --db URL [--source DIR] [--gap 0.3]
        [--repeat 3] [--spikes 50]

Prints, over every keystroke, the median and p95 of: send → key read, → search changed,
→ SQL start, SQL time, SQL end → frame, frame → written, written → seen on screen; the
collector's time between a key and its frame; and with `--spikes MS` the whole log around each
keystroke slower than MS. Not a figure of issue 15 (run_all.py measures those): a tool for
finding the next one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, Source
from tmux_driver import Tmux
from tui_bench import status_search

QUERIES = ["救助", "供热", "盖政发[2016]9", "垃圾分类", "渔港", "临时救助", "政办发"]
POLL = 0.002

# Run in the app's process (`python -c TRACED LOG --db URL`): wraps, then docfiler's own entry.
TRACED = r"""
import gc, sys, time
log = open(sys.argv.pop(1), "a", buffering=1)
def mark(name):
    log.write(f"{time.perf_counter():.6f} {name}\n")
import tui  # noqa: F401  (first, as `docfiler` does: it sets Textual's frame rate)
from textual import events
from textual.app import App
from textual.drivers import _writer_thread, linux_driver
from docfiler.queries import register as browse
from tui.screens import register

def wrap(owner, name, before, after=None):
    inner = getattr(owner, name)
    def traced(*args, **kwargs):
        if before: mark(before)
        try:
            return inner(*args, **kwargs)
        finally:
            if after: mark(after)
    setattr(owner, name, traced)

read_key = linux_driver.LinuxDriver.process_message
def process_message(self, message):
    if isinstance(message, events.Key):
        mark("key read")
    return read_key(self, message)
linux_driver.LinuxDriver.process_message = process_message
wrap(register.RegisterScreen, "_search_typed", "search changed")
wrap(browse, "register_page", "sql start", "sql end")
wrap(App, "_display", "frame", None)

def run(self):  # Textual's output thread, marking each write it flushes
    while (text := self._queue.get()) is not None:
        self._file.write(text)
        if self._queue.qsize() == 0:
            self._file.flush()
            mark("written")
    self._file.flush()
_writer_thread.WriterThread.run = run
gc.callbacks.append(lambda phase, info: mark(f"gc {phase} {info['generation']}"))
from tui.entry import main
sys.exit(main())
"""

STEPS = (  # (label, from, to): the first mark of each name after the key was sent
    ("send → key read", None, "key read"),
    ("→ search changed", "key read", "search changed"),
    ("→ SQL start", "search changed", "sql start"),
    ("SQL", "sql start", "sql end"),
    ("SQL end → frame", "sql end", "frame"),
    ("frame → written", "frame", "written"),
    ("written → on screen", "written", None),
    ("send → on screen", None, None),
)


def typed(tmux: Tmux, queries: list[str], gap: float) -> list[tuple[float, float, str]]:
    """Type each query at `gap` a key; (sent, seen, typed so far) for every key."""
    keys = []
    for query in queries:
        for i, character in enumerate(query):
            sent = time.perf_counter()
            tmux.type("app", character)
            want = query[: i + 1]
            seen = tmux.wait_for("app", lambda s, w=want: _shows(s, w), poll=POLL)
            keys.append((sent, seen, want))
            time.sleep(max(0.0, gap - (time.perf_counter() - sent)))
        tmux.key("app", "C-u")
        tmux.wait_for("app", lambda s: status_search(s) == "", poll=POLL)
        time.sleep(0.5)
    return keys


def _shows(screen: str, want: str) -> bool:
    """The list is drawn for what was typed so far, or for more typed since."""
    return (status_search(screen) or "").startswith(want)


def read_log(log: Path) -> list[tuple[float, str]]:
    """The app's marks, in the order written (perf_counter, name)."""
    marks = []
    for line in log.read_text(encoding="utf-8").splitlines():
        at, _, name = line.partition(" ")
        marks.append((float(at), name))
    return marks


def timeline(marks: list[tuple[float, str]], sent: float, seen: float) -> list[tuple[float, str]]:
    return [(at, name) for at, name in marks if sent <= at <= seen]


def steps(marks: list[tuple[float, str]], sent: float, seen: float) -> dict[str, float]:
    """Each step's milliseconds for one keystroke (a step whose marks are missing is left out:
    a key whose page was superseded has no SQL of its own)."""
    first: dict[str, float | None] = {}
    last_frame = sent
    for at, name in marks:
        first.setdefault(name, at)
        if name == "frame":
            last_frame = at
    first["frame"] = last_frame  # the frame that showed it: the last before it was seen
    written = [at for at, name in marks if name == "written" and at >= last_frame]
    first["written"] = written[0] if written else None  # that frame's write, not an earlier one
    found = {}
    for label, start, end in STEPS:
        a = sent if start is None else first.get(start)
        b = seen if end is None else first.get(end)
        if a is not None and b is not None and b >= a:
            found[label] = (b - a) * 1000
    collecting, began = 0.0, None
    for at, name in marks:
        if at > last_frame:
            break
        if name.startswith("gc start"):
            began = at
        elif name.startswith("gc stop") and began is not None:
            collecting, began = collecting + at - began, None
    found["collector before the frame"] = collecting * 1000
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument("--gap", type=float, default=0.3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--spikes", type=float, default=0.0, help="print keys slower than MS")
    args = parser.parse_args()
    source = Source(args.source.resolve())
    home = Path(tempfile.mkdtemp(prefix="docfiler-trace-"))
    log = home / "trace.log"
    tmux = Tmux()
    try:
        argv = [PYTHON, "-c", TRACED, str(log), "--db", args.db]
        tmux.new_session("app", argv, source.env(home), source.path)
        tmux.wait_for("app", lambda s: "登记簿共" in s, timeout=120)
        time.sleep(1.0)
        tmux.key("app", "F3")
        tmux.wait_for("app", lambda s: status_search(s) == "")
        tmux.type("app", "/")
        time.sleep(0.5)
        keys = typed(tmux, QUERIES * args.repeat, args.gap)
    finally:
        tmux.close()
    table: dict[str, list[float]] = {}
    logged = read_log(log)
    for sent, seen, want in keys:
        marks = timeline(logged, sent, seen)
        for label, ms in steps(marks, sent, seen).items():
            table.setdefault(label, []).append(ms)
        if args.spikes and (seen - sent) * 1000 > args.spikes:
            print(f"{want}: {(seen - sent) * 1000:.1f} ms")
            print("   " + "  ".join(f"{(t - sent) * 1000:.1f} {n}" for t, n in marks))
    print(f"{len(keys)} keys at {args.gap} s; {args.db}")
    print(f"{'step':<28}{'median':>8}{'p95':>8}  (ms)")
    for label, values in table.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"{label:<28}{statistics.median(values):>8.1f}{p95:>8.1f}")


if __name__ == "__main__":
    main()
