"""Shared fixtures: fresh settings and stores per test, never the user's data/ store."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from presslens.config import SAMPLE_DIR, Settings
from presslens.store import Store

# No test reaches the network: the default provider (Google) is switched off for
# this process and every child it starts. Translation tests pass a local stub.
os.environ["PRESSLENS_TRANSLATOR"] = "none"
# Built entity matchers are cached in a folder of this run (shared with the processes it
# starts), never in the user's own cache.
os.environ["PRESSLENS_CACHE_DIR"] = tempfile.mkdtemp(prefix="presslens-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def actor_folder(parent: Path, folder_name: str = "actors", **files: str) -> Path:
    """An actor-table folder ``parent/folder_name`` with the given YAML files ("countries" -> countries.yaml)."""
    folder = parent / folder_name
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name.replace('_', '-')}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings pointed at a store in the test's temporary folder."""
    return Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """An empty store for one test."""
    s = Store(settings.db_url)
    yield s
    s.close()


@pytest.fixture
def sample_dir() -> Path:
    """The bundled sample corpus."""
    return SAMPLE_DIR


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m presslens ARGS`` in a child process, capturing output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "presslens", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=300,
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove this run's matcher cache (some megabytes per language and table)."""
    import shutil

    shutil.rmtree(os.environ["PRESSLENS_CACHE_DIR"], ignore_errors=True)


# Tests that must run alone, outside the parallel pass of `make test`: a SIGKILL of a
# process group, and memory ceilings measured on a child process, which a busy
# neighbour would distort. Browser tests (marked `browser`) run alone too.
_SERIAL_FILES = frozenset({"test_crash.py", "test_bad_input.py"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of the serial files `serial`."""
    for item in items:
        if item.path.name in _SERIAL_FILES:
            item.add_marker(pytest.mark.serial)
