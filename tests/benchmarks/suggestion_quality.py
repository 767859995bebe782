"""How good are the entity suggestions? Precision and recall against hand labels.

    .venv/bin/python -m tests.benchmarks.suggestion_quality [--details]

Each text of ``tests/data/analyst/expected.json`` (the seed and three clippings written for
this test in other styles: a wire story, a feature, a newsletter item) is imported into a new
library and ``Library.suggest_entities`` is scored: a suggestion is right when its name or an
alias is the name or an alias of a labelled entity not already matched (a second suggestion for
the same entity counts as wrong); recall is the share of labelled entities suggested. "kind"
is the share of right suggestions whose kind agrees with the label.

``tests/data/analyst/corpus_expected.json`` labels three real pages of ``../shared/corpora``
(title line and ground-truth body; labelled before the suggestions were run on them). They are
scored with ``suggest`` over the title and the body, as a reader reads them; they are left out
when the corpus is absent.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.entities import Suggestion, fold_name, suggest
from clipper.core.library import Library
from clipper.core.records import ClippingDraft

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "data" / "analyst" / "expected.json"
CORPUS_EXPECTED = ROOT / "tests" / "data" / "analyst" / "corpus_expected.json"
CORPORA = Path(os.environ.get("CLIPPER_CORPORA", ROOT.parent / "shared" / "corpora"))


@dataclass
class Score:
    name: str
    suggested: int = 0
    right: int = 0
    kinds_agree: int = 0
    labelled: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        return (self.labelled - len(self.missed)) / self.labelled if self.labelled else 1.0


def expected() -> dict[str, dict]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["texts"]


def corpus_expected() -> dict[str, dict]:
    return json.loads(CORPUS_EXPECTED.read_text(encoding="utf-8"))["texts"]


def corpus_draft(relative: str) -> ClippingDraft:
    """The clipping of a corpus page: its ground-truth title line, then its body."""
    truth = json.loads((CORPORA / relative).read_text(encoding="utf-8"))
    return parse_text_clipping(f"{truth['title']}\n{truth['body']}")


def score_corpus() -> list[Score]:
    if not CORPORA.is_dir():
        return []
    scores = []
    for name, text in corpus_expected().items():
        draft = corpus_draft(text["file"])
        scores.append(score(name, suggest(draft.body, title=draft.title), text["entities"]))
    return scores


def score(name: str, suggestions: list[Suggestion], labels: list[dict]) -> Score:
    result = Score(name, suggested=len(suggestions), labelled=len(labels))
    keys = [{fold_name(n) for n in [label["name"], *label.get("aliases", [])]}
            for label in labels]
    matched: set[int] = set()
    for suggestion in suggestions:
        names = {fold_name(n) for n in suggestion.names()}
        hit = next((i for i, k in enumerate(keys) if k & names and i not in matched), None)
        if hit is None:
            result.wrong.append(f"{suggestion.name} ({suggestion.kind})")
            continue
        matched.add(hit)
        result.right += 1
        result.kinds_agree += suggestion.kind == labels[hit]["kind"]
    result.missed = [labels[i]["name"] for i in range(len(labels)) if i not in matched]
    return result


def run(folder: Path) -> list[Score]:
    scores = []
    with Library.open(folder) as library:
        for name, text in expected().items():
            draft = parse_text_clipping((ROOT / text["file"]).read_text(encoding="utf-8"))
            clipping = library.add_clipping(draft)
            scores.append(score(name, library.suggest_entities(clipping.id), text["entities"]))
    return scores


def table(scores: list[Score]) -> str:
    lines = ["| Text | Suggested | Right | Labelled | Precision | Recall | Kind agrees |",
             "|---|---|---|---|---|---|---|"]
    total = Score("all")
    for s in scores:
        lines.append(f"| {s.name} | {s.suggested} | {s.right} | {s.labelled} | "
                     f"{s.precision:.2f} | {s.recall:.2f} | {s.kinds_agree}/{s.right} |")
        total.suggested += s.suggested
        total.right += s.right
        total.labelled += s.labelled
        total.kinds_agree += s.kinds_agree
        total.missed += s.missed
    lines.append(f"| **all** | {total.suggested} | {total.right} | {total.labelled} | "
                 f"{total.precision:.2f} | {total.recall:.2f} | "
                 f"{total.kinds_agree}/{total.right} |")
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scores = run(Path(folder) / "library")
    print(table(scores))
    corpus = score_corpus()
    if corpus:
        print("\nReal pages (title and body):\n")
        print(table(corpus))
        scores += corpus
    if "--details" in sys.argv:
        for s in scores:
            print(f"\n{s.name}: wrong {s.wrong or '-'}\n{' ' * len(s.name)}  missed "
                  f"{s.missed or '-'}")


if __name__ == "__main__":
    main()
