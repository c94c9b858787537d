"""Timeouts and status tracking for deep-translator's HTTP calls.

deep-translator calls ``requests.get``/``requests.post`` with no timeout (a server
that never answers blocks forever) and throws away the status code of failed
responses. :func:`install` replaces the ``requests`` name inside its provider
modules with :class:`TimeoutRequests`, which adds connect/read timeouts, reuses
one keep-alive session per thread, and remembers each thread's last status so
the caller can tell a 429 or 503 (retry) from a 400 or 403 (give up).
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

import requests

# The deep-translator modules of the providers PressLens offers.
PROVIDER_MODULES = (
    "deep_translator.google",
    "deep_translator.libre",
    "deep_translator.deepl",
    "deep_translator.mymemory",
)


class TimeoutRequests:
    """A stand-in for the ``requests`` module with default timeouts."""

    exceptions = requests.exceptions

    def __init__(self, connect_timeout: float, read_timeout: float) -> None:
        self.timeout = (connect_timeout, read_timeout)
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send a request with the default timeout; record its status for this thread."""
        kwargs.setdefault("timeout", self.timeout)
        self._local.status = None
        response = self._session().request(method, url, **kwargs)
        self._local.status = response.status_code
        return response

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        """``requests.get`` with a timeout."""
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        """``requests.post`` with a timeout."""
        return self.request("POST", url, **kwargs)

    @property
    def last_status(self) -> int | None:
        """HTTP status of this thread's last response (None if it got none)."""
        status: int | None = getattr(self._local, "status", None)
        return status


_lock = threading.Lock()
_installed: TimeoutRequests | None = None


def install(connect_timeout: float, read_timeout: float) -> TimeoutRequests:
    """Route deep-translator's provider modules through a TimeoutRequests; return it."""
    global _installed
    with _lock:
        if _installed is None or _installed.timeout != (connect_timeout, read_timeout):
            _installed = TimeoutRequests(connect_timeout, read_timeout)
            for name in PROVIDER_MODULES:
                importlib.import_module(name).requests = _installed  # type: ignore[attr-defined]
        return _installed
