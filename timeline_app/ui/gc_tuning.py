"""Keep the cyclic garbage collector's full passes out of the frames (issue 6: p95 < 33 ms).

After start-up the process holds a few hundred thousand long-lived container objects: the
modules, classes and functions of SQLAlchemy, PySide6 and the app, the window and its widgets,
the open store. CPython's cyclic collector walks every one of them in each full (generation
2) collection, and the frames themselves set those off: a frame at a day's zoom allocates
tens of thousands of objects (rows, layout items, shapes), and every so often enough of them
survive into the oldest generation to trigger a full pass. On a 1M-event file that pass took
~140 ms, inside whichever frame triggered it: most of the frames' p95 spikes.

`gc.freeze()` moves everything alive at that moment into a permanent generation that the
collector never walks again, so a full pass only looks at what was made since: the cached
viewport data and the current scene, a few milliseconds. It is called once, when the long-lived
mass is in place: `ui.app.run_gui` a few seconds after the window has opened its first file
(the benchmark, `bench/frames.py`, right after opening its file). Frozen objects are
still freed by reference counting; only cyclic garbage among them (e.g. the parts of a
window closed later) is never reclaimed, a bounded one-off cost. The youngest generation's
threshold is also raised, so a frame's short-lived objects mostly die by reference count
before a collection runs at all, and the collector runs a few times a frame instead of dozens.
"""

from __future__ import annotations

import gc

#: Allocations (minus deallocations) of tracked objects between young collections. CPython's
#: default, 700, is a few dozen collections a frame at a day's zoom.
YOUNG_THRESHOLD = 10_000


def freeze_long_lived_objects() -> None:
    """Exempt every object alive now from future collections, and collect less often.

    Call once start-up is done. A full collection runs first (~0.1 s), so the garbage
    start-up left behind is freed rather than frozen.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
