"""Moving a personal library into a team library: clippings with their marks, entity tags,
bias notes, tags and collections, through the same ``Library`` API as every other change (so
the team server records who brought each in, and every desktop's index follows).

A clipping the team library already has (same address or same text) is not copied again: it is
reported as a duplicate, and the collections it was in take the team's copy instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from clipper.core.errors import ClipperError, DuplicateError
from clipper.core.library import Library
from clipper.core.records import ClippingDetail, ClippingDraft


@dataclass
class UploadReport:
    added: int = 0
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # title, team clipping id
    marks: int = 0  # highlights, notes, entity tags and bias notes copied
    collections: int = 0
    problems: list[str] = field(default_factory=list)  # what could not be copied, in words


def upload_library(source: Library, target: Library,
                   progress: Callable[[int, int], None] | None = None) -> UploadReport:
    """Copy everything in ``source`` into ``target`` (oldest first); see the module."""
    report = UploadReport()
    ids = list(reversed(source.list_ids()))
    mapped: dict[int, int] = {}
    categories = {c.key for c in target.list_bias_categories()}
    with target.deferred_indexing():
        for done, clipping_id in enumerate(ids, 1):
            detail = source.get_clipping(clipping_id)
            new_id = _copy_clipping(source, target, detail, report)
            if new_id is not None:
                mapped[clipping_id] = new_id
                if new_id not in {d for _, d in report.duplicates}:
                    _copy_marks(target, detail, new_id, categories, report)
            if progress:
                progress(done, len(ids))
        for collection, _count in source.list_collections():
            assert collection.id is not None
            members = [mapped[i] for i in source.get_collection(collection.id).clipping_ids
                       if i in mapped]
            existing = target.find_collection(collection.name)
            into = existing or target.create_collection(collection.name, collection.summary)
            assert into.id is not None
            target.add_to_collection(into.id, members)
            report.collections += 1
    return report


def _copy_clipping(source: Library, target: Library, detail: ClippingDetail,
                   report: UploadReport) -> int | None:
    clipping = detail.clipping
    assert clipping.id is not None
    draft = ClippingDraft(
        title=clipping.title, body=clipping.body,
        source_name=detail.source.name if detail.source else None, url=clipping.url,
        authors=detail.authors, wire=clipping.wire, published=clipping.published,
        language=clipping.language,
        html=source.original_html(clipping.id), origin=clipping.origin, tags=detail.tags,
        summary=clipping.summary)
    try:
        new = target.add_clipping(draft)
    except DuplicateError as exc:
        report.duplicates.append((clipping.title, exc.existing_id))
        return exc.existing_id
    except ClipperError as exc:
        report.problems.append(f"{clipping.title}: {exc}")
        return None
    assert new.id is not None
    changes = {name: getattr(clipping, name) for name in ("status", "flagged")
               if getattr(clipping, name) != getattr(new, name)}
    if changes:
        target.update_clipping(new.id, **changes)
    report.added += 1
    return new.id


def _copy_marks(target: Library, detail: ClippingDetail, new_id: int, categories: set[str],
                report: UploadReport) -> None:
    title = detail.clipping.title
    for view in detail.annotations:
        if view.span is None:
            report.problems.append(f"{title}: a highlight whose words are gone was left out")
            continue
        target.add_annotation(new_id, *view.span, view.annotation.color, view.annotation.note)
        report.marks += 1
    for mention in detail.mentions:
        span = mention.title_span if mention.in_title else mention.span
        if span is None:
            report.problems.append(f"{title}: the tag of {mention.entity.name} whose words are "
                                   "gone was left out")
            continue
        target.add_mention(new_id, *span, mention.entity.name, mention.entity.kind,
                           mention.mention.place)
        report.marks += 1
    for bias in detail.bias_notes:
        key = bias.category.key
        if key not in categories:
            try:
                target.add_bias_category(bias.category.name, bias.category.color,
                                         bias.category.description, key)
            except ClipperError as exc:
                report.problems.append(f"{title}: a bias note of {bias.category.name!r} was "
                                       f"left out ({exc})")
                continue
            categories.add(key)
        start, end = bias.span if bias.span else (None, None)
        if bias.orphaned:
            report.problems.append(f"{title}: a bias note whose words are gone was kept for "
                                   "the whole clipping")
        target.add_bias_note(new_id, key, bias.note.note, start, end)
        report.marks += 1
