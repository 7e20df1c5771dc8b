"""TUI figures at scale: 100,000 documents in SQLite.

    .venv/bin/python benchmarks/tui_bench.py [--documents 100000] [--body-chars 2000]
                                            [--rebuild] [--rounds 5] [--gap 0.12]

The generated register (bulk insert through the real migration) has realistic titles and doc
numbers over 1990–2026 and, by default, 2,000 characters of full text per document, so rows are
as wide as real ones (--body-chars 0 for narrow rows). It is kept under the temp directory and
reused while its size matches.

Measures, and prints as a table:
  1. process start → first frame drawn, in a real pseudo-terminal (120×40), for
     `python -m tui` (database opened after the first frame), for today's CLI contract
     (`Office.open()` then `run_app(office)`), and for the `docfiler` entry point; also
     process start → the dashboard's data drawn;
  2. a keystroke in the register's search box → the list repainted, p50/p95/max, for 1-, 2- and
     4-character Chinese queries and for doc numbers typed in loose forms, character by character
     (the app runs in the pseudo-terminal, so rendering and writing the frame are included; the
     benchmark waits on the frames written rather than polling, so as not to take the GIL from
     the app's threads), and the slowest keystrokes;
  3. memory added by opening the register screen (tracemalloc, and RSS with its anonymous part,
     RssAnon: SQLite maps the database file with mmap, and the file pages it touches count in
     RSS as RssFile, which is the OS page cache rather than memory the app allocated);
  4. the bare SQL behind a search page and behind the lazy total count, and behind each prefix
     of a doc number as it is typed.
Goals (issue 3): first frame < 0.6 s; keystroke p95 < 50 ms; register memory < 30 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import pty
import random
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TODAY = dt.date(2026, 11, 26)
AGENCIES = {
    "盖政发": "盖州市人民政府",
    "盖政办发": "盖州市人民政府办公室",
    "盖民发": "盖州市民政局",
    "盖财发": "盖州市财政局",
    "盖自然资发": "盖州市自然资源局",
    "盖教发": "盖州市教育局",
}
TOPICS = [
    "城乡居民临时救助",
    "最低生活保障",
    "特困人员救助供养",
    "城市供热",
    "城区户外广告设置",
    "城市绿化",
    "住宅小区物业服务",
    "再生资源回收",
    "农业产业化发展专项资金",
    "中小学课后服务",
    "政府投资项目",
    "财政专项资金",
    "国有土地上房屋征收与补偿",
    "农村村民住宅用地审批",
    "城区道路挖掘",
    "城区违法建设治理",
    "城市生活垃圾分类",
    "校外培训机构监督",
    "城乡供水",
    "养犬",
    "农贸市场",
    "城区公共停车场建设",
    "城区临时占道经营",
    "餐饮服务业油烟污染防治",
    "政府采购内部控制",
    "义务教育学校招生入学",
    "优化营商环境",
    "国有建设用地使用权网上交易",
    "建筑垃圾处置收费",
    "共享电动自行车停放",
    "重大行政处罚决定备案审查",
    "行政执法自由裁量基本标准",
    "地下管线",
    "住宅专项维修资金",
    "殡葬管理",
    "畜禽养殖污染防治",
    "河道采砂",
    "森林防火",
    "安全生产",
    "食品摊贩",
    "文物保护",
    "防汛抗旱",
    "粮食储备",
    "城市照明",
    "公共租赁住房",
    "老年人优待",
    "残疾人就业",
    "医疗救助",
    "失业保险",
    "农村公路养护",
    "渔港",
    "海域使用",
    "矿产资源",
    "水土保持",
]
KINDS = ("管理办法", "实施办法", "实施细则", "暂行办法", "管理规定", "若干规定", "办法（试行）")
SEARCHES = {
    "中文 1 字": ["救", "供", "垃", "犬", "渔"],
    "中文 2 字": ["救助", "供热", "垃圾", "养犬", "渔港"],
    "中文 4 字": ["临时救助", "城市供热", "垃圾分类", "森林防火", "海域使用"],
    "文号": [
        "盖政发[2016]9",
        "盖民发(2019)21",
        "盖政办发【2022】6",
        "盖教发2021",
        "盖财发〔2020〕46",
    ],
}


# ---------------------------------------------------------------------------- the database


BODY = "第一条 为了加强管理，规范相关行为，根据有关法律、法规和规章，结合本市实际，制定本办法。"


def build_database(path: Path, count: int, body_chars: int = 0) -> None:
    """`count` documents by bulk insert (plus their filings), through the real migration.

    `body_chars` of full text per document make the rows as wide as real ones (a table scan
    then reads far more pages than an index scan).
    """
    body = (BODY * (body_chars // len(BODY) + 1))[:body_chars] or None
    from sqlalchemy import insert

    from docfiler import services
    from docfiler.office import Office
    from docfiler.store.tables import Authority, Document, Filing

    if path.exists():
        path.unlink()
    office = Office.open(f"sqlite:///{path}")
    office.today = lambda: TODAY
    services.sync_authorities(office=office)
    for code, name in AGENCIES.items():
        if name not in ("盖州市人民政府", "盖州市人民政府办公室"):
            services.add_authority(office=office, name=name, codes=[code])
    with office.reading() as session:
        authority_ids = {a.name: a.id for a in session.exec(Authority.__table__.select())}
    rng = random.Random(20261126)
    slots = [(code, year) for code in AGENCIES for year in range(1990, 2027)]
    per_slot = -(-count // len(slots))
    documents, filings = [], []
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    doc_id = 0
    for code, year in slots:
        for serial in range(1, per_slot + 1):
            if doc_id >= count:
                break
            doc_id += 1
            title = f"盖州市{rng.choice(TOPICS)}{rng.choice(KINDS)}"
            published = None
            if year < 2026 or rng.random() < 0.6:
                published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 330))
                published = min(published, TODAY)
            effective = published
            valid_until = (
                dt.date(published.year + 5, published.month, 1) if published is not None else None
            )
            documents.append(
                {
                    "id": doc_id,
                    "doc_number": f"{code}〔{year}〕{serial}号",
                    "agency_code": code,
                    "year": year,
                    "serial": serial,
                    "title": title,
                    "authority_id": authority_ids[AGENCIES[code]],
                    "kind": "regular",
                    "published_on": published,
                    "publication_channel": "盖州市人民政府门户网站" if published else None,
                    "effective_on": effective,
                    "valid_until": valid_until,
                    "is_sample": True,
                    "body_text": body,
                    "note": "基准测试数据（虚构）",
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            if published is not None:
                submitted = published + dt.timedelta(days=rng.randrange(3, 20))
                pending = published > TODAY - dt.timedelta(days=40) and rng.random() < 0.7
                filings.append(
                    {
                        "document_id": doc_id,
                        "body": "营口市人民政府",
                        "due_on": published + dt.timedelta(days=15),
                        "due_provisional": False,
                        "submitted_on": None if pending else submitted,
                        "result": None if pending else "准予备案",
                        "version": 1,
                    }
                )
    with office.transaction() as session:
        connection = session.connection()
        for start in range(0, len(documents), 5000):
            connection.execute(insert(Document.__table__), documents[start : start + 5000])
        for start in range(0, len(filings), 5000):
            connection.execute(insert(Filing.__table__), filings[start : start + 5000])
    with office.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    office.close()


def database_count(path: Path) -> int:
    import sqlite3

    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path) as connection:
            return connection.execute("SELECT count(*) FROM document").fetchone()[0]
    except sqlite3.Error:
        return 0


# ---------------------------------------------------------------------------- a pseudo-terminal


def run_in_pty(
    argv: list[str], markers: list[str], *, env: dict[str, str], timeout: float = 30.0
) -> dict[str, float]:
    """Start `argv` in a 120×40 pseudo-terminal; seconds until each marker text appears."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen: dict[str, float] = {}
    buffer = b""
    try:
        while len(seen) < len(markers) and time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            now = time.perf_counter()
            buffer += chunk
            text = buffer.decode("utf-8", errors="ignore")
            for marker in markers:
                if marker not in seen and marker in text:
                    seen[marker] = now - start
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    return seen


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        COLUMNS="120",
        LINES="40",
        PYTHONPATH=str(ROOT),
        DOCFILER_OPERATOR="基准测试",
    )
    env.pop("TEXTUAL", None)
    return env


