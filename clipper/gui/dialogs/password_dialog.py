"""Asking for a team library's password when libpq had none (no ~/.pgpass, no PGPASSWORD) or
the server refused it; it can be kept in the system keyring, never in Clipper's settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clipper.core.address import ServerAddress
from clipper.core.credentials import keyring_available
from clipper.gui.dialogs.common import ok_cancel


class PasswordDialog(QDialog):
    def __init__(self, address: ServerAddress, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clipper: team library password")
        message = QLabel(why)
        message.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.keep = QCheckBox("Keep it in the system keyring")
        if keyring_available():
            self.keep.setChecked(True)
        else:
            self.keep.setEnabled(False)
            self.keep.setToolTip("This computer has no system keyring; the password is asked "
                                 "each time (or put it in ~/.pgpass).")
        form = QFormLayout()
        form.addRow("Library", QLabel(address.display))
        form.addRow("User", QLabel(address.user or "(your account's name)"))
        form.addRow("Password", self.password)
        form.addRow("", self.keep)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))
        self.password.setFocus()
        self.setMinimumWidth(520)
        self.adjustSize()

    def answer(self) -> tuple[str, bool] | None:
        if self.exec() != QDialog.DialogCode.Accepted or not self.password.text():
            return None
        return self.password.text(), self.keep.isChecked()


def ask_password(address: ServerAddress, why: str) -> tuple[str, bool] | None:
    return PasswordDialog(address, why).answer()
