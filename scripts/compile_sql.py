"""Write docfiler/queries/reminder_sql.py: the reminders' SQL compiled for SQLite and PostgreSQL.

Run after changing docfiler/queries/reminder_statements.py (or a table it reads):
    .venv/bin/python scripts/compile_sql.py
tests/docfiler/test_reminder_sql.py fails while the file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docfiler" / "queries" / "reminder_sql.py"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from docfiler.queries.reminder_statements import render_module

    text = render_module()
    if TARGET.exists() and TARGET.read_text(encoding="utf-8") == text:
        print(f"{TARGET.relative_to(ROOT)} is up to date.")
        return
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
