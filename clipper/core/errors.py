"""Errors a user can act on. Each carries a message written for that user.

Anything that is not a ``ClipperError`` is a bug: the GUI shows it with details,
the CLI prints it with a traceback.
"""

from clipper.core.kinds import StorageProblem


class ClipperError(Exception):
    """Base of all errors whose message is meant for the user."""


class LibraryLockedError(ClipperError):
    """Another process holds the library for writing."""


class LibraryNotFoundError(ClipperError):
    """A library folder that should exist does not."""


class LibraryDamagedError(ClipperError):
    """The database or index cannot be read. ``backups`` lists the library's backups, newest
    first, that could replace a damaged database (``Library.restore_backup``); nothing is
    replaced without asking."""

    def __init__(self, message: str, backups: list | None = None) -> None:
        super().__init__(message)
        self.backups = list(backups or [])


class StorageError(ClipperError):
    """The disk refused a write: it is full, or the library folder is read-only. Nothing
    half-written is kept: the change that failed was not made."""

    def __init__(self, message: str, reason: StorageProblem = StorageProblem.OTHER) -> None:
        super().__init__(message)
        self.reason = reason


class ReadOnlyLibraryError(ClipperError):
    """A write was attempted on a library opened read-only."""


class NotFoundError(ClipperError):
    """A clipping, collection, entity or other record does not exist."""


class DuplicateError(ClipperError):
    """The clipping is already in the library."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class InvalidInputError(ClipperError):
    """A value given by the user is not acceptable (empty title, bad span, ...)."""


class CaptureError(ClipperError):
    """A file or page could not be turned into a clipping."""


class NotTextError(CaptureError):
    """The file holds binary data, not text."""


class EmptyFileError(CaptureError):
    """The file holds nothing to capture."""


class UnsupportedFormatError(CaptureError):
    """The file's format is not one Clipper can read."""


class FileTooLargeError(CaptureError):
    """The file is larger than Clipper will read."""


class FetchError(CaptureError):
    """A web address could not be fetched: offline, refused, not found, too large, not a page."""


class ExportError(ClipperError):
    """An export (a PDF briefing, ...) could not be written."""


class ExportCancelled(ExportError):
    """The user stopped an export; nothing was written."""


class ServerUnavailableError(ClipperError):
    """A team library's server cannot be reached, or refused the connection (a wrong password,
    an unknown user or database). The message never carries a password."""


class PermissionDeniedError(ClipperError):
    """The server refused a change the user's role in a team library does not allow."""


class ServerLoginError(ServerUnavailableError):
    """The server refused the user name or password (a password prompt may help)."""


class EditConflictError(ClipperError):
    """A clipping's field was changed by someone else after the user saw it (a team library):
    the user's change was not made. ``theirs`` is what is stored now; ``by`` who changed it
    last (None when unknown)."""

    def __init__(self, title: str, field: str, theirs: object, by: str | None) -> None:
        who = by or "Someone"
        name = {"source_name": "outlet"}.get(field, field)
        super().__init__(f"{who} changed the {name} of “{title}” after you opened it; "
                         "your change was not made.")
        self.field, self.theirs, self.by = field, theirs, by
