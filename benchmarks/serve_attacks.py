"""Attack clients for the load test of `plancheck serve` (issue #14).

Each attack is a thread that repeats itself until told to stop and counts the answers it got (status
code, or the name of the transport error):

* memory bombs: small uploads that declare huge structures (tests/bombs.py, built here at run time;
  the 100 MB wide CSV is left out, the upload limit refuses it before any reader sees it);
* slow body: connections that send the headers and the start of an upload, then nothing, until the
  server's body timeout answers 408;
* endless review: a legitimate but enormous draft and baseline (tests/large_plans.py, half a minute
  of work), which the server's `--review-timeout` must stop.
"""
from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Callable
from itertools import count

import httpx
from bombs import BOMBS
from large_plans import large_upload

SLOW_CONNECTIONS = 8
LEFT_OUT_BOMBS = frozenset({"示例县-宽表.csv"})
FIELDS = {"locality": "攻击县", "uploader": "攻击者"}


def _keep_posting(url: str, stop: threading.Event, tally: Counter, uploads: list[dict]) -> None:
    """POST the uploads one after another, round and round, until `stop`."""
    with httpx.Client(base_url=url, timeout=600) as client:
        for k in count():
            if stop.is_set():
                return
            try:
                tally[str(client.post("/api/runs", data=FIELDS, files=uploads[k % len(uploads)]).status_code)] += 1
            except httpx.HTTPError as exc:
                tally[type(exc).__name__] += 1


def memory_bombs(url: str, stop: threading.Event, tally: Counter) -> None:
    """Upload every bomb as a draft, round and round."""
    uploads = [{"draft": (name, build(), "application/octet-stream")}
               for name, build in BOMBS.items() if name not in LEFT_OUT_BOMBS]
    _keep_posting(url, stop, tally, uploads)


def endless_reviews(url: str, stop: threading.Event, tally: Counter) -> None:
    """Upload a draft and a baseline of 3,000 tasks each, again and again."""
    _keep_posting(url, stop, tally, [large_upload(3000)])


def slow_bodies(url: str, stop: threading.Event, tally: Counter) -> None:
    """Open SLOW_CONNECTIONS uploads that stall after their first bytes; read the answers; again."""
    host, port = httpx.URL(url).host, httpx.URL(url).port
    head = (f"POST /api/runs HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: multipart/form-data; boundary=plancheck-slow\r\nContent-Length: 1048576\r\n\r\n"
            "--plancheck-slow\r\nContent-Disposition: form-data; name=\"locality\"\r\n\r\n攻击县\r\n").encode()
    while not stop.is_set():
        connections = []
        for _ in range(SLOW_CONNECTIONS):
            sock = socket.create_connection((host, port), timeout=120)
            sock.sendall(head)
            connections.append(sock)
        for sock in connections:
            try:
                status = sock.recv(64).split(b" ")[1].decode("ascii") or "closed"
            except (OSError, IndexError):
                status = "closed"
            tally[status] += 1
            sock.close()


ATTACKS: dict[str, Callable[[str, threading.Event, Counter], None]] = {
    "memory bomb": memory_bombs, "slow body": slow_bodies, "endless review": endless_reviews,
}


class Attackers:
    """The attack threads against one server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stop = threading.Event()
        self.tallies: dict[str, Counter] = {name: Counter() for name in ATTACKS}
        self.threads = [threading.Thread(target=attack, args=(url, self.stop, self.tallies[name]), daemon=True)
                        for name, attack in ATTACKS.items()]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        """Tell every attack to stop and wait for it (a stalled body waits for its 408 first)."""
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)

    def summary(self) -> str:
        return "; ".join(f"{name}: " + ", ".join(f"{answer}×{n}" for answer, n in sorted(tally.items()))
                         for name, tally in self.tallies.items())
