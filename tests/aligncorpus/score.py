"""Per-class precision, recall and F1 of an alignment against the truth of generated pairs.

Classes: the six alignment kinds (a pair counts for a kind when aligned and labelled with it), `dropped`
(dropped baseline tasks and added draft tasks together) and `near-miss` (a distractor listed for review
as the near miss of the task it imitates, and not aligned with it).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from plancheck.compare.align import YearAlignment, align_years

from .generate import KINDS, GeneratedPair

CLASSES = KINDS + ("dropped", "near-miss")


@dataclass
class Tally:
    """True positives, false positives and false negatives of one class."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: set, found: set) -> None:
        self.tp += len(truth & found)
        self.fp += len(found - truth)
        self.fn += len(truth - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class CorpusScore:
    """Tallies per class, and the distractors that were aligned (which must never happen)."""

    tallies: dict[str, Tally]
    aligned_distractors: list[tuple[int, tuple[int, int]]]  # (seed, pair)
    errors: list[str]


def score_corpus(corpus: Iterable[GeneratedPair],
                 aligner: Callable[..., YearAlignment] = align_years) -> CorpusScore:
    """Align every generated pair and compare with its truth."""
    tallies = {c: Tally() for c in CLASSES}
    aligned_distractors = []
    errors = []
    for pair in corpus:
        result = aligner(pair.baseline, pair.draft)
        truth = pair.truth
        found = {(r.baseline, r.draft): r.kind for r in result.alignment}
        for kind in KINDS:
            want = {p for p, k in truth.pairs.items() if k == kind}
            got = {p for p, k in found.items() if k == kind}
            tallies[kind].add(want, got)
            for p in sorted(want - got):
                errors.append(f"{pair.seed} {kind} missed {p} (found as {found.get(p, 'nothing')})")
            for p in sorted(got - want):
                errors.append(f"{pair.seed} {kind} wrong {p} (truth {truth.pairs.get(p, 'none')})")
        want = {("old", i) for i in truth.dropped} | {("new", j) for j in truth.added}
        got = {("old", i) for i in result.dropped} | {("new", j) for j in result.added}
        tallies["dropped"].add(want, got)
        listed = {(n.task, n.candidate) for n in result.near_misses[0]
                  if n.candidate is not None and getattr(n, "review", False)}
        # A true pair the aligner missed and listed for review is counted where it belongs (a miss of
        # its kind), not as a false near miss: showing it to the reviewer is what the list is for.
        tallies["near-miss"].add(set(truth.distractors), listed - set(found) - set(truth.pairs))
        aligned_distractors.extend((pair.seed, p) for p in truth.distractors if p in found)
    return CorpusScore(tallies, aligned_distractors, errors)


def format_score(score: CorpusScore) -> str:
    """A table of the classes, one line each."""
    lines = [f"{'class':<11}{'precision':>10}{'recall':>8}{'F1':>7}   tp  fp  fn"]
    for name, t in score.tallies.items():
        lines.append(f"{name:<11}{t.precision:>10.3f}{t.recall:>8.3f}{t.f1:>7.3f}  {t.tp:>3} {t.fp:>3} {t.fn:>3}")
    lines.append(f"distractors aligned: {len(score.aligned_distractors)}")
    return "\n".join(lines)
