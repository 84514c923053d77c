"""Viewport data fetched off the GUI thread, so a frame never waits for the database.

When the cached `ViewportData` cannot serve a new viewport and the fetcher's in-memory index
cannot answer either (filtered views, or before the index has loaded: the fetch is SQL), the
canvas lays out the data it already has at the new viewport (a frame at once) and asks this
worker for the real data.
One daemon thread serves the requests; only the latest matters (a pan or zoom that moved on
makes the older ones pointless), so a new request replaces a waiting one. The thread uses
`ViewportFetcher.load`, whose sessions each check a pooled SQLite connection out of the
engine for their own use, and hands the result back through a Qt signal, which Qt queues to
the GUI thread because the worker QObject lives there.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from timeline_app.core.viewport_data import ViewportData, ViewportFetcher, ViewRequest


class FetchWorker(QObject):
    """Runs `ViewportFetcher.load` for the latest request in a background thread."""

    arrived = Signal()  # a result is waiting in `take_result` (queued to the GUI thread)

    def __init__(self, fetcher: ViewportFetcher) -> None:
        super().__init__()
        self._fetcher = fetcher
        self._cond = threading.Condition()
        self._request: ViewRequest | None = None
        self._busy = False
        self._result: tuple[ViewRequest, ViewportData | Exception] | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    def request(self, request: ViewRequest) -> None:
        """Fetch `request` soon, replacing any request that has not started yet."""
        with self._cond:
            if self._closed:
                return
            self._request = request
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="timeline-viewport-fetch", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    @property
    def busy(self) -> bool:
        """True while a request waits or runs."""
        with self._cond:
            return self._busy or self._request is not None

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._request is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                request, self._request, self._busy = self._request, None, True
            assert request is not None
            try:
                data: ViewportData | Exception = self._fetcher.load(request)
            except Exception as exc:  # e.g. the store was closed meanwhile
                data = exc
            with self._cond:
                self._result, self._busy = (request, data), False
                self._cond.notify_all()
            try:
                self.arrived.emit()
            except RuntimeError:  # the canvas (and this QObject) is gone
                return

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no request waits or runs (for tests, export and the benchmark)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: (self._request is None and not self._busy) or self._closed, timeout
            )

    def take_result(self) -> tuple[ViewRequest, ViewportData | Exception] | None:
        """The latest finished result (once), or None."""
        with self._cond:
            result, self._result = self._result, None
            return result

    def close(self) -> None:
        """Stop the thread after its current fetch; later requests are ignored."""
        with self._cond:
            self._closed = True
            self._request = None
            self._cond.notify_all()
