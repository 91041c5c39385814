"""Keeping Python's garbage collector from freezing the window (issue 16: no pause over 50 ms).

Python stops every thread for a full collection, which visits every object the program holds.
With the modules a window needs (Qt's, matplotlib's, numpy's) and a big workspace's rows
loaded, one took 0.1-0.3 s, and drawing charts makes enough short-lived objects (thousands per
figure) to start one every few page builds, whichever thread allocated: the window froze while
charts were drawn. Two changes, made once, when the first chart is about to be drawn
(tracker/ui/widgets/chart_prerender.py), that is once the window and its workspace are loaded:

- What exists then is frozen (`gc.freeze`): modules, classes, the window; full collections
  visit only what was made since. An object alive then that later becomes part of a reference
  cycle is never freed: a bounded cost, paid once.
- Collections start after YOUNG_OBJECTS new objects instead of Python's 700, so full ones come
  about fourteen times less often while charts are drawn; cyclic garbage waits a little longer
  (memory of at most that many objects).
"""

from __future__ import annotations

import gc

YOUNG_OBJECTS = 10_000
_done = False


def reduce_collection_pauses() -> None:
    """Freeze what is alive and space collections out (once per process)."""
    global _done
    if _done:
        return
    _done = True
    gc.collect()  # what is garbage already goes first, so that it is not kept for good
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(max(_young, YOUNG_OBJECTS), middle, old)
