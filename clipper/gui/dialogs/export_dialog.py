"""Export a PDF briefing: what goes in, the options, a preview of the first pages, then the
export itself on the worker with progress and Cancel."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clipper.core.briefing import BriefingOptions, BriefingResult, export_briefing
from clipper.core.errors import ClipperError, ExportCancelled
from clipper.core.library import Library
from clipper.gui.dialogs.preferences import AUTHOR_KEY, ORGANISATION_KEY
from clipper.gui.worker import Task, Worker

PREVIEW_PAGES = 3
PREVIEW_CLIPPINGS = 5  # the preview lays out only the first few entries, to be quick


def render_preview(pdf: Path, pages: int = PREVIEW_PAGES, width: int = 300) -> list[QImage]:
    """The first ``pages`` pages of ``pdf`` as images ``width`` pixels wide (worker side)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        images = []
        for index in range(min(pages, len(document))):
            page = document[index]
            bitmap = page.render(scale=width / page.get_width(), rev_byteorder=True)
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888 if bitmap.n_channels == 3
                           else QImage.Format.Format_RGBA8888)
            images.append(image.copy())
        return images
    finally:
        document.close()


def _preview(library: Library, ids: list[int], options: BriefingOptions) -> list[QImage]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "preview.pdf"
        export_briefing(library, ids[:PREVIEW_CLIPPINGS], target, options)
        return render_preview(target)


def _export(library: Library, ids: list[int], path: Path, options: BriefingOptions,
            task: Task) -> BriefingResult:
    return export_briefing(library, ids, path, options, progress=task.progress,
                           should_stop=lambda: task.cancelled)


