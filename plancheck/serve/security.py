"""Gates in front of every request: the site it comes from, the access token and the request body size.

Both are plain ASGI middleware so they act before any form is parsed.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "plancheck_session"
# The OpenAPI document and its page describe the API and hold no review data: a portal team can read
# them before it has a token.
OPEN_PATHS = frozenset({"/login", "/api/health", "/openapi.json", "/api/docs"})


_TOKEN_IN_QUERY = re.compile(r"([?&]token=)[^&#\s]*")


class TokenRedactor(logging.Filter):
    """Keeps `?token=` out of the access log (uvicorn logs each request's full path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_TOKEN_IN_QUERY.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        record.msg = _TOKEN_IN_QUERY.sub(r"\1***", record.msg) if isinstance(record.msg, str) else record.msg
        return True


def session_value(token: str) -> str:
    """What the session cookie holds: a digest of the token, never the token itself."""
    return hmac.new(token.encode("utf-8"), b"plancheck-session", hashlib.sha256).hexdigest()


def wants_json(scope: Scope) -> bool:
    """API paths answer in JSON; pages answer in HTML."""
    return scope.get("path", "").startswith("/api/")


async def send_error(scope: Scope, send: Send, status: int, message: str, headers: list | None = None) -> None:
    """A small error answer in JSON (API) or HTML (pages), with the Chinese message."""
    if wants_json(scope):
        body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
        kind = b"application/json"
    else:
        body = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>出错了</title>'
                f'<p>{_escape(message)}</p><p><a href="/">返回首页</a></p></html>').encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# No page of ours may be framed by another site (the one-click 确认/否决 buttons would be clickjacked); the
# run page frames its own report, so the same site may.
FRAME_HEADERS = ((b"x-frame-options", b"SAMEORIGIN"), (b"content-security-policy", b"frame-ancestors 'self'"))


def is_loopback(host_name: str) -> bool:
    """Whether a host name or address is this computer: all of 127.0.0.0/8, ::1 (also IPv4-mapped), localhost."""
    name = host_name.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def local_path(path: str) -> str:
    """A request path as a redirect target on this site: `//evil.example` must not leave it."""
    return "/" + path.lstrip("/\\")


