"""Read-only banner, damaged-file backup offer, busy retry (issue 7, points 3, 4, 6)."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from timeline_app.core import store as st
from timeline_app.io.example import create_example
from timeline_app.ui.read_only_banner import ReadOnlyBanner
from timeline_app.ui.recovery import ask_retry, offer_backup

HOSTILE = "<b>x</b><img src=file:///etc/hostname>"


def flip_middle_pages(path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for i in range(2 * page, (len(data) // page - 1) * page):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def shown(monkeypatch):
    """Replace QMessageBox.exec: record each box, press `answer` (a button text or None)."""
    boxes: list[QMessageBox] = []
    answer = {"press": None}

    def fake_exec(box: QMessageBox) -> int:
        boxes.append(box)
        for button in box.buttons():
            if button.text() == answer["press"]:
                button.click()
                return box.standardButton(button).value
        return QMessageBox.StandardButton.Cancel.value

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes, answer


def test_the_banner_says_read_only_and_why_as_plain_text(qtbot):
    """The second window would look editable, and edits would silently go nowhere."""
    banner = ReadOnlyBanner()
    qtbot.addWidget(banner)
    assert banner.isHidden()
    error = st.FileInUseError(f"{HOSTILE}.ctl is already open for editing in another window")
    banner.show_reason(str(error))
    assert not banner.isHidden()
    assert banner.text().startswith(f"Read-only: {HOSTILE}.ctl is already open")
    assert "cannot be saved" in banner.text()
    assert banner.label.textFormat() == Qt.TextFormat.PlainText
    banner.clear()
    assert banner.isHidden()


def test_a_damaged_file_offers_a_copy_of_its_newest_backup(qtbot, tmp_path, shown):
    """A damaged file would leave the user stuck although a backup sits next to it."""
    boxes, answer = shown
    path = create_example(tmp_path / "aleppo.ctl")
    backup = tmp_path / "aleppo.backup-0001-20241125-142501.ctl"
    with st.TimelineStore.open(path, read_only=True) as s:
        s.backup_to(backup)
    flip_middle_pages(path)
    damaged = path.read_bytes()
    with pytest.raises(st.CorruptFileError) as info:
        st.TimelineStore.open(path, edit_lock=True)
    answer["press"] = "Open a copy of the backup"
    restored = offer_backup(None, info.value, path)
    assert restored is not None and restored.name.startswith("aleppo.restored-")
    text = boxes[0].text()
    assert "aleppo.ctl is damaged" in text and backup.name in text
    assert boxes[0].textFormat() == Qt.TextFormat.PlainText
    assert path.read_bytes() == damaged  # never written
    with st.TimelineStore.open(restored, edit_lock=True) as store:
        assert not store.read_only
    answer["press"] = None  # the user cancels: nothing is made
    before = sorted(p.name for p in tmp_path.iterdir())
    assert offer_backup(None, info.value, path) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_without_a_backup_the_box_says_so(qtbot, tmp_path, shown):
    """The app would promise a backup that does not exist."""
    boxes, _answer = shown
    path = tmp_path / "lonely.ctl"
    shutil.copyfile(create_example(tmp_path / "src.ctl"), path)
    flip_middle_pages(path)
    assert offer_backup(None, st.CorruptFileError("damaged"), path) is None
    assert "No backup" in boxes[0].text()


def test_a_busy_file_offers_a_retry(qtbot, shown):
    """A save blocked by another window would be dropped without asking."""
    boxes, answer = shown
    error = st.StoreBusyError("t.ctl is busy: ...; nothing was saved, try again")
    answer["press"] = "Retry"
    assert ask_retry(None, error) is True
    answer["press"] = "Cancel"
    assert ask_retry(None, error) is False
    assert "nothing was saved" in boxes[0].text()
