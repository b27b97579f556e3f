"""Issue #16: the OpenAPI document of `plancheck serve` is valid, describes every /api/ route, and every
documented route answers a real run with a documented status and a body its schema accepts."""
from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytest.importorskip("pydantic")
jsonschema = pytest.importorskip("jsonschema")
spec_validator = pytest.importorskip("openapi_spec_validator")
# starlette's TestClient asks for httpx2, which nothing else here needs; httpx drives it as well.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

from starlette.routing import Route  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from test_serve import LOCALITY, plan_files  # noqa: E402

TOKEN = "示例县令牌".encode().hex()
DESCRIBED_OUTSIDE_API = {"/openapi.json"}


def _client(data: Path, token: str | None = None) -> TestClient:
    from plancheck.serve.app import create_app

    app = create_app(data, token, processes=0, warm=False)
    return TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with _client(tmp_path / "data") as c:
        yield c


def undescribed(routes, document: dict) -> list[str]:
    """`METHOD path` of each /api/ route (and /openapi.json) the document lacks, or describes without an
    answer schema of a success and of the error shape."""
    from starlette.schemas import BaseSchemaGenerator

    missing = []
    for info in BaseSchemaGenerator().get_endpoints([r for r in routes if isinstance(r, Route)]):
        if not (info.path.startswith("/api/") or info.path in DESCRIBED_OUTSIDE_API):
            continue
        op = document["paths"].get(info.path, {}).get(info.http_method)
        statuses = set(op["responses"]) if op else set()
        error_shape = {"$ref": "#/components/schemas/Error"}
        errors = [s for s in statuses if s.startswith("4")
                  and op["responses"][s]["content"]["application/json"]["schema"] == error_shape]
        if not any(s.startswith("2") for s in statuses) or not errors:
            missing.append(f"{info.http_method.upper()} {info.path}")
    return missing


