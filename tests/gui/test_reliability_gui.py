"""The window and a second process: a read-only window follows another's changes; a damaged
database is met with an offer of its backups."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from clipper.app import open_or_recover
from clipper.core import paths
from clipper.core.backup import backup_database
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from clipper.gui.settings import Settings
from tests.gui.conftest import answer_dialog


def test_a_read_only_window_follows_the_writer(qtbot, tmp_path, make_window):
    folder = tmp_path / "lib"
    writer = Library.open(folder)
    writer.add_clipping(ClippingDraft(title="First", body="one"))
    reader = Library.open(folder, read_only=True)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = make_window(reader, settings)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    writer.add_clipping(ClippingDraft(title="Second", body="two"))
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=10000)
    window.close()
    window.worker.wait()
    reader.close()
    writer.close()


def test_a_damaged_database_is_restored_from_a_backup_on_request(qtbot, tmp_path):
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.add_clipping(ClippingDraft(title="Precious", body="kept in the backup"))
    backup_database(folder / paths.DATABASE_NAME, folder / paths.BACKUP_DIR, "manual")
    (folder / paths.DATABASE_NAME).write_bytes(b"garbage" * 2000)
    for extra in ("-wal", "-shm"):
        (folder / (paths.DATABASE_NAME + extra)).unlink(missing_ok=True)

    answer_dialog(lambda dialog: dialog.accept())  # take the newest backup offered
    library = open_or_recover(folder)
    assert library is not None
    try:
        assert [r.title for r in library.list_clippings()] == ["Precious"]
        assert any("damaged database was kept" in w for w in library.warnings)
        kept = [p for p in folder.iterdir() if p.name.startswith(paths.DATABASE_NAME + ".")]
        assert kept, "the damaged file is kept beside the restored one"
    finally:
        library.close()


def test_damage_found_after_the_window_shows_offers_a_backup(qtbot, tmp_path, make_window):
    from PySide6.QtWidgets import QMessageBox

    from clipper.app import check_database_later, offer_backups
    from tests.reliability.test_damage import corrupt_database, fill

    folder = tmp_path / "lib"
    fill(folder, 200)
    backup_database(folder / paths.DATABASE_NAME, folder / paths.BACKUP_DIR, "manual")
    damaged = corrupt_database(folder, "pages overwritten")
    library = open_or_recover(folder)  # the header and schema are sound: it opens
    assert library is not None
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = make_window(library, settings)
    window.show()
    asked = []

    def answer(box):
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    answer_dialog(answer)
    damage: list[str] = []
    check_database_later(window, library, damage)
    qtbot.waitUntil(lambda: bool(damage), timeout=20000)
    assert "damaged" in asked[0] and "restore a backup" in asked[0]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    window.worker.wait()
    library.close()
    assert (folder / paths.DATABASE_NAME).read_bytes() == damaged  # nothing replaced unasked

    answer_dialog(lambda dialog: dialog.accept())  # the newest backup offered
    restored = offer_backups(folder, damage[0])
    assert restored is not None
    try:
        assert restored.count_clippings() == 200 and restored.find_database_damage() is None
    finally:
        restored.close()


def test_the_daily_backup_waits_for_the_check(qtbot, tmp_path, make_window):
    from clipper.app import check_database_later

    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.add_clipping(ClippingDraft(title="Kept", body="kept"))
    for made in (folder / paths.BACKUP_DIR).glob("*.db"):
        made.unlink()  # as if the last one were a day old
    library = open_or_recover(folder)
    assert library is not None and not list((folder / paths.BACKUP_DIR).glob("*.db"))
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = make_window(library, settings)
    check_database_later(window, library, [])
    qtbot.waitUntil(lambda: bool(list((folder / paths.BACKUP_DIR).glob("*daily.db"))),
                    timeout=20000)
    window.close()
    window.worker.wait()
    library.close()
