"""The chart lint: every chart, drawn at the size it has in the window and in the report, for
the sample workspace and for a generated bigger one, has no two words on top of each other
(tick labels, axis labels, legend, annotations, titles), no word outside the figure, and
raises no matplotlib warning.

What counts is what is drawn: the Agg renderer's `draw_text` is watched while the figure
draws, and the boxes of the Text artists it drew are compared (a tick label outside the
view, or a label a chart hid because it did not fit, is not drawn and not checked).
"""

from __future__ import annotations

import itertools
import warnings

import pytest
from chart_gallery import AS_OF, WINDOW_SIZES, charts, report_size, sized

TOLERANCE = 1.0  # pixels: anti-aliased edges of neighbours may touch


def drawn_text_boxes(figure) -> tuple[list[tuple[str, object]], object]:
    """(text, window box) of every text the figure draws, and the renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.text import Text

    drawn: dict[int, Text] = {}
    original = RendererAgg.draw_text

    def record(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if mtext is not None and s.strip():
            drawn[id(mtext)] = mtext
        return original(self, gc, x, y, s, prop, angle, ismath, mtext)

    canvas = FigureCanvasAgg(figure)
    RendererAgg.draw_text = record
    try:
        canvas.draw()
    finally:
        RendererAgg.draw_text = original
    renderer = canvas.get_renderer()
    # Text's own box: an annotation's box would include its arrow (leader lines may cross).
    return [(t.get_text(), Text.get_window_extent(t, renderer)) for t in drawn.values()], renderer


def problems(figure, label: str) -> list[str]:
    boxes, _renderer = drawn_text_boxes(figure)
    found = []
    width, height = figure.bbox.width, figure.bbox.height
    for text, box in boxes:
        if box.x0 < -TOLERANCE or box.y0 < -TOLERANCE or box.x1 > width + TOLERANCE or box.y1 > height + TOLERANCE:
            found.append(f"{label}: {text!r} leaves the figure ({box.x0:.0f},{box.y0:.0f})-({box.x1:.0f},{box.y1:.0f}) "
                         f"of {width:.0f}x{height:.0f}")
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if dx > TOLERANCE and dy > TOLERANCE:
            found.append(f"{label}: {a!r} overlaps {b!r}")
    return found


def drawn(n_charts: int, n_sizes: int, *, every: bool) -> list[tuple[int, int]]:
    """(chart, size) pairs to draw: all of them when `every`; in the fast loop two, the first
    chart at the window's first size and the last chart at the last size (the printed
    report's), so each kind is still drawn in the window and on paper."""
    pairs = [(i, j) for i in range(n_charts) for j in range(n_sizes)]
    return pairs if every else sorted({(0, 0), (n_charts - 1, n_sizes - 1)})


def lint(ws, name: str, *, rollouts: int | None = None) -> list[str]:
    """The problems of the charts called `name`. In the fast loop two of the sample's charts are
    drawn (`drawn`: building and drawing one takes up to half a second, and the lint of every
    kind was 18 s of the fast loop); a run that includes the slow tests draws every chart at
    every size (property_budget.FULL, set by tests/conftest.py)."""
    import property_budget

    found = []
    report_w, report_h = report_size()
    sizes = [(w, h, 100) for w, h in WINDOW_SIZES[name]] + [(report_w * 96, report_h * 96, 96)]
    listed = list(charts(ws, AS_OF, rollouts=rollouts, name=name))
    for i, j in drawn(len(listed), len(sizes), every=property_budget.FULL):
        chart = listed[i]
        width, height, dpi = sizes[j]
        label = f"{chart.name} of {chart.rollout} at {width:.0f}x{height:.0f}"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                figure = sized(chart.build(), width, height, dpi)
                found += problems(figure, label)
            except Warning as warning:
                found.append(f"{label}: warning {warning}")
    return found


@pytest.fixture(scope="module")
def sample(sample_copy, tmp_path_factory):
    from tracker.store import Workspace

    path = sample_copy(tmp_path_factory.mktemp("sample") / "sample.tracker")
    with Workspace.open(path) as ws:
        yield ws


@pytest.fixture(scope="module")
def bigger(tmp_path_factory):
    """A generated workspace of 2,000 people in 150 teams (the benchmark's generator, scaled
    down so it takes about 2 s): many teams per chart, long generated names."""
    import importlib
    import pkgutil

    import benchmarks.suites as suites
    from benchmarks import generate
    from benchmarks.harness import Scale
    from tracker.store import Workspace

    for info in pkgutil.iter_modules(suites.__path__):
        importlib.import_module(f"benchmarks.suites.{info.name}")
    scale = Scale("lint", people=2_000, teams=150, rollouts=3, roster_rows=10, training_assignments=20_000,
                  usage_rows=8_000, resistance_signals=400, dependencies=120, adkar_per_month=20, adkar_months=6,
                  repeat=1, repeat_heavy=1)
    fixtures = generate.ensure_fixtures(scale, 1, tmp_path_factory.mktemp("bigger"), log=lambda _m: None)
    with Workspace.open(fixtures.workspace) as ws:
        yield ws


@pytest.mark.parametrize("name", sorted(WINDOW_SIZES))
def test_the_sample_workspace_charts_have_no_colliding_or_clipped_words(sample, name):
    found = lint(sample, name)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:60])


# Slow: the generated workspace takes 2 s to write and its charts 15 s of CPU to draw. The fast
# loop lints every chart kind on the sample (the test above) and test_capped_charts.py checks
# the caps that keep many teams and long names readable.
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WINDOW_SIZES))
def test_a_bigger_workspace_charts_have_no_colliding_or_clipped_words(bigger, name):
    found = lint(bigger, name, rollouts=2)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:60])


@pytest.mark.parametrize(("n_charts", "n_sizes"), [(5, 4), (1, 2), (3, 1), (1, 1)])
def test_the_fast_loop_draws_a_chart_in_the_window_and_one_on_paper(n_charts, n_sizes):
    fast = drawn(n_charts, n_sizes, every=False)
    assert (0, 0) in fast and (n_charts - 1, n_sizes - 1) in fast and len(fast) == len(set(fast)) <= 2
    assert len(drawn(n_charts, n_sizes, every=True)) == n_charts * n_sizes


def test_the_lint_sees_a_collision_and_a_clipped_title():
    from tracker.charts import new_figure

    figure = new_figure(3, 2)
    ax = figure.add_subplot()
    ax.text(0.5, 0.5, "one label")
    ax.text(0.52, 0.5, "another label")
    figure.text(0.9, 0.9, "a title running off the edge")
    found = problems(figure, "probe")
    assert any("overlaps" in p for p in found) and any("leaves the figure" in p for p in found)
