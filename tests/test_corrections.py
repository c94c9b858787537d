"""Corrections (issue 7): merge entities, add an alias, mark an extraction wrong; re-process what changes."""

from __future__ import annotations

import textwrap
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from presslens.actors import load_actor_table
from presslens.analytics import cooccurrence, load_frames
from presslens.config import Settings
from presslens.corrections import (
    HEADER,
    add_alias,
    affected_articles,
    list_corrections,
    merge_entities,
    overrides_path,
    reject_extraction,
    undo_correction,
)
from presslens.entities import extract_entities
from presslens.models import RawRecord
from presslens.pipeline import apply_and_reprocess, process_record, reprocess_entities
from presslens.segment import segment
from presslens.store import Store
from tests.conftest import actor_folder

PEOPLE = textwrap.dedent(
    """
    - id: Q80000001
      name: Sergei Lavrov
      type: person
      country: RU
      aliases: {any: [Sergei Lavrov, Lavrov]}
    - id: Q80000003
      name: Kaja Kallas
      type: person
      country: EE
      aliases: {any: [Kaja Kallas]}
    """
)
COUNTRIES = textwrap.dedent(
    """
    RU:
      id: Q159
      name: Russia
      metonyms: {it: [Mosca, Cremlino]}
      demonyms: {it: [russo]}
    """
)
# Two spellings of one unlisted minister that the name key does not unify
# (Sybiha / Sibiga), and a nickname no table has.
ARTICLES = {
    "a": "Vertice a Ginevra\nIl ministro degli Esteri ucraino Andrij Sybiha ha incontrato Sergei Lavrov.",
    "b": "Nuovi colloqui\nIl ministro degli Esteri ucraino Andrii Sibiga ha visto Sergei Lavrov a Mosca.",
    "c": "Dichiarazioni\nMister Niet ha risposto ai giornalisti, poi ha parlato Kaja Kallas.",
}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Store, Settings, dict[str, str]]:
    actors = actor_folder(tmp_path, people=PEOPLE, countries=COUNTRIES)
    settings = Settings(db_url=f"sqlite:///{tmp_path / 's.db'}", actors_dir=actors)
    store = Store(settings.db_url)
    ids = {}
    for key, text in ARTICLES.items():
        record = RawRecord(
            text=text, origin=key, infer_title=True, language="it", published="2024-11-0" + str(len(ids) + 1)
        )
        article = process_record(record, settings)
        assert store.add_article(article)
        ids[key] = article.id
    yield store, settings, ids
    store.close()


def entity_ids(store: Store, article_id: str) -> set[str]:
    return set(store.article_entities(article_id).entities)


def test_merge_two_found_entities_then_the_heatmap_counts_them_as_one(setup) -> None:  # type: ignore[no-untyped-def]
    store, settings, ids = setup
    assert "name:andri-sibiha" in entity_ids(store, ids["a"])
    assert "name:andri-sibiga" in entity_ids(store, ids["b"])
    before = cooccurrence(load_frames(store, snapshot=False), [ids["a"], ids["b"]], window="article", top_n=10)
    assert before.loc["Sergei Lavrov", "Andrij Sybiha"] == 1
    version = store.data_version()

    c = merge_entities(settings.actors_dir, "name:andri-sibiga", "name:andri-sibiha", who="ed", store=store)
    assert sorted(affected_articles(store, c)) == sorted([ids["a"], ids["b"]])
    report = apply_and_reprocess(store, settings, affected_articles(store, c))
    assert report.articles == 2 and not report.failed

    assert store.data_version() != version  # the dashboard's caches refresh
    assert "name:andri-sibiga" not in entity_ids(store, ids["b"])
    assert "name:andri-sibiha" in entity_ids(store, ids["b"])
    assert store.entity("name:andri-sibiga") is None  # gone from the entities table and the dashboard's lists
    frames = load_frames(store, snapshot=False)
    assert "name:andri-sibiga" not in frames.entities.index
    after = cooccurrence(frames, [ids["a"], ids["b"]], window="article", top_n=10)
    assert after.loc["Sergei Lavrov", "Andrij Sybiha"] == 2  # one actor, in both articles
    assert "Andrii Sibiga" not in after.index


