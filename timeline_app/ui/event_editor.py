"""EventEditor: add or edit an event, with a live preview of how its times were understood.

The dialog copies its widgets into an `EventForm` and shows what `evaluate_form` says; OK is
enabled only while everything is valid. Saving happens in the caller, through an undoable
command, so the dialog itself never writes.
"""

from __future__ import annotations

import zoneinfo
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.drafts import EventDraft, SourceDraft
from timeline_app.core.editor_form import (
    EventForm,
    FormResult,
    citation_summary,
    evaluate_form,
    form_from_draft,
)
from timeline_app.core.timespec import TimeSpec, format_bounds, format_timespec
from timeline_app.ui.citation_editor import CitationEditor
from timeline_app.ui.field_row import FieldRow, ok_cancel_buttons

STATUSES = ("reported", "confirmed", "disputed", "denied")


@cache
def all_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def describe(spec: TimeSpec | None) -> str:
    """The preview line: normalised time, bounds and precision."""
    if spec is None:
        return ""
    approx = ", approximate" if spec.approximate else ""
    return (
        f"→ {format_timespec(spec)}   [{format_bounds(spec)}]   "
        f"precision: {str(spec.precision).replace('_', ' ')}{approx}"
    )


class EventEditor(QDialog):
    """Title, times, zone, category, status, place, actors, tags and citations of one event."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        draft: EventDraft | None = None,
        categories: list[str] = (),
        actors: list[str] = (),
        sources: list[tuple[int, str, SourceDraft]] = (),
        tz: str = "UTC",
        start_text: str = "",
        title: str = "New event",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        self._sources = list(sources)
        self.evaluation: FormResult | None = None
        self.citations: list = []
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("What happened, in a line")
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        self.start = QLineEdit(start_text)
        self.start.setPlaceholderText(
            "as reported: 'late on Tuesday', '5am local time', '13 Dec 2016 22:00'"
        )
        self.end = QLineEdit()
        self.end.setPlaceholderText("optional: 'possibly until Thursday'")
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(all_zones())
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.zone.setCurrentText(tz)
        self.zone.setToolTip("The zone the report's clock times are in (type to search)")
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(
            "publication date of the report; default: the first source's"
        )
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItem("")
        self.category.addItems(list(categories))
        self.category.setToolTip("Pick a category or type a new one")
        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.location = QLineEdit()
        self.lat = QLineEdit()
        self.lat.setPlaceholderText("latitude")
        self.lon = QLineEdit()
        self.lon.setPlaceholderText("longitude")
        self.actors = QLineEdit()
        self.actors.setPlaceholderText("Name (role); Name (role)")
        completer = QCompleter(list(actors), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.actors.setCompleter(completer)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("comma, separated")
        self.citation_list = QListWidget()
        self.citation_list.setFixedHeight(90)
        self.citation_list.itemDoubleClicked.connect(lambda _: self.edit_citation())
        add = QPushButton("Add source…")
        add.clicked.connect(self.add_citation)
        edit = QPushButton("Edit…")
        edit.clicked.connect(self.edit_citation)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_citation)
        buttons_row = QHBoxLayout()
        for button in (add, edit, remove):
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        citations_box = QWidget()
        box = QVBoxLayout(citations_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.citation_list)
        box.addLayout(buttons_row)
        place = QWidget()
        place_row = QHBoxLayout(place)
        place_row.setContentsMargins(0, 0, 0, 0)
        place_row.addWidget(self.location, 3)
        place_row.addWidget(self.lat, 1)
        place_row.addWidget(self.lon, 1)
        self.rows = {
            "title": FieldRow(self.title_edit),
            "start": FieldRow(self.start, preview=True),
            "end": FieldRow(self.end, preview=True),
            "tz": FieldRow(self.zone),
            "reference": FieldRow(self.reference),
            "category": FieldRow(self.category),
            "status": FieldRow(self.status),
            "lat": FieldRow(place),
            "actors": FieldRow(self.actors),
            "tags": FieldRow(self.tags),
            "description": FieldRow(self.description),
            "citations": FieldRow(citations_box),
        }
        form = QFormLayout(self)
        for label, key in (
            ("Title", "title"),
            ("Start", "start"),
            ("End", "end"),
            ("Time zone", "tz"),
            ("Reference date", "reference"),
            ("Category", "category"),
            ("Status", "status"),
            ("Location", "lat"),
            ("Actors", "actors"),
            ("Tags", "tags"),
            ("Description", "description"),
            ("Sources", "citations"),
        ):
            form.addRow(label, self.rows[key])
        self.buttons = ok_cancel_buttons(self)
        form.addRow(self.buttons)
        if draft is not None:
            self.set_form(form_from_draft(draft))
        for widget in (
            self.title_edit,
            self.start,
            self.end,
            self.reference,
            self.location,
            self.lat,
            self.lon,
            self.actors,
            self.tags,
        ):
            widget.textChanged.connect(self.revalidate)
        self.description.textChanged.connect(self.revalidate)
        self.zone.currentTextChanged.connect(self.revalidate)
        self.category.currentTextChanged.connect(self.revalidate)
        self.status.currentIndexChanged.connect(self.revalidate)
        self.revalidate()

    # -- form <-> widgets ------------------------------------------------------------------
    def set_form(self, form: EventForm) -> None:
        self.title_edit.setText(form.title)
        self.description.setPlainText(form.description)
        self.start.setText(form.start_text)
        self.end.setText(form.end_text)
        self.zone.setCurrentText(form.tz)
        self.reference.setText(form.reference_text)
        self.category.setCurrentText(form.category)
        self.status.setCurrentText(form.status)
        self.location.setText(form.location_name)
        self.lat.setText(form.lat_text)
        self.lon.setText(form.lon_text)
        self.actors.setText(form.actors_text)
        self.tags.setText(form.tags_text)
        self.citations = list(form.citations)
        self._refresh_citations()

    def form(self) -> EventForm:
        return EventForm(
            title=self.title_edit.text(),
            description=self.description.toPlainText(),
            start_text=self.start.text(),
            end_text=self.end.text(),
            tz=self.zone.currentText().strip(),
            reference_text=self.reference.text(),
            category=self.category.currentText(),
            status=self.status.currentText(),
            location_name=self.location.text(),
            lat_text=self.lat.text(),
            lon_text=self.lon.text(),
            actors_text=self.actors.text(),
            tags_text=self.tags.text(),
            citations=list(self.citations),
        )

    @property
    def draft(self) -> EventDraft | None:
        return self.evaluation.draft if self.evaluation is not None else None

    def revalidate(self) -> None:
        self.evaluation = evaluate_form(self.form())
        for key, row in self.rows.items():
            row.set_error(self.evaluation.errors.get(key))
        self.rows["start"].set_preview(describe(self.evaluation.start))
        self.rows["end"].set_preview(describe(self.evaluation.end))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.evaluation.draft is not None)
        ok.setToolTip("" if self.evaluation.draft else "Fix the fields marked in red first")

    # -- citations -------------------------------------------------------------------------
    def _refresh_citations(self) -> None:
        self.citation_list.clear()
        for citation in self.citations:
            self.citation_list.addItem(citation_summary(citation))

    def _citation_dialog(self, draft=None) -> CitationEditor:
        reference = self.evaluation.reference if self.evaluation else None
        return CitationEditor(
            self,
            sources=self._sources,
            draft=draft,
            reference=reference,
            tz=self.zone.currentText().strip() or "UTC",
        )

    def add_citation(self) -> None:
        dialog = self._citation_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_draft is not None:
            self.citations.append(dialog.result_draft)
            self._refresh_citations()
            self.revalidate()

    def edit_citation(self) -> None:
        row = self.citation_list.currentRow()
        if not 0 <= row < len(self.citations):
            return
        dialog = self._citation_dialog(self.citations[row])
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_draft is not None:
            self.citations[row] = dialog.result_draft
            self._refresh_citations()
            self.revalidate()

    def remove_citation(self) -> None:
        row = self.citation_list.currentRow()
        if 0 <= row < len(self.citations):
            del self.citations[row]
            self._refresh_citations()
            self.revalidate()

    def accept(self) -> None:
        self.revalidate()
        if self.draft is not None:
            super().accept()