def first_frame(url: str, rounds: int, home: Path) -> list[tuple[str, float, float]]:
    env = _env()
    env["DOCFILER_CONFIG_DIR"] = str(home / "config")
    env["DOCFILER_DATA_DIR"] = str(home / "data")
    contract = (
        "from docfiler.office import Office; from tui.app import run_app; "
        f"run_app(Office.open({url!r}))"
    )
    # What `docfiler` would do if cli._open_ui passed `state.office` (a callable) to run_app.
    proposed = (
        "from docfiler.cli import State; from tui.app import run_app; "
        f"run_app(State({url!r}, None).office)"
    )
    docfiler = str(Path(PYTHON).with_name("docfiler"))
    variants = [
        ("python -m tui（先出画面，后台打开数据库）", [PYTHON, "-m", "tui", url]),
        ("Office.open() 后 run_app(office)（cli 现行契约）", [PYTHON, "-c", contract]),
        ("cli 导入后 run_app(state.office)（建议的契约）", [PYTHON, "-c", proposed]),
    ]
    if Path(docfiler).exists():
        variants.append(("docfiler --db …（入口命令）", [docfiler, "--db", url]))
    title, data = "盖州市规范性文件备案管理", "登记簿共"
    results = []
    for label, argv in variants:
        frames, loaded = [], []
        run_in_pty(argv, [title, data], env=env)  # warm the OS file cache
        for _ in range(rounds):
            seen = run_in_pty(argv, [title, data], env=env)
            frames.append(seen.get(title, float("nan")))
            loaded.append(seen.get(data, float("nan")))
        results.append((label, statistics.median(frames), statistics.median(loaded)))
    return results


