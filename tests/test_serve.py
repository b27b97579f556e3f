"""`plancheck serve`: the real server in a subprocess on a loopback port, driven over real HTTP."""
from __future__ import annotations

import io
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
pytest.importorskip("starlette")
pytestmark = pytest.mark.slow  # `plancheck serve` in subprocesses

LOCALITY = "青山县"

BASELINE_2023 = """青山县2023年法治政府建设工作计划

一、深入学习贯彻习近平法治思想
1.深入学习宣传贯彻习近平法治思想。将习近平法治思想纳入县政府常务会议学法和公务员培训必修内容,全年开展集中宣讲不少于8场。〔牵头单位:县司法局;责任单位:县委宣传部、各乡镇人民政府〕
2.落实党政主要负责人履行推进法治建设第一责任人职责。各部门主要负责人年底前完成书面述法。〔牵头单位:县委依法治县办;责任单位:县直各部门〕
二、健全依法行政制度体系
3.加强行政规范性文件合法性审核。规范性文件备案审查率达到100%,及时开展规范性文件清理。〔牵头单位:县司法局;责任单位:县直各部门〕
4.严格落实重大行政决策程序。年初公布年度重大行政决策事项目录,重大行政决策合法性审查率达到100%。〔牵头单位:县政府办公室;责任单位:县司法局〕
三、严格规范公正文明执法
5.全面落实行政执法“三项制度”。严格执行行政执法公示、执法全过程记录、重大执法决定法制审核制度。〔牵头单位:县司法局;责任单位:县直各行政执法部门〕
6.开展行政执法案卷评查。每年组织一次行政执法案卷集中评查,评查结果纳入法治政府建设考核。〔牵头单位:县司法局;责任单位:县直各行政执法部门〕
7.推进乡镇综合行政执法改革。动态调整乡镇赋权事项清单,完善县直部门与乡镇执法协作机制。〔牵头单位:县委编办;责任单位:各乡镇人民政府〕
"""

DRAFT_2024 = """青山县2024年法治政府建设工作计划

一、深入学习贯彻习近平法治思想
1.深入学习宣传贯彻习近平法治思想。将习近平法治思想纳入县政府常务会议学法和公务员培训必修内容,全年开展集中宣讲不少于6场。〔牵头单位:县司法局;责任单位:县委宣传部、各乡镇人民政府〕
2.落实党政主要负责人履行推进法治建设第一责任人职责。各部门主要负责人年底前完成书面述法,述法情况纳入年度考核。〔牵头单位:县委依法治县办;责任单位:县直各部门〕
二、健全依法行政制度体系
3.加强行政规范性文件合法性审核。规范性文件备案审查率达到100%,按照“谁制定、谁清理”原则开展清理。〔牵头单位:县司法局;责任单位:县直各部门〕
4.严格落实重大行政决策程序。年初公布年度重大行政决策事项目录,严格履行公众参与、专家论证、合法性审查等法定程序。〔牵头单位:县政府办公室;责任单位:县司法局〕
三、严格规范公正文明执法
5.全面落实行政执法“三项制度”。严格执行行政执法公示、执法全过程记录、重大执法决定法制审核制度。〔牵头单位:县司法局;责任单位:县直各行政执法部门〕
6.常态化开展行政执法案卷评查。每半年组织一次行政执法案卷集中评查,评查结果在全县通报。〔牵头单位:县司法局;责任单位:县直各行政执法部门〕
7.规范涉企行政检查。推行跨部门联合检查,严禁随意检查、重复检查。〔牵头单位:县市场监管局;责任单位:县直各行政执法部门〕
"""

SCHEME = """青山县法治政府建设实施方案(2021-2025年)

一、深入学习贯彻习近平法治思想
(一)把习近平法治思想作为各级领导干部学法和公务员培训的重点内容,开展集中宣讲。
(二)压实党政主要负责人履行推进法治建设第一责任人职责,落实年终述法制度。
二、健全依法行政制度体系
(三)加强行政规范性文件合法性审核和备案审查,定期开展规范性文件清理。
(四)严格落实重大行政决策程序,公布重大行政决策事项目录,开展合法性审查。
三、严格规范公正文明执法
(五)全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度。
(六)加强行政执法监督,定期开展行政执法案卷评查。
(七)规范涉企行政检查,推行跨部门联合检查。
(八)深化乡镇综合行政执法改革,完善执法协作机制。
"""

