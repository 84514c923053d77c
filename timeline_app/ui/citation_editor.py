"""CitationEditor: cite a source (new or already in the file) with a quote, grade and stance."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from timeline_app.core.drafts import CitationDraft, SourceDraft
from timeline_app.core.editor_form import (
    CREDIBILITY_NAMES,
    RELIABILITY_NAMES,
    STANCES,
    CitationForm,
    citation_form,
    evaluate_citation,
    outlet_from_url,
)
from timeline_app.ui.field_row import FieldRow, ok_cancel_buttons

NEW_SOURCE = "New source…"


class CitationEditor(QDialog):
    """Source fields (filled from an existing source when picked) plus the citation itself."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        sources: list[tuple[int, str, SourceDraft]] = (),
        draft: CitationDraft | None = None,
        reference: date | datetime | None = None,
        tz: str = "UTC",
        source_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cite a source")
        self.setMinimumWidth(520)
        self._reference, self._tz = reference, tz
        self._sources = list(sources)
        self._auto_outlet = ""
        self.result_draft: CitationDraft | None = None
        self.source_pick = QComboBox()
        self.source_pick.addItem(NEW_SOURCE, None)
        for source_id, label, _ in self._sources:
            self.source_pick.addItem(label, source_id)
        self.source_pick.setEditable(True)
        self.source_pick.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_pick.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.source_pick.setToolTip("Pick a source already in this file, or keep 'New source'")
        self.source_pick.activated.connect(self._pick)
        self.outlet = QLineEdit()
        self.source_title = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://… (pasting a link fills in the outlet)")
        self.url.textChanged.connect(self._url_changed)
        self.author = QLineEdit()
        self.published = QLineEdit()
        self.published.setPlaceholderText("e.g. 14 December 2016")
        self.reliability = QComboBox()
        self.reliability.addItem("not graded", "")
        for grade, name in RELIABILITY_NAMES.items():
            self.reliability.addItem(name, grade)
        self.quote = QPlainTextEdit()
        self.quote.setPlaceholderText("The words of the source that support or contradict it")
        self.quote.setFixedHeight(80)
        self.credibility = QComboBox()
        self.credibility.addItem("not graded", None)
        for grade, name in CREDIBILITY_NAMES.items():
            self.credibility.addItem(name, grade)
        self.stance = QComboBox()
        for stance in STANCES:
            self.stance.addItem(stance, stance)
        self.rows = {
            "outlet": FieldRow(self.outlet),
            "source_title": FieldRow(self.source_title),
            "url": FieldRow(self.url),
            "author": FieldRow(self.author),
            "published": FieldRow(self.published),
            "reliability": FieldRow(self.reliability),
            "quote": FieldRow(self.quote),
            "credibility": FieldRow(self.credibility),
            "stance": FieldRow(self.stance),
        }
        form = QFormLayout(self)
        form.addRow("Source", self.source_pick)
        for label, key in (
            ("Outlet", "outlet"),
            ("Source title", "source_title"),
            ("Link", "url"),
            ("Author", "author"),
            ("Published", "published"),
            ("Reliability", "reliability"),
            ("Quote", "quote"),
            ("Credibility", "credibility"),
            ("Stance", "stance"),
        ):
            form.addRow(label, self.rows[key])
        self.buttons = ok_cancel_buttons(self)
        form.addRow(self.buttons)
        if source_only:
            # Editing the source itself (for every event citing it): no citation fields.
            for key in ("quote", "credibility", "stance"):
                form.setRowVisible(self.rows[key], False)
            form.setRowVisible(self.source_pick, False)
        for widget in (self.outlet, self.source_title, self.author, self.published):
            widget.textChanged.connect(self.revalidate)
        self.quote.textChanged.connect(self.revalidate)
        for combo in (self.reliability, self.credibility, self.stance):
            combo.currentIndexChanged.connect(self.revalidate)
        if draft is not None:
            self.set_form(citation_form(draft))
        self.revalidate()

    def set_form(self, form: CitationForm) -> None:
        self.outlet.setText(form.outlet)
        self.source_title.setText(form.source_title)
        self.url.blockSignals(True)
        self.url.setText(form.url)
        self.url.blockSignals(False)
        self.author.setText(form.author)
        self.published.setText(form.published_text)
        self.reliability.setCurrentIndex(max(0, self.reliability.findData(form.reliability)))
        self.quote.setPlainText(form.quote)
        self.credibility.setCurrentIndex(max(0, self.credibility.findData(form.credibility)))
        self.stance.setCurrentIndex(max(0, self.stance.findData(form.stance)))

    def form(self) -> CitationForm:
        return CitationForm(
            outlet=self.outlet.text(),
            source_title=self.source_title.text(),
            url=self.url.text(),
            author=self.author.text(),
            published_text=self.published.text(),
            reliability=self.reliability.currentData(),
            quote=self.quote.toPlainText(),
            credibility=self.credibility.currentData(),
            stance=self.stance.currentData(),
        )

    def _pick(self, index: int) -> None:
        source_id = self.source_pick.itemData(index)
        for known_id, _label, source in self._sources:
            if known_id == source_id:
                quote = self.quote.toPlainText()
                self.set_form(citation_form(CitationDraft(source=source, quote=quote)))
        self.revalidate()

    def _url_changed(self, text: str) -> None:
        # The outlet follows the link while the analyst has not typed an outlet of their own.
        if self.outlet.text().strip() in ("", self._auto_outlet):
            self._auto_outlet = outlet_from_url(text)
            self.outlet.setText(self._auto_outlet)
        self.revalidate()

    def revalidate(self) -> None:
        draft, errors = evaluate_citation(self.form(), reference=self._reference, tz=self._tz)
        for key, row in self.rows.items():
            row.set_error(errors.get(key))
        self.result_draft = draft
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(draft is not None)

    def accept(self) -> None:
        self.revalidate()
        if self.result_draft is not None:
            super().accept()