def test_a_found_name_merged_into_a_table_actor_resolves_in_every_future_extraction(setup) -> None:  # type: ignore[no-untyped-def]
    store, settings, _ = setup
    merge_entities(settings.actors_dir, "name:mister-niet", "Q80000001", who="ed", store=store)
    table = load_actor_table(settings.actors_dir)
    text = "Mister Niet non ha risposto."
    result = extract_entities(text, segment(text, "it"), "it", table)
    assert [(m.surface, m.entity_id) for m in result.mentions] == [("Mister Niet", "Q80000001")]
    assert result.entities["Q80000001"].name == "Sergei Lavrov"


def test_a_table_actor_merged_into_a_found_one_takes_its_names_along(setup) -> None:  # type: ignore[no-untyped-def]
    store, settings, _ = setup
    merge_entities(settings.actors_dir, "Q80000003", "name:mister-niet", who="ed", store=store)
    table = load_actor_table(settings.actors_dir)
    assert "Q80000003" not in table.actors
    text = "Ha parlato Kaja Kallas."
    result = extract_entities(text, segment(text, "it"), "it", table)
    assert [m.entity_id for m in result.mentions] == ["name:mister-niet"]
    assert result.entities["name:mister-niet"].name == "Mister Niet"  # the found entity's own name


def test_add_alias_then_an_article_containing_it_gains_the_mention(setup) -> None:  # type: ignore[no-untyped-def]
    store, settings, ids = setup
    assert "Q80000001" not in entity_ids(store, ids["c"])
    c = add_alias(settings.actors_dir, "Q80000001", "Mister Niet", None, who="ed", store=store)
    assert ids["c"] in affected_articles(store, c)
    assert ids["b"] in affected_articles(store, c)  # mentions the entity: its surfaces may change
    apply_and_reprocess(store, settings, affected_articles(store, c))
    mentions = store.article_entities(ids["c"]).mentions
    assert ("Mister Niet", "Q80000001", "table") in {(m.surface, m.entity_id, m.method) for m in mentions}


def test_reject_then_reprocess_keeps_it_hidden(setup) -> None:  # type: ignore[no-untyped-def]
    store, settings, ids = setup
    c = reject_extraction(settings.actors_dir, "Q80000001", "Sergei Lavrov", article_id=ids["a"], who="ed", store=store)
    assert affected_articles(store, c) == [ids["a"]]
    apply_and_reprocess(store, settings, affected_articles(store, c))
    assert "Q80000001" not in entity_ids(store, ids["a"])
    assert "Q80000001" in entity_ids(store, ids["b"])  # only in that article
    report = reprocess_entities(store, settings)  # `presslens reprocess`
    assert report.articles == 3 and not report.failed
    assert "Q80000001" not in entity_ids(store, ids["a"])
    assert "Q80000001" in entity_ids(store, ids["b"])
    # Everywhere: gone from every article and from the entities table.
    c = reject_extraction(settings.actors_dir, "Q80000001", "Sergei Lavrov", who="ed2", store=store)
    assert affected_articles(store, c) == sorted([ids["b"]])
    apply_and_reprocess(store, settings, affected_articles(store, c))
    reprocess_entities(store, settings)
    assert all("Q80000001" not in entity_ids(store, i) for i in ids.values())
    assert store.entity("Q80000001") is None


def test_rejecting_a_found_name_hides_it_in_the_translation_too(setup) -> None:  # type: ignore[no-untyped-def]
    store, settings, ids = setup
    reject_extraction(settings.actors_dir, "name:andri-sibiha", "Andrij Sybiha", who="ed", store=store)
    apply_and_reprocess(store, settings, [ids["a"]])
    assert "name:andri-sibiha" not in entity_ids(store, ids["a"])
    assert all(t.entity_id != "name:andri-sibiha" for t in store.translation_mentions(ids["a"]))


