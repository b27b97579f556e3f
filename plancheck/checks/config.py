"""Check configuration: which rules run, at what severity, with which thresholds, units and dated events.

Read from `plancheck.toml` next to the draft, or from the file given with `--config`:

    year = 2024                      # the plan year, when the title does not say it

    [rules.duplicate-task]
    enabled = true
    severity = "warning"

    [thresholds]                     # declared by the rules that use them (THRESHOLDS)
    duplicate-similarity = 0.50

    [units]
    registry = ["县司法局", "县市场监督管理局"]
    [units.aliases]
    "县市场监督管理局" = ["县市场监管局"]

    [[events]]                       # added to the built-in list; same name replaces, enabled=false drops
    name = "党的二十大"
    date = "2022-10"
    patterns = ["(迎接|喜迎){name}"]

    [parse]                          # where the automatic reading of the plans is wrong
    task_level = "(一)"               # the numbering level that holds the tasks
    non_task_words = ["工作安排"]      # headings of parts that hold no tasks
    lead_labels = ["主抓单位"]         # the locality's own words for 牵头单位 / 配合单位
    helper_labels = ["协作单位"]
    [parse.scheme]                   # the same, for the 实施方案
    task_level = "1."
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomllib

from ..errors import ConfigError
from .finding import SEVERITIES
from ..plans.options import ReadingOptions, reading_options_from
from .patterns import compile_linear
from .registry import default_thresholds, rule_names

CONFIG_FILE_NAME = "plancheck.toml"

# Phrases that speak of `{name}` as still ahead. `{name}` is replaced by the escaped event name.
AHEAD_PATTERNS = (
    r"(迎接|喜迎|献礼|筹备|备战|迎战|服务保障|以优异成绩迎)[^。;,,]{0,6}{name}(胜利)?(召开)?",
    r"{name}[^。;,,]{0,4}(即将|将要|将于|召开前|召开之际|开幕前)",
    r"{name}(胜利)?(召开)?(等)?(重要)?(时间节点|期间|前后)",
    r"(确保|保障|服务){name}(胜利|顺利)?(召开|举办|施行|实施)",
)


@dataclass(frozen=True)
class DatedEvent:
    """An event with a date, so a plan written after it must not speak of it as ahead."""

    name: str
    year: int
    month: int
    patterns: tuple[str, ...] = AHEAD_PATTERNS

    def regexes(self) -> tuple[Any, ...]:
        """The compiled 'spoken of as ahead' patterns, with the name filled in (RE2: linear time)."""
        name = re.escape(self.name)
        return tuple(compile_linear(p.replace("{name}", name)) for p in self.patterns)


DEFAULT_EVENTS = (
    DatedEvent("党的二十大", 2022, 10),
    DatedEvent("党的二十届三中全会", 2024, 7),
    DatedEvent("党的二十届四中全会", 2025, 10),
    DatedEvent("民法典", 2021, 1, (
        r"(迎接|喜迎|筹备|做好)[^。;,,]{0,6}《?(中华人民共和国)?民法典》?[^。;,,]{0,4}(施行|实施)(前|准备)?",
        r"《?(中华人民共和国)?民法典》?[^。;,,]{0,4}(即将|将于|将要)(施行|实施)",
    )),
    DatedEvent("“十四五”规划", 2025, 12, (
        r"(实现|完成|确保)[^。;,,]{0,8}“?十四五”?(规划)?[^。;,,]{0,4}(目标任务|目标)(的关键一年|圆满完成)?",
    )),
    DatedEvent("“八五”普法规划", 2025, 12, (
        r"(实施|推进|落实)[^。;,,]{0,4}“?八五”?普法规划",
    )),
)


@dataclass(frozen=True)
class RuleSettings:
    """Per-rule switches from `[rules.<name>]`."""

    enabled: bool = True
    severity: str | None = None


@dataclass(frozen=True)
class CheckConfig:
    """Everything the rules may be told by the user. The defaults work without any file."""

    rules: dict[str, RuleSettings] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)  # only those the file sets
    unit_registry: tuple[str, ...] = ()
    # canonical unit name -> other spellings of the same unit
    unit_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    events: tuple[DatedEvent, ...] = DEFAULT_EVENTS
    year: int | None = None
    check_baseline: bool = True
    source: str | None = None
    reading: ReadingOptions = ReadingOptions()  # `[parse]`: how to read the documents where the splitter errs

    def threshold(self, name: str) -> float:
        """A named threshold, falling back to the default its rule declares."""
        return self.thresholds[name] if name in self.thresholds else default_thresholds()[name]

    def settings(self, rule: str) -> RuleSettings:
        """The switches of one rule (defaults when the file does not mention it)."""
        return self.rules.get(rule, RuleSettings())

    def with_rule(self, rule: str, **changes: object) -> CheckConfig:
        """A copy with one rule's settings changed, for callers such as `--disable RULE`."""
        rules = dict(self.rules)
        rules[rule] = replace(self.settings(rule), **changes)
        return replace(self, rules=rules)


def find_config(near: Path | None) -> Path | None:
    """`plancheck.toml` in the draft's folder, if there is one."""
    if near is None:
        return None
    folder = near if near.is_dir() else near.parent
    candidate = folder / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path | None = None, near: Path | None = None) -> CheckConfig:
    """Read the given config file, else `plancheck.toml` next to `near`, else return the defaults."""
    if path is None:
        path = find_config(near)
        if path is None:
            return CheckConfig()
    path = Path(path)
    if not path.is_file():
        raise ConfigError(path, "文件不存在")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "不是 UTF-8 编码的文本") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"TOML 语法错误({exc})") from exc
    return parse_config(data, path)


