"""The registers the benchmarks run on: N documents with 2,000-character bodies, in SQLite files
and in PostgreSQL databases, built through the checkout's own migrations and kept for reuse.

    .venv/bin/python benchmarks/dataset.py [--source DIR] [--sizes 100000 300000]
                                           [--body-chars 2000] [--backends sqlite postgresql]

Each register is built by a child process that imports docfiler from `--source`: `Office.open`
migrates an empty database, the authorities are registered through the services, and then
documents, their filings and their bodies are bulk-inserted in chunks (into `documentbody` when
the schema has it, else into `document.body_text`), followed by ANALYZE. A register is reused
while its count of generated documents matches (the CLI benchmark's writes add a few drafts); its name carries the size, the body size and the schema
revision. PostgreSQL runs on a throw-away server of the benchmark's own (scripts/start-postgres.sh
on port 54339 by default), so restarting it for cold runs disturbs nobody.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, PYTHON, ROOT, Source, drop_from_page_cache, sqlite_files

AGENCIES = {
    "盖政发": "盖州市人民政府",
    "盖政办发": "盖州市人民政府办公室",
    "盖民发": "盖州市民政局",
    "盖财发": "盖州市财政局",
    "盖自然资发": "盖州市自然资源局",
    "盖教发": "盖州市教育局",
}
# fmt: off
TOPICS = [
    "城乡居民临时救助", "最低生活保障", "特困人员救助供养", "城市供热", "城区户外广告设置",
    "城市绿化", "住宅小区物业服务", "再生资源回收", "农业产业化发展专项资金", "中小学课后服务",
    "政府投资项目", "财政专项资金", "国有土地上房屋征收与补偿", "农村村民住宅用地审批",
    "城区道路挖掘", "城区违法建设治理", "城市生活垃圾分类", "校外培训机构监督", "城乡供水",
    "养犬", "农贸市场", "城区公共停车场建设", "城区临时占道经营", "餐饮服务业油烟污染防治",
    "政府采购内部控制", "义务教育学校招生入学", "优化营商环境", "国有建设用地使用权网上交易",
    "建筑垃圾处置收费", "共享电动自行车停放", "重大行政处罚决定备案审查", "地下管线",
    "行政执法自由裁量基本标准", "住宅专项维修资金", "殡葬管理", "畜禽养殖污染防治", "河道采砂",
    "森林防火", "安全生产", "食品摊贩", "文物保护", "防汛抗旱", "粮食储备", "城市照明",
    "公共租赁住房", "老年人优待", "残疾人就业", "医疗救助", "失业保险", "农村公路养护", "渔港",
    "海域使用", "矿产资源", "水土保持",
]
PHRASES = [
    "第一条", "为了加强管理", "规范相关行为", "根据有关法律、法规和规章", "结合本市实际",
    "制定本办法。", "本办法适用于本市行政区域内", "市人民政府", "有关部门应当按照各自职责",
    "做好相关工作", "第二条", "第三条", "申请人应当提交下列材料：", "（一）申请书；",
    "（二）身份证明；", "（三）其他材料。", "审核机关应当自受理之日起", "十五个工作日内作出决定",
    "对不符合条件的，书面告知理由。", "违反本办法规定的，由", "责令限期改正", "依法予以处罚",
    "本办法自公布之日起施行", "有效期五年", "乡镇人民政府、街道办事处", "村（居）民委员会",
    "协助做好", "资金纳入财政预算", "专款专用", "接受审计监督", "建立健全工作机制",
    "加强监督检查", "定期公布", "救助", "供热", "垃圾", "养犬", "渔港",
]
# fmt: on
KINDS = ("管理办法", "实施办法", "实施细则", "暂行办法", "管理规定", "若干规定", "办法（试行）")
UNITS = ["盖州市民政局", "盖州市财政局", "盖州市教育局", "盖州市住房和城乡建设局", "盖州市司法局"]
CHUNK = 5000


# ---------------------------------------------------------------------------- the child


def _rows(count: int, body_chars: int, today: dt.date, authority_ids: dict[str, int]):
    """Chunks of (documents, bodies, filings). Most documents are in force (no validity limit or
    one not yet reached), some lapsed, repealed or still drafts; recent ones have filings due."""
    rng = random.Random(20261126)
    slots = [(code, year) for code in AGENCIES for year in range(1990, today.year + 1)]
    per_slot = -(-count // len(slots))
    now = dt.datetime.now(dt.UTC)
    documents, bodies, filings, doc_id = [], [], [], 0
    for code, year in slots:
        for serial in range(1, per_slot + 1):
            if doc_id >= count:
                break
            doc_id += 1
            published = None
            if year < today.year or rng.random() < 0.6:
                published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 360))
                published = min(published, today - dt.timedelta(days=rng.randrange(0, 5)))
            limited = published is not None and rng.random() < 0.2
            repealed = published is not None and year < today.year - 3 and rng.random() < 0.05
            documents.append(
                {
                    "id": doc_id,
                    "doc_number": f"{code}〔{year}〕{serial}号",
                    "agency_code": code,
                    "year": year,
                    "serial": serial,
                    "title": f"盖州市{rng.choice(TOPICS)}{rng.choice(KINDS)}",
                    "authority_id": authority_ids[AGENCIES[code]],
                    "drafting_unit": rng.choice(UNITS),
                    "kind": "regular",
                    "published_on": published,
                    "publication_channel": "盖州市人民政府门户网站" if published else None,
                    "effective_on": published,
                    "valid_until": published.replace(year=published.year + 5, day=1)
                    if limited
                    else None,
                    "repealed_on": published + dt.timedelta(days=700) if repealed else None,
                    "repeal_reason": "基准测试数据" if repealed else None,
                    "is_sample": True,
                    "note": "基准测试数据（虚构）",
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            if body_chars:
                text = "".join(rng.choices(PHRASES, k=body_chars // 4))[:body_chars]
                bodies.append({"document_id": doc_id, "text": text})
            if published is not None:
                pending = published > today - dt.timedelta(days=60) and rng.random() < 0.7
                submitted = published + dt.timedelta(days=rng.randrange(3, 14))
                filings.append(
                    {
                        "document_id": doc_id,
                        "body": "营口市人民政府" if code.startswith("盖政") else "盖州市人民政府",
                        "due_on": published + dt.timedelta(days=15),
                        "due_provisional": False,
                        "submitted_on": None if pending else min(submitted, today),
                        "result": None if pending else "准予备案",
                        "result_on": None if pending else min(submitted, today),
                        "version": 1,
                    }
                )
            if len(documents) >= CHUNK:
                yield documents, bodies, filings
                documents, bodies, filings = [], [], []
    if documents:
        yield documents, bodies, filings


def build(url: str, count: int, body_chars: int) -> None:
    """In the child (docfiler from --source): migrate, register authorities, bulk-load."""
    from sqlalchemy import MetaData, insert, text

    import docfiler
    from docfiler import services
    from docfiler.office import Office

    print(f"docfiler from {Path(docfiler.__file__).parent}", file=sys.stderr)
    office = Office.open(url)
    services.sync_authorities(office=office)
    for code, name in AGENCIES.items():
        if name not in ("盖州市人民政府", "盖州市人民政府办公室"):
            services.add_authority(office=office, name=name, codes=[code])
    meta = MetaData()
    meta.reflect(office.engine)
    document, filing = meta.tables["document"], meta.tables["filing"]
    body_table = meta.tables.get("documentbody")
    with office.engine.connect() as connection:
        ids = {
            name: id_ for id_, name in connection.execute(text("SELECT id, name FROM authority"))
        }
    keep = set(document.columns.keys())
    if "title_sort" in keep:
        from docfiler.store.title_sort import title_sort_key
    today = dt.date.today()
    with office.engine.begin() as connection:
        for documents, bodies, filings in _rows(count, body_chars, today, ids):
            if body_table is None and bodies:  # the old schema: bodies inline
                for row, body in zip(documents, bodies, strict=True):
                    row["body_text"] = body["text"]
            rows = [{k: v for k, v in row.items() if k in keep} for row in documents]
            if "title_sort" in keep:  # schema 0007: the pinyin key the ORM and bulk insert keep
                for row in rows:
                    row["title_sort"] = title_sort_key(row["title"])
            connection.execute(insert(document), rows)
            if body_table is not None and bodies:
                connection.execute(insert(body_table), bodies)
            if filings:
                known = set(filing.columns.keys())
                rows = [{k: v for k, v in row.items() if k in known} for row in filings]
                connection.execute(insert(filing), rows)
    if office.engine.dialect.name == "postgresql":
        with office.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            # The ids were given explicitly: the sequence must follow, or the next add fails.
            c.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('document', 'id'), max(id)) FROM document"
            )
            c.exec_driver_sql("VACUUM ANALYZE")
    else:
        with office.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    office.close()


# ---------------------------------------------------------------------------- the parent


def _build_in_child(source: Source, url: str, count: int, body_chars: int, home: Path) -> None:
    start = time.perf_counter()
    argv = [PYTHON, str(Path(__file__).resolve()), "build", url, str(count), str(body_chars)]
    subprocess.run(argv, env=source.env(home), cwd=source.path, check=True)
    print(f"  生成 {count:,} 件：{time.perf_counter() - start:.1f} 秒", file=sys.stderr)


def sqlite_count(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path) as connection:
            return connection.execute("SELECT count(*) FROM document WHERE is_sample").fetchone()[0]
    except sqlite3.Error:
        return 0


def ensure_sqlite(source: Source, count: int, body_chars: int, home: Path) -> str:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"register-{count}-{body_chars}-{source.schema}.db"
    if sqlite_count(path) != count:
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        print(f"生成 SQLite 登记簿 {path}", file=sys.stderr)
        _build_in_child(source, f"sqlite:///{path}", count, body_chars, home)
    return f"sqlite:///{path}"


class PgServer:
    """A throw-away PostgreSQL server of the benchmark's own, started by the repository's
    scripts/start-postgres.sh on another port than the test suite's."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.dir = Path(os.environ.get("DOCFILER_BENCH_PG_DIR", f"/tmp/docfiler-bench-pg-{port}"))
        self.base = f"postgresql+psycopg://postgres@127.0.0.1:{port}"
        self._admin = None

    def start(self) -> None:
        env = dict(os.environ, DOCFILER_PG_PORT=str(self.port), DOCFILER_PG_DIR=str(self.dir))
        script = ROOT / "scripts" / "start-postgres.sh"
        subprocess.run(["bash", "-c", f". {script}"], env=env, check=True, stdout=sys.stderr)

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def admin(self):
        if self._admin is None:
            from sqlalchemy import create_engine

            self._admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        return self._admin

    def exec(self, sql: str) -> None:
        with self.admin().connect() as connection:
            connection.exec_driver_sql(sql)

    def count(self, name: str) -> int:
        from sqlalchemy import create_engine
        from sqlalchemy.exc import SQLAlchemyError

        engine = create_engine(self.url(name))
        try:
            with engine.connect() as connection:
                sql = "SELECT count(*) FROM document WHERE is_sample"
                return connection.exec_driver_sql(sql).scalar()
        except SQLAlchemyError:
            return 0
        finally:
            engine.dispose()

    def drop(self, name: str) -> None:
        self.exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def clone(self, template: str, name: str) -> str:
        self.drop(name)
        self.exec(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def ensure(self, source: Source, count: int, body_chars: int, home: Path) -> str:
        name = f"docfiler_bench_{count}_{body_chars}_{source.schema}"
        if self.count(name) != count:
            self.drop(name)
            self.exec(f'CREATE DATABASE "{name}"')
            print(f"生成 PostgreSQL 登记簿 {name}", file=sys.stderr)
            _build_in_child(source, self.url(name), count, body_chars, home)
        return self.url(name)

    def make_cold(self) -> None:
        """Restart the server (its shared buffers emptied) and drop every file of its data
        directory from the OS page cache."""
        if self._admin is not None:
            self._admin.dispose()
        owner = self.dir.stat().st_uid
        bindir = Path(os.readlink(f"/proc/{self._postmaster_pid()}/exe")).parent
        argv = [str(bindir / "pg_ctl"), "restart", "-D", str(self.dir), "-w", "-s", "-m", "fast"]
        argv += ["-l", str(self.dir / "postgresql.log")]
        if os.getuid() == 0 and owner != 0:
            import pwd

            argv = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--", *argv]
        subprocess.run(argv, check=True, cwd="/", stdout=subprocess.DEVNULL)
        files = [Path(root) / f for root, _, names in os.walk(self.dir) for f in names]
        drop_from_page_cache(files)

    def _postmaster_pid(self) -> int:
        return int((self.dir / "postmaster.pid").read_text().split()[0])


class Target:
    """One register to measure: its URL, how to make it cold, how to copy it for a write."""

    def __init__(self, backend: str, size: int, url: str, pg: PgServer | None = None) -> None:
        self.backend, self.size, self.url, self.pg = backend, size, url, pg

    @property
    def label(self) -> str:
        return "SQLite" if self.backend == "sqlite" else "PostgreSQL"

    def make_cold(self, url: str | None = None) -> None:
        """`url` (default: the register) out of the page cache; PostgreSQL: the whole server."""
        if self.pg is None:
            drop_from_page_cache(sqlite_files(url or self.url))
        else:
            self.pg.make_cold()

    def copy(self) -> str:
        """A fresh copy of the register (a cleanup campaign can be started once per register)."""
        if self.pg is None:
            path = Path(sqlite_files(self.url)[0])
            copy = path.with_name(path.stem + "-copy.db")
            for suffix in ("", "-wal"):
                if Path(f"{path}{suffix}").exists():
                    shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
                else:
                    Path(f"{copy}{suffix}").unlink(missing_ok=True)
            Path(f"{copy}-shm").unlink(missing_ok=True)
            return f"sqlite:///{copy}"
        name = self.url.rsplit("/", 1)[1]
        return self.pg.clone(name, f"{name}_copy")

    def warm(self, url: str) -> None:
        """Bring a fresh copy to the state of a register in daily use: on PostgreSQL its tables
        and indexes in the server's shared buffers (pg_prewarm; the bodies excepted, which no
        list reads), as a server that has been running holds them. A copy just made by CREATE
        DATABASE … TEMPLATE sits in the OS cache but not in the server's buffers. SQLite: the
        copy was just written, so it is in the OS cache already."""
        if self.pg is None:
            return
        from sqlalchemy import create_engine, text

        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
                connection.execute(
                    text(
                        "SELECT sum(pg_prewarm(c.oid::regclass)) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') "
                        "AND c.relname NOT LIKE 'documentbody%'"
                    )
                )
        finally:
            engine.dispose()

    def discard(self, url: str) -> None:
        if self.pg is None:
            for path in sqlite_files(url):
                path.unlink(missing_ok=True)
        else:
            self.pg.drop(url.rsplit("/", 1)[1])

    def in_force(self) -> int:
        """Documents in force today, counted with plain SQL (for the catalogue's row)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                return connection.execute(
                    text(
                        "SELECT count(*) FROM document WHERE published_on <= :d "
                        "AND (effective_on IS NULL OR effective_on <= :d) "
                        "AND (valid_until IS NULL OR valid_until >= :d) "
                        "AND (repealed_on IS NULL OR repealed_on > :d) "
                        "AND (declared_invalid_on IS NULL OR declared_invalid_on > :d)"
                    ),
                    {"d": dt.date.today()},
                ).scalar()
        finally:
            engine.dispose()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        build(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000])
    parser.add_argument("--body-chars", type=int, default=2000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--pg-port", type=int, default=54339)
    args = parser.parse_args()
    source = Source(args.source.resolve())
    home = Path(tempfile.mkdtemp(prefix="docfiler-bench-home-"))
    pg = PgServer(args.pg_port) if "postgresql" in args.backends else None
    if pg is not None:
        pg.start()
    for size in args.sizes:
        if "sqlite" in args.backends:
            print(ensure_sqlite(source, size, args.body_chars, home))
        if pg is not None:
            print(pg.ensure(source, size, args.body_chars, home))


if __name__ == "__main__":
    main()
