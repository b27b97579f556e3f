"""Issue #14: the gates in front of `plancheck serve`, driven in-process through the ASGI app."""
from __future__ import annotations

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
# starlette's TestClient asks for httpx2, which nothing else here needs; httpx drives it as well.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

from starlette.applications import Starlette  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402
import warnings  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from plancheck.serve.security import FrameGuard, SiteGate, TokenGate, is_loopback  # noqa: E402


def _app(local_only: bool = True, token: str | None = None) -> TestClient:
    async def page(request):
        return PlainTextResponse("示例县")

    app = Starlette(routes=[Route("/{path:path}", page)],
                    middleware=[Middleware(FrameGuard), Middleware(SiteGate, local_only=local_only),
                                Middleware(TokenGate, token=token)])
    return TestClient(app, base_url="http://127.0.0.1:8000", follow_redirects=False)


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("127.255.255.254", True), ("::1", True), ("[::1]", True),
    ("::ffff:127.0.0.1", True), ("localhost", True), ("LOCALHOST.", True),
    ("0.0.0.0", False), ("10.0.0.1", False), ("evil.example", False), ("127.0.0.1.evil.example", False),
])
def test_all_of_127_0_0_0_8_and_ipv6_loopback_count_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_local_service_answers_127_0_0_2() -> None:
    client = _app()
    assert client.get("/", headers={"host": "127.0.0.2:8000"}).status_code == 200
    assert client.get("/", headers={"host": "rebind.example:8000"}).status_code == 403


def test_the_token_redirect_never_leaves_the_site() -> None:
    token = "示例县令牌".encode().hex()
    for path in ("//evil.example", "/\\evil.example", "///evil.example/x"):
        answer = _app(token=token).get(f"http://127.0.0.1:8000{path}?token={token}")
        assert answer.status_code == 303
        location = answer.headers["location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_every_answer_forbids_framing_by_other_sites() -> None:
    answer = _app().get("/")
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"  # the run page frames its own report
    assert "frame-ancestors 'self'" in answer.headers["content-security-policy"]


def test_the_data_folder_database_and_uploads_are_owner_only(tmp_path) -> None:
    import io
    import stat

    from plancheck.serve.runner import Runner
    from plancheck.serve.service import ReviewService
    from plancheck.serve.uploads import IncomingFile, keep

    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    service = ReviewService(data, 20, Runner(processes=0))
    modes = {path.name: stat.S_IMODE(path.stat().st_mode)
             for path in (data, service.uploads_dir, service.reports_dir, data / "plancheck.sqlite3")}
    assert modes == {"data": 0o700, "uploads": 0o700, "reports": 0o700, "plancheck.sqlite3": 0o600}
    _, stored = keep(IncomingFile("draft", "示例县计划.txt", 6, io.BytesIO(b"plan..")), ".txt", service.uploads_dir)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_beyond_loopback_only_the_allowed_host_names_are_answered() -> None:
    async def page(request):
        return PlainTextResponse("示例县")

    app = Starlette(routes=[Route("/", page)],
                    middleware=[Middleware(SiteGate, local_only=False, allowed_hosts=frozenset({"plancheck.intranet"}))])
    client = TestClient(app, base_url="http://plancheck.intranet")
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/", headers={"host": "rebind.example"}).status_code == 403


def test_serving_beyond_loopback_needs_a_token_or_allowed_hosts(monkeypatch, capsys) -> None:
    from plancheck import cli

    monkeypatch.delenv("PLANCHECK_TOKEN", raising=False)
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "--token" in line and "--allow-host" in line


@pytest.fixture
def api(tmp_path) -> TestClient:
    from plancheck.serve.app import create_app

    return TestClient(create_app(tmp_path / "data", None, processes=0, warm=False), raise_server_exceptions=False)


def test_an_offset_beyond_sqlites_integers_is_past_the_end(api: TestClient) -> None:
    answer = api.get("/api/runs?offset=99999999999999999999")
    assert (answer.status_code, answer.json()["runs"]) == (200, [])


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/api/runs/99999999999999999999", None),
    ("GET", "/api/runs/99999999999999999999/report", None),
    ("DELETE", "/api/runs/1/decisions/99999999999999999999", None),
    ("POST", "/api/runs/1/decisions", b"[" * 100_000),
    ("POST", "/api/runs/1/decisions", b'{"baseline": 1.9, "draft": 2, "action": "reject"}'),
    ("POST", "/api/runs/1/decisions", b'{"baseline": 1e400, "draft": 2, "action": "reject"}'),
    ("POST", "/api/runs/1/decisions", b'{"baseline": 99999999999999999999, "draft": 2, "action": "reject"}'),
])
def test_odd_input_is_a_4xx_with_a_chinese_message(api: TestClient, method: str, path: str, body) -> None:
    answer = api.request(method, path, content=body)
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:200])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer.json()["error"])


