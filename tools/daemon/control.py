"""A small client of spikertd's control socket for the test scripts: JSON lines with
request ids over a Unix stream socket (docs/DAEMON.md)."""

from __future__ import annotations

import json
import os
import socket
import time


class Control:
    def __init__(self, path: str, timeout: float = 5.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buffer = b""
        self.next_id = 1
        self.notifications: list[dict] = []

    @staticmethod
    def connect(path: str, wait: float = 10.0) -> "Control":
        """Connect once the daemon has created its socket (it may still be starting)."""
        deadline = time.monotonic() + wait
        while True:
            try:
                return Control(path)
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def line(self) -> dict:
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the daemon closed the control connection")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(raw)

    def call(self, method: str, **params) -> dict:
        """Send a request and return its answer (`result` or `error` member);
        notifications that arrive before it are kept in `notifications`."""
        rid = self.next_id
        self.next_id += 1
        request = {"id": rid, "method": method}
        if params:
            request["params"] = params
        self.sock.sendall(json.dumps(request).encode() + b"\n")
        while True:
            answer = self.line()
            if answer.get("id") == rid:
                return answer
            if "event" in answer:
                self.notifications.append(answer)

    def close(self) -> None:
        self.sock.close()


def result(answer: dict) -> dict:
    if "error" in answer:
        raise RuntimeError(f"control request failed: {answer['error']}")
    return answer["result"]


def socket_path(directory: str) -> str:
    return os.path.join(directory, "control.sock")
