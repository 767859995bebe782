"""Screenshots of the main screens, for looking at (not a test): run under a real X server.

    Xvfb :99 -screen 0 1600x1000x24 &  DISPLAY=:99 .venv/bin/python -m tests.gui.screenshots OUT
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QTabWidget

from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from clipper.gui.context_menus import merge_choices
from clipper.gui.dialogs.derived_dialog import DerivedDialog
from clipper.gui.dialogs.entity_dialog import EntityDialog, RenameEntityDialog
from clipper.gui.dialogs.export_dialog import ExportDialog
from clipper.gui.dialogs.preferences import PreferencesDialog
from clipper.gui.main_window import MainWindow
from clipper.gui.settings import Settings
from clipper.gui.sidebar import Place
from clipper.gui.theme import apply_theme
from tests.conftest import SEED_FILE
from tests.webserver import Route, serve

ZH = ("中国呼吁与日本、韩国和东盟加强科技合作",
      "中国科学技术部表示，愿意与日本、韩国和东盟国家在人工智能、量子计算和绿色能源领域加强合作。")


def settle(app: QApplication, window: MainWindow, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()
    window.worker.wait()
    for _ in range(rounds):
        app.processEvents()


def shoot(app: QApplication, out: Path, name: str) -> None:
    app.processEvents()
    app.primaryScreen().grabWindow(0).save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    apply_theme(app, "light")
    tmp = Path(tempfile.mkdtemp())
    library = Library.open(tmp / "library")
    settings = Settings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(library, settings)
    window.resize(1560, 960)
    window.show()
    settle(app, window)
    shoot(app, out, "0-welcome")
    folder = tmp / "incoming"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED_FILE.read_bytes())
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    dialog = window.import_paths([str(folder)])
    dialog.move(500, 300)
    settle(app, window)
    shoot(app, out, "5-import-summary")
    dialog.close()
    window.close()
    library.close()
    library = Library.open(tmp / "library2")
    seed = library.add_clipping(parse_text_clipping(SEED_FILE.read_text("utf-8"))).id
    library.add_clipping(ClippingDraft(title=ZH[0], body=ZH[1], source_name="人民日报",
                                       language="zh"))
    body = library.get_clipping(seed).clipping.body
    for words, color, note in (("three‑way technology ecosystem", "yellow", "Beijing's framing"),
                               ("Technology Cooperation Fund", "green", "")):
        start = body.index(words)
        library.add_annotation(seed, start, start + len(words), color, note)
    start = body.index("Zhao Yiping")
    library.add_mention(seed, start, start + len("Zhao Yiping"), "Zhao Yiping", "person")
    start = body.index("China seeks to counterbalance Western influence")
    library.add_bias_note(seed, "opinion-as-fact", "Motive stated as fact", start,
                          start + len("China seeks to counterbalance Western influence"))
    library.add_tags(seed, ["asia", "science policy"])
    window = MainWindow(library, settings)
    window.resize(1560, 960)
    window.move(0, 0)
    window.show()
    settle(app, window)
    window.open_clipping(seed)
    window.list.selectRow(window.model.row_of(seed))
    settle(app, window)
    shoot(app, out, "1-seed-open")

    window.search.set_query("Zhao OR 科技")
    settle(app, window)
    shoot(app, out, "2-search")

    window.search.field.clear()
    settle(app, window)
    window.list.selectRow(window.model.row_of(seed))
    settle(app, window)
    start = body.index("Ministry of Science and Technology")
    window.reader.select_span(start, start + len("Ministry of Science and Technology"))
    known = {e.name: e.kind for e, _a, _n in library.list_entities()}
    dialog = EntityDialog("Ministry of Science and Technology", known, window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("organisation"))
    dialog.move(520, 300)
    dialog.show()
    settle(app, window)
    shoot(app, out, "3-entity-tagging")
    dialog.close()

    preferences = PreferencesDialog(library, settings, window)
    preferences.findChild(QTabWidget).setCurrentIndex(2)
    preferences.move(400, 200)
    preferences.show()
    settle(app, window)
    shoot(app, out, "6-preferences-taxonomy")
    preferences.close()

    collection = library.create_collection("Asia tech brief", summary="What Beijing proposes.")
    library.add_to_collection(collection.id, [seed])
    window.changed(None)
    export = ExportDialog(library, window.worker, [seed], "the collection “Asia tech brief”",
                          "Asia tech brief", "What Beijing proposes.", window)
    export.move(300, 100)
    export.show()
    settle(app, window)
    settle(app, window)
    shoot(app, out, "7-export")
    export.close()

    data = Path(__file__).resolve().parents[1] / "data" / "capture"
    with serve({"/story": Route(body=(data / "article.html").read_bytes())}) as base:
        window.capture.capture_url(base + "/story")
        for _ in range(100):
            settle(app, window, 5)
            if window.capture.review is not None and window.capture.review.isVisible():
                break
    window.capture.review.move(300, 80)
    settle(app, window)
    shoot(app, out, "8-url-review")
    window.capture.review.reject()

    feed = library.add_feed(str(data / "rss.xml"))
    library.refresh_feed(feed.id)
    window.changed(None)
    settle(app, window)
    window.sidebar.select_place(Place("feed", feed.id))
    settle(app, window)
    shoot(app, out, "9-feeds")

    window.sidebar.select_place(Place("all"))
    settle(app, window)
    window.open_clipping(seed)
    window.side_tabs.setCurrentWidget(window.suggestions)
    for _ in range(100):
        settle(app, window, 5)
        if window.suggestions.list.count():
            break
    window.suggestions.list.setCurrentRow(0)
    settle(app, window)
    shoot(app, out, "10-suggestions")
    window.side_tabs.setCurrentIndex(0)

    paragraphs = body.split("\n\n")
    rewrite = library.add_clipping(ClippingDraft(
        title="Beijing courts Tokyo, Seoul and ASEAN on technology",
        body="\n\n".join(["A wire summary of a report first carried by another paper."]
                         + paragraphs[2:5] + ["Officials in Tokyo declined to comment."]),
        source_name="Regional Wire")).id
    derived = DerivedDialog(library, window.worker, rewrite, window)
    derived.move(200, 60)
    derived.show()
    for _ in range(100):
        settle(app, window, 5)
        if derived.candidates.count():
            break
    settle(app, window)
    shoot(app, out, "11-derived")
    derived.close()

    library.add_entity("Ministry of Science and Technology", "organisation", aliases=["MOST"])
    library.add_entity("MOST China", "organisation")
    window.changed(None)
    settle(app, window)
    entity = library.find_entity("MOST China")
    rename = RenameEntityDialog(entity.name, entity.kind, window)
    rename.move(500, 300)
    rename.show()
    settle(app, window)
    shoot(app, out, "12-rename-entity")
    rename.close()
    _this, _others, labels = merge_choices(window, entity.id)
    merge = QInputDialog(window)
    merge.setWindowTitle("Merge entity")
    merge.setLabelText("Merge “MOST China” into (its name and aliases become aliases of the "
                       "one you choose, its mentions move there):")
    merge.setComboBoxItems(labels)
    merge.move(500, 300)
    merge.show()
    settle(app, window)
    shoot(app, out, "13-merge-entity")
    merge.close()

    apply_theme(app, "dark")
    window.open_clipping(seed)
    settle(app, window)
    shoot(app, out, "4-dark")
    QTimer.singleShot(0, window.close)
    settle(app, window)
    library.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots"))
