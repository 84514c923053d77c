"""The canvas on a big file: it asks the store for the viewport only, and aggregates."""

from __future__ import annotations

import random
import shutil

import pytest
from sqlalchemy import insert

from tests.ui.helpers import shown
from timeline_app.core import store as st
from timeline_app.core.models import Event
from timeline_app.layout.viewport import MS_PER_DAY, Viewport

N_EVENTS = 30_000
START = 1_451_606_400_000  # 2016-01-01T00:00Z
SPAN = 3 * 365 * MS_PER_DAY


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    """A timeline of 30,000 events over three years in 6 categories, written in bulk."""
    path = tmp_path_factory.mktemp("big") / "big.ctl"
    store = st.TimelineStore.create(path)
    rng = random.Random(7)
    with store.write() as session:
        cats = [st.get_or_create_category(session, f"Category {i}") for i in range(6)]
        rows = []
        for i in range(N_EVENTS):
            start = START + rng.randrange(SPAN)
            end = start + rng.randrange(3_600_000, 5 * MS_PER_DAY) if i % 3 == 0 else None
            rows.append(
                dict(
                    title=f"Event {i:05d}",
                    description="",
                    kind="span" if end else "point",
                    status="reported",
                    start_ms=start,
                    start_earliest_ms=start,
                    start_latest_ms=start,
                    start_precision="minute",
                    start_approx=False,
                    start_tz="UTC",
                    start_text="",
                    end_ms=end,
                    end_earliest_ms=end,
                    end_latest_ms=end,
                    end_precision="minute" if end else None,
                    lo_ms=start,
                    hi_ms=end or start,
                    category_id=cats[i % 6],
                    created_ms=0,
                    updated_ms=0,
                    source_count=1,
                    contested=False,
                )
            )
        session.execute(insert(Event), rows)
        st.recompute_max_extent(session)
    store.close()
    return path


@pytest.fixture
def big_window(qtbot, big_file):
    from timeline_app.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_file(big_file)
    yield win
    win.close()


def test_fit_all_on_a_big_file_draws_density_not_rows(big_window):
    """Zoomed out on 30,000 events, the view shows counted clusters and loads no event rows."""
    canvas = big_window.view.canvas
    canvas.fit_all()
    scene = canvas.scene
    assert scene.from_buckets
    assert scene.visible_count == N_EVENTS
    assert canvas._data is not None and canvas._data.events is None
    assert sum(c.count for c in scene.clusters) == N_EVENTS
    assert "30,000 of 30,000 events · 30,000 in view" in big_window._count_label.text()


def test_zooming_in_to_a_day_resolves_individual_events(big_window):
    """At one day, events are drawn one by one, exactly those the store has for that day."""
    canvas = big_window.view.canvas
    day = START + 400 * MS_PER_DAY
    canvas.set_viewport(
        Viewport.fit(day, day + MS_PER_DAY, canvas.time_width(), canvas.height(), margin_px=0)
    )
    scene = canvas.scene
    assert not scene.from_buckets
    with big_window.document.store.read() as session:
        expected = st.count_in_window(
            session, int(canvas.viewport.start_ms), int(canvas.viewport.end_ms)
        )
    assert 0 < scene.visible_count == expected
    assert len(canvas._data.events) < 500  # the fetched window, not the file


def test_small_pans_reuse_the_fetched_window(big_window):
    """Panning a little does not go back to the database for every frame."""
    canvas = big_window.view.canvas
    day = START + 500 * MS_PER_DAY
    canvas.set_viewport(Viewport.fit(day, day + MS_PER_DAY, canvas.time_width(), canvas.height()))
    _ = canvas.scene
    fetcher = canvas._fetcher
    before = fetcher.fetches
    for _step in range(20):
        canvas.pan_by(15)
        _ = canvas.scene
    assert fetcher.fetches - before <= 1


