"""DetailPane: the selected event with every citation, grouped so disagreement is obvious.

All text from the file is shown as plain text (never Qt rich text): imported quotes are data.
Links open in the browser only for http(s) URLs, and only after the user has seen the full
address and confirmed (`confirm_open_link`): a link's visible text can say anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.details import CitationDetail, EventDetail
from timeline_app.core.timespec import format_bounds, format_timespec
from timeline_app.core.validation import url_problem
from timeline_app.ui.safe_text import message_box

STANCE_GROUPS = (
    ("supports", "Supports", "#2e7d32"),
    ("contradicts", "Contradicts", "#c62828"),
    ("context", "Context", "#546e7a"),
)


def plain_label(
    text: str,
    *,
    bold: bool = False,
    color: str | None = None,
    size_delta: int = 0,
    object_name: str = "",
) -> QLabel:
    """A word-wrapped, selectable label that never interprets its text as HTML."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if object_name:
        label.setObjectName(object_name)
    font = label.font()
    font.setBold(bold)
    if size_delta:
        font.setPointSizeF(font.pointSizeF() + size_delta)
    label.setFont(font)
    if color:
        label.setStyleSheet(f"color: {color};")
    return label


def safe_link(url: str | None) -> QUrl | None:
    """The URL to open, or None when it is not a well-formed http(s) link."""
    if not url or url_problem(url) is not None:
        return None
    qurl = QUrl(url, QUrl.ParsingMode.StrictMode)
    return qurl if qurl.isValid() and qurl.scheme() in ("http", "https") else None


def link_confirmation(parent: QWidget | None, url: QUrl) -> QMessageBox:
    """The question asked before a link opens: the full address as plain text, Open/Cancel.

    The address is shown encoded (punycode host, %-escapes), so look-alike letters, spaces
    and direction overrides in it are visible rather than disguised.
    """
    address = bytes(url.toEncoded().data()).decode("ascii", errors="replace")
    text = f"Open this link in your web browser?\n\n{address}\n\nSite: {url.host()}"
    box = message_box(parent, "Open link", text, icon=QMessageBox.Icon.Question)
    box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return box


def confirm_open_link(parent: QWidget | None, url: QUrl) -> bool:
    """Show `link_confirmation` modally; True only if the user chose Open."""
    box = link_confirmation(parent, url)
    box.exec()
    return box.clickedButton() is box.button(QMessageBox.StandardButton.Open)


