"""Word output speed, side by side in one run: the naive python-docx way (add_row + cell.text),
docfiler's template filling, and the floor (the same document.xml written as a string and
zipped). Then 100,000 rows with peak memory.

    .venv/bin/python benchmarks/word_bench.py [--rows 10000] [--big 100000] [--skip-naive]
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _table import print_table

from docfiler.outputs.word import Group, find_template, render


def rows(count: int) -> list[dict[str, str]]:
    return [
        {
            "no": str(i),
            "title": f"《盖州市城乡居民临时救助实施办法（第{i}号示例）》",
            "number": f"盖政发〔{2000 + i % 27}〕{i}号",
            "dates": f"{2000 + i % 27}年3月1日" + ("\n2019年5月6日修订" if i % 10 == 0 else ""),
            "note": "暂行" if i % 7 == 0 else "",
        }
        for i in range(1, count + 1)
    ]


FIELDS = {
    "title": "盖州市现行有效规范性文件目录",
    "subtitle": "（截至2026年11月26日）",
    "footnote": None,
}


def docfiler_way(data: list[dict[str, str]], out: Path) -> float:
    start = time.perf_counter()
    render(find_template("catalogue"), out, fields=FIELDS, groups=[Group("盖州市人民政府", data)])
    return time.perf_counter() - start


def naive_way(data: list[dict[str, str]], out: Path) -> float:
    from docx import Document

    start = time.perf_counter()
    document = Document(str(find_template("catalogue")))
    table = document.tables[0]
    keys = ("no", "title", "number", "dates", "note")
    for values in data:
        cells = table.add_row().cells
        for cell, key in zip(cells, keys, strict=True):
            cell.text = values[key]
    document.save(str(out))
    return time.perf_counter() - start


def floor_way(reference: Path, out: Path) -> float:
    """Write the very same document.xml (already a string) and the other parts into a zip."""
    with zipfile.ZipFile(reference) as source:
        parts = [(item, source.read(item.filename)) for item in source.infolist()]
    xml = next(data for item, data in parts if item.filename == "word/document.xml").decode()
    start = time.perf_counter()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item, data in parts:
            if item.filename == "word/document.xml":
                target.writestr(item, xml.encode("utf-8"))
            else:
                target.writestr(item, data)
    return time.perf_counter() - start


def median_of(runs: int, action) -> float:
    return statistics.median(action() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    data = rows(args.rows)
    ours = median_of(args.runs, lambda: docfiler_way(data, folder / "ours.docx"))
    floor = median_of(args.runs, lambda: floor_way(folder / "ours.docx", folder / "floor.docx"))
    naive = None if args.skip_naive else naive_way(data, folder / "naive.docx")

    big = rows(args.big)
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    big_time = docfiler_way(big, folder / "big.docx")
    tracemalloc.start()  # a second run for memory: tracing slows allocation down
    docfiler_way(big, folder / "big.docx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    table = [
        (
            f"naive python-docx, {args.rows:,} rows",
            f"{naive:.2f} s" if naive else "skipped",
            "",
            "1 run",
        ),
        (
            f"docfiler template fill, {args.rows:,} rows",
            f"{ours:.3f} s",
            f"{naive / ours:.0f}× faster than naive (goal ≥ 30×)" if naive else "",
            f"median of {args.runs}",
        ),
        (
            f"floor: same XML as string + zip, {args.rows:,} rows",
            f"{floor:.3f} s",
            f"docfiler = {ours / floor:.2f}× floor (goal ≤ 2×)",
            f"median of {args.runs}",
        ),
        (f"docfiler template fill, {args.big:,} rows", f"{big_time:.2f} s", "goal < 3 s", "1 run"),
        (
            f"peak memory, {args.big:,} rows",
            f"{peak / 2**20:.0f} MB traced",
            f"max RSS {max(rss_after, rss_before) / 1024:.0f} MB (goal < 600 MB)",
            "",
        ),
    ]
    print_table(("measure", "time / size", "comparison", "runs"), table)
    with zipfile.ZipFile(folder / "big.docx") as check:
        size = check.getinfo("word/document.xml").file_size
    print(f"\n{args.big:,}-row document.xml: {size / 2**20:.0f} MB uncompressed; files in {folder}")


if __name__ == "__main__":
    main()
