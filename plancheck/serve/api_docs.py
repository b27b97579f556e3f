"""The API docs page's content, read from the OpenAPI document: operations, parameters, schemas, curl lines.

Plain rows for the template (`api_docs.html.j2`), which draws them without a script or a CDN.
"""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class FieldRow:
    """A parameter or a property: name, type in words, whether required, Chinese description."""

    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class ResponseRow:
    """One documented answer of an operation."""

    status: str
    description: str
    media_type: str
    type: str


@dataclass(frozen=True)
class OperationView:
    """One method on one path, as the page shows it."""

    anchor: str
    method: str
    path: str
    summary: str
    description: str
    tag: str
    open: bool
    parameters: tuple[FieldRow, ...]
    body_media_type: str | None
    body_type: str
    body_fields: tuple[FieldRow, ...]
    responses: tuple[ResponseRow, ...]
    curl: str


@dataclass(frozen=True)
class SchemaView:
    """A component schema: its properties, or the alternatives it is one of."""

    name: str
    description: str
    type: str
    fields: tuple[FieldRow, ...]


@dataclass(frozen=True)
class DocsView:
    """Everything the docs page shows."""

    title: str
    version: str
    description: str
    server: str
    with_token: bool
    operations: tuple[OperationView, ...]
    schemas: tuple[SchemaView, ...]


def docs_view(document: dict[str, Any]) -> DocsView:
    """The docs page's content of an OpenAPI document made by `openapi.OpenAPIGenerator`."""
    schemas = document.get("components", {}).get("schemas", {})
    server = (document.get("servers") or [{"url": "http://127.0.0.1:8000"}])[0]["url"]
    with_token = bool(document.get("security"))
    operations = []
    for path, methods in document.get("paths", {}).items():
        for method in sorted(methods, key=lambda m: METHOD_ORDER.index(m) if m in METHOD_ORDER else 99):
            op = methods[method]
            operations.append(_operation(path, method, op, schemas, server,
                                         with_token and op.get("security") != []))
    info = document["info"]
    return DocsView(info["title"], info["version"], info.get("description", ""), server, with_token,
                    tuple(operations),
                    tuple(_schema_view(name, schema) for name, schema in schemas.items()))


def type_text(schema: dict[str, Any]) -> str:
    """A JSON schema in a few words: `Run`, `Run[]`, `integer | null`, `"confirm" | "reject"`, `文件`."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(type_text(part) for part in schema[key])
    if "const" in schema:
        return json.dumps(schema["const"], ensure_ascii=False)
    if "enum" in schema:
        return " | ".join(json.dumps(value, ensure_ascii=False) for value in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"{type_text(schema.get('items', {}))}[]"
    if kind == "string" and schema.get("format") == "binary":
        return "文件"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"object<string, {type_text(schema['additionalProperties'])}>"
    return " | ".join(kind) if isinstance(kind, list) else str(kind)


def _fields(schema: dict[str, Any]) -> tuple[FieldRow, ...]:
    required = set(schema.get("required", ()))
    return tuple(FieldRow(name, type_text(prop), name in required, prop.get("description", ""))
                 for name, prop in schema.get("properties", {}).items())


def _schema_view(name: str, schema: dict[str, Any]) -> SchemaView:
    return SchemaView(name, schema.get("description", ""), type_text({k: v for k, v in schema.items()
                                                                        if k in ("anyOf", "oneOf", "type")}),
                      _fields(schema))


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return schemas.get(schema["$ref"].rsplit("/", 1)[-1], {}) if "$ref" in schema else schema


def _operation(path: str, method: str, op: dict[str, Any], schemas: dict[str, Any], server: str,
               needs_token: bool) -> OperationView:
    parameters = tuple(FieldRow(p["name"], f"{type_text(p['schema'])}({_PLACES[p['in']]})", p["required"],
                                p.get("description", "")) for p in op.get("parameters", ()))
    body_media_type, body_type, body_fields, body = None, "", (), None
    if "requestBody" in op:
        body_media_type, content = next(iter(op["requestBody"]["content"].items()))
        body_type = type_text(content["schema"])
        body = _resolve(content["schema"], schemas)
        body_fields = _fields(body)
    responses = tuple(
        ResponseRow(status, answer["description"], media, type_text(content["schema"]))
        for status, answer in op["responses"].items() for media, content in answer.get("content", {}).items())
    return OperationView(
        anchor=op.get("operationId", f"{method}-{path}"), method=method.upper(), path=path,
        summary=op.get("summary", ""), description=op.get("description", ""), tag=(op.get("tags") or [""])[0],
        open=not needs_token, parameters=parameters, body_media_type=body_media_type, body_type=body_type,
        body_fields=body_fields, responses=responses,
        curl=curl_line(server, path, method, op, body_media_type, body, schemas, needs_token))


_PLACES = {"path": "路径", "query": "查询", "header": "请求头", "cookie": "Cookie"}


def curl_line(server: str, path: str, method: str, op: dict[str, Any], media_type: str | None,
              body: dict[str, Any] | None, schemas: dict[str, Any], needs_token: bool) -> str:
    """An example call with curl: path parameters filled with their examples, a form or JSON body."""
    for parameter in op.get("parameters", ()):
        if parameter["in"] == "path":
            example = parameter.get("example", 1 if parameter["schema"].get("type") == "integer" else "示例")
            path = path.replace("{" + parameter["name"] + "}", quote(str(example), safe=""))
    parts = ["curl", "-sS"]
    if method != "get" and not (method == "post" and body is not None):  # -F and -d already mean POST
        parts += ["-X", method.upper()]
    if needs_token:
        parts += ["-H", '"Authorization: Bearer $PLANCHECK_TOKEN"']
    if media_type == "multipart/form-data" and body is not None:
        for name, prop in body.get("properties", {}).items():
            if prop.get("format") == "binary":
                parts += ["-F", shlex.quote(f"{name}=@{name}.docx")]
            elif name in body.get("required", ()):
                example = (prop.get("examples") or ["…"])[0]
                parts += ["-F", shlex.quote(f"{name}={example}")]
    elif media_type == "application/json" and body is not None:
        example = _example(body, schemas)
        parts += ["-H", "'Content-Type: application/json'", "-d",
                  shlex.quote(json.dumps(example, ensure_ascii=False))]
    parts.append(shlex.quote(server + path))
    return " ".join(parts)


def _example(schema: dict[str, Any], schemas: dict[str, Any]) -> Any:
    """The schema's first example, or the first example among its alternatives."""
    if schema.get("examples"):
        return schema["examples"][0]
    for part in schema.get("anyOf", schema.get("oneOf", ())):
        found = _example(_resolve(part, schemas), schemas)
        if found is not None:
            return found
    return None
