"""What every command that writes a Word (or Excel) file shares: its -o/--force options and the
check that the file may be written (a .docx or .xlsx, not a folder, never overwritten without
--force)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Output = Annotated[Path, typer.Option("-o", "--output", help="输出的 .docx 文件。")]
Force = Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它。")]


def docx_output(path: Path, force: bool = False, example: str = "目录.docx") -> Path:
    """`path` if it names a .docx that may be written (an existing one only with --force)."""
    from docfiler.errors import ValidationError

    if path.suffix.lower() != ".docx":
        raise ValidationError(f"输出文件“{path}”应以 .docx 结尾。")
    if path.is_dir():
        raise ValidationError(f"“{path}”是一个文件夹，请给出文件名，如 {example}。")
    if not force:
        from docfiler.outputs.overwrite import refuse_overwrite

        refuse_overwrite([path], what_to_do="要覆盖它请加 --force，或用 -o 换一个文件名。")
    return path


def xlsx_output(path: Path, force: bool = False) -> Path:
    """`path` if it names an .xlsx that may be written (an existing one only with --force)."""
    from docfiler.errors import ValidationError

    if path.suffix.lower() != ".xlsx":
        raise ValidationError(f"输出文件“{path}”应以 .xlsx 结尾，如 登记簿.xlsx。")
    if path.is_dir():
        raise ValidationError(f"“{path}”是一个文件夹，请给出文件名，如 {path / '登记簿.xlsx'}。")
    if not force:
        from docfiler.outputs.overwrite import refuse_overwrite

        refuse_overwrite([path], what_to_do="要覆盖它请加 --force，或用 -o 换一个文件名。")
    return path