# ---------------------------------------------------------------------------- typing in the app

TYPING_CHILD = textwrap.dedent(
    """
    import asyncio, json, os, sys, time, tracemalloc
    import tui  # first, as in `docfiler` and `python -m tui`: it sets Textual's frame rate
    from textual import events
    from textual.worker import get_current_worker
    from docfiler.office import Office
    from tui.app import DocfilerApp

    URL, OUT, SEARCHES, GAP = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), float(sys.argv[4])

    def memory() -> dict[str, int]:
        # RSS, and its anonymous part (RssAnon: the heap). SQLite's mmap of the database file
        # (PRAGMA mmap_size) maps page-cache pages in: they count in RSS, as RssFile.
        found = {}
        with open("/proc/self/status") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "RssAnon", "RssFile"):
                    found[key] = int(value.split()[0]) * 1024
        return {"rss": found["VmRSS"], "anon": found["RssAnon"], "file": found["RssFile"]}

    class Bench(DocfilerApp):
        displays: list[float] = []
        painted: asyncio.Event | None = None

        def _display(self, screen, renderable):
            # A frame is written to the terminal: this is what "repainted" means here.
            super()._display(screen, renderable)
            self.displays.append(time.perf_counter())
            if self.painted is not None:
                self.painted.set()

        def frame_after(self, moment: float) -> float | None:
            return next((t for t in self.displays if t > moment), None)

        async def wait(self, predicate, timeout=10.0):
            # Woken by each frame written (with a slow poll as a fallback), not by polling every
            # half millisecond: that would take the GIL from the app's own threads, on which
            # the figures measured here depend.
            start = time.perf_counter()
            if self.painted is None:
                self.painted = asyncio.Event()
            while not predicate():
                if time.perf_counter() - start > timeout:
                    raise TimeoutError("no repaint")
                self.painted.clear()
                try:
                    await asyncio.wait_for(self.painted.wait(), 0.02)
                except TimeoutError:
                    pass

        async def others_done(self):
            me = get_current_worker()
            while any(w.is_running for w in self.workers if w is not me):
                await asyncio.sleep(0.005)

        async def idle(self):
            await asyncio.sleep(0.3)
            await self.others_done()
            await asyncio.sleep(0.2)

        async def bench(self):
            result = {"latency": {}}
            await self.wait(lambda: self.ready)
            await self.idle()
            tracemalloc.start()
            before_memory, before = memory(), tracemalloc.take_snapshot()
            self.action_show_register()
            await self.wait(lambda: getattr(self.screen, "page", None) is not None)
            await self.idle()
            after_memory, after = memory(), tracemalloc.take_snapshot()
            stats = after.compare_to(before, "filename")
            result["tracemalloc"] = sum(s.size_diff for s in stats)
            result["register"] = {k: after_memory[k] - before_memory[k] for k in before_memory}
            result["rows_in_table"] = self.screen.query_one("#register-table").row_count
            tracemalloc.stop()
            screen = self.screen
            search = screen.query_one("#search")
            search.focus()
            for group, queries in SEARCHES.items():
                times = result["latency"].setdefault(group, [])
                for query in queries:
                    search.value = ""
                    await self.wait(lambda: screen.shown and screen.shown[0].search == "")
                    await self.idle()
                    for index, char in enumerate(query):
                        typed = query[: index + 1]
                        count = screen.repaints
                        start = time.perf_counter()
                        search.post_message(events.Key(char, char))
                        await self.wait(
                            lambda typed=typed, count=count: screen.repaints > count
                            and screen.shown[0].search == typed
                            and self.frame_after(screen.rows_shown_at) is not None
                        )
                        times.append((self.frame_after(screen.rows_shown_at) - start) * 1000)
                        result.setdefault("keystrokes", []).append((typed, times[-1]))
                        await asyncio.sleep(GAP)
                    await self.others_done()
            typed_memory = memory()
            result["after_typing"] = {k: typed_memory[k] - before_memory[k] for k in before_memory}
            with open(OUT, "w") as handle:
                json.dump(result, handle)
            self.exit()

        def on_mount(self) -> None:
            super().on_mount()
            self.run_worker(self.bench(), exclusive=False)

    office = Office.open(URL)
    Bench(office).run()
    """
)


