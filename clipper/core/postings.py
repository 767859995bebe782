"""Whoosh's postings (codec W3) read in bulk: a term's postings in a segment in one read, a
block at a time, the ids and weights without the positions where only they are needed, and
positions decoded a block at a time. Private parts of Whoosh used here are pinned by
tests/core/test_private_apis.py; scoring.py ranks with what this reads."""

from __future__ import annotations

import struct
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from io import BytesIO
from itertools import accumulate
from pickle import load, loads
from typing import TYPE_CHECKING, Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC

if TYPE_CHECKING:  # Whoosh has no type information: these name what is passed, for readers
    from whoosh.codec.whoosh3 import W3TermsReader
    from whoosh.reading import TermInfo

Block = tuple[list[int], Any, Any]  # a block of postings: document numbers, weights, values
_BLOCK_SIZE = struct.Struct("!i")  # a block's length in bytes, negative for the last block


_COUNT_BYTES = 4  # Whoosh's Positions value: the count (an unsigned int), then pickled deltas


def decode_positions(value: bytes) -> list[int]:
    """``Positions.decode_positions`` of whoosh.formats, with the sum in C: the positions of
    one posting (tests/core/test_private_apis.py holds the two equal)."""
    if not value.endswith(b"."):  # Whoosh leaves the pickle's STOP off to save a byte
        value += b"."
    return list(accumulate(loads(value[_COUNT_BYTES:])))


_PROTO = b"\x80\x02"  # how each value's pickle starts (protocol 2)
_STOP = ord(".")  # how it ends (Whoosh leaves it off where it saved a byte)


def decode_block_positions(values: tuple[bytes, ...]) -> tuple[list[int], ...]:
    """The position deltas of a block of postings in one pickle load, rather than one load per
    posting (most of a phrase's time at 50,000 clippings): each value's pickled list of deltas,
    without its protocol mark and STOP, placed in one tuple. ``decode_positions`` of each
    value, before the sum (tests/core/test_private_apis.py holds the two equal)."""
    if values and values[0][_COUNT_BYTES:_COUNT_BYTES + 2] != _PROTO:
        raise ValueError("not a pickle of protocol 2")
    start = _COUNT_BYTES + 2
    # MARK: the lists that follow make one tuple (TUPLE, then STOP)
    lists = loads(b"".join([_PROTO, b"(", *[v[start:-1] if v[-1] == _STOP else v[start:]
                                          for v in values], b"t."]))
    if len(lists) != len(values):
        raise ValueError("not a block of positions")
    return lists


@dataclass
class TermBlocks:
    """One term's postings in one segment (its terms reader and term info), read in one piece
    the first time they are needed, and its blocks decoded once each."""

    terms: W3TermsReader
    info: TermInfo
    form: Any  # the field's postings format
    raw: bytes | None = None
    decoded: dict[int, Block] = field(default_factory=dict)  # by the block's place in ``raw``

    def blocks(self, wanted: list[int] | None, values: bool = False) -> list[Block] | None:
        """The postings a block at a time: document numbers, weights (term frequencies) and,
        with ``values``, the values (positions, where the field keeps them; else None); with
        ``wanted`` (sorted document numbers), only the blocks whose range holds one of them.
        None if the postings are not laid out as this assumes (then Whoosh ranks).

        This is W3LeafMatcher's block reading (whoosh.codec.whoosh3) done on the postings
        read in one piece: the matcher reads each block's header with a pickle load from the
        segment file, a read call per few bytes, which cost more than the scoring itself; and
        its block data (a pickle of ids, weights and values) is unpickled whole, though the
        values, a bytes object each, cost twenty times what the ids and weights do. Blocks are
        decoded once per search (a phrase's words are read for their scores, then for their
        positions)."""
        if self.info.is_inlined():
            return None
        raw = self.raw
        if raw is None:
            offset, length = self.info.extent()
            if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it unpacked
                (length,) = length
            raw = self.raw = self.terms._postfile.get(offset, length)
        if raw[:4] != WHOOSH3_HEADER_MAGIC:
            return None
        stream = BytesIO(raw)
        found: list[Block] = []
        position, previous_max = 4, -1
        while position < len(raw):
            (size,) = _BLOCK_SIZE.unpack_from(raw, position)
            stream.seek(position + _BLOCK_SIZE.size)
            count, block_max, _max_weight, compressed, _min, _max = load(stream)
            if wanted is None or (bisect_right(wanted, block_max)
                                  > bisect_right(wanted, previous_max)):
                block = self.decoded.get(position)
                if block is None or values and block[2] is None:
                    data = raw[stream.tell():position + _BLOCK_SIZE.size + abs(size)]
                    block = self.decoded[position] = _block(self.form, data, compressed, count,
                                                            values)
                found.append(block)
            if size < 0:  # the last block
                break
            previous_max = block_max
            position += _BLOCK_SIZE.size + abs(size)
        return found


_VALUES = b"c_codecs\nencode\n"  # protocol 2's bytes: where a block's pickled values begin
_TUPLE2_STOP = b"\x86."  # the two that came before as a tuple, and the end of the pickle
_MARK = b"("
_READ_AHEAD = 4096  # bytes decompressed at a time while looking for the values


def _block(form: Any, data: bytes, compressed: int, count: int, values: bool) -> Block:
    """A block's document numbers, weights and (with ``values``) values, from its data."""
    if not values:
        head = _ids_and_weights(data, compressed, count)
        if head is not None:
            ids, weights = head
            return list(accumulate(ids)), _weights(weights, count), None
    ids, weights, kept = loads(zlib.decompress(data) if compressed else data)
    fixed = form.fixed_value_size()
    if fixed == 0:
        kept = (None,) * count
    elif fixed is not None and fixed > 0:
        kept = [kept[i:i + fixed] for i in range(0, len(kept), fixed)]
    return list(accumulate(ids)), _weights(weights, count), kept


def _weights(weights: Any, count: int) -> Any:
    if weights is None or isinstance(weights, float):  # all 1.0, or all the same
        return [1.0 if weights is None else weights] * count
    return weights


def _ids_and_weights(data: bytes, compressed: int, count: int) -> tuple[Any, Any] | None:
    """The first two of a block's (ids, weights, values) pickle, read without the values: the
    pickle cut where the values begin and closed as a pair. None where they cannot be found
    (no values kept as bytes), or the cut pickle is not that pair."""
    if compressed:
        stream = zlib.decompressobj()
        head = stream.decompress(data, _READ_AHEAD)
        at = head.find(_VALUES)
        while at < 0 and stream.unconsumed_tail:
            seen = len(head)
            head += stream.decompress(stream.unconsumed_tail, _READ_AHEAD)
            at = head.find(_VALUES, max(0, seen - len(_VALUES)))
    else:
        head = data
        at = head.find(_VALUES)
    if at < 0:
        return None
    # More than three values start with a MARK before the first; three or fewer do not.
    for cut in (at - 1, at) if head[at - 1:at] == _MARK else (at,):
        try:
            pair = loads(head[:cut] + _TUPLE2_STOP)
        except Exception:  # noqa: BLE001, S112 - not the pair: try the other cut, or all
            continue
        if isinstance(pair, tuple) and len(pair) == 2 and len(pair[0]) == count:
            return pair
    return None
