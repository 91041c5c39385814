"""Recolour a chart for a dark window, and back: the one place chart colours meet the window's scheme.

The chart functions draw for paper (white background, dark text), which is what the Excel
report and a saved image need. In a dark window that white panel glares and the dark text
vanishes, so the window's chart holder calls `apply_window_scheme(figure, dark=True)` after a
figure is built: backgrounds take the window's colours, grey or black text, ticks, spines and
lines turn light, near-white bands turn dark. Colours that carry meaning (red/amber/green,
the heatmap scales) are left alone, and so is text that sits on its own box or on a heatmap
cell (its colour was chosen against that cell). Every change remembers the original, so
`apply_window_scheme(figure, dark=False)` restores the paper version exactly (used before Save).

No Qt here: the caller passes the window's colours as "#RRGGBB" strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.typing import ColorType

_SAVED = "_tracker_light_colours"  # artist attribute: {setter name: original colour}
_TICKS = "_tracker_dark_ticks"  # axes attribute: its tick colours were changed
_DARK = "_tracker_dark"  # figure attribute: recoloured for a dark window

DARK_TEXT = "#E0E0E0"
DARK_EDGE = "#9A9A9A"
DARK_BAND = "#353535"


def _luminance(colour: ColorType) -> float:
    from matplotlib.colors import to_rgba

    r, g, b, _a = to_rgba(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _is_grey(colour: ColorType) -> bool:
    from matplotlib.colors import to_rgba

    r, g, b, _a = to_rgba(colour)
    return max(r, g, b) - min(r, g, b) < 0.08


def _set(artist: Artist | Figure, getter: str, setter: str, value: object) -> None:
    saved = artist.__dict__.setdefault(_SAVED, {})
    if setter not in saved:
        saved[setter] = getattr(artist, getter)()
    getattr(artist, setter)(value)


def _restore(artist: Artist | Figure) -> None:
    for setter, value in artist.__dict__.pop(_SAVED, {}).items():
        getattr(artist, setter)(value)


def _artists(figure: Figure) -> Iterator[Artist | Figure]:
    """Every artist of the figure, children before parents (a plain walk of the tree)."""
    stack: list[Artist | Figure] = [figure]
    seen: set[int] = set()
    while stack:
        artist = stack.pop()
        if id(artist) in seen:
            continue
        seen.add(id(artist))
        yield artist
        stack.extend(artist.get_children())


def apply_window_scheme(figure: Figure, dark: bool, window: str = "#2B2B2B", panel: str = "#242424") -> None:
    """Recolour `figure` in place for a dark window (`dark=True`), or back to paper (`False`)."""
    if not dark:
        if not figure.__dict__.pop(_DARK, False):
            return  # drawn for paper and never recoloured: nothing to walk (a busy chart has thousands)
        from matplotlib import rcParams

        for artist in list(_artists(figure)):
            _restore(artist)
        for ax in figure.axes:
            if ax.__dict__.pop(_TICKS, False):
                ticks: tuple[tuple[Literal["x", "y"], str, str], ...] = (
                    ("x", rcParams["xtick.color"], rcParams["xtick.labelcolor"]),
                    ("y", rcParams["ytick.color"], rcParams["ytick.labelcolor"]))
                for axis, colour, label in ticks:
                    ax.tick_params(axis=axis, which="both", colors=colour,
                                   labelcolor=colour if label == "inherit" else label)
        return
    from matplotlib.collections import QuadMesh
    from matplotlib.colors import to_rgba
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    figure.__dict__[_DARK] = True
    _set(figure.patch, "get_facecolor", "set_facecolor", window)
    heatmap_texts: set[int] = set()
    for ax in figure.axes:
        _set(ax.patch, "get_facecolor", "set_facecolor", panel)
        if any(isinstance(c, (AxesImage, QuadMesh)) for c in ax.get_children()):
            heatmap_texts.update(id(t) for t in ax.texts)  # coloured against their cell
        for spine in ax.spines.values():
            _set(spine, "get_edgecolor", "set_edgecolor", DARK_EDGE)
        ax.tick_params(colors=DARK_EDGE, labelcolor=DARK_TEXT, which="both")  # ticks made later follow
        ax.__dict__[_TICKS] = True
        legend = ax.get_legend()
        if legend is not None:
            _set(legend.get_frame(), "get_facecolor", "set_facecolor", panel)
            _set(legend.get_frame(), "get_edgecolor", "set_edgecolor", DARK_EDGE)
    backgrounds = {id(figure.patch), *(id(ax.patch) for ax in figure.axes)}
    for artist in _artists(figure):
        if isinstance(artist, Text):
            if id(artist) in heatmap_texts or artist.get_bbox_patch() is not None:
                continue
            if _is_grey(artist.get_color()) and _luminance(artist.get_color()) < 0.45:
                _set(artist, "get_color", "set_color", DARK_TEXT)
        elif isinstance(artist, Line2D):
            if _is_grey(artist.get_color()) and _luminance(artist.get_color()) < 0.3:
                _set(artist, "get_color", "set_color", DARK_EDGE)
        elif isinstance(artist, Patch) and id(artist) not in backgrounds:
            face = to_rgba(artist.get_facecolor())
            if face[3] > 0 and _is_grey(face) and _luminance(face) > 0.9:
                _set(artist, "get_facecolor", "set_facecolor", DARK_BAND)