def typing(url: str, gap: float, home: Path) -> dict:
    env = _env()
    env["DOCFILER_CONFIG_DIR"] = str(home / "config")
    env["DOCFILER_DATA_DIR"] = str(home / "data")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        child = Path(tmp) / "child.py"
        child.write_text(TYPING_CHILD, encoding="utf-8")
        argv = [PYTHON, str(child), url, str(out), json.dumps(SEARCHES), str(gap)]
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True
        )
        os.close(slave)
        output = b""
        deadline = time.perf_counter() + 300
        while process.poll() is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    output += os.read(master, 65536)[-2000:]
                except OSError:
                    break
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
        if not out.exists():
            tail = output.decode("utf-8", errors="ignore")[-1500:]
            raise SystemExit(f"typing benchmark failed:\n{tail}")
        return json.loads(out.read_text())


# ---------------------------------------------------------------------------- bare SQL


def sql_timings(url: str) -> list[tuple[str, float, float]]:
    from docfiler.office import Office
    from docfiler.queries import register as browse

    office = Office.open(url, upgrade=False)
    office.today = lambda: TODAY
    rows = []
    for group, queries in SEARCHES.items():
        page_ms, count_ms = [], []
        for query in queries:
            filters = browse.RegisterFilter(search=query)
            for _ in range(3):
                start = time.perf_counter()
                browse.register_page(office=office, filters=filters)
                page_ms.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                browse.register_count(office=office, filters=filters)
                count_ms.append((time.perf_counter() - start) * 1000)
        rows.append((group, statistics.median(page_ms), statistics.median(count_ms)))
    # What typing a doc number asks for: each prefix once, in order (盖, 盖政, 盖政发, 盖政发[, …).
    # The early prefixes are title words matching nothing, or a range over a whole agency.
    prefix_ms = []
    for query in SEARCHES["文号"]:
        for end in range(1, len(query) + 1):
            filters = browse.RegisterFilter(search=query[:end])
            start = time.perf_counter()
            browse.register_page(office=office, filters=filters)
            prefix_ms.append(((time.perf_counter() - start) * 1000, query[:end]))
    slowest = max(prefix_ms)
    rows.append(
        (
            f"文号逐字前缀（最慢 {slowest[0]:.1f}：“{slowest[1]}”）",
            statistics.median(ms for ms, _ in prefix_ms),
            float("nan"),
        )
    )
    start = time.perf_counter()
    browse.register_page(office=office)
    first = (time.perf_counter() - start) * 1000
    rows.insert(0, ("（无搜索，第 1 页）", first, float("nan")))
    office.close()
    return rows


