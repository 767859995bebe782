"""Undoable edits (QUndoCommand). Each goes through the ``Library`` API and then calls
``changed(clipping_id)`` so the window can redraw what it shows (None: lists and sidebar)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from sqlalchemy.exc import SQLAlchemyError

from clipper.core.errors import ClipperError, InvalidInputError
from clipper.core.library import Library

Changed = Callable[[int | None], None]


class _Command(QUndoCommand):
    """Subclasses implement ``apply`` and ``revert``. A ``ClipperError`` in either (the clipping
    was deleted meanwhile, say) is reported through ``on_error`` and drops the command instead
    of leaving the undo stack out of step with the library."""

    on_error: Callable[[str], None] = staticmethod(lambda message: None)

    def __init__(self, library: Library, changed: Changed, text: str) -> None:
        super().__init__(text)
        self.library = library
        self.changed = changed

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], None]) -> None:
        try:
            step()
        except (ClipperError, SQLAlchemyError) as exc:  # the step changed nothing (one
            self.setObsolete(True)                      # transaction); drop the command
            _Command.on_error(str(exc) if isinstance(exc, ClipperError)
                              else f"That could not be done: {exc.__class__.__name__}.")
            self.changed(None)


class AddMark(_Command):
    """Add a highlight, entity mention or bias note; undo deletes it, redo puts it back (a
    mention with the entity it made, under the same number)."""

    def __init__(self, library: Library, changed: Changed, kind: str, clipping_id: int,
                 create: Callable[[], Any], text: str) -> None:
        super().__init__(library, changed, text)
        self.kind, self.clipping_id, self._create = kind, clipping_id, create
        self.mark: Any = None

    def apply(self) -> None:
        if self.mark is None:
            self.mark = self._create()
        else:
            self.mark = _restore(self.library, self.kind, self.mark)
        _changed(self.changed, self.kind, self.clipping_id)

    def revert(self) -> None:
        self.mark = _delete(self.library, self.kind, self.mark.id)
        _changed(self.changed, self.kind, self.clipping_id)


class DeleteMark(_Command):
    """Delete a mark; a mention's entity goes with its last mention (unless it has an alias
    or a note), and undo puts both back."""

    def __init__(self, library: Library, changed: Changed, kind: str, mark_id: int,
                 clipping_id: int, text: str) -> None:
        super().__init__(library, changed, text)
        self.kind, self.mark_id, self.clipping_id = kind, mark_id, clipping_id
        self.mark: Any = None

    def apply(self) -> None:
        self.mark = _delete(self.library, self.kind, self.mark_id)
        _changed(self.changed, self.kind, self.clipping_id)

    def revert(self) -> None:
        self.mark = _restore(self.library, self.kind, self.mark)
        self.mark_id = self.mark.id  # a new number when a mark added since took the old one
        _changed(self.changed, self.kind, self.clipping_id)


class UpdateMark(_Command):
    """Change a mark's note, colour or category: ``old`` and ``new`` are keyword dicts."""

    def __init__(self, library: Library, changed: Changed, kind: str, mark_id: int,
                 clipping_id: int, old: dict, new: dict, text: str) -> None:
        super().__init__(library, changed, text)
        self.kind, self.mark_id, self.clipping_id = kind, mark_id, clipping_id
        self.old, self.new = old, new

    def apply(self) -> None:
        _update(self.library, self.kind, self.mark_id, self.new)
        self.changed(self.clipping_id)

    def revert(self) -> None:
        _update(self.library, self.kind, self.mark_id, self.old)
        self.changed(self.clipping_id)


class EditClipping(_Command):
    """Change one metadata field (``tags`` included)."""

    def __init__(self, library: Library, changed: Changed, clipping_id: int, field: str,
                 old: Any, new: Any) -> None:
        super().__init__(library, changed, f"Edit {field.replace('_name', '')}")
        self.clipping_id, self.field, self.old, self.new = clipping_id, field, old, new

    def _set(self, value: Any) -> None:
        if self.field == "tags":
            self.library.set_tags(self.clipping_id, value)
        else:
            self.library.update_clipping(self.clipping_id, **{self.field: value})
        self.changed(self.clipping_id)
        self.changed(None)

    def apply(self) -> None:
        self._set(self.new)

    def revert(self) -> None:
        self._set(self.old)


class MarkRead(_Command):
    """Opening an unread clipping marks it read; clippings marked read one after another are
    one undo step ("Mark 5 clippings read"), so reading does not bury the last real edit."""

    MERGE_ID = 1301

    def __init__(self, library: Library, changed: Changed, clipping_id: int) -> None:
        super().__init__(library, changed, "Mark read")
        self.ids = [clipping_id]

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MarkRead):
            return False
        self.ids += [i for i in other.ids if i not in self.ids]
        self.setText(f"Mark {len(self.ids)} clippings read")
        return True

    def _set(self, status: str) -> None:
        for clipping_id in self.ids:
            self.library.update_clipping(clipping_id, status=status)
            self.changed(clipping_id)
        self.changed(None)

    def apply(self) -> None:
        self._set("read")

    def revert(self) -> None:
        self._set("unread")


