"""Importing files and folders: one clipping per file, duplicates and failures reported.

``import_files`` is a generator of one ``ImportEvent`` per file, so the CLI can print progress
and the GUI can show a progress bar and stop between files (Cancel).
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from clipper.core.capture.encoding import decode_text
from clipper.core.capture.formats import (
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    MAIL_SUFFIXES,
    TEXT_SUFFIXES,
)
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.errors import (
    CaptureError,
    ClipperError,
    DuplicateError,
    FileTooLargeError,
    UnsupportedFormatError,
)
from clipper.core.kinds import ImportStatus
from clipper.core.records import ClippingDraft

if TYPE_CHECKING:
    from clipper.core.library import Library

MAX_FILE_BYTES = 50 * 1024 * 1024
FLUSH_EVERY_SECONDS = 1.0  # the index catches up during an import at most this often ...
INDEX_SHARE = 0.25  # ... and takes at most this share of its time: clippings are stored (and
# shown) at full speed, search follows, and the rest is indexed when the import ends
INDEX_STEP = 100  # clippings indexed each time (about a second's work), so storing never waits
FOLLOW_CORES = 2  # cores from which the index follows an import on a thread (_IndexFollower)
FOLLOW_FROM = 2000  # ... writing this many queued changes or more at a time ...
FOLLOW_MAX = 5000  # ... this many at most ...
FOLLOW_WAIT_SECONDS = 0.5  # ... and looking again this often when fewer are queued
BATCH_FILES = 100  # clippings stored in one transaction during an import ...
BATCH_SECONDS = 0.2  # ... or fewer, when reading them takes longer than this

Parser = Callable[[bytes, Path], ClippingDraft]
BatchParser = Callable[[bytes, Path], list[ClippingDraft]]  # a file of several clippings


@dataclass
class ImportEvent:
    path: Path
    status: ImportStatus
    clipping_id: int | None = None
    title: str | None = None
    reason: str | None = None


@dataclass
class ImportSummary:
    imported: list[ImportEvent] = field(default_factory=list)
    duplicates: list[ImportEvent] = field(default_factory=list)
    failed: list[ImportEvent] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # in folders, not of a kind Clipper reads
    cancelled: bool = False

    def add(self, event: ImportEvent) -> None:
        {ImportStatus.IMPORTED: self.imported, ImportStatus.DUPLICATE: self.duplicates,
         ImportStatus.FAILED: self.failed}[event.status].append(event)

    def files_done(self) -> set[Path]:
        return {e.path for e in (*self.imported, *self.duplicates, *self.failed)}

    @property
    def total(self) -> int:
        return len(self.imported) + len(self.duplicates) + len(self.failed)


def parse_text_file(data: bytes, path: Path) -> ClippingDraft:
    text, _encoding = decode_text(data)
    return parse_text_clipping(text, origin=str(path))


# Readers by file suffix: one clipping per file, or (BATCH_PARSERS) several.
# The readers of web pages, mail and feeds are imported when first needed (they bring lxml,
# trafilatura and feedparser, a good part of a second at start-up).
def parse_html_file(data: bytes, path: Path) -> ClippingDraft:
    from clipper.core.capture.html import parse_html_file as parse

    return parse(data, path)


def parse_mail_file(data: bytes, path: Path) -> ClippingDraft:
    from clipper.core.capture.mail import parse_mail_file as parse

    return parse(data, path)


def parse_feed_file(data: bytes, path: Path) -> list[ClippingDraft]:
    from clipper.core.capture.feeds import parse_feed_file as parse

    return parse(data, path)


PARSERS: dict[str, Parser] = {suffix: parse_text_file for suffix in TEXT_SUFFIXES}
PARSERS.update({suffix: parse_html_file for suffix in HTML_SUFFIXES})
PARSERS.update({suffix: parse_mail_file for suffix in MAIL_SUFFIXES})
BATCH_PARSERS: dict[str, BatchParser] = {suffix: parse_feed_file for suffix in FEED_SUFFIXES}


def collect_files(paths: Iterable[str | os.PathLike[str]],
                  skipped: list[Path] | None = None) -> list[Path]:
    """The files named, and the files inside the folders named (recursively, sorted, hidden
    files and folders skipped). In folders, only files of the kinds Clipper reads are taken
    (a ``.json`` sidecar or a ``Makefile`` is not a clipping); the others go to ``skipped``.
    A file named itself is always taken, to be read or refused with its reason. Links to
    folders are followed once: a link back into a folder already taken (a loop) is kept, to
    be reported, as is a path that does not exist."""
    found: list[Path] = []
    taken: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            found.append(path)
            continue
        if os.path.realpath(path) in taken:
            continue
        taken.add(os.path.realpath(path))
        for root, dirs, files in os.walk(path, followlinks=True):
            kept = []
            for name in sorted(d for d in dirs if not d.startswith(".")):
                real = os.path.realpath(os.path.join(root, name))
                if real in taken:
                    if os.path.islink(os.path.join(root, name)):
                        found.append(Path(root) / name)  # reported: "a loop", not followed
                    # a folder named on its own before its parent: already taken, silently
                else:
                    taken.add(real)
                    kept.append(name)
            dirs[:] = kept
            for name in sorted(files):
                if name.startswith("."):
                    continue
                suffix = os.path.splitext(name)[1].lower()
                if suffix and (suffix in PARSERS or suffix in BATCH_PARSERS):
                    found.append(Path(root) / name)
                elif skipped is not None:
                    skipped.append(Path(root) / name)
    return found


def describe_skipped(skipped: list[Path]) -> str:
    """``skipped`` in words: "Skipped 32 files of kinds Clipper does not read (.json 30, …)"."""
    kinds = Counter(p.suffix.lower() or "no suffix" for p in skipped)
    ranked = sorted(kinds.items(), key=lambda pair: (-pair[1], pair[0]))
    listed = ", ".join(f"{kind} {n}" for kind, n in ranked[:4])
    more = ", …" if len(kinds) > 4 else ""
    kind = "a kind" if len(kinds) == 1 else "kinds"
    return (f"Skipped {len(skipped)} file{'' if len(skipped) == 1 else 's'} of {kind} Clipper "
            f"does not read ({listed}{more}).")


def read_draft(path: Path) -> ClippingDraft:
    """The draft clipping in one file; a ``CaptureError`` with its reason when there is none."""
    _not_a_folder(path)
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise UnsupportedFormatError(f"Clipper cannot read '{path.suffix}' files.")
    return parser(_read_bytes(path), path)


def read_drafts(path: Path) -> list[ClippingDraft]:
    """The draft clippings in one file: one, or each entry of a feed."""
    _not_a_folder(path)
    batch = BATCH_PARSERS.get(path.suffix.lower())
    if batch is None:
        return [read_draft(path)]
    return batch(_read_bytes(path), path)


def _not_a_folder(path: Path) -> None:
    if path.is_dir():
        if path.is_symlink():
            raise CaptureError("This link leads to a folder already being imported (a loop, "
                               "or a second way to the same folder); it was not followed.")
        raise CaptureError("This is a folder, not a file.")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileTooLargeError(
                f"The file is {size // (1024 * 1024)} MB; Clipper reads files up to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB.")
        return path.read_bytes()
    except FileNotFoundError:
        raise CaptureError("The file does not exist.") from None
    except IsADirectoryError:
        raise CaptureError("This is a folder, not a file.") from None
    except PermissionError:
        raise CaptureError("Clipper is not allowed to read this file.") from None
    except OSError as exc:
        raise CaptureError(f"The file cannot be read ({exc.strerror or exc}).") from None


def import_files(library: Library, files: list[Path],
                 should_stop: Callable[[], bool] = lambda: False) -> Iterator[ImportEvent]:
    """Import ``files``, yielding one event per clipping (one per file; a feed file yields
    one per entry). Clippings are stored in small batches,
    one transaction each (a crash loses at most the batch being written; importing the same
    files again brings it in and reports the rest as duplicates). The index catches up now
    and then (``INDEX_SHARE`` of the time at most) and at the end. ``should_stop`` is asked
    between files."""

    def drafts() -> Iterator[tuple[Path, ClippingDraft | ClipperError]]:
        for path in files:
            if should_stop():
                return
            try:
                found = read_drafts(path)
            except ClipperError as exc:
                yield path, exc
                continue
            yield from ((path, draft) for draft in found)

    yield from import_drafts(library, drafts())


def import_drafts(library: Library,
                  drafts: Iterable[tuple[Path, ClippingDraft | ClipperError]]
                  ) -> Iterator[ImportEvent]:
    """Store drafts read from files (or the error that kept one from being read) as
    ``import_files`` does: in batches, the index catching up as it goes and at the end."""
    started = last_flush = time.monotonic()
    indexing = 0.0  # seconds spent bringing the index up to date so far
    batch: list[tuple[Path, ClippingDraft]] = []
    batch_started = time.monotonic()
    with library.deferred_indexing(), _IndexFollower(library) as follower:
        for path, draft in drafts:
            follower.active_at = time.monotonic()
            if isinstance(draft, ClipperError):
                yield ImportEvent(path, ImportStatus.FAILED, reason=str(draft))
            else:
                batch.append((path, draft))
            if len(batch) >= BATCH_FILES or time.monotonic() - batch_started > BATCH_SECONDS:
                yield from _store(library, batch)
                batch, batch_started = [], time.monotonic()
            now = time.monotonic()
            if (now - last_flush > FLUSH_EVERY_SECONDS
                    and indexing <= INDEX_SHARE * (now - started)
                    and not follower.will_take(library)):
                # A step here, not on the thread: a thread writing a few documents while this
                # one stores gets a sliver of the interpreter (measured: 100 documents took
                # 11 s), and the large batch the thread exists for waited behind it.
                library.flush_index(limit=INDEX_STEP, wait=False)
                last_flush = time.monotonic()
                indexing += last_flush - now
        yield from _store(library, batch)


class _IndexFollower:
    """The index brought up to date on a thread of its own while an import stores, on a
    machine with cores for it: with ``FOLLOW_FROM`` changes or more queued, Whoosh's writer
    processes analyse and write them (``FOLLOW_MAX`` at most at a time, so a cancelled import
    or another flush waits for no more) while this process goes on storing: storing runs on
    one core and indexing on the others, rather than one after the other (README,
    "Performance"). Fewer are left to the import's own steps (``INDEX_STEP`` now and then),
    so a small or slow import is searchable as it goes, unless the import has been waiting
    (for a file, a page, its reader) for ``FLUSH_EVERY_SECONDS``: then the thread takes the
    step, the interpreter being free. The thread stops when the import
    ends (after the batch it is writing) or the library closes; the rest is applied by the
    import's end as before, and so is any error the thread met (it is met again there, and
    reported)."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.failed: Exception | None = None
        self.active_at = time.monotonic()  # when the import last took a file

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def will_take(self, library: Library) -> bool:
        """Whether the thread is about to write what is queued (so no step is needed)."""
        return self.running and library.pending_index_changes() >= FOLLOW_FROM

    def __enter__(self) -> _IndexFollower:
        if (os.cpu_count() or 1) >= FOLLOW_CORES and self._library.keeps_index:
            self._thread = threading.Thread(target=self._follow, name="index follower",
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _follow(self) -> None:
        library = self._library
        wait = FOLLOW_WAIT_SECONDS
        while not self._stop.wait(wait) and not library.closed:
            try:
                pending = library.pending_index_changes()
                if pending >= FOLLOW_FROM:
                    library.flush_index(limit=min(pending, FOLLOW_MAX))
                    wait = 0.0
                else:
                    if pending and time.monotonic() - self.active_at > FLUSH_EVERY_SECONDS:
                        library.flush_index(limit=INDEX_STEP, wait=False)  # the import waits
                    wait = FOLLOW_WAIT_SECONDS
            except Exception as exc:  # noqa: BLE001 - met again (and reported) by the final flush
                self.failed = exc
                return


def _store(library: Library, batch: list[tuple[Path, ClippingDraft]]) -> Iterator[ImportEvent]:
    if not batch:
        return
    results = library.add_clippings([_storable(draft) for _path, draft in batch])
    for (path, _draft), result in zip(batch, results, strict=True):
        if isinstance(result, DuplicateError):
            yield ImportEvent(path, ImportStatus.DUPLICATE, result.existing_id, reason=str(result))
        elif isinstance(result, ClipperError):
            yield ImportEvent(path, ImportStatus.FAILED, reason=str(result))
        else:
            yield ImportEvent(path, ImportStatus.IMPORTED, result.id, result.title)


def printable(text: str) -> str:
    """``text`` with what cannot be written as UTF-8 replaced by U+FFFD: a file name that is
    not UTF-8 arrives as lone surrogates, which SQLite (and a terminal) refuse."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "replace")
        return raw.decode("utf-8", "replace")


def _storable(draft: ClippingDraft) -> ClippingDraft:
    for name in ("title", "body", "source_name", "url", "origin", "summary"):
        value = getattr(draft, name)
        if isinstance(value, str):
            setattr(draft, name, printable(value))
    draft.authors = [printable(author) for author in draft.authors]
    return draft
