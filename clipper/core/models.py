"""The data model (SQLModel tables). Spans are anchored by offsets, quote and context."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer
from sqlmodel import Field, SQLModel


class SpanAnchor(SQLModel):
    """Where a mark sits in a clipping's body: offsets plus the exact words and their context.

    The quote and its neighbours let the anchor be found again when the text changes; when it
    cannot be found it is reported as orphaned, never moved onto other words.
    """

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


class OptionalSpan(SQLModel):
    """The same anchor, for marks that may also apply to the whole clipping."""

    start: int | None = None
    end: int | None = None
    quote: str | None = None
    prefix: str | None = None
    suffix: str | None = None


class Source(SQLModel, table=True):
    """An outlet: a newspaper, agency, site or newsletter."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    domain: str | None = Field(default=None, index=True)
    country: str | None = None
    language: str | None = None
    rating: str | None = None
    note: str | None = None


class Clipping(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str
    body: str = ""
    html: bytes | None = None  # the original page, zlib-compressed, when captured from the web
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True,
                                  ondelete="SET NULL")
    authors: str = ""  # one author per line
    wire: str | None = None  # the news agency the story came through ("Associated Press")
    url: str | None = None
    url_key: str | None = Field(default=None, index=True)  # normalised URL for duplicate checks
    published: datetime | None = Field(default=None, index=True)
    captured: datetime = Field(index=True)
    language: str | None = None
    content_hash: str = Field(index=True)
    status: str = Field(default="unread", index=True)  # unread | read
    flagged: bool = Field(default=False, index=True)
    summary: str = ""
    derived_from_id: int | None = Field(default=None, foreign_key="clipping.id",
                                        ondelete="SET NULL")
    origin: str | None = None  # file path or address it was captured from
    revision: int = 1  # bumped on every change that alters the search document
    created_by: str | None = None  # team library: the database user who captured it (server-set)


class Tag(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)


