"""layout_timeline: what gets drawn where, what gets flagged, what gets clustered."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace

import pytest

from tests.layout.builders import LANES, a_viewport, an_event, an_event_at_ms, measure, ms
from timeline_app.core.records import BucketCount
from timeline_app.layout.clusters import format_count
from timeline_app.layout.lanes import UNCATEGORISED, LaneSpec
from timeline_app.layout.metrics import LayoutStyle
from timeline_app.layout.scene import layout_timeline

HOUR = 3_600_000


def marks(scene):
    return [(m.event_id, m.x, m.y) for m in scene.markers]


def lay(events, vp=None, **kw):
    return layout_timeline(events, LANES, vp or a_viewport(), measure_text=measure, **kw)


def test_point_event_is_a_marker_at_its_time_in_its_lane() -> None:
    """An event would be drawn at the wrong time or in another category's lane."""
    vp = a_viewport()
    ev = an_event("14 Dec 2016 08:00", category=2)
    scene = lay([ev], vp)
    (mark,) = scene.markers
    assert mark.event_id == ev.id
    assert mark.kind == "point"
    assert mark.x == pytest.approx(scene.time_left + vp.x_of(ev.start_ms))
    military = scene.lanes[1]
    assert military.key == 2
    assert military.y0 < mark.y < military.y1
    assert mark.color == "#d84a4a"


def test_uncertain_start_gets_a_band_from_earliest_to_latest() -> None:
    """'Wednesday morning' would look as precise as a timestamp."""
    vp = a_viewport()
    ev = an_event("14 Dec 2016 08:00", earliest="14 Dec 2016 06:00", latest="14 Dec 2016 12:00")
    (mark,) = lay([ev], vp).markers
    tl = 120.0
    assert mark.start_band == pytest.approx(
        (tl + vp.x_of(ev.start_earliest_ms), tl + vp.x_of(ev.start_latest_ms))
    )
    assert mark.approximate
    exact = an_event("14 Dec 2016 08:00")
    (mark,) = lay([exact], vp).markers
    assert mark.start_band is None and not mark.approximate


def test_span_is_a_bar_with_an_uncertain_end_band() -> None:
    """A span would be drawn as a point, or its uncertain end would look certain."""
    vp = a_viewport()
    ev = an_event(
        "14 Dec 2016 05:00",
        end="15 Dec 2016 00:00",
        end_latest="15 Dec 2016 18:00",
        end_earliest="15 Dec 2016 00:00",
    )
    (mark,) = lay([ev], vp).markers
    assert mark.kind == "span"
    assert mark.x1 == pytest.approx(120 + vp.x_of(ev.end_ms))
    assert mark.end_band == pytest.approx(
        (120 + vp.x_of(ev.end_ms), 120 + vp.x_of(ev.end_latest_ms))
    )
    assert mark.start_band is None


def test_unsourced_disputed_and_selected_flags() -> None:
    """An unsourced event would look sourced, or a disputed one undisputed."""
    plain = an_event("14 Dec 2016 01:00", sources=2)
    unsourced = an_event("14 Dec 2016 09:00", sources=0, category=2)
    disputed = an_event("15 Dec 2016 01:00", disputed=True, category=3)
    scene = lay([plain, unsourced, disputed], selected_ids=frozenset({disputed.id}))
    flags = {m.event_id: (m.unsourced, m.disputed, m.selected) for m in scene.markers}
    assert flags == {
        plain.id: (False, False, False),
        unsourced.id: (True, False, False),
        disputed.id: (False, True, True),
    }
    label_flags = {lb.event_id: (lb.unsourced, lb.disputed, lb.selected) for lb in scene.labels}
    assert label_flags == flags


def test_events_without_category_go_to_an_uncategorised_lane() -> None:
    """Events with no (or a deleted) category would silently vanish from the timeline."""
    none = an_event("14 Dec 2016 08:00", category=None)
    deleted = an_event("14 Dec 2016 20:00", category=99)
    scene = lay([none, deleted, an_event("14 Dec 2016 10:00")])
    assert [lane.title for lane in scene.lanes][-1] == "Uncategorised"
    unc = scene.lanes[-1]
    ids = {m.event_id for m in scene.markers if unc.y0 < m.y < unc.y1}
    assert ids == {none.id, deleted.id}


def test_no_uncategorised_lane_when_everything_has_a_category() -> None:
    """An empty 'Uncategorised' lane would waste space."""
    scene = lay([an_event("14 Dec 2016 08:00")])
    assert [lane.key for lane in scene.lanes] == [1, 2, 3]


