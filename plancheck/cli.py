"""Command line: parse arguments, call the library, print, choose the exit code. Nothing else."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from .errors import PlancheckError

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2

# argparse's own words, in the language of everything else a clerk reads from this tool.
_ARGPARSE_WORDS = {
    "usage: ": "用法:",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数:%s",
    "unrecognized arguments: %s": "无法识别的参数:%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r(可选:%(choices)s)",
    "expected one argument": "需要一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s:%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s:参数错误:%(message)s\n",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值:%(value)r",
}


def _translated(message: str) -> str:
    return _ARGPARSE_WORDS.get(message, message)


# Every character str.splitlines() breaks at: a message must stay one line whatever file name it quotes.
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def _one_line(message: object) -> str:
    return _LINE_BREAKS.sub(" ", str(message)).strip()


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line, like every other refusal (argparse would print the usage first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_UNUSABLE, f"plancheck: 参数错误:{_one_line(message)}(用法见 {self.prog} -h)\n")


def _parser() -> argparse.ArgumentParser:
    from .plans import DOCUMENT_SUFFIXES

    argparse._ = _translated  # argparse looks its messages up through this name at call time
    parser = _Parser(prog="plancheck", description="法治政府建设工作计划审查工具")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    parse = sub.add_parser("parse", help="读取一份计划,列出其中的任务")
    parse.add_argument("file", help=f"计划文件({' '.join(DOCUMENT_SUFFIXES)})")
    parse.add_argument("--json", metavar="OUT", help="写出 JSON 报告(- 表示标准输出)")
    parse.add_argument("--xlsx", metavar="OUT", help="写出任务表(Excel)")
    parse.add_argument("--kind", choices=["annual", "scheme"], help="文档类型(默认自动判断)")
    parse.add_argument("--explain", action="store_true",
                       help="说明读取过程:各编号层级及其特征、任务层级的判断理由、删除的噪声行、单位的来源")
    parse.add_argument("--config", metavar="TOML", help="配置文件(默认取文件所在目录的 plancheck.toml;用其 [parse])")
    _add_reading_options(parse)

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
    check.add_argument("--task-level", metavar="编号", help="草案和去年计划的任务层级,如 \"(一)\" \"1.\"(默认自动判断)")
    check.add_argument("--scheme-task-level", metavar="编号", help="实施方案的任务层级(默认自动判断)")
    from .reports.word_outputs import add_word_options
    add_word_options(check)

    demo = sub.add_parser("demo", help="用内置示例县计划生成一份审查报告")
    demo.add_argument("--out", default="plancheck-demo", help="输出目录(默认 plancheck-demo)")

    cover = sub.add_parser("coverage", help="多年度实施方案落实情况(方案任务 × 年度覆盖矩阵)")
    cover.add_argument("plans", nargs="+", metavar="PLAN", help="各年度计划(文件名或标题需含年份)")
    cover.add_argument("--scheme", metavar="SCHEME", required=True, help="五年实施方案")
    cover.add_argument("--html", metavar="OUT", help="写出 HTML 热力图")
    cover.add_argument("--xlsx", metavar="OUT", help="写出 Excel 覆盖表")
    cover.add_argument("--json", metavar="OUT", help="写出 JSON 报告(- 表示标准输出)")

    batch = sub.add_parser("batch", help="批量审查:目录下每个地区一个文件夹(或 manifest.csv)")
    batch.add_argument("dir", metavar="DIR", help="存放各地区计划的目录")
    batch.add_argument("--out", default="plancheck-batch", help="输出目录(默认 plancheck-batch)")
    batch.add_argument("--jobs", type=_positive_int, metavar="N",
                       help="并行进程数(默认全部 CPU 核,每个进程约占 250 MB 内存)")
    batch.add_argument("--config", metavar="TOML", help="所有地区统一使用的配置文件(默认不读各地区文件夹中的配置)")
    batch.add_argument("--local-config", action="store_true",
                       help="采用各地区文件夹中的 plancheck.toml(汇总表注明每个地区所用的配置)")
    batch.add_argument("--opinion", action="store_true", help="为每个地区另写一份审查意见书(report-opinion.docx)")

    serve = sub.add_parser("serve", help="启动内网审查服务(上传、报告、历史记录、审核决定)")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址(默认 127.0.0.1,仅本机可访问)")
    serve.add_argument("--port", type=_positive_int, default=8000, help="端口(默认 8000)")
    serve.add_argument("--data", default="plancheck-data", metavar="DIR", help="数据目录(默认 plancheck-data)")
    serve.add_argument("--token", help="访问令牌(默认取环境变量 PLANCHECK_TOKEN;不设则不校验)")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="允许用来访问服务的主机名(可多次给出;监听本机以外的地址又不设令牌时必须给出)")
    serve.add_argument("--max-upload-mb", type=_positive_int, default=20, metavar="MB", help="单个文件上限(默认 20)")
    serve.add_argument("--workers", type=int, metavar="N",
                       help="常驻的审查进程数(默认为 CPU 核数加一,至多 4);0 表示不常驻:逐个审查,每次审查在新启动的"
                            "进程中进行、结束即退出(空闲时不占内存,每次审查多花载入模型的时间)")
    serve.add_argument("--review-timeout", type=_positive_int, default=120, metavar="SECONDS",
                       help="单次审查的时间上限(默认 120 秒;超时的审查连同其进程被终止并提示用户,另起新的审查进程)")
    return parser


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数:{text}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `plancheck` console script."""
    args = _parser().parse_args(argv)
    if not args.command:
        _parser().print_help()
        return EXIT_UNUSABLE
    from .memory_cap import MemoryCapError, apply_memory_cap, memory_exceeded_message

    handlers = {"parse": _cmd_parse, "check": _cmd_check, "demo": _cmd_demo,
                "coverage": _cmd_coverage, "batch": _cmd_batch, "serve": _cmd_serve}
    try:
        # From the command line (argv None) the process is this review's; a caller passing argv (a test,
        # a script) keeps its own limits. The service caps each review worker instead.
        if argv is None and args.command != "serve":
            apply_memory_cap()
        return handlers[args.command](args)
    except (PlancheckError, MemoryCapError) as exc:
        print(f"plancheck: {_one_line(exc)}", file=sys.stderr)
        return EXIT_UNUSABLE
    except MemoryError:
        print(f"plancheck: {memory_exceeded_message()}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        sys.stderr.close()  # output piped into `head`: nothing left to say
        return EXIT_OK
    except KeyboardInterrupt:
        print("plancheck: 已中断,未写出任何不完整的文件", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("PLANCHECK_DEBUG"):
            raise
        print(f"plancheck: {_one_line(f'处理时出现意外错误({type(exc).__name__}: {exc})')}", file=sys.stderr)
        return EXIT_UNUSABLE


def _write_text(path: str, text: str, inputs: list) -> None:
    from .reports.output import check_not_input, write_atomic

    if path == "-":
        sys.stdout.write(text + "\n")
        return
    check_not_input(path, inputs)
    write_atomic(path, text.encode("utf-8"))


def _add_reading_options(command: argparse.ArgumentParser) -> None:
    """The overrides of the automatic reading (also `[parse]` in plancheck.toml)."""
    command.add_argument("--task-level", metavar="编号", help="任务所在的编号层级,如 \"(一)\" \"1.\" \"一、\"(默认自动判断)")
    command.add_argument("--non-task", metavar="词", action="append", default=[],
                         help="不含任务的部分标题中的词(可多次给出),如 \"工作安排\"")
    command.add_argument("--lead-label", metavar="词", action="append", default=[],
                         help="本地用作“牵头单位”的标签词(可多次给出)")
    command.add_argument("--helper-label", metavar="词", action="append", default=[],
                         help="本地用作“配合单位”的标签词(可多次给出)")


def _reading_overrides(args: argparse.Namespace):
    """The reading overrides for `parse`: the config's `[parse]` (for the document's kind), then the options."""
    from dataclasses import replace

    from .checks.config import load_config
    from .plans.options import task_kind_of

    if args.task_level and task_kind_of(args.task_level) is None:
        raise _UsageError(f"--task-level 应为一个编号样式,如 \"(一)\"、\"1.\"、\"一、\",而不是“{args.task_level}”")
    config = load_config(Path(args.config) if args.config else None, Path(args.file).parent)
    options = config.reading.for_kind(args.kind or "annual")
    return replace(
        options,
        task_level=args.task_level or options.task_level,
        non_task_words=options.non_task_words + tuple(args.non_task),
        lead_labels=options.lead_labels + tuple(args.lead_label),
        helper_labels=options.helper_labels + tuple(args.helper_label),
    )


class _UsageError(PlancheckError):
    """A refused argument value found after parsing (one Chinese line, exit 2)."""


def _cmd_parse(args: argparse.Namespace) -> int:
    from .plans import load_plan
    from .reports import json_report
    from .reports.terminal import task_table

    for out in (args.json, args.xlsx):
        if out and out != "-":
            from .reports.output import check_not_input
            check_not_input(out, [args.file])
    options = _reading_overrides(args)
    if args.explain:
        from .plans.explain import explain

        print(explain(args.file, kind=args.kind, options=options))
        return EXIT_OK
    plan = load_plan(args.file, kind=args.kind, options=options)
    if args.json:
        _write_text(args.json, json_report.dumps(json_report.parse_report(plan)), [args.file])
    if args.xlsx:
        from .reports.xlsx_ledger import write_task_table
        write_task_table(plan, args.xlsx)
    if "-" not in (args.json, args.xlsx):  # a report on standard output is all it carries
        print(task_table(plan))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import review_files
    from .reports.output import check_not_input
    from .reports.terminal import review_summary
    from .reports.word_outputs import word_request, write_word_outputs

    inputs = [args.draft, args.baseline, args.scheme]
    outputs = {"json": args.json, "html": args.html, "xlsx": args.xlsx}
    word = word_request(args)
    for out in (*outputs.values(), *word.paths()):
        if out and out != "-":
            check_not_input(out, inputs)
    review = review_files(args.draft, args.baseline, args.scheme, args.config,
                          task_levels=(args.task_level, args.scheme_task_level))
    _write_reports(review, outputs)
    for note in write_word_outputs(review, word, inputs).notes:
        print(f"plancheck: {note}", file=sys.stderr)
    if "-" not in (args.json, args.html, args.xlsx):
        print(review_summary(review.analysis, review.findings))
    failed = not review.passes or (args.fail_on == "warning" and review.count("warning"))
    return EXIT_FINDINGS if failed else EXIT_OK


def _write_reports(review, outputs: dict[str, str | None]) -> None:
    """The requested reports; a JSON report to `-` goes to standard output."""
    from .pipeline import render, write_reports

    chosen = {fmt: path for fmt, path in outputs.items() if path}
    if chosen.get("json") == "-":
        del chosen["json"]
        sys.stdout.write(render(review, "json").decode("utf-8") + "\n")
    write_reports(review, chosen)


def _cmd_demo(args: argparse.Namespace) -> int:
    from importlib.resources import files

    from .pipeline import REPORT_NAMES, review_files
    from .reports.terminal import review_summary

    examples = files("plancheck.plans") / "examples"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from .reports.demo_draft import write_example_draft
    review = review_files(str(write_example_draft(out)), str(examples / "plan_2024.txt"),
                          str(examples / "scheme_2021_2025.txt"))
    paths = {fmt: out / name for fmt, name in REPORT_NAMES.items()}
    _write_reports(review, paths)
    from .reports.word_outputs import demo_request, write_word_outputs
    word = write_word_outputs(review, demo_request(out), [])
    print(review_summary(review.analysis, review.findings))
    print("\n已生成审查报告:")
    for path in [*paths.values(), *map(Path, word.written)]:
        print(f"  {path.resolve()}")
    for note in word.notes:
        print(f"  ({note})")
    return EXIT_OK


def _cmd_coverage(args: argparse.Namespace) -> int:
    from .compare.coverage import coverage
    from .pipeline import dated
    from .plans import load_plan
    from .reports import json_report
    from .reports.coverage_report import coverage_report, render_coverage_html, write_coverage_xlsx
    from .reports.output import check_not_input

    inputs = [args.scheme, *args.plans]
    for out in (args.json, args.html, args.xlsx):
        if out and out != "-":
            check_not_input(out, inputs)
    scheme = load_plan(args.scheme, kind="scheme")
    cov = coverage(scheme, [dated(load_plan(path, kind="annual")) for path in args.plans])
    if args.json:
        _write_text(args.json, json_report.dumps(coverage_report(cov)), inputs)
    if args.html:
        _write_text(args.html, render_coverage_html(cov), inputs)
    if args.xlsx:
        write_coverage_xlsx(cov, args.xlsx)
    if "-" not in (args.json, args.html, args.xlsx):
        print(f"实施方案:{scheme.title or scheme.path}({len(cov.matrix)} 项任务)")
        for year in cov.by_year:
            print(f"  {year.year}年:落实 {year.covered}/{year.items} 项({year.share:.0%})")
        print(f"累计落实 {cov.covered_any}/{len(cov.matrix)} 项({cov.share_any:.0%}),"
              f"从未落实 {len(cov.never_covered)} 项,落实后中断 {len(cov.dropped)} 项")
    return EXIT_OK


def _cmd_batch(args: argparse.Namespace) -> int:
    from .batch import VERDICT_FAIL, VERDICT_PASS, VERDICT_UNUSABLE, TextProgress, run_batch

    result = run_batch(args.dir, args.out, jobs=args.jobs, progress=TextProgress(sys.stderr),
                       config=args.config, local_config=args.local_config, opinion=args.opinion)
    print(f"共 {len(result.results)} 个地区:通过 {result.count(VERDICT_PASS)} 个,"
          f"不通过 {result.count(VERDICT_FAIL)} 个,无法审查 {result.count(VERDICT_UNUSABLE)} 个")
    for path in result.files.values():
        print(f"  {path.resolve()}")
    return EXIT_OK if result.count(VERDICT_PASS) == len(result.results) else EXIT_FINDINGS


def _cmd_serve(args: argparse.Namespace) -> int:
    try:  # only `serve` needs the web stack
        import uvicorn

        from .serve.app import SHUTDOWN_SECONDS, create_app
        from .serve.security import is_loopback
    except ImportError as exc:
        print(f"plancheck: 审查服务缺少依赖({exc.name}),请先安装:pip install 'plancheck[serve]'", file=sys.stderr)
        return EXIT_UNUSABLE

    token = args.token or os.environ.get("PLANCHECK_TOKEN") or None
    local = is_loopback(args.host)
    if not local and not token and not args.allow_host:
        print(f"plancheck: 服务监听在 {args.host} 上,其他计算机也能访问:"
              "请用 --token(或 PLANCHECK_TOKEN)设置访问令牌,或用 --allow-host 列出允许访问的主机名",
              file=sys.stderr)
        return EXIT_UNUSABLE
    app = create_app(Path(args.data), token, args.max_upload_mb, processes=args.workers,
                     time_limit=args.review_timeout, local_only=local, allowed_hosts=frozenset(args.allow_host))
    print(f"plancheck 审查服务:http://{args.host}:{args.port}/ (数据目录 {Path(args.data).resolve()};"
          f"{'已启用访问令牌' if token else '未设访问令牌'})", file=sys.stderr)
    if not token and not local:
        print("plancheck: 警告:服务对其他计算机开放却未设访问令牌,请用 --token 或 PLANCHECK_TOKEN 设置",
              file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", timeout_graceful_shutdown=SHUTDOWN_SECONDS)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
