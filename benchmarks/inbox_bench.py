"""The office as filing body at scale (issue 12, "Must show"): 50,000 incoming filings.

    .venv/bin/python benchmarks/inbox_bench.py [--filings 50000] [--rounds 3] [--db URL]

Builds (or reuses) a register of `--filings` documents filed by 40 departments and 27 townships
over 2016–2026 — on time, late, never filed, 暂缓 and 补正, 退回, registered and reviewed (some
with 审查意见 followed up to closure, some open), and one 审查建议 per hundred filings — by bulk
insert (SQLAlchemy Core, chunks of 5,000, ANALYZE), then times in this process, warm (one
unmeasured run first), min and median of `--rounds`:

- the first page of `inbox list` (`queries.inbox_page.inbox_page`, 50 rows; where that module
  is missing, the whole list of `queries.inbox.inbox`, marked 全表);
- the dashboard's reminders (`queries.reminders.reminders`, every kind);
- the annual report: the figures (`queries.annual_report.annual_report`) and the files
  (`outputs.annual_report.make_annual_report`: the .docx and the .xlsx).

"Today" is 2026-11-26 throughout. A SQLite register lives in $TMPDIR/docfiler-bench/ and is
reused while its count of filings matches; a PostgreSQL URL given with --db is filled once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _table import print_table
from common import CACHE, min_median, secs, verdict

TODAY = dt.date(2026, 11, 26)
YEARS = range(2016, 2027)
CHUNK = 5000
GOALS = {"inbox": 0.2, "reminders": 0.2, "figures": 2.0, "files": 2.0}
"""Seconds: the inbox page and the reminders as `remind` (≤ 200 ms beyond start-up, issue 15);
the annual report under 2 s (issue 12)."""
# fmt: off
DEPARTMENTS = [
    "教育", "财政", "民政", "人力资源和社会保障", "自然资源", "生态环境", "住房和城乡建设",
    "交通运输", "水利", "农业农村", "商务", "文化旅游和广播电视", "卫生健康", "退役军人事务",
    "应急管理", "审计", "市场监督管理", "统计", "医疗保障", "城市管理综合行政执法", "林业和草原",
    "发展和改革", "工业和信息化", "公安", "司法", "科学技术", "体育", "信访", "粮食和物资储备",
    "畜牧", "海洋与渔业", "营商环境建设", "行政审批", "人民防空", "档案", "地方志", "机关事务",
    "供销", "金融发展", "乡村振兴",
]
TOWNS = [
    "九寨", "青石岭", "团山", "陈屯", "万福", "卧龙泉", "杨运", "双台", "徐屯", "矿洞沟", "高屯",
    "沙岗", "什字街", "小石棚", "归州", "梁屯", "暖泉", "榜式堡", "二台", "太阳升", "东城",
    "西城", "鼓楼", "西海", "九垄地", "熊岳", "仙人岛",
]
CODE_CHARS = "教财民人自环住交水农商文卫退应审市统医城林发工公司科体信粮牧渔营批防档志关供融振"
TOPICS = [
    "临时救助", "物业服务收费", "城区停车", "农村人居环境整治", "河道采砂", "森林防火",
    "安全生产", "食品摊贩", "农贸市场", "再生资源回收", "养犬", "殡葬", "防汛抗旱", "校外培训",
]
# fmt: on


# ---------------------------------------------------------------------------- the register


def _units() -> list[tuple[str, str, str]]:
    """(name, kind, agency code) of the 67 units that file with the office."""
    units = [
        (f"盖州市{name}局", "department", f"盖{CODE_CHARS[i]}发")
        for i, name in enumerate(DEPARTMENTS)
    ]
    units += [(f"{name}镇人民政府", "township", f"{name}政发") for name in TOWNS]
    return units


def _filing(rng: random.Random, row_id: int, unit_id: int, number: str, year: int) -> dict:
    published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    published = min(published, TODAY - dt.timedelta(days=1))
    due = published + dt.timedelta(days=15)
    row = {
        "id": row_id,
        "authority_id": unit_id,
        "doc_number": number,
        "title": f"盖州市{rng.choice(TOPICS)}管理办法",
        "published_on": published,
        "due_on": due,
        "due_provisional": False,
        "version": 1,
    }
    roll = rng.random()
    if roll < 0.03:
        return row  # known, never filed
    received = (
        due - dt.timedelta(days=rng.randrange(12))
        if roll < 0.88
        else due + dt.timedelta(days=1 + rng.randrange(60))
    )
    if received > TODAY:
        return row
    row.update(
        received_on=received,
        late_days=max(0, (received - due).days),
        materials="备案报告、正式文本、起草说明、制定依据、合法性审核意见",
    )
    return row


def _registration(rng: random.Random, row: dict) -> dt.date | None:
    """The formal check on `row` (暂缓 and 补正, 退回, or 予以备案登记); the registration date."""
    received = row.get("received_on")
    if received is None:
        return None
    roll = rng.random()
    if roll < 0.05:
        row.update(
            deferred_on=received + dt.timedelta(days=2),
            deferral_reason="缺起草说明",
            supplement_due=received + dt.timedelta(days=17),
        )
        supplemented = received + dt.timedelta(days=10)
        if supplemented > TODAY:
            return None
        row["supplemented_on"] = supplemented
        received = supplemented
    elif roll < 0.06:
        if received + dt.timedelta(days=3) <= TODAY:
            row.update(
                rejected_on=received + dt.timedelta(days=3), reject_reason="不属于行政规范性文件"
            )
        return None
    registered = received + dt.timedelta(days=2 + rng.randrange(8))
    if registered > TODAY:
        return None
    row["registered_on"] = registered
    return registered


def _generate(count: int, unit_ids: list[tuple[int, str]]) -> Iterator[tuple[list, list, list]]:
    """Chunks of (filings, reviews, follow-ups) rows with their ids."""
    rng = random.Random(12)
    serials: dict[tuple[int, int], int] = {}
    opinion_serials: dict[int, int] = {}
    filings, reviews, followups = [], [], []
    for row_id in range(1, count + 1):
        unit_id, code = rng.choice(unit_ids)
        year = rng.choice(YEARS)
        serial = serials[unit_id, year] = serials.get((unit_id, year), 0) + 1
        row = _filing(rng, row_id, unit_id, f"{code}〔{year}〕{serial}号", year)
        registered = _registration(rng, row)
        filings.append(row)
        if registered is not None:
            review = _review(rng, row_id, registered, opinion_serials)
            reviews.append(review)
            if review.get("result") == "审查意见":
                followups.append(_followup(rng, review))
        if len(filings) == CHUNK:
            yield filings, reviews, followups
            filings, reviews, followups = [], [], []
    if filings:
        yield filings, reviews, followups


def _review(rng: random.Random, filing_id: int, started: dt.date, serials: dict) -> dict:
    review = {
        "id": filing_id,
        "filing_id": filing_id,
        "started_on": started,
        "origin": "registration",
    }
    review["version"] = 1
    finished = started + dt.timedelta(days=5 + rng.randrange(26))
    if finished > TODAY:
        return review
    review.update(finished_on=finished, result="未发现问题")
    if rng.random() < 0.08:
        serial = serials[finished.year] = serials.get(finished.year, 0) + 1
        review.update(
            result="审查意见",
            opinion_kind="建议自行修改",
            findings='{"与上位法抵触": "增设了上位法没有的条件"}',
            reasoning="违法增加公民义务。",
            opinion_year=finished.year,
            opinion_serial=serial,
            opinion_number=f"盖司备审〔{finished.year}〕{serial}号",
        )
    return review


def _followup(rng: random.Random, review: dict) -> dict:
    opinion = review["finished_on"]
    row = {"id": review["id"], "review_id": review["id"], "filing_id": review["filing_id"]}
    row.update(opinion_on=opinion, version=1)
    closed = opinion + dt.timedelta(days=10 + rng.randrange(50))
    if rng.random() < 0.8 and closed <= TODAY:
        row.update(
            reported_on=closed,
            report="已修改",
            outcome=rng.choice(("已纠正", "已废止")),
            closed_on=closed,
        )
    return row


def _suggestions(count: int) -> list[dict]:
    rng = random.Random(7)
    rows = []
    for index in range(count):
        received = dt.date(rng.choice(YEARS), 1, 1) + dt.timedelta(days=rng.randrange(365))
        received = min(received, TODAY)
        replied = received + dt.timedelta(days=5 + rng.randrange(70))
        rows.append(
            {
                "id": index + 1,
                "received_on": received,
                "proposer": f"公民{index}",
                "request": "认为该文件增设了许可条件",
                "replied_on": replied if replied <= TODAY and rng.random() < 0.9 else None,
                "reply": "经审查，已书面答复。",
                "version": 1,
            }
        )
    return rows


def build(url: str, count: int) -> None:
    """Migrate, add the units, bulk-insert the filings, reviews, follow-ups and suggestions."""
    from sqlalchemy import insert, text

    from docfiler import services
    from docfiler.office import Office
    from docfiler.store.tables import (
        AgencyCode,
        Authority,
        FollowUp,
        IncomingFiling,
        IncomingReview,
        ReviewSuggestion,
    )

    office = Office.open(url)
    services.sync_authorities(office=office)
    with office.engine.begin() as connection:
        for name, kind, code in _units():
            unit_id = connection.execute(
                insert(Authority.__table__).values(name=name, kind=kind).returning(Authority.id)
            ).scalar_one()
            connection.execute(insert(AgencyCode.__table__).values(code=code, authority_id=unit_id))
        ids = dict(connection.execute(text("SELECT name, id FROM authority")).all())
        units = [(ids[name], code) for name, _, code in _units()]
        for filings, reviews, followups in _generate(count, units):
            connection.execute(insert(IncomingFiling.__table__), _same_keys(filings))
            if reviews:
                connection.execute(insert(IncomingReview.__table__), _same_keys(reviews))
            if followups:
                connection.execute(insert(FollowUp.__table__), _same_keys(followups))
        connection.execute(insert(ReviewSuggestion.__table__), _suggestions(max(count // 100, 1)))
    _analyse(office.engine)
    office.close()


def _same_keys(rows: list[dict]) -> list[dict]:
    """Every row with every key of the chunk (None where it has none): one executemany."""
    keys = {key for row in rows for key in row}
    return [{key: row.get(key) for key in keys} for row in rows]


def _analyse(engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            for table in ("incomingfiling", "incomingreview", "followup", "reviewsuggestion"):
                c.exec_driver_sql(  # the ids were given: the sequences must follow
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                )
            c.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def filings_in(url: str) -> int:
    from sqlalchemy import create_engine, text

    from docfiler.store.engine import normalize_url

    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM incomingfiling")).scalar()
    except Exception:  # no such table yet
        return -1
    finally:
        engine.dispose()


def ensure(url: str | None, count: int) -> str:
    """The register's URL, built first unless one of this many filings is there."""
    if url is None:
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"inbox-{count}.db"
        url = f"sqlite:///{path}"
        if path.exists() and filings_in(url) != count:
            path.unlink()
    if filings_in(url) != count:
        started = time.perf_counter()
        build(url, count)
        print(f"built {count} filings in {time.perf_counter() - started:.1f} s: {url}")
    return url


