"""Exports are written atomically: a failure or cancel leaves the old file byte-identical.

Issue 7, point 7: `atomic_write` / `atomic_open`, and the PNG/SVG/PDF writers that use it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from timeline_app.io.atomic import atomic_open, atomic_write

OLD = b"the analyst's previous export\n" * 100


class Cancelled(Exception):
    """What a progress dialog's Cancel raises inside the writing code."""


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    path = tmp_path / "report.csv"
    path.write_bytes(OLD)
    os.chmod(path, 0o640)
    return path


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_complete_write_replaces_the_file_and_keeps_its_permissions(previous):
    """A new export would be left under a temporary name or lose its sharing permissions."""
    with atomic_open(previous, "w", encoding="utf-8", newline="") as fh:
        fh.write("id,title\r\n1,new\r\n")
    assert previous.read_bytes() == b"id,title\r\n1,new\r\n"
    assert stat.S_IMODE(previous.stat().st_mode) == 0o640
    assert names(previous.parent) == {"report.csv"}


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), Cancelled()])
def test_an_error_or_cancel_mid_write_leaves_the_old_file_byte_identical(previous, failure):
    """A full disk or Cancel during an export would destroy the previous file."""
    with pytest.raises(type(failure)), atomic_open(previous, "wb") as fh:
        fh.write(b"half of the new ")
        fh.flush()
        raise failure
    assert previous.read_bytes() == OLD
    assert names(previous.parent) == {"report.csv"}, "no partial file may be left"


def test_a_failing_sync_or_rename_leaves_the_old_file(previous, monkeypatch):
    """An error at the very end (fsync, rename) would leave a truncated file behind."""
    for name in ("fsync", "replace"):
        with monkeypatch.context() as patch:

            def broken(*_args, _name=name):
                raise OSError(5, f"Input/output error in {_name}")

            patch.setattr(os, name, broken)
            with pytest.raises(OSError, match=name), atomic_write(previous) as tmp:
                tmp.write_bytes(b"new content")
        assert previous.read_bytes() == OLD
        assert names(previous.parent) == {"report.csv"}


def test_a_failed_first_write_leaves_no_file_at_all(tmp_path):
    """A failed export to a new name would leave an empty or partial file there."""
    target = tmp_path / "new.svg"
    with pytest.raises(Cancelled), atomic_write(target) as tmp:
        tmp.write_text("<svg")
        raise Cancelled
    assert names(tmp_path) == set()


def test_writing_through_a_symlink_replaces_its_target(tmp_path):
    """Exporting to a linked file would replace the link with a plain file."""
    real = tmp_path / "real.png"
    real.write_bytes(b"old")
    link = tmp_path / "link.png"
    link.symlink_to(real)
    with atomic_write(link) as tmp:
        tmp.write_bytes(b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_the_writer_must_write_something(tmp_path):
    """A writer that silently removed its file would leave a confusing rename error."""
    target = tmp_path / "x.pdf"
    with pytest.raises(OSError, match="nothing was written"), atomic_write(target) as tmp:
        tmp.unlink()
    assert names(tmp_path) == set()


def test_a_missing_folder_or_a_folder_target_is_an_os_error(tmp_path):
    """Exporting to a folder that vanished would crash instead of saying why."""
    with pytest.raises(OSError), atomic_write(tmp_path / "gone" / "x.png"):
        pass
    with pytest.raises(IsADirectoryError), atomic_write(tmp_path):
        pass
    with pytest.raises(ValueError, match="mode"), atomic_open(tmp_path / "a.txt", "a"):
        pass
