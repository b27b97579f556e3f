"""Redlines of an aligned pair: a word-level diff and a sentence-level list of changes.

The word diff works like diff-match-patch's line mode, one level down: each jieba token becomes one
private character (`diff_linesToChars` style), `diff_main` and `diff_cleanupSemantic` run on those
characters, and the result is decoded. A token is never cut, so `95%` -> `98%` or `2023年` -> `2024年`
shows as one whole value replaced. Leading task numbers are stripped first: renumbering is not a change.

The diff runs in `fast_diff_match_patch` (Google's C++ diff-match-patch) where it is installed, about ten
times quicker than the reference Python `diff_match_patch`, which is used otherwise. Both implement the
same algorithm and give the same spans (`tests/test_compare_redline.py` holds them to it).

An analysis redlines all its aligned pairs at once (`redlines`): the sentences of every pair are scored in
one rapidfuzz call, and a pair whose texts are equal is known to be all kept text without diffing it. Each
text is cut into its analysed sentence pieces once (`tokens.analysed_sentences`, cached per piece, which the
features of the alignment already analysed): the pieces' tokens are the word diff's, and the pieces holding
more than white space are the sentences (`tokens.sentences` splits them again with a look-behind tried at
every character).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from itertools import chain, repeat

from .model import DiffSpan, Redline, SentenceChange
from .tokens import Sentence, analysed_sentences, normalise, segment, sentences, strip_task_number, token_codes

# Marks that end a sentence: a sentence compared without them (and trailing white space) is its bare form.
_TERMINATOR_MARKS = "。;;!?!?"
# diff_main's deadline: past it the diff is still correct, only less minimal. Task texts diff in
# milliseconds; two 120,000-character tasks would otherwise take minutes (the bisection is quadratic).
DIFF_SECONDS = 2.0
# A new sentence is the changed version of an old one when they are at least this similar.
SENTENCE_MATCH = 0.6


def redline(old_text: str, new_text: str) -> Redline:
    """Both views of the difference between two task texts."""
    return redlines([(old_text, new_text)])[0]


def redlines(pairs: Iterable[tuple[str, str]]) -> tuple[Redline, ...]:
    """`redline` of each (old text, new text) pair, in order."""
    texts = [(strip_task_number(normalise(old)), strip_task_number(normalise(new))) for old, new in pairs]
    edited = [(analysed_sentences(old), analysed_sentences(new)) for old, new in texts if old != new]
    changes = iter(_sentence_changes([(_sentences_of(old), _sentences_of(new)) for old, new in edited]))
    diffs = iter([_token_diff(_tokens_of(old), _tokens_of(new)) for old, new in edited])
    return tuple(Redline(next(diffs), next(changes)) if old != new else _unchanged(old) for old, new in texts)


def _tokens_of(pieces: tuple[Sentence, ...]) -> list[str]:
    """`segment` of the text the pieces cut."""
    return list(chain.from_iterable([piece.tokens for piece in pieces]))


def _sentences_of(pieces: tuple[Sentence, ...]) -> list[str]:
    """`sentences` of the text the pieces cut, stripped (the split's non-empty pieces are the pieces)."""
    return [bare for piece in pieces if (bare := piece.text.strip())]


def _unchanged(text: str) -> Redline:
    """The redline of a text against itself, as the diff and the sentence matching find it: the text kept
    whole (diff_main of equal texts is one equality), every sentence matched to itself (a ratio of 1 is the
    most any assignment can give a sentence), so no sentence changed."""
    return Redline((DiffSpan(0, text),) if text else (), ())


def word_diff(old: str, new: str) -> tuple[DiffSpan, ...]:
    """Token-level diff spans (op -1 deleted, 0 kept, 1 inserted), semantically cleaned up."""
    return _token_diff(segment(old), segment(new))


def _token_diff(old_tokens: Sequence[str], new_tokens: Sequence[str]) -> tuple[DiffSpan, ...]:
    """`word_diff` of two texts' tokens."""
    # Codes in order of first appearance, the old text's tokens first.
    distinct = dict.fromkeys(chain(old_tokens, new_tokens))
    code = dict(zip(distinct, token_codes(len(distinct)))).__getitem__
    runs = diff_engine()("".join(map(code, old_tokens)), "".join(map(code, new_tokens)))
    # Deleted and kept runs walk the old tokens in order, inserted and kept runs the new ones: each run's
    # text is its stretch of tokens, read by position instead of decoding the codes.
    spans = []
    at_old = at_new = 0
    for op, length in runs:
        if op > 0:
            spans.append(DiffSpan(op, "".join(new_tokens[at_new:at_new + length])))
            at_new += length
        else:
            spans.append(DiffSpan(op, "".join(old_tokens[at_old:at_old + length])))
            at_old += length
            if not op:
                at_new += length
    return tuple(spans)


DiffEngine = Callable[[str, str], list[tuple[int, int]]]


@cache
def diff_engine(prefer_native: bool = True) -> DiffEngine:
    """diff_main with a DIFF_SECONDS deadline, then diff_cleanupSemantic: (op, length) runs, op -1 (deleted),
    0 (kept) or 1 (inserted), length in characters, none empty."""
    if prefer_native:
        try:
            import fast_diff_match_patch
        except ImportError:
            pass
        else:
            ops = {"-": -1, "=": 0, "+": 1}

            def native(a: str, b: str) -> list[tuple[int, int]]:
                # counts_only: the runs' lengths, no substrings made for them.
                diffs = fast_diff_match_patch.diff(a, b, timelimit=DIFF_SECONDS, checklines=False,
                                                   cleanup="Semantic", counts_only=True)
                return [(ops[op], length) for op, length in diffs if length]

            return native
    from diff_match_patch import diff_match_patch

    def reference(a: str, b: str) -> list[tuple[int, int]]:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = DIFF_SECONDS
        diffs = dmp.diff_main(a, b, False)
        dmp.diff_cleanupSemantic(diffs)
        return [(op, len(text)) for op, text in diffs if text]

    return reference


def sentence_changes(old: str, new: str) -> tuple[SentenceChange, ...]:
    """Sentences removed, added, or changed (matched to an old sentence above `SENTENCE_MATCH`)."""
    return sentence_changes_of([(old, new)])[0]


def sentence_changes_of(pairs: Sequence[tuple[str, str]]) -> list[tuple[SentenceChange, ...]]:
    """`sentence_changes` of each (old, new) pair, in order."""
    return _sentence_changes([([s.strip() for s in sentences(old)], [s.strip() for s in sentences(new)])
                              for old, new in pairs])


def _sentence_changes(split: Sequence[tuple[list[str], list[str]]]) -> list[tuple[SentenceChange, ...]]:
    """`sentence_changes_of` each pair's (old, new) sentences, stripped."""
    bare = [([_bare(s) for s in old_s], [_bare(s) for s in new_s]) for old_s, new_s in split]
    return [_changes(old_s, new_s, old_b, new_b, matches)
            for (old_s, new_s), (old_b, new_b), matches in zip(split, bare, _match_sentences(bare))]


def _changes(old_s: list[str], new_s: list[str], old_bare: list[str], new_bare: list[str],
             matches: dict[int, int]) -> tuple[SentenceChange, ...]:
    by_new = {j: i for i, j in matches.items()}
    keyed: list[tuple[float, SentenceChange]] = []
    for j, sentence in enumerate(new_s):
        i = by_new.get(j)
        if i is None:
            keyed.append((j, SentenceChange("added", "", sentence)))
        elif old_bare[i] != new_bare[j]:
            keyed.append((j, SentenceChange("changed", old_s[i], sentence)))
    for i, sentence in enumerate(old_s):
        if i not in matches:
            # Show a removed sentence right after the new sentence that took its predecessor's place.
            before = [matches[k] for k in range(i) if k in matches]
            keyed.append(((max(before) if before else -1) + 0.5, SentenceChange("removed", sentence, "")))
    keyed.sort(key=lambda kv: kv[0])
    return tuple(change for _, change in keyed)


def _match_sentences(bare: Sequence[tuple[list[str], list[str]]]) -> list[dict[int, int]]:
    """For each pair of sentence lists (terminators stripped), the one-to-one old -> new matches above the
    threshold, by optimal assignment (`assignment.best_pairs` of the ratios of every old and new sentence).

    All pairs' sentences are scored in one rapidfuzz call (a pair has a few sentences a side: one call each
    cost more than the ratios). Where no sentence of a pair has two candidates, those candidates are the
    assignment, as `best_pairs` finds them; only the others are solved."""
    import numpy as np
    from rapidfuzz import fuzz, process

    from .assignment import best_pairs

    # Row-major, pair after pair: each old sentence of a pair against each of its new sentences.
    left = list(chain.from_iterable(chain.from_iterable(repeat(s, len(new)) for s in old) for old, new in bare))
    right = list(chain.from_iterable(new * len(old) for old, new in bare))
    scores = (process.cpdist(left, right, scorer=fuzz.ratio, dtype=np.float32) / 100.0 if left
              else np.zeros(0, dtype=np.float32))
    candidates = iter(np.flatnonzero(scores >= SENTENCE_MATCH).tolist())
    found = []
    start = 0
    at = next(candidates, None)
    for old, new in bare:
        end = start + len(old) * len(new)
        pairs = []
        while at is not None and at < end:
            pairs.append(divmod(at - start, len(new)))
            at = next(candidates, None)
        if len({r for r, _ in pairs}) < len(pairs) or len({c for _, c in pairs}) < len(pairs):
            pairs = best_pairs(scores[start:end].reshape(len(old), len(new)), SENTENCE_MATCH)
        found.append(dict(pairs))
        start = end
    return found


def _bare(sentence: str) -> str:
    """The sentence without its trailing run of terminators and white space, stripped of both until neither is
    left (a pattern anchored at the end, `[。;;!?!?\\s]+$`, is tried from every character)."""
    while True:
        bare = sentence.rstrip().rstrip(_TERMINATOR_MARKS)
        if bare == sentence:
            return bare
        sentence = bare