def test_a_fractional_task_index_is_not_rounded_down(api: TestClient) -> None:
    answer = api.post("/api/runs/1/decisions", content=b'{"baseline": 1.9, "draft": 2, "action": "reject"}')
    assert answer.status_code == 400 and "任务序号" in answer.json()["error"]


@pytest.mark.parametrize("typed", ["清河县\u200b", "\u202e清河县", "\ufeff清河县\u2060", " 清河县 "])
def test_locality_names_typed_with_invisible_characters_are_one_locality(typed: str) -> None:
    from plancheck.serve.service import clean_text

    assert clean_text(typed, "地区名称") == "清河县"


def test_a_locality_name_with_a_slash_is_refused(api: TestClient) -> None:
    import io

    answer = api.post("/api/runs", data={"locality": "某市/南山县", "uploader": "示例"},
                      files={"draft": ("plan.txt", io.BytesIO("示例县计划".encode()), "text/plain")})
    assert answer.status_code == 400 and "/" in answer.json()["error"]


def test_the_access_log_never_shows_the_token() -> None:
    import logging

    from plancheck.serve.security import TokenRedactor

    # uvicorn's access record: '%s - "%s %s HTTP/%s" %d' with the full path and query as an argument.
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/runs/3?x=1&token=示例县秘密&y=2", "1.1", 303), None)
    TokenRedactor().filter(record)
    line = record.getMessage()
    assert "示例县秘密" not in line and "token=***" in line and "y=2" in line


def test_a_full_disk_during_an_upload_is_507_and_leaves_no_partial_file(tmp_path, monkeypatch) -> None:
    import errno
    import io

    from plancheck.serve import uploads
    from plancheck.serve.errors import ServiceError

    def full_disk(source, target, length):
        target.write(source.read(3))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads.shutil, "copyfileobj", full_disk)
    with pytest.raises(ServiceError) as caught:
        uploads.keep(uploads.IncomingFile("draft", "示例县计划.txt", 9, io.BytesIO(b"plan text")), ".txt", tmp_path)
    assert caught.value.status == 507 and "磁盘空间不足" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_uploads_and_reports_no_run_refers_to_are_removed_at_start_up(tmp_path) -> None:
    from plancheck.serve.runner import Runner
    from plancheck.serve.service import ReviewService
    from plancheck.serve.store import StoredFile

    service = ReviewService(tmp_path / "data", 20, Runner(processes=0))
    kept = service.uploads_dir / "kept.txt"
    kept.write_text("示例县")
    (service.reports_dir / "kept-report").mkdir()
    service.store.add_run("示例县", "示例", "pass", 0, 0, [StoredFile("draft", "计划.txt", "kept.txt", 9)],
                          "kept-report")
    (service.uploads_dir / "orphan.txt").write_bytes(b"")
    (service.reports_dir / "orphan-report").mkdir()
    restarted = ReviewService(tmp_path / "data", 20, Runner(processes=0))
    assert [p.name for p in restarted.uploads_dir.iterdir()] == ["kept.txt"]
    assert [p.name for p in restarted.reports_dir.iterdir()] == ["kept-report"]


