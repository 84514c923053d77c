"""Which file the app opens first, and that the bundled example is never written."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

from timeline_app.core import store as st
from timeline_app.ui.app import file_to_open, first_run_file, resource_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_run_opens_a_copy_of_the_example(tmp_path):
    """On first run the analyst gets their own copy of the Aleppo example to work in."""
    bundled = resource_path("examples", "aleppo.json")
    before = digest(bundled)
    path = first_run_file(tmp_path / "data")
    assert path.parent == tmp_path / "data" and path.exists()
    store = st.TimelineStore.open(path, read_only=True)
    try:
        with store.read() as session:
            assert st.counts(session)["events"] == 8
    finally:
        store.close()
    assert digest(bundled) == before
    assert first_run_file(tmp_path / "data") == path  # reused, not recreated


def test_last_used_file_is_opened_when_none_is_named(tmp_path):
    """Without a file argument the app reopens the most recent file that still exists."""
    kept = tmp_path / "kept.ctl"
    st.TimelineStore.create(kept).close()
    settings = QSettings()
    settings.setValue("recent_files", [str(tmp_path / "gone.ctl"), str(kept)])
    assert file_to_open(None, settings) == kept
    named = tmp_path / "named.ctl"
    assert file_to_open(named, settings) == named
