"""Batch review, step one: the localities below a folder and their documents.

Finding the documents
---------------------
If DIR holds ``manifest.csv`` (UTF-8, header ``locality,draft,baseline,scheme``), each row is one
locality; paths are relative to the manifest's folder and ``baseline`` / ``scheme`` may be empty.

Otherwise every folder below DIR that directly holds plan documents is one locality, named by its
path relative to DIR (``市甲/清河县``). In such a folder, among the readable formats
(.docx .pdf .txt .html .htm .xlsx .csv):

* a file whose name contains ``方案`` or ``scheme`` is the multi-year implementation scheme;
* a file whose name contains a year ``20XX`` is that year's annual plan: the newest is the draft, the
  one before it the baseline, and every plan counts for the multi-year scheme coverage;
* anything else (notes, ``plancheck.toml``, decisions, hidden and ``~$`` lock files) is ignored.
"""
from __future__ import annotations

import csv
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..pipeline import file_year
from ..plans import DOCUMENT_SUFFIXES
from ..plans.errors import PlanInputError

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("locality", "draft", "baseline", "scheme")
OWN_OUTPUTS = {"summary.csv", "summary.xlsx", "index.html", "report.html", "report.json", "coverage.html"}
SCHEME_NAME = re.compile(r"方案|scheme", re.IGNORECASE)


@dataclass(frozen=True)
class LocalityJob:
    """The documents of one locality: paths as strings, plans oldest first (draft last)."""

    locality: str
    draft: str | None
    baseline: str | None
    scheme: str | None
    plans: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    config: str | None = None  # the batch's configuration file (--config), for every locality
    local_config: bool = False  # whether a plancheck.toml in the locality's folder is used (--local-config)
    opinion: bool = False  # whether the locality's 审查意见书 (report-opinion.docx) is written (--opinion)


def discover(root: str | Path, skip: Path | None = None) -> list[LocalityJob]:
    """The localities below root, from its manifest or the naming convention. Raises PlanInputError."""
    root = Path(root)
    if not root.is_dir():
        raise PlanInputError(root, "文件夹不存在")
    manifest = root / MANIFEST_NAME
    jobs = _from_manifest(manifest) if manifest.is_file() else _from_folders(root, skip)
    if not jobs:
        raise PlanInputError(root, "没有找到任何地区的计划文件(文件名需含年份 20XX,或提供 manifest.csv)")
    return _unique_names(jobs)


def _from_manifest(manifest: Path) -> list[LocalityJob]:
    with manifest.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = [c for c in ("locality", "draft") if c not in (reader.fieldnames or ())]
        if missing:
            raise PlanInputError(manifest, f"缺少列 {'、'.join(missing)}(应为 {','.join(MANIFEST_COLUMNS)})")
        jobs = []
        for line, row in enumerate(reader, start=2):
            paths = {c: (row.get(c) or "").strip() for c in MANIFEST_COLUMNS[1:]}
            resolved = {c: str(manifest.parent / p) if p else None for c, p in paths.items()}
            name = (row.get("locality") or "").strip() or f"第{line}行"
            problems = () if resolved["draft"] else (f"manifest.csv 第{line}行没有填写草案",)
            plans = tuple(p for p in (resolved["baseline"], resolved["draft"]) if p)
            jobs.append(LocalityJob(name, resolved["draft"], resolved["baseline"], resolved["scheme"], plans,
                                    problems))
    return jobs


def _from_folders(root: Path, skip: Path | None) -> list[LocalityJob]:
    skip = skip.resolve() if skip else None
    jobs = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip)
        job = _folder_job(root, here, sorted(files))
        if job is not None:
            jobs.append(job)
    return jobs


def _folder_job(root: Path, folder: Path, names: Sequence[str]) -> LocalityJob | None:
    """The locality of one folder, or None when it holds no plan and no scheme."""
    schemes: list[str] = []
    by_year: dict[int, list[str]] = {}
    for name in names:
        path = folder / name
        if (name.startswith((".", "~$")) or name in OWN_OUTPUTS or path.suffix.lower() not in DOCUMENT_SUFFIXES
                or name == MANIFEST_NAME):
            continue
        if SCHEME_NAME.search(path.stem):
            schemes.append(name)
        elif year := file_year(path):
            by_year.setdefault(year, []).append(name)
    if not schemes and not by_year:
        return None
    problems = []
    for year, found in sorted(by_year.items()):
        if len(found) > 1:
            problems.append(f"{year}年有多份计划({'、'.join(found)}),使用“{found[0]}”")
    if len(schemes) > 1:
        problems.append(f"有多份实施方案({'、'.join(schemes)}),使用“{schemes[0]}”")
    plans = tuple(str(folder / by_year[year][0]) for year in sorted(by_year))
    if not plans:
        problems.append("没有找到年度计划(文件名需含年份 20XX)")
    name = folder.relative_to(root).as_posix()
    return LocalityJob(
        locality=root.resolve().name if name == "." else name,
        draft=plans[-1] if plans else None,
        baseline=plans[-2] if len(plans) > 1 else None,
        scheme=str(folder / schemes[0]) if schemes else None,
        plans=plans,
        problems=tuple(problems),
    )


def _unique_names(jobs: list[LocalityJob]) -> list[LocalityJob]:
    seen: Counter[str] = Counter()
    out = []
    for job in jobs:
        seen[job.locality] += 1
        out.append(job if seen[job.locality] == 1 else replace(job, locality=f"{job.locality}({seen[job.locality]})"))
    return out


def report_folder(out: Path, locality: str) -> Path:
    """Where one locality's reports go: its name as a relative path, stripped of anything unsafe."""
    parts = [re.sub(r'[<>:"\\|?*\x00-\x1f]', "_", p).strip() for p in locality.split("/")]
    parts = [p if p not in ("", ".", "..") else "_" for p in parts]
    return out.joinpath(*parts)
