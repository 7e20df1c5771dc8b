"""Where the Word outputs go: the default folder ~/docfiler-输出/ (a folder a clerk finds
without help), the file or folder the clerk typed, and the office's own templates."""

from __future__ import annotations

from pathlib import Path

OUTPUT_FOLDER = "docfiler-输出"


def default_output(name: str) -> str:
    """How a default output path is shown in a field: ~/docfiler-输出/<name>."""
    return f"~/{OUTPUT_FOLDER}/{name}"


def output_file(text: str) -> Path:
    """The .docx file the clerk typed (~ expanded), refused in Chinese if it cannot be one."""
    from docfiler.errors import ValidationError

    path = Path(text.strip()).expanduser()
    if path.suffix.lower() != ".docx":
        raise ValidationError(f"输出文件“{text}”应以 .docx 结尾，如 目录.docx。")
    if path.is_dir():
        raise ValidationError(f"“{text}”是一个文件夹，请给出文件名，如 目录.docx。")
    return path


def output_folder(text: str) -> Path:
    return Path(text.strip()).expanduser()


def template_dir() -> Path | None:
    """The office's own template folder from config.toml (or DOCFILER_TEMPLATE_DIR), if any."""
    from docfiler.config import Settings

    return Settings.load().template_dir


def safe_name(text: str) -> str:
    """A file or folder name without the characters Windows refuses."""
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text).strip() or "输出"
