"""Undoable changes to the bias taxonomy (Preferences ▸ Bias taxonomy)."""

from __future__ import annotations

from dataclasses import dataclass

from clipper.core.library import Library
from clipper.core.models import BiasCategory
from clipper.gui.commands import Changed, Command


@dataclass(frozen=True)
class BiasCategoryValues:
    """What can be edited on a bias category."""

    name: str
    color: str
    description: str

    @classmethod
    def of(cls, category: BiasCategory) -> BiasCategoryValues:
        return cls(category.name, category.color, category.description)


class EditBiasCategory(Command):
    """Rename, recolour or describe a bias category."""

    def __init__(self, library: Library, changed: Changed, key: str, old: BiasCategoryValues,
                 new: BiasCategoryValues) -> None:
        super().__init__(library, changed, "Change bias category")
        self.key, self.old, self.new = key, old, new

    def _store(self, values: BiasCategoryValues) -> None:
        self.library.update_bias_category(self.key, name=values.name, color=values.color,
                                          description=values.description)
        self.changed(None)

    def apply(self) -> None:
        self._store(self.new)

    def revert(self) -> None:
        self._store(self.old)


class AddBiasCategory(Command):
    def __init__(self, library: Library, changed: Changed, name: str) -> None:
        super().__init__(library, changed, f"Add bias category “{name}”")
        self.name = name
        self.category: BiasCategory | None = None

    def apply(self) -> None:
        old = self.category  # put back as it was: the same key, colour and description
        self.category = (self.library.add_bias_category(self.name) if old is None else
                         self.library.add_bias_category(self.name, old.color, old.description,
                                                        key=old.key))
        self.changed(None)

    def revert(self) -> None:
        assert self.category is not None  # applied before
        self.library.delete_bias_category(self.category.key)
        self.changed(None)


class DeleteBiasCategory(Command):
    def __init__(self, library: Library, changed: Changed, key: str) -> None:
        super().__init__(library, changed, "Delete bias category")
        self.key = key
        self.category: BiasCategory | None = None

    def apply(self) -> None:
        self.category = self.library.delete_bias_category(self.key)
        self.changed(None)

    def revert(self) -> None:
        c = self.category
        assert c is not None  # applied before
        added = self.library.add_bias_category(c.name, c.color, c.description, key=c.key)
        self.library.update_bias_category(added.key, position=c.position)
        self.changed(None)
