"""The label words, matched as a trie (its branches bare, not in a group), find exactly what the words tried one
by one (longest first) find."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.plans import units

_WORDS = [label for label in units._ALL_LABELS if label not in units._ROLE_WORD_LABELS]
_PLAIN = "|".join(re.escape(word) for word in sorted(_WORDS, key=len, reverse=True))
_TAIL = units.LABEL_RE.pattern[units.LABEL_RE.pattern.index(")(?:") + 1:]  # what follows the label word group
_ROLES = "|".join(units._ROLE_WORD_LABELS)
_REFERENCE = {
    units.LABEL_RE: re.compile(rf"({_PLAIN}|(?:{_ROLES})(?=[】\]〕])){_TAIL}"),
    units.BARE_LABEL_LINE_RE: re.compile(f"(?m)^[【\\[〔]?({_PLAIN})"),
    units._BARE_LABEL_RE: re.compile(f"({_PLAIN})"),
}
# Pieces plans are made of around labels: prefixes of label words, brackets, colons, spaces, line breaks.
_PIECES = st.sampled_from([*_WORDS, *units._ROLE_WORD_LABELS, *{w[:k] for w in _WORDS for k in range(1, len(w))},
                           ":", ":", "】", "〕", "]", "【", " ", "\n", "县司法局", "。", "责任", "实施"])


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_the_tail_is_read_from_the_label_pattern():
    assert _TAIL.startswith("(?:\\s*[")


def test_branches_unwrap_only_one_group_around_the_whole_pattern():
    assert units._branches("(?:a(?:b|c)|d)") == "a(?:b|c)|d"
    assert units._branches("(?:a)|(?:b)") == "(?:a)|(?:b)"  # two groups, not one around everything
    assert units._branches("(?:ab)c") == "(?:ab)c"
    assert units._branches("abc") == "abc"


def test_the_label_patterns_use_the_bare_branches():
    assert units._LABEL_BRANCHES != units._LABEL_WORDS  # the trie is one group, unwrapped
    assert units.LABEL_RE.pattern.startswith(f"({units._LABEL_BRANCHES}|")


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_trie_finds_what_the_words_one_by_one_find(text):
    for pattern, reference in _REFERENCE.items():
        assert _found(pattern, text) == _found(reference, text)


def test_trie_finds_what_the_words_one_by_one_find_in_the_example_plans():
    examples = sorted((Path(units.__file__).parent / "examples").glob("*.txt"))
    assert examples
    for path in examples:
        text = path.read_text(encoding="utf-8")
        for pattern, reference in _REFERENCE.items():
            assert _found(pattern, text) == _found(reference, text)