class DeleteClippings(_Command):
    def __init__(self, library: Library, changed: Changed, ids: list[int]) -> None:
        super().__init__(library, changed,
                         "Delete clipping" if len(ids) == 1 else f"Delete {len(ids)} clippings")
        self.ids = ids
        self.snapshots: list[Any] = []

    def apply(self) -> None:
        self.snapshots = [self.library.delete_clipping(i) for i in self.ids]
        self.changed(None)

    def revert(self) -> None:
        for snapshot in reversed(self.snapshots):
            self.library.restore_clipping(snapshot)
        self.changed(None)


class CreateCollection(_Command):
    def __init__(self, library: Library, changed: Changed, name: str) -> None:
        super().__init__(library, changed, f"Create collection “{name}”")
        self.name = name
        self.view: Any = None

    def apply(self) -> None:
        if self.view is None:
            self.view = self.library.get_collection(self.library.create_collection(self.name).id)
        else:
            self.library.restore_collection(self.view)
        self.changed(None)

    def revert(self) -> None:
        self.view = self.library.delete_collection(self.view.collection.id)
        self.changed(None)


class DeleteCollection(_Command):
    def __init__(self, library: Library, changed: Changed, collection_id: int) -> None:
        super().__init__(library, changed, "Delete collection")
        self.collection_id = collection_id
        self.view: Any = None

    def apply(self) -> None:
        self.view = self.library.delete_collection(self.collection_id)
        self.changed(None)

    def revert(self) -> None:
        self.library.restore_collection(self.view)
        self.changed(None)


class RenameCollection(_Command):
    def __init__(self, library: Library, changed: Changed, collection_id: int, old: str,
                 new: str) -> None:
        super().__init__(library, changed, f"Rename collection to “{new}”")
        self.collection_id, self.old, self.new = collection_id, old, new

    def apply(self) -> None:
        self.library.rename_collection(self.collection_id, self.new)
        self.changed(None)

    def revert(self) -> None:
        self.library.rename_collection(self.collection_id, self.old)
        self.changed(None)


class SetCollectionOrder(_Command):
    """Add clippings to a collection or reorder it: undo restores the previous order."""

    def __init__(self, library: Library, changed: Changed, collection_id: int,
                 new_order: list[int], text: str) -> None:
        super().__init__(library, changed, text)
        self.collection_id = collection_id
        self.old_order = library.get_collection(collection_id).clipping_ids
        self.new_order = new_order

    def _apply(self, order: list[int]) -> None:
        current = self.library.get_collection(self.collection_id).clipping_ids
        gone = [i for i in current if i not in order]
        if gone:
            self.library.remove_from_collection(self.collection_id, gone)
        self.library.add_to_collection(self.collection_id, [i for i in order if i not in current])
        self.library.reorder_collection(self.collection_id, order)
        self.changed(None)

    def apply(self) -> None:
        self._apply(self.new_order)

    def revert(self) -> None:
        self._apply(self.old_order)


# -- marks by kind --------------------------------------------------------------------------------


def _delete(library: Library, kind: str, mark_id: int) -> Any:
    return {"annotation": library.delete_annotation, "mention": library.delete_mention,
            "bias": library.delete_bias_note}[kind](mark_id)


def _restore(library: Library, kind: str, mark: Any) -> Any:
    return {"annotation": library.restore_annotation, "mention": library.restore_mention,
            "bias": library.restore_bias_note}[kind](mark)


def _changed(changed: Changed, kind: str, clipping_id: int) -> None:
    changed(clipping_id)
    if kind == "mention":  # the sidebar's entities and their counts
        changed(None)


def _update(library: Library, kind: str, mark_id: int, values: dict) -> None:
    if kind == "annotation":
        library.update_annotation(mark_id, **values)
    else:
        library.update_bias_note(mark_id, **values)


