"""Several clerks writing at once (issue 14): 8 writer processes × 200 mixed writes, on SQLite
and PostgreSQL, then a count of what the database holds against what the writers were told.

    .venv/bin/python benchmarks/load.py [--writers 8] [--writes 200] [--backends sqlite postgresql]
                                        [--pg-url postgresql+psycopg://postgres@127.0.0.1:54329/postgres]

Every writer is its own process with its own office (as eight clerks' programs are), calling
the services the CLI and TUI call. The writes, chosen at random with a seed per writer:
登记草案 (a new draft: register_document), 听取意见 (record_opinions on one of 40 shared drafts),
改标题 (update_document's title on one of the shared drafts) and 清理意见 (cleanup decide on one
item of an open campaign of 60 documents). The shared drafts and items make the writers meet.

Reported per database: writes attempted and completed; **lost** writes (a write reported done
whose effect is not in the database: a draft missing, fewer opinion rows than opinions
recorded, a title or a decision that is none of those written) — must be 0; **phantom** rows
(more in the database than was reported done); audit entries written during the run against
completed writes (must be equal: one entry per write); "locked" failures (the busy timeout ran
out), conflicts (ConflictError after the service's own retries), other refusals; and write
latency (p50, p95, max). PostgreSQL needs a server: `--pg-url` names its maintenance database
(default: the test server of scripts/start-postgres.sh); a new database is created for the run
and dropped after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _table import print_table

ROOT = Path(__file__).resolve().parents[1]
SHARED_DRAFTS = 40
CAMPAIGN_DOCS = 60
KINDS = (("add", 0.3), ("opinions", 0.25), ("title", 0.25), ("decide", 0.2))
CAMPAIGN = "负载测试清理"


def shared_number(n: int) -> str:
    return f"盖政办发〔2026〕{n}号"


# ---------------------------------------------------------------------------- setup and check


def prepare(url: str) -> None:
    """The register the writers meet on: shared drafts, published documents, an open campaign."""
    import datetime as dt

    from docfiler import services
    from docfiler.office import Office
    from docfiler.services.cleanup import start_campaign
    from docfiler.services.imports import import_documents

    office = Office.open(url, operator="负载测试")
    office.today = lambda: dt.date(2026, 11, 26)
    services.sync_authorities(office=office)
    for n in range(1, SHARED_DRAFTS + 1):
        services.register_document(office=office, number=shared_number(n), title=f"草案{n}")
    published = [
        {"number": f"盖政发〔2020〕{n}号", "title": f"盖州市第{n}号办法", "published": "2020-03-02"}
        for n in range(1, CAMPAIGN_DOCS + 1)
    ]
    import_documents(office=office, records=published)
    start_campaign(office=office, name=CAMPAIGN, as_of=office.today())
    office.close()


def snapshot(url: str) -> dict:
    """What the database holds that the writers could have written, and its audit count."""
    from sqlalchemy import func, select

    from docfiler.office import Office
    from docfiler.store.tables import AuditEntry, CleanupItem, Document, OpinionRecord

    office = Office.open(url, upgrade=False)
    with office.reading() as session:
        rows = session.execute(select(Document.doc_number, Document.title)).all()
        numbers = {number for number, _ in rows}
        titles = {number: title for number, title in rows}
        items = session.execute(
            select(Document.doc_number, CleanupItem.decision).join(
                Document, Document.id == CleanupItem.document_id
            )
        ).all()
        state = {
            "numbers": numbers,
            "titles": titles,
            "decisions": {number: decision for number, decision in items},
            "opinions": session.execute(select(func.count()).select_from(OpinionRecord)).scalar(),
            "audit": session.execute(select(func.count()).select_from(AuditEntry)).scalar(),
        }
    office.close()
    return state


def lost_and_phantom(before: dict, after: dict, results: list[dict]) -> tuple[int, int]:
    """Writes reported done that the database does not show, and rows it shows unasked."""
    done = [r for r in results if r["outcome"] == "ok"]
    added = {r["number"] for r in done if r["kind"] == "add"}
    lost = len(added - after["numbers"])
    phantom = len(after["numbers"] - before["numbers"] - added)
    opinions = sum(1 for r in done if r["kind"] == "opinions")
    grown = after["opinions"] - before["opinions"]
    lost += max(0, opinions - grown)
    phantom += max(0, grown - opinions)
    for kind, key, start in (("title", "titles", "titles"), ("decide", "decisions", "decisions")):
        written: dict[str, set] = {}
        for r in done:
            if r["kind"] == kind:
                written.setdefault(r["number"], set()).add(r["value"])
        for number, values in written.items():
            if after[key].get(number) not in values:  # the last write must be one of them
                lost += 1
        for number, value in after[key].items():
            if number in before[start] and number not in written and value != before[start][number]:
                phantom += 1
    return lost, phantom


# ---------------------------------------------------------------------------- the writers


def worker(url: str, writer: int, writes: int, start_at: float) -> None:
    """One clerk's program: `writes` mixed writes, one JSON line each."""
    import datetime as dt

    from docfiler.office import Office

    office = Office.open(url, operator=f"写入者{writer}")
    office.today = lambda: dt.date(2026, 11, 26)
    rng = random.Random(writer)
    while time.time() < start_at:
        time.sleep(0.005)
    for n in range(1, writes + 1):
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        started = time.perf_counter()
        record = {"kind": kind}
        try:
            record.update(_write(office, kind, rng, writer, n))
            record["outcome"] = "ok"
        except Exception as error:  # every outcome is counted
            record["outcome"] = _classify(error)
            record["error"] = f"{type(error).__name__}: {str(error)[:120]}"
        record["ms"] = (time.perf_counter() - started) * 1000
        print(json.dumps(record, ensure_ascii=False), flush=True)
    office.close()


