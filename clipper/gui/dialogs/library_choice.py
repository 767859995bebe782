"""Preferences ▸ General ▸ Library: a folder on this computer, or a team library on a
PostgreSQL server (its address; a password is never kept here: Clipper asks for it and can
keep it in the system keyring). Used from the next start of Clipper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from clipper.core.address import ServerAddress, is_server_address
from clipper.core.errors import ClipperError
from clipper.gui.worker import Worker


class LibraryChoice(QWidget):
    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        team = is_server_address(current)
        self.local = QRadioButton("A folder on this computer")
        self.team = QRadioButton("A team library on a server")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.team)
        self.folder = QLineEdit("" if team else current)
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_folder)
        self.address = QLineEdit(current if team else "")
        self.address.setPlaceholderText("postgresql://you@server/library")
        self.address.setAccessibleName("Team library address")
        self.test = QPushButton("Test")
        self.test.setToolTip("Connect to the server and say what you may do there")
        self.test.clicked.connect(self._test)
        self._worker = Worker(self, threads=1)  # the server may take its time to answer
        self._tested = ""  # the address the last test was for
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.local, 0, 0, 1, 2)
        grid.addWidget(self.folder, 1, 0)
        grid.addWidget(choose, 1, 1)
        grid.addWidget(self.team, 2, 0, 1, 2)
        grid.addWidget(self.address, 3, 0)
        grid.addWidget(self.test, 3, 1)
        grid.addWidget(self.result, 4, 0, 1, 2)
        (self.team if team else self.local).setChecked(True)
        self.local.toggled.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        local = self.local.isChecked()
        self.folder.setEnabled(local)
        self.address.setEnabled(not local)
        self.test.setEnabled(not local)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Library folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def problem(self) -> str | None:
        """Why the choice cannot be kept (None: it can)."""
        if self.local.isChecked():
            return None
        try:
            ServerAddress.parse(self.address.text())
        except ClipperError as exc:
            return str(exc)
        return None

    def value(self) -> str:
        """The folder, or the address without any password typed into it."""
        if self.local.isChecked():
            text = self.folder.text().strip()
            return str(Path(text).expanduser()) if text else ""
        return ServerAddress.parse(self.address.text()).display

    def password_dropped(self) -> bool:
        return self.team.isChecked() and self.problem() is None and \
            ServerAddress.parse(self.address.text()).url.password is not None

    def _test(self) -> None:
        from clipper.core.team import describe_access

        problem = self.problem()
        if problem:
            self.result.setText(problem)
            return
        self.result.setText("Connecting…")
        self.test.setEnabled(False)
        self._tested = tested = self.address.text()
        self._worker.run(describe_access, ServerAddress.parse(tested),
                         on_result=lambda text: self._tested_with(tested, str(text)),
                         on_error=lambda exc: self._tested_with(tested, _reason(exc)))

    def _tested_with(self, address: str, answer: str) -> None:
        """The server's answer, unless the address was changed meanwhile."""
        self.test.setEnabled(self.team.isChecked())
        if address == self._tested and address == self.address.text():
            self.result.setText(answer)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ClipperError):
        return str(exc)
    return f"The test failed: {type(exc).__name__}"  # no message: it might hold the address
