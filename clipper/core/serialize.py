"""The JSON shapes of the command line (documented in the README; a public interface)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from clipper.core.records import ClippingDetail, ClippingRow

if TYPE_CHECKING:  # Whoosh loads only where a search runs (not to start the window)
    from clipper.core.search import SearchHit


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def row_to_json(row: ClippingRow) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "source": row.source,
            "published": _iso(row.published), "captured": _iso(row.captured),
            "status": row.status, "flagged": row.flagged, "tags": row.tags,
            "annotations": row.annotation_count, "bias_notes": row.bias_count}


def hit_to_json(hit: SearchHit, row: ClippingRow) -> dict[str, Any]:
    return {"id": hit.id, "title": row.title, "source": row.source,
            "published": _iso(row.published), "captured": _iso(row.captured),
            "score": round(hit.score, 4), "snippet": hit.snippet}


def _span(start: int | None, end: int | None, quote: str | None) -> dict[str, Any] | None:
    if start is None:
        return None
    return {"start": start, "end": end, "quote": quote}


def detail_to_json(detail: ClippingDetail) -> dict[str, Any]:
    c = detail.clipping
    return {
        "id": c.id,
        "title": c.title,
        "source": ({"name": detail.source.name, "domain": detail.source.domain}
                   if detail.source else None),
        "url": c.url,
        "authors": detail.authors,
        "wire": c.wire,
        "published": _iso(c.published),
        "captured": _iso(c.captured),
        "language": c.language,
        "status": c.status,
        "flagged": c.flagged,
        "tags": detail.tags,
        "collections": detail.collections,
        "summary": c.summary,
        "body": c.body,
        "bias_notes": [
            {"id": v.note.id, "category": v.category.key, "category_name": v.category.name,
             "note": v.note.note, "span": _span(v.note.start, v.note.end, v.note.quote),
             "orphaned": v.orphaned}
            for v in detail.bias_notes
        ],
        "annotations": [
            {"id": v.annotation.id, "start": v.annotation.start, "end": v.annotation.end,
             "quote": v.annotation.quote, "color": v.annotation.color,
             "note": v.annotation.note, "orphaned": v.span is None}
            for v in detail.annotations
        ],
        "mentions": [
            {"id": v.mention.id, "entity": v.entity.name, "kind": v.entity.kind,
             "start": v.mention.start, "end": v.mention.end, "quote": v.mention.quote,
             "in": v.mention.place, "orphaned": v.orphaned}
            for v in detail.mentions
        ],
    }
