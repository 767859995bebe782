"""The undo commands: typed values in, errors out to the handler each command was given, and
marks of every kind put back by what deleting them returned."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from clipper.core.kinds import EntityKind, MarkKind
from clipper.gui.commands import (
    DeleteMark,
    EntityValues,
    RenameEntity,
    UndoStack,
    delete_mark,
)
from clipper.gui.sidebar import Place, PlaceKind
from clipper.gui.taxonomy_commands import BiasCategoryValues, EditBiasCategory
from tests.gui.test_main_window import add


def _nothing(_clipping_id: int | None) -> None:
    pass


def test_a_failing_command_reports_to_its_own_stacks_handler(qtbot, gui_library):
    first, second = [], []
    one, other = UndoStack(first.append), UndoStack(second.append)
    cid = add(gui_library, "One", "Some words here.")
    one.push(DeleteMark(gui_library, _nothing, MarkKind.ANNOTATION, 999, cid, "Delete"))
    assert len(first) == 1 and second == []  # no handler shared between windows
    assert one.count() == 0  # the failed command is dropped, not left out of step

    own: list[str] = []
    command = DeleteMark(gui_library, _nothing, MarkKind.BIAS, 998, cid, "Delete")
    command.on_error = own.append  # a dialog's own handler is kept
    other.push(command)
    assert len(own) == 1 and second == []


def test_a_command_off_any_stack_drops_itself_quietly(gui_library):
    cid = add(gui_library, "One", "Some words here.")
    command = DeleteMark(gui_library, _nothing, MarkKind.MENTION, 997, cid, "Delete")
    command.redo()  # no handler: logged, not raised
    assert command.isObsolete()


@pytest.mark.parametrize("kind", list(MarkKind))
def test_each_kind_of_mark_is_put_back_by_what_deleting_it_gave(gui_library, kind):
    cid = add(gui_library, "Zhao visits", "Minister Zhao visited Jakarta on Monday.")
    key = gui_library.list_bias_categories()[0].key
    mark = {MarkKind.ANNOTATION: lambda: gui_library.add_annotation(cid, 0, 8),
            MarkKind.MENTION: lambda: gui_library.add_mention(cid, 9, 13, "Zhao",
                                                              EntityKind.PERSON),
            MarkKind.BIAS: lambda: gui_library.add_bias_note(cid, key, "n", 0, 8)}[kind]()
    deleted = delete_mark(gui_library, kind, mark.id)
    detail = gui_library.get_clipping(cid)
    assert not (detail.annotations or detail.mentions or
                [n for n in detail.bias_notes if not n.clipping_level])
    assert deleted.put_back(gui_library) == mark.id
    detail = gui_library.get_clipping(cid)
    assert len(detail.annotations) + len(detail.mentions) + len(
        [n for n in detail.bias_notes if not n.clipping_level]) == 1


def test_typed_values_are_undone_and_redone(qtbot, gui_library):
    stack = QUndoStack()
    category = gui_library.list_bias_categories()[0]
    old = BiasCategoryValues.of(category)
    stack.push(EditBiasCategory(gui_library, _nothing, category.key, old,
                                BiasCategoryValues("Spin", "#123456", old.description)))
    changed = gui_library.list_bias_categories()[0]
    assert (changed.name, changed.color) == ("Spin", "#123456")
    stack.undo()
    assert BiasCategoryValues.of(gui_library.list_bias_categories()[0]) == old

    cid = add(gui_library, "Zhao visits", "Minister Zhao visited Jakarta on Monday.")
    entity_id = gui_library.add_mention(cid, 9, 13, "Zhao", EntityKind.PERSON).entity_id
    stack.push(RenameEntity(gui_library, _nothing, entity_id, EntityValues("Zhao", "person"),
                            EntityValues("Zhao Wei", EntityKind.PERSON)))
    assert [e.name for e, _a, _n in gui_library.list_entities()] == ["Zhao Wei"]
    stack.undo()
    assert [e.name for e, _a, _n in gui_library.list_entities()] == ["Zhao"]


def test_a_place_is_typed_whatever_it_was_made_from():
    place = Place("collection", 7, "Drafts")
    assert place.kind is PlaceKind.COLLECTION and place.id == 7
    assert place.same_as(Place(PlaceKind.COLLECTION, 7, "Renamed"))
    assert Place(PlaceKind.TAG, "china").text == "china"
    with pytest.raises(TypeError):
        _ = Place(PlaceKind.TAG, "china").id
    with pytest.raises(ValueError):
        Place("nowhere")
