"""Issue #14: `plancheck serve` is bounded in every mode and stops promptly.

A real server in a subprocess reviews a legitimate but very large upload (two plans of 3,000 tasks:
half a minute of work). `--workers 0` (one review at a time, each in a fresh process) obeys the time
limit, and SIGTERM while such a review runs ends the server within seconds, the review's worker and
its kept files included.
"""
from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
pytestmark = pytest.mark.slow  # `plancheck serve` in subprocesses

from large_plans import large_upload
from test_serve import Server
from test_serve_runner import _gone


def _children(pid: int) -> set[int]:
    """The process ids of a process's children (Linux); empty where /proc does not say."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


def test_one_review_at_a_time_obeys_the_time_limit(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", max_upload_mb=20)
    server.extra_args = ["--workers", "0", "--review-timeout", "3"]
    server.start()
    try:
        with server.client() as client:
            started = time.monotonic()
            response = client.post("/api/runs", data={"locality": "示例县", "uploader": "王科员"},
                                   files=large_upload())
            took = time.monotonic() - started
            assert response.status_code == 422, response.text
            assert "审查超过 3 秒仍未完成" in response.json()["error"]
            assert took < 20  # the review alone takes half a minute
            assert client.get("/api/runs").json()["total"] == 0
    finally:
        server.stop()


@pytest.mark.parametrize("workers", ["0", "1"])
def test_sigterm_during_a_review_stops_the_server_within_seconds(tmp_path: Path, workers: str) -> None:
    data = tmp_path / "data"
    server = Server(data, max_upload_mb=20)
    server.extra_args = ["--workers", workers]
    server.start()
    answers: list[object] = []

    def upload() -> None:
        try:
            with server.client() as client:
                answers.append(client.post("/api/runs", data={"locality": "示例县", "uploader": "王科员"},
                                           files=large_upload()))
        except httpx.HTTPError as exc:
            answers.append(exc)

    uploader = threading.Thread(target=upload)
    try:
        uploader.start()
        deadline = time.monotonic() + 60
        while not list((data / "uploads").iterdir()) and time.monotonic() < deadline:
            time.sleep(0.1)  # the upload is kept: its review starts now
        time.sleep(2.0)
        workers_before = _children(server.process.pid)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=60)
        stopped_after = time.monotonic() - started
    finally:
        server.stop()
        uploader.join(timeout=60)
    assert stopped_after < 12, server.log.read_text(errors="replace")[-2000:]
    assert not any(getattr(a, "status_code", None) == 201 for a in answers)
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in workers_before) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(pid) for pid in workers_before)
    # Nothing half-done kept: the cancelled review's upload and report folder are gone, no run stored.
    assert list((data / "uploads").iterdir()) == [] and list((data / "reports").iterdir()) == []
    with sqlite3.connect(data / "plancheck.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone() == (0,)