class AcceptSuggestions(_Command):
    """Tag suggested entities (here, or everywhere); undo removes the mentions it made and the
    entities it made (with the aliases the suggestions gave them)."""

    def __init__(self, library: Library, changed: Changed, clipping_id: int,
                 suggestions: list[Any], everywhere: bool) -> None:
        super().__init__(library, changed,
                         f"Tag {len(suggestions)} suggested entit"
                         f"{'y' if len(suggestions) == 1 else 'ies'}")
        self.clipping_id, self.suggestions, self.everywhere = (clipping_id, suggestions,
                                                               everywhere)
        self.results: list[Any] = []
        self.mention_ids: list[int] = []
        self.removed: list[Any] = []
        self.entities: list[Any] = []  # made by the accepting, removed by the undo

    def apply(self) -> None:
        if not self.results:
            self.results = [self.library.accept_suggestion(self.clipping_id, s,
                                                           everywhere=self.everywhere)
                            for s in self.suggestions]
            self.mention_ids = [i for result in self.results for i in result.mention_ids]
        else:
            numbers = self.library.restore_entities(self.entities)
            for deleted in self.removed:
                deleted.mention.entity_id = numbers.get(deleted.mention.entity_id,
                                                        deleted.mention.entity_id)
            # The last mention deleted brings back its entity; a restored mention may have
            # a new number (one added since took the old).
            restored = [self.library.restore_mention(m) for m in reversed(self.removed)]
            self.mention_ids = [m.id for m in reversed(restored)]
        self.changed(self.clipping_id)
        self.changed(None)

    def revert(self) -> None:
        self.removed = [self.library.delete_mention(i) for i in self.mention_ids]
        self.entities = []
        for result in self.results:
            if result.created:
                try:
                    gone = self.library.delete_unused_entity(result.entity.id)
                except InvalidInputError:  # tagged since by another step: it stays
                    continue
                if gone is not None:
                    self.entities.append(gone)
        self.changed(self.clipping_id)
        self.changed(None)


class RenameEntity(_Command):
    """Rename an entity or change its kind."""

    def __init__(self, library: Library, changed: Changed, entity_id: int,
                 old: tuple[str, str], new: tuple[str, str]) -> None:
        super().__init__(library, changed, f"Rename entity to “{new[0]}”")
        self.entity_id, self.old, self.new = entity_id, old, new

    def apply(self) -> None:
        self.library.rename_entity(self.entity_id, *self.new)
        self.changed(None)

    def revert(self) -> None:
        self.library.rename_entity(self.entity_id, *self.old)
        self.changed(None)


class MergeEntities(_Command):
    """Merge one entity into another (its names become aliases); undo separates them."""

    def __init__(self, library: Library, changed: Changed, keep_id: int, other_id: int,
                 text: str) -> None:
        super().__init__(library, changed, text)
        self.keep_id, self.other_id = keep_id, other_id
        self.merge: Any = None

    def apply(self) -> None:
        self.merge = self.library.merge_entities(self.keep_id, self.other_id)
        self.changed(None)

    def revert(self) -> None:
        self.library.unmerge_entities(self.merge)
        self.other_id = self.merge.other["id"]  # a new id when the old one was taken since
        self.changed(None)


class EditBiasCategory(_Command):
    """Rename, recolour or describe a bias category."""

    def __init__(self, library: Library, changed: Changed, key: str, old: dict[str, str],
                 new: dict[str, str]) -> None:
        super().__init__(library, changed, "Change bias category")
        self.key, self.old, self.new = key, old, new

    def apply(self) -> None:
        self.library.update_bias_category(self.key, **self.new)
        self.changed(None)

    def revert(self) -> None:
        self.library.update_bias_category(self.key, **self.old)
        self.changed(None)


class AddBiasCategory(_Command):
    def __init__(self, library: Library, changed: Changed, name: str) -> None:
        super().__init__(library, changed, f"Add bias category “{name}”")
        self.name = name
        self.category: Any = None

    def apply(self) -> None:
        old = self.category
        self.category = self.library.add_bias_category(
            self.name, **({"key": old.key, "color": old.color, "description": old.description}
                          if old else {}))
        self.changed(None)

    def revert(self) -> None:
        self.library.delete_bias_category(self.category.key)
        self.changed(None)


class DeleteBiasCategory(_Command):
    def __init__(self, library: Library, changed: Changed, key: str) -> None:
        super().__init__(library, changed, "Delete bias category")
        self.key = key
        self.category: Any = None

    def apply(self) -> None:
        self.category = self.library.delete_bias_category(self.key)
        self.changed(None)

    def revert(self) -> None:
        c = self.category
        added = self.library.add_bias_category(c.name, c.color, c.description, key=c.key)
        self.library.update_bias_category(added.key, position=c.position)
        self.changed(None)


class SetCollectionSummary(_Command):
    """The collection's executive summary, printed on its briefings."""

    def __init__(self, library: Library, changed: Changed, collection_id: int, old: str,
                 new: str) -> None:
        super().__init__(library, changed, "Edit collection summary")
        self.collection_id, self.old, self.new = collection_id, old, new

    def apply(self) -> None:
        self.library.set_collection_summary(self.collection_id, self.new)
        self.changed(None)

    def revert(self) -> None:
        self.library.set_collection_summary(self.collection_id, self.old)
        self.changed(None)