def test_who_and_when_are_recorded_and_the_file_stays_valid_yaml(setup) -> None:  # type: ignore[no-untyped-def]
    _, settings, ids = setup
    path = overrides_path(settings.actors_dir)
    t0 = datetime.now(UTC) - timedelta(seconds=2)
    made = [
        merge_entities(settings.actors_dir, "name:andri-sibiga", "name:andri-sibiha", who="anna", note="same man"),
        add_alias(settings.actors_dir, "Q80000001", "Lavrow", "de", who="bruno"),
        reject_extraction(settings.actors_dir, "Q80000003", "Kaja Kallas", article_id=ids["c"], who="carla"),
    ]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    data = yaml.safe_load(text)
    assert set(data) == {"merges", "aliases", "rejections"}
    assert data["merges"][0]["from"] == "name:andri-sibiga" and data["merges"][0]["note"] == "same man"
    assert data["aliases"][0] == {"id": "Q80000001", "alias": "Lavrow", "language": "de", "who": "bruno",
                                  "when": data["aliases"][0]["when"]}  # fmt: skip
    assert data["rejections"][0]["article"] == ids["c"]
    listed = list_corrections(settings.actors_dir)
    assert [c.who for c in listed] == ["anna", "bruno", "carla"]
    for c in listed:
        when = datetime.fromisoformat(c.when)
        assert when.tzinfo is not None and t0 <= when <= datetime.now(UTC)
        assert c.who in c.describe()
    assert [c.entry for c in listed] == [c.entry for c in made]
    assert not load_actor_table(settings.actors_dir).warnings  # what was written loads cleanly


