"""Undoable edits (QUndoCommand). Each goes through the ``Library`` API and then calls
``changed(clipping_id)`` so the window can redraw what it shows (None: lists and sidebar).

A command that fails (the clipping was deleted meanwhile, say) reports through the error
handler it was given: ``UndoStack.push`` gives each command its stack's, unless the command
has one of its own already (the preferences dialog shows refusals itself)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import assert_never

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from clipper.core.entities import Suggestion
from clipper.core.errors import ClipperError, EditConflictError, InvalidInputError
from clipper.core.kinds import ClippingField, MarkKind, ReadingStatus
from clipper.core.library import Library
from clipper.core.models import Annotation, BiasNote, Mention
from clipper.core.records import CollectionView
from clipper.core.store.clippings import ClippingSnapshot
from clipper.core.store.lifecycle import DeletedMention, EntitySnapshot
from clipper.core.store.suggestions import AcceptResult, EntityMerge

log = logging.getLogger(__name__)

Changed = Callable[[int | None], None]
ErrorHandler = Callable[[str], None]
FieldValue = str | bool | date | list[str] | None  # a clipping's field (tags: a list of names)
# Asked when someone else changed a field the user is changing: True keeps the user's value.
Resolver = Callable[[EditConflictError, FieldValue], bool]


class Command(QUndoCommand):
    """Subclasses implement ``apply`` and ``revert``. A ``ClipperError`` in either is reported
    through ``on_error`` and drops the command instead of leaving the undo stack out of step
    with the library."""

    def __init__(self, library: Library, changed: Changed, text: str) -> None:
        super().__init__(text)
        self.library = library
        self.changed = changed
        self.on_error: ErrorHandler | None = None  # set by UndoStack.push unless set before
        self.typed = ""  # what the user typed for this change (a note, a summary), if anything

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        self._guarded(self.apply, first=True)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], None], first: bool = False) -> None:
        try:
            step()
        except (ClipperError, SQLAlchemyError) as exc:  # the step changed nothing (one
            self.setObsolete(True)                      # transaction); drop the command
            message = (str(exc) if isinstance(exc, ClipperError)
                       else f"That could not be done: {exc.__class__.__name__}.")
            if first and self.typed.strip():  # never lose what was typed (a server away...)
                QGuiApplication.clipboard().setText(self.typed)
                message += (" What you typed is on the clipboard: paste it back when you "
                            "try again.")
            if self.on_error is None:
                log.warning("%s: %s", self.text(), message)
            else:
                self.on_error(message)
            self.changed(None)


class UndoStack(QUndoStack):
    """The window's undo stack: the commands pushed on it report errors to ``on_error``."""

    def __init__(self, on_error: ErrorHandler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_error = on_error

    def push(self, command: QUndoCommand) -> None:
        if isinstance(command, Command) and command.on_error is None:
            command.on_error = self._on_error
        super().push(command)


# -- marks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeletedAnnotation:
    annotation: Annotation

    def put_back(self, library: Library) -> int:
        return _id(library.restore_annotation(self.annotation))


@dataclass(frozen=True)
class DeletedEntityTag:
    """A deleted mention, with its entity when that went too."""

    mention: DeletedMention

    def put_back(self, library: Library) -> int:
        return _id(library.restore_mention(self.mention))


@dataclass(frozen=True)
class DeletedBiasNote:
    note: BiasNote

    def put_back(self, library: Library) -> int:
        return _id(library.restore_bias_note(self.note))


DeletedMark = DeletedAnnotation | DeletedEntityTag | DeletedBiasNote


def delete_mark(library: Library, kind: MarkKind, mark_id: int) -> DeletedMark:
    """Delete a mark; what comes back puts it back (``put_back``, its id then)."""
    match kind:
        case MarkKind.ANNOTATION:
            return DeletedAnnotation(library.delete_annotation(mark_id))
        case MarkKind.MENTION:
            return DeletedEntityTag(library.delete_mention(mark_id))
        case MarkKind.BIAS:
            return DeletedBiasNote(library.delete_bias_note(mark_id))
    assert_never(kind)


def _id(mark: Annotation | Mention | BiasNote) -> int:
    assert mark.id is not None  # a stored mark has its number
    return mark.id


def _mark_changed(changed: Changed, kind: MarkKind, clipping_id: int) -> None:
    changed(clipping_id)
    if kind is MarkKind.MENTION:  # the sidebar's entities and their counts
        changed(None)


class AddMark(Command):
    """Add a highlight, entity mention or bias note (``create`` stores it); undo deletes it,
    redo puts it back (a mention with the entity it made, under the same number)."""

    def __init__(self, library: Library, changed: Changed, kind: MarkKind, clipping_id: int,
                 create: Callable[[], Annotation | Mention | BiasNote], text: str,
                 typed: str = "") -> None:
        super().__init__(library, changed, text)
        self.kind, self.clipping_id, self._create = kind, clipping_id, create
        self.typed = typed
        self.mark_id: int | None = None
        self.deleted: DeletedMark | None = None

    def apply(self) -> None:
        self.mark_id = (_id(self._create()) if self.deleted is None
                        else self.deleted.put_back(self.library))
        _mark_changed(self.changed, self.kind, self.clipping_id)

    def revert(self) -> None:
        assert self.mark_id is not None  # applied before
        self.deleted = delete_mark(self.library, self.kind, self.mark_id)
        _mark_changed(self.changed, self.kind, self.clipping_id)


class DeleteMark(Command):
    """Delete a mark; a mention's entity goes with its last mention (unless it has an alias
    or a note), and undo puts both back."""

    def __init__(self, library: Library, changed: Changed, kind: MarkKind, mark_id: int,
                 clipping_id: int, text: str) -> None:
        super().__init__(library, changed, text)
        self.kind, self.mark_id, self.clipping_id = kind, mark_id, clipping_id
        self.deleted: DeletedMark | None = None

    def apply(self) -> None:
        self.deleted = delete_mark(self.library, self.kind, self.mark_id)
        _mark_changed(self.changed, self.kind, self.clipping_id)

    def revert(self) -> None:
        assert self.deleted is not None  # applied before
        # a new number when a mark added since took the old one
        self.mark_id = self.deleted.put_back(self.library)
        _mark_changed(self.changed, self.kind, self.clipping_id)


@dataclass(frozen=True)
class AnnotationValues:
    """What can be edited on a highlight."""

    color: str
    note: str


@dataclass(frozen=True)
class BiasValues:
    """What can be edited on a bias note: its category (by key) and its text."""

    category: str
    note: str


class UpdateAnnotation(Command):
    """Change a highlight's colour and note."""

    def __init__(self, library: Library, changed: Changed, annotation_id: int,
                 clipping_id: int, old: AnnotationValues, new: AnnotationValues,
                 text: str = "Edit note") -> None:
        super().__init__(library, changed, text)
        self.annotation_id, self.clipping_id = annotation_id, clipping_id
        self.old, self.new = old, new
        self.typed = new.note

    def _store(self, values: AnnotationValues, seen: AnnotationValues) -> None:
        self.library.update_annotation(self.annotation_id, color=values.color, note=values.note,
                                       expected_note=seen.note)
        self.changed(self.clipping_id)

    def apply(self) -> None:
        self._store(self.new, self.old)

    def revert(self) -> None:
        _not_undone_if_changed(lambda: self._store(self.old, self.new))


class UpdateBiasNote(Command):
    """Change a bias note's category and text."""

    def __init__(self, library: Library, changed: Changed, note_id: int, clipping_id: int,
                 old: BiasValues, new: BiasValues, text: str = "Edit bias note") -> None:
        super().__init__(library, changed, text)
        self.note_id, self.clipping_id = note_id, clipping_id
        self.old, self.new = old, new
        self.typed = new.note

    def _store(self, values: BiasValues, seen: BiasValues) -> None:
        self.library.update_bias_note(self.note_id, category=values.category, note=values.note,
                                      expected_note=seen.note)
        self.changed(self.clipping_id)

    def apply(self) -> None:
        self._store(self.new, self.old)

    def revert(self) -> None:
        _not_undone_if_changed(lambda: self._store(self.old, self.new))


def _not_undone_if_changed(step: Callable[[], None]) -> None:
    """Undo ``step``, unless someone else has changed the same thing since."""
    try:
        step()
    except EditConflictError as conflict:
        field = conflict.field.replace("source_name", "outlet")
        raise ClipperError(f"Not undone: {conflict.by or 'someone'} has changed the {field} "
                           "since; it stays as they left it.") from None


# -- clippings ------------------------------------------------------------------------------------


class EditClipping(Command):
    """Change one metadata field (``tags`` included): ``field`` is a name ``update_clipping``
    takes (the core checks it), or "tags".

    The change is made from ``old`` (what the user saw): when someone else has changed the
    field meanwhile (a team library), ``resolve(conflict, new)`` asks the user whether to keep
    their value or to replace it with the user's (True: keep mine); without ``resolve`` the
    change is refused with the reason. Undo puts ``old`` back only if nobody changed the
    field since."""

    def __init__(self, library: Library, changed: Changed, clipping_id: int,
                 field: ClippingField, old: FieldValue, new: FieldValue,
                 resolve: Resolver | None = None) -> None:
        super().__init__(library, changed, f"Edit {field.replace('_name', '')}")
        self.clipping_id, self.field, self.old, self.new = clipping_id, field, old, new
        self.resolve = resolve
        self.typed = (new if isinstance(new, str)
                      and field in (ClippingField.TITLE, ClippingField.SUMMARY) else "")

    def _set(self, value: FieldValue, seen: FieldValue) -> None:
        if self.field is ClippingField.TAGS:
            self.library.set_tags(self.clipping_id, value if isinstance(value, list) else [])
        else:
            self.library.update_clipping(self.clipping_id, {self.field: seen},
                                         **{self.field: value})
        self.changed(self.clipping_id)
        self.changed(None)

    def apply(self) -> None:
        try:
            self._set(self.new, self.old)
        except EditConflictError as conflict:
            if self.resolve is None:
                raise
            if not self.resolve(conflict, self.new):  # keep theirs: nothing to do or undo
                self.setObsolete(True)
                self.changed(self.clipping_id)
                return
            self.old = conflict.theirs  # undo goes back to what they had written
            self._set(self.new, conflict.theirs)

    def revert(self) -> None:
        _not_undone_if_changed(lambda: self._set(self.old, self.new))


class MarkRead(Command):
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

    def _set(self, status: ReadingStatus) -> None:
        for clipping_id in self.ids:
            self.library.update_clipping(clipping_id, status=status)
            self.changed(clipping_id)
        self.changed(None)

    def apply(self) -> None:
        self._set(ReadingStatus.READ)

    def revert(self) -> None:
        self._set(ReadingStatus.UNREAD)


class DeleteClippings(Command):
    def __init__(self, library: Library, changed: Changed, ids: list[int]) -> None:
        super().__init__(library, changed,
                         "Delete clipping" if len(ids) == 1 else f"Delete {len(ids)} clippings")
        self.ids = ids
        self.snapshots: list[ClippingSnapshot] = []

    def apply(self) -> None:
        self.snapshots = [self.library.delete_clipping(i) for i in self.ids]
        self.changed(None)

    def revert(self) -> None:
        for snapshot in reversed(self.snapshots):
            self.library.restore_clipping(snapshot)
        self.changed(None)


# -- collections ----------------------------------------------------------------------------------


class CreateCollection(Command):
    def __init__(self, library: Library, changed: Changed, name: str) -> None:
        super().__init__(library, changed, f"Create collection “{name}”")
        self.name = name
        self.view: CollectionView | None = None

    def apply(self) -> None:
        if self.view is None:
            created = self.library.create_collection(self.name)
            assert created.id is not None  # stored
            self.view = self.library.get_collection(created.id)
        else:
            self.library.restore_collection(self.view)
        self.changed(None)

    def revert(self) -> None:
        assert self.view is not None and self.view.collection.id is not None  # applied before
        self.view = self.library.delete_collection(self.view.collection.id)
        self.changed(None)


class DeleteCollection(Command):
    def __init__(self, library: Library, changed: Changed, collection_id: int) -> None:
        super().__init__(library, changed, "Delete collection")
        self.collection_id = collection_id
        self.view: CollectionView | None = None

    def apply(self) -> None:
        self.view = self.library.delete_collection(self.collection_id)
        self.changed(None)

    def revert(self) -> None:
        assert self.view is not None  # applied before
        self.library.restore_collection(self.view)
        self.changed(None)


class RenameCollection(Command):
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


class SetCollectionOrder(Command):
    """Add clippings to a collection, remove some or reorder it: undo restores the previous
    clippings and order."""

    def __init__(self, library: Library, changed: Changed, collection_id: int,
                 new_order: list[int], text: str) -> None:
        super().__init__(library, changed, text)
        self.collection_id = collection_id
        self.old_order = library.get_collection(collection_id).clipping_ids
        self.new_order = new_order

    def _apply(self, order: list[int]) -> None:
        self.library.set_collection_clippings(self.collection_id, order)  # one transaction
        self.changed(None)

    def apply(self) -> None:
        self._apply(self.new_order)

    def revert(self) -> None:
        self._apply(self.old_order)


class SetCollectionSummary(Command):
    """The collection's executive summary, printed on its briefings."""

    def __init__(self, library: Library, changed: Changed, collection_id: int, old: str,
                 new: str) -> None:
        super().__init__(library, changed, "Edit collection summary")
        self.collection_id, self.old, self.new = collection_id, old, new
        self.typed = new

    def apply(self) -> None:
        self.library.set_collection_summary(self.collection_id, self.new)
        self.changed(None)

    def revert(self) -> None:
        self.library.set_collection_summary(self.collection_id, self.old)
        self.changed(None)


# -- entities -------------------------------------------------------------------------------------


class AcceptSuggestions(Command):
    """Tag suggested entities (here, or everywhere); undo removes the mentions it made and the
    entities it made (with the aliases the suggestions gave them)."""

    def __init__(self, library: Library, changed: Changed, clipping_id: int,
                 suggestions: list[Suggestion], everywhere: bool) -> None:
        super().__init__(library, changed,
                         f"Tag {len(suggestions)} suggested entit"
                         f"{'y' if len(suggestions) == 1 else 'ies'}")
        self.clipping_id, self.suggestions, self.everywhere = (clipping_id, suggestions,
                                                               everywhere)
        self.results: list[AcceptResult] = []
        self.mention_ids: list[int] = []
        self.removed: list[DeletedMention] = []
        self.entities: list[EntitySnapshot] = []  # made by the accepting, removed by the undo

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
            self.mention_ids = [_id(m) for m in reversed(restored)]
        self.changed(self.clipping_id)
        self.changed(None)

    def revert(self) -> None:
        self.removed = [self.library.delete_mention(i) for i in self.mention_ids]
        self.entities = []
        for result in self.results:
            if result.created and result.entity.id is not None:
                try:
                    gone = self.library.delete_unused_entity(result.entity.id)
                except InvalidInputError:  # tagged since by another step: it stays
                    continue
                if gone is not None:
                    self.entities.append(gone)
        self.changed(self.clipping_id)
        self.changed(None)


@dataclass(frozen=True)
class EntityValues:
    """What renaming an entity can change."""

    name: str
    kind: str  # an EntityKind value


class RenameEntity(Command):
    """Rename an entity or change its kind."""

    def __init__(self, library: Library, changed: Changed, entity_id: int,
                 old: EntityValues, new: EntityValues) -> None:
        super().__init__(library, changed, f"Rename entity to “{new.name}”")
        self.entity_id, self.old, self.new = entity_id, old, new

    def _store(self, values: EntityValues) -> None:
        self.library.rename_entity(self.entity_id, values.name, values.kind)
        self.changed(None)

    def apply(self) -> None:
        self._store(self.new)

    def revert(self) -> None:
        self._store(self.old)


class MergeEntities(Command):
    """Merge one entity into another (its names become aliases); undo separates them."""

    def __init__(self, library: Library, changed: Changed, keep_id: int, other_id: int,
                 text: str) -> None:
        super().__init__(library, changed, text)
        self.keep_id, self.other_id = keep_id, other_id
        self.merge: EntityMerge | None = None

    def apply(self) -> None:
        self.merge = self.library.merge_entities(self.keep_id, self.other_id)
        self.changed(None)

    def revert(self) -> None:
        assert self.merge is not None  # applied before
        self.library.unmerge_entities(self.merge)
        self.other_id = self.merge.other["id"]  # a new id when the old one was taken since
        self.changed(None)


# -- the bias taxonomy ----------------------------------------------------------------------------