class FrameGuard:
    """Adds FRAME_HEADERS to every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_framed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *FRAME_HEADERS]}
            await send(message)

        await self.app(scope, receive, send_framed)


def _host_name(host: str) -> str:
    """`127.0.0.1:8000` -> `127.0.0.1`, `[::1]:8000` -> `::1`."""
    return (urlsplit(f"//{host}").hostname or "").lower()


class SiteGate:
    """Requests only from the service's own pages, even without a token.

    * A request that changes something (POST, ...) and names another site in `Origin` (or, lacking
      that, `Referer`) is refused: a page elsewhere cannot submit forms here in the user's name.
    * A service listening on this computer only answers to a loopback `Host`, so a hostile domain
      that resolves to 127.0.0.1 (DNS rebinding) cannot read its pages; one listening further answers
      only to the names of `allowed_hosts` when they are given (the CLI requires them or a token).
    """

    def __init__(self, app: ASGIApp, local_only: bool, allowed_hosts: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.local_only = local_only
        self.allowed_hosts = frozenset(name.lower().rstrip(".") for name in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        name = _host_name(host).rstrip(".")
        if self.local_only and not is_loopback(name):
            await send_error(scope, send, 403, "服务只接受本机地址的访问(请使用 http://127.0.0.1 访问)")
            return
        if self.allowed_hosts and not (is_loopback(name) or name in self.allowed_hosts):
            await send_error(scope, send, 403, "服务不接受以该主机名访问(请使用管理员告知的地址)")
            return
        source = headers.get("origin") or headers.get("referer")
        if scope["method"] not in SAFE_METHODS and source is not None and urlsplit(source).netloc != host:
            await send_error(scope, send, 403, "已拒绝来自其他网站的提交:请在本服务的页面上操作")
            return
        await self.app(scope, receive, send)


class TokenGate:
    """Let a request through only with the token: `Authorization: Bearer`, the session cookie, or
    `?token=` once (which sets the cookie and redirects to the same address without it)."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token
        self.session = session_value(token) if token else ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.token or scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self._bearer_ok(headers.get("authorization", "")) or self._cookie_ok(headers.get("cookie", "")):
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = next((v for k, v in query if k == "token"), None)
        if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            location = quote(local_path(scope["path"])) + (f"?{rest}" if rest else "")
            await send({"type": "http.response.start", "status": 303, "headers": [
                (b"location", location.encode("latin-1")), (b"content-length", b"0"),
                (b"set-cookie", self.cookie_header().encode("latin-1"))]})
            await send({"type": "http.response.body", "body": b""})
            return
        if not wants_json(scope) and scope["method"] in ("GET", "HEAD"):
            target = quote(local_path(scope["path"]), safe="/")
            await send({"type": "http.response.start", "status": 303, "headers": [
                (b"location", f"/login?next={quote(target, safe='')}".encode("latin-1")),
                (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send_error(scope, send, 401, "需要访问令牌:请先登录,或在请求头中提供 Authorization: Bearer <令牌>",
                         [(b"www-authenticate", b"Bearer")])

    def token_ok(self, given: str) -> bool:
        """Whether a token typed into the login form is the right one."""
        return bool(self.token) and hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def cookie_header(self) -> str:
        """The Set-Cookie value of a fresh session."""
        return f"{COOKIE}={self.session}; Path=/; HttpOnly; SameSite=Strict"

    def _bearer_ok(self, header: str) -> bool:
        scheme, _, value = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode("latin-1"),
                                                                  self.token.encode("utf-8"))

    def _cookie_ok(self, header: str) -> bool:
        for part in header.split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and hmac.compare_digest(value.encode("latin-1"), self.session.encode()):
                return True
        return False


class BodyTooLarge(Exception):
    """The request body went over the limit while it was being read."""


class BodyStalled(Exception):
    """The request body stopped coming, or came too slowly; the message says which, in Chinese."""


# A client sending nothing for this long is gone, or holding a connection on purpose.
BODY_CHUNK_SECONDS = 30.0
# Past the first BODY_GRACE_SECONDS, a body must keep arriving at BODY_MIN_RATE bytes a second on average:
# a client trickling a byte every few seconds never stalls a chunk, yet holds the connection for good.
BODY_GRACE_SECONDS = 60.0
BODY_MIN_RATE = 1024.0


class BodyLimit:
    """Refuse a request whose body is larger than `limit` bytes: at once when Content-Length says so,
    else as soon as the bytes read pass it; and one whose body stops coming for `chunk_seconds`, or comes
    slower than `min_rate` bytes a second on average once `grace_seconds` have passed (408)."""

    def __init__(self, app: ASGIApp, limit: int, message: str, chunk_seconds: float = BODY_CHUNK_SECONDS,
                 grace_seconds: float = BODY_GRACE_SECONDS, min_rate: float = BODY_MIN_RATE) -> None:
        self.app = app
        self.limit = limit
        self.message = message
        self.chunk_seconds = chunk_seconds
        self.grace_seconds = grace_seconds
        self.min_rate = min_rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope["headers"]:
            if key.lower() == b"content-length" and value.isdigit() and int(value) > self.limit:
                await send_error(scope, send, 413, self.message)
                return
        seen = 0
        started = False
        body_done = False
        first_byte_at: float | None = None

        async def counting_receive() -> Message:
            nonlocal seen, body_done, first_byte_at
            if body_done:  # afterwards receive() only waits for the client to disconnect
                return await receive()
            try:
                with anyio.fail_after(self.chunk_seconds):
                    message = await receive()
            except TimeoutError:
                raise BodyStalled(f"上传中断:{self.chunk_seconds:g} 秒内没有收到数据,请重新上传") from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if seen > self.limit:
                    raise BodyTooLarge
                now = anyio.current_time()
                first_byte_at = now if first_byte_at is None else first_byte_at
                elapsed = now - first_byte_at
                if not body_done and elapsed > self.grace_seconds and seen < self.min_rate * elapsed:
                    raise BodyStalled(f"上传过慢:{elapsed:.0f} 秒只收到 {seen} 字节,请检查网络后重新上传")
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if not started:
                await send_error(scope, send, 413, self.message)
        except BodyStalled as stalled:
            if not started:
                await send_error(scope, send, 408, str(stalled))