def test_caller_can_place_the_uncategorised_lane() -> None:
    """The analyst's chosen lane order would be ignored for the Uncategorised lane."""
    lanes = [UNCATEGORISED, *LANES]
    scene = layout_timeline([an_event(category=None)], lanes, a_viewport(), measure_text=measure)
    assert [lane.key for lane in scene.lanes] == [None, 1, 2, 3]
    assert scene.lanes[0].y0 < scene.markers[0].y < scene.lanes[0].y1


def test_lanes_by_any_key() -> None:
    """Grouping lanes by status (instead of category) would not work."""
    lanes = [
        LaneSpec("reported", "Reported", "#888888"),
        LaneSpec("disputed", "Disputed", "#d32f2f"),
    ]
    events = [an_event("14 Dec 2016 08:00", disputed=True), an_event("14 Dec 2016 09:00")]
    scene = layout_timeline(
        events, lanes, a_viewport(), measure_text=measure, lane_of=lambda e: e.status
    )
    by_lane = {m.event_id: scene.lane_at(m.y).key for m in scene.markers}
    assert by_lane == {events[0].id: "disputed", events[1].id: "reported"}


def test_hit_testing_finds_the_event_under_marker_and_label() -> None:
    """Clicking an event (or its title) would not select it."""
    a = an_event("14 Dec 2016 08:00", title="Shelling resumes")
    b = an_event("14 Dec 2016 20:00", title="Evacuation", category=3)
    scene = lay([a, b])
    for mark in scene.markers:
        assert scene.event_at(mark.x, mark.y) == mark.event_id
        assert scene.event_at(mark.x + 3, mark.y - 3) == mark.event_id
    for label in scene.labels:
        assert scene.event_at(label.x + label.w / 2, label.y + label.h / 2) == label.event_id
    assert scene.event_at(scene.markers[0].x, scene.lanes[-1].y1 - 2) is None
    assert scene.event_at(10, scene.markers[0].y) is None  # lane header


def test_events_outside_the_view_are_culled() -> None:
    """Off-screen events would be drawn (slow) or counted as visible."""
    vp = a_viewport()
    inside = an_event("14 Dec 2016 08:00")
    later = an_event("20 Dec 2016 08:00")
    long_ago = an_event("1 Dec 2016 08:00")
    scene = lay([inside, later, long_ago], vp)
    assert [m.event_id for m in scene.markers] == [inside.id]
    assert scene.visible_count == 1


def test_span_reaching_into_view_is_drawn_and_its_label_stays_readable() -> None:
    """A siege that began before the view would vanish, or its title would be off-screen."""
    vp = a_viewport()
    siege = an_event("1 Dec 2016", end="15 Dec 2016", title="Siege of east Aleppo")
    scene = lay([siege], vp)
    (mark,) = scene.markers
    assert mark.x < scene.time_left < mark.x1
    (label,) = scene.labels
    assert label.x >= scene.time_left
    assert label.elided == "Siege of east Aleppo"


def test_crowded_region_becomes_a_cluster_and_counts_add_up() -> None:
    """A burst of events would be drawn as an unreadable smear, or events would go uncounted."""
    base = ms("14 Dec 2016 09:00")
    burst = [an_event_at_ms(base + i * 60_000, event_id=1000 + i, category=3) for i in range(37)]
    lone = an_event("13 Dec 2016 20:00", category=3)
    scene = lay([*burst, lone])
    assert scene.visible_count == 38
    assert sum(c.count for c in scene.clusters) + len(scene.markers) == 38
    # the burst is counted in clusters (one, or two where it straddles a bin edge)
    assert sum(c.count for c in scene.clusters if c.lane_key == 3) >= 30
    assert lone.id in {m.event_id for m in scene.markers}
    assert all(c.badge == str(c.count) for c in scene.clusters)


def test_selected_event_is_never_hidden_in_a_cluster() -> None:
    """The event picked in the table would disappear into a cluster on the timeline."""
    base = ms("14 Dec 2016 09:00")
    burst = [an_event_at_ms(base + i * 60_000, event_id=2000 + i) for i in range(40)]
    scene = lay(burst, selected_ids=frozenset({2007}))
    assert 2007 in {m.event_id for m in scene.markers if m.selected}
    assert sum(c.count for c in scene.clusters) + len(scene.markers) == 40


def test_too_many_visible_events_are_all_clustered() -> None:
    """Zoomed out on a big file, drawing every event would make the view crawl."""
    rng = random.Random(3)
    lo, hi = ms("13 Dec 2016 12:00"), ms("15 Dec 2016 18:00")
    events = [
        an_event_at_ms(rng.randint(lo, hi), event_id=i, category=rng.choice([1, 2, 3]))
        for i in range(300)
    ]
    scene = lay(events, style=replace(LayoutStyle(), max_events=100))
    assert scene.markers == [] and scene.labels == []
    assert sum(c.count for c in scene.clusters) == 300 == scene.visible_count


