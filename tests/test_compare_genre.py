"""The genre's vocabulary: synonyms compared in one wording, filler and common terms weighing less."""
from __future__ import annotations

from pathlib import Path

from plancheck.compare.genre import FILLER_WEIGHT, canonical_tokens, genre_weights
from plancheck.compare.genre_build import document_frequencies, write_table
from plancheck.compare.genre_table import genre_table

EXAMPLES = Path(__file__).resolve().parents[1] / "plancheck" / "plans" / "examples"


def test_synonyms_are_compared_in_one_wording():
    assert canonical_tokens(("推动", "完善", "持续强化", "行政复议")) == ("推进", "健全", "进一步加强", "行政复议")


def test_fillers_and_common_terms_weigh_less_than_distinctive_ones():
    documents, df = genre_table()
    assert documents > 100 and df["行政执法"] > 20
    filler, common, rare = genre_weights(["实时", "行政执法", "证照分离改革"])
    assert filler == FILLER_WEIGHT
    assert FILLER_WEIGHT < common < 0.7
    assert rare == 1.0


def test_genre_weights_follow_the_definition_for_every_table_term_and_filler():
    import math

    from plancheck.compare.genre import FILLERS
    from plancheck.compare.genre_table import MIN_DF

    documents, df = genre_table()
    full = math.log((1 + documents) / (1 + MIN_DF)) + 1.0
    vocabulary = sorted(set(df) | FILLERS | {"证照分离改革", "a"})
    expected = [FILLER_WEIGHT if t in FILLERS else
                min(1.0, (math.log((1 + documents) / (1 + df[t])) + 1.0) / full) if t in df else 1.0
                for t in vocabulary]
    assert genre_weights(vocabulary).tolist() == expected
    assert sum(w < 1.0 for w in expected) > 100
    assert genre_weights([]).shape == (0,)


def test_document_frequencies_count_each_task_once(tmp_path):
    documents, df = document_frequencies([EXAMPLES / "plan_2024.txt"])
    assert documents >= 10 and 0 < max(df.values()) <= documents
    write_table(tmp_path / "terms.txt", documents, df)
    lines = (tmp_path / "terms.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# documents {documents}"
    assert all(int(line.split()[1]) >= 3 for line in lines[1:])
