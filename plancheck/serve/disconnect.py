"""Cancelling a request's review when its client goes away.

A browser tab closed or a script killed during an upload would otherwise leave its review running to
the end and store a run nobody asked for any more. `unless_disconnected` awaits the work while it
listens for the client's `http.disconnect`; the first to come wins, and the work is cancelled (the
runner kills the worker, the service throws away what the upload kept).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
import anyio.abc
from starlette.requests import Request
from starlette.types import Receive

T = TypeVar("T")


class ClientDisconnected(Exception):
    """The client closed its connection before the answer was ready; the work was cancelled."""


async def _disconnected(receive: Receive) -> None:
    """Returns once the client has gone (the request body must have been read in full already)."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def unless_disconnected(request: Request, work: Callable[..., Awaitable[T]], *args: Any) -> T:
    """await work(*args), cancelled as soon as the request's client disconnects; ClientDisconnected then.
    An exception of the work propagates as it is."""
    outcome: list[T] = []
    failure: list[Exception] = []

    async def watch(group: anyio.abc.TaskGroup) -> None:
        await _disconnected(request.receive)
        group.cancel_scope.cancel()

    async with anyio.create_task_group() as group:
        group.start_soon(watch, group)
        try:
            outcome.append(await work(*args))
        except Exception as exc:  # noqa: BLE001 - re-raised below, not wrapped in an ExceptionGroup
            failure.append(exc)
        group.cancel_scope.cancel()
    if failure:
        raise failure[0]
    if not outcome:
        raise ClientDisconnected
    return outcome[0]
