"""Figures counted ahead of the tab that shows them (issue 19: every tab switch within 0.1 s).

Two area tabs show figures that take seconds to count at enterprise scale: the adoption
summaries (an S-curve fitted for each of a big rollout's ~300 teams) and the training progress
(roll-ups and the burn-up over a million assignments). Counted only when the tab is clicked,
the user waits through them. So when a rollout is chosen, the rollout page asks for them here
(a moment later, in the worker pool: see LazyAreaTabs.count_ahead), and the tab takes the
answer when it is shown, or joins the count still under way instead of starting another.

A result is handed out once: the page that takes it owns it (the training figures are drawn
into that page's charts). A result waiting to be taken, or a count under way, is dropped as
soon as a committed change names one of the areas it was counted from (`ChangeEvent.areas`),
so a tab never shows figures older than the workspace; its page reloads on that change anyway
and counts afresh. At most KEPT results wait per workspace (the latest asked for).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any
from weakref import WeakKeyDictionary

from tracker.store import Workspace
from tracker.store.events import ChangeEvent
from tracker.ui.worker import Worker

KEPT = 8  # two rollouts' worth of every tab's counts

Finished = Callable[[Any], None]
Failed = Callable[[str, str], None]


class _Count:
    """One count under way: its worker, the areas it reads, and whether a page took it."""

    def __init__(self, worker: Worker, areas: frozenset[str]):
        self.worker, self.areas, self.taken = worker, areas, False


class CountedAhead:
    """The results counted ahead for one workspace (see `counted_ahead(ws)`)."""

    def __init__(self) -> None:
        self._done: OrderedDict[Hashable, tuple[frozenset[str], Any]] = OrderedDict()
        self._running: dict[Hashable, _Count] = {}

    @property
    def counting(self) -> bool:
        """Is a count asked for ahead still under way (tests and the benchmark wait on it)?"""
        return any(not count.taken for count in self._running.values())

    def counted(self, key: Hashable) -> bool:
        """Is `key` counted and waiting to be taken?"""
        return key in self._done

    def ahead(self, ws: Workspace, key: Hashable, areas: frozenset[str], job: Callable[..., Any], *args: Any) -> None:
        """Start counting `job(ws_clone, *args)` in the worker pool, unless it is counted or being
        counted (for a page too: that page shows it)."""
        if key not in self._done and key not in self._running:
            self._start(ws, key, areas, job, args)

    def taken(self, key: Hashable) -> Any:
        """The result counted ahead for `key`, taken now (the caller owns it); None if none waits
        (a page then reads for itself, on the spot)."""
        held = self._done.pop(key, None)
        return None if held is None else held[1]

    def take(self, ws: Workspace, key: Hashable, areas: frozenset[str], job: Callable[..., Any], *args: Any,
             finished: Finished, failed: Failed) -> Worker | None:
        """Hand the result of `job` to `finished`: at once when it was counted ahead (returns
        None), else when the count under way, or one started now, ends (returns its worker)."""
        if key in self._done:
            _areas, result = self._done.pop(key)
            finished(result)
            return None
        count = self._running.get(key)
        if count is None or count.taken:
            count = self._start(ws, key, areas, job, args)
        count.taken = True
        count.worker.finished.connect(finished)
        count.worker.failed.connect(failed)
        return count.worker

    def forget(self, areas: frozenset[str] | None = None) -> None:
        """Drop what was counted from `areas` (None: everything), waiting or under way."""
        for key in [k for k, (a, _r) in self._done.items() if areas is None or a & areas]:
            del self._done[key]
        for key in [k for k, c in self._running.items() if areas is None or c.areas & areas]:
            del self._running[key]  # its worker ends unheard here; a page that took it checks itself

    def on_change(self, event: ChangeEvent) -> None:
        self.forget(frozenset(event.areas))

    def _start(self, ws: Workspace, key: Hashable, areas: frozenset[str], job: Callable[..., Any],
               args: tuple) -> _Count:
        worker = Worker(job, *args, workspace=ws)
        count = self._running[key] = _Count(worker, areas)
        # Connected before any page's slot, so the result is kept (or not) before it is handed on.
        worker.finished.connect(lambda result: self._finished(key, count, result))
        worker.failed.connect(lambda _message, _details: self._ended(key, count))
        worker.start()
        return count

    def _finished(self, key: Hashable, count: _Count, result: Any) -> None:
        if self._ended(key, count) and not count.taken:
            self._done[key] = (count.areas, result)
            self._done.move_to_end(key)
            while len(self._done) > KEPT:
                self._done.popitem(last=False)

    def _ended(self, key: Hashable, count: _Count) -> bool:
        """Forget the count; True if it was still the current one for `key` (not dropped by a change)."""
        if self._running.get(key) is count:
            del self._running[key]
            return True
        return False


_BY_WORKSPACE: WeakKeyDictionary[Workspace, CountedAhead] = WeakKeyDictionary()


def counted_ahead(ws: Workspace) -> CountedAhead:
    """The workspace's results counted ahead, following its changes from the first call on."""
    held = _BY_WORKSPACE.get(ws)
    if held is None:
        held = _BY_WORKSPACE[ws] = CountedAhead()
        # First: a page that reloads on the same change must not be handed what it made stale.
        ws.add_listener(held.on_change, first=True)
    return held
