"""What a crash driver's journal says must be in the library, and the check that it is.

Every ``done`` operation must show; the one operation in flight when the process was killed
(a ``begin`` without its ``done``) must show entirely or not at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from clipper.core.errors import NotFoundError
from clipper.core.library import Library

# Operations in flight whose effect can be checked (they change something that exists).
CHECKABLE = ("note", "unannotate", "summary")


@dataclass
class Expected:
    clippings: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> title, token
    annotations: dict[int, str | None] = field(default_factory=dict)  # id -> note (None: gone)
    tags: set[tuple[int, str]] = field(default_factory=set)
    bias: set[tuple[int, int]] = field(default_factory=set)  # (clipping, note id)
    summaries: dict[int, str] = field(default_factory=dict)
    exports: set[str] = field(default_factory=set)
    annotation_clipping: dict[int, int] = field(default_factory=dict)

    def apply(self, op: dict) -> None:
        kind = op["op"]
        if kind in ("add", "import") and op.get("id") is not None:
            self.clippings[op["id"]] = (op["title"], op["token"])
        elif kind == "annotate":
            self.annotations[op["id"]] = "new"
            self.annotation_clipping[op["id"]] = op["cid"]
        elif kind == "note":
            self.annotations[op["id"]] = f"n{op['seq']}"
        elif kind == "unannotate":
            self.annotations[op["id"]] = None
        elif kind == "tag":
            self.tags.add((op["cid"], op["tag"]))
        elif kind == "bias":
            self.bias.add((op["cid"], op["id"]))
        elif kind == "summary":
            self.summaries[op["cid"]] = f"s{op['seq']}"
        elif kind == "export":
            self.exports.add(op["path"])


def read_journal(path: Path) -> tuple[list[dict], list[dict]]:
    """The operations done, in order, and those begun but neither done nor resolved."""
    done: dict[int, dict] = {}
    begun: dict[int, dict] = {}
    settled: set[int] = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by the kill
            if "done" in record:
                done[record["done"]] = record["op"]
            elif "begin" in record:
                begun[record["begin"]] = record["op"]
            elif "abandoned" in record:
                settled.add(record["abandoned"])
    in_flight = [op for seq, op in begun.items() if seq not in done and seq not in settled]
    return [done[seq] for seq in sorted(done)], in_flight


def mismatches(expected: Expected, library: Library) -> list[str]:
    """Every way the library differs from what the journal promises."""
    problems: list[str] = []
    details = {}
    wanted = set(expected.clippings) | {c for c, _ in expected.tags} | set(expected.summaries)
    wanted |= {c for c, _ in expected.bias} | set(expected.annotation_clipping.values())
    for cid in sorted(wanted):
        try:
            details[cid] = library.get_clipping(cid)
        except NotFoundError:
            problems.append(f"clipping {cid} is missing")
    for cid, (title, _token) in expected.clippings.items():
        if cid in details and details[cid].clipping.title != title:
            problems.append(f"clipping {cid} has title {details[cid].clipping.title!r}")
    notes = {view.annotation.id: view.annotation.note
             for detail in details.values() for view in detail.annotations}
    for aid, note in expected.annotations.items():
        if note is None and aid in notes:
            problems.append(f"annotation {aid} was deleted but is there")
        elif note is not None and notes.get(aid) != note:
            problems.append(f"annotation {aid} has note {notes.get(aid)!r}, not {note!r}")
    for cid, tag in expected.tags:
        if cid in details and tag not in details[cid].tags:
            problems.append(f"clipping {cid} lost tag {tag}")
    for cid, bias_id in expected.bias:
        if cid in details and bias_id not in {v.note.id for v in details[cid].bias_notes}:
            problems.append(f"bias note {bias_id} is missing")
    for cid, summary in expected.summaries.items():
        if cid in details and details[cid].clipping.summary != summary:
            problems.append(f"clipping {cid} has summary {details[cid].clipping.summary!r}")
    problems += _unsearchable(expected, library)
    problems += [f"export {p} is not a complete PDF" for p in sorted(expected.exports)
                 if not complete_pdf(Path(p))]
    return problems


def _unsearchable(expected: Expected, library: Library) -> list[str]:
    by_token = {token: cid for cid, (_title, token) in expected.clippings.items()}
    tokens = sorted(by_token)
    found: set[int] = set()
    for start in range(0, len(tokens), 200):
        found |= set(library.matching_ids(" OR ".join(tokens[start:start + 200])))
    return [f"clipping {cid} is not found by searching {token}"
            for token, cid in by_token.items() if cid not in found]


def complete_pdf(path: Path) -> bool:
    """Whether ``path`` is a whole PDF: it ends with %%EOF and pypdf reads every page."""
    from pypdf import PdfReader

    try:
        data = path.read_bytes()
        if b"%%EOF" not in data[-64:]:
            return False
        return len(PdfReader(path).pages) > 0
    except Exception:
        return False


def settle(journal: Path, library: Library) -> tuple[list[str], int]:
    """Check the library against the journal; the operation in flight is taken as done when
    its effect shows and as abandoned when it does not, and that is written to the journal.
    Returns the problems found and how many operations the journal holds."""
    done, in_flight = read_journal(journal)
    expected = Expected()
    for op in done:
        expected.apply(op)
    problems = mismatches(expected, library)
    records = []
    for op in in_flight:
        for candidate in _outcomes(op, problems):
            trial = Expected(**{k: _copy(v) for k, v in expected.__dict__.items()})
            trial.apply(candidate)
            if not mismatches(trial, library):
                problems, expected = [], trial
                records.append({"done": op["seq"], "op": candidate, "settled": True})
                break
        else:
            records.append({"abandoned": op["seq"]})
    with open(journal, "a", encoding="utf-8") as file:
        for record in records:
            file.write(json.dumps(record) + "\n")
    return problems, len(done)


def _outcomes(op: dict, problems: list[str]) -> list[dict]:
    """What the operation in flight may have done, when the library differs from the done
    operations: an edit of something that exists, or a new highlight that took the id of one
    deleted before (SQLite reuses the highest row id once it is free)."""
    if not problems:
        return []
    if op["op"] in CHECKABLE:
        return [op]
    if op["op"] == "annotate":
        back = [re.match(r"annotation (\d+) was deleted but is there", p) for p in problems]
        return [{**op, "id": int(m.group(1))} for m in back if m]
    return []


def _copy(value: object) -> object:
    return value.copy() if hasattr(value, "copy") else value
