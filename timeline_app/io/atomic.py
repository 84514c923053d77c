"""Atomic file writes for io's exporters: see `timeline_app.core.atomic`.

The implementation lives in `core` (pure Python) because `render` (image export) uses it
too, and the layer contract lets `render` import `core` but not `io`.
"""

from __future__ import annotations

from timeline_app.core.atomic import TEMP_SUFFIX, atomic_open, atomic_write

__all__ = ["TEMP_SUFFIX", "atomic_open", "atomic_write"]
