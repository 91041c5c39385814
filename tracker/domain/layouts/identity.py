"""identity layouts."""

from __future__ import annotations

from tracker.domain.layouts.base import Layout

LAYOUTS: tuple[Layout, ...] = ()
