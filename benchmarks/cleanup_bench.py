"""Cleanup campaign at scale: 10,000 documents in force in SQLite. Times starting the campaign,
recording a decision (p95 over many), and finishing it.

    .venv/bin/python benchmarks/cleanup_bench.py [--documents 10000] [--decisions 300]
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
UNITS = ["盖州市民政局", "盖州市财政局", "盖州市教育局", "盖州市住房和城乡建设局", "盖州市司法局"]


def records(count: int) -> list[dict]:
    rng = random.Random(3)
    out = []
    for i in range(1, count + 1):
        code = "盖政发" if i % 2 else "盖政办发"
        year = 2022 + i % 4
        published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))
        published = min(published, TODAY - dt.timedelta(days=40))
        out.append(
            {
                "number": f"{code}〔{year}〕{i}号",
                "title": f"盖州市示例管理办法{i}",
                "published": published,
                "drafting_unit": rng.choice(UNITS),
                "valid_years": 10,
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--decisions", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("DOCFILER_CONFIG_DIR", tempfile.mkdtemp())
    os.environ.setdefault("DOCFILER_OPERATOR", "bench")

    from sqlalchemy import text

    from docfiler import services
    from docfiler.office import Office
    from docfiler.services.cleanup import decide, finish_campaign, start_campaign
    from docfiler.services.imports import import_documents

    folder = Path(tempfile.mkdtemp())
    office = Office.open(f"sqlite:///{folder / 'bench.db'}")
    office.today = lambda: TODAY
    services.sync_authorities(office=office)
    import_documents(office=office, records=records(args.documents))

    start = time.perf_counter()
    started = start_campaign(office=office, name="基准测试清理", as_of=TODAY)
    start_time = time.perf_counter() - start

    with office.engine.connect() as connection:
        numbers = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT d.doc_number FROM cleanupitem i JOIN document d ON d.id = i.document_id "
                    "ORDER BY i.id"
                )
            )
        ]
    rng = random.Random(5)
    sample = rng.sample(numbers, min(args.decisions, len(numbers)))
    timings = []
    for index, number in enumerate(sample):
        decision, reason = [
            ("继续有效", None),
            ("废止", "已被替代"),
            ("宣布失效", "调整对象消失"),
            ("修改", "与上位法不一致"),
        ][index % 4]
        begin = time.perf_counter()
        decide(
            office=office, campaign=started.id, number=number, decision=decision, reason=reason
        )
        timings.append(time.perf_counter() - begin)
    # The rest are decided in bulk (setup, not measured), so the campaign can finish.
    with office.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE cleanupitem SET decision = CASE WHEN id % 10 = 0 THEN '废止' ELSE '继续有效' END, "
                "reason = CASE WHEN id % 10 = 0 THEN '批量示例理由' END WHERE decision IS NULL"
            )
        )
    begin = time.perf_counter()
    result = finish_campaign(office=office, campaign=started.id, on=TODAY)
    finish_time = time.perf_counter() - begin

    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print_table(
        ("measure", "result", "goal"),
        [
            (f"start campaign ({started.total:,} documents)", f"{start_time:.2f} s", "< 2 s"),
            (f"record a decision, p95 of {len(timings)}", f"{p95 * 1000:.1f} ms", "< 20 ms"),
            ("record a decision, median", f"{statistics.median(timings) * 1000:.1f} ms", ""),
            (
                f"finish campaign (废止 {result.totals.repealed:,}, 宣布失效 {result.totals.declared_invalid:,})",
                f"{finish_time:.2f} s",
                "< 5 s",
            ),
        ],
    )


if __name__ == "__main__":
    main()
