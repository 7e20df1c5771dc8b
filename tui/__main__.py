"""`python -m tui [数据库地址]`: open the UI; the database opens after the first frame."""

from __future__ import annotations

import sys


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else None

    def open_office():
        from docfiler.office import Office

        return Office.open(url)

    from tui.app import run_app

    run_app(open_office)


if __name__ == "__main__":
    main()