MAX_UPLOAD_MB = 1
STARTUP_SECONDS = 90
REVIEW_TIMEOUT = 120


# ---------------------------------------------------------------- the server


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`plancheck serve` in a subprocess, listening on 127.0.0.1 only."""

    def __init__(self, data: Path, token: str | None = None, env_token: str | None = None,
                 max_upload_mb: int = MAX_UPLOAD_MB) -> None:
        self.data = data
        self.token = token
        self.env_token = env_token
        self.max_upload_mb = max_upload_mb
        self.extra_args: list[str] = []
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log = data.parent / f"{data.name}-server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.port = free_port()
        command = [sys.executable, "-m", "plancheck", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--data", str(self.data), "--max-upload-mb", str(self.max_upload_mb)]
        if self.token:
            command += ["--token", self.token]
        command += self.extra_args
        env = {k: v for k, v in os.environ.items() if k != "PLANCHECK_TOKEN"}
        if self.env_token:
            env["PLANCHECK_TOKEN"] = self.env_token
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=REVIEW_TIMEOUT, **kwargs)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """One server for the module (no token, 1 MB upload limit)."""
    srv = Server(tmp_path_factory.mktemp("serve") / "data").start()
    yield srv
    srv.stop()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


def plan_files(draft: str = DRAFT_2024, baseline: str | None = BASELINE_2023, scheme: str | None = SCHEME) -> dict:
    """Multipart files of an upload: the three documents as UTF-8 .txt."""
    files = {"draft": ("草案_2024.txt", draft.encode("utf-8"), "text/plain")}
    if baseline is not None:
        files["baseline"] = ("计划_2023.txt", baseline.encode("utf-8"), "text/plain")
    if scheme is not None:
        files["scheme"] = ("实施方案_2021-2025.txt", scheme.encode("utf-8"), "text/plain")
    return files


def upload(client: httpx.Client, locality: str = LOCALITY, uploader: str = "王科员", **files) -> httpx.Response:
    return client.post("/api/runs", data={"locality": locality, "uploader": uploader},
                       files=files or plan_files())


def pairs(report: dict) -> set[tuple[int, int]]:
    return {(row["baseline"], row["draft"]) for row in report["alignment"]}


def draft_links(report: dict) -> set[tuple[int, int]]:
    return {(group["task"], item) for group in report["scheme_links"].get("draft", []) for item in group["items"]}


# ---------------------------------------------------------------- the whole flow


def test_upload_review_decide_and_find_it_after_restart(tmp_path: Path) -> None:
    srv = Server(tmp_path / "data").start()
    try:
        with srv.client() as client:
            response = upload(client)
            assert response.status_code == 201, response.text
            run = response.json()
            assert run["locality"] == LOCALITY and run["uploader"] == "王科员"
            assert run["verdict"] in ("pass", "fail")
            assert [f["name"] for f in run["files"]] == ["草案_2024.txt", "计划_2023.txt", "实施方案_2021-2025.txt"]

            page = client.get(f"/runs/{run['id']}")
            assert page.status_code == 200
            assert "审查记录" in page.text and "审核决定" in page.text and "草案_2024.txt" in page.text
            assert f'src="/runs/{run["id"]}/report.html' in page.text

            html_before = client.get(run["links"]["report_html"]).text
            assert "审查报告" in html_before
            report = client.get(f"/api/runs/{run['id']}/report").json()
            assert report["schema"] == "plancheck-report/1"
            assert (6, 6) in pairs(report)
            assert [d["path"] for d in report["documents"]] == ["计划_2023.txt", "草案_2024.txt", "实施方案_2021-2025.txt"]

            xlsx = client.get(run["links"]["report_xlsx"])
            assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
            assert "attachment" in xlsx.headers["content-disposition"]
            assert zipfile.ZipFile(io.BytesIO(xlsx.content)).namelist()
            assert client.get(run["links"]["report_json"]).json()["schema"] == "plancheck-report/1"

            # The reviewer rejects the pair 去年 6 -> 草案 6 from the report page's panel.
            assert 'data-baseline="6" data-draft="6"' in page.text
            decided = client.post(f"/runs/{run['id']}/decisions",
                                  data={"subject": "alignment", "plan": "baseline", "left": "6", "right": "6",
                                        "decision": "reject", "reviewer": "李审核"})
            assert decided.status_code == 303
            after = client.get(f"/api/runs/{run['id']}/report").json()
            assert (6, 6) not in pairs(after)
            assert 6 in after["dropped"] and 6 in after["added"]
            assert any("6" in note for note in after["decisions_applied"])
            assert client.get(run["links"]["report_html"]).text != html_before
            page = client.get(f"/runs/{run['id']}").text
            assert "否决年度对照" in page and "李审核" in page

            # ... and, through the API, a scheme link.
            link = min(draft_links(after))
            response = client.post(f"/api/runs/{run['id']}/decisions",
                                   json={"target": "scheme_link", "plan": "draft", "task": link[0], "item": link[1],
                                         "action": "reject", "reviewer": "李审核"})
            assert response.status_code == 201, response.text
            assert link not in draft_links(client.get(f"/api/runs/{run['id']}/report").json())
            run_after = client.get(f"/api/runs/{run['id']}").json()
            assert {d["action"] for d in run_after["decisions"]} == {"reject"}
            assert len(run_after["decisions"]) == 2
    finally:
        srv.stop()

    # After a restart the history still has the run and its decisions.
    srv.start()
    try:
        with srv.client() as client:
            runs = client.get("/api/runs").json()
            assert runs["total"] == 1 and runs["runs"][0]["id"] == run["id"]
            history = client.get("/history")
            assert history.status_code == 200
            assert LOCALITY in history.text and "王科员" in history.text and "草案_2024.txt" in history.text
            assert (6, 6) not in pairs(client.get(f"/api/runs/{run['id']}/report").json())
            assert len(client.get(f"/api/localities/{LOCALITY}/decisions").json()["decisions"]) == 2
    finally:
        srv.stop()


def test_decisions_carry_over_to_the_next_upload_of_the_locality(client: httpx.Client) -> None:
    locality = "碧水县"
    first = upload(client, locality).json()
    assert (4, 4) in pairs(client.get(f"/api/runs/{first['id']}/report").json())
    response = client.post(f"/api/runs/{first['id']}/decisions",
                           json={"target": "alignment", "baseline": 4, "draft": 4, "action": "reject"})
    assert response.status_code == 201
    decision_id = response.json()["decision"]["id"]

    # The next draft moves the task (a new task 1 in front): the decision finds it by its title.
    moved = DRAFT_2024.replace("1.深入学习", "1.推进法治政府建设示范创建。积极参加市级法治政府建设示范创建活动。"
                                             "〔牵头单位:县委依法治县办;责任单位:县直各部门〕\n1.深入学习", 1)
    second = upload(client, locality, draft=plan_files(moved)["draft"], baseline=plan_files()["baseline"]).json()
    report = client.get(f"/api/runs/{second['id']}/report").json()
    titles = {t["index"]: t["title"] for t in report["documents"][1]["tasks"]}
    moved_index = next(i for i, title in titles.items() if title.startswith("严格落实重大行政决策程序"))
    assert moved_index == 5
    assert (4, moved_index) not in pairs(report)
    assert report["decisions_applied"]

    # The locality's rulings are found under its name as typed, with a stray space or a zero-width one.
    standing = client.get(f"/api/localities/{quote(' 碧水县' + chr(0x200b))}/decisions").json()
    assert standing["locality"] == locality and [d["id"] for d in standing["decisions"]] == [decision_id]

    # Another locality is not affected.
    other = upload(client, "别的县").json()
    assert (4, 4) in pairs(client.get(f"/api/runs/{other['id']}/report").json())

    # Withdrawing the decision restores the pair on re-review.
    response = client.delete(f"/api/runs/{second['id']}/decisions/{decision_id}")
    assert response.status_code == 200
    assert (4, moved_index) in pairs(client.get(f"/api/runs/{second['id']}/report").json())


def test_force_pair_with_kind_through_the_panel_form(client: httpx.Client) -> None:
    run = upload(client, "红岭县").json()
    report = client.get(f"/api/runs/{run['id']}/report").json()
    assert (7, 7) not in pairs(report)
    response = client.post(f"/runs/{run['id']}/decisions",
                           data={"subject": "alignment", "plan": "baseline", "left": "7", "right": "7",
                                 "kind": "rewritten", "decision": "force", "reviewer": ""})
    assert response.status_code == 303
    after = client.get(f"/api/runs/{run['id']}/report").json()
    row = next(r for r in after["alignment"] if (r["baseline"], r["draft"]) == (7, 7))
    assert row["kind"] == "rewritten" and row.get("decision") == "forced"


def test_upload_through_the_html_form_redirects_to_the_run(client: httpx.Client) -> None:
    response = client.post("/runs", data={"locality": "白沙县", "uploader": "赵"}, files=plan_files(scheme=None))
    assert response.status_code == 303
    location = response.headers["location"]
    page = client.get(location)
    assert page.status_code == 200 and "白沙县" in page.text
    assert "方案关联(草案任务" not in page.text  # no scheme uploaded: no link panel
    history = client.get("/history", params={"locality": "白沙县"}).text
    assert "白沙县" in history and "赵" in history


def test_reviews_run_off_the_event_loop(server: Server) -> None:
    """While reviews are running, the server still answers at once."""
    results: list[int] = []

    def one(n: int) -> None:
        with server.client() as c:
            results.append(upload(c, f"并发县{n}").status_code)

    workers = [threading.Thread(target=one, args=(n,)) for n in range(4)]
    for w in workers:
        w.start()
    time.sleep(0.3)
    slowest = 0.0
    with server.client() as c:
        while any(w.is_alive() for w in workers):
            start = time.monotonic()
            assert c.get("/api/health", timeout=5).status_code == 200
            slowest = max(slowest, time.monotonic() - start)
            time.sleep(0.05)
    for w in workers:
        w.join()
    assert results == [201] * 4
    assert slowest < 1.0


# ---------------------------------------------------------------- bad uploads


def _kept_files(server: Server) -> set[str]:
    return {p.name for p in (server.data / "uploads").iterdir()}


def _run_count(server: Server) -> int:
    with sqlite3.connect(server.data / "plancheck.sqlite3") as conn:
        return conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]


def _corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><<<not xml")
    return buffer.getvalue()


BAD_UPLOADS = {
    "empty draft": ({"draft": ("草案.txt", b"", "text/plain")}, 400, "空文件"),
    "old word format": ({"draft": ("草案.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "application/msword")},
                        415, "不支持的文件格式"),
    "executable": ({"draft": ("setup.exe", b"MZ" + b"\0" * 100, "application/octet-stream")}, 415, ".exe"),
    "no extension": ({"draft": ("草案", DRAFT_2024.encode(), "text/plain")}, 415, "没有扩展名"),
    "too large": ({"draft": ("草案.txt", b"x" * (MAX_UPLOAD_MB * 1048576 + 10), "text/plain")}, 413, "不能超过 1 MB"),
    "bad scheme type": ({"draft": ("草案.txt", DRAFT_2024.encode(), "text/plain"),
                         "scheme": ("方案.zip", b"PK\x03\x04", "application/zip")}, 415, "方案.zip"),
    "random bytes as docx": ({"draft": ("草案.docx", os.urandom(2000), "application/octet-stream")}, 422, "草案.docx"),
    "corrupt docx": ({"draft": ("草案.docx", _corrupt_docx(), "application/octet-stream")}, 422, "草案.docx"),
    "truncated pdf": ({"draft": ("草案.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "application/pdf")},
                      422, "草案.pdf"),
    "garbage xlsx": ({"draft": ("草案.xlsx", b"PK\x03\x04garbage", "application/octet-stream")}, 422, "草案.xlsx"),
    "binary txt": ({"draft": ("草案.txt", bytes(range(256)) * 20, "text/plain")}, 422, "草案.txt"),
    "no tasks": ({"draft": ("草案.txt", "这份文件没有任何编号的任务。\n".encode(), "text/plain")}, 422, "草案.txt"),
    "baseline unreadable": ({"draft": ("草案.txt", DRAFT_2024.encode(), "text/plain"),
                             "baseline": ("去年.pdf", b"%PDF-1.4 broken", "application/pdf")}, 422, "去年.pdf"),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS), ids=list(BAD_UPLOADS))
def test_bad_upload_gets_a_chinese_4xx(server: Server, client: httpx.Client, case: str) -> None:
    files, status, words = BAD_UPLOADS[case]
    before_files, before_runs = _kept_files(server), _run_count(server)
    response = client.post("/api/runs", data={"locality": "坏文件县", "uploader": "测试"}, files=files)
    if case == "no tasks" and response.status_code == 201:
        pytest.skip("plans/ accepts a document without tasks")
    assert response.status_code == status, response.text
    message = response.json()["error"]
    assert words in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert _kept_files(server) == before_files  # nothing of a refused upload is kept
    assert _run_count(server) == before_runs


@pytest.mark.parametrize("data, files, words", [
    ({"locality": "", "uploader": "测试"}, {"draft": ("草案.txt", DRAFT_2024.encode(), "text/plain")}, "地区名称"),
    ({"locality": "某县", "uploader": " "}, {"draft": ("草案.txt", DRAFT_2024.encode(), "text/plain")}, "上传人"),
    ({"locality": "某县", "uploader": "测试"}, {"baseline": ("去年.txt", BASELINE_2023.encode(), "text/plain")},
     "计划草案"),
    ({"locality": "县" * 300, "uploader": "测试"}, {"draft": ("草案.txt", DRAFT_2024.encode(), "text/plain")}, "过长"),
], ids=["no locality", "blank uploader", "no draft", "long locality"])
def test_missing_fields_get_400(client: httpx.Client, data: dict, files: dict, words: str) -> None:
    response = client.post("/api/runs", data=data, files=files)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_not_a_form_gets_400(client: httpx.Client) -> None:
    response = client.post("/api/runs", content=b"{}", headers={"content-type": "application/json"})
    assert response.status_code == 400
    response = client.post("/api/runs", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data"})
    assert response.status_code == 400
    assert "格式不正确" in response.json()["error"]


def test_declared_body_too_large_is_refused_before_reading(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                     b"Content-Length: 999999999\r\n\r\n")
        chunks = []
        while chunk := sock.recv(4096):
            chunks.append(chunk)
        answer = b"".join(chunks).decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413")
    assert "上传内容过大" in answer


def test_bad_upload_through_the_form_shows_the_form_again(client: httpx.Client) -> None:
    response = client.post("/runs", data={"locality": "绿洲县", "uploader": "钱"},
                           files={"draft": ("草案.doc", b"\xd0\xcf\x11\xe0", "application/msword")})
    assert response.status_code == 415
    assert "不支持的文件格式" in response.text and 'id="upload-form"' in response.text
    assert 'value="绿洲县"' in response.text  # what the clerk typed is kept


def test_client_file_names_never_reach_the_file_system(server: Server, client: httpx.Client) -> None:
    evil = {"draft": ("../../../../tmp/plancheck-evil.txt", DRAFT_2024.encode(), "text/plain"),
            "baseline": ("..\\..\\windows\\去年.txt", BASELINE_2023.encode(), "text/plain")}
    response = upload(client, "路径县", **evil)
    assert response.status_code == 201, response.text
    assert [f["name"] for f in response.json()["files"]] == ["plancheck-evil.txt", "去年.txt"]
    assert not Path("/tmp/plancheck-evil.txt").exists()
    for name in _kept_files(server):
        stem, ext = os.path.splitext(name)
        assert len(stem) == 32 and all(c in "0123456789abcdef" for c in stem) and ext in (".txt", ".docx", ".pdf",
                                                                                         ".html", ".htm", ".xlsx", ".csv")


@pytest.mark.parametrize("body, words", [
    ({"target": "alignment", "baseline": 99, "draft": 1, "action": "reject"}, "没有第 99 项"),
    ({"target": "alignment", "baseline": 1, "draft": 1, "action": "delete"}, "confirm"),
    ({"target": "alignment", "baseline": 1, "action": "reject"}, "两侧"),
    ({"target": "alignment", "baseline": "一", "draft": 1, "action": "reject"}, "正整数"),
    ({"target": "scheme_link", "plan": "draft", "task": 1, "item": 0, "action": "force"}, "正整数"),
    ({"target": "links", "baseline": 1, "draft": 1, "action": "reject"}, "审核对象"),
    ({"target": "alignment", "baseline": 1, "draft": 1, "action": "force", "kind": "bogus"}, "对应类型"),
    ([1, 2], "JSON 对象"),
], ids=["index out of range", "bad action", "one side", "not a number", "zero", "bad target", "bad kind", "array"])
def test_bad_decisions_get_400(client: httpx.Client, body, words: str) -> None:
    run = upload(client, "决定县").json()
    response = client.post(f"/api/runs/{run['id']}/decisions", json=body)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_unknown_run_and_page_get_404(client: httpx.Client) -> None:
    assert client.get("/api/runs/999999").status_code == 404
    assert "999999" in client.get("/api/runs/999999").json()["error"]
    assert client.get("/runs/999999").status_code == 404
    assert "页面不存在" in client.get("/no/such/page").text
    run = upload(client, "下载县").json()
    assert client.get(f"/runs/{run['id']}/report.exe").status_code == 404


def test_submissions_from_other_sites_are_refused(server: Server, client: httpx.Client) -> None:
    """Without a token, a page on another site still cannot post here in the clerk's name."""
    evil = {"Origin": "http://evil.example"}
    response = client.post("/api/runs", data={"locality": "跨站县", "uploader": "某人"}, files=plan_files(),
                           headers=evil)
    assert response.status_code == 403 and "其他网站" in response.json()["error"]
    referred = client.post("/runs", data={"locality": "跨站县", "uploader": "某人"}, files=plan_files(),
                           headers={"Referer": "http://evil.example/page.html"})
    assert referred.status_code == 403 and "其他网站" in referred.text
    assert client.get("/", headers=evil).status_code == 200  # reading a page changes nothing
    own = client.post("/api/runs", data={"locality": "本站县", "uploader": "王科员"}, files=plan_files(),
                      headers={"Origin": server.url.rstrip("/")})
    assert own.status_code in (200, 201)
    history = client.get("/api/runs").json()
    assert not any(run["locality"] == "跨站县" for run in history["runs"])