def _write(office, kind: str, rng: random.Random, writer: int, n: int) -> dict:
    import datetime as dt

    from docfiler import services
    from docfiler.services.cleanup import decide

    if kind == "add":
        number = shared_number(writer * 1000 + n)
        services.register_document(office=office, number=number, title=f"写入者{writer}的第{n}件")
        return {"number": number}
    if kind == "opinions":
        number = shared_number(rng.randint(1, SHARED_DRAFTS))
        on = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        services.record_opinions(office=office, number=number, on=on, method="座谈会")
        return {"number": number}
    if kind == "title":
        number = shared_number(rng.randint(1, SHARED_DRAFTS))
        title = f"草案（写入者{writer}第{n}次修改）"
        services.update_document(office=office, number=number, changes={"title": title})
        return {"number": number, "value": title}
    number = f"盖政发〔2020〕{rng.randint(1, CAMPAIGN_DOCS)}号"
    decision = rng.choice(["继续有效", "废止"])
    reason = None if decision == "继续有效" else f"写入者{writer}：已被新规定替代"
    decide(office=office, campaign=CAMPAIGN, number=number, decision=decision, reason=reason)
    return {"number": number, "value": decision}


def _classify(error: BaseException) -> str:
    from docfiler.errors import ConflictError, explain

    if isinstance(error, ConflictError):
        return "conflict"
    explained = explain(error)
    if explained is not None and getattr(explained, "kind", None) == "busy":
        return "locked"
    return "other"


# ---------------------------------------------------------------------------- one run


def run(url: str, writers: int, writes: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    prepare(url)
    before = snapshot(url)
    start_at = time.time() + 4.0  # every writer opened its office by then
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "worker", url, str(w), str(writes), str(start_at)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in range(1, writers + 1)
    ]
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=900)
        results += [json.loads(line) for line in out.splitlines()]
    wall = time.time() - start_at
    after = snapshot(url)
    lost, phantom = lost_and_phantom(before, after, results)
    return _summary(results, lost, phantom, after["audit"] - before["audit"], wall)


def _summary(results: list[dict], lost: int, phantom: int, audit: int, wall: float) -> dict:
    done = [r for r in results if r["outcome"] == "ok"]
    latencies = sorted(r["ms"] for r in done)
    count = {
        k: sum(1 for r in results if r["outcome"] == k) for k in ("locked", "conflict", "other")
    }
    others = sorted({r.get("error", "")[:80] for r in results if r["outcome"] == "other"})
    return {
        "attempted": len(results),
        "completed": len(done),
        "lost": lost,
        "phantom": phantom,
        "audit": audit,
        **count,
        "p50": statistics.median(latencies) if latencies else 0,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0,
        "max": latencies[-1] if latencies else 0,
        "wall": wall,
        "others": others,
    }


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'load.db'}"


def _pg_database(admin_url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"docfiler_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return url, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "DOCFILER_LOAD_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:54329/postgres"
        ),
    )
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="docfiler-load-"))
    os.environ.update(
        DOCFILER_CONFIG_DIR=str(home / "config"), DOCFILER_DATA_DIR=str(home / "data")
    )
    rows = []
    try:
        for backend in args.backends:
            if backend == "sqlite":
                summary = run(_sqlite_url(home), args.writers, args.writes)
            else:
                url, drop = _pg_database(args.pg_url)
                try:
                    summary = run(url, args.writers, args.writes)
                finally:
                    drop()
            rows.append(_row(backend, args.writers, summary))
            for other in summary["others"]:
                print(f"  {backend} 其他失败：{other}", file=sys.stderr)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    busy = os.environ.get("DOCFILER_BUSY_TIMEOUT", "默认")
    print(f"{args.writers} 个写入进程 × {args.writes} 次混合写入（SQLite busy_timeout：{busy}）")
    print_table(HEADER, rows)


HEADER = (
    "数据库",
    "尝试",
    "完成",
    "丢失",
    "多出",
    "审计条数",
    "locked",
    "冲突",
    "其他失败",
    "p50 毫秒",
    "p95 毫秒",
    "最长 毫秒",
    "用时 秒",
)


def _row(backend: str, writers: int, s: dict) -> tuple:
    return (
        "SQLite" if backend == "sqlite" else "PostgreSQL",
        s["attempted"],
        s["completed"],
        s["lost"],
        s["phantom"],
        s["audit"],
        s["locked"],
        s["conflict"],
        s["other"],
        f"{s['p50']:.0f}",
        f"{s['p95']:.0f}",
        f"{s['max']:.0f}",
        f"{s['wall']:.1f}",
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
    else:
        main()
