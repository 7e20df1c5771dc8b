"""打开文件 / 打开文件夹: a generated file or its folder, opened with the desktop's own program
(xdg-open on Linux, open on macOS, the file's program on Windows) without waiting for it.

The app holds the opener it uses (`DocfilerApp.opener`), so a test gives it one that only
records what it was asked to open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Opener = Callable[[Path], str | None]
"""Opens a path; returns None when the program was started, else what to tell the clerk."""


def no_program(path: Path) -> str:
    return f"本机没有可用的打开程序，文件在：{path}"


def open_command() -> str | None:
    """The program that opens a file or folder on this desktop, if there is one."""
    name = "open" if sys.platform == "darwin" else "xdg-open"
    return shutil.which(name)


def open_with_desktop(path: Path) -> str | None:
    """Start the desktop's program on `path` and return at once (None), or say why not."""
    if sys.platform == "win32" and hasattr(os, "startfile"):
        try:
            os.startfile(path)  # returns at once
        except OSError as error:
            return f"未能打开“{path}”（{error.strerror or error}）。"
        return None
    command = open_command()
    if command is None:
        return no_program(path)
    try:
        subprocess.Popen(  # not waited for: the program runs on its own
            [command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return f"未能打开“{path}”（{error.strerror or error}）。文件在：{path}"
    return None