def test_undo_removes_one_correction_and_the_table_forgets_it(setup) -> None:  # type: ignore[no-untyped-def]
    store, settings, ids = setup
    merge_entities(settings.actors_dir, "name:andri-sibiga", "name:andri-sibiha", who="ed", store=store)
    add_alias(settings.actors_dir, "Q80000001", "Mister Niet", None, who="ed", store=store)
    assert load_actor_table(settings.actors_dir).resolve("name:andri-sibiga") == "name:andri-sibiha"
    undone = undo_correction(settings.actors_dir, 0)
    assert undone.kind == "merge"
    assert [c.kind for c in list_corrections(settings.actors_dir)] == ["alias"]
    assert load_actor_table(settings.actors_dir).resolve("name:andri-sibiga") == "name:andri-sibiga"
    apply_and_reprocess(store, settings, affected_articles(store, undone))
    assert "name:andri-sibiga" in entity_ids(store, ids["b"])
    with pytest.raises(ValueError, match="no correction 5"):
        undo_correction(settings.actors_dir, 5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda d, s: merge_entities(d, "Q80000001", "Q80000001", who="ed", store=s), "into itself"),
        (lambda d, s: merge_entities(d, "Q80000001", "Q99999999", who="ed", store=s), "unknown entity 'Q99999999'"),
        (lambda d, s: merge_entities(d, "name:nobody", "Q80000001", who="ed", store=s), "unknown entity 'name:nobody'"),
        (lambda d, s: merge_entities(d, "Q80000001", "Q80000003", who="", store=s), "who"),
        (lambda d, s: add_alias(d, "Q80000001", "  ", None, who="ed", store=s), "at least two characters"),
        (lambda d, s: add_alias(d, "Q80000001", "X", None, who="ed", store=s), "at least two characters"),
        (lambda d, s: add_alias(d, "Q80000001", "Lavrov", None, who="ed", store=s), "already has the alias"),
        (lambda d, s: add_alias(d, "Q80000001", "Lawrow", "deu", who="ed", store=s), "ISO 639-1"),
        (lambda d, s: add_alias(d, "nonsense id", "Lawrow", None, who="ed", store=s), "unknown entity"),
        (lambda d, s: reject_extraction(d, "Q80000001", "", who="ed", store=s), "surface"),
        (lambda d, s: reject_extraction(d, "Q80000001", "Lavrov", article_id="nope", who="ed", store=s), "article"),
        (lambda d, s: reject_extraction(d, "Q99999999", "Lavrov", who="ed", store=s), "unknown entity"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(setup, call, message: str) -> None:  # type: ignore[no-untyped-def]
    store, settings, _ = setup
    with pytest.raises(ValueError, match=message):
        call(settings.actors_dir, store)
    assert not overrides_path(settings.actors_dir).exists()  # nothing written


def test_merges_that_would_chain_or_loop_are_refused(setup) -> None:  # type: ignore[no-untyped-def]
    store, settings, _ = setup
    merge_entities(settings.actors_dir, "name:andri-sibiga", "name:andri-sibiha", who="ed", store=store)
    # Back again would be a cycle; on from a merged id a chain: both refused, with the way out.
    with pytest.raises(ValueError, match="merge into: name:andri-sibiga was merged into name:andri-sibiha"):
        merge_entities(settings.actors_dir, "name:andri-sibiha", "name:andri-sibiga", who="ed", store=store)
    with pytest.raises(ValueError, match="merge from: name:andri-sibiga was merged into name:andri-sibiha"):
        merge_entities(settings.actors_dir, "name:andri-sibiga", "Q80000001", who="ed", store=store)


def test_without_a_store_found_ids_are_taken_as_given(tmp_path: Path) -> None:
    actors = actor_folder(tmp_path, people=PEOPLE)
    merge_entities(actors, "name:serghei-lavrov", "Q80000001", who="ed")
    with pytest.raises(ValueError, match="not a found name id"):
        merge_entities(actors, "Q123 nonsense", "Q80000001", who="ed")
    assert load_actor_table(actors).resolve("name:serghei-lavrov") == "Q80000001"


def test_many_writes_one_after_another_and_at_once_lose_no_entry(tmp_path: Path) -> None:
    actors = actor_folder(tmp_path, people=PEOPLE)
    for n in range(10):
        reject_extraction(actors, "Q80000001", f"Lavrov {n}", who=f"editor{n}")
        assert isinstance(yaml.safe_load(overrides_path(actors).read_text(encoding="utf-8")), dict)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            add_alias(actors, "Q80000001", f"Lavrov alias {n}", None, who=f"thread{n}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    listed = list_corrections(actors)
    assert len(listed) == 18
    assert {c.entry.get("alias") for c in listed if c.kind == "alias"} == {f"Lavrov alias {n}" for n in range(8)}
    assert not list(actors.glob(".overrides-*"))  # no temporary file left behind


def test_the_old_overrides_format_still_loads(tmp_path: Path) -> None:
    actors = actor_folder(tmp_path, people=PEOPLE)
    (actors / "overrides.yaml").write_text(
        "aliases:\n  - {id: Q80000001, alias: Serghei Lavrov, language: it}\n"
        "merges:\n  - {from: Q80000003, into: Q80000001}\n",
        encoding="utf-8",
    )
    table = load_actor_table(actors)
    assert not table.warnings
    assert "Q80000003" not in table.actors and table.resolve("Q80000003") == "Q80000001"
    text = "Kaja Kallas e Serghei Lavrov."
    result = extract_entities(text, segment(text, "it"), "it", table)
    assert {m.entity_id for m in result.mentions} == {"Q80000001"}
    # A correction appended to it keeps the old entries.
    reject_extraction(actors, "Q80000001", "Lavrov", who="ed")
    data = yaml.safe_load(overrides_path(actors).read_text(encoding="utf-8"))
    assert len(data["aliases"]) == 1 and len(data["merges"]) == 1 and len(data["rejections"]) == 1
    assert [c.kind for c in list_corrections(replace(Settings(), actors_dir=actors).actors_dir)][-1] == "rejection"
