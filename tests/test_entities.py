"""Entities: one canonical actor across languages and spellings; mentions on both sides."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from presslens.actors import inflect_demonym, load_actor_table, name_key
from presslens.config import Settings
from presslens.entities import extract_entities, locate_in_translation
from presslens.export import entity_records
from presslens.models import RawRecord, Segment
from presslens.pipeline import process_record, reprocess_entities
from presslens.segment import segment
from presslens.store import Store

KB = textwrap.dedent(
    """
    - id: Q80000001
      name: Sergei Lavrov
      type: person
      country: RU
      aliases: {any: [Sergei Lavrov, Lavrov], de: [Sergej Lawrow, Lawrow]}
    - id: Q3881
      name: Volodymyr Zelenskyy
      type: person
      country: UA
      aliases: {any: [Volodymyr Zelenskyy]}
    """
)
COUNTRIES = textwrap.dedent(
    """
    KP:
      id: Q423
      name: North Korea
      metonyms: {any: [Pyongyang], de: [Pjöngjang]}
      demonyms: {it: [nordcoreano], de: [nordkoreanisch], en: [North Korean]}
    RU:
      id: Q159
      name: Russia
      metonyms: {it: [Mosca, Cremlino], de: [Moskau, Kreml], en: [Moscow, Kremlin]}
      demonyms: {it: [russo], de: [russisch]}
    """
)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    folder = tmp_path / "actors"
    folder.mkdir()
    (folder / "people.yaml").write_text(KB, encoding="utf-8")
    (folder / "countries.yaml").write_text(COUNTRIES, encoding="utf-8")
    return folder


def found(text: str, language: str, kb: Path, model: str | None = None) -> list[tuple[str, str, str, str]]:
    """(surface, entity id, type, method) for every mention, checking offsets on the way."""
    table = load_actor_table(kb)
    sentences = segment(text, language)
    result = extract_entities(text, sentences, language, table, model=model)
    out = []
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface
        s = sentences[m.sentence]
        assert s.start <= m.start and m.end <= s.end, (m, s)
        actor = result.entities[m.entity_id]
        out.append((m.surface, actor.id, actor.type, m.method))
    return out


def ids(mentions: list[tuple[str, str, str, str]]) -> set[str]:
    return {m[1] for m in mentions}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "La Corea del Nord ha risposto."),
        ("de", "Nordkorea hat geantwortet."),
        ("en", "North Korea responded on Friday."),
        ("fr", "La Corée du Nord a répondu."),
        ("es", "Corea del Norte respondió."),
        ("it", "Pyongyang ha risposto alle accuse."),
        ("de", "Pjöngjang drohte dem Westen."),
        ("it", "Le truppe nordcoreane sono arrivate."),
        ("de", "Die nordkoreanischen Soldaten kämpfen."),
        ("de", "Die russisch-nordkoreanische Allianz wächst."),
        ("ru", "КНДР ответила на обвинения."),
        ("ko", "북한은 금요일 성명을 발표했다."),
    ],
)
def test_north_korea_in_every_form(language: str, text: str, kb: Path) -> None:
    assert "Q423" in ids(found(text, language, kb))


def test_one_person_across_spellings(kb: Path) -> None:
    it = found("Il ministro degli Esteri russo Sergei Lavrov ha parlato. Lavrov ha poi lasciato Roma.", "it", kb)
    de = found("Der russische Außenminister Sergej Lawrow kritisierte den Westen.", "de", kb)
    assert {m[1] for m in it if m[2] == "person"} == {"Q80000001"}
    assert [m[0] for m in it if m[1] == "Q80000001"] == ["Sergei Lavrov", "Lavrov"]
    assert {m[1] for m in de if m[2] == "person"} == {"Q80000001"}
    assert "Q159" in ids(it) and "Q159" in ids(de)  # "russo", "russische"


def test_spelling_variant_missing_from_table_still_resolves(kb: Path) -> None:
    # No alias is "Wolodymyr Selenskyj": the name finder's spelling key finds the table person.
    de = found("Der ukrainische Präsident Wolodymyr Selenskyj sprach am Montag.", "de", kb)
    assert ("Wolodymyr Selenskyj", "Q3881", "person", "name_finder") in de
    # "Sergueï Lavrov": the listed surname, with the first name in front of it.
    fr = found("Le ministre russe Sergueï Lavrov a répondu vendredi.", "fr", kb)
    assert ("Sergueï Lavrov", "Q80000001", "person", "table") in fr


def test_unlisted_person_is_one_actor_across_languages(kb: Path) -> None:
    it = found("Il ministro degli Esteri ucraino Andrij Sybiha è arrivato ieri.", "it", kb)
    de = found("Der ukrainische Außenminister Andrij Sybiha traf am Montag ein.", "de", kb)
    en = found("Ukraine's foreign minister Andrii Sybiha arrived on Monday.", "en", kb)
    person_ids = [{m[1] for m in got if m[2] == "person"} for got in (it, de, en)]
    assert person_ids[0] == person_ids[1] == person_ids[2] == {"name:andri-sibiha"}
    assert all(m[3] == "name_finder" for got in (it, de, en) for m in got if m[2] == "person")


def test_german_nouns_are_not_names(kb: Path) -> None:
    text = (
        "Die Nutzung westlicher Waffen für Angriffe würde die Chancen aller Beteiligten erheblich schmälern. "
        "Großbritannien und Frankreich erwägen offenbar eine Lockerung der Beschränkungen."
    )
    people = [m for m in found(text, "de", kb) if m[2] in ("person", "organization")]
    assert people == []


def test_capital_as_place_or_as_state(kb: Path) -> None:
    place = found("Il vertice si è tenuto a Mosca venerdì.", "it", kb)
    state = found("Mosca ha respinto le accuse.", "it", kb)
    assert [(m[2], m[0]) for m in place] == [("location", "Mosca")]
    assert place[0][1].startswith("place:")
    assert ids(state) == {"Q159"}


def test_organisation_heads_and_acronyms(kb: Path) -> None:
    got = found("Secondo l'Agenzia Internazionale per l'Energia Atomica e la SVR, il rischio cresce.", "it", kb)
    orgs = {m[0] for m in got if m[2] == "organization"}
    assert "SVR" in orgs
    assert any(o.startswith("Agenzia Internazionale") for o in orgs)


def test_statistical_model_path(kb: Path) -> None:
    pytest.importorskip("fr_core_news_sm")
    text = "Le président Emmanuel Macron a reçu Jean-Noël Barrot à l'Élysée. Sergueï Lavrov n'était pas là."
    got = found(text, "fr", kb, model="fr_core_news_sm")
    methods = {m[0]: m[3] for m in got}
    assert methods.get("Emmanuel Macron") == "model"
    people = {m[1] for m in got if m[2] == "person"}
    assert "Q80000001" in people  # the model's span resolved to the table person
    assert "name:" + name_key("Emmanuel Macron").replace(" ", "-") in people


def test_no_model_installed_falls_back_to_the_finder(kb: Path) -> None:
    got = found("Le ministre Jean-Noël Barrot est arrivé.", "fr", kb, model="xx_no_such_model")
    assert any(m[3] == "name_finder" and m[2] == "person" for m in got)


def test_unsupported_script_still_processes(kb: Path) -> None:
    assert found("ᚠᛇᚻ ᛒᛦᚦ ᚠᛁᚱᛖ ᚻᚢᚾᛏ.", "und", kb) == []


@pytest.mark.parametrize(
    ("base", "language", "expected"),
    [
        ("nordcoreano", "it", {"nordcoreano", "nordcoreana", "nordcoreani", "nordcoreane"}),
        ("statunitense", "it", {"statunitense", "statunitensi"}),
        (
            "nordkoreanisch",
            "de",
            {
                "nordkoreanisch",
                "nordkoreanische",
                "nordkoreanischen",
                "nordkoreanischer",
                "nordkoreanisches",
                "nordkoreanischem",
            },
        ),
        ("Russe", "de", {"Russe", "Russen", "Russin", "Russinnen"}),
        ("nord-coréen", "fr", {"nord-coréen", "nord-coréens", "nord-coréenne", "nord-coréennes"}),
        ("francés", "es", {"francés", "francesa", "franceses", "francesas"}),
        ("norcoreano", "es", {"norcoreano", "norcoreana", "norcoreanos", "norcoreanas"}),
    ],
)
def test_demonym_inflection(base: str, language: str, expected: set[str]) -> None:
    assert inflect_demonym(base, language) == expected


@pytest.mark.parametrize(
    "names",
    [
        ["Sergej Lawrow", "Sergei Lavrov", "Sergueï Lavrov", "Sergey Lavrov"],
        ["Wolodymyr Selenskyj", "Volodymyr Zelenskyy", "Volodymyr Zelensky", "Volodímir Zelenski"],
        ["Kim Jong Un", "Kim Jong-un", "KIM JONG UN"],
    ],
)
def test_name_key_unifies_transliterations(names: list[str]) -> None:
    assert len({name_key(n) for n in names}) == 1


def test_located_in_translation(kb: Path) -> None:
    table = load_actor_table(kb)
    text = "La Corea del Nord e Sergei Lavrov. Il ministro ucraino Andrij Sybiha ha risposto."
    sentences = segment(text, "it")
    result = extract_entities(text, sentences, "it", table)
    segments = [
        Segment(0, 0, "North Korea and Sergei Lavrov."),
        Segment(1, 1, "Ukrainian minister Andrij Sybiha replied."),
    ]
    located = locate_in_translation(segments, result, table, "en")
    got = {(t.segment, t.surface, t.entity_id) for t in located}
    assert (0, "North Korea", "Q423") in got
    assert (0, "Sergei Lavrov", "Q80000001") in got
    assert (1, "Andrij Sybiha", "name:andri-sibiha") in got
    for t in located:
        assert segments[t.segment].text[t.start : t.end] == t.surface


def test_export_shape_and_reprocess_after_editing_the_table(kb: Path, tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 's.db'}", actors_dir=kb)
    store = Store(settings.db_url)
    text = "Vertice\nIl ministro degli Esteri russo Sergei Lavrov ha incontrato Andrij Sybiha a Ginevra."
    article = process_record(RawRecord(text=text, origin="t", infer_title=True, language="it"), settings)
    store.add_article(article)
    records = {r["id"]: r for r in entity_records(store.article_entities(article.id))}
    lavrov = records["Q80000001"]
    assert lavrov == {
        "id": "Q80000001",
        "name": "Sergei Lavrov",
        "type": "person",
        "country": "RU",
        "mentions": 1,
        "surfaces": ["Sergei Lavrov"],
        "method": "table",
        "methods": ["table"],
    }
    assert records["name:andri-sibiha"]["method"] == "name_finder"
    # An editor adds Sybiha to the table; reprocess (no translation) updates the stored entities.
    people = (kb / "people.yaml").read_text(encoding="utf-8") + textwrap.dedent(
        """
        - id: Q80000002
          name: Andrii Sybiha
          type: person
          country: UA
          aliases: {any: [Andrii Sybiha, Andrij Sybiha]}
        """
    )
    (kb / "people.yaml").write_text(people, encoding="utf-8")
    report = reprocess_entities(store, replace(settings, actors_dir=kb))
    assert report.articles == 1 and not report.failed
    records = {r["id"]: r for r in entity_records(store.article_entities(article.id))}
    assert "name:andri-sibiha" not in records
    assert records["Q80000002"]["country"] == "UA" and records["Q80000002"]["method"] == "table"
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM entities WHERE id = 'name:andri-sibiha'").scalar() == 0
    store.close()


def test_cli_export_carries_entities(tmp_path: Path, kb: Path) -> None:
    from tests.conftest import SAMPLE_DIR, run_cli

    db = tmp_path / "s.db"
    assert run_cli("ingest", str(SAMPLE_DIR), "--db", str(db), "-q").returncode == 0
    records = [json.loads(line) for line in run_cli("export", "--db", str(db)).stdout.splitlines()]
    for record in records:
        assert record["entities"], record["id"]
        for e in record["entities"]:
            assert set(e) >= {"id", "name", "type", "country", "mentions", "surfaces", "method"}
            assert e["type"] in ("country", "person", "organization", "location", "other")
            assert e["mentions"] == len([1 for _ in range(e["mentions"])]) >= 1
            assert e["method"] in ("table", "model", "name_finder")
    kp = [e for r in records for e in r["entities"] if e["type"] == "country" and e["country"] == "KP"]
    assert len(kp) == 5  # North Korea in every sample article


def test_short_acronyms_need_their_exact_spelling() -> None:
    # The real table: "CIO" is the IOC in Italian; "Ciò" (that) opening a quote is not.
    text = "“Ciò segna un’escalation della massima gravità”, ha scritto il ministro."
    table = load_actor_table()
    result = extract_entities(text, segment(text, "it"), "it", table)
    assert [m.surface for m in result.mentions if result.entities[m.entity_id].type == "organization"] == []
    text = "Die Nato hat getagt."
    result = extract_entities(text, segment(text, "de"), "de", table)
    assert {result.entities[m.entity_id].name for m in result.mentions} == {"NATO"}


def test_a_place_in_the_original_stays_a_place_in_the_translation(kb: Path) -> None:
    table = load_actor_table(kb)
    text = "Il vertice si è tenuto a Mosca. Mosca ha poi respinto le accuse."
    sentences = segment(text, "it")
    result = extract_entities(text, sentences, "it", table)
    segments = [Segment(0, 0, "The summit was held in Moscow."), Segment(1, 1, "Moscow then rejected the claims.")]
    located = {t.segment: t.entity_id for t in locate_in_translation(segments, result, table, "en")}
    assert located[0].startswith("place:")  # as "a Mosca" in the original
    assert located[1] == "Q159"  # the state, as "Mosca ha respinto"
