"""Subscribe to a feed: its address (or a feed file), what to capture, how often to look."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from clipper.gui.dialogs.common import ok_cancel


class FeedDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, address: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Add feed")
        self.address = QLineEdit(address)
        self.address.setPlaceholderText("https://example.org/feed.xml, or a feed file")
        choose = QPushButton("File…")
        choose.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.address)
        row.addWidget(choose)
        self.mode = QComboBox()
        self.mode.addItem("Use what the feed carries", "content")
        self.mode.addItem("Fetch the linked article when the feed has only a summary", "fetch")
        self.interval = QSpinBox()
        self.interval.setRange(5, 24 * 60)
        self.interval.setValue(60)
        self.interval.setSuffix(" minutes")
        self.error = QLabel()
        self.error.setStyleSheet("color: #d9480f")
        self.error.hide()
        form = QFormLayout(self)
        form.addRow("Feed", row)
        form.addRow("Entries", self.mode)
        form.addRow("Look for new entries every", self.interval)
        form.addRow(QLabel("New entries are fetched while Clipper runs; F5 refreshes now."))
        form.addRow(self.error)
        form.addRow(ok_cancel(self, self._accept))
        self.resize(560, self.sizeHint().height())

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Feed file", "",
                                              "Feeds (*.xml *.rss *.atom *.rdf);;All files (*)")
        if path:
            self.address.setText(path)

    def _accept(self) -> None:
        if not self.address.text().strip():
            self.error.setText("Give the feed's address or choose a feed file.")
            self.error.show()
            return
        self.accept()

    def values(self) -> tuple[str, str, int]:
        return self.address.text().strip(), self.mode.currentData(), self.interval.value()