def test_a_local_service_answers_to_loopback_names_only(server: Server, client: httpx.Client) -> None:
    """A hostile name resolving to 127.0.0.1 (DNS rebinding) cannot read the history."""
    response = client.get("/api/runs", headers={"Host": "evil.example"})
    assert response.status_code == 403 and "本机地址" in response.json()["error"]
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    assert client.get("/api/health", headers={"Host": f"localhost:{port}"}).status_code == 200


# ---------------------------------------------------------------- access token


@pytest.fixture(scope="module")
def token_server(tmp_path_factory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("serve-token") / "data", env_token="s3cret-令牌".encode().hex()).start()
    yield srv
    srv.stop()


def test_token_is_checked_on_every_request(token_server: Server) -> None:
    token = token_server.env_token
    with token_server.client() as anonymous:
        assert anonymous.get("/api/health").status_code == 200
        response = anonymous.get("/api/runs")
        assert response.status_code == 401 and "访问令牌" in response.json()["error"]
        assert anonymous.post("/api/runs", files=plan_files()).status_code == 401
        page = anonymous.get("/history")
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        assert anonymous.get(f"/api/runs?token=wrong{token}").status_code == 401
        assert anonymous.get("/api/runs", headers={"authorization": "Bearer wrong"}).status_code == 401

    with token_server.client(headers={"authorization": f"Bearer {token}"}) as api:
        assert upload(api, "令牌县").status_code == 201
        assert api.get("/api/runs").json()["total"] == 1

    with token_server.client() as browser:
        wrong = browser.post("/login", data={"token": "nope", "next": "/history"})
        assert wrong.status_code == 401 and "访问令牌不正确" in wrong.text
        right = browser.post("/login", data={"token": token, "next": "//evil.example/"})
        assert right.status_code == 303 and right.headers["location"] == "/"
        assert "HttpOnly" in right.headers["set-cookie"]
        assert browser.get("/history").status_code == 200  # the cookie jar now holds the session

    with token_server.client() as linked:
        once = linked.get(f"/history?token={token}&locality=令牌县")
        assert once.status_code == 303 and "token" not in once.headers["location"]
        assert "令牌县" in linked.get(once.headers["location"]).text


