"""The export dialog: the lede option reaches the briefing; the author and organisation typed
are remembered for the next briefing."""

from __future__ import annotations

from pypdf import PdfReader

from clipper.core.records import ClippingDraft
from clipper.gui.dialogs.export_dialog import ExportDialog
from clipper.gui.dialogs.preferences import AUTHOR_KEY, ORGANISATION_KEY
from clipper.gui.worker import Worker

BODY = ("Ministers from ten countries met in Jakarta on Monday to agree on a shared plan for "
        "the region's power grid. The plan links national grids by 2035.\n\n"
        "Officials said the cost would be shared.")


def make_dialog(qtbot, library, ids):
    worker = Worker()
    dialog = ExportDialog(library, worker, ids, "the selected clippings", "Grid brief")
    qtbot.addWidget(dialog)
    worker.wait()
    return dialog, worker


def test_author_and_organisation_are_remembered_and_the_lede_option_is_passed(
        qtbot, gui_library, tmp_path):
    cid = gui_library.add_clipping(ClippingDraft(title="Grid deal", body=BODY,
                                                 source_name="Jakarta Post")).id
    dialog, worker = make_dialog(qtbot, gui_library, [cid])
    assert dialog.lede.isChecked() and dialog.options().lede
    dialog.author.setText("A. Analyst")
    dialog.organisation.setText("Policy Unit")
    dialog.lede.setChecked(False)
    assert dialog.options().lede is False
    target = tmp_path / "grid.pdf"
    dialog.path.setText(str(target))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30000)
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "A. Analyst, Policy Unit" in " ".join(text.split())
    assert "Opening of the article" not in text
    worker.wait()
    dialog.close()

    assert gui_library.get_setting(AUTHOR_KEY) == "A. Analyst"
    assert gui_library.get_setting(ORGANISATION_KEY) == "Policy Unit"
    again, worker = make_dialog(qtbot, gui_library, [cid])  # the next briefing
    assert again.author.text() == "A. Analyst"
    assert again.organisation.text() == "Policy Unit"
    worker.wait()
    again.close()
