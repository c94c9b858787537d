"""Local HTTP stubs speaking the LibreTranslate and Google Translate (mobile page) protocols.

They run on 127.0.0.1 in a thread, translate deterministically ("EN<line>" per
line, so line counts survive), count requests, and play scripted faults so the
real deep-translator client code is exercised against them.
"""

from __future__ import annotations

import html
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlparse


def fake_translate(text: str) -> str:
    """The stub's 'translation': every line prefixed, so alignment can be checked."""
    return "\n".join(f"EN<{line}>" for line in text.split("\n"))


class StubServer:
    """A translation provider stub. ``faults`` is a queue of modes for the next requests.

    Modes: ok, hang (sleep ``hang_seconds``), 429, 500, 503, 400, 403, reset (close
    the socket without answering), empty (200, empty body), malformed (200, garbage),
    merge (answer with the lines joined: a misaligned reply). ``always`` applies a
    mode to every request once the queue is empty.
    """

    def __init__(self, protocol: str, *, latency: float = 0.0, hang_seconds: float = 5.0, port: int = 0) -> None:
        self.protocol = protocol
        self.latency = latency
        self.hang_seconds = hang_seconds
        self.faults: deque[str] = deque()
        self.always = "ok"
        self.requests = 0
        self.texts: list[str] = []
        self.queries: list[dict[str, list[str]]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL as each client wants it: Libre's and DeepL's base, Google's /m page, MyMemory's /get."""
        return f"http://127.0.0.1:{self.port}/" + {"google": "m", "mymemory": "get"}.get(self.protocol, "")

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_mode(self) -> str:
        with self._lock:
            self.requests += 1
            return self.faults.popleft() if self.faults else self.always

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:  # keep test output clean
                pass

            def setup(self) -> None:
                super().setup()
                # Headers and body go out as two writes: without TCP_NODELAY, Nagle and
                # delayed ACKs add ~40 ms to every keep-alive request.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _params(self) -> dict[str, list[str]]:
                params = parse_qs(urlparse(self.path).query)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    body = self.rfile.read(length).decode("utf-8")
                    if self.headers.get("Content-Type", "").startswith("application/json"):
                        params.update({k: [v] for k, v in json.loads(body).items()})
                    else:
                        params.update(parse_qs(body))
                return params

            def _send(self, status: int, body: str, ctype: str) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _serve(self, expected_method: str) -> None:
                params = self._params()
                mode = stub._next_mode()
                text = (params.get("q") or params.get("text") or [""])[0]
                with stub._lock:
                    stub.queries.append(params)
                    stub.texts.append(text)
                if stub.latency:
                    time.sleep(stub.latency)
                if mode == "hang":
                    time.sleep(stub.hang_seconds)
                    return
                if mode == "reset":
                    # An abortive close (RST), as a crashed proxy would do.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.close()
                    self.close_connection = True
                    return
                if mode.isdigit():
                    self._send(int(mode), json.dumps({"error": f"stub {mode}"}), "application/json")
                    return
                ctype = "text/html; charset=utf-8" if stub.protocol == "google" else "application/json"
                if mode == "empty":
                    self._send(200, "", ctype)
                    return
                if mode == "malformed":
                    self._send(200, "<<<not what you expected", ctype)
                    return
                translated = fake_translate(text)
                if mode == "merge":
                    translated = translated.replace("\n", " ")
                if stub.protocol == "libre":
                    self._send(200, json.dumps({"translatedText": translated}), ctype)
                elif stub.protocol == "deepl":
                    self._send(200, json.dumps({"translations": [{"text": translated}]}), ctype)
                elif stub.protocol == "mymemory":
                    body = {"responseData": {"translatedText": translated}, "matches": []}
                    self._send(200, json.dumps(body), ctype)
                else:
                    page = f'<html><body><div class="result-container">{html.escape(translated)}</div></body></html>'
                    self._send(200, page, ctype)

            def do_POST(self) -> None:
                self._serve("POST")

            def do_GET(self) -> None:
                self._serve("GET")

        return Handler


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (a provider that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``predicate`` until true or timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