def _paint(canvas):
    """Paint the canvas as the screen would (its paintEvent), into an image."""
    from PySide6.QtGui import QImage

    image = QImage(canvas.size(), QImage.Format.Format_ARGB32_Premultiplied)
    canvas.render(image)


def test_a_frame_never_waits_for_the_store_and_settles_when_the_data_arrives(big_window):
    """A pan to an uncached place paints at once with the older data, then with the new."""
    canvas = big_window.view.canvas
    canvas._fetcher.use_index = False  # the SQL path: filtered views, or before the index loads
    day = START + 400 * MS_PER_DAY
    canvas.set_viewport(Viewport.fit(day, day + MS_PER_DAY, canvas.time_width(), canvas.height()))
    _paint(canvas)
    canvas.wait_for_data()
    _paint(canvas)
    assert not canvas.data_pending
    settled = {m.event_id for m in canvas.shown_scene.markers}
    assert settled
    fetcher = canvas._fetcher
    before = fetcher.fetches
    far = day + 500 * MS_PER_DAY
    canvas.set_viewport(Viewport.fit(far, far + MS_PER_DAY, canvas.time_width(), canvas.height()))
    _paint(canvas)  # laid out from the older data: nothing of the old day is in view
    assert canvas.data_pending
    canvas.wait_for_data()
    assert fetcher.fetches == before + 1  # fetched by the worker, not by the paint
    _paint(canvas)
    assert not canvas.data_pending
    shown = {m.event_id for m in canvas.shown_scene.markers}
    assert shown and not shown & settled
    assert shown == {m.event_id for m in canvas.scene.markers}  # the same as a synchronous frame


def test_only_the_latest_viewport_is_fetched(qapp):
    """Requests made while a fetch runs collapse into one: the latest viewport."""
    import threading

    from timeline_app.core.records import EventFilter
    from timeline_app.core.viewport_data import ViewRequest
    from timeline_app.ui.canvas_fetch import FetchWorker

    release, loaded = threading.Event(), []

    class SlowFetcher:
        def load(self, view):
            release.wait(10)
            loaded.append(view.start_ms)
            return view.start_ms

    worker = FetchWorker(SlowFetcher())
    for i in range(10):
        worker.request(ViewRequest(float(i), i + 1.0, 1.0, EventFilter(), 0))
    release.set()
    assert worker.wait_idle(10)
    assert loaded[-1] == 9.0 and len(loaded) <= 2  # the first (already running) and the last
    request, data = worker.take_result()
    assert request.start_ms == 9.0 and data == 9.0
    worker.close()


@pytest.fixture
def summarised_file(big_file, tmp_path):
    """A copy of the big file holding its start summary, as an import or the app leaves it."""
    path = tmp_path / "summarised.ctl"
    shutil.copyfile(big_file, path)
    with st.TimelineStore.open(path) as store:
        store.refresh_start_summary()  # (a window that opened the big file may have saved one)
        assert store.start_summary() is not None
    return path


def _new_window(qtbot):
    from timeline_app.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_a_big_file_shows_its_frame_before_its_store_loads(qtbot, summarised_file, monkeypatch):
    """The first frame comes from the stored summary, and is the frame the store then shows."""
    win = _new_window(qtbot)
    canvas = win.view.canvas
    real_open = st.TimelineStore.open.__func__
    seen = {}

    def watching_open(cls, path, **kwargs):
        if "image" not in seen:  # what was on screen when the store began to load
            seen["document"] = canvas.document
            seen["visible"] = canvas.shown_scene.visible_count
            seen["image"] = canvas.grab().toImage()
            seen["label"] = win._count_label.text()
        return real_open(cls, path, **kwargs)

    monkeypatch.setattr(st.TimelineStore, "open", classmethod(watching_open))
    assert win.open_file(summarised_file)
    assert seen["document"] is None and seen["visible"] == N_EVENTS
    assert "30,000 in view" in seen["label"]
    assert not canvas.data_pending  # the store's frame came from the same summary at once
    assert canvas.grab().toImage() == seen["image"]
    win.close()


