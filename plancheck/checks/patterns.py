"""Regular expressions written in configuration files, compiled for matching in linear time (RE2).

Python's `re` backtracks: an [[events]] pattern such as `([^x]*[^x]*)*x` takes exponential time on a
task's text, and no signal can interrupt it. RE2 matches in time linear in the text; it refuses the few
constructs that need backtracking (lookarounds, backreferences), which is said when the config is read.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=512)  # events' patterns are compiled again for every task
def compile_linear(pattern: str) -> Any:
    """The pattern compiled by RE2 (search, group, start, end as in `re`); re.error when RE2 refuses it."""
    try:
        import re2
    except ImportError:  # no google-re2 wheel for this platform: the backtracking engine it is
        return re.compile(pattern)
    options = re2.Options()
    options.log_errors = False  # RE2 would print its own line to standard error
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        cause = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
        raise re.error(f"不支持的写法:{cause}(不支持前后断言和反向引用)") from None