# ---------------------------------------------------------------------------- the figures


def timed(work: Callable[[], object], rounds: int) -> list[float]:
    work()  # warm: one unmeasured run
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def measure(url: str, rounds: int, year: int) -> list[tuple]:
    from docfiler.office import Office
    from docfiler.outputs.annual_report import make_annual_report
    from docfiler.queries.annual_report import annual_report
    from docfiler.queries.reminders import reminders

    office = Office.open(url)
    office.today = lambda: TODAY
    try:
        from docfiler.queries.inbox_page import inbox_page

        first_page, label = (lambda: inbox_page(office=office, limit=50)), "inbox list 第一页"
    except ImportError:
        from docfiler.queries.inbox import inbox

        first_page, label = (lambda: inbox(office=office)[:50]), "inbox list 第一页（全表）"
    folder = Path(tempfile.mkdtemp(prefix="docfiler-inbox-bench-"))

    def files() -> None:
        make_annual_report(
            office=office,
            year=year,
            output=folder / "report.docx",
            xlsx=folder / "report.xlsx",
            force=True,
        )

    work = [
        (label, first_page, GOALS["inbox"]),
        ("首页提醒（reminders）", lambda: reminders(office=office), GOALS["reminders"]),
        (
            f"年度报告数据（{year}）",
            lambda: annual_report(office=office, year=year),
            GOALS["figures"],
        ),
        (f"年度报告文件（{year}，docx+xlsx）", files, GOALS["files"]),
    ]
    rows = []
    for name, call, goal in work:
        low, middle = min_median(timed(call, rounds))
        rows.append((name, secs(low), secs(middle), f"≤ {goal:g} s", verdict(middle, goal)))
    office.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", help="a database URL (default: a SQLite file in the cache)")
    parser.add_argument("--year", type=int, default=2025, help="the annual report's year")
    args = parser.parse_args()
    url = ensure(args.db, args.filings)
    rows = measure(url, args.rounds, args.year)
    print(f"\n收文备案审查，{args.filings} 件报备文件，{args.rounds} 轮（预热一轮不计）")
    print_table(("项目", "最小", "中位数", "目标", "结论"), rows)


if __name__ == "__main__":
    main()
