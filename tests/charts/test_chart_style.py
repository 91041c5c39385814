"""The chart style's pieces that the lint cannot see: words and numbers, not positions."""

from __future__ import annotations

import datetime as dt

from tracker.charts import new_figure, style
from tracker.charts.window_scheme import apply_window_scheme


def test_dates_in_charts_read_as_the_window_writes_them():
    assert style.day(dt.date(2027, 2, 1)) == "1 Feb 2027"
    assert style.month(dt.date(2026, 5, 1)) == "May 2026"


def test_spread_labels_keep_their_order_and_gap_inside_the_bounds():
    placed = style.spread([50.0, 51.0, 52.0, 10.0, 99.0], gap=10, low=0, high=100)
    order = sorted(range(5), key=lambda i: placed[i])
    assert order == [3, 0, 1, 2, 4]
    ys = sorted(placed)
    assert all(b - a >= 10 - 1e-9 for a, b in zip(ys, ys[1:])) and ys[0] >= 0 and ys[-1] <= 100


def _hex(colour) -> str:
    from matplotlib.colors import to_hex

    return to_hex(colour)


def _draw(figure, dpi=100):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    figure.set_dpi(dpi)
    figure.canvas.draw()


def test_a_legend_fitted_at_draw_time_reads_on_the_dark_window_and_on_paper():
    figure = new_figure(4, 3)
    ax = figure.add_subplot()
    for n in range(6):
        ax.plot([0, 1], [n, n], label=f"a long series name {n}")
    style.title(figure, "Title")
    style.legend(figure)
    apply_window_scheme(figure, dark=True)
    _draw(figure)
    light_text = _hex(figure._suptitle.get_color())
    assert all(_hex(t.get_color()) == light_text for t in figure.legends[0].get_texts())
    assert figure.legends[0]._ncols < 6  # fitted to 400 px: not one row of six
    apply_window_scheme(figure, dark=False)
    _draw(figure, dpi=150)  # saved at another size: made again, in the paper colours
    paper = _hex(figure._suptitle.get_color())
    assert paper != light_text and all(_hex(t.get_color()) == paper for t in figure.legends[0].get_texts())


def test_counts_get_whole_number_ticks():
    from tracker.charts.readiness import build_signals_over_time_figure
    from tracker.domain.readiness import ResistanceSignal, SignalSource, SignalStatus, SignalType

    signals = [ResistanceSignal(n, 1, 1, "Team", dt.date(2026, 2 + n % 3, 3), SignalType.JOB_SECURITY, 2,
                                SignalSource.SURVEY, SignalStatus.OPEN) for n in range(4)]
    figure = build_signals_over_time_figure(signals)
    _draw(figure)
    ticks = [t for t in figure.axes[0].get_yticks() if 0 <= t <= figure.axes[0].get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels() if t.get_text()]
    assert labels[0] == "Feb 2026" and all(len(label) <= 8 for label in labels)
