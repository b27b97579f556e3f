"""Issue #14: a client that goes away during its upload's review cancels the review.

Driven at the ASGI level: the request body arrives, the review starts in a worker process, then the
client's `http.disconnect` comes. The review stands in for one caught in a slow document (it writes
half a report, then waits); the worker must be killed and nothing of the upload kept.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette")
httpx = pytest.importorskip("httpx")
anyio = pytest.importorskip("anyio")
pytestmark = pytest.mark.slow  # a worker process

from test_serve import plan_files
from test_serve_runner import _gone

from plancheck.serve.review import Outcome


def _review_until_cancelled(uploads, decisions, run_id, out_dir: Path, config_dir, task_levels) -> Outcome:
    """Half a report, the worker's process id beside the data folder, then a long wait."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.html").write_text("<!doctype html><title>审查报告", encoding="utf-8")
    (out_dir.parents[2] / "worker.pid").write_text(str(os.getpid()))
    time.sleep(30)
    return Outcome("pass", 0, 0)


async def _upload_then_leave(app, path: str, pid_file: Path) -> list[dict]:
    """POST an upload to the app, and disconnect once its review is running; what the app sent."""
    request = httpx.Request("POST", f"http://127.0.0.1:8000{path}", files=plan_files(),
                            data={"locality": "示例县", "uploader": "王科员"})
    body = request.read()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in request.headers.items()],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    delivered = False

    async def receive() -> dict:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        while not pid_file.exists():
            await anyio.sleep(0.05)
        return {"type": "http.disconnect"}

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    with anyio.fail_after(60):
        await app(scope, receive, send)
    return sent


@pytest.mark.parametrize("path", ["/api/runs", "/runs"])
def test_a_client_that_disconnects_cancels_its_review_and_nothing_is_kept(tmp_path, monkeypatch, path: str) -> None:
    from plancheck.serve import service as service_module
    from plancheck.serve.app import create_app

    monkeypatch.setattr(service_module, "review_uploads", _review_until_cancelled)
    app = create_app(tmp_path / "data", None, processes=1, warm=False)
    service = app.state.service
    pid_file = tmp_path / "worker.pid"
    try:
        started = time.monotonic()
        sent = anyio.run(_upload_then_leave, app, path, pid_file)
        cancelled_after = time.monotonic() - started
    finally:
        service.runner.close()
    statuses = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert not any(status in (201, 303) for status in statuses)
    assert _gone(int(pid_file.read_text()))  # the worker was killed, not left to finish
    assert cancelled_after < 25  # well before the review's 30 s
    assert service.store.count_runs(None) == 0
    assert list(service.uploads_dir.iterdir()) == [] and list(service.reports_dir.iterdir()) == []