class ExportDialog(QDialog):
    def __init__(self, library: Library, worker: Worker, ids: list[int], what: str,
                 title: str, summary: str = "", parent: QWidget | None = None,
                 collection_id: int | None = None) -> None:
        """``summary``: the executive summary to start from (a collection's); exporting a
        collection (``collection_id``) keeps the summary as edited here with it."""
        super().__init__(parent)
        self.setWindowTitle("Export briefing")
        self._library, self._worker, self._ids = library, worker, ids
        self._collection_id = collection_id
        self.summary = QPlainTextEdit(summary)
        self.summary.setPlaceholderText("Executive summary: what the reader should take away "
                                        "(printed before the key figures)")
        self.summary.setMaximumHeight(110)
        self.summary.setTabChangesFocus(True)
        self._task: Task | None = None
        self.result_: BriefingResult | None = None
        self.title = QLineEdit(title)
        self.subtitle = QLineEdit()
        self.author = QLineEdit(library.get_setting(AUTHOR_KEY))
        self.organisation = QLineEdit(library.get_setting(ORGANISATION_KEY))
        self.marking = QComboBox()
        self.marking.setEditable(True)
        self.marking.addItems(["Internal", "Confidential", "Restricted", "Public", ""])
        self.full_text = QCheckBox("Include each clipping's full text with its marks")
        self.lede = QCheckBox("Open each entry without a summary with the article's first "
                              "paragraphs")
        self.lede.setToolTip("Quoted from the outlet and marked as its words, so that no entry "
                             "is a bare citation")
        self.lede.setChecked(True)
        self.key_quotes = QCheckBox("A “Key quotes” section (quoted statements and who said them)")
        self.key_quotes.setChecked(True)
        self.fold_derived = QCheckBox("List derived copies under their original")
        self.audience = QComboBox()
        self.audience.addItem("Internal: everything", "internal")
        self.audience.addItem("External: no private notes or tags", "external")
        self.paper = QComboBox()
        self.paper.addItems(["A4", "Letter"])
        self.order = QComboBox()
        self.order.addItem("As selected", "collection")
        self.order.addItem("By date, oldest first", "date")
        self.path = QLineEdit(str(Path.home() / f"{_file_name(title)}.pdf"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_path)
        self.preview = QScrollArea()
        self.preview.setWidgetResizable(True)
        self.preview.setMinimumWidth(340)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel(f"{len(ids)} clipping{'s' if len(ids) != 1 else ''}: {what}")
        self.status.setWordWrap(True)
        self.preview_button = QPushButton("Update preview")
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.preview_button.clicked.connect(self.update_preview)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self._cancel)
        self._lay_out(browse, self.preview)
        self.resize(900, 620)
        self.update_preview()

    def _lay_out(self, browse: QPushButton, preview: QScrollArea) -> None:
        form = QFormLayout()
        path_row = QHBoxLayout()
        path_row.addWidget(self.path)
        path_row.addWidget(browse)
        for label, field in (("Title", self.title), ("Subtitle", self.subtitle),
                             ("Author", self.author), ("Organisation", self.organisation),
                             ("Handling marking", self.marking), ("Summary", self.summary),
                             ("", self.lede), ("", self.full_text),
                             ("", self.key_quotes), ("", self.fold_derived),
                             ("Audience", self.audience), ("Paper", self.paper),
                             ("Order", self.order), ("Save as", path_row)):
            form.addRow(label, field)
        left = QVBoxLayout()
        left.addWidget(self.status)
        left.addLayout(form)
        left.addStretch()
        left.addWidget(self.progress)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(preview, 2)

    def options(self) -> BriefingOptions:
        return BriefingOptions(
            title=self.title.text().strip(), subtitle=self.subtitle.text().strip(),
            author=self.author.text().strip(), organisation=self.organisation.text().strip(),
            marking=self.marking.currentText().strip(),
            summary=self.summary.toPlainText().strip(),
            full_text=self.full_text.isChecked(), lede=self.lede.isChecked(),
            audience=self.audience.currentData(),
            page_size=self.paper.currentText(), order=self.order.currentData(),
            key_quotes=self.key_quotes.isChecked(), fold_derived=self.fold_derived.isChecked())

    def update_preview(self) -> None:
        if not self._ids:
            self._preview_message("Nothing to export: the selection is empty.")
            self.export_button.setEnabled(False)
            return
        self._preview_message("Preparing a preview…")
        self._worker.run(_preview, self._library, self._ids, self.options(),
                         on_result=self._show_preview,
                         on_error=lambda exc: self._preview_message(f"No preview: {exc}"))

    def _preview_message(self, text: str) -> None:
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        self.preview.setWidget(label)

    def _show_preview(self, images: list[QImage]) -> None:
        column = QWidget()
        layout = QVBoxLayout(column)
        if len(self._ids) > PREVIEW_CLIPPINGS:
            note = QLabel(f"The first pages of a briefing of the first {PREVIEW_CLIPPINGS} "
                          f"clippings; the export holds all {len(self._ids):,}.")
            note.setWordWrap(True)
            layout.addWidget(note)
        for image in images:
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("border: 1px solid #999; background: white;")
            layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
        self.preview.setWidget(column)

    def export(self) -> None:
        path = Path(self.path.text().strip()).expanduser()
        if not path.name or path.is_dir():
            self.status.setText("Choose a file name for the PDF.")
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self.export_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(f"Writing {path.name}…")
        self._remember_author()
        if self._collection_id is not None:  # the summary belongs to the collection
            self._library.set_collection_summary(self._collection_id,
                                                 self.summary.toPlainText().strip())
        self._task = self._worker.run(_export, self._library, self._ids, path, self.options(),
                                      on_progress=self._on_progress, on_result=self._done,
                                      on_error=self._failed)

    def _remember_author(self) -> None:
        """The author and organisation typed here are the next briefing's (library settings,
        the ones Preferences edits: they travel with the library, as the summary does)."""
        for key, field in ((AUTHOR_KEY, self.author), (ORGANISATION_KEY, self.organisation)):
            value = field.text().strip()
            if value != self._library.get_setting(key):
                self._library.set_setting(key, value)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _cancel(self) -> None:
        if self._task is not None and self.result_ is None:
            self._task.cancel()
            self.status.setText("Stopping…")
        else:
            self.reject()

    def _done(self, result: BriefingResult) -> None:
        self.result_ = result
        self._task = None
        self.progress.hide()
        self.status.setText(f"Wrote {result.path} ({result.pages} pages).")
        self.cancel_button.setText("Close")
        self.export_button.setText("Open PDF")
        self.export_button.setEnabled(True)
        self.export_button.clicked.disconnect()
        self.export_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path))))

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        if isinstance(exc, ExportCancelled):
            self.status.setText("Export cancelled; no file was written.")
        elif isinstance(exc, ClipperError):
            self.status.setText(str(exc))
        else:
            self.status.setText(f"The export failed: {exc!r}")

    def _choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save briefing", self.path.text(),
                                              "PDF files (*.pdf)")
        if path:
            self.path.setText(path)


def _file_name(title: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_" else " " for c in title)
    # never a name that starts with a dash: shell commands would take it for an option
    return "-".join(cleaned.split())[:60].strip("-_") or "briefing"
