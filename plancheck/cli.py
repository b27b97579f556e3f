"""Command line: parse arguments, call the library, print, choose the exit code. Nothing else."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plancheck", description="法治政府建设工作计划审查工具")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    parse = sub.add_parser("parse", help="读取一份计划,列出其中的任务")
    parse.add_argument("file", help="计划文件(.docx .pdf .txt .html .xlsx .csv)")
    parse.add_argument("--json", metavar="OUT", help="写出 JSON 报告(- 表示标准输出)")
    parse.add_argument("--xlsx", metavar="OUT", help="写出任务表(Excel)")
    parse.add_argument("--kind", choices=["annual", "scheme"], help="文档类型(默认自动判断)")

    check = sub.add_parser("check", help="审查计划草案(可对照去年计划和实施方案)")
    check.add_argument("draft", help="计划草案")
    check.add_argument("--baseline", metavar="OLD", help="去年的计划")
    check.add_argument("--scheme", metavar="SCHEME", help="五年实施方案")
    check.add_argument("--config", metavar="TOML", help="配置文件(默认取草案所在目录的 plancheck.toml)")
    check.add_argument("--json", metavar="OUT", help="写出 JSON 报告(- 表示标准输出)")
    check.add_argument("--html", metavar="OUT", help="写出 HTML 审查报告")
    check.add_argument("--xlsx", metavar="OUT", help="写出 Excel 台账")
    check.add_argument("--fail-on", choices=["error", "warning"], default="error",
                       help="达到该级别的问题时退出码为 1(默认 error)")

    demo = sub.add_parser("demo", help="用内置示例县计划生成一份审查报告")
    demo.add_argument("--out", default="plancheck-demo", help="输出目录(默认 plancheck-demo)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `plancheck` console script."""
    args = _parser().parse_args(argv)
    if not args.command:
        _parser().print_help()
        return EXIT_UNUSABLE
    from .plans.errors import PlanInputError
    from .reports.output import OutputError

    handlers = {"parse": _cmd_parse, "check": _cmd_check, "demo": _cmd_demo}
    try:
        return handlers[args.command](args)
    except (PlanInputError, OutputError) as exc:
        print(f"plancheck: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        sys.stderr.close()  # output piped into `head`: nothing left to say
        return EXIT_OK
    except KeyboardInterrupt:
        print("plancheck: 已中断,未写出任何不完整的文件", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a gate must never show a traceback to a clerk
        if os.environ.get("PLANCHECK_DEBUG"):
            raise
        config_error = type(exc).__name__ == "ConfigError"
        cause = str(exc) if config_error else f"处理时出现意外错误({type(exc).__name__}: {exc})"
        print(f"plancheck: {cause}", file=sys.stderr)
        return EXIT_UNUSABLE


def _write_text(path: str, text: str, inputs: list) -> None:
    from .reports.output import check_not_input, write_atomic

    if path == "-":
        sys.stdout.write(text + "\n")
        return
    check_not_input(path, inputs)
    write_atomic(path, text.encode("utf-8"))


def _cmd_parse(args: argparse.Namespace) -> int:
    from .plans import load_plan
    from .reports import json_report
    from .reports.terminal import task_table

    for out in (args.json, args.xlsx):
        if out and out != "-":
            from .reports.output import check_not_input
            check_not_input(out, [args.file])
    plan = load_plan(args.file, kind=args.kind)
    if args.json:
        _write_text(args.json, json_report.dumps(json_report.parse_report(plan)), [args.file])
    if args.xlsx:
        from .reports.xlsx_ledger import write_task_table
        write_task_table(plan, args.xlsx)
    if args.json != "-":
        print(task_table(plan))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from .checks.review import review_files
    from .reports import json_report
    from .reports.output import check_not_input
    from .reports.terminal import review_summary

    inputs = [args.draft, args.baseline, args.scheme]
    for out in (args.json, args.html, args.xlsx):
        if out and out != "-":
            check_not_input(out, inputs)
    review = review_files(args.draft, args.baseline, args.scheme, args.config)
    _write_outputs(review, args.json, args.html, args.xlsx, inputs)
    if args.json != "-":
        print(review_summary(review.analysis, review.findings))
    worst = {"error": ("error",), "warning": ("error", "warning")}[args.fail_on]
    return EXIT_FINDINGS if any(f.severity in worst for f in review.findings) else EXIT_OK


def _write_outputs(review, json_out: str | None, html_out: str | None, xlsx_out: str | None, inputs: list) -> None:
    from .reports import json_report

    if json_out:
        _write_text(json_out, json_report.dumps(json_report.review_report(review.analysis, review.findings)), inputs)
    if html_out:
        from .checks import all_rules
        from .reports.html_report import render_html
        _write_text(html_out, render_html(review.analysis, review.findings, all_rules()), inputs)
    if xlsx_out:
        from .reports.xlsx_ledger import write_xlsx
        write_xlsx(review.analysis, review.findings, xlsx_out)


def _cmd_demo(args: argparse.Namespace) -> int:
    from importlib.resources import files

    from .checks.review import review_files

    examples = files("plancheck.plans") / "examples"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    review = review_files(str(examples / "plan_2025.txt"), str(examples / "plan_2024.txt"),
                          str(examples / "scheme_2021_2025.txt"))
    paths = {kind: out / f"report.{kind}" for kind in ("html", "xlsx", "json")}
    _write_outputs(review, str(paths["json"]), str(paths["html"]), str(paths["xlsx"]), [])
    from .reports.terminal import review_summary
    print(review_summary(review.analysis, review.findings))
    print("\n已生成审查报告:")
    for path in paths.values():
        print(f"  {path.resolve()}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
