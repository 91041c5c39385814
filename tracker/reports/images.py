"""Pictures of matplotlib charts in a sheet, for charts Excel has no native kind of (the
power/interest grid). Native charts (the adoption line) stay native so a leader can restyle
them; pictures are rendered through Agg into memory (no files, no pyplot, no display).

Rendering is the slowest part of a big report (about 0.2 s a picture: 50 rollouts would add
10 s), so `Pictures` renders them in one helper process while the main one writes the sheets,
when there are enough to be worth starting it (a fresh Python, never a fork: the window calls
the report from a thread of a Qt program).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import warnings
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

    from matplotlib.figure import Figure
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.domain.readiness import Stakeholder

DPI = 96  # Excel's pixels: the picture shows at its natural size
PARALLEL_FROM = 8  # pictures from which a helper process pays for its start (about 1 s)


def figure_png(fig: Figure) -> io.BytesIO:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # a name in a script the font lacks draws as boxes: fine
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        fig.savefig(buffer, format="png", dpi=DPI)
    buffer.seek(0)
    return buffer


def power_interest_png(stakeholders: Sequence[Stakeholder], as_of: dt.date, width: float, height: float) -> bytes:
    """The power/interest grid of tracker/charts/readiness.py as PNG bytes (picklable in and out)."""
    from tracker.charts.readiness import build_power_interest_figure

    fig = build_power_interest_figure(stakeholders, as_of=as_of, width=width, height=height)
    return figure_png(fig).getvalue()


def add_png(sheet: Worksheet, png: bytes, width_px: int, height_px: int, anchor: str) -> Image:
    """Place a picture with its top-left corner at `anchor` ("A12"); returns it."""
    from openpyxl.drawing.image import Image

    image = Image(io.BytesIO(png))
    image.width, image.height = width_px, height_px
    image.anchor = anchor
    sheet.add_image(image)
    return image


class Pictures:
    """The power/interest grids of a report, by key: rendered in a helper process while the
    sheets are written, when there are enough of them; otherwise, or when the helper cannot
    run, here on demand.

    The helper is `python -m tracker.reports.render_worker` (pickled jobs in on stdin, PNG
    bytes out on stdout), not multiprocessing: a spawned multiprocessing child re-imports the
    caller's main script, which for a window or an embedding program is the wrong thing to run.
    """

    def __init__(self, jobs: Mapping[Any, tuple[Any, ...]]):  # key (any hashable) -> power_interest_png's arguments
        self._jobs = jobs  # key -> power_interest_png arguments
        self._done: dict[Hashable, bytes] = {}
        self._placed: list[tuple[Any, ...]] = []
        self._process: subprocess.Popen[bytes] | None = None
        if len(jobs) >= PARALLEL_FROM and not getattr(sys, "frozen", False):
            self._start()

    def _start(self) -> None:
        import pickle
        import subprocess
        import threading

        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "tracker.reports.render_worker"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            self._process = None
            return
        self._process = process
        payload = pickle.dumps(list(self._jobs.items()))
        stdin = process.stdin
        assert stdin is not None  # (stdin=PIPE)

        def feed() -> None:  # a thread, so a full pipe never blocks the report
            try:
                stdin.write(payload)
                stdin.close()
            except OSError:
                pass

        threading.Thread(target=feed, daemon=True).start()

    def _collect(self) -> None:
        import pickle

        process, self._process = self._process, None
        try:
            assert process is not None and process.stdout is not None  # (called while it runs; stdout=PIPE)
            out = process.stdout.read()
            if process.wait() == 0:
                self._done.update(pickle.loads(out))
        except Exception:  # a broken helper must not lose the report: draw here
            pass

    def place(self, sheet: Worksheet, key: Hashable, width_px: int, height_px: int, anchor: str) -> None:
        """Put picture `key` at `anchor` when `finish()` is called (by then it is rendered)."""
        self._placed.append((sheet, key, width_px, height_px, anchor))

    def finish(self) -> None:
        """Add every placed picture to its sheet."""
        for sheet, key, width_px, height_px, anchor in self._placed:
            add_png(sheet, self.png(key), width_px, height_px, anchor)
        self._placed = []

    def png(self, key: Hashable) -> bytes:
        if key not in self._done and self._process is not None:
            self._collect()
        found = self._done.get(key)
        return found if found is not None else power_interest_png(*self._jobs[key])

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def __enter__(self) -> Pictures:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
