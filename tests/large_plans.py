"""A legitimate plan far larger than any county writes, built at run time.

The tasks of the packaged example plan are repeated under numbered parts until the plan has `tasks`
tasks; every line is an ordinary task, so each reader and rule works as on a real plan, only for much
longer. A draft and a baseline of 3,000 tasks each (about 0.9 MB apiece) take half a minute to review
with every report: the slow review of the service's time-limit, shutdown and load tests.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "plancheck" / "plans" / "examples" / "plan_2025.txt"


@lru_cache(maxsize=1)
def _example_tasks() -> tuple[str, ...]:
    """The example plan's task lines without their numbers."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    return tuple(re.sub(r"^\d+\.", "", line) for line in lines if re.match(r"^\d+\.", line))


def large_plan(year: int, tasks: int = 3000, county: str = "示例县") -> str:
    """A plan of `tasks` numbered tasks in parts of one example plan's worth each."""
    bank = _example_tasks()
    lines = [f"{county}{year}年法治政府建设工作计划"]
    for k in range(tasks):
        if k % len(bank) == 0:
            lines.append(f"第{k // len(bank) + 1}部分 工作任务")
        lines.append(f"{k + 1}.{bank[k % len(bank)]}")
    return "\n".join(lines) + "\n"


def large_upload(tasks: int = 3000) -> dict[str, tuple[str, bytes, str]]:
    """Multipart files of an upload of a large draft and baseline (as httpx takes them)."""
    return {"draft": ("计划_2025.txt", large_plan(2025, tasks).encode("utf-8"), "text/plain"),
            "baseline": ("计划_2024.txt", large_plan(2024, tasks).encode("utf-8"), "text/plain")}