def test_the_document_is_valid_openapi_and_describes_every_api_route(client: TestClient) -> None:
    answer = client.get("/openapi.json")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    document = answer.json()
    spec_validator.validate(document)
    assert document["openapi"].startswith("3.1")
    assert undescribed(client.app.routes, document) == []
    upload = document["paths"]["/api/runs"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data"}
    decision = document["paths"]["/api/runs/{run_id}/decisions"]["post"]["requestBody"]["content"]
    assert set(decision) == {"application/json"}
    run_id = document["paths"]["/api/runs/{run_id}"]["get"]["parameters"][0]
    assert (run_id["in"], run_id["schema"]["type"], run_id["required"]) == ("path", "integer", True)
    assert "security" not in document  # no token: no security scheme to announce


def test_a_route_added_without_a_description_is_caught(client: TestClient) -> None:
    from starlette.responses import JSONResponse

    async def extra(request):
        return JSONResponse({})

    routes = [*client.app.routes, Route("/api/extra", extra, methods=["GET"])]
    assert undescribed(routes, client.get("/openapi.json").json()) == ["GET /api/extra"]


def test_with_a_token_the_document_is_open_and_names_the_bearer_scheme(tmp_path: Path) -> None:
    with _client(tmp_path / "data", TOKEN) as client:
        assert client.get("/api/runs").status_code == 401
        document = client.get("/openapi.json").json()
        spec_validator.validate(document)
        assert document["security"] == [{"bearerAuth": []}]
        assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
        assert document["paths"]["/api/health"]["get"]["security"] == []
        assert "401" in document["paths"]["/api/runs"]["get"]["responses"]
        page = client.get("/api/docs")
        assert page.status_code == 200 and "Authorization: Bearer $PLANCHECK_TOKEN" in page.text


def _validator(document: dict, schema: dict):
    """A JSON schema validator of one answer schema, its $refs resolved in the document's components."""
    return jsonschema.Draft202012Validator({**schema, "components": document["components"]})


def _check(document: dict, path: str, method: str, answer) -> None:
    """The answer has a status documented for the operation and, when JSON, a body its schema accepts."""
    responses = document["paths"][path][method]["responses"]
    status = str(answer.status_code)
    assert status in responses, (method, path, status, answer.text[:300])
    media = answer.headers["content-type"].split(";")[0]
    content = responses[status]["content"]
    assert media in content, (method, path, media)
    if media == "application/json":
        errors = sorted(_validator(document, content[media]["schema"]).iter_errors(answer.json()), key=str)
        assert errors == [], (method, path, [e.message for e in errors[:3]])


@pytest.mark.slow  # two reviews and two re-reviews in-process
def test_every_documented_route_answers_as_documented(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    upload = client.post("/api/runs", data={"locality": LOCALITY, "uploader": "王科员"}, files=plan_files())
    _check(document, "/api/runs", "post", upload)
    run = upload.json()
    assert run["coverage"] is not None and 0 < run["coverage"] <= 1
    locality = quote(run["locality"], safe="")
    decision = {"target": "alignment", "baseline": 6, "draft": 6, "action": "reject", "reviewer": "李审核"}
    made = client.post(f"/api/runs/{run['id']}/decisions", json=decision)
    _check(document, "/api/runs/{run_id}/decisions", "post", made)
    decision_id = made.json()["decision"]["id"]

    calls = {  # one real call for each documented operation
        ("/api/health", "get"): ("GET", "/api/health"),
        ("/api/runs", "get"): ("GET", f"/api/runs?locality={locality}&limit=5"),
        ("/api/runs/{run_id}", "get"): ("GET", f"/api/runs/{run['id']}"),
        ("/api/runs/{run_id}/report", "get"): ("GET", f"/api/runs/{run['id']}/report"),
        ("/api/localities/{locality}/decisions", "get"): ("GET", f"/api/localities/{locality}/decisions"),
        ("/api/localities/{locality}/runs", "get"): ("GET", f"/api/localities/{locality}/runs"),
        ("/api/runs/{run_id}/decisions/{decision_id}", "delete"):
            ("DELETE", f"/api/runs/{run['id']}/decisions/{decision_id}"),
        ("/openapi.json", "get"): ("GET", "/openapi.json"),
        ("/api/docs", "get"): ("GET", "/api/docs"),
    }
    documented = {(path, method) for path, methods in document["paths"].items() for method in methods}
    assert documented == set(calls) | {("/api/runs", "post"), ("/api/runs/{run_id}/decisions", "post")}
    for (path, method), (verb, url) in calls.items():
        answer = client.request(verb, url)
        assert answer.status_code < 300, (url, answer.text[:300])
        _check(document, path, method, answer)

    # The error answers are documented too, in the {"error": ...} shape.
    wrong = [
        ("/api/runs", "get", "GET", "/api/runs?limit=many", None),
        ("/api/runs/{run_id}", "get", "GET", "/api/runs/999999", None),
        ("/api/runs/{run_id}/report", "get", "GET", "/api/runs/999999/report", None),
        ("/api/runs/{run_id}/decisions", "post", "POST", f"/api/runs/{run['id']}/decisions", b"{"),
        ("/api/runs/{run_id}/decisions/{decision_id}", "delete", "DELETE",
         f"/api/runs/{run['id']}/decisions/999999", None),
        ("/api/localities/{locality}/runs", "get", "GET", "/api/localities/%E6%97%A0%E6%AD%A4%E5%8E%BF/runs", None),
        ("/api/runs", "post", "POST", "/api/runs", None),
    ]
    for path, method, verb, url, body in wrong:
        answer = client.request(verb, url, content=body)
        assert 400 <= answer.status_code < 500, (url, answer.status_code)
        _check(document, path, method, answer)


def test_the_docs_page_reads_the_document(client: TestClient) -> None:
    from plancheck.serve.api_docs import docs_view, type_text

    document = client.get("/openapi.json").json()
    view = docs_view(document)
    by_call = {(op.method, op.path): op for op in view.operations}
    assert len(by_call) == sum(len(methods) for methods in document["paths"].values())
    upload = by_call[("POST", "/api/runs")]
    assert upload.body_media_type == "multipart/form-data"
    assert {f.name: f.type for f in upload.body_fields}["draft"] == "文件"
    assert "-F draft=@draft.docx" in upload.curl and "-F 'locality=青山县'" in upload.curl
    decide = by_call[("POST", "/api/runs/{run_id}/decisions")]
    assert decide.body_type == "DecisionIn"
    assert decide.curl.startswith("curl -sS -H 'Content-Type: application/json' -d '{")
    assert '"target": "alignment"' in decide.curl and '"action": "reject"' in decide.curl
    assert decide.curl.endswith("http://127.0.0.1:8000/api/runs/1/decisions")
    locality_runs = by_call[("GET", "/api/localities/{locality}/runs")]
    assert locality_runs.curl.endswith("/api/localities/%E9%9D%92%E5%B1%B1%E5%8E%BF/runs")
    assert by_call[("DELETE", "/api/runs/{run_id}/decisions/{decision_id}")].curl.startswith("curl -sS -X DELETE")
    assert type_text({"anyOf": [{"type": "number"}, {"type": "null"}]}) == "number | null"
    assert type_text({"type": "array", "items": {"$ref": "#/components/schemas/Run"}}) == "Run[]"
    page = client.get("/api/docs").text
    assert page.count('<section class="card operation"') == len(by_call) and "<script" not in page