def test_a_quick_look_of_a_file_that_fails_to_open_is_taken_down(
    qtbot, summarised_file, monkeypatch
):
    win = _new_window(qtbot)
    shown = []

    def message(*args, **kwargs):  # what is on screen behind the message
        shown.append((args[2], win.view.canvas._preview, win._file_label.text()))

    monkeypatch.setattr("timeline_app.ui.main_window.show_message", message)

    def refuse(cls, path, **kwargs):
        raise st.StoreError("simulated failure")

    monkeypatch.setattr(st.TimelineStore, "open", classmethod(refuse))
    assert not win.open_file(summarised_file)
    assert shown and "simulated failure" in shown[0][0]
    assert shown[0][1:] == (None, "")  # taken down before the message, not after
    assert win.document is None and win.view.canvas.shown_scene.visible_count == 0
    win.close()


def test_an_edit_updates_the_index_of_a_big_file_in_place(big_window, monkeypatch):
    """Moving an event keeps the zoomed-out view in memory: no reload of 30,000 events."""
    from dataclasses import replace

    from timeline_app.core import time_index
    from timeline_app.core.timespec import exact, from_ms
    from timeline_app.ui.commands import DeleteEventCommand, EditEventCommand

    canvas, doc = big_window.view.canvas, big_window.document
    fetcher = canvas._fetcher
    fetcher.load_index(background=False)
    loads = []
    real = time_index.load_event_index
    monkeypatch.setattr(time_index, "load_event_index", lambda s: loads.append(1) or real(s))
    with doc.store.read() as session:
        event_id = st.events_in_window(session, START, START + 30 * MS_PER_DAY)[0].id
        draft, _ = st.event_draft(session, event_id)
    later = START + 900 * MS_PER_DAY
    moved = replace(draft, start=exact(from_ms(later)), end=None)
    doc.push(EditEventCommand(doc, event_id, draft, moved))
    fetcher.wait_for_index(30)
    index = fetcher.index()
    assert index is not None and index.size == N_EVENTS and loads == []
    assert event_id in index.ids_in_window(later, later)  # the index knows the new time
    doc.push(DeleteEventCommand(doc, event_id))
    fetcher.wait_for_index(30)
    assert fetcher.index().size == N_EVENTS - 1 and loads == []
    doc.undo_stack.undo()  # the delete, undone: the event is back, still no reload
    fetcher.wait_for_index(30)
    assert event_id in fetcher.index().ids_in_window(later, later) and loads == []
    canvas.fit_all()
    assert canvas.scene.visible_count == N_EVENTS


def _crowded_file(path, rng: random.Random):
    """Two lanes full of month-long spans reaching into 14 Dec 2016, and that day's news.

    Spans begin up to 60 days before the day, some with an uncertain start (+-12 h); a third
    lane has only a few spans, too few to be crowded at its left edge.
    """
    from datetime import timedelta

    from tests.core.conftest import an_event

    day = 1_481_673_600_000  # 2016-12-14T00:00Z
    drafts = []
    for i in range(400):
        begin = day - rng.randrange(1, 60 * 24) * 3_600_000
        end = begin + rng.randrange(30, 90) * MS_PER_DAY
        drafts.append(
            an_event(
                f"Siege {i}",
                start=_iso(begin),
                end=_iso(end),
                plus_minus=timedelta(hours=12) if i % 5 == 0 else timedelta(0),
                category=("Sieges", "Blockades", "Talks")[0 if i < 200 else 1 if i < 397 else 2],
            )
        )
    for i in range(150):
        at = day + rng.randrange(24 * 60) * 60_000
        drafts.append(an_event(f"Report {i}", start=_iso(at), category=("Sieges", "Talks")[i % 2]))
    with st.TimelineStore.create(path) as store, store.write() as session:
        st.bulk_add_events(session, drafts)
    return day


def _iso(ms: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ms / 1000, UTC).isoformat()