# ---------------------------------------------------------------------------- report


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument(
        "--body-chars", type=int, default=2000, help="full text per document (0: none)"
    )
    parser.add_argument("--database", type=Path, default=None, help="default: under the temp dir")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each start-up variant")
    parser.add_argument("--gap", type=float, default=0.12, help="seconds between keystrokes")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    if args.database is None:
        name = f"bench-{args.documents}-{args.body_chars}.db"
        args.database = Path(tempfile.gettempdir()) / "docfiler-bench" / name
    args.database.parent.mkdir(parents=True, exist_ok=True)
    home = args.database.parent / "home"
    os.environ["DOCFILER_CONFIG_DIR"] = str(home / "config")
    os.environ["DOCFILER_DATA_DIR"] = str(home / "data")
    url = f"sqlite:///{args.database}"
    if args.rebuild or database_count(args.database) != args.documents:
        start = time.perf_counter()
        build_database(args.database, args.documents, args.body_chars)
        print(
            f"生成 {args.documents:,} 件文件：{time.perf_counter() - start:.1f} 秒（{args.database}）"
        )
    size = args.database.stat().st_size / 1024 / 1024
    print(
        f"数据库：{args.database}（{database_count(args.database):,} 件，"
        f"每件正文 {args.body_chars} 字，{size:.0f} MiB）"
    )

    print("\n1. 启动到首帧（伪终端 120×40，中位数）")
    print(f"{'方式':<44}{'首帧':>10}{'工作台数据':>12}")
    for label, frame, loaded in first_frame(url, args.rounds, home):
        mark = "达标" if frame < 0.6 else "未达标"
        print(f"{label:<40}{frame:>9.3f}s{loaded:>11.3f}s  {mark}")

    result = typing(url, args.gap, home)
    print(f"\n2. 搜索框按键 → 列表重绘（毫秒；按键间隔 {args.gap * 1000:.0f} ms）")
    print(f"{'查询':<12}{'次数':>6}{'p50':>9}{'p95':>9}{'最大':>9}")
    everything = []
    for group, values in result["latency"].items():
        everything += values
        print(
            f"{group:<10}{len(values):>8}{statistics.median(values):>9.1f}"
            f"{percentile(values, 0.95):>9.1f}{max(values):>9.1f}"
        )
    p95 = percentile(everything, 0.95)
    print(
        f"{'全部':<10}{len(everything):>8}{statistics.median(everything):>9.1f}{p95:>9.1f}{max(everything):>9.1f}  {'达标' if p95 < 50 else '未达标'}"
    )
    slowest = sorted(result["keystrokes"], key=lambda k: -k[1])[:5]
    print("最慢的按键：" + "，".join(f"“{typed}” {ms:.0f}" for typed, ms in slowest))

    mib = 1024 * 1024
    register, typed = result["register"], result["after_typing"]
    print("\n3. 打开登记簿增加的内存（MiB；RSS = 匿名内存 RssAnon + 映射的数据库文件页 RssFile）")
    print(f"{'':<16}{'tracemalloc':>12}{'RSS':>9}{'RssAnon':>10}{'RssFile':>10}")
    print(
        f"{'打开登记簿':<11}{result['tracemalloc'] / mib:>16.2f}{register['rss'] / mib:>9.2f}"
        f"{register['anon'] / mib:>10.2f}{register['file'] / mib:>10.2f}  "
        f"{'达标' if register['rss'] < 30 * mib else '未达标'}（目标：RSS < 30 MB）"
    )
    print(
        f"{'打完全部搜索后':<9}{'':>16}{typed['rss'] / mib:>9.2f}{typed['anon'] / mib:>10.2f}"
        f"{typed['file'] / mib:>10.2f}"
    )
    print(f"表格行数：{result['rows_in_table']}")

    print("\n4. 搜索的 SQL（不含界面，中位数，毫秒）")
    print(f"{'查询':<16}{'一页（LIMIT 51）':>16}{'总数 COUNT':>12}")
    for group, page_ms, count_ms in sql_timings(url):
        print(f"{group:<14}{page_ms:>14.1f}{count_ms:>14.1f}")


if __name__ == "__main__":
    main()
