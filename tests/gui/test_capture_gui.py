"""Capture in the window: a web address from a real local server, reviewed before it is stored;
feeds in the sidebar with unread counts and errors."""

from __future__ import annotations

from pathlib import Path

from tests.gui.test_main_window import refresh
from tests.webserver import Route, closed_port, serve

DATA = Path(__file__).resolve().parents[1] / "data" / "capture"


def test_a_web_address_is_fetched_reviewed_edited_and_stored(window, qtbot, gui_library):
    page = (DATA / "article.html").read_bytes()
    with serve({"/story": Route(body=page)}) as base:
        window.capture.capture_url(base + "/story")
        qtbot.waitUntil(lambda: window.capture.review is not None
                        and window.capture.review.isVisible(), timeout=15000)
    review = window.capture.review
    assert review.title.text() == "Harbour towns agree to share flood defences"
    assert review.outlet.text() == "The Coastal Courier"
    assert review.published.text() == "2024-03-14"
    assert "Subscribe now" not in review.body.toPlainText()  # navigation is left out
    review.title.setText("Harbour towns share flood defences")
    review._accept()
    [row] = gui_library.list_clippings()
    assert row.title == "Harbour towns share flood defences" and row.source == "The Coastal Courier"
    assert gui_library.original_html(row.id) == page
    qtbot.waitUntil(lambda: window.detail is not None and window.detail.clipping.id == row.id,
                    timeout=5000)


def test_an_unreachable_address_gives_a_clear_message(window, qtbot, gui_library, monkeypatch):
    messages = []
    monkeypatch.setattr(window.capture, "_report_error", messages.append)
    window.capture.capture_url(f"http://127.0.0.1:{closed_port()}/nothing")
    qtbot.waitUntil(lambda: bool(messages), timeout=15000)
    assert "127.0.0.1" in messages[0] or "connect" in messages[0].lower()
    assert gui_library.count_clippings() == 0


def test_feeds_show_in_the_sidebar_with_unread_counts_and_errors(window, qtbot, gui_library,
                                                                   tmp_path):
    feed = gui_library.add_feed(str(DATA / "rss.xml"))
    gui_library.refresh_feed(feed.id)
    vanishing = tmp_path / "other.xml"
    vanishing.write_bytes((DATA / "atom.xml").read_bytes())
    broken = gui_library.add_feed(str(vanishing))
    vanishing.unlink()  # the feed file disappears: its next refresh fails
    gui_library.refresh_feed(broken.id)
    refresh(window, qtbot)
    window.sidebar.expandAll()
    items = {item.text(0): item for item in window.sidebar._all_items()}
    assert "The Coastal Courier: News  2/2" in items
    [failed] = [text for text in items if text.startswith("⚠")]
    assert "Last refresh failed" in items[failed].toolTip(0)
    window.sidebar.setCurrentItem(items["The Coastal Courier: News  2/2"])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    assert window.place.kind == "feed"
    window.list.setFocus()
    window.panel.read.setChecked(True)  # read one: the unread count follows
    qtbot.waitUntil(lambda: any(i.text(0) == "The Coastal Courier: News  1/2"
                                for i in window.sidebar._all_items()), timeout=5000)
    assert window.sidebar.current_place().kind == "feed"  # still selected after the refresh
