"""Python's cyclic garbage collector, kept off the path from a keystroke to its frame.

Measured in tmux at 300,000 documents, the register typed into at 0.3 s a key: between a
keystroke's page and its frame Python ran four to six young passes, a middle pass (1.5–4 ms)
about every other key, and every 25 keys or so a full pass — 27–43 ms over the ~30,000 objects
made since the start was frozen (`DocfilerApp.keep_loaded`): the slowest keystrokes of the run.
None of that work is needed then. So, while the app runs:

* no pass at all runs while a page the clerk asked for is being read and drawn (`hold` …
  `release`); the passes it owes run once the frame is written;
* a full pass runs only when the clerk is idle: CPython still counts middle passes and says one
  is due (its threshold 2), and `tick` runs it once no key or click has come for QUIET seconds.
  A pass owed OVERDUE times over runs at the next tick regardless, so memory stays bounded
  under non-stop typing.

Young and middle passes otherwise run as CPython decides. Everything here is undone when the
app ends (`uninstall`): tests run many apps in one process.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

QUIET = 0.4  # seconds without a key or click before an owed full pass runs
TICK = 0.25  # seconds between two looks at whether a full pass is owed
HOLD_AT_MOST = 1.0  # seconds a hold lasts at most, whatever happens to its page
OVERDUE = 4  # a full pass owed this many times over runs without waiting for quiet
NEVER = 1 << 30  # CPython's threshold 2 while installed: it never starts a full pass itself


class Collector:
    """When the cyclic collector may run (one per app; the collector itself is per process)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.full_every: int | None = None  # CPython's threshold 2 before `install`
        self.held_since: float | None = None  # when `hold` turned the collector off
        self.last_input = clock()
        self.full_passes = 0  # run by `tick` (the benchmark and the tests read it)

    @property
    def installed(self) -> bool:
        return self.full_every is not None

    def install(self) -> None:
        """Full passes from now on only from `tick`."""
        if self.installed:
            return
        young, middle, full = gc.get_threshold()
        self.full_every = max(full, 1)
        gc.set_threshold(young, middle, NEVER)

    def uninstall(self) -> None:
        """CPython's own schedule back, and the collector on if a hold had turned it off."""
        self.release()
        if self.full_every is None:
            return
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, self.full_every)
        self.full_every = None

    def touched(self) -> None:
        """The clerk pressed a key or clicked: not idle."""
        self.last_input = self.clock()

    def hold(self) -> None:
        """A page the clerk is waiting for is on its way: no pass until `release`.

        Does nothing before `install` or while the collector is off for another reason (the
        start keeps it off until the office is open): `release` then leaves it as it was."""
        self.touched()
        if self.held_since is None and self.installed and gc.isenabled():
            gc.disable()
            self.held_since = self.clock()

    def release(self) -> None:
        """The page is drawn (or will not come): the collector back on, owed passes run."""
        if self.held_since is None:
            return
        self.held_since = None
        gc.enable()

    def tick(self) -> None:
        """Called every TICK seconds: end a hold that outlived HOLD_AT_MOST, and run a full
        pass if one is owed and the clerk is idle (or it is OVERDUE)."""
        now = self.clock()
        if self.held_since is not None and now - self.held_since >= HOLD_AT_MOST:
            self.release()
        if self.held_since is not None or not self.installed or not gc.isenabled():
            return
        owed = gc.get_count()[2] / self.full_every
        if owed >= OVERDUE or (owed >= 1 and now - self.last_input >= QUIET):
            gc.collect()
            self.full_passes += 1
