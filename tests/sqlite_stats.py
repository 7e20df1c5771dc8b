"""SQLite planning a small test register as it plans a large one: its statistics say so.

SQLite picks its plan from `sqlite_stat1` (https://sqlite.org/fileformat2.html#stat1tab), which
ANALYZE writes. A test that must see the plan of the 100,000-document benchmark register on the
sample's few dozen documents writes that register's rows for one table there."""

from __future__ import annotations

from sqlalchemy import text


def plan_as_if(engine, table: str, stats: dict[str, str]) -> None:
    """Make `table`'s statistics `stats` ({index: stat1 row}), for connections opened after."""
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE sqlite_schema")  # creates sqlite_stat1
        connection.exec_driver_sql("DELETE FROM sqlite_stat1")
        for index, stat in stats.items():
            connection.execute(
                text("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (:t, :i, :s)"),
                {"t": table, "i": index, "s": stat},
            )
        connection.exec_driver_sql("ANALYZE sqlite_schema")  # reloads it
    engine.dispose()  # connections plan with what they loaded when they opened
