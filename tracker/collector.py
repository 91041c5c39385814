"""The cyclic garbage collector paused around bulk work that makes millions of small objects.

A roster import creates a few objects per row (rows, people, audit images) that hold no
cycles; the collections their sheer number triggers, each over a growing heap, were about a
sixth of a 100,000-row import (measured). Whatever cycles appear meanwhile are collected as
usual once it is switched back on. Process-wide: in the window the GUI thread also runs
without collection for those few seconds, which is harmless.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
