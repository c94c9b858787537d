"""Settings: environment parsing, and every setting documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.config import SETTINGS_DOC, db_url_from, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in SETTINGS_DOC:
        assert f"`{name}`" in readme, f"{name} missing from README"


def test_env_overrides() -> None:
    s = load_settings({"PRESSLENS_DB": "/tmp/x.db", "PRESSLENS_LANGUAGES": "it, DE", "PRESSLENS_MAX_FILE_MB": "2.5"})
    assert s.db_url == "sqlite:////tmp/x.db"
    assert s.languages == ("it", "de")
    assert s.max_file_bytes == int(2.5 * 1024 * 1024)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PRESSLENS_LANGUAGES": "it,italian"}, "not ISO 639-1"),
        ({"PRESSLENS_MAX_FILE_MB": "ten"}, "not a number"),
        ({"PRESSLENS_MAX_FILE_MB": "0"}, "must be positive"),
    ],
)
def test_bad_settings_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_settings(env)


def test_db_url_from() -> None:
    assert db_url_from("postgresql://u@h/db") == "postgresql://u@h/db"
    assert db_url_from("rel.db").startswith("sqlite:////")
