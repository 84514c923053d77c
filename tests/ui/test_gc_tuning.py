"""The garbage-collector tuning the app applies after start-up (`ui.gc_tuning`)."""

from __future__ import annotations

import gc
import weakref

import pytest

from timeline_app.ui import gc_tuning


@pytest.fixture
def restore_gc():
    """Undo the freeze and the thresholds, so no other test runs with them."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_start_up_objects_are_frozen_and_young_collections_are_rarer(restore_gc):
    """Full collections would walk every start-up object again (the frames' p95 spikes)."""
    before = gc.get_threshold()
    gc_tuning.freeze_long_lived_objects()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (gc_tuning.YOUNG_THRESHOLD, *before[1:])


def test_objects_made_after_the_freeze_are_still_collected(restore_gc):
    """Cyclic garbage made while the app runs (frames, closed dialogs) must not leak."""
    gc_tuning.freeze_long_lived_objects()

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    ref = weakref.ref(a)
    del a, b
    gc.collect()
    assert ref() is None