class DetailPane(QScrollArea):
    """Shows one EventDetail; empty state when nothing is selected."""

    link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailPane")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(280)
        self._detail: EventDetail | None = None
        self.link_requested.connect(QDesktopServices.openUrl)
        self.show_detail(None)

    @property
    def detail(self) -> EventDetail | None:
        return self._detail

    def show_detail(self, detail: EventDetail | None) -> None:
        """Rebuild the pane for `detail` (None: the empty state)."""
        self._detail = detail
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.setSpacing(4)
        if detail is None:
            layout.addWidget(plain_label("Select an event to see its sources.", color="#777"))
        else:
            self._fill(layout, detail)
        self.setWidget(body)

    def texts(self) -> list[str]:
        """Every text shown, top to bottom (what a reader sees; used by tests and copy)."""
        widget = self.widget()
        return [label.text() for label in widget.findChildren(QLabel)] if widget else []

    def _fill(self, layout: QVBoxLayout, d: EventDetail) -> None:
        layout.addWidget(plain_label(d.title, bold=True, size_delta=3, object_name="title"))
        when = format_timespec(d.start)
        if d.end is not None:
            when += f"  →  {format_timespec(d.end)}"
        layout.addWidget(plain_label(when, object_name="when"))
        layout.addWidget(plain_label(f"bounds: {format_bounds(d.start)}", color="#555"))
        if d.end is not None:
            layout.addWidget(plain_label(f"end bounds: {format_bounds(d.end)}", color="#555"))
        written = f'as written: "{d.start.text}"' if d.start.text else "as written: (not recorded)"
        if d.end is not None and d.end.text:
            written += f' … "{d.end.text}"'
        layout.addWidget(
            plain_label(
                f"{written}  |  precision: {d.start.precision.replace('_', ' ')}"
                f"{' (approximate)' if d.start.approximate else ''}  |  zone: {d.start.tz}",
                color="#555",
            )
        )
        facts = []
        if d.category:
            facts.append(f"category: {d.category}")
        if d.location:
            where = d.location
            if d.lat is not None and d.lon is not None:
                where += f" ({d.lat:.4f}, {d.lon:.4f})"
            facts.append(f"location: {where}")
        if facts:
            layout.addWidget(plain_label("  |  ".join(facts)))
        if d.actors:
            layout.addWidget(
                plain_label("actors: " + "; ".join(f"{n} ({r})" if r else n for n, r in d.actors))
            )
        if d.tags:
            layout.addWidget(plain_label("tags: " + ", ".join(d.tags), color="#555"))
        layout.addWidget(self._status_label(d))
        if d.description:
            layout.addWidget(plain_label(d.description, object_name="description"))
        self._citations(layout, d)

    def _status_label(self, d: EventDetail) -> QLabel:
        if d.disputed:
            text = f"Status: {d.status.upper()}"
            if d.citations_by_stance("contradicts") and d.citations_by_stance("supports"):
                text = "Status: DISPUTED - the sources disagree"
            return plain_label(text, bold=True, color="#c62828", object_name="status")
        if not d.citations:
            return plain_label(
                f"Status: {d.status} - no source recorded (unsourced)",
                bold=True,
                color="#ef6c00",
                object_name="status",
            )
        return plain_label(f"Status: {d.status}", object_name="status")

    def _citations(self, layout: QVBoxLayout, d: EventDetail) -> None:
        for stance, title, color in STANCE_GROUPS:
            group = d.citations_by_stance(stance)
            if not group:
                continue
            layout.addSpacing(8)
            layout.addWidget(
                plain_label(
                    f"{title.upper()} ({len(group)})",
                    bold=True,
                    color=color,
                    object_name=f"group-{stance}",
                )
            )
            for citation in group:
                layout.addWidget(self._citation_card(citation, color))

    def _citation_card(self, c: CitationDetail, color: str) -> QFrame:
        card = QFrame()
        card.setObjectName(f"citation-{c.citation_id}")
        row = QHBoxLayout(card)
        row.setContentsMargins(0, 2, 0, 2)
        stripe = QFrame()
        stripe.setFixedWidth(4)
        stripe.setAutoFillBackground(True)
        palette = stripe.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(color))
        stripe.setPalette(palette)
        row.addWidget(stripe)
        box = QVBoxLayout()
        box.setContentsMargins(6, 0, 0, 0)
        box.setSpacing(2)
        row.addLayout(box, 1)
        heading = c.outlet or c.source_title or "(unnamed source)"
        box.addWidget(plain_label(f"{heading}   [{c.grade}]", bold=True))
        if c.source_title and c.source_title != heading:
            box.addWidget(plain_label(c.source_title))
        meta = []
        if c.author:
            meta.append(f"by {c.author}")
        if c.published is not None:
            meta.append(f"published {c.published.strftime('%a %d %b %Y')}")
        if meta:
            box.addWidget(plain_label(", ".join(meta), color="#555"))
        if c.quote:
            box.addWidget(plain_label(f"“{c.quote}”", object_name="quote"))
        if c.note:
            box.addWidget(plain_label(c.note, color="#555"))
        link = safe_link(c.url)
        if link is not None:
            button = QPushButton(f"Open {link.host()}")
            button.setToolTip(link.toString())
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, u=link: self._open_link(u))
            box.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft)
        elif c.url:
            box.addWidget(plain_label(f"link not opened (not http/https): {c.url}", color="#999"))
        return card

    def _open_link(self, url: QUrl) -> None:
        """Emit link_requested (which opens the browser) once the user confirmed the URL."""
        if url.scheme() in ("http", "https") and confirm_open_link(self, url):
            self.link_requested.emit(url)
