"""The window on a team library: what another analyst does shows within two seconds, a
clipping deleted elsewhere while read is said, and a server that goes away is said and
reconnected to by itself."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from clipper.core.library import Library  # noqa: E402
from clipper.core.team import TeamRole  # noqa: E402
from clipper.gui.main_window import MainWindow  # noqa: E402
from clipper.gui.settings import Settings  # noqa: E402
from tests.dialog_guard import no_dialog_left_unanswered  # noqa: E402, F401 - autouse
from tests.team.conftest import address  # noqa: E402
from tests.team.test_team_library import draft  # noqa: E402

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def team_window(qtbot, pg, team_db, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "mine"))
    library = Library.open(address(pg, team_db), create=False, replay=False)
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(library, settings)
    qtbot.addWidget(window, before_close_func=lambda w: qtbot.waitUntil(
        lambda: w.worker.busy == 0, timeout=10000))
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    library.close()


@pytest.fixture
def colleague(pg, team_db, tmp_path, monkeypatch):
    """Another analyst's desktop (a cache of its own)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "colleague"))
    library = Library.open(address(pg, team_db), create=False)
    yield library
    library.close()


def test_a_colleagues_clipping_shows_in_the_list_and_in_search(qtbot, team_window, colleague):
    assert team_window.library.location in team_window.windowTitle()
    assert team_window.follower is not None
    clipping = colleague.add_clipping(draft())
    qtbot.waitUntil(lambda: clipping.id in team_window.model.ids(), timeout=3000)
    assert team_window.library.search("geneva").total == 1  # the index took it too


def test_a_clipping_deleted_elsewhere_while_read_is_said(qtbot, team_window, colleague,
                                                         monkeypatch):
    clipping = colleague.add_clipping(draft())
    qtbot.waitUntil(lambda: clipping.id in team_window.model.ids(), timeout=3000)
    team_window.open_clipping(clipping.id)
    said: list[str] = []
    monkeypatch.setattr(team_window, "report_error", said.append)
    colleague.delete_clipping(clipping.id)
    qtbot.waitUntil(lambda: bool(said), timeout=3000)
    assert "was deleted elsewhere" in said[0] and team_window.detail is None


def test_the_server_going_away_is_said_and_followed_again(qtbot, pg, team_window, colleague):
    follower = team_window.follower
    pg.stop()
    try:
        qtbot.waitUntil(lambda: follower.offline, timeout=15000)
        assert "Cannot reach" in team_window.statusBar().currentMessage()
    finally:
        pg.start()
    qtbot.waitUntil(lambda: not follower.offline, timeout=15000)
    clipping = colleague.add_clipping(draft())
    qtbot.waitUntil(lambda: clipping.id in team_window.model.ids(), timeout=3000)


