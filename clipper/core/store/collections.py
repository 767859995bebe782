"""Collections (ordered clippings, the unit a briefing is made from), saved searches, settings."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, func, select

from clipper.core.db import utcnow
from clipper.core.errors import InvalidInputError, NotFoundError
from clipper.core.models import Clipping, Collection, CollectionItem, SavedSearch, Setting
from clipper.core.records import CollectionView
from clipper.core.store.unit_of_work import UnitOfWork


class CollectionStore:
    """Collections, saved searches and the library's settings."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    # -- collections -------------------------------------------------------------------------

    def create_collection(self, name: str, summary: str = "") -> Collection:
        name = _clean_name(name, "collection")
        with self._work.write() as session:
            existing = _collection_named(session, name)
            if existing is not None:
                raise InvalidInputError(
                    f"There is already a collection called '{existing.name}'.")
            collection = Collection(name=name, summary=summary, created=utcnow())
            session.add(collection)
        return collection

    def rename_collection(self, collection_id: int, name: str) -> Collection:
        name = _clean_name(name, "collection")
        with self._work.write() as session:
            collection = _collection(session, collection_id)
            other = _collection_named(session, name)
            if other is not None and other.id != collection_id:
                raise InvalidInputError(f"There is already a collection called '{other.name}'.")
            collection.name = name
            session.add(collection)
        return collection

    def set_collection_summary(self, collection_id: int, summary: str) -> None:
        with self._work.write() as session:
            collection = _collection(session, collection_id)
            collection.summary = summary
            session.add(collection)

    def delete_collection(self, collection_id: int) -> CollectionView:
        """Delete; returns what was deleted so ``restore_collection`` can put it back."""
        view = self.get_collection(collection_id)
        with self._work.write() as session:
            collection = _collection(session, collection_id)
            for clipping_id in view.clipping_ids:
                self._work.log(session, clipping_id,
                               f"deleted the collection \u201c{collection.name}\u201d")
            session.delete(collection)
        return view

    def restore_collection(self, view: CollectionView) -> Collection:
        with self._work.write() as session:
            collection = Collection(**view.collection.model_dump())
            session.add(collection)
            session.flush()
            existing = set(session.exec(select(Clipping.id).where(
                col(Clipping.id).in_(view.clipping_ids))))
            kept = [i for i in view.clipping_ids if i in existing]
            for position, clipping_id in enumerate(kept):
                session.add(CollectionItem(collection_id=collection.id, clipping_id=clipping_id,
                                           position=position))
                self._work.log(session, clipping_id,
                               f"restored the collection \u201c{collection.name}\u201d")
        return collection

    def list_collections(self) -> list[tuple[Collection, int]]:
        with self._work.session() as session:
            rows = session.exec(
                select(Collection, func.count(col(CollectionItem.clipping_id)))
                .join(CollectionItem, isouter=True).group_by(Collection.id)
                .order_by(Collection.name)).all()
            return [(c, n) for c, n in rows]

    def get_collection(self, collection_id: int) -> CollectionView:
        with self._work.session() as session:
            return CollectionView(_collection(session, collection_id),
                                  _item_ids(session, collection_id))

    def find_collection(self, name: str) -> Collection | None:
        with self._work.session() as session:
            return _collection_named(session, name)

    def add_to_collection(self, collection_id: int, clipping_ids: Iterable[int],
                          position: int | None = None) -> list[int]:
        """Insert clippings (at ``position``, default the end); those already in it move there.
        Returns the collection's order afterwards."""
        with self._work.write() as session:
            _collection(session, collection_id)
            order = _item_ids(session, collection_id)
            adding = [i for i in dict.fromkeys(clipping_ids)]
            for clipping_id in adding:
                if session.get(Clipping, clipping_id) is None:
                    raise NotFoundError(f"There is no clipping {clipping_id}.")
            rest = [i for i in order if i not in adding]
            at = len(rest) if position is None else max(0, min(position, len(rest)))
            return self._write_order(session, collection_id, rest[:at] + adding + rest[at:])

    def set_collection_clippings(self, collection_id: int, clipping_ids: list[int]) -> list[int]:
        """The collection holds exactly ``clipping_ids``, in that order (clippings added,
        removed and reordered in one transaction: one undo step is one change)."""
        order = list(dict.fromkeys(clipping_ids))
        with self._work.write() as session:
            _collection(session, collection_id)
            for clipping_id in order:
                if session.get(Clipping, clipping_id) is None:
                    raise NotFoundError(f"There is no clipping {clipping_id}.")
            return self._write_order(session, collection_id, order)

    def remove_from_collection(self, collection_id: int, clipping_ids: Iterable[int]) -> list[int]:
        drop = set(clipping_ids)
        with self._work.write() as session:
            order = [i for i in _item_ids(session, collection_id) if i not in drop]
            return self._write_order(session, collection_id, order)

    def reorder_collection(self, collection_id: int, clipping_ids: list[int]) -> list[int]:
        """Set the order; ``clipping_ids`` must be exactly the collection's clippings."""
        with self._work.write() as session:
            current = _item_ids(session, collection_id)
            if sorted(current) != sorted(clipping_ids):
                raise InvalidInputError(
                    "The new order must hold exactly the collection's clippings.")
            return self._write_order(session, collection_id, list(clipping_ids))

    def _write_order(self, session: Session, collection_id: int, order: list[int]) -> list[int]:
        """The collection holds ``order``; who added or removed a clipping is recorded (a
        team library's activity view)."""
        collection = _collection(session, collection_id)
        items = {item.clipping_id: item for item in session.exec(
            select(CollectionItem).where(CollectionItem.collection_id == collection_id))}
        for clipping_id, item in items.items():
            if clipping_id not in order:
                session.delete(item)
                self._work.log(session, clipping_id,
                               f"removed from collection \u201c{collection.name}\u201d")
        kept = [i for i in order if i in items]
        moved = _moved(kept, [items[i].position for i in kept])
        for position, clipping_id in enumerate(order):
            item = items.get(clipping_id)
            if item is None:
                item = CollectionItem(collection_id=collection_id, clipping_id=clipping_id)
                self._work.log(session, clipping_id,
                               f"added to collection \u201c{collection.name}\u201d")
            elif clipping_id in moved:
                self._work.log(session, clipping_id,
                               f"moved in collection \u201c{collection.name}\u201d")
            item.position = position
            session.add(item)
        return order

    # -- saved searches ----------------------------------------------------------------------

    def save_search(self, name: str, query: str) -> SavedSearch:
        name = _clean_name(name, "saved search")
        with self._work.write() as session:
            saved = session.exec(select(SavedSearch).where(SavedSearch.name == name)).first()
            if saved is None:
                saved = SavedSearch(name=name, query=query)
            saved.query = query
            session.add(saved)
        return saved

    def list_saved_searches(self) -> list[SavedSearch]:
        with self._work.session() as session:
            return list(session.exec(select(SavedSearch).order_by(SavedSearch.name)))

    def delete_saved_search(self, saved_id: int) -> SavedSearch:
        with self._work.write() as session:
            saved = session.get(SavedSearch, saved_id)
            if saved is None:
                raise NotFoundError(f"There is no saved search {saved_id}.")
            session.delete(saved)
        return saved

    # -- library settings --------------------------------------------------------------------

    def get_setting(self, key: str, default: str = "") -> str:
        with self._work.session() as session:
            setting = session.get(Setting, key)
            return setting.value if setting else default

    def set_setting(self, key: str, value: str) -> None:
        with self._work.write() as session:
            session.merge(Setting(key=key, value=value))


