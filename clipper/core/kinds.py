"""The kinds of things Clipper tells apart, declared once. They are ``StrEnum``s: a member
equals its value (``EntityKind.PERSON == "person"``), so what is stored stays plain text."""

from __future__ import annotations

from enum import StrEnum


class EntityKind(StrEnum):
    """What an entity is. The order is the order they are offered and listed in."""

    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    COUNTRY = "country"
    PROGRAMME = "programme"  # a programme or an event
    OTHER = "other"


# Their values, as plain text (a command line's choices show them as they are typed).
ENTITY_KINDS: tuple[str, ...] = tuple(kind.value for kind in EntityKind)


class MarkKind(StrEnum):
    """What a mark on a clipping's words is."""

    ANNOTATION = "annotation"  # a highlight, with or without a note
    MENTION = "mention"  # an entity tagged at these words
    BIAS = "bias"  # a bias note


class ReadingStatus(StrEnum):
    """Whether a clipping has been read (``Clipping.status`` stores the value)."""

    UNREAD = "unread"
    READ = "read"


class ListOrder(StrEnum):
    """The order of a list of clippings (``list_ids``, ``list_clippings``)."""

    DATE = "date"  # newest first: published, else captured
    TITLE = "title"  # by title, ignoring case
    COLLECTION = "collection"  # the collection's own order (with a collection in the filter)


class SearchOrder(StrEnum):
    """The order of search results."""

    RELEVANCE = "relevance"
    DATE = "date"  # newest first


class ClippingField(StrEnum):
    """A field of a clipping the user edits (``update_clipping``; tags through ``set_tags``)."""

    TITLE = "title"
    BODY = "body"
    URL = "url"
    AUTHORS = "authors"
    WIRE = "wire"  # the news agency the story came through
    PUBLISHED = "published"
    LANGUAGE = "language"
    SUMMARY = "summary"
    STATUS = "status"
    FLAGGED = "flagged"
    SOURCE_NAME = "source_name"  # the outlet, by name
    TAGS = "tags"


class ImportStatus(StrEnum):
    """What became of one file of an import."""

    IMPORTED = "imported"
    DUPLICATE = "duplicate"  # the library has it already
    FAILED = "failed"


class StorageProblem(StrEnum):
    """Why the disk refused a write."""

    FULL = "full"
    READ_ONLY = "read-only"
    OTHER = "other"


class TeamRole(StrEnum):
    """What a member of a team library may do (docs/TEAM.md)."""

    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"
