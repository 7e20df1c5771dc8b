"""Core figures at scale: load 100,000 documents with their filings into SQLite, then compute one
day's reminders over all of them. Prints a table of medians.

    .venv/bin/python benchmarks/core_bench.py [--documents 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _table import print_table

TODAY = dt.date(2026, 11, 26)
CODES = [
    ("盖政发", None),
    ("盖政办发", None),
    ("盖民发", "盖州市民政局"),
    ("盖财发", "盖州市财政局"),
    ("盖教发", "盖州市教育局"),
]
WORDS = [
    "城乡居民",
    "临时救助",
    "实施办法",
    "管理办法",
    "暂行办法",
    "专项资金",
    "公共停车场",
    "供水",
    "住房保障",
    "农村土地",
    "行政执法",
    "营商环境",
    "校外培训",
    "垃圾分类",
    "应急管理",
]


def make_records(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    records = []
    years = list(range(2000, 2027))
    per_code_year = count // (len(CODES) * len(years)) + 1
    for code, authority in CODES:
        bodies = ("盖州市人民政府",) if authority else ("营口市人民政府", "盖州市人大常委会")
        for year in years:
            for serial in range(1, per_code_year + 1):
                if len(records) >= count:
                    return records
                published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 330))
                if published > TODAY:
                    published = TODAY - dt.timedelta(days=rng.randrange(1, 30))
                title = "盖州市" + "".join(rng.sample(WORDS, 2))
                filings = []
                if published < TODAY - dt.timedelta(days=40) or rng.random() < 0.5:
                    submitted = published + dt.timedelta(days=rng.randrange(3, 14))
                    if submitted <= TODAY:
                        filings = [
                            {
                                "body": b,
                                "submitted": submitted,
                                "result": "准予备案",
                                "result_date": min(TODAY, submitted + dt.timedelta(days=20)),
                            }
                            for b in bodies
                        ]
                records.append(
                    {
                        "number": f"{code}〔{year}〕{serial}号",
                        "title": title,
                        "published": published,
                        "filings": filings,
                    }
                )
    return records


def fresh_office(path: Path):
    from docfiler import services
    from docfiler.office import Office

    office = Office.open(f"sqlite:///{path}")
    office.today = lambda: TODAY
    services.sync_authorities(office=office)
    for code, authority in CODES:
        if authority:
            services.add_authority(office=office, name=authority, codes=[code])
    return office


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reminder-runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DOCFILER_CONFIG_DIR", tempfile.mkdtemp())

    from docfiler.queries.reminders import reminders
    from docfiler.services.imports import import_documents

    records = make_records(args.documents)
    load_times, reminder_times, filings_count, found = [], [], 0, 0
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            office = fresh_office(Path(folder) / f"bench{run}.db")
            start = time.perf_counter()
            import_documents(office=office, records=records)
            load_times.append(time.perf_counter() - start)
            with office.engine.connect() as connection:
                from sqlalchemy import text

                filings_count = connection.execute(text("select count(*) from filing")).scalar()
            if run == args.runs - 1:
                reminders(office=office, today=TODAY)  # warm the page cache once
                for _ in range(args.reminder_runs):
                    start = time.perf_counter()
                    found = len(reminders(office=office, today=TODAY))
                    reminder_times.append(time.perf_counter() - start)
            office.close()

    rows = [
        (
            "load documents + filings (SQLite)",
            f"{args.documents:,} docs / {filings_count:,} filings",
            f"{statistics.median(load_times):.2f} s",
            "< 10 s",
            args.runs,
        ),
        (
            "reminders for one day",
            f"{found} items over {args.documents:,} docs",
            f"{statistics.median(reminder_times) * 1000:.1f} ms",
            "< 200 ms",
            args.reminder_runs,
        ),
    ]
    print_table(("measure", "data", "median", "goal", "runs"), rows)


if __name__ == "__main__":
    main()
