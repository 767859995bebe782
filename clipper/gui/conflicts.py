"""Two people, one clipping: when someone else changed a field the user has just changed, the
user chooses (keep theirs, keep mine) after seeing both. Nothing is overwritten silently."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QMessageBox, QWidget

from clipper.core.errors import EditConflictError
from clipper.gui.commands import FieldValue, Resolver


def shown(value: object) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime | date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def conflict_resolver(parent: QWidget) -> Resolver:
    def resolve(conflict: EditConflictError, mine: FieldValue) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Clipper: changed by someone else")
        box.setText(str(conflict).replace("; your change was not made.", "."))
        box.setInformativeText(f"Theirs: {_short(shown(conflict.theirs))}\n"
                               f"Yours: {_short(shown(mine))}")
        box.setDetailedText(f"Theirs, as stored now:\n{shown(conflict.theirs)}\n\n"
                            f"Yours:\n{shown(mine)}")
        theirs = box.addButton("Keep theirs", QMessageBox.ButtonRole.RejectRole)
        keep_mine = box.addButton("Keep mine", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(theirs)
        box.exec()
        return box.clickedButton() is keep_mine

    return resolve


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
