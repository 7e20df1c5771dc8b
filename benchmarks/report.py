"""The tables `make bench` prints: one per figure of issue 15, each goal with its target, the
min and the median of the rounds, and 达标/未达标 (judged on the median)."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from _table import print_table
from common import MIB, mib, min_median, ms, percentile, secs, size_label, verdict


def _pair(values: list[float], fmt) -> tuple[str, str]:
    low, mid = min_median(values)
    return fmt(low), fmt(mid)


def heading(text: str) -> None:
    print(f"\n{text}")


def startup(records: list[dict]) -> None:
    heading("表 1  TUI 启动（tmux 真实终端 120×40，整个进程；秒）")
    rows = []
    for r in records:
        for key, name, limit in (
            ("first", "首帧", 0.5),
            ("data", "工作台数据", 1.0 if r["mode"] == "热" else 2.0),
        ):
            low, mid = _pair(r[key], secs)
            target = f"≤ {limit:g} s"
            ok = verdict(min_median(r[key])[1], limit)
            size = size_label(r["size"])
            rows.append((size, r["db"], r["mode"], name, target, low, mid, len(r[key]), ok))
    print_table(("规模", "数据库", "缓存", "指标", "目标", "最小", "中位", "轮数", "结论"), rows)
    for r in records:
        for error in filter(None, r["error"]):
            print(f"（出错：{size_label(r['size'])} {r['db']}：{error}）")


def memory(records: list[dict]) -> None:
    heading("表 2  TUI 常驻内存（/proc/<pid>/status；RssFile 含 SQLite mmap 的数据库页）")
    rows = []
    for r in records:
        if r["mode"] != "热":
            continue
        limit = (200 if r["size"] <= 100_000 else 300) * MIB
        for key, when in (("rss_dashboard", "工作台载入后"), ("rss_after", "登记簿搜索后")):
            samples = [s for s in r[key] if s]
            if not samples:
                continue
            rss = [s["VmRSS"] for s in samples]
            anon = statistics.median(s["RssAnon"] for s in samples)
            file = statistics.median(s["RssFile"] for s in samples)
            low, mid = _pair(rss, mib)
            ok = verdict(min_median(rss)[1], limit)
            target = f"≤ {limit // MIB} MiB"
            size = size_label(r["size"])
            rows.append((size, r["db"], when, target, low, mid, mib(anon), mib(file), ok))
    print_table(
        ("规模", "数据库", "时点", "目标", "RSS 最小", "RSS 中位", "RssAnon", "RssFile", "结论"),
        rows,
    )


def _round_stats(keys: list[tuple[float, bool]]) -> tuple[float, float, float]:
    values = [k[0] for k in keys]
    return statistics.median(values), percentile(values, 0.95), max(values)


def _lat(seconds: float) -> str:
    return "丢失" if seconds == float("inf") else ms(seconds)


def typing(records: list[dict], floor: dict[str, list[float]]) -> None:
    heading("表 3  登记簿：按键 → 列表重绘（p95；各轮 p95 的最小/中位）")
    rows, detail, notes = [], [], []
    for r in records:
        limit = 0.050 if r["size"] <= 100_000 else 0.060
        rounds = [rd["keys"] for rd in r["rounds"]]
        where = f"{size_label(r['size'])} {r['db']} {r['method']} {r['gap']:g} s"
        notes += [
            f"{where} 第 {i + 1} 轮：{rd['error']}"
            for i, rd in enumerate(r["rounds"])
            if rd["error"]
        ]
        for group in [*rounds[0], "全部"]:
            per_round = [
                [k for keys in rd.values() for k in keys] if group == "全部" else rd[group]
                for rd in rounds
            ]
            stats = [_round_stats(keys) for keys in per_round]
            p50 = statistics.median(s[0] for s in stats)
            p95_low, p95_mid = min_median([s[1] for s in stats])
            worst = max(s[2] for s in stats)
            superseded = sum(k[1] for keys in per_round for k in keys)
            lost = sum(k[0] == float("inf") for keys in per_round for k in keys)
            row = (size_label(r["size"]), r["db"], r["method"], f"{r['gap']:g} s", group)
            row += (len(per_round[0]), _lat(p50), _lat(p95_low), _lat(p95_mid), _lat(worst))
            row += (superseded, lost)
            if group == "全部":
                ok = verdict(p95_mid, limit) if not lost else "未达标"
                rows.append((*row, f"p95 ≤ {limit * 1000:.0f} ms", ok))
            else:
                detail.append(row)
    header = ("规模", "数据库", "测法", "间隔", "查询", "键/轮", "p50", "p95 最小", "p95 中位")
    header += ("最大", "被覆盖", "丢失")
    print_table((*header, "目标", "结论"), rows)
    for note in notes:
        print(f"（出错：{note}；此后的按键计为丢失）")
    for label, times in floor.items():
        what = "cat（终端回显）" if label == "cat" else "最小 Textual 应用（一个输入框）"
        print(
            f"（测法下限，{what}：send-keys → capture-pane 中位 {ms(min_median(times)[1])}，"
            f"p95 {ms(percentile(times, 0.95))}）"
        )
    heading("表 3b  按查询类型（同上，逐类）")
    print_table(header, detail)


MODES = ("warm", "cold")
MODE_LABELS = {"warm": "热", "cold": "冷"}


def _yes(ok: bool) -> str:
    return "达标" if ok else "未达标"


def _cli_row(r: dict, name: str, mode: str, label: str, target: str, ok: str) -> tuple:
    runs = r["found"][name][mode]
    low, mid = _pair([x.seconds for x in runs], secs)
    # through the resident process, ru_maxrss is the caller's alone: not the command's memory
    peak = "—" if name.endswith("_resident") else mib(max(x.peak_rss for x in runs))
    size = size_label(r["size"])
    failed = next((x.error for x in runs if x.error), None)
    ok = f"出错（{failed}）" if failed else ok
    return (size, r["db"], label, MODE_LABELS[mode], low, mid, peak, target, ok)


def _long_rows(r: dict, median) -> list[tuple]:
    """catalogue, list --json and export through the resident process: the time (their memory
    is the child's, the same code as the 新进程 rows above, which measure it)."""
    rows = []
    for name, label, limit in (
        ("catalogue", "catalogue，常驻进程", 3),
        ("list", "list --json，常驻进程", 5),
        ("export", "export，常驻进程", 5),
    ):
        if name + "_resident" not in r["found"]:
            continue
        for mode in MODES:
            ok = verdict(median(name + "_resident", mode), limit, strict=True)
            rows.append(_cli_row(r, name + "_resident", mode, label, f"< {limit} s", ok))
    return rows


def _startup_rows(r: dict, median, base: float) -> list[tuple]:
    """remind, add and cleanup start: each process from nothing, then through the resident
    process (docfiler.resident) when the run measured it."""
    rows = []
    for suffix, how in (("", "新进程"), ("_resident", "常驻进程")):
        if "remind" + suffix not in r["found"]:
            continue
        for mode in MODES:
            extra = median("remind" + suffix, mode) - base
            label = f"remind --json，{how}（超出基准 {ms(extra)}）"
            ok = verdict(extra, 0.2)
            rows.append(_cli_row(r, "remind" + suffix, mode, label, "超出 ≤ 200 ms", ok))
        for mode in MODES:
            extra = median("add" + suffix, mode) - base
            label = f"add 登记一件草案，{how}（超出基准 {ms(extra)}）"
            ok = verdict(extra, 0.15)
            rows.append(_cli_row(r, "add" + suffix, mode, label, "超出 ≤ 150 ms", ok))
        for mode in MODES:
            ok = verdict(median("cleanup" + suffix, mode), 2, strict=True)
            label = f"cleanup start，{how}（每轮一份新副本）"
            rows.append(_cli_row(r, "cleanup" + suffix, mode, label, "< 2 s", ok))
    return rows


def _median_of(found: dict):
    return lambda name, mode: min_median([x.seconds for x in found[name][mode]])[1]


def _peak_of(found: dict):
    return lambda name, mode: max(x.peak_rss for x in found[name][mode])


def cli(records: list[dict]) -> None:
    heading("表 4  命令行（整个进程，stdout → /dev/null；峰值 RSS 取 wait4 的 ru_maxrss）")
    rows = []
    for r in records:
        found = r["found"]
        median, peak = _median_of(found), _peak_of(found)
        base = median("import", "warm")
        rows.append(_cli_row(r, "import", "warm", "python -c 'import docfiler.cli'", "基准", ""))
        if "stack" in found:  # the floor of a fresh process: below it no command can go
            extra = median("stack", "warm") - base
            label = f"只导入 SQLAlchemy、SQLModel、表定义与驱动（新进程下限，超出基准 {ms(extra)}）"
            rows.append(_cli_row(r, "stack", "warm", label, "（下限）", ""))
        for mode in MODES:
            ok = median("catalogue", mode) < 3 and peak("catalogue", mode) < 600 * 1000 * 1000
            label = f"catalogue（现行有效 {r['in_force']:,} 件）"
            target = "< 3 s 且 < 600 MB"
            rows.append(_cli_row(r, "catalogue", mode, label, target, _yes(ok)))
        small = peak("list_year", "warm")
        for mode in MODES:
            grows = peak("list", mode) - small
            ok = median("list", mode) < 5 and grows < 50 * MIB
            label = f"list --json（峰值比只列一年多 {mib(grows)}）"
            rows.append(_cli_row(r, "list", mode, label, "< 5 s，内存恒定", _yes(ok)))
        if "export" in found:
            for mode in MODES:
                ok = median("export", mode) < 5
                rows.append(_cli_row(r, "export", mode, "export", "< 5 s", _yes(ok)))
        else:
            missing = ("", "", "", "", "", "n/a（尚无 export 命令）")
            rows.append((size_label(r["size"]), r["db"], "export", *missing))
        rows += _startup_rows(r, median, base)
        rows += _long_rows(r, median)
    header = ("规模", "数据库", "命令", "缓存", "最小", "中位", "峰值 RSS", "目标", "结论")
    print_table(header, rows)


def preamble(source: Path, args, databases: list[tuple[str, str]]) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"docfiler 基准测试（issue 15）  代码：{source}  轮数：{args.rounds}")
    print(f"{os.cpu_count()} 核，结束时负载 {load}；Python {sys.version.split()[0]}")
    print(f"每件正文 {args.body_chars} 字；按键间隔 {', '.join(f'{g:g} s' for g in args.gaps)}")
    print("docfiler 和 tui 的模块先编译好（__pycache__），子进程不设 PYTHONDONTWRITEBYTECODE")
    for label, url in databases:
        print(f"  {label}: {url}")
