"""Shown instead of the list while the library is empty: how to get clippings in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

TEXT_WIDTH = 520  # a comfortable line; narrower when the column is


class WelcomeView(QWidget):
    import_seeds = Signal()
    import_files = Signal()
    new_clipping = Signal()

    def __init__(self, seeds: int, parent: QWidget | None = None) -> None:
        """``seeds``: how many sample clippings there are to offer."""
        super().__init__(parent)
        title = QLabel("<h2>Welcome to Clipper</h2>")
        text = QLabel(
            "Your library is empty. Bring clippings in any of these ways:"
            "<ul>"
            "<li><b>Import files or folders</b> (Ctrl+I), or drag them onto this window: text "
            "clippings, saved web pages, e-mail newsletters (.eml) and feed files;</li>"
            "<li><b>Add from a web address</b> (Ctrl+L), or drop or paste a link;</li>"
            "<li><b>Subscribe to a feed</b> (File ▸ Add feed…): new entries arrive by "
            "themselves;</li>"
            "<li><b>Paste</b> an article's text from the clipboard as a new clipping "
            "(Ctrl+Shift+V), or <b>type</b> one (Ctrl+N).</li>"
            "</ul>"
            "Then select words in the text to highlight them, add notes, tag the people and "
            "organisations named, and note bias. Search with Ctrl+F.")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.text = text
        self.seeds_button = QPushButton(
            "Import the sample clipping" if seeds == 1 else "Import the sample clippings")
        self.seeds_button.setDefault(True)
        self.seeds_button.setVisible(seeds > 0)
        files = QPushButton("Import files…")
        new = QPushButton("New clipping…")
        self.seeds_button.clicked.connect(self.import_seeds)
        files.clicked.connect(self.import_files)
        new.clicked.connect(self.new_clipping)
        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (title, text, self.seeds_button, files, new):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The text is as wide as the column allows (up to a comfortable measure) and as tall
        as it needs at that width: a label centred in a layout is otherwise given the height of
        a wider one, and its last lines are cut off."""
        width = max(200, min(TEXT_WIDTH, event.size().width() - 24))
        self.text.setFixedWidth(width)
        self.text.setFixedHeight(self.text.heightForWidth(width))
        super().resizeEvent(event)
