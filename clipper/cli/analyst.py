"""The command line's analyst commands: ``entities``, ``entity``, ``derived``, ``quotes``,
``bias-by-outlet`` and ``source-note``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clipper.cli.shared import EXIT_OK, Commands, open_library, print_json
from clipper.cli.words import count
from clipper.core.errors import NotFoundError
from clipper.core.kinds import ENTITY_KINDS
from clipper.core.records import stored_id
from clipper.core.serialize import row_to_json

if TYPE_CHECKING:
    import argparse

    from clipper.core.derived import Passage
    from clipper.core.entities import Quote, Suggestion
    from clipper.core.library import Library
    from clipper.core.store.derivation import DerivedCandidate
    from clipper.core.store.views import EntityView, OutletBias


def add_analyst_commands(commands: Commands) -> None:
    """Register the analyst commands on the ``clipper`` sub-command parser."""
    p = commands.add_parser("entities", help="entity suggestions; the entities of the library")
    sub = p.add_subparsers(dest="entities_command", metavar="ACTION", required=True)
    q = sub.add_parser("suggest", help="the entities a clipping seems to name")
    q.add_argument("id", type=int)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_suggest)
    q = sub.add_parser("accept", help="tag every occurrence of a suggested (or named) entity")
    q.add_argument("id", type=int)
    q.add_argument("name")
    q.add_argument("--kind", choices=ENTITY_KINDS)
    q.add_argument("--everywhere", action="store_true",
                   help="also in every other clipping whose text names it")
    q.set_defaults(func=cmd_accept)
    q = sub.add_parser("reject", help="do not suggest this entity for this clipping again")
    q.add_argument("id", type=int)
    q.add_argument("name")
    q.set_defaults(func=cmd_reject)
    q = sub.add_parser("list", help="the entities with their aliases and clipping counts")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list_entities)
    q = sub.add_parser("merge", help="merge OTHER into KEEP (OTHER's name becomes an alias)")
    q.add_argument("keep", metavar="KEEP")
    q.add_argument("other", metavar="OTHER")
    q.set_defaults(func=cmd_merge)

    p = commands.add_parser("entity", help="an entity: its clippings, company and months")
    p.add_argument("entity", metavar="ID_OR_NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_entity)

    p = commands.add_parser("derived", help="clippings sharing text with a clipping")
    p.add_argument("id", type=int)
    p.add_argument("--link", type=int, metavar="ORIGINAL", help="mark ID as derived from it")
    p.add_argument("--unlink", action="store_true", help="clear ID's derived-from link")
    p.add_argument("--no-note", action="store_true", help="with --link: add no bias note")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_derived)

    p = commands.add_parser("quotes", help="a clipping's quotations and who said them")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_quotes)

    p = commands.add_parser("bias-by-outlet", help="bias notes per outlet, by category")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bias_by_outlet)

    p = commands.add_parser("source-note", help="an outlet's credibility rating and note")
    p.add_argument("source", metavar="OUTLET", help="the outlet's name or id")
    p.add_argument("--rating", help='e.g. "reliable", "state media" (left out: kept; '
                   '"": cleared)')
    p.add_argument("--note", help='your note on the outlet (left out: kept; "": cleared)')
    p.set_defaults(func=cmd_source_note)


# -- commands --------------------------------------------------------------------------------


def cmd_suggest(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        body = library.bodies([args.id]).get(args.id, "")
        title = library.get_clipping(args.id).clipping.title
        suggestions = library.suggest_entities(args.id)
    if args.json:
        print_json([suggestion_to_json(s, body, title) for s in suggestions])
        return EXIT_OK
    for s in suggestions:
        also = f" (also {', '.join(s.aliases)})" if s.aliases else ""
        where = ", ".join(filter(None, [f"{len(s.spans)}\u00d7" if s.spans else "",
                                        "in the title" if s.title_spans else ""]))
        print(f"{s.name}{also}  [{s.kind}, {where}, {s.reason}]  {s.evidence}")
    return EXIT_OK


def cmd_accept(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        suggestion = library.suggestion_for(args.id, args.name, args.kind)
        result = library.accept_suggestion(args.id, suggestion, everywhere=args.everywhere,
                                           kind=args.kind)
    print(f"Tagged {result.entity.name} ({result.entity.kind}): "
          f"{count(result.total_mentions, 'mention')} in {count(result.clippings, 'clipping')}.")
    return EXIT_OK


def cmd_reject(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        library.reject_suggestion(args.id, args.name)
    print(f"{args.name} will not be suggested for clipping {args.id} again.")
    return EXIT_OK


def cmd_list_entities(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        entities = library.list_entities()
    data: list[dict[str, Any]] = [
        {"id": e.id, "name": e.name, "kind": e.kind, "aliases": sorted(a, key=str.casefold),
         "clippings": n} for e, a, n in entities]
    if args.json:
        print_json(data)
        return EXIT_OK
    for item in data:
        also = f" (also {', '.join(item['aliases'])})" if item["aliases"] else ""
        print(f"{item['id']:>6}  {item['name']}{also}  [{item['kind']}]  "
              f"{count(item['clippings'], 'clipping')}")
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        keep, other = _entity(library, args.keep), _entity(library, args.other)
        merged = library.merge_entities(keep, other).entity
    print(f"Merged into {merged.name} (entity {merged.id}).")
    return EXIT_OK


def cmd_entity(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        view = library.entity_view(_entity(library, args.entity))
    data = entity_view_to_json(view)
    if args.json:
        print_json(data)
        return EXIT_OK
    also = f" (also {', '.join(view.aliases)})" if view.aliases else ""
    print(f"{view.entity.name}{also}  [{view.entity.kind}]  {count(view.mentions, 'mention')} "
          f"in {count(len(view.clippings), 'clipping')}")
    for row in view.clippings:
        print(f"  {row.id:>6}  {row.date:%Y-%m-%d}  {row.title}  [{row.source or ''}]")
    if view.co_occurring:
        print("Named with: " + ", ".join(f"{e.name} ({n})" for e, n in view.co_occurring))
    if view.by_month:
        print("By month: " + ", ".join(f"{m} {n}" for m, n in view.by_month))
    return EXIT_OK


def cmd_derived(args: argparse.Namespace) -> int:
    changing = args.link is not None or args.unlink
    with open_library(args, reading=not changing) as library:
        if args.link is not None:
            library.link_derived(args.id, args.link, add_bias_note=not args.no_note)
        elif args.unlink:
            library.unlink_derived(args.id)
        candidates = library.find_derived(args.id)
        detail = library.get_clipping(args.id)
        bodies = library.bodies([args.id, *(c.clipping_id for c in candidates)])
    if args.json:
        print_json({"id": args.id, "derived_from": detail.clipping.derived_from_id,
                         "candidates": [candidate_to_json(c, bodies[args.id],
                                                          bodies[c.clipping_id])
                                        for c in candidates]})
        return EXIT_OK
    if detail.clipping.derived_from_id:
        print(f"Clipping {args.id} is marked as derived from {detail.clipping.derived_from_id}.")
    if not candidates:
        print("No clipping shares a substantial part of its text.")
    for c in candidates:
        role = "likely original" if c.likely_original else "likely copy"
        print(f"{c.clipping_id:>6}  {c.score:.0%} of this text is in it, {c.reverse:.0%} of "
              f"its text is in this ({role}{', linked' if c.linked else ''})  {c.title}  "
              f"[{c.source or ''}]")
        for p in c.passages[:3]:
            text = " ".join(bodies[args.id][p.start:p.end].split())
            print(f"        \u201c{text[:100]}{'\u2026' if len(text) > 100 else ''}\u201d")
    return EXIT_OK


def cmd_quotes(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        quotes = library.quotes(args.id)
    if args.json:
        print_json([quote_to_json(q) for q in quotes])
        return EXIT_OK
    for q in quotes:
        print(f"{q.speaker}: \u201c{' '.join(q.text.split())}\u201d")
    return EXIT_OK


def cmd_bias_by_outlet(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        outlets = library.bias_by_outlet()
        names = {c.key: c.name for c in library.list_bias_categories()}
    if args.json:
        print_json([outlet_bias_to_json(o) for o in outlets])
        return EXIT_OK
    for o in outlets:
        rating = f"  rated: {o.source.rating}" if o.source.rating else ""
        print(f"{o.source.name}: {count(o.clippings, 'clipping')}, "
              f"{count(o.total, 'bias note')}{rating}")
        for key, n in sorted(o.notes.items(), key=lambda item: -item[1]):
            print(f"    {names.get(key, key)}: {n}")
    return EXIT_OK


def cmd_source_note(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        sources = {str(s.id): s for s, _ in library.list_sources()}
        source = sources.get(args.source) or next(
            (s for s in sources.values() if s.name.casefold() == args.source.casefold()), None)
        if source is None:
            raise NotFoundError(f"There is no outlet called '{args.source}'.")
        # An option left out keeps its value; "" clears it.
        source = library.set_source_note(
            stored_id(source), source.rating if args.rating is None else args.rating,
            source.note if args.note is None else args.note)
    print(f"{source.name}: rating {source.rating or '(none)'}; note {source.note or '(none)'}")
    return EXIT_OK


def _entity(library: Library, text: str) -> int:
    if text.isdigit():
        return int(text)
    entity = library.find_entity(text)
    if entity is None:
        raise NotFoundError(f"There is no entity called '{text}'.")
    return stored_id(entity)


# -- JSON shapes (documented in the README) --------------------------------------------------


def suggestion_to_json(s: Suggestion, body: str, title: str = "") -> dict[str, Any]:
    return {"name": s.name, "kind": s.kind, "reason": s.reason, "evidence": s.evidence,
            "confidence": s.confidence, "aliases": s.aliases, "entity_id": s.entity_id,
            "spans": [{"start": a, "end": b, "text": body[a:b]} for a, b in s.spans],
            "title_spans": [{"start": a, "end": b, "text": title[a:b]}
                            for a, b in s.title_spans]}


def entity_view_to_json(view: EntityView) -> dict[str, Any]:
    return {"id": view.entity.id, "name": view.entity.name, "kind": view.entity.kind,
            "aliases": view.aliases, "mentions": view.mentions,
            "clippings": [row_to_json(row) for row in view.clippings],
            "co_occurring": [{"id": e.id, "name": e.name, "kind": e.kind, "clippings": n}
                             for e, n in view.co_occurring],
            "by_month": [{"month": m, "clippings": n} for m, n in view.by_month]}


def _passage(p: Passage, body: str, other: str) -> dict[str, Any]:
    return {"start": p.start, "end": p.end, "other_start": p.other_start,
            "other_end": p.other_end, "text": body[p.start:p.end],
            "other_text": other[p.other_start:p.other_end]}


def candidate_to_json(c: DerivedCandidate, body: str, other: str) -> dict[str, Any]:
    return {"id": c.clipping_id, "title": c.title, "source": c.source,
            "date": c.date.isoformat(), "score": c.score, "reverse": c.reverse,
            "shared_shingles": c.shared, "likely_original": c.likely_original,
            "linked": c.linked, "passages": [_passage(p, body, other) for p in c.passages]}


def quote_to_json(q: Quote) -> dict[str, Any]:
    span = {"start": q.speaker_span[0], "end": q.speaker_span[1]} if q.speaker_span else None
    return {"text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker,
            "speaker_span": span, "entity_id": q.entity_id, "direct": q.direct}


def outlet_bias_to_json(o: OutletBias) -> dict[str, Any]:
    s = o.source
    return {"source": {"id": s.id, "name": s.name, "domain": s.domain, "rating": s.rating,
                       "note": s.note},
            "clippings": o.clippings, "bias_notes": o.notes, "total": o.total}
