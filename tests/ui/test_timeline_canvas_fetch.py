"""The canvas's data fetch: right at the first paint from the in-memory index, never stale.

A seeded random file (uncertainty bands, spans of years, events without a category) on a
1600x900 canvas. Once the fetcher's index has loaded, a new viewport is fetched while it
is painted; filtered views, and the time after an edit until the index has reloaded, go
to SQL in the worker thread, and never show data older than the edit.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QImage

from tests.core.random_timeline import DAY, HOUR, SPAN, START, fill_random
from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.layout.viewport import Viewport

N_EVENTS = 6000


@pytest.fixture(scope="module")
def random_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("fetch") / "random.ctl"
    with st.TimelineStore.create(path) as store:
        fill_random(store, N_EVENTS, seed=21)
    return path


@pytest.fixture
def canvas(qtbot, random_file, tmp_path):
    """A canvas on a copy of the file, with the fetcher's index loaded."""
    from timeline_app.ui.timeline_canvas import TimelineCanvas
    from timeline_app.ui.timeline_document import TimelineDocument

    path = tmp_path / "copy.ctl"
    path.write_bytes(random_file.read_bytes())
    store = st.TimelineStore.open(path)
    document = TimelineDocument(store)
    widget = TimelineCanvas()
    qtbot.addWidget(widget)
    widget.resize(1600, 900)
    widget.show()
    widget.set_document(document)
    _paint(widget)
    widget.wait_for_data()
    widget._fetcher.wait_for_index(30)
    assert widget._fetcher.index() is not None
    yield widget
    widget.set_document(None)
    store.close()


def _paint(canvas) -> None:
    """Paint the canvas as the screen would (its paintEvent), into an image."""
    canvas.render(QImage(canvas.size(), QImage.Format.Format_ARGB32_Premultiplied))


def _show(canvas, start_ms: float, span_ms: float) -> None:
    canvas.set_viewport(
        Viewport.fit(start_ms, start_ms + span_ms, canvas.time_width(), canvas.height(), 0)
    )


def _window_ids(canvas) -> set[int]:
    vp = canvas.viewport
    with canvas.document.store.read() as session:
        rows = st.events_in_window(session, int(vp.start_ms), int(vp.end_ms))
    return {e.id for e in rows}


def _markers(canvas) -> dict[int, float]:
    return {m.event_id: m.x for m in canvas.shown_scene.markers}


def test_a_new_viewport_is_right_at_its_first_paint(canvas) -> None:
    """From the index, the paint itself fetches: no stale frame, no worker round trip."""
    fetcher = canvas._fetcher
    rng = random.Random(2)
    for span in (SPAN / 50, 3 * DAY, 6 * HOUR):
        start = START + rng.randrange(SPAN // 2)
        before = fetcher.fetches
        _show(canvas, start, span)
        _paint(canvas)
        assert not canvas.data_pending
        assert fetcher.fetches == before + 1
        shown = canvas.shown_scene
        assert shown.visible_count == canvas.build_scene(canvas.viewport).visible_count
        assert _markers(canvas) == {m.event_id: m.x for m in canvas.scene.markers}


def test_every_event_of_a_fine_window_is_drawn_exactly_once(canvas) -> None:
    """Each event overlapping the view is one marker or counted in one cluster, never both."""
    rng = random.Random(3)
    for _ in range(5):
        _show(canvas, START + rng.randrange(SPAN), 2 * HOUR)
        _paint(canvas)
        scene = canvas.shown_scene
        ids = [m.event_id for m in scene.markers]
        assert len(ids) == len(set(ids))
        expected = _window_ids(canvas)
        assert set(ids) <= expected
        assert len(ids) + sum(c.count for c in scene.clusters) == len(expected)
        assert scene.visible_count == len(expected)


def test_counts_in_clusters_add_up_to_the_events(canvas) -> None:
    """Zoomed out (buckets from memory), the cluster badges count every event once."""
    canvas.fit_all()
    _paint(canvas)
    scene = canvas.shown_scene
    assert scene.from_buckets and not canvas.data_pending
    assert sum(c.count for c in scene.clusters) == scene.visible_count == N_EVENTS


def _settle(canvas) -> None:
    _paint(canvas)
    canvas.wait_for_data()
    _paint(canvas)


def test_an_edit_is_in_the_next_frame(canvas) -> None:
    """Add, move, delete: the frame after each edit shows it, from SQL and then from memory."""
    from tests.core.conftest import an_event

    document, fetcher = canvas.document, canvas._fetcher
    day = START + 200 * DAY
    _show(canvas, day, DAY)
    _settle(canvas)
    store = document.store
    with store.write() as session:
        new_id = st.add_event(session, an_event("Added", start="2016-07-19T12:00:00+00:00"))
    edits = [
        lambda session: None,
        lambda session: st.update_event(
            session, new_id, an_event("Added", start="2016-07-19T18:00:00+00:00")
        ),
        lambda session: st.delete_event(session, new_id),
    ]
    seen = []
    for edit in edits:
        with store.write() as session:
            edit(session)
        document.notify_changed()  # what every undo command does after its write
        assert fetcher.index() is None  # the index of the old data is gone at once
        _settle(canvas)  # SQL in the worker meanwhile (unless the index is back already)
        after_sql = _markers(canvas).get(new_id)
        fetcher.wait_for_index(30)  # reloaded in the background
        _show(canvas, day + 100 * DAY, DAY)  # away and back: fetched from memory now
        _paint(canvas)
        _show(canvas, day, DAY)
        _paint(canvas)
        assert not canvas.data_pending
        assert _markers(canvas).get(new_id) == after_sql
        seen.append(after_sql)
    added, moved, deleted = seen
    assert added is not None and moved is not None and deleted is None
    assert moved > added  # six hours later, further right


def test_filtered_views_fetch_in_the_worker_and_keep_the_index(canvas) -> None:
    """A text filter goes to SQL in the thread; clearing it is answered from memory again."""
    document, fetcher = canvas.document, canvas._fetcher
    _show(canvas, START + 50 * DAY, DAY)
    _paint(canvas)
    document.set_filter(EventFilter(text="Event 0"))
    _show(canvas, START + 90 * DAY, 30 * DAY)
    _paint(canvas)
    assert canvas.data_pending
    canvas.wait_for_data()
    _paint(canvas)
    titles = {e.title for e in canvas._data.events}
    assert titles and all(t.startswith("Event 0") for t in titles)
    assert fetcher.index() is not None
    document.set_filter(EventFilter())
    _paint(canvas)
    assert not canvas.data_pending
