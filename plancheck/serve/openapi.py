"""The OpenAPI 3.1 document of the JSON API, built at request time from the app's routes.

Starlette's schema generator walks the route table (paths without their converters, methods,
endpoints); each endpoint's `@operation` (operations.py) says what it takes and answers, and pydantic
turns the models of `api_models.py` into the JSON schemas under `components`. Path parameters get
their types from the routes' converters, so the document cannot disagree with the routing.
"""
from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema
from starlette.convertors import FloatConvertor, IntegerConvertor, PathConvertor
from starlette.routing import BaseRoute, Route
from starlette.schemas import BaseSchemaGenerator

from .api_models import Error
from .operations import COMMON_ERRORS, TOKEN_ERROR, Operation, operation_of

OPENAPI_VERSION = "3.1.0"
REF_TEMPLATE = "#/components/schemas/{model}"
SERVER_ERROR = {500: "服务出现意外错误(审查进程异常退出等),请稍后重试或联系管理员"}
DESCRIPTION = (
    "法治政府建设工作计划审查服务的 JSON 接口:上传计划草案(及去年的计划、五年实施方案)进行审查,"
    "查看审查记录和 JSON 报告,对年度对照和方案关联作出审核决定。"
    "出错时回答 {\"error\": \"中文说明\"} 和 4xx 状态码(500 仅表示服务自身故障)。"
    "服务设置了访问令牌时,除 /api/health、/openapi.json 和 /api/docs 外,每个请求都需要请求头 "
    "Authorization: Bearer <令牌>。本文档在请求时由服务的路由生成;可读的说明页面在 /api/docs。"
)


class _NoFieldTitles(GenerateJsonSchema):
    """JSON schemas without a `title` on every property (the descriptions say it, in Chinese), and without
    `"default": null` on an optional field whose type has no null (the field is left out instead)."""

    def field_title_should_be_set(self, schema: core_schema.CoreSchema) -> bool:
        return False

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        json_schema = super().default_schema(schema)
        if "default" in json_schema and json_schema["default"] is None:
            del json_schema["default"]
        return json_schema


def _package_version() -> str:
    try:
        return version("plancheck")
    except PackageNotFoundError:
        return "0"


class OpenAPIGenerator(BaseSchemaGenerator):
    """Builds the document from routes; `with_token` adds the bearer scheme the service then requires."""

    def __init__(self, with_token: bool) -> None:
        self.with_token = with_token

    def get_schema(self, routes: list[BaseRoute], server_url: str | None = None) -> dict[str, Any]:
        """The OpenAPI document of every endpoint with an `@operation`."""
        convertors = {self._remove_converter(route.path): route.param_convertors
                      for route in routes if isinstance(route, Route)}
        described = [(info, op) for info in self.get_endpoints(routes)
                     if (op := operation_of(info.func)) is not None]
        refs, schemas = self._schemas([op for _, op in described])
        paths: dict[str, dict[str, Any]] = {}
        for info, op in described:
            paths.setdefault(info.path, {})[info.http_method] = self._operation(
                info.func.__name__, op, convertors.get(info.path, {}), refs)
        components: dict[str, Any] = {"schemas": schemas}
        document: dict[str, Any] = {
            "openapi": OPENAPI_VERSION,
            "info": {"title": "法治政府建设工作计划审查服务 API", "version": _package_version(),
                     "description": DESCRIPTION},
        }
        if server_url:
            document["servers"] = [{"url": server_url, "description": "本服务"}]
        if self.with_token:
            components["securitySchemes"] = {"bearerAuth": {
                "type": "http", "scheme": "bearer", "description": "服务启动时设置的访问令牌(--token 或 PLANCHECK_TOKEN)"}}
            document["security"] = [{"bearerAuth": []}]
        document["paths"] = paths
        document["components"] = components
        return document

    # ------------------------------------------------------------------ parts

    @staticmethod
    def _schemas(ops: Sequence[Operation]) -> tuple[dict[tuple[type[BaseModel], str], dict], dict[str, Any]]:
        """($ref of each (model, mode), the component schemas) of every model the operations use."""
        wanted: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {(Error, "serialization"): None}
        for op in ops:
            if op.body is not None:
                wanted[(op.body, "validation")] = None
            for answer in op.answers.values():
                if answer.model is not None:
                    wanted[(answer.model, "serialization")] = None
        refs, definitions = models_json_schema(list(wanted), ref_template=REF_TEMPLATE,
                                               schema_generator=_NoFieldTitles)
        return refs, dict(sorted(definitions.get("$defs", {}).items()))

    def _operation(self, name: str, op: Operation, convertors: dict, refs: dict) -> dict[str, Any]:
        out: dict[str, Any] = {"operationId": name, "summary": op.summary, "tags": [op.tag]}
        if op.description:
            out["description"] = op.description
        parameters = [self._path_parameter(param, convertor, op) for param, convertor in convertors.items()]
        if op.query is not None:
            parameters += _query_parameters(op.query)
        if parameters:
            out["parameters"] = parameters
        if op.body is not None:
            out["requestBody"] = {"required": True, "description": _model_description(op.body),
                                  "content": {op.body_media_type: {"schema": refs[(op.body, "validation")]}}}
        responses: dict[str, Any] = {}
        for status, answer in sorted(op.answers.items()):
            if answer.model is not None:
                schema = refs[(answer.model, "serialization")]
            else:
                schema = {"type": "object" if answer.media_type == "application/json" else "string"}
            responses[str(status)] = {"description": answer.description,
                                      "content": {answer.media_type: {"schema": schema}}}
        errors = {**op.errors, **COMMON_ERRORS, **({} if op.open or not self.with_token else TOKEN_ERROR),
                  **SERVER_ERROR}
        error_ref = refs[(Error, "serialization")]
        for status, when in sorted(errors.items()):
            responses[str(status)] = {"description": when,
                                      "content": {"application/json": {"schema": error_ref}}}
        out["responses"] = responses
        if op.open and self.with_token:
            out["security"] = []
        return out

    @staticmethod
    def _path_parameter(name: str, convertor: object, op: Operation) -> dict[str, Any]:
        description, example = op.path_params.get(name, (name, None))
        if isinstance(convertor, IntegerConvertor):
            schema: dict[str, Any] = {"type": "integer", "minimum": 0}
        elif isinstance(convertor, FloatConvertor):
            schema = {"type": "number", "minimum": 0}
        else:
            schema = {"type": "string"}
            if isinstance(convertor, PathConvertor):
                description += "(可含“/”,按 URL 编码为 %2F)"
        parameter = {"name": name, "in": "path", "required": True, "description": description,
                     "schema": schema}
        if example is not None:
            parameter["example"] = example
        return parameter


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """One query parameter per field of the model, with its schema and description."""
    schema = model.model_json_schema(schema_generator=_NoFieldTitles)
    required = set(schema.get("required", ()))
    parameters = []
    for name, field_schema in schema.get("properties", {}).items():
        field_schema = dict(field_schema)
        description = field_schema.pop("description", "")
        parameters.append({"name": name, "in": "query", "required": name in required,
                           "description": description, "schema": field_schema})
    return parameters


def _model_description(model: type[BaseModel]) -> str:
    extra = model.model_config.get("json_schema_extra")
    return str(extra.get("description", "")) if isinstance(extra, dict) else ""