class ClippingTag(SQLModel, table=True):
    clipping_id: int = Field(foreign_key="clipping.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, index=True, ondelete="CASCADE")


class Entity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    kind: str = "other"  # person | organisation | place | country | programme | other
    note: str = ""


class EntityAlias(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", index=True, ondelete="CASCADE")
    alias: str = Field(index=True)


MENTION_PLACES = ("body", "title")


class Mention(SpanAnchor, table=True):
    """An entity named at a span of a clipping: of its body (offsets into the body), or of its
    title when ``place`` is "title" (a name a headline holds that the text never repeats)."""

    id: int | None = Field(default=None, primary_key=True)
    clipping_id: int = Field(foreign_key="clipping.id", index=True, ondelete="CASCADE")
    entity_id: int = Field(foreign_key="entity.id", index=True, ondelete="CASCADE")
    place: str = Field(default="body", sa_column_kwargs={"server_default": "body"})
    created_by: str | None = None  # team library: who tagged it (server-set)


class Annotation(SpanAnchor, table=True):
    """A highlight in a colour, with an optional note."""

    id: int | None = Field(default=None, primary_key=True)
    clipping_id: int = Field(foreign_key="clipping.id", index=True, ondelete="CASCADE")
    color: str = "yellow"
    note: str = ""
    created: datetime
    created_by: str | None = None  # team library: who marked it (server-set)


class BiasCategory(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True)
    name: str
    description: str = ""
    color: str = "#d9534f"
    position: int = 0


class BiasNote(OptionalSpan, table=True):
    """A bias note on the whole clipping (no span) or on a span of its body."""

    id: int | None = Field(default=None, primary_key=True)
    clipping_id: int = Field(foreign_key="clipping.id", index=True, ondelete="CASCADE")
    category_id: int = Field(foreign_key="biascategory.id", index=True)
    note: str = ""
    created: datetime
    created_by: str | None = None  # team library: who wrote it (server-set)


class ReadState(SQLModel, table=True):
    """A team library's reading, per person: what ``reader`` (the database user, set by the
    server) marked read or unread. Without a row, the clipping's own ``status`` holds (what the
    team had read before reading became personal). A library in a folder has one reader and
    keeps the status on the clipping; this table stays empty there."""

    clipping_id: int = Field(foreign_key="clipping.id", primary_key=True, ondelete="CASCADE")
    reader: str = Field(primary_key=True)
    status: str


class Collection(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    summary: str = ""
    created: datetime
    created_by: str | None = None  # team library: who made it (server-set)


class CollectionItem(SQLModel, table=True):
    collection_id: int = Field(foreign_key="collection.id", primary_key=True, ondelete="CASCADE")
    clipping_id: int = Field(foreign_key="clipping.id", primary_key=True, index=True,
                             ondelete="CASCADE")
    position: int = 0


class SavedSearch(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    query: str


class IndexQueue(SQLModel, table=True):
    """Pending changes to the search index, written in the same transaction as the data."""

    id: int | None = Field(default=None, primary_key=True)
    clipping_id: int = Field(index=True)


class ChangeLog(SQLModel, table=True):
    """A team library's change log on the server: one row per change to a clipping, written in
    the same transaction as the change. Each desktop's search index follows it by sequence
    number (``seq``); the activity view reads who changed what, and when. Writers append to it
    one transaction at a time (``PostgresBackend.begin_write``), so a sequence number seen
    committed has every smaller one committed before it. Unused in a SQLite library."""

    seq: int | None = Field(default=None, primary_key=True)
    clipping_id: int = Field(index=True)
    what: str = ""  # the kind of change, in a word ("clipping", "mark", ...), when known
    author: str | None = None  # the database user (set by the server)
    at: datetime | None = None  # the server's clock


class Setting(SQLModel, table=True):
    """Library-level settings (the briefing's author and organisation, ...)."""

    key: str = Field(primary_key=True)
    value: str


class Feed(SQLModel, table=True):
    """A subscription: an RSS or Atom feed at a web address or in a local file."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(index=True, unique=True)  # web address, or absolute path of a file
    title: str = ""
    mode: str = "content"  # content: the entry's own text | fetch: the linked article
    interval_minutes: int = 60
    last_refreshed: datetime | None = None
    last_error: str | None = None
    created: datetime


class FeedEntry(SQLModel, table=True):
    """An entry of a feed already captured (or found already in the library)."""

    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(foreign_key="feed.id", index=True, ondelete="CASCADE")
    guid: str | None = Field(default=None, index=True)
    url: str | None = Field(default=None, index=True)  # normalised (url_key)
    clipping_id: int | None = Field(default=None, foreign_key="clipping.id", index=True,
                                    ondelete="SET NULL")
    seen: datetime


class SuggestionRejection(SQLModel, table=True):
    """An entity suggestion the user turned down for one clipping; it is not offered again
    for that clipping. ``name`` is the suggestion's name, folded (``entities.fold_name``)."""

    id: int | None = Field(default=None, primary_key=True)
    clipping_id: int = Field(foreign_key="clipping.id", index=True, ondelete="CASCADE")
    name: str
    created: datetime


class Shingle(SQLModel, table=True):
    """A sampled hash of five consecutive words of a clipping's text: the index that finds
    clippings sharing passages (derived copies) without reading every text."""

    __table_args__ = {"sqlite_with_rowid": False}

    # an unsigned 32-bit number: SQLite's INTEGER holds it, PostgreSQL needs a BIGINT
    hash: int = Field(sa_type=BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    clipping_id: int = Field(foreign_key="clipping.id", primary_key=True, index=True,
                             ondelete="CASCADE")


class ShingleState(SQLModel, table=True):
    """Which text of a clipping (by content hash) its shingles were made from."""

    clipping_id: int = Field(foreign_key="clipping.id", primary_key=True, ondelete="CASCADE")
    content_hash: str
