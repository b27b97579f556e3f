"""Batch review, last step: the summary table (csv, xlsx) and the index page of every locality."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .review import VERDICT_FAIL, VERDICT_PASS, VERDICT_UNUSABLE, LocalityResult


def summary_frame(results: Sequence[LocalityResult]):
    """One row per locality: documents, findings per severity and per rule, coverage, verdict, problems."""
    import pandas as pd

    from ..checks import rule_names

    rules = list(rule_names())
    rules += sorted({rule for r in results for rule in r.rules} - set(rules))
    counts = [label for _, label in _SEVERITY_COLUMNS] + rules
    rows = []
    for r in results:
        reviewed = r.tasks is not None  # an unreviewed locality has no counts, not zero findings
        rows.append({
            "地区": r.locality, "结论": r.verdict, "草案": r.draft, "去年计划": r.baseline, "实施方案": r.scheme,
            "配置": r.config, "任务数": r.tasks,
            **{label: r.severities.get(key, 0) if reviewed else None for key, label in _SEVERITY_COLUMNS},
            **{rule: r.rules.get(rule, 0) if reviewed else None for rule in rules},
            "草案覆盖率": _rounded(r.scheme_share), "累计覆盖率": _rounded(r.share_any),
            "从未落实": r.never_covered, "落实后中断": r.dropped,
            "问题": ";".join(r.problems),
            "审查报告": r.reports.get("review", ""), "覆盖报告": r.reports.get("coverage", ""),
            "用时(秒)": r.seconds,
        })
    frame = pd.DataFrame(rows, columns=_LEADING_COLUMNS + counts + _TRAILING_COLUMNS)
    for column in ["任务数", "从未落实", "落实后中断", *counts]:
        frame[column] = frame[column].astype("Int64")
    return frame


_LEADING_COLUMNS = ["地区", "结论", "草案", "去年计划", "实施方案", "配置", "任务数"]
_TRAILING_COLUMNS = ["草案覆盖率", "累计覆盖率", "从未落实", "落实后中断", "问题", "审查报告", "覆盖报告", "用时(秒)"]


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 4)


_SEVERITY_COLUMNS = (("error", "错误"), ("warning", "警告"), ("info", "提示"))


def write_summary(results: Sequence[LocalityResult], out: Path) -> dict[str, Path]:
    """summary.csv (UTF-8 with BOM, for Excel), summary.xlsx and index.html in the output folder."""
    from ..reports.output import write_atomic
    from ..reports.spreadsheet import write_csv, write_workbook

    frame = summary_frame(results)
    files = {"csv": out / "summary.csv", "xlsx": out / "summary.xlsx", "index": out / "index.html"}
    write_csv(frame, files["csv"])

    def format_sheet(name: str, sheet, frame) -> None:
        sheet.freeze_panes = "B2"
        for column in ("草案覆盖率", "累计覆盖率"):
            col = list(frame.columns).index(column) + 1
            for row in range(2, len(frame) + 2):
                sheet.cell(row=row, column=col).number_format = "0%"

    write_workbook({"汇总": frame}, files["xlsx"], format_sheet)
    write_atomic(files["index"], render_index(results).encode("utf-8"))
    return files


_INDEX = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>批量审查汇总</title>
<style>
body { margin:0 auto; max-width:1280px; padding:0 1.25rem 2rem; color:#1f2328; line-height:1.55; font-size:15px;
  font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",Arial,sans-serif; }
table { border-collapse:collapse; width:100%; }
th, td { border:1px solid #d0d7de; padding:.3rem .5rem; text-align:left; vertical-align:top; }
th { background:#f6f8fa; position:sticky; top:0; }
td.num { text-align:right; white-space:nowrap; }
.v-pass { color:#116329; font-weight:600; } .v-fail { color:#cf222e; font-weight:600; }
.v-unusable { color:#953800; font-weight:600; }
.problems { color:#953800; font-size:.9em; }
.meta { color:#656d76; }
</style>
</head>
<body>
<h1>批量审查汇总</h1>
<p>共 {{ rows|length }} 个地区:通过 {{ counts.pass }} 个,不通过 {{ counts.fail }} 个,无法审查 {{ counts.unusable }} 个。
汇总表:<a href="summary.xlsx">summary.xlsx</a> · <a href="summary.csv">summary.csv</a></p>
<table>
<thead><tr><th>地区</th><th>结论</th><th>任务数</th><th>错误</th><th>警告</th><th>草案覆盖率</th><th>累计覆盖率</th>
<th>报告</th><th>问题</th></tr></thead>
<tbody>
{% for r in rows %}
<tr><td>{{ r.locality }}</td><td class="v-{{ r.verdict_class }}">{{ r.verdict }}</td>
<td class="num">{{ r.tasks }}</td><td class="num">{{ r.errors }}</td><td class="num">{{ r.warnings }}</td>
<td class="num">{{ r.scheme_share }}</td><td class="num">{{ r.share_any }}</td>
<td>{% for label, href in r.links %}<a href="{{ href }}">{{ label }}</a>{% if not loop.last %} · {% endif %}{% endfor %}</td>
<td class="problems">{% for p in r.problems %}{{ p }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>
{% endfor %}
</tbody>
</table>
<p class="meta">由 plancheck 生成。</p>
</body>
</html>
"""

_VERDICT_CLASSES = {VERDICT_PASS: "pass", VERDICT_FAIL: "fail", VERDICT_UNUSABLE: "unusable"}
_LINK_LABELS = (("review", "审查报告"), ("coverage", "方案覆盖"), ("opinion", "审查意见书"), ("json", "JSON"))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def render_index(results: Sequence[LocalityResult]) -> str:
    """index.html: one row per locality with its verdict, counts and links to its reports."""
    from urllib.parse import quote

    from jinja2 import Environment, StrictUndefined

    rows = [{
        "locality": r.locality, "verdict": r.verdict, "verdict_class": _VERDICT_CLASSES.get(r.verdict, "unusable"),
        "tasks": "—" if r.tasks is None else r.tasks,
        "errors": r.severities.get("error", 0), "warnings": r.severities.get("warning", 0),
        "scheme_share": _percent(r.scheme_share), "share_any": _percent(r.share_any),
        "links": [(label, quote(r.reports[key])) for key, label in _LINK_LABELS if key in r.reports],
        "problems": r.problems,
    } for r in results]
    counts = {cls: sum(1 for r in results if _VERDICT_CLASSES.get(r.verdict) == cls)
              for cls in ("pass", "fail", "unusable")}
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_INDEX).render(rows=rows, counts=counts)