def _drawn(scene):
    """What a user sees of a scene: clusters with their counts, markers and labels."""
    clusters = sorted((c.lane_key, round(c.x0), round(c.x1), c.count, c.lo_ms, c.hi_ms)
                      for c in scene.clusters)  # fmt: skip
    markers = sorted((m.event_id, round(m.x), round(m.y)) for m in scene.markers)
    labels = sorted((lb.event_id, lb.elided, round(lb.x), round(lb.y)) for lb in scene.labels)
    return clusters, markers, labels, scene.visible_count


def test_stand_ins_for_crowded_spans_draw_exactly_the_full_frame(qtbot, tmp_path):
    """Spans layout can only count are not read from the file, and the frame is the same."""
    from timeline_app.ui.timeline_canvas import TimelineCanvas
    from timeline_app.ui.timeline_document import TimelineDocument

    day = _crowded_file(tmp_path / "crowded.ctl", random.Random(3))
    doc = TimelineDocument(st.TimelineStore.open(tmp_path / "crowded.ctl"))
    canvas = shown(qtbot, TimelineCanvas(), 1400, 500, doc)
    canvas._fetcher.load_index(background=False)
    stand_in_lanes = set()
    for hours, shift in ((24, 0), (6, 9), (2, 20), (24, 11)):
        start = day + shift * 3_600_000
        view = Viewport.fit(start, start + hours * 3_600_000, canvas.time_width(),
                            canvas.height(), margin_px=0)  # fmt: skip
        canvas.set_viewport(view)
        canvas.grab()  # a paint: the canvas fetches with its crowding
        data = canvas._data
        assert data.light_ids, "the crowded lanes' spans should come as stand-ins"
        full = canvas.build_scene(view)  # exports: every row read from the file
        assert not canvas._data.light_ids
        assert _drawn(canvas.shown_scene) == _drawn(full)
        drawn_alone = {m.event_id for m in canvas.shown_scene.markers}
        assert not drawn_alone & data.light_ids  # a stand-in is only ever counted
        # the lane with few spans keeps them as real rows (they may be drawn one by one)
        talks = {c.id for c in doc.categories() if c.name == "Talks"}
        stand_in_lanes.update(e.category_id for e in data.events if e.id in data.light_ids)
    assert stand_in_lanes and not stand_in_lanes & talks
    # while a filtered view waits for SQL, the last data is laid out at the new view:
    # without its stand-ins, which might not land in a cluster there
    from timeline_app.core.records import EventFilter

    canvas._fetcher.forget_viewport()  # (build_scene left full rows in the cache)
    canvas.set_viewport(view)
    canvas.grab()
    light = canvas._data.light_ids
    assert light
    doc.set_filter(EventFilter(text="Report"))
    canvas.zoom_by(1 / 3)
    canvas.grab()
    assert canvas.data_pending and not canvas._data.light_ids
    assert not {m.event_id for m in canvas.shown_scene.markers} & light
    canvas.wait_for_data()
    doc.set_filter(EventFilter())
    canvas.set_viewport(view)
    canvas.grab()
    data = canvas._data
    # the selection is never a stand-in: selecting one refetches it in full
    stand_in = next(iter(data.light_ids))
    doc.select(stand_in)
    canvas.grab()
    assert stand_in not in canvas._data.light_ids
    assert stand_in in {m.event_id for m in canvas.shown_scene.markers}
    doc.close()


def test_opening_a_summarised_file_counts_nothing(qtbot, summarised_file, monkeypatch):
    """The table and the status bar take the number of events from the summary."""
    counted = []
    real = st.count_events
    monkeypatch.setattr(st, "count_events", lambda *a, **k: counted.append(k) or real(*a, **k))
    win = _new_window(qtbot)
    assert win.open_file(summarised_file)
    assert win.table.model.rowCount() == N_EVENTS
    assert f"{N_EVENTS:,} of {N_EVENTS:,} events" in win._count_label.text()
    assert counted == []
    win.close()
