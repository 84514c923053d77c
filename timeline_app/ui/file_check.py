"""Tell the window when the background check of a big file finds damage.

`TimelineStore.open` checks a big file in a thread (see `core.store_verify`); its callback
runs in that thread, where no widget may be touched. This QObject lives in the GUI thread
and re-emits the verdict as a Qt signal, which Qt queues to the GUI thread.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Signal

from timeline_app.core import store as st


class FileCheckWatcher(QObject):
    """Emits `damaged(verification)` in the GUI thread when a watched check finds damage."""

    damaged = Signal(object)

    def watch(self, store: st.TimelineStore) -> None:
        """Report `store`'s check when it ends (at once if it already has)."""
        store.verification.on_done(self._done)

    def _done(self, verification: st.FileVerification) -> None:
        if verification.state == "damaged":
            with contextlib.suppress(RuntimeError):  # the window has been closed
                self.damaged.emit(verification)


def damage_message(verification: st.FileVerification) -> str:
    """What to tell the user: what is wrong, that nothing was changed, what to do."""
    return (
        f"{verification.path}\n\nThe check of this file found damage ({verification.problem}). "
        "You can still look through it, but changes will not be saved, so the damage cannot "
        "spread. Open a backup copy, or export what you need and start a new file."
    )
