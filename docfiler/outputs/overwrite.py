"""Outputs never replace a file without being told to (issue 14): the CLI wants --force, the
TUI asks first. Here: which files an output would write, and the refusal."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docfiler.errors import ValidationError

MAX_NAMED = 5


class OutputExistsError(ValidationError):
    """An output would replace files that exist; nothing was written."""

    def __init__(self, message: str, existing: list[Path]) -> None:
        super().__init__(message)
        self.existing = existing


def cleanup_report_files(folder: Path) -> list[Path]:
    """The files `cleanup report` writes into `folder`, in the order it writes them."""
    from docfiler.outputs.cleanup_report import FILES

    return [Path(folder) / name for name in FILES]


def existing(paths: Iterable[Path]) -> list[Path]:
    return [path for path in paths if Path(path).exists()]


def refuse_overwrite(paths: Iterable[Path], *, what_to_do: str) -> None:
    """Raise OutputExistsError naming the files among `paths` that exist already."""
    found = existing(paths)
    if not found:
        return
    named = "、".join(f"“{path}”" for path in found[:MAX_NAMED])
    more = f"等 {len(found)} 个文件" if len(found) > MAX_NAMED else ""
    raise OutputExistsError(
        f"{named}{more}已存在，没有覆盖，也没有生成任何文件。{what_to_do}", found
    )
