"""What tests of forked processes share (docfiler.store.forked and its users)."""

from __future__ import annotations

import os


def no_child_left() -> bool:
    """Whether this process has no child left, running or unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False