def _clean_name(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError(f"A {what} needs a name.")
    return name


def _collection(session: Session, collection_id: int) -> Collection:
    collection = session.get(Collection, collection_id)
    if collection is None:
        raise NotFoundError(f"There is no collection {collection_id}.")
    return collection


def _collection_named(session: Session, name: str) -> Collection | None:
    folded = " ".join(name.split()).casefold()
    return session.exec(select(Collection).where(func.lower(Collection.name) == folded)).first()


def _item_ids(session: Session, collection_id: int) -> list[int]:
    return list(session.exec(select(CollectionItem.clipping_id)
                             .where(CollectionItem.collection_id == collection_id)
                             .order_by(CollectionItem.position)))


def _moved(ids: list[int], old_positions: list[int]) -> set[int]:
    """The clippings a reordering moved: the fewest whose moving explains the new order (all
    but a longest run of clippings still in their old order). Dragging one clipping to the top
    moved that one, not every clipping below it."""
    tails: list[int] = []  # tails[k]: index (in ids) ending the best run of length k + 1
    before: list[int | None] = []
    for index, position in enumerate(old_positions):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if old_positions[tails[middle]] < position:
                low = middle + 1
            else:
                high = middle
        before.append(tails[low - 1] if low else None)
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    in_order: set[int] = set()
    at = tails[-1] if tails else None
    while at is not None:
        in_order.add(at)
        at = before[at]
    return {ids[i] for i in range(len(ids)) if i not in in_order}
