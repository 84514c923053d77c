"""What the canvas needs for a viewport, fetched from the store and cached by window.

The canvas never loads the whole file. For a viewport it fetches a window three viewports
wide (so small pans reuse the cache), and asks for at most `budget` events per viewport
width there; if the window holds more, it switches to per-bucket counts (drawn as density
with counts). The cache is keyed by the document generation and the filter, so any edit or
filter change refetches. (Data from the in-memory index covers a narrower window.)

Unfiltered views of a file are answered from `time_index.EventIndex` (every event's
extent, lane and id in numpy arrays, ~30 bytes an event), loaded in a background thread
after the first fetch: the count, the histogram or the ids of a window take well under a
millisecond, and the store is only asked for the rows to draw, by primary key, reusing
the rows of the last window that are still in view. That is quick enough for the canvas
to fetch while it paints (`in_memory`). Until the index is there, after an edit (the
index of the old data is dropped and reloaded in the background) and for filtered views
(text, category, actor, tag, status, reliability or time filters), SQL answers: an index
range scan, or per-bucket counts.

Before the index has loaded (the first seconds after opening a big file), zoomed-out
unfiltered views are answered from the per-day start summary the file keeps
(`store_summary`: read once, a few thousand numbers): the fit-all frame of a million events
costs a small read instead of a 0.3-0.7 s count. After a change made in the window, the
reloaded index hands the store a fresh summary, so the next opening is quick too (an
import from the command line leaves one as well).

Threads: `fetch` = `cached` (memory only, never touches the database) or `load` + `accept`.
The canvas calls `fetch_at_once` (cache, index or summary: a few ms) on the GUI thread and
otherwise runs `load` in a worker thread (each `read_session` checks its own pooled SQLite
connection out, so no connection is shared between threads), then hands the result to
`accept` on the GUI thread.
numpy is imported by the index loader thread only, so start-up never waits for it.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline_app.core import store as st
from timeline_app.core.records import BucketCount, EventFilter, EventRow, hi_ms_of
from timeline_app.core.store_summary import DAY_MS, StartSummary

if TYPE_CHECKING:
    from timeline_app.core.time_index import EventIndex

SessionFactory = Callable[[], AbstractContextManager[Any]]
SummarySaver = Callable[[StartSummary], bool]
DEFAULT_BUDGET = 1500  # events per viewport width drawn one by one; more are aggregated
BUCKET_PX = 32  # width of one density bucket on screen (layout merges them into 64 px bins)
# Data from the in-memory index covers the viewport and this margin on each side: a quarter
# of a viewport, and at least the 400 px left of the view that layout still looks at (labels
# of events ending there may reach into view: `LayoutStyle.cull_margin_px`).
MEMORY_MARGIN = 0.25
MEMORY_MARGIN_PX = 400


class Crowding(NamedTuple):
    """What the canvas's layout will do with events crowded at a view's left edge.

    `rows`: no lane gets more rows than this (`layout.lanes.max_lane_rows`), so a pixel bin
    with more events than that is drawn as a cluster; `keep`: events drawn one by one even
    there (the selection).
    """

    rows: int
    keep: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class ViewportData:
    """Events (detailed) or buckets (aggregated) covering [start_ms, end_ms]."""

    start_ms: float
    end_ms: float
    ms_per_px: float
    events: tuple[EventRow, ...] | None
    buckets: tuple[BucketCount, ...] | None
    crowding: Crowding | None = None
    """Set if some events are stand-ins (`light_ids`): valid for layouts within its rows."""
    light_ids: frozenset[int] = frozenset()
    """Events given as stand-ins (extent and lane only): layout only ever counts them."""

    @property
    def aggregated(self) -> bool:
        return self.buckets is not None

    def without_stand_ins(self) -> ViewportData:
        """These data with only real rows: to lay out at a view they were not fetched for.

        (A stand-in is only sure to land in a cluster in views inside the fetched window.)
        """
        if not self.light_ids or self.events is None:
            return self
        real = tuple(e for e in self.events if e.id not in self.light_ids)
        return replace(self, events=real, crowding=None, light_ids=frozenset())

    def serves_crowding(self, crowding: Crowding | None) -> bool:
        """True if a layout with `crowding` may use these events (stand-ins are counted)."""
        if not self.light_ids:
            return True
        assert self.crowding is not None
        return (
            crowding is not None
            and crowding.rows <= self.crowding.rows
            and not (crowding.keep & self.light_ids)
        )

    # Sorted keys for visible_count, built on first use (in whichever thread asks first).
    _sorted: dict[str, list[float]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def visible_count(self, start_ms: float, end_ms: float) -> int:
        """Events overlapping [start_ms, end_ms] (bucket resolution when aggregated).

        Every frame asks (the status bar's "n of N visible"); a scan of thousands of rows or
        buckets cost ~3 ms a frame, so it bisects sorted keys instead. An event overlaps
        unless it starts after end_ms or ends before start_ms, and (lo <= hi) no event does
        both, so the count is len - #(lo > end) - #(hi < start).
        """
        if end_ms < start_ms:
            return 0
        keys = self._sorted
        if self.events is not None:
            if not keys:
                keys["lo"] = sorted([e.start_earliest_ms for e in self.events])
                keys["hi"] = sorted([hi_ms_of(e) for e in self.events])
            lo, hi = keys["lo"], keys["hi"]
            return bisect_right(lo, end_ms) - bisect_left(hi, start_ms)
        assert self.buckets is not None
        if not keys:
            # (C key functions, and buckets come in start order: each sort is one pass)
            by_start = sorted(self.buckets, key=_START_MS)
            by_end = sorted(self.buckets, key=_END_MS)
            keys["start"] = [b[0] for b in by_start]
            keys["end"] = [b[1] for b in by_end]
            # counts summed in start order and in end order, for the same subtraction
            keys["by_start"] = list(accumulate(b[3] for b in by_start))
            keys["by_end"] = list(accumulate(b[3] for b in by_end))
        total = keys["by_start"][-1] if keys["by_start"] else 0
        after = len(keys["start"]) - bisect_right(keys["start"], end_ms)  # start > end_ms
        before = bisect_left(keys["end"], start_ms)  # end < start_ms
        late = total - (keys["by_start"][-after - 1] if after < len(keys["start"]) else 0)
        early = keys["by_end"][before - 1] if before else 0
        return int(total - late - early)


_START_ORDER = attrgetter("start_ms", "id")  # as `store.events_in_window` orders its rows


def _bucket_order(item: tuple[tuple[int, int | None], int]) -> tuple[int, bool, int]:
    """By bucket, then lane with None first: as `store.bucket_counts` orders its buckets."""
    (bucket, lane), _ = item
    return bucket, lane is not None, lane or 0


_START_MS, _END_MS = itemgetter(0), itemgetter(1)  # BucketCount.start_ms, .end_ms


def bucket_size(ms_per_px: float) -> int:
    """Width in ms of a density bucket at a scale: BUCKET_PX, in whole days once that is a day.

    Whole-day buckets (from about 70 minutes a pixel: a view of a few months and wider) are
    what the file's start summary can answer (`StartSummary.serves`), so the fit-all frame
    of a big file is the same whether the summary, the index or SQL counted it.
    """
    size = max(1, int(ms_per_px * BUCKET_PX))
    return size if size < DAY_MS else round(size / DAY_MS) * DAY_MS


def _stand_ins(index: EventIndex, lo: int, hi: int, crowding: Crowding) -> list[EventRow]:
    """Stand-in rows for the events spanning [lo, hi] in lanes crowded beyond any layout.

    Only extent, lane and id are real: layout counts these in the cluster at the view's
    left edge (lo_ms and hi_ms give the cluster its range) and never draws one alone.
    """
    ids, los, his, lanes = index.spanning(lo, hi)
    per_lane = Counter(lanes)
    crowded = {lane for lane, n in per_lane.items() if n > crowding.rows}
    if not crowded:
        return []
    new, keep = tuple.__new__, crowding.keep
    return [
        new(EventRow, (i, "", a, a, a, b, b, b, "day", lane, "reported", 0, False))
        for i, a, b, lane in zip(ids, los, his, lanes, strict=True)
        if lane in crowded and i not in keep
    ]


class Base(NamedTuple):
    """An index to update in place: of `revision`, before `writes` writes changed `changed`."""

    version: int
    index: EventIndex
    revision: int
    changed: Collection[int]
    writes: int


def _updated(base: Base | None, version: int, revision: int, session: Any) -> EventIndex | None:
    """`base.index` brought up to date in place, or None if that is not safe: load afresh.

    Safe only if the file's revision moved by exactly the writes whose changed ids are
    known (no other program wrote meanwhile) and the rows fit the index (no new lane).
    Any failure here falls back to the full load too.
    """
    if base is None or base.version != version or revision != base.revision + base.writes:
        return None
    try:
        return base.index.updated(base.changed, st.index_rows(session, base.changed))
    except Exception:  # e.g. ids beyond the index's integer type: the full load copes
        return None


def summary_view(
    summary: StartSummary, start_ms: float, end_ms: float, ms_per_px: float, *, budget: int
) -> ViewportData | None:
    """Per-bucket counts of a zoomed-out unfiltered view from a start summary, else None.

    Exactly the buckets SQL would give for the same (fetch-wide) window, when every start
    is inside it and the buckets are whole days (`StartSummary.serves`), and only where SQL
    would aggregate too (more than 3 x `budget` events).
    """
    if summary.total <= 3 * budget:
        return None
    width = end_ms - start_ms
    bucket_ms = bucket_size(ms_per_px)
    lo, hi = ((start_ms - width) // bucket_ms) * bucket_ms, end_ms + width  # as `load` has them
    first = int(lo)
    if not summary.serves(first, int(hi), bucket_ms):
        return None
    counts = summary.bucket_counts(first, bucket_ms)
    buckets = tuple(
        BucketCount(first + i * bucket_ms, first + (i + 1) * bucket_ms, lane, n)
        for (i, lane), n in sorted(counts.items(), key=_bucket_order)
    )
    return ViewportData(lo, hi, ms_per_px, None, buckets)


class ViewRequest(NamedTuple):
    """A viewport to fetch: its time range and scale, for one generation and filter.

    `crowding`: how the asking canvas lays crowded bins out, if it lets events it can only
    count come as stand-ins (see `ViewportFetcher.load`); exports ask without.
    """

    start_ms: float
    end_ms: float
    ms_per_px: float
    filters: EventFilter
    generation: int
    crowding: Crowding | None = None


class ViewportFetcher:
    """Fetch and cache ViewportData for the canvas."""

    def __init__(
        self,
        read_session: SessionFactory,
        *,
        budget: int = DEFAULT_BUDGET,
        use_index: bool = True,
        save_summary: SummarySaver | None = None,
    ) -> None:
        self._read = read_session
        #: Where a loaded index hands the file's start summary to be kept (the store).
        self._save_summary = save_summary
        self._summary: tuple[int, StartSummary | None] | None = None  # (version, summary)
        self.budget = budget
        #: False: always SQL, never an in-memory index (comparisons in tests and the bench)
        self.use_index = use_index
        # ((generation, filters), data): one attribute, so another thread reads both at once
        self._entry: tuple[tuple[int, EventFilter], ViewportData] | None = None
        self._total: tuple[tuple[int, EventFilter], int] | None = None
        self.fetches = 0  # how many store round trips were made (for tests and the bench)
        self._version = 0  # bumped by `invalidate`: which data the index must describe
        self._index: tuple[int, EventIndex] | None = None  # (version, index)
        self._loading: threading.Thread | None = None
        self._loading_lock = threading.Lock()  # load_index may be called from two threads
        self._base: Base | None = None  # what a load may update in place
        self._index_revision = -1  # the file's data revision the loaded index describes

    def invalidate(self, changed: Collection[int] | None = None) -> None:
        """The data changed: drop everything cached, the in-memory index included.

        The caller must call this for every change to the file's events (the canvas does
        on the document's `data_changed`): the index is not keyed by the generation, so
        that filter changes keep it. An index that was in use is rebuilt in the background;
        SQL answers meanwhile, and a load that began before this change is thrown away.
        `changed`: the ids of the only events whose time or lane may have changed in the
        one write transaction this change was (None: anything may have); the index is then
        rebuilt from the old one and just those rows (tens of ms at 1M events instead of
        seconds), provided the file's data revision shows no other write since (another
        program, such as `timeline-app add`, may write to the file too).
        """
        old = self.index()
        self._version += 1
        in_use = old is not None or self._loading_alive()
        self._entry = None
        self._total = None
        self._index = None
        self._summary = None
        if in_use:
            self._base = self._rebase(old, changed)
            self.load_index()

    def _rebase(self, old: EventIndex | None, changed: Collection[int] | None) -> Base | None:
        """What the next load may update in place: an index, the ids and writes since it."""
        pending = self._base
        if changed is None:
            return None
        if old is not None:
            return Base(self._version, old, self._index_revision, frozenset(changed), 1)
        if pending is not None:  # edits in quick succession: one update for all of them
            ids = frozenset(pending.changed) | frozenset(changed)
            return pending._replace(version=self._version, changed=ids, writes=pending.writes + 1)
        return None

    def forget_viewport(self) -> None:
        """Drop the cached viewport data only (the next fetch goes to the store again).

        For filter changes (the generation changes, the data and its index do not).
        """
        self._entry = None

    # -- the in-memory index ---------------------------------------------------------------
    def index(self) -> EventIndex | None:
        """The index of the current data, if it has been loaded."""
        index = self._index
        if not self.use_index or index is None or index[0] != self._version:
            return None
        return index[1]

    def in_memory(self, filters: EventFilter) -> bool:
        """True if a fetch with `filters` is answered from the in-memory index.

        Then only the rows to draw (a window's worth at most) are read, by primary key:
        quick enough to fetch while painting, where SQL belongs in a worker thread.
        """
        return filters.is_empty() and self.index() is not None

    def _loading_alive(self) -> bool:
        loading = self._loading
        return loading is not None and loading.is_alive()

    def load_index(self, *, background: bool = True) -> None:
        """Load the index of the current data (in a daemon thread unless told otherwise).

        If the data changes while it loads, the thread loads again: an index is only kept
        if no `invalidate` came between the start of its read and its end.
        """

        def load() -> None:
            from timeline_app.core.time_index import load_event_index  # numpy: lazily

            while self.use_index and self.index() is None:
                version, base = self._version, self._base
                try:
                    with self._read() as session:
                        revision = st.session_data_revision(session)
                        index = _updated(base, version, revision, session)
                        if index is None:
                            index = load_event_index(session)
                except Exception:
                    if not background:
                        raise
                    return  # the file was closed meanwhile; SQL answers until a reload
                if version == self._version:
                    self._base = None  # the old arrays are no longer needed
                    self._index = (version, index)
                    self._index_revision = revision
                    if version > 0:  # after a change made here; never for a file only read
                        self._keep_summary(index, revision)

        if not self.use_index or self.index() is not None:
            return
        if not background:
            load()
            return
        with self._loading_lock:
            if self._loading_alive():
                return  # it notices a newer version itself
            self._loading = threading.Thread(target=load, name="timeline-index", daemon=True)
            self._loading.start()

    def _keep_summary(self, index: EventIndex, revision: int) -> None:
        """Hand the store the index's start summary if the file lacks a current one.

        Made from the index just loaded and stamped with the revision read in the same
        snapshot, so the store keeps it only if nothing was written since. Only after a
        change made in this window (the file is being written anyway: opening a file to
        read it never changes it, which matters for files kept as evidence or synced), and
        only for files big enough to open as density (`summary_view`).
        """
        if self._save_summary is None or index.size <= 3 * self.budget:
            return  # a file this small is drawn event by event: no summary, no write
        if self.summary() is not None:
            return
        summary = index.start_summary(revision)
        if summary is not None:
            try:
                self._save_summary(summary)
            except Exception:  # a speed-up for the next opening only: never the user's problem
                return

    # -- the file's start summary ------------------------------------------------------------
    def summary(self) -> StartSummary | None:
        """The file's per-day start summary if it describes the current data (read once).

        Kept per data version: an edit makes the stored one stale (the store then ignores
        it) until the reloaded index saves a new one.
        """
        if not self.use_index:
            return None
        version, entry = self._version, self._summary
        if entry is None or entry[0] != version:
            try:
                with self._read() as session:
                    entry = (version, st.session_start_summary(session))
            except Exception:  # unreadable: SQL answers, and reports what is wrong
                entry = (version, None)
            self._summary = entry
        return entry[1]

    def _from_summary(
        self, start_ms: float, end_ms: float, ms_per_px: float, filters: EventFilter
    ) -> ViewportData | None:
        """The view from the file's start summary until the in-memory index has loaded."""
        if not filters.is_empty() or self.index() is not None:
            return None
        summary = self.summary()
        if summary is None:
            return None
        return summary_view(summary, start_ms, end_ms, ms_per_px, budget=self.budget)

    def wait_for_index(self, timeout: float | None = None) -> None:
        """Block until a background load has finished (for tests and the benchmark)."""
        loading = self._loading
        if loading is not None:
            loading.join(timeout)

    def total(self, *, filters: EventFilter, generation: int) -> int:
        """All events matching the filter, counted once per generation."""
        index = self.index() if filters.is_empty() else None
        if index is not None:
            return index.size
        summary = self.summary() if filters.is_empty() else None
        if summary is not None:
            return summary.total
        key = (generation, filters)
        if self._total is None or self._total[0] != key:
            with self._read() as session:
                self._total = (key, st.count_events(session, filters=filters))
        return self._total[1]

    def extent(self, *, filters: EventFilter) -> tuple[int, int] | None:
        """(earliest start, latest end) of the matching events, None if there are none."""
        summary = self.summary() if filters.is_empty() else None
        if summary is not None:
            return summary.first_ms, summary.end_ms
        with self._read() as session:
            return st.time_extent(session, filters=filters)

    def fetch(self, view: ViewRequest) -> ViewportData:
        """Data covering the viewport, from cache when the last fetch still serves."""
        cached = self.cached(view)
        if cached is not None:
            return cached
        data = self.load(view)
        self.accept(view, data)
        return data

    def cached(self, view: ViewRequest) -> ViewportData | None:
        """The cached data if it serves this viewport, else None; never reads the database."""
        entry = self._entry
        if (
            entry is not None
            and entry[0] == (view.generation, view.filters)
            and self._serves(entry[1], view.start_ms, view.end_ms, view.ms_per_px)
            and entry[1].serves_crowding(view.crowding)
        ):
            return entry[1]
        return None

    def fetch_at_once(self, view: ViewRequest) -> ViewportData | None:
        """The data if it can be had without a scan: the cache, the index or the summary.

        What the canvas may fetch while it paints (a few ms); None means SQL must answer,
        in the worker thread. Answers are cached as `fetch`'s are. With `view.crowding`,
        events that layout can only count may come as stand-ins (see `load`).
        """
        cached = self.cached(view)
        if cached is not None:
            return cached
        if self.in_memory(view.filters):
            data = self.load(view)
        else:
            data = self._from_summary(view.start_ms, view.end_ms, view.ms_per_px, view.filters)
            if data is None:
                return None
            self.fetches += 1
            self.load_index()  # the views after this one come from the index
        self.accept(view, data)
        return data

    def accept(self, view: ViewRequest, data: ViewportData) -> None:
        """Make `data` (from `load(view)`) the cached viewport data (on the owning thread)."""
        self._entry = ((view.generation, view.filters), data)

    def load(self, view: ViewRequest) -> ViewportData:
        """Read the data for a viewport (any thread); leaves the cache alone.

        From the in-memory index when it serves (`in_memory`), else from SQL: the same
        choice of events or buckets, and inside the (narrower) window of the data from
        memory the same events and buckets. An unfiltered SQL fetch starts loading the
        index for the fetches after it.

        With `view.crowding` (from the index only): events drawn from before the window
        until after it, in a lane that has more of them than `crowding.rows`, always land in
        a crowded bin at the view's left edge, so layout only counts them: they come as
        stand-ins built from the index (id, extent, lane; no title), not read from the
        store. At a day of a dense million-event file that is ~700 of ~1,650 rows.
        """
        start_ms, end_ms, ms_per_px, filters, generation, crowding = view
        width = end_ms - start_ms
        lo, hi = start_ms - width, end_ms + width
        self.fetches += 1
        bucket_ms = bucket_size(ms_per_px)
        limit = 3 * self.budget
        index = self.index() if filters.is_empty() else None
        summarised = self._from_summary(start_ms, end_ms, ms_per_px, filters)
        if summarised is not None:
            self.load_index()
            return summarised
        if index is not None:
            many = index.count_in_window(int(lo), int(hi)) > limit  # the same test as SQL's
            # But a narrower window: rows cost 5-10 us each to read and build, buckets ~1.5 us
            # each to build, and a pan out of it refetches quickly (reusing the rows it has).
            margin = max(width * MEMORY_MARGIN, MEMORY_MARGIN_PX * ms_per_px)
            lo, hi = start_ms - margin, end_ms + margin
            if many:
                lo = (lo // bucket_ms) * bucket_ms
                buckets = index.bucket_counts(int(lo), int(hi), bucket_ms)
                return ViewportData(lo, hi, ms_per_px, None, tuple(buckets))
            ids = index.ids_in_window(int(lo), int(hi))
            light = _stand_ins(index, int(lo), int(hi), crowding) if crowding else []
            if not light:
                return ViewportData(lo, hi, ms_per_px, tuple(self._rows(ids, generation)), None)
            light_ids = frozenset(row.id for row in light)
            rows = self._rows([i for i in ids if i not in light_ids], generation) + light
            rows.sort(key=_START_ORDER)
            return ViewportData(lo, hi, ms_per_px, tuple(rows), None, crowding, light_ids)
        with self._read() as session:
            rows = st.events_in_window(session, int(lo), int(hi), filters=filters, limit=limit + 1)
            if len(rows) <= limit:
                data = ViewportData(lo, hi, ms_per_px, tuple(rows), None)
            else:
                lo = (lo // bucket_ms) * bucket_ms
                buckets = st.bucket_counts(session, int(lo), int(hi), bucket_ms, filters=filters)
                data = ViewportData(lo, hi, ms_per_px, None, tuple(buckets))
        if filters.is_empty():
            self.load_index()
        return data

    def _rows(self, ids: list[int], generation: int) -> list[EventRow]:
        """The rows of `ids`, by start: those of the cached window reused, the rest read.

        A pan or zoom keeps most of the events in view, and reading and building a row
        (5-10 us) costs far more than finding it in the index, so only the newcomers go to
        the store. Rows of the same generation are of the same data.
        """
        entry = self._entry
        known: dict[int, EventRow] = {}
        if entry is not None and entry[0][0] == generation and entry[1].events:
            stand_ins = entry[1].light_ids
            known = {row.id: row for row in entry[1].events if row.id not in stand_ins}
        rows = [known[i] for i in ids if i in known]
        if len(rows) < len(ids):
            with self._read() as session:
                fetched = st.event_rows_by_ids(session, [i for i in ids if i not in known])
            if not rows:
                return fetched  # already in start order
            rows += fetched
        rows.sort(key=_START_ORDER)
        return rows

    @staticmethod
    def _serves(data: ViewportData, start_ms: float, end_ms: float, ms_per_px: float) -> bool:
        if start_ms < data.start_ms or end_ms > data.end_ms:
            return False
        if data.aggregated:
            # Buckets are sized for one zoom level; refetch when it changes noticeably.
            return 0.7 <= ms_per_px / data.ms_per_px <= 1.4
        # Detailed rows stay right at any zoom inside the window, but a much smaller
        # viewport should not keep dragging a huge window along.
        return (end_ms - start_ms) * 6 >= data.end_ms - data.start_ms
