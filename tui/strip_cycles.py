"""A Textual Strip cut nowhere no longer keeps a reference to itself.

Textual's compositor divides every line of every widget at the frame's cuts
(`Strip.divide`); a line no other widget overlaps has one cut, its own end, and `divide` then
answers `[self]` — and caches that answer in the strip's own `_divide_cache`. The strip now
refers to itself: when the frame is done with it, reference counting cannot free it, its seven
caches, its segments and their lists. Only the cyclic garbage collector can. Typing into the
register at 100,000 documents that was ~800 objects a keystroke, nine in ten of all the cyclic
garbage the app made (counted with gc.DEBUG_SAVEALL): the collector's passes, every few
keystrokes, were mostly spent on it.

`install()` wraps `Strip.divide` so that this one case answers a fresh `[self]` without caching
it; every other division goes to Textual's own method unchanged. Nothing else is altered, and
the wrapper steps aside if Textual's `divide` no longer takes the cuts alone.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterable, Sequence

from textual.strip import Strip

_INSTALLED = "_docfiler_no_self_cycle"


def install() -> bool:
    """Wrap `Strip.divide` (once per process). Whether it is wrapped."""
    original = Strip.divide
    if getattr(original, _INSTALLED, False):
        return True
    if list(inspect.signature(original).parameters) != ["self", "cuts"]:
        return False  # another Textual: leave it alone

    @functools.wraps(original)
    def divide(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        cuts = list(cuts)
        if len(cuts) == 1 and cuts[0] == self.cell_length:
            return [self]  # what Textual answers, without the strip keeping it
        return original(self, cuts)

    setattr(divide, _INSTALLED, True)
    Strip.divide = divide  # type: ignore[method-assign]
    return True
