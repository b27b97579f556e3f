"""Targets do not depend on whether alignment ran first: all domain words are registered up front."""
from __future__ import annotations

import subprocess
import sys

import pytest

CODE = """
import sys
from plancheck.plans.targets import extract_targets
if sys.argv[1] == "compare-first":
    from plancheck.compare.tokens import segment
    segment("推进一件事一次办改革")
print([t.text for t in extract_targets(["深化一件事一次办改革,年内办结率达到100%。"], 2024)[0]])
"""


def _targets(order: str) -> str:
    return subprocess.run([sys.executable, "-c", CODE, order], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow  # two fresh interpreters
def test_targets_are_the_same_whichever_segmenter_user_runs_first():
    assert _targets("targets-first") == _targets("compare-first")
