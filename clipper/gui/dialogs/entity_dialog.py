"""Tag selected words as an entity: a name (with a completer over known entities and aliases)
and a kind, proposed by ``guess_kind`` (the library's entities, the gazetteer, the text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from clipper.core.entities.kinds import guess_kind
from clipper.core.kinds import EntityKind
from clipper.gui.dialogs.common import ok_cancel

KIND_NAMES: dict[str, str] = {  # keyed by EntityKind (its members are strings)
    EntityKind.PERSON: "Person",
    EntityKind.ORGANISATION: "Organisation",
    EntityKind.PLACE: "Place",
    EntityKind.COUNTRY: "Country",
    EntityKind.PROGRAMME: "Programme or event",
    EntityKind.OTHER: "Other",
}


class EntityDialog(QDialog):
    def __init__(self, quote: str, known: dict[str, str], parent: QWidget | None = None,
                 text: str | None = None, span: tuple[int, int] | None = None) -> None:
        """``known`` maps every entity name and alias to its entity's kind; ``text`` and
        ``span``, when given, are the clipping's body and where the words were selected (the
        suggestions there tell the kind of a name no list holds)."""
        super().__init__(parent)
        self.setWindowTitle("Tag entity")
        self._known = {name.casefold(): kind for name, kind in known.items()}
        self._quote = " ".join(quote.split())
        self._context = guess_kind(self._quote, known, text, span) if text and span else None
        self.name = QLineEdit(self._quote)
        self.name.setAccessibleName("Entity name")
        completer = QCompleter(sorted(known), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        self.kind = QComboBox()
        for kind in EntityKind:
            self.kind.addItem(KIND_NAMES[kind], kind.value)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: palette(mid)")
        buttons = ok_cancel(self)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Words: “{quote[:120]}”"))
        form.addRow("Entity", self.name)
        form.addRow("Kind", self.kind)
        form.addRow(self.hint)
        form.addRow(buttons)
        self.name.textChanged.connect(self._name_changed)
        self._name_changed(self.name.text())
        self.resize(420, self.sizeHint().height())

    def _name_changed(self, text: str) -> None:
        name = " ".join(text.split())
        kind = self._known.get(name.casefold())
        if kind:
            self.kind.setCurrentIndex(self.kind.findData(kind))
            self.hint.setText("A known entity: the mention joins it.")
        else:
            guess = self._context if name == self._quote and self._context else \
                guess_kind(name)
            if guess is not None and self.kind.findData(guess.kind) >= 0:
                self.kind.setCurrentIndex(self.kind.findData(guess.kind))
                self.hint.setText(f"A new entity will be created; its kind is a guess: "
                                  f"{guess.evidence}.")
            else:
                self.hint.setText("A new entity will be created." if name else "")
        self._ok.setEnabled(bool(name))

    def values(self) -> tuple[str, str]:
        return " ".join(self.name.text().split()), self.kind.currentData()


class RenameEntityDialog(QDialog):
    """A new name and kind for an entity."""

    def __init__(self, name: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rename entity")
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Entity name")
        self.kind = QComboBox()
        for kind in EntityKind:
            self.kind.addItem(KIND_NAMES[kind], kind.value)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        buttons = ok_cancel(self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow(QLabel("The mentions stay; to fold this entity into another, use "
                           "“Merge into…”."))
        form.addRow(buttons)
        self.resize(380, self.sizeHint().height())

    def values(self) -> tuple[str, str]:
        return " ".join(self.name.text().split()), self.kind.currentData()
