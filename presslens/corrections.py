"""Editors' corrections to entity extraction: merge two entities, add an alias, mark one wrong.

Each correction is one entry, with who made it and when (UTC), in the actor
table's ``overrides.yaml`` (``settings.actors_dir``; format in
data/actors/README.md). The file is rewritten whole on every change, through a
temporary file and ``os.replace`` (readers never see half of it), under a lock
(two editors saving at once both keep their entry). Loading the table applies
the entries (presslens/actors.py), so the next extraction, and
:func:`presslens.pipeline.apply_and_reprocess` on :func:`affected_articles`,
update every view. Never imports streamlit: the dashboard calls these.

    from presslens.corrections import merge_entities, affected_articles
    from presslens.pipeline import apply_and_reprocess

    c = merge_entities(settings.actors_dir, "name:sergei-lavrov", "Q80000001", who="editor@desk", store=store)
    apply_and_reprocess(store, settings, affected_articles(store, c))
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from presslens.actors import is_found_id, load_actor_table
from presslens.store import Store

OVERRIDES = "overrides.yaml"
KINDS = {"alias": "aliases", "merge": "merges", "rejection": "rejections"}
HEADER = """\
# Corrections to the actor table, applied every time it is loaded (presslens/actors.py).
# Written by the dashboard (presslens/corrections.py) and editable by hand; the file
# is rewritten whole on each correction, so comments other than this header are not
# kept. Columns are documented in data/actors/README.md ("Corrections").
#
# merges:      {from: id, into: id}            every mention of `from` becomes `into`
# aliases:     {id: id, alias: text, language} one more name the table matches
# rejections:  {id: id, surface: text, article} that extraction is dropped (article
#              omitted: everywhere)
# Each entry also says who made it and when (UTC).
"""
_LANGUAGE = re.compile(r"[a-z]{2}")


@dataclass(frozen=True)
class Correction:
    """One entry of overrides.yaml: its kind, its position in :func:`list_corrections`, the entry."""

    index: int
    kind: str  # alias | merge | rejection
    entry: dict[str, Any]

    @property
    def who(self) -> str:
        """Who made the correction."""
        return str(self.entry.get("who") or "")

    @property
    def when(self) -> str:
        """When, as an ISO 8601 UTC timestamp."""
        return str(self.entry.get("when") or "")

    def describe(self) -> str:
        """One line for a list of corrections."""
        e = self.entry
        if self.kind == "merge":
            what = f"merged {e.get('from')} into {e.get('into')}"
        elif self.kind == "alias":
            lang = f" ({e['language']})" if e.get("language") else ""
            what = f"alias {e.get('alias')!r}{lang} for {e.get('id')}"
        else:
            where = f" in article {e['article']}" if e.get("article") else " everywhere"
            what = f"{e.get('surface')!r} is not {e.get('id')}{where}"
        return f"{what}, by {self.who} at {self.when}"


# --- the file ------------------------------------------------------------------------------


def overrides_path(actors_dir: Path | str) -> Path:
    """Where the corrections live."""
    return Path(actors_dir) / OVERRIDES


@contextlib.contextmanager
def _locked(actors_dir: Path) -> Iterator[None]:
    """An exclusive lock on the corrections of ``actors_dir`` (a lock file beside them)."""
    actors_dir.mkdir(parents=True, exist_ok=True)
    with open(actors_dir / ".overrides.lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _read(actors_dir: Path) -> dict[str, Any]:
    path = overrides_path(actors_dir)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML, fix it by hand first ({exc})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of merges, aliases and rejections")
    for key in KINDS.values():
        if data.get(key) is not None and not isinstance(data[key], list):
            raise ValueError(f"{path}: {key} must be a list")
    return data


def _write(actors_dir: Path, data: dict[str, Any]) -> None:
    """Replace overrides.yaml atomically: a temporary file in the same folder, then os.replace."""
    ordered = {key: data.get(key) or [] for key in ("merges", "aliases", "rejections")}
    ordered.update({k: v for k, v in data.items() if k not in ordered})  # keys an editor added stay
    text = HEADER + "\n" + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    path = overrides_path(actors_dir)
    fd, tmp = tempfile.mkstemp(dir=actors_dir, prefix=".overrides-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _now(after: list[Any]) -> str:
    """Now, in UTC to the millisecond, and later than every ``after`` (so entries keep their order)."""
    now = datetime.now(UTC)
    latest = max((_sort_time(w) for w in after), default=None)
    if latest is not None and now <= latest:
        now = latest + timedelta(milliseconds=1)
    return now.isoformat(timespec="milliseconds")


def _sort_time(value: Any) -> datetime:
    if isinstance(value, datetime):  # YAML reads an unquoted timestamp as one
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value) if isinstance(value, str) and _is_timestamp(value) else _EPOCH


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _is_timestamp(value: str) -> bool:
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _append(actors_dir: Path | str, kind: str, entry: dict[str, Any]) -> Correction:
    folder = Path(actors_dir)
    with _locked(folder):
        data = _read(folder)
        entry["when"] = _now([c.entry.get("when") for c in _corrections(data)])
        entries = list(data.get(KINDS[kind]) or [])
        entries.append(entry)
        data[KINDS[kind]] = entries
        _write(folder, data)
        return next(c for c in reversed(_corrections(data)) if c.entry is entry)


def _corrections(data: dict[str, Any]) -> list[Correction]:
    items = [(kind, e) for kind, key in KINDS.items() for e in data.get(key) or [] if isinstance(e, dict)]
    items.sort(key=lambda item: _sort_time(item[1].get("when")))  # stable: file order for equal (or no) times
    return [Correction(i, kind, entry) for i, (kind, entry) in enumerate(items)]


# --- validation ----------------------------------------------------------------------------


def _who(who: str) -> str:
    if not isinstance(who, str) or not who.strip():
        raise ValueError("say who makes the correction (who=...)")
    return who.strip()


def _check_id(actors_dir: Path | str, entity_id: str, store: Store | None, role: str) -> None:
    """An id is known when the table has it, the store has it, or (no store given) it is a found id."""
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise ValueError(f"{role}: no entity id given")
    table = load_actor_table(Path(actors_dir))
    if entity_id in table.actors:
        return
    if entity_id in table.redirects:
        raise ValueError(f"{role}: {entity_id} was merged into {table.resolve(entity_id)}; use that id")
    if store is not None:
        if store.entity(entity_id) is None:
            raise ValueError(f"{role}: unknown entity {entity_id!r} (not in the actor table nor in the store)")
        return
    if not is_found_id(entity_id):
        raise ValueError(f"{role}: unknown entity {entity_id!r} (not in the actor table, and not a found name id)")


def _target_details(actors_dir: Path | str, entity_id: str, store: Store | None) -> dict[str, Any]:
    """Name, type and country of a found id a correction points at (kept so the table can show it)."""
    if entity_id in load_actor_table(Path(actors_dir)).actors or store is None:
        return {}
    actor = store.entity(entity_id)
    if actor is None:
        return {}
    return {k: v for k, v in (("name", actor.name), ("type", actor.type), ("country", actor.country)) if v}


# --- corrections ---------------------------------------------------------------------------


def merge_entities(
    actors_dir: Path | str,
    source_id: str,
    into_id: str,
    *,
    who: str,
    note: str = "",
    store: Store | None = None,
) -> Correction:
    """Make ``source_id`` one with ``into_id``: every mention of the first becomes the second's.

    Any ids: the table's, or found ones ("name:..." of the name finder or a model).
    With ``store``, ids missing from the table must exist there; without it, a
    found id is taken as given. Raises ValueError for an unknown id, a merge into
    itself, or an id already merged away (on either side: no chains, no cycles).
    """
    who = _who(who)
    source_id, into_id = str(source_id).strip(), str(into_id).strip()
    if source_id == into_id:
        raise ValueError(f"cannot merge {source_id} into itself")
    _check_id(actors_dir, source_id, store, "merge from")
    _check_id(actors_dir, into_id, store, "merge into")
    entry: dict[str, Any] = {"from": source_id, "into": into_id, "who": who, "when": ""}
    entry.update({f"into_{k}": v for k, v in _target_details(actors_dir, into_id, store).items()})
    if note:
        entry["note"] = note
    return _append(actors_dir, "merge", entry)


def add_alias(
    actors_dir: Path | str,
    entity_id: str,
    alias: str,
    language: str | None = None,
    *,
    who: str,
    note: str = "",
    store: Store | None = None,
) -> Correction:
    """One more name the table matches for ``entity_id`` (as written; ``language``: only in it).

    Raises ValueError for an unknown id, an empty or one-letter alias, a language
    that is not an ISO 639-1 code, or an alias the entity already has.
    """
    who = _who(who)
    alias = alias.strip() if isinstance(alias, str) else ""
    if len(alias) < 2:
        raise ValueError("an alias needs at least two characters")
    if language is not None and not _LANGUAGE.fullmatch(language):
        raise ValueError(f"language {language!r} is not an ISO 639-1 code (it, de, en, ...)")
    _check_id(actors_dir, entity_id, store, "alias")
    table = load_actor_table(Path(actors_dir))
    if any(a.actor_id == entity_id and a.surface == alias and a.language == language for a in table.aliases):
        raise ValueError(f"{entity_id} already has the alias {alias!r}")
    entry: dict[str, Any] = {"id": entity_id, "alias": alias}
    if language:
        entry["language"] = language
    entry.update(_target_details(actors_dir, entity_id, store))
    entry.update({"who": who, "when": ""})
    if note:
        entry["note"] = note
    return _append(actors_dir, "alias", entry)


def reject_extraction(
    actors_dir: Path | str,
    entity_id: str,
    surface: str,
    *,
    article_id: str | None = None,
    who: str,
    note: str = "",
    store: Store | None = None,
) -> Correction:
    """Mark "``surface`` is not ``entity_id``" wrong: in ``article_id``, or everywhere (None).

    The extraction stays hidden after every re-processing. Raises ValueError for
    an unknown id, an empty surface, or (with ``store``) an unknown article.
    """
    who = _who(who)
    if not isinstance(surface, str) or not surface.strip():
        raise ValueError("say which text was extracted wrongly (surface=...)")
    _check_id(actors_dir, entity_id, store, "rejection")
    if article_id is not None and store is not None and not store.has_article(article_id):
        raise ValueError(f"unknown article {article_id!r}")
    entry: dict[str, Any] = {"id": entity_id, "surface": surface}
    if article_id:
        entry["article"] = article_id
    entry.update({"who": who, "when": ""})
    if note:
        entry["note"] = note
    return _append(actors_dir, "rejection", entry)


def list_corrections(actors_dir: Path | str) -> list[Correction]:
    """Every correction, oldest first; ``index`` is what :func:`undo_correction` takes."""
    return _corrections(_read(Path(actors_dir)))


def undo_correction(actors_dir: Path | str, index: int) -> Correction:
    """Remove the correction at ``index`` of :func:`list_corrections`; return it.

    Raises ValueError for an index out of range. Re-process its
    :func:`affected_articles` afterwards, as after making it.
    """
    folder = Path(actors_dir)
    with _locked(folder):
        data = _read(folder)
        corrections = _corrections(data)
        if not 0 <= index < len(corrections):
            raise ValueError(f"no correction {index} (there are {len(corrections)})")
        undone = corrections[index]
        key = KINDS[undone.kind]
        data[key] = [e for e in data.get(key) or [] if e is not undone.entry]
        _write(folder, data)
        return undone


def affected_articles(store: Store, correction: Correction) -> list[str]:
    """The stored articles a correction (made or undone) can change: the ones to re-process.

    A merge: articles mentioning either entity. A rejection: that article, or the
    articles mentioning the entity as that surface. An alias: articles whose text
    contains it, and those mentioning the entity.
    """
    e = correction.entry
    if correction.kind == "merge":
        return store.articles_mentioning([str(e.get("from")), str(e.get("into"))])
    if correction.kind == "rejection":
        if e.get("article"):
            return [str(e["article"])] if store.has_article(str(e["article"])) else []
        return store.articles_mentioning([str(e.get("id"))], surface=str(e.get("surface")))
    return sorted(set(store.articles_containing(str(e.get("alias")))) | set(store.articles_mentioning([str(e["id"])])))
