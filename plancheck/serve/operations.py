"""What an API endpoint takes and answers, attached to the endpoint itself by `@operation(...)`.

`openapi.py` reads it beside the route table (path, methods, path parameters) to build the OpenAPI
document; an endpoint under /api/ without it is left out of the document, which the OpenAPI test
catches.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

Endpoint = TypeVar("Endpoint", bound=Callable)

# Errors every described endpoint may answer, whatever it does.
COMMON_ERRORS = {403: "请求来自其他网站,或以服务不接受的主机名访问"}
TOKEN_ERROR = {401: "服务设置了访问令牌而请求没有提供(或令牌不正确)"}


@dataclass(frozen=True)
class Answer:
    """One successful answer: its description and body (a model for JSON, or another media type)."""

    description: str
    model: type[BaseModel] | None = None
    media_type: str = "application/json"


@dataclass(frozen=True)
class Operation:
    """The description of one endpoint: Chinese summary and text, inputs, answers and error statuses."""

    summary: str
    answers: Mapping[int, Answer]
    description: str = ""
    # name -> (Chinese description, example value)
    path_params: Mapping[str, tuple[str, object]] = field(default_factory=dict)
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    body_media_type: str = "application/json"
    errors: Mapping[int, str] = field(default_factory=dict)  # status -> when it is answered
    open: bool = False  # answered without the access token
    tag: str = "审查"


def operation(summary: str, answers: Mapping[int, Answer], **details) -> Callable[[Endpoint], Endpoint]:
    """Attach an `Operation` to an endpoint function (see its fields for `details`)."""
    described = Operation(summary, answers, **details)

    def attach(endpoint: Endpoint) -> Endpoint:
        endpoint.operation = described  # type: ignore[attr-defined]
        return endpoint

    return attach


def operation_of(endpoint: Callable) -> Operation | None:
    """The description attached to an endpoint, if any."""
    found = getattr(endpoint, "operation", None)
    return found if isinstance(found, Operation) else None