def test_a_stalled_request_body_is_answered_408() -> None:
    import anyio

    from plancheck.serve.security import BodyLimit

    async def reads_the_body(scope, receive, send):
        while (await receive()).get("more_body"):
            pass

    sent: list[dict] = []

    async def first_chunk_then_nothing():
        if not sent and not getattr(first_chunk_then_nothing, "called", False):
            first_chunk_then_nothing.called = True
            return {"type": "http.request", "body": "示例县".encode(), "more_body": True}
        await anyio.sleep_forever()

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/runs", "headers": []}
    gate = BodyLimit(reads_the_body, limit=1024, message="过大", chunk_seconds=0.2)
    anyio.run(gate, scope, first_chunk_then_nothing, send)
    assert sent[0]["status"] == 408
    assert "没有收到数据" in sent[1]["body"].decode("utf-8")


def _trickled(gap: float, chunk: bytes, chunks: int):
    """An ASGI receive that sends `chunks` pieces of the body `gap` seconds apart."""
    import anyio

    sent = 0

    async def receive():
        nonlocal sent
        await anyio.sleep(gap)
        sent += 1
        return {"type": "http.request", "body": chunk, "more_body": sent < chunks}

    return receive


def _answer_to(receive, **limits) -> list[dict]:
    import anyio

    from plancheck.serve.security import BodyLimit

    async def reads_the_body_then_answers(scope, receive, send):
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/runs", "headers": []}
    gate = BodyLimit(reads_the_body_then_answers, limit=1 << 20, message="过大", **limits)
    anyio.run(gate, scope, receive, send)
    return sent


def test_a_body_trickled_below_the_minimum_rate_is_answered_408() -> None:
    # every piece comes well within the per-chunk wait, but far too slowly on the whole
    sent = _answer_to(_trickled(0.02, b"x", 1000), chunk_seconds=1.0, grace_seconds=0.2, min_rate=500)
    assert sent[0]["status"] == 408
    assert "上传过慢" in sent[1]["body"].decode("utf-8")


def test_a_body_at_an_honest_rate_past_the_grace_time_is_read_whole() -> None:
    sent = _answer_to(_trickled(0.02, b"x" * 100, 20), chunk_seconds=1.0, grace_seconds=0.1, min_rate=500)
    assert sent[0]["status"] == 200


@pytest.mark.parametrize("change", ["decide", "withdraw"])
def test_a_ruling_whose_rereview_fails_is_undone(tmp_path, monkeypatch, change: str) -> None:
    import anyio

    from plancheck.serve.errors import ServiceError
    from plancheck.serve.runner import Runner
    from plancheck.serve.service import DecisionRequest, ReviewService
    from plancheck.serve.store import TaskKey

    service = ReviewService(tmp_path / "data", 20, Runner(processes=0))
    run_id = service.store.add_run("示例县", "示例", "pass", 0, 0, [], "r1")
    first, second = TaskKey(1, "1", "推进依法行政"), TaskKey(2, "2", "规范执法")
    service.store.add_decision("示例县", run_id, "alignment", "baseline", first, second, "confirm")
    before = service.store.decisions("示例县")

    async def failing_review(*args):
        raise ServiceError(422, "审核决定无法应用")

    monkeypatch.setattr(service, "_review", failing_review)
    monkeypatch.setattr(service, "report", lambda run: {})
    monkeypatch.setattr(service, "_keys", lambda report, request: (first, second, "baseline"))
    with pytest.raises(ServiceError):
        if change == "decide":  # replaces the standing ruling on the same pair
            anyio.run(service.decide, run_id, DecisionRequest("alignment", "reject", 1, 2))
        else:
            anyio.run(service.withdraw, run_id, before[0].id)
    assert service.store.decisions("示例县") == before