def parse_config(data: dict, path: Path | str | None = None) -> CheckConfig:
    """Build a CheckConfig from already-parsed TOML data, checking every key."""
    # `[document]` (who signs the Word documents) is read by reports/word_settings.py.
    known = {"year", "rules", "thresholds", "units", "events", "check_baseline", "parse", "document"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(path, f"不认识的配置项 {', '.join(unknown)}")
    return CheckConfig(
        rules=_parse_rules(data.get("rules", {}), path),
        thresholds=_parse_thresholds(data.get("thresholds", {}), path),
        unit_registry=_parse_registry(data.get("units", {}), path),
        unit_aliases=_parse_aliases(data.get("units", {}), path),
        events=_parse_events(data.get("events"), path),
        year=_parse_year(data.get("year"), path),
        check_baseline=_parse_bool(data.get("check_baseline", True), "check_baseline", path),
        source=str(path) if path else None,
        reading=_parse_reading(data.get("parse", {}), path),
    )


def _parse_reading(table: object, path: Path | str | None) -> ReadingOptions:
    try:
        return reading_options_from(table)
    except ValueError as exc:
        raise ConfigError(path, str(exc)) from exc


def _parse_bool(value: object, key: str, path: Path | str | None) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(path, f"{key} 应为 true 或 false")
    return value


def _parse_year(value: object, path: Path | str | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1949 <= value <= 2100:
        raise ConfigError(path, f"year 应为四位年份,例如 2024,而不是 {value!r}")
    return value


def _parse_rules(table: object, path: Path | str | None) -> dict[str, RuleSettings]:
    if not isinstance(table, dict):
        raise ConfigError(path, "[rules] 应为表")
    names = set(rule_names())
    rules: dict[str, RuleSettings] = {}
    for name, body in table.items():
        if name not in names:
            raise ConfigError(path, f"没有名为“{name}”的规则(可用:{'、'.join(sorted(names))})")
        if not isinstance(body, dict):
            raise ConfigError(path, f"[rules.{name}] 应为表")
        extra = sorted(set(body) - {"enabled", "severity"})
        if extra:
            raise ConfigError(path, f"[rules.{name}] 中不认识的键 {', '.join(extra)}")
        severity = body.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise ConfigError(path, f"[rules.{name}] 的 severity 应为 {' / '.join(SEVERITIES)} 之一")
        enabled = _parse_bool(body.get("enabled", True), f"[rules.{name}] enabled", path)
        rules[name] = RuleSettings(enabled=enabled, severity=severity)
    return rules


def _parse_thresholds(table: object, path: Path | str | None) -> dict[str, float]:
    if not isinstance(table, dict):
        raise ConfigError(path, "[thresholds] 应为表")
    thresholds = {}
    for key, value in table.items():
        if key not in default_thresholds():
            raise ConfigError(path, f"不认识的阈值“{key}”(可用:{'、'.join(default_thresholds())})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ConfigError(path, f"阈值 {key} 应为 0 到 1 之间的数")
        thresholds[key] = float(value)
    return thresholds


def _string_list(value: object, what: str, path: Path | str | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(path, f"{what} 应为非空字符串的列表")
    return tuple(v.strip() for v in value)


def _parse_registry(table: object, path: Path | str | None) -> tuple[str, ...]:
    if not isinstance(table, dict):
        raise ConfigError(path, "[units] 应为表")
    extra = sorted(set(table) - {"registry", "aliases"})
    if extra:
        raise ConfigError(path, f"[units] 中不认识的键 {', '.join(extra)}")
    return _string_list(table.get("registry", []), "[units] registry", path)


def _parse_aliases(table: dict, path: Path | str | None) -> dict[str, tuple[str, ...]]:
    aliases = table.get("aliases", {})
    if not isinstance(aliases, dict):
        raise ConfigError(path, "[units.aliases] 应为表:规范名称 = [其他写法, …]")
    return {name: _string_list(v, f"[units.aliases] 中“{name}”", path) for name, v in aliases.items()}


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def _parse_events(value: object, path: Path | str | None) -> tuple[DatedEvent, ...]:
    if value is None:
        return DEFAULT_EVENTS
    if not isinstance(value, list):
        raise ConfigError(path, "[[events]] 应为表的数组")
    events = {event.name: event for event in DEFAULT_EVENTS}
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ConfigError(path, f"第{n}个 [[events]] 缺少 name")
        name = item["name"].strip()
        extra = sorted(set(item) - {"name", "date", "patterns", "enabled"})
        if extra:
            raise ConfigError(path, f"事件“{name}”中不认识的键 {', '.join(extra)}")
        if not _parse_bool(item.get("enabled", True), f"事件“{name}”的 enabled", path):
            events.pop(name, None)
            continue
        match = _DATE.match(str(item.get("date", "")).strip())
        if not match or not 1 <= int(match.group(2) or 12) <= 12:
            raise ConfigError(path, f"事件“{name}”的 date 应写成 \"YYYY-MM\",例如 \"2022-10\"")
        patterns = _string_list(item["patterns"], f"事件“{name}”的 patterns", path) \
            if "patterns" in item else AHEAD_PATTERNS
        for pattern in patterns:
            try:
                compile_linear(pattern.replace("{name}", re.escape(name)))
            except re.error as exc:
                raise ConfigError(path, f"事件“{name}”的正则表达式“{pattern}”无效({exc})") from exc
        events[name] = DatedEvent(name, int(match.group(1)), int(match.group(2) or 12), patterns)
    return tuple(events.values())
