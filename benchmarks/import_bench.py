"""`docfiler import` at scale (issue 13, §1): an office register of 10,000 and 100,000 rows.

    .venv/bin/python benchmarks/import_bench.py [--sizes 10000 100000] [--pg URL] [--workbook]

Per size, a sheet is written the way offices keep theirs (a title banner, the header in row 2,
numbers in several written forms, dates as date cells, 2016.3.1, 2016年3月1日 and Chinese
numerals, 已废止/已失效/宣布失效 with dates, 备案情况 in words) — writing it is not measured.
Then, each a whole process on a new register (`docfiler init`):
- 预览: `docfiler import FILE --dry-run` (read, map, check every row; nothing written);
- 导入: `docfiler import FILE --yes` (the same preview, then everything in one transaction).
Wall time from spawn to exit and the child's peak RSS. Goals (issue 13): preview of 10,000 rows
under 5 s, import under 10 s. With --pg (a server URL, e.g. $DOCFILER_TEST_PG_URL) the same on
a new PostgreSQL database.

With --workbook, docfiler's own workbook instead (the round trip of issue 13, §2): the sheet is
imported into a register (not measured, nor is a department with no documents added so that
the 制定机关 sheet has one to restore), then measured:
- 导出: `docfiler export -o FILE.xlsx` (every sheet, 制定机关 included);
- 预览（工作簿）: `docfiler import FILE.xlsx --dry-run` into a new register (`docfiler init`,
  no departments): every document, filing and step replayed through the services and rolled
  back;
- 导入（工作簿）: `docfiler import FILE.xlsx --yes` (the same restore, committed).
The goals above apply to the preview and the import at 10,000 documents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _table import print_table
from common import ROOT, Run, Source, expect, mib, run_process, secs, verdict

CN_DIGITS = "〇一二三四五六七八九"
HEADERS = ["序号", "文件名称", "发文字号", "发文机关", "印发日期", "施行日期", "有效期", "是否有效"]
HEADERS += ["备案情况", "备注"]
GOALS = {"预览": 5.0, "导入": 10.0}
STATUSES = ("现行有效",) * 18 + ("已废止（{d}）", "宣布失效（{d}）")
FILINGS = ("已报营口市政府、市人大常委会备案", "已备案", "已报市政府备案（{d}）", "未备案", None)


def cn_date(day: dt.date) -> str:
    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (
            ("" if tens < 2 else CN_DIGITS[tens])
            + ("十" if tens else "")
            + (CN_DIGITS[ones] if ones or not tens else "")
        )

    year = "".join(CN_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{small(day.month)}月{small(day.day)}日"


def written(day: dt.date, style: int):
    return (
        day,
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.isoformat(),
        cn_date(day),
    )[style % 5]


def write_register(path: Path, count: int, seed: int = 13) -> None:
    """`count` documents of 盖政发 / 盖政办发 over 1995–2025, in an office's shape."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("规范性文件目录")
    sheet.append(["盖州市人民政府规范性文件目录（基准测试数据）"])
    sheet.append(HEADERS)
    for n in range(count):
        code, authority = (("盖政发", "市政府"), ("盖政办发", "市政府办公室"))[n % 2]
        year = 1995 + (n // 2) % 31
        serial = n // 62 + 1
        forms = (
            f"{code}〔{year}〕{serial}号",
            f"{code}[{year}]{serial}号",
            f"{code}（{year}）第{serial}号",
        )
        published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
        ended = published + dt.timedelta(days=rng.randint(400, 3000))
        status = rng.choice(STATUSES).format(d=f"{ended.year}年{ended.month}月{ended.day}日")
        if ended > dt.date(2025, 12, 31):
            status = "现行有效"
        filing = rng.choice(FILINGS)
        if filing:
            filed = published + dt.timedelta(days=5)
            filing = filing.format(d=f"{filed.year}.{filed.month}.{filed.day}")
        sheet.append(
            [
                n + 1,
                f"盖州市第{n + 1}号管理办法",
                forms[n % 3],
                authority,
                written(published, n),
                None,
                "5年" if n % 10 == 0 and status == "现行有效" and year > 2022 else None,
                status,
                filing,
                "基准测试" if n % 7 == 0 else None,
            ]
        )
    book.save(path)


def docfiler(source: Source, home: Path, *args: str) -> Run:
    run = run_process(source.docfiler(*args), env=source.env(home), cwd=source.path)
    return expect(run, " ".join(args[2:4]))


def measure(source: Source, home: Path, url: str, sheet: Path, size: int, backend: str):
    docfiler(source, home, "--db", url, "init")
    rows = []
    for label, extra in (("预览", "--dry-run"), ("导入", "--yes")):
        run = docfiler(source, home, "--db", url, "import", str(sheet), extra)
        goal = verdict(run.seconds, GOALS[label]) if size == 10_000 else ""
        rows.append((f"{size:,}", backend, label, secs(run.seconds), mib(run.peak_rss), goal))
    return rows


def measure_workbook(
    source: Source, folder: Path, urls: tuple[str, str], sheet: Path, size: int, backend: str
):
    """The register of `sheet` exported as docfiler's workbook, then previewed and imported
    into a new register (`urls`: the register exported, the new one)."""
    exported, restored = urls
    home = folder / f"workbook-{backend}-{size}"
    docfiler(source, home, "--db", exported, "init")
    docfiler(source, home, "--db", exported, "import", str(sheet), "--yes")
    docfiler(
        source, home, "--db", exported, "authority", "add", "盖州市基准测试局", "--code", "盖基发"
    )
    workbook = folder / f"workbook-{backend}-{size}.xlsx"
    steps = [("导出", exported, ("export", "-o", str(workbook), "--force"))]
    steps += [
        ("预览（工作簿）", restored, ("import", str(workbook), "--dry-run")),
        ("导入（工作簿）", restored, ("import", str(workbook), "--yes")),
    ]
    docfiler(source, home, "--db", restored, "init")
    rows = []
    for label, url, args in steps:
        run = docfiler(source, home, "--db", url, *args)
        goal = GOALS.get(label.removesuffix("（工作簿）")) if label != "导出" else None
        shown = verdict(run.seconds, goal) if goal and size == 10_000 else ""
        rows.append((f"{size:,}", backend, label, secs(run.seconds), mib(run.peak_rss), shown))
    return rows


def postgres(server: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"docfiler_import_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def _workbook_rows(source: Source, folder: Path, sheet: Path, size: int, server: str | None):
    urls = tuple(f"sqlite:///{folder / f'{name}-{size}.db'}" for name in ("exported", "restored"))
    rows = measure_workbook(source, folder, urls, sheet, size, "SQLite")
    if server:
        (exported, drop_exported), (restored, drop_restored) = postgres(server), postgres(server)
        try:
            rows += measure_workbook(
                source, folder, (exported, restored), sheet, size, "PostgreSQL"
            )
        finally:
            drop_exported()
            drop_restored()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--pg", help="PostgreSQL server URL (a database is made per size)")
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument(
        "--workbook",
        action="store_true",
        help="export the register as docfiler's workbook, then time its preview and import",
    )
    args = parser.parse_args(argv)
    source = Source(args.source.resolve())
    source.check()
    table = []
    with tempfile.TemporaryDirectory(prefix="docfiler-import-bench-") as scratch:
        folder = Path(scratch)
        for size in args.sizes:
            sheet = folder / f"register-{size}.xlsx"
            write_register(sheet, size)
            print(f"{size:,} 行：{sheet.stat().st_size / 1024 / 1024:.1f} MB", file=sys.stderr)
            if args.workbook:
                table += _workbook_rows(source, folder, sheet, size, args.pg)
                continue
            url = f"sqlite:///{folder / f'register-{size}.db'}"
            table += measure(source, folder / f"home-{size}", url, sheet, size, "SQLite")
            if args.pg:
                url, drop = postgres(args.pg)
                try:
                    table += measure(source, folder / f"pg-{size}", url, sheet, size, "PostgreSQL")
                finally:
                    drop()
    print_table(("行数", "数据库", "步骤", "用时", "峰值内存", "目标"), table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
