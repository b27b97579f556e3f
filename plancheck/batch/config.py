"""Which configuration reviews a locality in a batch: the inspector's, stated once for the whole batch.

A `plancheck.toml` dropped into one locality's folder could switch every rule off and turn 不通过 into
通过, so a locality's own file is read only when the batch is asked to (`--local-config`), and the
summary names the configuration each locality was reviewed with.
"""
from __future__ import annotations

from pathlib import Path

from ..checks.config import CONFIG_FILE_NAME, CheckConfig, find_config, load_config
from .jobs import LocalityJob

DEFAULT_LABEL = "默认配置"


def config_for(job: LocalityJob) -> tuple[CheckConfig, str]:
    """The locality's configuration and how the summary names it. A bad file (the batch's or, with
    `--local-config`, the locality's) raises ConfigError: the locality is not reviewed, as `check` would
    not review it."""
    local = find_config(Path(job.draft)) if job.local_config and job.draft else None
    if local is not None:
        return load_config(local), f"本地配置 {CONFIG_FILE_NAME}"
    if job.config:
        return load_config(Path(job.config)), f"统一配置 {Path(job.config).name}"
    return CheckConfig(), DEFAULT_LABEL
