"""The panel beside the reader: a clipping's metadata, editable, its clipping-level bias notes,
and every mark on it (orphaned ones listed as such)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clipper.core.kinds import MarkKind, ReadingStatus
from clipper.core.links import openable_url
from clipper.core.records import ClippingDetail, byline
from clipper.gui.reader import MarkRef


def _join(values: list[str]) -> str:
    return ", ".join(values)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setWordWrap(True)  # the panel may be narrow
    return label


def _in_context(prefix: str | None, quote: str | None, suffix: str | None) -> str:
    """A mention with a few words either side, so an entity named eleven times shows where."""
    before_words, after_words = (prefix or "").split(), (suffix or "").split()
    # The anchor's context is cut by characters: its outer words may be pieces of words.
    before = " ".join(before_words[1:][-4:])
    after = " ".join(after_words[:-1][:4])
    return f"…{before} {' '.join((quote or '').split())} {after}…".replace("… ", "…").replace(
        " …", "…")


def parse_date(text: str) -> datetime | None:
    """A date typed as YYYY-MM-DD (or empty for none); ValueError when it is not one."""
    text = text.strip()
    if not text:
        return None
    return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)


class MetadataPanel(QWidget):
    edited = Signal(str, object)  # field name, new value
    add_bias_requested = Signal()
    remove_bias_requested = Signal(int)
    mark_activated = Signal(object)  # MarkRef

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail: ClippingDetail | None = None
        self.title = QLineEdit()
        self.outlet = QLineEdit()
        self.authors = QLineEdit()
        self.authors.setPlaceholderText("Names, separated by commas")
        self.via = QLineEdit()
        self.via.setPlaceholderText("The news agency it came through, if any")
        self.via.setToolTip("A wire story's agency (Associated Press, Reuters, AFP…): briefings "
                            "say \"via\" it beside the outlet")
        self.published = QLineEdit()
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.captured = QLabel()
        self.url = QLineEdit()
        self.open_url = QPushButton("Open")
        self.open_url.setToolTip("Open the address in your browser (http, https and mailto only)")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Tags, separated by commas")
        self.read = QCheckBox("Read")
        self.flagged = QCheckBox("Flagged")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("Your summary of this clipping")
        self.summary.setMaximumHeight(90)
        self.summary.installEventFilter(self)
        self.bias = QListWidget()
        self.bias.setMaximumHeight(110)
        self.bias.setAccessibleName("Clipping-level bias notes")
        for listing in (self.bias,):
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_bias = QPushButton("Add bias note…")
        self.remove_bias = QPushButton("Remove")
        self.marks = QListWidget()
        self.marks.setAccessibleName("Marks on this clipping")
        self.marks.setWordWrap(True)
        self.marks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.error = QLabel()
        self.error.setStyleSheet("color: #d9480f")
        self.error.setWordWrap(True)
        self.error.hide()
        self._layout()
        self._connect()
        self.setEnabled(False)

    def _layout(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url)
        url_row.addWidget(self.open_url)
        flags = QHBoxLayout()
        flags.addWidget(self.read)
        flags.addWidget(self.flagged)
        flags.addStretch()
        for label, field in (("Title", self.title), ("Outlet", self.outlet),
                             ("Authors", self.authors), ("Via", self.via),
                             ("Published", self.published),
                             ("Captured", self.captured), ("URL", url_row), ("Tags", self.tags),
                             ("", flags), ("Summary", self.summary)):
            form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_bias)
        buttons.addWidget(self.remove_bias)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_heading("Bias notes on the whole clipping"))
        layout.addWidget(self.bias)
        layout.addLayout(buttons)
        layout.addWidget(_heading("Highlights, entities and bias in the text"))
        layout.addWidget(self.marks, 1)

    def _connect(self) -> None:
        for name, field in (("title", self.title), ("source_name", self.outlet),
                            ("url", self.url), ("wire", self.via)):
            field.editingFinished.connect(lambda n=name, f=field: self._text_edited(n, f.text()))
        self.authors.editingFinished.connect(
            lambda: self._changed("authors", _split(self.authors.text()),
                                  self._detail and self._detail.authors))
        self.tags.editingFinished.connect(
            lambda: self._changed("tags", _split(self.tags.text()),
                                  self._detail and self._detail.tags))
        self.published.editingFinished.connect(self._date_edited)
        self.read.toggled.connect(
            lambda on: self._changed("status", ReadingStatus.READ if on else ReadingStatus.UNREAD,
                                     self._detail and self._detail.clipping.status))
        self.flagged.toggled.connect(
            lambda on: self._changed("flagged", on, self._detail and self._detail.clipping.flagged))
        self.open_url.clicked.connect(self._open_url)
        self.url.textChanged.connect(lambda text: self.open_url.setEnabled(bool(text.strip())))
        self.add_bias.clicked.connect(self.add_bias_requested)
        self.remove_bias.clicked.connect(self._remove_bias)
        self.marks.itemActivated.connect(
            lambda item: self.mark_activated.emit(item.data(Qt.ItemDataRole.UserRole)))

    # -- showing -------------------------------------------------------------------------------

    def show_clipping(self, detail: ClippingDetail | None, outlets: list[str],
                      tags: list[str]) -> None:
        self._detail = detail
        self.setEnabled(detail is not None)
        self.error.hide()
        widgets = (self.title, self.outlet, self.authors, self.via, self.published, self.url,
                   self.tags, self.read, self.flagged, self.summary)
        for widget in widgets:
            widget.blockSignals(True)
        c = detail.clipping if detail else None
        self.title.setText(c.title if c else "")
        self.title.setCursorPosition(0)
        self.outlet.setText(detail.source.name if detail and detail.source else "")
        self.outlet.setCompleter(QCompleter(outlets, self))
        self.authors.setText(_join(detail.authors) if detail else "")
        self.via.setText(c.wire or "" if c else "")
        self.published.setText(c.published.strftime("%Y-%m-%d") if c and c.published else "")
        self.captured.setText(c.captured.strftime("%Y-%m-%d %H:%M UTC") if c else "")
        self.url.setText(c.url or "" if c else "")
        self.url.setCursorPosition(0)
        self.open_url.setEnabled(bool(c and c.url))
        self.tags.setText(_join(detail.tags) if detail else "")
        completer = QCompleter(tags, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(completer)
        self.read.setChecked(bool(c and c.status == ReadingStatus.READ))
        self.flagged.setChecked(bool(c and c.flagged))
        self.summary.setPlainText(c.summary if c else "")
        for widget in widgets:
            widget.blockSignals(False)
        self._fill_lists(detail)

    def _fill_lists(self, detail: ClippingDetail | None) -> None:
        self.bias.clear()
        self.marks.clear()
        if detail is None:
            return
        for view in detail.bias_notes:
            if view.clipping_level:
                text = view.category.name + (f" — {view.note.note}" if view.note.note else "")
                text += _by(byline(view.note.created_by, view.note.created))
                item = QListWidgetItem(f"◆ {text}")
                item.setData(Qt.ItemDataRole.UserRole, view.note.id)
                item.setForeground(_color(view.category.color))
                item.setToolTip(view.category.description)
                self.bias.addItem(item)
        rows: list[tuple[int, str, MarkRef | None]] = []
        for highlight in detail.annotations:
            a = highlight.annotation
            note = f" — {a.note}" if a.note else ""
            note += _by(byline(a.created_by, a.created))
            ref = (MarkRef(MarkKind.ANNOTATION, a.id, *highlight.span, "Highlight")
                   if highlight.span else None)
            rows.append((a.start, f"✎ “{_short(a.quote)}”{note}", ref))
        for mention in detail.mentions:
            m = mention.mention
            span = mention.title_span if mention.in_title else mention.span
            ref = (MarkRef(MarkKind.MENTION, m.id, *span, mention.entity.name, m.place) if span
                   else None)
            where = " in the title" if mention.in_title else ""  # listed first, as it is read
            rows.append((-1 if mention.in_title else m.start,
                         f"● {mention.entity.name} ({mention.entity.kind}){where}: "
                         f"“{_in_context(m.prefix, m.quote, m.suffix)}”"
                         f"{_by(byline(m.created_by))}", ref))
        for view in detail.bias_notes:
            if not view.clipping_level:
                n = view.note
                ref = (MarkRef(MarkKind.BIAS, n.id, *view.span, view.category.name)
                       if view.span else None)
                note = f" — {n.note}" if n.note else ""
                note += _by(byline(n.created_by, n.created))
                rows.append((n.start or 0, f"◆ {view.category.name}: “{_short(n.quote or '')}”"
                             f"{note}", ref))
        for _start, text, ref in sorted(rows, key=lambda r: r[0]):
            item = QListWidgetItem(text if ref else f"{text}  [orphaned: text not found]")
            item.setData(Qt.ItemDataRole.UserRole, ref)
            if ref is None:
                item.setForeground(_color("#868e96"))
                item.setToolTip("The words this note was attached to are no longer in the text.")
            self.marks.addItem(item)

    # -- editing -------------------------------------------------------------------------------

    def _text_edited(self, name: str, value: str) -> None:
        if self._detail is None:
            return
        current = {"title": self._detail.clipping.title,
                   "source_name": self._detail.source.name if self._detail.source else "",
                   "url": self._detail.clipping.url or "",
                   "wire": self._detail.clipping.wire or ""}[name]
        value = value.strip()
        if name == "title" and not value:
            self._show_error("A clipping needs a title; the old one is kept.")
            self.title.setText(current)
            return
        self._changed(name, value or None if name != "title" else value, current or None)

    def _date_edited(self) -> None:
        if self._detail is None:
            return
        try:
            value = parse_date(self.published.text())
        except ValueError:
            self._show_error("Type the publication date as YYYY-MM-DD, e.g. 2024-06-30.")
            return
        current = self._detail.clipping.published
        if (value and value.date()) != (current and current.date()):
            self._changed("published", value, current)

    def _changed(self, name: str, value: object, current: object) -> None:
        if self._detail is not None and value != current:
            self.error.hide()
            self.edited.emit(name, value)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.summary and event.type() == QEvent.Type.FocusOut and self._detail:
            self._changed("summary", self.summary.toPlainText(), self._detail.clipping.summary)
        return super().eventFilter(watched, event)

    def _open_url(self) -> None:
        url = openable_url(self.url.text())
        if url:
            QDesktopServices.openUrl(QUrl(url))
        else:
            self._show_error(f"“{self.url.text().strip()}” is not a web or mail address: only "
                             "http, https and mailto addresses are opened.")

    def _remove_bias(self) -> None:
        item = self.bias.currentItem()
        if item is not None:
            self.remove_bias_requested.emit(item.data(Qt.ItemDataRole.UserRole))


def _short(text: str, most: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1] + "…"


def _color(name: str) -> object:
    from PySide6.QtGui import QColor

    return QColor(name)


def _by(line: str) -> str:
    """A mark's author and time after it, in a team library ("  (alice · 3 Dec 10:42)")."""
    return f"  ({line})" if line else ""