def test_clusters_from_store_buckets() -> None:
    """Zoomed far out, the pre-aggregated counts from the store would not be shown."""
    vp = a_viewport("1 Jan 2016", "1 Jan 2017", width=1000)
    day = 86_400_000
    start = ms("1 Mar 2016")
    buckets = [
        BucketCount(start + i * day, start + (i + 1) * day, 1 + i % 2, 10) for i in range(30)
    ]
    buckets.append(BucketCount(ms("1 Jun 2016"), ms("1 Aug 2016"), None, 5))  # wide, no category
    scene = lay([an_event("14 Dec 2016 08:00")], vp, buckets=buckets)
    assert scene.from_buckets and scene.markers == []
    assert sum(c.count for c in scene.clusters) == 305 == scene.visible_count
    assert all(c.x1 - c.x0 >= 39 for c in scene.clusters)  # narrow buckets merged into bins
    assert scene.lanes[-1].title == "Uncategorised"
    wide = [c for c in scene.clusters if c.lane_key is None]
    assert wide[0].x0 == pytest.approx(120 + vp.x_of(ms("1 Jun 2016")))
    assert max(c.intensity for c in scene.clusters) == 1.0


def test_labels_keep_their_rows_when_panning() -> None:
    """Panning would make labels jump between rows, which is disorienting."""
    rng = random.Random(7)
    lo = ms("13 Dec 2016 12:00")
    events = [
        an_event_at_ms(lo + rng.randint(0, 40) * HOUR, event_id=i, title=f"E{i} " + "x" * i)
        for i in range(25)
    ]
    vp = a_viewport(width=1600)
    before = {m.event_id: m.y for m in lay(events, vp).markers}
    moved = {m.event_id: m.y for m in lay(events, vp.panned(-37)).markers}
    common = before.keys() & moved.keys()
    assert len(common) > 15
    assert all(before[i] == moved[i] for i in common)


def test_layout_does_not_depend_on_input_order() -> None:
    """The same data would look different depending on how the store returned it."""
    rng = random.Random(11)
    lo = ms("13 Dec 2016 12:00")
    events = [
        an_event_at_ms(lo + rng.randint(0, 50) * HOUR, event_id=i, title=f"E{i} abc")
        for i in range(60)
    ]
    shuffled = events[:]
    rng.shuffle(shuffled)
    a, b = lay(events), lay(shuffled)
    assert [(m.event_id, m.x, m.y) for m in a.markers] == [
        (m.event_id, m.x, m.y) for m in b.markers
    ]
    assert [(lb.event_id, lb.elided) for lb in a.labels] == [
        (lb.event_id, lb.elided) for lb in b.labels
    ]


def test_label_is_elided_rather_than_overlapping() -> None:
    """Two close events with long titles would print their titles over each other."""
    vp = a_viewport(width=1000, height=90)  # one row per lane
    first = an_event("14 Dec 2016 08:00", title="A very long title that needs far more room")
    second = an_event("14 Dec 2016 14:00", title="Second event")
    scene = lay([first, second], vp)
    assert scene.lanes[0].rows == 1
    labels = {lb.event_id: lb for lb in scene.labels}
    assert labels[first.id].elided.endswith("…")
    assert labels[first.id].x + labels[first.id].w < labels[second.id].x
    assert labels[second.id].elided == "Second event"
    assert len(scene.markers) == 2


def test_right_to_left_titles_are_flagged() -> None:
    """Arabic titles would be drawn left-to-right, with their words in the wrong order."""
    scene = lay([an_event(title="قصف على الأحياء الشرقية"), an_event("14 Dec 2016 22:00")])
    assert sorted(lb.rtl for lb in scene.labels) == [False, True]


def test_layout_imports_no_qt() -> None:
    """The layout layer would need a display and Qt to be tested (breaking the layer rule)."""
    code = (
        "import sys, timeline_app.layout, timeline_app.layout.scene, timeline_app.layout.overview;"
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("count", "badge"),
    [(7, "7"), (999, "999"), (1000, "1.0k"), (1234, "1.2k"), (9960, "10k"), (999_499, "999k"),
     (999_500, "1.0M"), (12_345_678, "12M")],
)  # fmt: skip
def test_cluster_badges_stay_short(count: int, badge: str) -> None:
    """Big counts would overflow the cluster badge (e.g. '1234567' in a 40 px bin)."""
    assert format_count(count) == badge
