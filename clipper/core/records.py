"""Plain data handed across the core's boundary: drafts coming in, views going out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from clipper.core.kinds import ReadingStatus

if TYPE_CHECKING:  # named in annotations only: the plain records load without the ORM
    from clipper.core.models import (
        Annotation,
        BiasCategory,
        BiasNote,
        Clipping,
        Collection,
        Entity,
        Mention,
        Source,
    )


class _Record(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(record: _Record) -> int:
    """The id of a record read from the library. The models type it ``int | None``, as a
    record not yet stored has none; one the library handed out always has it."""
    if record.id is None:
        raise ValueError(f"a {type(record).__name__} not stored (it has no id)")
    return record.id


@dataclass
class Reextraction:
    """A clipping's text extracted again from its saved original (not yet stored)."""

    clipping_id: int
    old_body: str
    new_body: str
    marks_lost: int  # marks whose words the new text no longer has
    wire: str | None = None  # the wire found, for a clipping that has none yet

    @property
    def changed(self) -> bool:
        return self.new_body != self.old_body or self.wire is not None

    @property
    def body_changed(self) -> bool:
        return self.new_body != self.old_body


@dataclass
class FlagNote:
    """A clipping-level bias note found in captured text."""

    category: str  # a bias category key
    note: str = ""


@dataclass
class ClippingDraft:
    """A clipping about to be stored: what capture found, or what the user typed."""

    title: str
    body: str
    source_name: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    language: str | None = None
    html: bytes | None = None
    wire: str | None = None  # the news agency the story came through ("Associated Press")
    origin: str | None = None
    flags: list[FlagNote] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str = ""


@dataclass
class ClippingRow:
    """One line of the clipping list."""

    id: int
    title: str
    source: str | None
    published: datetime | None
    captured: datetime
    status: ReadingStatus
    flagged: bool
    tags: list[str]
    annotation_count: int
    bias_count: int

    @property
    def date(self) -> datetime:
        return self.published or self.captured


@dataclass
class MentionView:
    """A mention and where its words are now. ``span`` is in the body: None for a mention of
    the title (its place is ``title_span``) and for an orphaned one."""

    mention: Mention
    entity: Entity
    span: tuple[int, int] | None
    title_span: tuple[int, int] | None = None

    @property
    def in_title(self) -> bool:
        return self.mention.place == "title"

    @property
    def orphaned(self) -> bool:
        return (self.title_span if self.in_title else self.span) is None


@dataclass
class AnnotationView:
    annotation: Annotation
    span: tuple[int, int] | None


@dataclass
class BiasNoteView:
    note: BiasNote
    category: BiasCategory
    span: tuple[int, int] | None  # None for clipping-level notes and orphaned span notes

    @property
    def clipping_level(self) -> bool:
        return self.note.start is None

    @property
    def orphaned(self) -> bool:
        return self.note.start is not None and self.span is None


@dataclass
class ClippingDetail:
    """A clipping with everything attached to it, for the reader, `show` and briefings."""

    clipping: Clipping
    source: Source | None
    tags: list[str]
    annotations: list[AnnotationView]
    mentions: list[MentionView]
    bias_notes: list[BiasNoteView]
    collections: list[str]

    @property
    def authors(self) -> list[str]:
        return [a for a in self.clipping.authors.splitlines() if a.strip()]

    @property
    def via(self) -> str | None:
        """The news agency the story came through, when it is not the outlet itself (an AP
        story on apnews.com is not "via" anyone)."""
        wire = self.clipping.wire
        if not wire or (self.source and self.source.name.casefold() == wire.casefold()):
            return None
        return wire


@dataclass
class CollectionView:
    collection: Collection
    clipping_ids: list[int]


@dataclass
class Facet:
    value: str
    count: int


@dataclass
class CheckReport:
    """Do the database and the index agree?"""

    clippings: int
    indexed: int
    pending: int
    missing_from_index: list[int]
    stale_in_index: list[int]
    extra_in_index: list[int]
    integrity: str = "ok"

    @property
    def ok(self) -> bool:
        return (not self.missing_from_index and not self.stale_in_index
                and not self.extra_in_index and self.pending == 0 and self.integrity == "ok")


def byline(author: str | None, when: datetime | None = None) -> str:
    """Who made a mark and when, as a team library shows it ("alice · 3 Dec 10:42", in local
    time); empty for a library in a folder (nobody recorded)."""
    if not author:
        return ""
    if when is None:
        return author
    if when.tzinfo is None:  # stored as UTC without a zone
        when = when.replace(tzinfo=UTC)
    local = when.astimezone()
    return f"{author} · {local.day} {local:%b %H:%M}"
