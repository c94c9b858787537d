"""Files kept in the cache folder between processes (``PRESSLENS_CACHE_DIR``).

Only a speed-up: a file that is missing, damaged or unwritable means the work is
done again, never an error. Files are written whole or not at all, and only the
newest few of a kind are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from presslens.config import cache_dir

log = logging.getLogger(__name__)


def cache_file(name: str) -> Path | None:
    """The path of ``name`` in the cache folder, or None when caching is off."""
    root = cache_dir()
    return None if root is None else root / name


# Source files as they were when their module was imported (see ``pin_source``).
_PINNED: dict[Path, bytes] = {}


def pin_source(module_file: str) -> None:
    """Keep a module's source as imported, for the keys of the files it makes.

    Read when a key is made instead, a process that imported the old code would file
    what that code built under the key of the code edited since.
    """
    path = Path(module_file).resolve()
    _PINNED.setdefault(path, path.read_bytes())


def code_key(files: Iterable[Path], packages: Iterable[str], *extra: str) -> str:
    """A short key for what a cached file was made by: these source files, package versions, extras.

    A package that is not installed leaves the key as it is.
    """
    h = hashlib.sha256()
    for path in files:
        pinned = _PINNED.get(path.resolve())
        h.update(pinned if pinned is not None else path.read_bytes())
    for package in packages:
        with contextlib.suppress(PackageNotFoundError):
            h.update(f"{package}={version(package)}".encode())
    for item in extra:
        h.update(item.encode())
    return h.hexdigest()[:16]


def read(path: Path) -> Any | None:
    """The object pickled at ``path``, or None (absent, damaged, or from other code)."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # our own file, in the user's own cache folder
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file: rebuild, never fail
        log.warning("cache file %s unreadable (%s); rebuilding", path, exc)
        return None


def write(path: Path, obj: Any, keep: int) -> None:
    """Pickle ``obj`` to ``path`` atomically; keep the newest ``keep`` files of its kind.

    The kind is the name's part before its first "-" ("gazetteer-it-....pickle").
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or absent: a crash never leaves half a file under the name
        kind = path.name.split("-", 1)[0]
        for old in sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)[:-keep]:
            old.unlink(missing_ok=True)
    except OSError as exc:  # read-only home, full disk: the cache is only a speed-up
        log.warning("cache file not written to %s (%s)", path, exc)
