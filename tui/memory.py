"""What the terminal UI remembers between runs: the folder a Word document was last read from.

One small JSON file in the user's state folder (platformdirs; DOCFILER_STATE_DIR overrides it,
as DOCFILER_DATA_DIR does for the data). A missing, unreadable or damaged file is taken as
empty, and a file that cannot be written is left as it was: what is remembered only saves the
clerk a few keys, so it never stops anything.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Any

STATE_FILE = "tui-state.json"
DOCX_FOLDER = "docx_folder"
DOCUMENT_FOLDERS = ("Documents", "文档")
"""Where a clerk's documents usually are, under the home folder (English, then Chinese desktop)."""

log = logging.getLogger("docfiler.tui")


def state_file() -> Path:
    override = os.environ.get("DOCFILER_STATE_DIR")
    if override:
        return Path(override) / STATE_FILE
    import platformdirs

    return platformdirs.user_state_path("docfiler", appauthor=False) / STATE_FILE


def load() -> dict[str, Any]:
    """Everything remembered; {} when there is nothing (readable) to remember."""
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(**values: Any) -> None:
    """Keep `values` with what is remembered already (written whole, through a temporary file)."""
    path = state_file()
    data = load() | values
    temporary = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        log.warning("界面状态未能保存到 %s：%s", path, error)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def remember_docx_folder(folder: Path) -> None:
    remember(**{DOCX_FOLDER: str(folder)})


def docx_start_folder() -> Path:
    """Where the Word picker opens: the folder last read from, else the documents folder (文档),
    else the home folder."""
    last = load().get(DOCX_FOLDER)
    home = Path.home()
    candidates = [Path(last)] if isinstance(last, str) and last else []
    candidates += [home / name for name in DOCUMENT_FOLDERS]
    for folder in candidates:
        with contextlib.suppress(OSError):
            if folder.is_dir():
                return folder
    return home
