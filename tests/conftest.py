"""Shared test helpers: where the shared sample sets are, writing small plans to disk, real-shaped plans."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "plancheck" / "plans" / "examples"
CORPUS_LOCALITIES = 8


@pytest.fixture
def shared_dir() -> Path:
    """../shared exists in CI and on developers' machines, not on a user's clone."""
    if not (SHARED / "samples").is_dir():
        pytest.skip("../shared (sample sets and the real 2022 plan) is not present on this machine")
    return SHARED


@pytest.fixture
def write_plan(tmp_path):
    """Write text to a file in tmp_path (UTF-8 unless told otherwise) and return its path."""
    def write(text: str, name: str = "plan.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path
    return write


@pytest.fixture(scope="session")
def corpus_plans(tmp_path_factory):
    """The three documents of a few benchmark localities (each worded its own way) and the bundled examples,
    read, in that order: a locality's plans, then its scheme."""
    from plancheck.plans import load_plan

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import locality_documents
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("corpus")
    plans = []
    for k in range(CORPUS_LOCALITIES):
        _, texts = locality_documents(11, k)
        for name, text in sorted(texts.items()):
            path = folder / f"{k}_{name}"
            path.write_text(text, encoding="utf-8")
            plans.append(load_plan(path, kind="scheme" if name.startswith("scheme") else "annual"))
    plans += [load_plan(path, kind="annual") for path in sorted(EXAMPLES.glob("plan_*.txt"))]
    return plans