def _memory_keyring():
    """A keyring kept in memory (CI machines have no desktop keyring service)."""
    import keyring.backend

    class Backend(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.kept: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.kept.get((service, username))

        def set_password(self, service, username, password):
            self.kept[(service, username)] = password

        def delete_password(self, service, username):
            self.kept.pop((service, username), None)

    return Backend()


def test_preferences_choose_a_team_library_without_keeping_its_password(
        qtbot, pg, team_db, tmp_path, gui_settings_library):
    from clipper.gui import settings as S
    from clipper.gui.dialogs.preferences import PreferencesDialog

    library, settings = gui_settings_library
    dialog = PreferencesDialog(library, settings)
    qtbot.addWidget(dialog)
    choice = dialog.library_choice
    assert choice.local.isChecked() and not choice.address.isEnabled()
    choice.team.setChecked(True)
    choice.address.setText("not an address")
    assert "not a PostgreSQL address" in choice.problem()
    choice.address.setText(pg.url(database=team_db).replace("clipper_test@",
                                                            "clipper_test:secret@"))
    choice.test.click()
    assert choice.result.text() == "Connecting…" and not choice.test.isEnabled()  # not waited
    qtbot.waitUntil(lambda: choice.result.text().startswith(
        "Connected: a team library of 0 clippings"), timeout=20000)
    assert choice.test.isEnabled()
    assert choice.password_dropped()
    choice.address.setText(pg.url(database=team_db))
    dialog._save()
    kept = settings.get(S.LIBRARY_DIR)
    assert kept.startswith("postgresql://clipper_test@/") and "secret" not in kept
    settings.sync()
    assert "secret" not in (tmp_path / "settings.ini").read_text()


@pytest.fixture
def gui_settings_library(tmp_path):
    library = Library.open(tmp_path / "library")
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    yield library, settings
    library.close()


def test_the_app_asks_for_a_password_and_keeps_it_in_the_keyring(
        qtbot, pg, team_db, cache_home, monkeypatch):
    import keyring

    from clipper import app
    from clipper.core.address import ServerAddress
    from clipper.core.team import add_user
    from clipper.gui.dialogs import password_dialog
    from tests.gui.conftest import answer_dialog

    add_user(ServerAddress.parse(address(pg, team_db)), "alice", TeamRole.EDITOR,
             password="pony express")
    before = keyring.get_keyring()
    memory = _memory_keyring()
    keyring.set_keyring(memory)
    try:
        where = ServerAddress.parse(pg.url(user="alice", database=team_db, tcp=True))
        asked: list[str] = []

        def fill(dialog):
            asked.append(dialog.findChild(QLabel).text())
            dialog.password.setText("pony express" if len(asked) > 1 else "wrong")
            dialog.accept()

        monkeypatch.delenv("PGPASSWORD", raising=False)
        monkeypatch.setattr(password_dialog, "keyring_available", lambda: True)
        answer_dialog(fill)
        QTimer.singleShot(1500, lambda: answer_dialog(fill))  # the wrong one is asked again
        library = app.open_or_recover(where)
        assert library is not None and not library.read_only
        assert len(asked) == 2 and "password" in asked[1]
        library.close()
        assert list(memory.kept.values()) == ["pony express"]
        # the next start asks nothing: the keyring has it
        library = app.open_or_recover(where)
        assert library is not None and len(asked) == 2
        library.close()
    finally:
        keyring.set_keyring(before)


def test_activity_view_and_note_authors_in_the_window(qtbot, team_window, colleague):
    from clipper.gui.dialogs.activity_dialog import ActivityDialog

    clipping = colleague.add_clipping(draft())
    colleague.add_annotation(clipping.id, 0, 5, "yellow", "a colleague's note")
    qtbot.waitUntil(lambda: clipping.id in team_window.model.ids(), timeout=3000)
    assert team_window.actions_.activity.isEnabled()
    opened: list[int] = []
    dialog = ActivityDialog(team_window.library, opened.append, team_window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "highlighted"
    assert dialog.table.item(0, 0).text().startswith("clipper_test · ")
    dialog.person.setCurrentText("clipper_test")
    assert dialog.table.rowCount() == 2
    dialog._open_row(1, 2)
    assert opened == [clipping.id]
    team_window.open_clipping(clipping.id)
    marks = [team_window.panel.marks.item(i).text()
             for i in range(team_window.panel.marks.count())]
    assert any("a colleague's note" in m and "(clipper_test · " in m for m in marks)


def test_a_conflicting_edit_offers_theirs_or_mine_and_undo_refuses_after_others(
        qtbot, team_window, colleague, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import answer_dialog

    clipping = colleague.add_clipping(draft())
    qtbot.waitUntil(lambda: clipping.id in team_window.model.ids(), timeout=3000)
    team_window.follower.stop()  # the window keeps showing what it had: the empty summary
    team_window.open_clipping(clipping.id)
    colleague.update_clipping(clipping.id, summary="Theirs: talks resume")
    seen: list[str] = []

    def keep(choice: str):
        def fill(box: QMessageBox) -> None:
            seen.append(box.text() + "\n" + box.informativeText())
            next(b for b in box.buttons() if b.text() == choice).click()
        return fill

    answer_dialog(keep("Keep theirs"))
    team_window.edit_field("summary", "Mine: talks stall")
    assert "changed the summary" in seen[0] and "Theirs: talks resume" in seen[0]
    assert "Mine: talks stall" in seen[0]
    assert colleague.get_clipping(clipping.id).clipping.summary == "Theirs: talks resume"
    assert team_window.detail.clipping.summary == "Theirs: talks resume"

    colleague.update_clipping(clipping.id, summary="Theirs, again")
    answer_dialog(keep("Keep mine"))
    team_window.edit_field("summary", "Mine, kept")
    assert colleague.get_clipping(clipping.id).clipping.summary == "Mine, kept"

    errors: list[str] = []
    monkeypatch.setattr(team_window.undo, "_on_error", errors.append)
    team_window.undo.command(team_window.undo.index() - 1).on_error = errors.append
    colleague.update_clipping(clipping.id, summary="Theirs, third time")
    team_window.undo.undo()
    assert errors and errors[0].startswith("Not undone")
    assert colleague.get_clipping(clipping.id).clipping.summary == "Theirs, third time"


def test_a_note_that_could_not_be_saved_is_not_lost(qtbot, pg, team_window, colleague,
                                                    monkeypatch):
    from PySide6.QtGui import QGuiApplication

    from clipper.core.kinds import MarkKind
    from clipper.gui.commands import AddMark

    clipping = colleague.add_clipping(draft())
    qtbot.waitUntil(lambda: clipping.id in team_window.model.ids(), timeout=3000)
    errors: list[str] = []
    monkeypatch.setattr(team_window, "report_error", errors.append)
    team_window.undo._on_error = errors.append
    library = team_window.library
    pg.kill()  # kill -9 of the server, mid-session
    try:
        note = "The minister's line is new: check it against Tuesday's speech."
        team_window.undo.push(AddMark(
            library, team_window.changed, MarkKind.ANNOTATION, clipping.id,
            lambda: library.add_annotation(clipping.id, 0, 5, note=note), "Add note",
            typed=note))
        assert errors and "Cannot reach" in errors[0] and "clipboard" in errors[0]
        assert QGuiApplication.clipboard().text() == note
        assert not team_window.undo.canUndo()  # nothing half-made to undo
    finally:
        pg.start()
    qtbot.waitUntil(lambda: not team_window.follower.offline, timeout=15000)
    assert library.get_clipping(clipping.id).annotations == []


def test_undo_of_a_note_edit_refuses_after_an_admins_change(qtbot, pg, team_db, tmp_path,
                                                          monkeypatch):
    from clipper.core.address import ServerAddress
    from clipper.core.errors import EditConflictError
    from clipper.core.team import add_user
    from clipper.gui.commands import AnnotationValues, UndoStack, UpdateAnnotation

    admin = ServerAddress.parse(address(pg, team_db))
    add_user(admin, "alice", TeamRole.EDITOR)
    add_user(admin, "ada", TeamRole.ADMIN)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "alice"))
    alice = Library.open(address(pg, team_db, "alice"), create=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ada"))
    ada = Library.open(address(pg, team_db, "ada"), create=False)
    try:
        clipping = alice.add_clipping(draft())
        mark = alice.add_annotation(clipping.id, 0, 5, "yellow", "first")
        errors: list[str] = []
        stack = UndoStack(errors.append)
        stack.push(UpdateAnnotation(alice, lambda _id: None, mark.id, clipping.id,
                                    AnnotationValues("yellow", "first"),
                                    AnnotationValues("green", "second")))
        assert not errors
        ada.update_annotation(mark.id, note="the admin's word")
        stack.undo()
        assert errors == ["Not undone: someone has changed the note since; it stays as they "
                          "left it."]
        assert alice.get_clipping(clipping.id).annotations[0].annotation.note == \
            "the admin's word"
        with pytest.raises(EditConflictError):  # an edit made from a stale note is refused
            alice.update_annotation(mark.id, note="mine", expected_note="second")
    finally:
        alice.close()
        ada.close()


def test_a_readers_window_marks_their_own_reading(qtbot, pg, team_db, tmp_path, monkeypatch,
                                                   colleague):
    from clipper.core.address import ServerAddress
    from clipper.core.kinds import ReadingStatus
    from clipper.core.store.listing import ListFilter
    from clipper.core.team import add_user
    from clipper.gui import settings as S
    from clipper.gui.reading import READ_AFTER_MS

    clipping = colleague.add_clipping(draft()).id
    add_user(ServerAddress.parse(address(pg, team_db)), "rita", TeamRole.READER)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "rita"))
    library = Library.open(address(pg, team_db, "rita"), create=False, replay=False)
    settings = Settings(QSettings(str(tmp_path / "rita.ini"), QSettings.Format.IniFormat))
    settings.set(S.MARK_READ_ON_OPEN, True)
    window = MainWindow(library, settings)
    qtbot.addWidget(window, before_close_func=lambda w: qtbot.waitUntil(
        lambda: w.worker.busy == 0, timeout=10000))
    window.show()
    try:
        assert library.read_only
        window.open_clipping(clipping)
        qtbot.waitUntil(lambda: library.get_clipping(clipping).clipping.status == "read",
                        timeout=READ_AFTER_MS + 3000)
        unread = ListFilter(status=ReadingStatus.UNREAD)
        assert colleague.count_clippings(unread) == 1  # the colleague's reading is theirs
        window.undo.undo()
        assert library.get_clipping(clipping).clipping.status == "unread"
    finally:
        window.close()
        library.close()
