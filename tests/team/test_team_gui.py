"""The window on a team library: what another analyst does shows within two seconds, a
clipping deleted elsewhere while read is said, and a server that goes away is said and
reconnected to by itself."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402

from clipper.core.library import Library  # noqa: E402
from clipper.gui.main_window import MainWindow  # noqa: E402
from clipper.gui.settings import Settings  # noqa: E402
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