# ---------------------------------------------------------------- the store


def test_store_migrations_are_applied_once(tmp_path: Path) -> None:
    from plancheck.serve.store import MIGRATIONS, Store, StoredFile, TaskKey

    store = Store(tmp_path / "h.sqlite3")
    run_id = store.add_run("某县", "甲", "pass", 0, 1, [StoredFile("draft", "草案.txt", "a" * 32 + ".txt", 10)], "r1")
    store.add_decision("某县", run_id, "alignment", "baseline", TaskKey(1, "1", "甲"), TaskKey(2, "2", "乙"), "reject")
    store.add_decision("某县", run_id, "alignment", "baseline", TaskKey(1, "1", "甲"), TaskKey(2, "2", "乙"), "confirm")
    again = Store(tmp_path / "h.sqlite3")
    with sqlite3.connect(tmp_path / "h.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert again.get_run(run_id).files[0].name == "草案.txt"
    assert [d.action for d in again.decisions("某县")] == ["confirm"]  # the later ruling replaced the earlier
    assert again.decisions("别县") == []


def test_the_word_documents_are_downloads_of_the_run_page_and_the_api(client: httpx.Client, tmp_path: Path) -> None:
    import io

    import docx
    from word_drafts import EXAMPLES, write_docx_draft

    draft = write_docx_draft(tmp_path / "草案_2025.docx").read_bytes()
    files = {"draft": ("草案_2025.docx", draft, "application/octet-stream"),
             "baseline": ("计划_2024.txt", (EXAMPLES / "plan_2024.txt").read_bytes(), "text/plain")}
    run = upload(client, locality="示例县", **files).json()
    links = run["links"]
    page = client.get(links["page"]).text
    for kind, label in (("opinion", "审查意见书"), ("table", "新旧对照表"), ("annotated", "批注稿")):
        assert f"/word/{kind}.docx" in page and label in page
        response = client.get(links[f"{kind}_docx"])
        assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
        docx.Document(io.BytesIO(response.content))  # opens
    annotated = docx.Document(io.BytesIO(client.get(links["annotated_docx"]).content))
    assert annotated.comments and len(annotated.paragraphs) >= 20

    text_run = upload(client, locality="示例县").json()
    assert "annotated_docx" not in text_run["links"]
    assert "/word/annotated.docx" not in client.get(text_run["links"]["page"]).text
    assert client.get(f"/runs/{text_run['id']}/word/annotated.docx").status_code == 404


def test_advanced_options_set_the_task_level_and_hold_for_re_reviews(client: httpx.Client) -> None:
    from test_parse_overrides import POINTS_AS_TASKS

    files = {"draft": ("计划_2024.txt", POINTS_AS_TASKS.encode("utf-8"), "text/plain"),
             "baseline": ("计划_2023.txt", POINTS_AS_TASKS.encode("utf-8"), "text/plain")}
    automatic = upload(client, locality="层级县", **files).json()
    assert len(client.get(f"/api/runs/{automatic['id']}/report").json()["documents"][0]["tasks"]) == 4
    told = client.post("/api/runs", data={"locality": "层级县", "uploader": "王", "task_level": "1."},
                       files=files).json()
    report = client.get(f"/api/runs/{told['id']}/report").json()
    draft = next(d for d in report["documents"] if d["role"] == "draft")
    assert [t["number"] for t in draft["tasks"]] == ["1", "2"] * 4
    # a ruling reviews the run again: read the same way, so task 8 still exists and is still paired
    decided = client.post(f"/api/runs/{told['id']}/decisions",
                          json={"target": "alignment", "baseline": 8, "draft": 8, "action": "reject"})
    assert decided.status_code == 201, decided.text
    again = client.get(f"/api/runs/{told['id']}/report").json()
    assert len(next(d for d in again["documents"] if d["role"] == "draft")["tasks"]) == 8
    assert client.get(f"/api/runs/{told['id']}").json()["decisions"]  # the ruling stands on the re-review
    bad = client.post("/api/runs", data={"locality": "层级县", "uploader": "王", "task_level": "第一"}, files=files)
    assert bad.status_code == 400 and "任务层级" in bad.json()["error"]
    assert "高级选项" in client.get("/").text
