"""Shared test helpers: where the shared sample sets are, and writing small plans to disk."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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
