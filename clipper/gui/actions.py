"""The window's actions with their shortcuts, and the menus and toolbar built from them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from clipper.gui.icons import action_icon
from clipper.gui.settings import HIGHLIGHT_COLORS


@dataclass
class Actions:
    import_files: QAction
    import_folder: QAction
    new_clipping: QAction
    paste_clipping: QAction
    export: QAction
    add_url: QAction
    add_feed: QAction
    refresh_feeds: QAction
    preferences: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    highlight: QAction
    note: QAction
    entity: QAction
    bias: QAction
    delete: QAction
    reextract: QAction
    next_clipping: QAction
    previous_clipping: QAction
    new_collection: QAction
    reindex: QAction
    derived: QAction
    bias_by_outlet: QAction
    activity: QAction
    suggest: QAction
    about: QAction
    highlight_colors: dict[str, QAction]


def build_actions(window: QMainWindow, undo: QUndoStack) -> Actions:
    def make(text: str, shortcut: str | QKeySequence.StandardKey | None = None,
             tip: str = "") -> QAction:
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({action.shortcut().toString()})"
                              if action.shortcut().toString() else tip)
        window.addAction(action)
        return action

    undo_action = undo.createUndoAction(window, "Undo")
    undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    redo_action = undo.createRedoAction(window, "Redo")
    redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.addAction(undo_action)
    window.addAction(redo_action)
    colors = {name: make(f"Highlight {name}", tip=f"Highlight the selected words in {name}")
              for name in HIGHLIGHT_COLORS}
    return Actions(
        import_files=make("Import files…", "Ctrl+I", "Import clipping files"),
        import_folder=make("Import folder…", "Ctrl+Shift+I", "Import a folder of clippings"),
        new_clipping=make("New clipping…", "Ctrl+N", "Type or paste a clipping by hand"),
        paste_clipping=make("New clipping from clipboard", "Ctrl+Shift+V",
                            "Make a clipping of the text on the clipboard"),
        add_url=make("Add from URL…", "Ctrl+L", "Capture an article from a web address"),
        add_feed=make("Add feed…", tip="Subscribe to an RSS or Atom feed"),
        refresh_feeds=make("Refresh feeds", "F5", "Look for new entries in every feed now"),
        export=make("Export briefing…", "Ctrl+E",
                    "Make a PDF briefing of the collection, the search results or the selection"),
        preferences=make("Preferences…", "Ctrl+,", "Library, colours, bias taxonomy, briefings"),
        quit=make("Quit", QKeySequence.StandardKey.Quit),
        undo=undo_action,
        redo=redo_action,
        find=make("Find", "Ctrl+F", "Search the library"),
        highlight=make("Highlight", "H", "Highlight the selected words"),
        note=make("Note…", "N", "Highlight the selected words with a note"),
        entity=make("Tag entity…", "E", "Tag the selected words as a person, organisation…"),
        bias=make("Bias note…", "B", "Note bias in the selected words"),
        delete=make("Delete", QKeySequence.StandardKey.Delete,
                    "Delete the mark at the cursor, or the selected clippings"),
        reextract=make("Extract text again", tip="Extract this clipping's text again from the "
                       "page, mail or feed entry saved with it"),
        next_clipping=make("Next clipping", "J", "Show the next clipping"),
        previous_clipping=make("Previous clipping", "K", "Show the previous clipping"),
        new_collection=make("New collection…", tip="Create a collection for a briefing"),
        derived=make("Find derived copies…", "Ctrl+D",
                     "Clippings that reuse this one's text, side by side"),
        bias_by_outlet=make("Bias by outlet…", tip="Bias notes counted per outlet"),
        activity=make("Activity…", "Ctrl+Shift+A",
                      "Who changed what in the team library, newest first"),
        suggest=make("Review suggested entities", "Ctrl+G",
                     "The entities this clipping names, to accept or reject"),
        reindex=make("Rebuild search index", tip="Rebuild the search index from the database"),
        about=make("About Clipper"),
        highlight_colors=colors,
    )


def build_menus(window: QMainWindow, a: Actions) -> QToolBar:
    bar = window.menuBar()
    menu = bar.addMenu("&File")
    for action in (a.import_files, a.import_folder, a.add_url, a.new_clipping, a.paste_clipping,
                   None, a.add_feed, a.refresh_feeds):
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    menu.addSeparator()
    menu.addAction(a.export)
    menu.addSeparator()
    menu.addAction(a.preferences)
    menu.addSeparator()
    menu.addAction(a.quit)
    menu = bar.addMenu("&Edit")
    menu.addAction(a.undo)
    menu.addAction(a.redo)
    menu.addSeparator()
    menu.addAction(a.find)
    menu.addAction(a.delete)
    menu.addSeparator()
    menu.addAction(a.reextract)
    menu = bar.addMenu("&Annotate")
    for action in (a.highlight, a.note, a.entity, a.bias, a.suggest, a.derived):
        menu.addAction(action)
    colors = QMenu("Highlight in colour", window)
    for action in a.highlight_colors.values():
        colors.addAction(action)
    menu.addMenu(colors)
    menu = bar.addMenu("&Go")
    menu.addAction(a.next_clipping)
    menu.addAction(a.previous_clipping)
    menu = bar.addMenu("&Library")
    menu.addAction(a.new_collection)
    menu.addAction(a.bias_by_outlet)
    menu.addAction(a.activity)
    menu.addAction(a.reindex)
    menu = bar.addMenu("&Help")
    menu.addAction(a.about)

    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    set_icons(a, window.palette())
    for action in (a.import_files, a.add_url, a.new_clipping, None, a.highlight, a.note,
                   a.entity, a.bias, None, a.export, None, a.undo, a.redo):
        if action is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(action)
    return toolbar


def set_icons(a: Actions, palette: QPalette) -> None:
    """Icons on the toolbar's and menus' actions (again when the palette turns dark or light)."""
    for action, name in ((a.import_files, "import"), (a.add_url, "link"),
                         (a.new_clipping, "new"), (a.highlight, "highlight"), (a.note, "note"),
                         (a.entity, "tag"), (a.bias, "bias"), (a.export, "export"),
                         (a.undo, "undo"), (a.redo, "redo"), (a.find, "search")):
        action.setIcon(action_icon(name, palette))


def annotation_actions(a: Actions) -> list[QAction]:
    return [a.highlight, a.note, a.entity, a.bias]
