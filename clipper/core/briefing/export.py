"""``export_briefing``: clippings in, an annotated PDF out, written whole or not at all."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clipper import __version__
from clipper.core.briefing.content import BriefingContent, gather
from clipper.core.briefing.fonts import BUILD_LOCK, FontChooser
from clipper.core.briefing.layout import (
    BriefingCanvas,
    LayoutState,
    PageDecor,
    StopLayout,
    make_doc,
)
from clipper.core.briefing.markup import Markup
from clipper.core.briefing.options import PAGE_SIZES, BriefingOptions, BriefingResult
from clipper.core.briefing.sections import StoryWriter
from clipper.core.briefing.styles import make_styles
from clipper.core.errors import ExportCancelled, ExportError
from clipper.core.storage import partial_file

if TYPE_CHECKING:
    from clipper.core.library import Library

CANCELLED = "The briefing was cancelled; no file was written."


def export_briefing(library: Library, clipping_ids: list[int], path: Path | str,
                    options: BriefingOptions,
                    progress: Callable[[int, int], None] | None = None,
                    should_stop: Callable[[], bool] = lambda: False) -> BriefingResult:
    """Write a PDF briefing of ``clipping_ids`` to ``path``.

    ``progress(done, total)`` is called as clippings are read and laid out; when
    ``should_stop()`` turns true the export stops with ``ExportCancelled``. The PDF is written
    to a temporary file beside ``path`` and renamed into place at the end, so a failed or
    cancelled export leaves no partial file (and an older file at ``path`` untouched).
    Raises ``ExportError`` when the file cannot be written.
    """
    started = time.perf_counter()
    path = Path(path)
    options.validate()
    report = progress or (lambda done, total: None)
    total = 2 * len(dict.fromkeys(clipping_ids)) + 1
    content = gather(library, clipping_ids, options, lambda done: report(done, total),
                     should_stop)
    n = len(content.entries)
    state = LayoutState(on_entry=lambda number: report(n + number, total),
                        should_stop=should_stop)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Cannot write the briefing: the folder {folder} does not exist.")
    temp = partial_file(folder / path.name)
    try:
        with BUILD_LOCK:
            pages = _write(temp, content, state)
        if should_stop():
            raise ExportCancelled(CANCELLED)
        os.replace(temp, path)
    except StopLayout:
        raise ExportCancelled(CANCELLED) from None
    except OSError as exc:
        raise ExportError(f"Cannot write the briefing to {path}: "
                          f"{exc.strerror or exc}.") from None
    finally:
        if temp.exists():
            try:
                temp.unlink()
            except OSError:
                pass
    report(total, total)
    return BriefingResult(path=path, clippings=n, pages=pages, bytes=path.stat().st_size,
                          seconds=time.perf_counter() - started)


def _write(temp: Path, content: BriefingContent, state: LayoutState) -> int:
    """Lay out and write the PDF into ``temp`` (created here, never overwritten)."""
    options = content.options
    fonts = FontChooser()
    markup = Markup(fonts)
    styles = make_styles()
    footer = " \u00b7 ".join(x for x in (options.organisation, options.author) if x)
    decor = PageDecor(fonts, " ".join(options.title.split()), options.marking.strip(), footer)
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(descriptor, "wb") as file:
        doc = make_doc(file, PAGE_SIZES[options.page_size], decor, _info(content), state)
        today = options.date or date.today()
        story = StoryWriter(content, markup, styles, state, doc.width, today).story()
        canvases: list[BriefingCanvas] = []

        def canvasmaker(*args: object, **kwargs: object) -> BriefingCanvas:
            kwargs["initialFontName"] = styles.body.fontName
            canvas = BriefingCanvas(*args, **kwargs)
            canvas.showOutline()
            canvases.append(canvas)
            return canvas

        doc.build(story, canvasmaker=canvasmaker)
        file.flush()
        os.fsync(file.fileno())
    return canvases[-1].pages_written


def _info(content: BriefingContent) -> dict[str, object]:
    options = content.options
    count = len(content.entries)
    subject = options.subtitle or f"Press briefing of {count} clipping{'s' if count != 1 else ''}"
    keywords = ["press briefing", *(name for name, _ in content.outlets()[:5]),
                *(e.name for e, _ in content.top_entities(5))]
    if not options.external:
        tags = sorted({t for e in content.entries for t in e.detail.tags}, key=str.casefold)
        keywords += tags[:10]
    return {"title": " ".join(options.title.split()),
            "author": ", ".join(x for x in (options.author, options.organisation) if x),
            "subject": subject, "keywords": keywords, "creator": f"Clipper {__version__}"}
