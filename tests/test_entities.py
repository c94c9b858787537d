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
from tests.conftest import actor_folder

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
    return actor_folder(tmp_path, people=KB, countries=COUNTRIES)


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
        ("Schweizer", "de", {"Schweizer", "Schweizers", "Schweizern", "Schweizerin", "Schweizerinnen"}),
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
        ["Oleg Matytsine", "Oleg Matytsin"],  # French -ine for Russian -in
        ["Vladimir Poutine", "Vladimir Putin"],
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


# --- organizations: nested names, shared names, cued names (issue 4) -------------------

ORGS = textwrap.dedent(
    """
    - id: org:un
      name: United Nations
      aliases: {any: [United Nations, UN], fr: [ONU, Nations unies], es: [ONU]}
    - id: org:unsc
      name: United Nations Security Council
      part_of: org:un
      aliases: {any: [UN Security Council], fr: [Conseil de sécurité de l'ONU, Conseil de sécurité]}
    - id: org:nato
      name: NATO
      aliases: {any: [NATO]}
    - id: org:nato-ukraine-council
      name: NATO–Ukraine Council
      part_of: org:nato
      aliases: {any: [NATO-Ukraine Council]}
    - id: org:us-democrats
      name: Democratic Party (United States)
      country: US
      aliases: {any: [Democratic Party]}
    - id: org:spd
      name: Social Democratic Party of Germany
      country: DE
      aliases: {any: [Social Democratic Party]}
    - id: org:deutsche-bank
      name: Deutsche Bank
      country: DE
      aliases: {any: [Deutsche Bank]}
    - id: org:aeoi
      name: Atomic Energy Organization of Iran
      country: IR
      aliases: {any: [Atomic Energy Organization of Iran]}
    - id: org:amcham-russia
      name: American Chamber of Commerce in Russia
      country: US
      aliases: {any: [American Chamber of Commerce in Russia]}
    - id: org:bundestag
      name: Bundestag
      country: DE
      aliases: {any: [Bundestag]}
    - id: org:na-france
      name: National Assembly (France)
      country: FR
      generic: {fr: [Assemblée nationale], es: [Asamblea Nacional], en: [National Assembly]}
    - id: org:na-korea
      name: National Assembly (South Korea)
      country: KR
      generic: {fr: [Assemblée nationale], es: [Asamblea Nacional], en: [National Assembly]}
    - id: org:bundesrat-de
      name: Bundesrat (Germany)
      country: DE
      aliases: {de: [Bundesrat]}
    - id: org:bundesrat-at
      name: Federal Council (Austria)
      country: AT
      aliases: {de: [Bundesrat]}
    - id: org:scotus
      name: Supreme Court of the United States
      country: US
      generic: {en: [Supreme Court]}
    - id: org:twitter
      name: Twitter
      country: US
      aliases: {any: [Twitter]}
      cued:
        X: {es: [red social, plataforma], en: [platform]}
    - id: org:left-de
      name: The Left (Germany)
      country: DE
      aliases: {any: [Die Linke]}
      cued:
        Linke: {de: [die]}
        Linken: {de: [der]}
    - id: org:greens-de
      name: Alliance 90/The Greens
      country: DE
      aliases: {de: [Grüne, Grünen]}
    """
)
PEOPLE_KR = textwrap.dedent(
    """
    - id: person:yoon
      name: Yoon Suk Yeol
      type: person
      country: KR
      aliases: {any: [Yoon Suk Yeol, Yoon Suk-yeol]}
    """
)
MORE_COUNTRIES = textwrap.dedent(
    """
    KP:
      id: Q423
      name: North Korea
      demonyms: {es: [norcoreano]}
    RU:
      id: Q159
      name: Russia
      demonyms: {it: [russo]}
    AM:
      metonyms: {es: [Ereván]}
    KR:
      demonyms: {es: [surcoreano]}
    """
)


@pytest.fixture
def org_kb(tmp_path: Path) -> Path:
    return actor_folder(tmp_path, "org_actors", organizations=ORGS, people=PEOPLE_KR, countries=MORE_COUNTRIES)


def found_keys(text: str, language: str, kb: Path) -> set[str]:
    """Entity ids found, countries by their ISO code (``country:XX``)."""
    table = load_actor_table(kb)
    return {
        f"country:{table.actors[entity_id].country}" if kind == "country" else entity_id
        for _, entity_id, kind, _ in found(text, language, kb)
    }


@pytest.mark.parametrize(
    ("language", "text", "present", "absent"),
    [
        # An organ's name that names its organization too: both (part_of).
        ("fr", "Le Conseil de sécurité de l'ONU s'est réuni.", {"org:unsc", "org:un"}, set()),
        ("en", "The UN Security Council met on Monday.", {"org:unsc", "org:un"}, set()),
        # An international body named after a country: the country too.
        (
            "en",
            "The NATO-Ukraine Council met in Vilnius.",
            {"org:nato-ukraine-council", "org:nato", "country:UA"},
            set(),
        ),
        # An organization's own country in its name counts; another country does not.
        ("en", "The Atomic Energy Organization of Iran replied.", {"org:aeoi", "country:IR"}, set()),
        ("en", "The American Chamber of Commerce in Russia replied.", {"org:amcham-russia"}, {"country:RU"}),
        # A name inside another name is no mention of its own: not part_of, not a country.
        ("en", "The Social Democratic Party won the vote.", {"org:spd"}, {"org:us-democrats"}),
        # A demonym inside a company's name is not the country.
        ("de", "Die Deutsche Bank meldete Gewinne.", {"org:deutsche-bank"}, {"country:DE"}),
    ],
)
def test_names_inside_organization_names(
    language: str, text: str, present: set[str], absent: set[str], org_kb: Path
) -> None:
    got = found_keys(text, language, org_kb)
    assert present <= got, got
    assert not (absent & got), got


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # A name several countries' institutions share goes to the article's country.
        ("fr", "L'Assemblée nationale a voté la censure. La France est sans gouvernement.", "org:na-france"),
        ("es", "La Asamblea Nacional anuló la ley marcial en Corea del Sur; los surcoreanos celebran.", "org:na-korea"),
        ("de", "Der Bundesrat stimmte zu, sagte man in Österreich. Österreich jubelt.", "org:bundesrat-at"),
        ("de", "Der Bundesrat stimmte zu. Deutschland atmet auf.", "org:bundesrat-de"),
        # No country, or a tie: matched by neither.
        ("es", "La Asamblea Nacional votó ayer.", None),
        ("fr", "L'Assemblée nationale a voté. La France et la Corée du Sud en débattent.", None),
        # A generic name with one candidate still needs the article's most mentioned country.
        ("en", "The Supreme Court ruled on tariffs, the United States said.", "org:scotus"),
        ("en", "In Israel the Supreme Court ruled; Israel's cabinet, Israel said, and the United States agreed.", None),
    ],
)
def test_shared_names_resolve_by_the_articles_country(
    language: str, text: str, expected: str | None, org_kb: Path
) -> None:
    shared = {"org:na-france", "org:na-korea", "org:bundesrat-de", "org:bundesrat-at", "org:scotus"}
    got = found_keys(text, language, org_kb) & shared
    assert got == ({expected} if expected else set())


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "Israel Katz escribió en la red social X que no cederá.", {"org:twitter"}),
        ("en", "He wrote on the platform X on Friday.", {"org:twitter"}),
        ("es", "El plan X fracasó y Malcolm X habló.", set()),
        ("de", "Ablehnung kam von der Linken.", {"org:left-de"}),
        ("de", "Die Linke lehnt das ab.", {"org:left-de"}),
        ("de", "Die linke Hand weiß nicht, was die rechte tut.", set()),
        ("de", "Außenministerin Annalena Baerbock (Grüne) sagte ab.", {"org:greens-de"}),
        ("de", "Die Grüne Woche beginnt am Freitag.", set()),
    ],
)
def test_cued_and_capitalised_party_names(language: str, text: str, expected: set[str], org_kb: Path) -> None:
    got = {i for i in found_keys(text, language, org_kb) if i.startswith("org:")}
    assert got == expected


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Nach der Bundestagswahl regiert die Union.", {"org:bundestag"}, set()),
        ("Der Ukrainekrieg geht weiter.", {"country:UA"}, set()),
        ("Chinesen und Perlentaucher trafen sich.", set(), {"country:CN", "country:PE"}),
    ],
)
def test_german_compounds_opened_by_a_name(text: str, present: set[str], absent: set[str], org_kb: Path) -> None:
    got = found_keys(text, "de", org_kb)
    assert present <= got and not (absent & got), got


@pytest.mark.parametrize(
    ("language", "text", "country"),
    [
        ("it", "I separatisti filorussi hanno attaccato.", "country:RU"),
        ("es", "Las fuerzas pronorcoreanas avanzan.", "country:KP"),
    ],
)
def test_prefixed_demonyms(language: str, text: str, country: str, org_kb: Path) -> None:
    assert country in found_keys(text, language, org_kb)


@pytest.mark.parametrize(
    ("language", "text", "not_an_organization"),
    [
        ("fr", "Selon le ministère de la Santé, le bilan s'alourdit.", "ministère de la Santé"),
        ("it", "Lo ha detto il Ministero degli Esteri a Roma.", "Ministero degli Esteri"),
        ("es", "El Consejo de Ministros aprobó el reconocimiento.", "Consejo de Ministros"),
        ("es", "Yoon Suk-yeol cedió. El líder del partido de Yoon lo criticó.", "partido de Yoon"),
        ("en", "GDP grew by two percent, the CEO said.", "GDP"),
    ],
)
def test_name_finder_leaves_role_names_and_abbreviations(
    language: str, text: str, not_an_organization: str, org_kb: Path
) -> None:
    orgs = [m[0] for m in found(text, language, org_kb) if m[2] == "organization"]
    assert not any(not_an_organization in o or o in not_an_organization for o in orgs), orgs


def test_a_capital_coordinated_with_a_place_is_a_place(org_kb: Path) -> None:
    got = found("Los billetes de ida a Estambul o Ereván se agotaron.", "es", org_kb)
    assert [(m[0], m[2]) for m in got] == [("Ereván", "location")]


def test_nested_and_shared_names_in_the_translation_and_the_reader(org_kb: Path) -> None:
    from presslens.reader import aligned_rows

    table = load_actor_table(org_kb)
    text = "Le Conseil de sécurité de l'ONU et l'Assemblée nationale. La France proteste."
    sentences = segment(text, "fr")
    result = extract_entities(text, sentences, "fr", table)
    assert {"org:unsc", "org:un", "org:na-france"} <= set(result.entities)
    segments = [Segment(0, 0, "The UN Security Council and the National Assembly."), Segment(1, 1, "France protests.")]
    located = {(t.surface, t.entity_id) for t in locate_in_translation(segments, result, table, "en")}
    assert {("UN Security Council", "org:unsc"), ("UN", "org:un"), ("National Assembly", "org:na-france")} <= located
    # The reader marks the longest name once; the organ's organization is still an entity of the article.
    rows = aligned_rows(text, sentences, segments, result, locate_in_translation(segments, result, table, "en"))
    assert rows[0].original.count("<mark") == 2  # the Council and the Assembly, not the ONU inside
    assert "<mark" not in rows[0].original.split("</mark>")[0].split(">", 1)[1]  # no mark inside a mark
    records = {r["id"]: r["mentions"] for r in entity_records(result)}
    assert records["org:un"] == 1 and records["org:unsc"] == 1


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Le Conseil de sécurité de l'ONU s'est réuni.", {"United Nations Security Council", "United Nations"}),
        (
            "es",
            "Desde la Asamblea General de la ONU habló Joe Biden.",
            {"United Nations General Assembly", "United Nations"},
        ),
        (
            "en",
            "The IAEA Board of Governors found Iran in breach.",
            {"IAEA Board of Governors", "International Atomic Energy Agency"},
        ),
        (
            "es",
            "Según el Tribunal Superior Electoral (TSE), Lula ganó en Brasil; Brasil celebra.",
            {"Superior Electoral Court"},
        ),
        (
            "es",
            "El fundador del Partido de los Trabajadores, Lula, gobernará Brasil; Brasil celebra.",
            {"Workers' Party (Brazil)"},
        ),
        (
            "en",
            "Venezuela's CNE proclaimed Nicolás Maduro; Venezuela's opposition disagrees.",
            {"National Electoral Council (Venezuela)"},
        ),
        (
            "de",
            "Die Union gewinnt, die Linke und die Grünen verlieren, sagte Friedrich Merz.",
            {"CDU/CSU", "The Left (Germany)", "Alliance 90/The Greens"},
        ),
        ("de", "Der Ausschluss aus dem Zahlungssystem Swift trifft Russland.", {"SWIFT"}),
        ("it", "Lo ha scritto sulla piattaforma di social media X.", {"Twitter"}),
        ("it", "Lo ha scritto su X che poi lo ha cancellato.", {"Twitter"}),
        ("fr", "Raphaël Glucksmann, tête de liste de Place publique.", {"Place Publique"}),
        # "Congress" in an article about India is the party, in every language.
        ("it", "In India vince il Bjp di Modi; il Congresso perde. L'India vota.", {"Indian National Congress"}),
    ],
)
def test_the_table_knows_whole_categories_of_organizations(language: str, text: str, expected: set[str]) -> None:
    table = load_actor_table()
    result = extract_entities(text, segment(text, language), language, table)
    names = {a.name for a in result.entities.values() if a.type == "organization"}
    assert expected <= names, names


# --- general fixes from the first held-out set's errors (issue 4) -----------------------

PRESS_ORGS = textwrap.dedent(
    """
    - id: org:un
      name: United Nations
      aliases: {any: [United Nations], it: [ONU, Nazioni Unite], fr: [ONU]}
    - id: org:esa
      name: European Space Agency
      aliases: {any: [ESA]}
    - id: org:who
      name: World Health Organization
      aliases: {any: [WHO]}
    - id: org:tass
      name: TASS
      country: RU
      aliases: {any: [TASS, Tass]}
    - id: org:ep
      name: European Parliament
      aliases: {de: [Europäisches Parlament]}
    - id: org:dbv
      name: Deutscher Bauernverband
      country: DE
      aliases: {de: [Deutscher Bauernverband]}
    - id: org:ec
      name: European Commission
      aliases: {de: [EU-Kommission]}
    - id: org:eu
      name: European Union
      aliases: {any: [EU]}
    - id: org:cc-france
      name: Constitutional Council (France)
      country: FR
      aliases: {fr: [Conseil constitutionnel]}
    - id: org:adnoc
      name: ADNOC
      country: AE
      aliases: {any: [ADNOC]}
    """
)
PRESS_COUNTRIES = textwrap.dedent(
    """
    FR:
      metonyms: {any: [Paris]}
    CN:
      metonyms: {fr: [Pékin]}
    AT:
      metonyms: {es: [Viena]}
    IT:
      metonyms: {en: [Rome], it: [Roma]}
    RU:
      metonyms: {fr: [Moscou]}
    DE:
      demonyms: {de: [deutsch]}
    SN:
      demonyms: {fr: [sénégalais]}
    """
)


@pytest.fixture
def press_kb(tmp_path: Path) -> Path:
    return actor_folder(tmp_path, "press_actors", organizations=PRESS_ORGS, countries=PRESS_COUNTRIES)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # The press writes acronyms in title case: the table's "ONU", "ESA", "ADNOC" match so.
        ("it", "Il testo approvato sotto l'egida dell'Onu è storico.", {"org:un"}),
        ("de", "Glückwünsche kamen von der Esa und aus Paris.", {"org:esa"}),
        ("it", "Il capo dell'Adnoc ha parlato di un risultato storico.", {"org:adnoc"}),
        # Not when the title-case form is a word of the language ("esa" is Spanish for "that").
        ("es", "Esa misma mañana la ESA lanzó un satélite.", {"org:esa"}),
        ("en", "Who said it? The WHO did.", {"org:who"}),
        # An acronym matches as written, never through the spelling key: "TAS" is not TASS.
        ("fr", "Le TAS a tranché lundi, a rapporté Tass.", {"org:tass"}),
    ],
)
def test_acronyms_as_the_press_writes_them(language: str, text: str, expected: set[str], press_kb: Path) -> None:
    got = found(text, language, press_kb)
    assert {m[1] for m in got if m[1].startswith("org:")} == expected, got
    if language == "fr":  # the TAS stays a name of its own (not the agency) and is no person
        assert [(m[0], m[2]) for m in got if m[0] == "TAS"] == [("TAS", "organization")]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        (
            "Europäisches Parlament",
            {"Europäische Parlament", "Europäischen Parlament", "Europäischen Parlaments", "Europäischen Parlamentes"},
        ),
        (
            "Deutscher Bauernverband",
            {
                "Deutsche Bauernverband",
                "Deutschen Bauernverband",
                "Deutschen Bauernverbands",
                "Deutschen Bauernverbandes",
            },
        ),
        ("Europäische Kommission", {"Europäischen Kommission"}),  # feminine: no genitive -s
        ("Vereinte Nationen", {"Vereinten Nationen"}),
        ("Bundestag", {"Bundestags", "Bundestages"}),
        (
            "Bundesverband der Deutschen Industrie",
            {"Bundesverbands der Deutschen Industrie", "Bundesverbandes der Deutschen Industrie"},
        ),
        ("Christlich Demokratische Union", {"Christlich Demokratischen Union"}),
        ("Die Linke", set()),  # an article is no adjective
        ("Alternative für Deutschland", set()),
        ("EZB", set()),
    ],
)
def test_german_case_forms_of_names(surface: str, expected: set[str]) -> None:
    from presslens.actors import german_name_variants

    assert german_name_variants(surface) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das Europäische Parlament stimmte zu.", {"org:ep"}),
        ("Der Präsident des Europäischen Parlaments reiste ab.", {"org:ep"}),
        ("Der Präsident des Deutschen Bauernverbands klagte.", {"org:dbv"}),  # and not Germany
        ("Die EU-Kommissionspräsidentin reiste nach Brüssel.", {"org:eu", "org:ec"}),
    ],
)
def test_german_inflected_names_and_compounds(text: str, expected: set[str], press_kb: Path) -> None:
    got = found_keys(text, "de", press_kb)
    assert {g for g in got if g.startswith("org:")} == expected, got
    assert "country:DE" not in got


@pytest.mark.parametrize(
    ("language", "text", "organization"),
    [
        ("it", "I migranti sono stati riportati a Bari dalla Guardia costiera ieri.", "Guardia costiera"),
        ("it", "La Corte d'appello di Milano ha respinto il ricorso.", "Corte d'appello di Milano"),
        ("fr", "Selon la Commission électorale nationale, le taux est élevé.", "Commission électorale nationale"),
        ("es", "Agentes de la Policía Nacional irrumpieron en la sede.", "Policía Nacional"),
        ("de", "Der Bundesverband der Deutschen Industrie begrüßte das.", "Bundesverband der Deutschen Industrie"),
        ("de", "Der Deutsche Fußball-Bund stimmte ebenfalls zu.", "Deutsche Fußball-Bund"),
        # A title-case acronym without a vowel is an organization, even after a role word.
        ("it", "Lo ha detto ieri il portavoce del Tplf ai giornalisti.", "Tplf"),
    ],
)
def test_name_finder_organizations_with_lower_case_words(
    language: str, text: str, organization: str, press_kb: Path
) -> None:
    got = found(text, language, press_kb)
    assert (organization, "organization") in {(m[0], m[2]) for m in got}, got
    assert not [m for m in got if m[2] == "person"], got
    assert "Q183" not in {m[1] for m in got}  # a demonym inside a German name is not Germany


@pytest.mark.parametrize(
    ("language", "text", "person"),
    [
        ("de", "Der Rover Pragyan soll nun die Oberfläche untersuchen.", None),
        ("it", "Alla Cop28 di Dubai si è discusso a lungo.", None),
        ("de", "Die Landefähre Vikram der Mission Chandrayaan-3 setzte auf.", None),
        ("es", "Y el Bayern de Múnich se apresuró a reiterar su rechazo.", None),
        ("es", "El Barcelona de Joan Laporta aplaudió la sentencia.", "Joan Laporta"),
        ("en", "The office of President Mohammed Shahabuddin announced it.", "Mohammed Shahabuddin"),
        ("en", "Two days after Sheikh Hasina resigned, the army spoke.", "Hasina"),
        ("en", "Larijani met Musaed bin Mohammed Al-Aiban in Beijing.", "Musaed bin Mohammed Al-Aiban"),
        # a first name right after a role word, with a surname that looks like a compound
        ("de", "DFB-Präsident Bernd Neuendorf hatte das erklärt.", "Bernd Neuendorf"),
        ("de", "Wirtschaftsminister Antoine Armand kündigte das an.", "Antoine Armand"),
        # ranks are roles, not names
        ("en", "The army said the Major General had left.", None),
    ],
)
def test_name_finder_people_are_names(language: str, text: str, person: str | None, press_kb: Path) -> None:
    got = found(text, language, press_kb)
    people = {m[0] for m in got if m[2] == "person"}
    assert people == ({person} if person else set()) or (person and person in people), got
    assert not any(m[2] == "organization" and "Shahabuddin" in m[0] for m in got)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # France's council in an article about France; in one about Senegal, Senegal's
        # (not in the table: a body of its own, "Constitutional Council (Senegal)"), never France's.
        ("En France, le Conseil constitutionnel a validé la loi. Paris respire.", "org:cc-france"),
        (
            "Au Sénégal, le Conseil constitutionnel a censuré le report. Les Sénégalais votent.",
            "name:constitutional-cuncil-sn",
        ),
        # Not clearly about Senegal (France is named as often): nothing is sure enough.
        ("Au Sénégal, le Conseil constitutionnel a tranché, dit-on en France.", None),
    ],
)
def test_a_descriptive_name_is_the_body_of_the_articles_country(
    text: str, expected: str | None, press_kb: Path
) -> None:
    table = load_actor_table(press_kb)
    result = extract_entities(text, segment(text, "fr"), "fr", table)
    orgs = {e.id: e for e in result.entities.values() if e.type == "organization"}
    if expected is None:  # neither France's council nor a guessed country's: at most the name as found
        assert all(o.country is None for o in orgs.values()), orgs
        return
    assert set(orgs) == {expected}, orgs
    if expected.startswith("name:"):
        assert orgs[expected].country == "SN"
        assert orgs[expected].name == "Constitutional Council (Senegal)"  # the kind's English name


@pytest.mark.parametrize(
    ("language", "text", "absent", "present"),
    [
        ("es", "Criticaron la violación de la Convención de Viena.", "country:AT", set()),
        ("fr", "Près de deux ans après les Jeux de Pékin, le verdict tombe.", "country:CN", set()),
        ("de", "Die Olympischen Spiele von Paris beginnen.", "country:FR", set()),
        ("en", "Under the Treaty of Rome and the Paris Agreement, trade grew.", "country:IT", set()),
        ("en", "Under the Paris Agreement emissions must fall.", "country:FR", set()),
        # Elsewhere the capital is still the state.
        ("fr", "Pékin a protesté et Moscou a répondu.", "country:FR", {"country:CN", "country:RU"}),
    ],
)
def test_a_capital_inside_a_named_thing_is_a_place(
    language: str, text: str, absent: str, present: set[str], press_kb: Path
) -> None:
    got = found_keys(text, language, press_kb)
    assert absent not in got and present <= got, got


@pytest.mark.parametrize(
    ("language", "text", "names"),
    [
        ("it", "Il Fronte popolare di liberazione del Tigrè (Tplf) ha firmato. Il Tplf esulta.", 1),
        ("fr", "L'Agence mondiale antidopage (AMA) avait contesté devant le TAS.", 2),
    ],
)
def test_a_name_and_its_acronym_in_parentheses_are_one(language: str, text: str, names: int, press_kb: Path) -> None:
    table = load_actor_table(press_kb)
    result = extract_entities(text, segment(text, language), language, table)
    assert len([e for e in result.entities.values() if e.type == "organization"]) == names, result.entities


# --- unseen text: shared names by the country beside them, acronyms spelled out, English
# names from the translation (issue 4, from the second held-out set's errors) -------------

BODIES = textwrap.dedent(
    """
    - id: org:cc-spain
      name: Constitutional Court of Spain
      country: ES
      aliases: {es: [Tribunal Constitucional de España]}
      generic: &cc
        en: [Constitutional Court]
        it: [Corte costituzionale]
        es: [Tribunal Constitucional]
        de: [Verfassungsgericht]
    - id: org:cc-italy
      name: Constitutional Court of Italy
      country: IT
      generic: *cc
    - id: org:italian-air-force
      name: Italian Air Force
      country: IT
      aliases: {it: [Aeronautica militare]}
    - id: org:ifrc
      name: International Federation of Red Cross and Red Crescent Societies
      aliases: {any: [IFRC, Ifrc]}
    - id: org:iaea
      name: International Atomic Energy Agency
      aliases: {any: [International Atomic Energy Agency, IAEA]}
    """
)
BODY_COUNTRIES = textwrap.dedent(
    """
    PE:
      demonyms: {it: [peruviano], es: [peruano], en: [Peruvian], de: [peruanisch]}
    LK:
      demonyms: {it: [srilankese], en: [Sri Lankan]}
    IT:
      demonyms: {it: [italiano], en: [Italian]}
    ES:
      demonyms: {es: [español]}
    """
)


@pytest.fixture
def bodies_kb(tmp_path: Path) -> Path:
    return actor_folder(tmp_path, "bodies", organizations=BODIES, countries=BODY_COUNTRIES)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # The country named beside a shared name picks its body, whatever the article is about.
        (
            "es",
            "España mira a Lima: el Tribunal Constitucional del Perú falló. España calla.",
            "Constitutional Court of Peru",
        ),
        (
            "it",
            "In Italia si discute: la Corte costituzionale peruviana ha deciso. L'Italia tace.",
            "Constitutional Court of Peru",
        ),
        ("en", "Peru's Constitutional Court ruled on Monday.", "Constitutional Court of Peru"),
        ("de", "Das peruanische Verfassungsgericht entschied am Montag.", "Constitutional Court of Peru"),
        ("de", "Das Verfassungsgericht Perus entschied am Montag.", "Constitutional Court of Peru"),
        (
            "es",
            "El Tribunal Constitucional de España falló; el Tribunal Constitucional no cede.",
            "Constitutional Court of Spain",
        ),
        # A name listed as one country's that other countries' bodies bear: the English kind,
        # an armed force named by the country's demonym.
        ("it", "L'Aeronautica militare srilankese ha confermato il volo.", "Sri Lankan Air Force"),
    ],
)
def test_a_shared_name_takes_the_country_named_beside_it(
    language: str, text: str, expected: str, bodies_kb: Path
) -> None:
    table = load_actor_table(bodies_kb)
    result = extract_entities(text, segment(text, language), language, table)
    names = {e.name for e in result.entities.values() if e.type == "organization"}
    assert expected in names, names
    countries = {e.country for e in result.entities.values() if e.type == "country"}
    assert countries, "the country beside it stays a mention of its own"


def test_a_body_of_the_articles_country_the_table_lacks_has_an_english_name(bodies_kb: Path) -> None:
    text = "Perú vive una crisis. El Tribunal Constitucional habló. En Perú, Lima y Perú, nadie cede."
    result = extract_entities(text, segment(text, "es"), "es", load_actor_table(bodies_kb))
    orgs = [e for e in result.entities.values() if e.type == "organization"]
    assert [(o.name, o.country) for o in orgs] == [("Constitutional Court of Peru", "PE")]
    assert orgs[0].id == "name:constitutional-curt-pe"  # the same id in every language


@pytest.mark.parametrize(
    ("language", "text", "name", "mentions"),
    [
        (
            "en",
            "Independent Electoral and Boundaries Commission (IEBC) chairman Wafula Chebukati spoke. "
            "Minutes earlier, IEBC vice-chair Juliana Cherera disowned the result.",
            "Independent Electoral and Boundaries Commission",
            3,
        ),
        (
            "en",
            "The U.S. Cybersecurity and Infrastructure Security Agency (CISA) warned of phishing.",
            "Cybersecurity and Infrastructure Security Agency",
            2,
        ),
        (
            "es",
            "En Chiva, la Agencia Estatal de Meteorología (Aemet) registró 500 litros. La Aemet avisó.",
            "Agencia Estatal de Meteorología",
            3,
        ),
        ("fr", "Il représente l'Office fédéral de la justice (OFJ) à Strasbourg.", "Office fédéral de la justice", 2),
        # An acronym the table lists names the words spelled out before it too.
        (
            "it",
            "Secondo la Federazione internazionale delle società di Croce Rossa (Ifrc), i dispersi sono 10.000.",
            "International Federation of Red Cross and Red Crescent Societies",
            2,
        ),
    ],
)
def test_an_acronym_defined_in_the_text_is_one_organization_named_by_its_long_form(
    language: str, text: str, name: str, mentions: int, bodies_kb: Path
) -> None:
    table = load_actor_table(bodies_kb)
    result = extract_entities(text, segment(text, language), language, table)
    orgs = [e for e in result.entities.values() if e.type == "organization"]
    assert [o.name for o in orgs] == [name], orgs
    assert len([m for m in result.mentions if m.entity_id == orgs[0].id]) == mentions
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    "text",
    [
        "Growth (GDP) fell, said the minister.",  # an abbreviation of a thing
        "President Joe Biden (JB) spoke.",  # letters that spell nothing out
        "The vote (in May) was close.",
    ],
)
def test_parentheses_without_a_defined_organization(text: str, bodies_kb: Path) -> None:
    result = extract_entities(text, segment(text, "en"), "en", load_actor_table(bodies_kb))
    assert not [e for e in result.entities.values() if e.type == "organization"], result.entities


@pytest.mark.parametrize(
    ("language", "text", "translation", "expected"),
    [
        (
            "es",
            "En Chiva, la Agencia Estatal de Meteorología registró 500 litros.",
            ["In Chiva, the State Meteorological Agency recorded 500 litres."],
            "State Meteorological Agency",
        ),
        (
            "es",
            "La Unidad Militar de Emergencias (UME) desplegó mil efectivos.",
            ["The Military Emergencies Unit (UME) deployed a thousand troops."],
            "Military Emergencies Unit",
        ),
        (
            "de",
            "Der Verletzte wurde in die Medizinische Universität Nara gebracht.",
            ["The injured man was taken to Nara Medical University."],
            "Nara Medical University",
        ),
        (
            "fr",
            "Il représente l'Office fédéral de la justice (OFJ) à Strasbourg.",
            ["He represents the Federal Office of Justice (FOJ) in Strasbourg."],
            "Federal Office of Justice",
        ),
        # Unsure (two spans fit), or no counterpart: the name stays as written.
        (
            "es",
            "La Agencia Estatal de Meteorología avisó.",
            ["The State Meteorological Agency and the National Space Agency warned."],
            "Agencia Estatal de Meteorología",
        ),
        (
            "es",
            "La Agencia Estatal de Meteorología avisó.",
            ["The weather service warned."],
            "Agencia Estatal de Meteorología",
        ),
    ],
)
def test_a_found_organization_takes_its_english_name_from_the_translation(
    language: str, text: str, translation: list[str], expected: str, bodies_kb: Path
) -> None:
    from presslens.entities import name_from_translation

    table = load_actor_table(bodies_kb)
    sentences = segment(text, language)
    result = extract_entities(text, sentences, language, table)
    segments = [Segment(i, i, t) for i, t in enumerate(translation)]
    named = name_from_translation(result, segments, table, language)
    orgs = [e for e in named.entities.values() if e.type == "organization"]
    assert [o.name for o in orgs] == [expected], orgs
    original = [e for e in result.entities.values() if e.type == "organization"]
    assert [o.id for o in orgs] == [o.id for o in original]  # same id: corrections keep applying
    assert {m.surface for m in named.mentions} == {m.surface for m in result.mentions}  # surfaces as written
    assert orgs[0].translated == (expected != original[0].name)
    located = locate_in_translation(segments, named, table, "en")
    if orgs[0].translated:
        assert any(t.surface == expected for t in located), located


def test_a_translated_name_that_is_a_table_actor_becomes_that_actor(bodies_kb: Path) -> None:
    from presslens.entities import name_from_translation

    table = load_actor_table(bodies_kb)
    text = "L'Agenzia Internazionale per l'Energia Atomica ha ispezionato l'impianto."
    result = extract_entities(text, segment(text, "it"), "it", table)
    segments = [Segment(0, 0, "The International Atomic Energy Agency inspected the plant.")]
    named = name_from_translation(result, segments, table, "it")
    assert {e.id for e in named.entities.values() if e.type == "organization"} == {"org:iaea"}


def test_the_samples_supplied_translations_rename_nothing_wrongly(tmp_path: Path) -> None:
    """The bundled sample through ingest, with its supplied English: names as without it."""
    from presslens.pipeline import ingest_paths

    store = Store(f"sqlite:///{tmp_path / 'sample.db'}")
    ingest_paths([Path(__file__).resolve().parents[1] / "data" / "sample"], store, Settings())
    table = load_actor_table()
    checked = 0
    for stored in store.get_articles(store.article_ids()):
        row = stored.row
        if row["language"] == "en":
            continue
        plain = extract_entities(row["text"], stored.sentences, row["language"], table)
        with_translation = store.article_entities(row["id"])
        assert {(e.id, e.name) for e in with_translation.entities.values()} == {
            (e.id, e.name) for e in plain.entities.values()
        }
        assert store.translation_mentions(row["id"])  # the translation was there and used
        checked += 1
    store.close()
    assert checked == 5


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # English puts a body's other words before its head word.
        ("en", "Lebanon's Supreme Defence Council met after the blast.", {"Supreme Defence Council"}),
        (
            "en",
            "Flights by United Airlines and Delta Air Lines were halted, said the Federal Aviation Administration.",
            {"United Airlines", "Delta Air Lines", "Federal Aviation Administration"},
        ),
        (
            "en",
            "Independent Electoral and Boundaries Commission chairman Wafula Chebukati spoke.",
            {"Independent Electoral and Boundaries Commission"},
        ),
        # A company, outlet or bank named right after a word that announces one.
        ("en", "An update from the cybersecurity company CrowdStrike crashed computers.", {"CrowdStrike"}),
        ("en", "The Danish drugmaker Bavarian Nordic offered doses.", {"Bavarian Nordic"}),
        ("fr", "La société minière Eramet a suspendu ses activités.", {"Eramet"}),
        (
            "es",
            "La aerolínea Iberia canceló vuelos; la empresa china Sinohydro construyó la presa.",
            {"Iberia", "Sinohydro"},
        ),
        ("it", "La compagnia aerea Wizz Air ha cancellato i voli.", {"Wizz Air"}),
        (
            "de",
            "Die Fluggesellschaft Lufthansa strich Flüge, der Pharmakonzern Bayer meldete Verluste.",
            {"Lufthansa", "Bayer"},
        ),
    ],
)
def test_name_finder_companies_and_english_bodies(
    language: str, text: str, expected: set[str], bodies_kb: Path
) -> None:
    got = found(text, language, bodies_kb)
    orgs = {m[0] for m in got if m[2] == "organization"}
    assert orgs == expected, got


# --- general fixes from the third held-out set's errors (issue 4) -----------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # A place's head word ends or opens its name: a sea, a state, a range, a city's kind.
        ("en", "Ships crossed the Coral Sea and then the Arabian Sea."),
        ("en", "The governor of Kano State met the press."),
        ("fr", "Les secours peinent à atteindre le Moyen Atlas, dit le ministre."),
        ("de", "Die Kämpfe erreichten die Ölstadt Baidschi im Norden."),
        # After a role and "of"/"di", a single name is the role's place, not its holder.
        ("it", "Lo ha dichiarato il sindaco di Kharkiv in una nota."),
        ("en", "The governor of Oaxaca declared an emergency."),
    ],
)
def test_places_and_bodies_are_not_people(language: str, text: str, press_kb: Path) -> None:
    got = found(text, language, press_kb)
    assert not [m for m in got if m[2] == "person"], got


@pytest.mark.parametrize(
    ("language", "text", "broadcaster"),
    [
        ("it", "Lo ha annunciato la televisione di Stato, Mrtv Tv, in serata.", "Mrtv Tv"),
        ("en", "The junta-run Kantarawaddy Radio said the curfew would hold.", "Kantarawaddy Radio"),
    ],
)
def test_a_broadcasters_head_word_makes_an_organization(
    language: str, text: str, broadcaster: str, press_kb: Path
) -> None:
    got = found(text, language, press_kb)
    assert (broadcaster, "organization") in {(m[0], m[2]) for m in got}, got
    assert not [m for m in got if m[2] == "person"], got


@pytest.mark.parametrize(
    ("language", "text", "people"),
    [
        # "Jan" is January's abbreviation, and a first name before a surname.
        ("de", "Vom entlassenen Vorstand Jan Novotny fehlt jede Spur.", {"Jan Novotny"}),
        ("es", "Quedó tercero, por delante de Jan Kovač y de otros.", {"Jan Kovač"}),
        ("en", "On Jan 5 the court met.", set()),
        # A German genitive before the noun it qualifies: the table's person, no new one.
        ("de", "Auf Lawrows Bitte reiste er ab. Orbáns Partei gewann.", {"Lawrows"}),
        ("de", "Die Daten eines Grippe-Impfstoffs liegen vor.", set()),
        # A generational suffix belongs to the name: the son is not his father.
        ("en", "President Sergei Lavrov Jr. said so.", {"Sergei Lavrov Jr."}),
        ("it", "Lo ha detto Sergei Lavrov jr in serata.", {"Sergei Lavrov jr"}),
    ],
)
def test_first_names_genitives_and_generations(language: str, text: str, people: set[str], kb: Path) -> None:
    got = found(text, language, kb)
    assert {m[0] for m in got if m[2] == "person"} == people, got
    if "Lawrows" in people:
        assert ("Lawrows", "Q80000001") in {(m[0], m[1]) for m in got}
    if people and "Lavrov" in next(iter(people)):
        assert "Q80000001" not in {m[1] for m in got}, got  # not the father


def test_german_company_cues_in_the_genitive(press_kb: Path) -> None:
    got = found("Gefragt waren Aktien des Reisekonzerns Tuifly und des Autobauers Zeekr.", "de", press_kb)
    assert {m[0] for m in got if m[2] == "organization"} == {"Tuifly", "Zeekr"}, got


@pytest.mark.parametrize(
    "language",
    ["en", "fr", "it", "es", "de"],
)
def test_an_english_possessive_inside_an_organizations_name(language: str, press_kb: Path) -> None:
    text = {
        "en": "The suit was filed by the Houston Women's Health Organization on Monday.",
        "fr": "Le procès oppose le Texas à la Houston Women's Health Organization.",
        "it": "Il ricorso della Houston Women's Health Organization è stato respinto.",
        "es": "La demanda de la Houston Women's Health Organization fue rechazada.",
        "de": "Die Klage der Houston Women's Health Organization scheiterte.",
    }[language]
    got = found(text, language, press_kb)
    assert [(m[0], m[2]) for m in got] == [("Houston Women's Health Organization", "organization")], got


BANKS_KB = textwrap.dedent(
    """
    - id: org:uk-border-force
      name: Border Force
      country: GB
      aliases: {any: [Border Force]}
    """
)
BANKS_COUNTRIES = textwrap.dedent(
    """
    PH:
      id: Q928
      name: Philippines
      demonyms: {en: [Philippine], de: [philippinisch]}
    IS:
      id: Q189
      name: Iceland
      aliases: {de: [Island, Islands]}
    CA:
      id: Q16
      name: Canada
      demonyms: {en: [Canadian]}
    GB:
      id: Q145
      name: United Kingdom
      demonyms: {en: [British]}
    """
)


@pytest.fixture
def banks_kb(tmp_path: Path) -> Path:
    return actor_folder(tmp_path, "banks", organizations=BANKS_KB, countries=BANKS_COUNTRIES)


@pytest.mark.parametrize(
    ("language", "text", "organization", "absent"),
    [
        # A country's adjective inside a name, after "of the", with a capitalised word after it.
        ("en", "Customers of the Bank of the Philippine Islands queued.", "Bank of the Philippine Islands", None),
        # German "Islands" is Iceland's genitive, but not after an English word.
        ("de", "Die Bank of the Philippine Islands dementierte.", "Bank of the Philippine Islands", "Q189"),
        ("de", "Das Geld lag auf den Cayman Islands, sagte er.", None, "Q189"),
        # Another country's adjective before a national body the table lists: a body of its own.
        ("en", "The Canadian Border Force stopped the flight.", "Canadian Border Force", "org:uk-border-force"),
        ("it", "La Canadian Border Force ha fermato il volo.", "Canadian Border Force", "org:uk-border-force"),
        ("en", "The British Border Force stopped the flight.", "Border Force", None),
    ],
)
def test_countries_inside_and_before_organizations_names(
    language: str, text: str, organization: str | None, absent: str | None, banks_kb: Path
) -> None:
    got = found(text, language, banks_kb)
    if organization is not None:
        assert (organization, "organization") in {(m[0], m[2]) for m in got}, got
    if absent is not None:
        assert absent not in {m[1] for m in got}, got


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # A long name with "de la ... et du ..." inside grows to its acronym in parentheses.
        (
            "fr",
            "Le directeur de la Fédération mondiale des associations de la Croix-Verte et du Croissant-Vert "
            "(FMACV) a parlé.",
            {"Fédération mondiale des associations de la Croix-Verte et du Croissant-Vert"},
        ),
        # Nouns that announce an organization by its name.
        ("en", "The money came from the hedge fund Quantix and the watchdog Ofwat.", {"Quantix", "Ofwat"}),
        ("es", "El colectivo Yaku, promotor de la consulta, protestó. La ong Provea también.", {"Yaku", "Provea"}),
        ("it", "Lo ha segnalato l'osservatorio Netwatch in serata.", {"Netwatch"}),
        ("de", "Das meldet die Beobachtungsstelle Netwatch.", {"Netwatch"}),
        # "frente al" is "in front of", not a front's name.
        ("es", "Miles celebraron frente al Palacio de Gobierno ayer.", set()),
        # "and" joins one name's parts after one word or an adjective, not two names.
        (
            "en",
            "Lenders including Virgin Money and Skipton Building Society withdrew deals.",
            {"Skipton Building Society"},
        ),
        ("en", "The Food and Drug Administration agreed.", {"Food and Drug Administration"}),
    ],
)
def test_long_names_cues_and_joins_of_organizations(
    language: str, text: str, expected: set[str], press_kb: Path
) -> None:
    got = found(text, language, press_kb)
    orgs = {m[0] for m in got if m[2] == "organization" and not m[0].isupper()}
    assert orgs == expected, got
    acronyms = [m for m in got if m[0].isupper()]
    assert all(a[1] in {m[1] for m in got if m[0] in expected} for a in acronyms), got  # one organization


SURNAMES_KB = textwrap.dedent(
    """
    - id: person:ex-president
      name: Rodrigo Alvarado
      type: person
      aliases: {any: [Rodrigo Alvarado, Alvarado]}
    - id: org:wagner
      name: Wagner Group
      aliases: {any: [Wagner, Wagner Group]}
    - id: org:central-bank-xx
      name: Central Bank of Testland
      aliases: {any: [Banco Sentral ng Testland]}
    - id: org:bundesbank
      name: Deutsche Bundesbank
      country: DE
      aliases: {de: [Bundesbank]}
      generic: {de: [Zentralbank]}
    """
)


@pytest.fixture
def surnames_kb(tmp_path: Path) -> Path:
    folder = tmp_path / "surnames"
    folder.mkdir()
    (folder / "organizations.yaml").write_text(SURNAMES_KB, encoding="utf-8")
    (folder / "countries.yaml").write_text(
        "JO:\n  id: Q810\n  name: Jordan\n  aliases: {any: [Jordan]}\n"
        "DE:\n  id: Q183\n  name: Germany\n  aliases: {de: [Deutschland]}\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    ("language", "text", "people", "absent"),
    [
        # A listed surname after another first name is a relative, not the listed person.
        ("it", "La vicepresidente Maria Alvarado ha parlato.", {"Maria Alvarado"}, "person:ex-president"),
        ("en", "Melania Alvarado spoke first.", {"Melania Alvarado"}, "person:ex-president"),
        ("es", "Gritaban «¡Viva Alvarado!» en la plaza.", set(), None),
        # A country's or a group's name after a first name is a surname.
        ("de", "Notenbankchef Thomas Jordan sagte, die Lage sei stabil.", {"Thomas Jordan"}, "Q810"),
        ("fr", "La ministre, Thérèse Kayikwamba Wagner, a parlé.", {"Thérèse Kayikwamba Wagner"}, "org:wagner"),
    ],
)
def test_listed_names_that_are_someone_elses_surname(
    language: str, text: str, people: set[str], absent: str | None, surnames_kb: Path
) -> None:
    got = found(text, language, surnames_kb)
    assert {m[0] for m in got if m[2] == "person"} >= people, got
    if absent is not None:
        assert absent not in {m[1] for m in got}, got


def test_a_generic_name_describing_the_listed_name_after_it(surnames_kb: Path) -> None:
    text = "In Deutschland schwieg man. Die Zentralbank Banco Sentral ng Testland teilte mit, das Geld fehle."
    got = found(text, "de", surnames_kb)
    assert "org:central-bank-xx" in {m[1] for m in got}, got
    assert "org:bundesbank" not in {m[1] for m in got}, got  # not Germany's, the article's country


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # One hyphenated German word is a compound noun, even when it opens with a first name.
        ("Seit der Maria-Pandemie sank die Nachfrage.", set()),
        # A plural or genitive of a lexicon noun is a noun, not part of a name.
        ("Die SNB stellt den beiden Banken Liquiditätshilfen bereit.", set()),
        ("Gestern sprach Annegret Kramp-Karrenbauer in Berlin.", {"Annegret Kramp-Karrenbauer"}),
        # The role is no part of the name.
        ("Am Tisch saß Vize-Regierungschef Alexander Nowak.", {"Alexander Nowak"}),
    ],
)
def test_german_nouns_are_not_people(text: str, people: set[str], press_kb: Path) -> None:
    got = found(text, "de", press_kb)
    assert {m[0] for m in got if m[2] == "person"} == people, got


LISTED_ACRONYMS = textwrap.dedent(
    """
    - id: org:pglp
      name: Party of Freedom, Justice and Progress
      aliases: {any: [PGLP, Pglp]}
    - id: org:pd
      name: Democratic Party (Italy)
      aliases: {any: [PD, Pd]}
    """
)


@pytest.mark.parametrize(
    ("text", "long_form", "long_id"),
    [
        # A found name cut at a comma, its lower-case rest leading to a listed acronym: that actor.
        (
            "Il Partito della libertà, della giustizia e del progresso (Pglp) ha vinto. Il Pglp governa.",
            "Partito della libertà, della giustizia e del progresso",
            "org:pglp",
        ),
        # A relative clause before the parenthesis is no part of the name.
        ("Il Partito democratico, che guida il governo (Pd), ha perso.", "Partito democratico", None),
    ],
)
def test_a_long_form_with_lower_case_words_takes_its_listed_acronym(
    text: str, long_form: str, long_id: str | None, tmp_path: Path
) -> None:
    (tmp_path / "organizations.yaml").write_text(LISTED_ACRONYMS, encoding="utf-8")
    got = found(text, "it", tmp_path)
    surfaces = {m[0]: m[1] for m in got}
    assert long_form in surfaces, got
    if long_id is not None:
        assert surfaces[long_form] == long_id, got
    else:
        assert surfaces[long_form] != "org:pd", got


@pytest.mark.parametrize(
    ("language", "text", "found", "not_found"),
    [
        # A national body's name followed by another country's demonym: that country's body.
        (
            "it",
            "La Federcalcio argentina prepara la festa a Buenos Aires. L'Argentina esulta.",
            "Federcalcio (Argentina)",
            "Italian Football Federation",
        ),
        # "National" after an international body's name: a country's own council.
        (
            "es",
            "El Consejo de Seguridad Nacional de España se reunió en Madrid.",
            "National Security Council",
            "United Nations Security Council",
        ),
        (
            "fr",
            "Le Conseil de sécurité nationale s'est réuni à Paris.",
            "National Security Council",
            "United Nations Security Council",
        ),
    ],
)
def test_national_bodies_get_their_own_english_names(language: str, text: str, found: str, not_found: str) -> None:
    table = load_actor_table()
    result = extract_entities(text, segment(text, language), language, table)
    names = {a.name for a in result.entities.values() if a.type == "organization"}
    assert found in names and not_found not in names, names


def test_organizations_split_into_topic_files_load_after_the_main_file(kb: Path) -> None:
    (kb / "organizations.yaml").write_text("- {id: org:a, name: Alpha Agency, country: DE}\n", encoding="utf-8")
    (kb / "organizations-africa.yaml").write_text(
        "- {id: org:b, name: Beta Bureau, country: KE}\n- {id: org:a, name: Alpha Again}\n", encoding="utf-8"
    )
    table = load_actor_table(kb)
    assert table.actors["org:b"].name == "Beta Bureau" and table.actors["org:b"].type == "organization"
    assert table.actors["org:a"].name == "Alpha Agency"
    assert any(w.startswith("organizations-africa.yaml entry 2: duplicate id org:a") for w in table.warnings)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Silvergate Bank and First Republic Bank collapsed in March.", "First Republic Bank"),
        ("Venture firms such as Peter Thiel's Founders Fund pulled their money.", "Founders Fund"),
        ("He was charged in the Al-Qadir Trust case.", "Al-Qadir Trust"),
    ],
)
def test_english_names_of_funds_trusts_and_banks_opened_by_a_stop_word(text: str, name: str, kb: Path) -> None:
    table = load_actor_table(kb)
    result = extract_entities(text, segment(text, "en"), "en", table)
    assert name in {e.name for e in result.entities.values() if e.type == "organization"}
    assert not [e for e in result.entities.values() if e.type == "person" and "Trust" in e.name]


def test_a_bracketed_name_is_also_its_countrys_generic_name(kb: Path) -> None:
    (kb / "organizations.yaml").write_text(
        "- {id: org:sg-wp, name: Workers' Party (Singapore), country: SG}\n"
        "- {id: org:br-pt, name: Workers' Party (Brazil), country: BR}\n",
        encoding="utf-8",
    )
    table = load_actor_table(kb)

    def orgs(text: str) -> set[str]:
        result = extract_entities(text, segment(text, "en"), "en", table)
        return {e.id for e in result.entities.values() if e.type == "organization"}

    assert orgs("In Singapore, the Workers' Party won seats. Singapore's vote was calm.") == {"org:sg-wp"}
    assert orgs("In Brazil, the Workers' Party of Lula won. Brazil celebrates.") == {"org:br-pt"}
    assert "org:sg-wp" not in orgs("The Workers' Party held a rally.")  # no country: not Singapore's


def test_matchers_kept_on_disk_find_the_same_and_a_damaged_file_is_rebuilt(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import presslens.entities as entities_module

    cache = tmp_path / "cache"
    monkeypatch.setenv("PRESSLENS_CACHE_DIR", str(cache))
    text = "Il ministro degli Esteri russo Sergei Lavrov ha parlato a Pyongyang. Lavrov è partito."
    table = load_actor_table(kb)

    def mentions() -> list[tuple[int, int, str, str]]:
        result = extract_entities(text, segment(text, "it"), "it", table)
        return [(m.start, m.end, m.entity_id, m.method) for m in result.mentions]

    monkeypatch.setattr(entities_module, "_GAZETTEERS", {})
    built = mentions()
    files = list(cache.glob("gazetteer-it-*.pickle"))
    assert len(files) == 1 and built
    monkeypatch.setattr(entities_module, "_GAZETTEERS", {})  # a new process: read from disk
    assert mentions() == built
    files[0].write_bytes(b"not a pickle")
    monkeypatch.setattr(entities_module, "_GAZETTEERS", {})
    assert mentions() == built  # rebuilt, and written again
    assert files[0].read_bytes() != b"not a pickle"
    monkeypatch.setenv("PRESSLENS_CACHE_DIR", "off")
    monkeypatch.setattr(entities_module, "_GAZETTEERS", {})
    files[0].unlink()
    assert mentions() == built and not list(cache.glob("gazetteer-*.pickle"))


def test_the_table_kept_on_disk_is_read_back_and_rebuilt_when_a_file_changes(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import presslens.actors as actors_module

    cache = tmp_path / "table-cache"
    monkeypatch.setenv("PRESSLENS_CACHE_DIR", str(cache))
    actors_module._load_cached.cache_clear()
    built = load_actor_table(kb)
    (file,) = cache.glob("table-*.pickle")

    def no_build(*_: object) -> None:
        raise AssertionError("built again")

    actors_module._load_cached.cache_clear()  # a new process
    with monkeypatch.context() as m:
        m.setattr(actors_module, "_build_table", no_build)
        again = load_actor_table(kb)
    assert again.actors == built.actors and again.aliases == built.aliases
    # An edited file: a table of its own, built from the files.
    (kb / "people.yaml").write_text(
        (kb / "people.yaml").read_text(encoding="utf-8")
        + "- id: Q1\n  name: Ada Example\n  country: IT\n  aliases: {any: [Ada Example]}\n",
        encoding="utf-8",
    )
    assert "Q1" in load_actor_table(kb).actors
    # A damaged file is rebuilt, never an error; "off" keeps nothing.
    current = max(cache.glob("table-*.pickle"), key=lambda p: p.stat().st_mtime)
    assert current != file
    current.write_bytes(b"not a pickle")
    actors_module._load_cached.cache_clear()
    kb_again = load_actor_table(kb)
    assert "Q1" in kb_again.actors
    assert current.read_bytes() != b"not a pickle"  # written again
    monkeypatch.setenv("PRESSLENS_CACHE_DIR", "off")
    for old in cache.glob("*.pickle"):
        old.unlink()
    actors_module._load_cached.cache_clear()
    assert load_actor_table(kb).actors == kb_again.actors
    assert not list(cache.glob("*.pickle"))


def test_cache_keys_name_the_code_as_it_was_imported(tmp_path: Path) -> None:
    from presslens import diskcache

    module = tmp_path / "module.py"
    module.write_text("X = 1\n", encoding="utf-8")
    unpinned = diskcache.code_key([module], [])
    diskcache.pin_source(str(module))
    module.write_text("X = 2\n", encoding="utf-8")  # edited while a process still runs the old code
    assert diskcache.code_key([module], []) == unpinned
    assert diskcache.code_key([module], [], "extra") != unpinned


def test_a_partys_shared_short_form_never_makes_a_body_of_another_country(kb: Path) -> None:
    (kb / "organizations.yaml").write_text(
        "- id: org:spd\n  name: Social Democratic Party of Germany\n  country: DE\n"
        "  generic: {fr: [Sociaux-démocrates, sociaux-démocrates]}\n"
        "- id: org:cc-fr\n  name: Constitutional Council (France)\n  country: FR\n"
        "  generic: {fr: [Conseil constitutionnel]}\n",
        encoding="utf-8",
    )
    (kb / "countries.yaml").write_text("SN:\n  demonyms: {fr: [sénégalais]}\n", encoding="utf-8")
    table = load_actor_table(kb)
    text = "Au Sénégal, les Sociaux-démocrates et le Conseil constitutionnel. Le Sénégal vote, le Sénégal attend."
    result = extract_entities(text, segment(text, "fr"), "fr", table)
    names = {e.name for e in result.entities.values() if e.type == "organization"}
    assert names == {"Conseil constitutionnel (Senegal)"}  # an institution every country has; not a party


def test_a_state_or_province_the_finder_would_take_for_a_person_is_a_place(kb: Path) -> None:
    text = "Il voto in Uttar Pradesh ha pesato sul risultato di Modi."
    result = extract_entities(text, segment(text, "it"), "it", load_actor_table(kb))
    places = {(e.name, e.country) for e in result.entities.values() if e.type == "location"}
    assert ("Uttar Pradesh", "IN") in places
    assert "Uttar Pradesh" not in {e.name for e in result.entities.values() if e.type == "person"}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hassan Cheikh Mohamoud", "Hassan Sheikh Mohamud"), ("Redwan Hussein", "Redwan Hussien")],
)
def test_arabic_name_spellings_across_languages_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


SENATES = textwrap.dedent(
    """
    - id: org:au-senate
      name: Australian Senate
      country: AU
      generic: {en: [Senate]}
    - id: org:us-senate
      name: United States Senate
      country: US
      generic: {en: [Senate]}
    - id: org:meta
      name: Meta Platforms
      country: US
      aliases: {any: [Meta]}
    - id: org:youtube
      name: YouTube
      country: US
      aliases: {any: [YouTube]}
    - id: org:snapchat
      name: Snapchat
      country: US
      aliases: {any: [Snapchat]}
    """
)


@pytest.mark.parametrize(
    ("text", "senate"),
    [
        # Companies are not the article's country: three US platforms, one Australia.
        (
            "Australia bans social media for children. Meta, YouTube and Snapchat objected, "
            "and Meta said YouTube and Snapchat would comply. The Senate passed the bill.",
            "org:au-senate",
        ),
        # They still break a tie between countries named as often.
        ("Australia and the United States disagree. Meta objected. The Senate voted.", "org:us-senate"),
    ],
)
def test_companies_do_not_decide_which_countrys_body_a_generic_name_is(text: str, senate: str, tmp_path: Path) -> None:
    table = load_actor_table(actor_folder(tmp_path, "senates", organizations=SENATES))
    result = extract_entities(text, segment(text, "en"), "en", table)
    senates = {m.entity_id for m in result.mentions if m.surface == "Senate"}
    assert senates == {senate}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ha parlato il presidente del Coni, Giovanni Malagò.", True),  # inside a sentence: the acronym
        ("Coni di gelato e granite in piazza.", False),  # at a sentence's start: the word (cones)
        ("Ha parlato il presidente del CONI.", True),
    ],
)
def test_an_acronym_in_title_case_that_is_a_word_counts_only_inside_a_sentence(
    text: str, found: bool, tmp_path: Path
) -> None:
    orgs = "- id: org:coni\n  name: Italian National Olympic Committee\n  country: IT\n  aliases: {any: [CONI]}\n"
    table = load_actor_table(actor_folder(tmp_path, "coni", organizations=orgs))
    result = extract_entities(text, segment(text, "it"), "it", table)
    assert ("org:coni" in {m.entity_id for m in result.mentions}) is found


@pytest.mark.parametrize(
    ("text", "congo"),
    [
        # The article names the DRC: a bare "Congo" is the DRC too.
        ("En RDC, l'Église du Christ au Congo dénonce des fraudes. Kinshasa dément.", "CD"),
        ("Le Sénégal a battu la RD Congo. Le Congo a perdu.", "CD"),
        # Alone, or with Brazzaville, it is the Republic of the Congo.
        ("Au Congo, le président a voté à Brazzaville.", "CG"),
        ("Au Congo, le président a voté.", "CG"),
    ],
)
def test_a_bare_congo_is_the_drc_in_an_article_about_the_drc(text: str, congo: str, tmp_path: Path) -> None:
    countries = (
        "CD:\n  aliases: {fr: [RDC, RD Congo]}\n  metonyms: {any: [Kinshasa]}\nCG:\n  metonyms: {any: [Brazzaville]}\n"
    )
    table = load_actor_table(actor_folder(tmp_path, "congo", countries=countries))
    result = extract_entities(text, segment(text, "fr"), "fr", table)
    assert {result.entities[m.entity_id].country for m in result.mentions if m.surface == "Congo"} == {congo}


@pytest.mark.parametrize(
    ("language", "text", "found"),
    [
        ("pt", "O Supremo decidiu ontem.", True),
        # Another language's name that is an ordinary word here is that word.
        ("it", "Un'indagine presso il Supremo tribunale di giustizia.", False),
        ("it", "Lo ha deciso lo STF.", True),  # a name that is no word still reads the same everywhere
    ],
)
def test_a_name_of_another_language_that_is_a_word_here_is_not_matched(
    language: str, text: str, found: bool, tmp_path: Path
) -> None:
    orgs = "- id: org:stf\n  name: Supreme Federal Court\n  country: BR\n  aliases: {any: [STF], pt: [Supremo]}\n"
    table = load_actor_table(actor_folder(tmp_path, "stf", organizations=orgs))
    result = extract_entities(text, segment(text, language), language, table)
    assert ("org:stf" in {m.entity_id for m in result.mentions}) is found


def _countries_of(text: str, language: str) -> dict[str, str | None]:
    """Surface -> country of every country mention, with the bundled table."""
    table = load_actor_table()
    result = extract_entities(text, segment(text, language), language, table)
    return {m.surface: result.entities[m.entity_id].country for m in result.mentions if m.entity_id.startswith("Q")}


@pytest.mark.parametrize(
    ("language", "text", "surface", "country"),
    [
        # England, Scotland, Wales and Northern Ireland are the United Kingdom's (no ISO code of their own).
        ("es", "Los aficionados ingleses llegaron tarde.", "ingleses", "GB"),
        ("it", "La finale contro l'Inghilterra.", "Inghilterra", "GB"),
        ("en", "In Northern Ireland Sinn Féin came first.", "Northern Ireland", "GB"),
    ],
)
def test_the_uks_nations_are_the_uk(language: str, text: str, surface: str, country: str) -> None:
    assert _countries_of(text, language).get(surface) == country


@pytest.mark.parametrize(
    ("language", "text", "not_a_country"),
    [
        ("fr", "Il a appelé dans une vidéo en anglais ses amis à faire du bruit.", "anglais"),
        ("it", "Il papa ha parlato in italiano e in spagnolo.", "spagnolo"),
        ("en", "The statement was published in English, then in French.", "English"),
        ("fr", "Des avions de la zone sud de l'océan Indien acheminent des barrages.", "Indien"),
        ("de", "Das teilte der Präsident der Gemeinde, Oskar Deutsch, mit.", "Deutsch"),
    ],
)
def test_a_language_an_ocean_or_a_surname_is_no_country(language: str, text: str, not_a_country: str) -> None:
    assert not_a_country not in _countries_of(text, language)


@pytest.mark.parametrize(
    ("language", "text", "countries"),
    [
        ("fr", "Le couple franco-allemand tient bon.", {"franco": "FR", "allemand": "DE"}),
        ("fr", "Le prix revient au Franco-Vietnamien Tran Anh Hung.", {"Franco": "FR", "Vietnamien": "VN"}),
        ("it", "L'italo-americano ha vinto.", {"italo": "IT", "americano": "US"}),
        ("en", "Sino-American talks resumed.", {"Sino": "CN", "American": "US"}),
        ("fr", "Dans la région indo-pacifique, le droit anglo-saxon.", {}),
        ("fr", "La Turque Merve Dizdar a gagné.", {"Turque": "TR"}),
        ("de", "Ein Treffer des Schweizers Granit Xhaka.", {"Schweizers": "CH"}),
        ("de", "Leverkusen ist zum ersten Mal Deutscher Meister.", {"Deutscher": "DE"}),
        ("it", "Tra i candidati ci sono i tedeschi di Lufthansa.", {"tedeschi": "DE"}),
        ("de", "Der Pole traf zweimal.", {"Pole": "PL"}),
        ("es", "El movimiento independentista saharaui protestó.", {"saharaui": "EH"}),
        ("de", "Im Finale von Lissabon siegte der Klub.", {}),  # the city where it was played
    ],
)
def test_countries_in_hyphenated_compounds_and_inflected_demonyms(
    language: str, text: str, countries: dict[str, str]
) -> None:
    assert _countries_of(text, language) == countries


@pytest.mark.parametrize(
    ("language", "text", "person"),
    [
        ("fr", "Le prix revient au Franco-Vietnamien Tran Anh Hung.", "Tran Anh Hung"),
        ("de", "Ein Elfmeter des Nigerianers Victor Boniface folgte.", "Victor Boniface"),
        ("de", "Ein Treffer des Schweizers Granit Xhaka folgte.", "Granit Xhaka"),
    ],
)
def test_a_demonym_before_a_name_is_not_part_of_it(language: str, text: str, person: str) -> None:
    result = extract_entities(text, segment(text, language), language, load_actor_table())
    people = {m.surface for m in result.mentions if result.entities[m.entity_id].type == "person"}
    assert people == {person}


def test_a_name_that_is_a_german_function_word_opens_no_compound() -> None:
    text = "Diskutiert wird eine Erhöhung der Mehrwertsteuer."  # "Mehr" is also a news agency
    result = extract_entities(text, segment(text, "de"), "de", load_actor_table())
    assert not result.mentions


def test_in_english_a_demonym_before_a_noun_after_in_is_still_the_country() -> None:
    assert _countries_of("The trawler was caught in British waters.", "en").get("British") == "GB"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The delegation visited the Edo Museum in Benin City.", "Edo Museum", "organization"),
        ("Federer played at the Rod Laver Arena on Sunday.", "Rod Laver Arena", None),
        ("Nemo won the Song Contest in Malmö.", "Song Contest", None),
    ],
)
def test_museums_are_organizations_and_venues_are_no_people(text: str, name: str, kind: str | None) -> None:
    table = load_actor_table()
    result = extract_entities(text, segment(text, "en"), "en", table)
    kinds = {result.entities[m.entity_id].type for m in result.mentions if name in m.surface}
    assert "person" not in kinds
    if kind is not None:
        assert kind in kinds


@pytest.mark.parametrize(
    ("language", "text", "name", "kind"),
    [
        ("de", "Gestern warnte der Versorger SachsenEnergie vor Engpässen.", "SachsenEnergie", "organization"),
        ("de", "Gestern warnte der Konzern Enercity vor Engpässen.", "Enercity", "organization"),
        ("en", "The book came out from Seven Stories Press in New York.", "Seven Stories Press", "organization"),
        ("en", "He had studied at Winchester College before.", "Winchester College", "organization"),
        ("en", "The house on Sloane Avenue was sold.", "Sloane Avenue", None),
        ("it", "Le piogge in Emilia-Romagna hanno colpito Forlì.", "Emilia-Romagna", "location"),
        ("de", "Innenministerin Elisabeth Baume-Schneider kündigte es an.", "Elisabeth Baume-Schneider", "person"),
        ("en", "The constitution was drafted under Éamon de Valera.", "Éamon de Valera", "person"),
        ("en", "West Bengal Chief Minister Mamata Banerjee objected.", "Mamata Banerjee", "person"),
        ("fr", "Il remportera dimanche son premier Tour.", "Tour", None),
        ("de", "Kapitän Dennis Schröder führte es zum Sieg.", "Dennis Schröder", "person"),
        ("de", "Die Mannschaft des kanadischen Bundestrainers Gordon Herbert siegte.", "Gordon Herbert", "person"),
        ("de", "Gestern traf Dennis Schröder dreimal.", "Dennis Schröder", "person"),
        ("de", "Der Bund steuert fünf Milliarden Euro bei.", "Bund", None),  # the federation, not the BUND
        ("de", "Geklagt hatte der Investor Top Shine Global.", "Shine Global", None),
        (
            "en",
            "Officers of the Special Anti-Robbery Squad were accused.",
            "Special Anti-Robbery Squad",
            "organization",
        ),
    ],
)
def test_found_names_typed_by_their_words(language: str, text: str, name: str, kind: str | None) -> None:
    result = extract_entities(text, segment(text, language), language, load_actor_table())
    kinds = {m.surface: result.entities[m.entity_id].type for m in result.mentions}
    if kind is None:
        assert not any(name in surface for surface in kinds), kinds
    else:
        assert kinds.get(name) == kind, kinds


@pytest.mark.parametrize(
    ("language", "text", "person"),
    [
        ("es", "Junts, el partido de Carles Puigdemont, votó a favor.", "Carles Puigdemont"),
        ("it", "Chega, il partito di André Ventura, cresce ancora.", "André Ventura"),
        ("en", "ACT, the party of David Seymour, gained seats.", "David Seymour"),
    ],
)
def test_a_persons_party_is_no_organization_named_after_them(language: str, text: str, person: str) -> None:
    table = load_actor_table()
    result = extract_entities(text, segment(text, language), language, table)
    kinds = {m.surface: result.entities[m.entity_id].type for m in result.mentions}
    assert kinds.get(person) == "person"
    assert not any(person in s and kind == "organization" for s, kind in kinds.items())


def test_a_bare_name_told_apart_as_a_product_is_no_generic_name(tmp_path: Path) -> None:
    orgs = textwrap.dedent(
        """
        - id: org:signal
          name: Signal (software)
          country: US
        - id: org:se-seko
          name: Seko (trade union)
          country: SE
        - id: org:fed
          name: Federal Reserve
          country: US
          aliases: {any: [Fed]}
          generic: {de: [Notenbank]}
        """
    )
    table = load_actor_table(actor_folder(tmp_path, "bare", organizations=orgs))
    us = "Die Fed zögert: die Notenbank sandte ein Signal an die Investoren. Die Fed wartet."
    se = "In Schweden streiken die Briefträger von Seko. Schweden staunt."
    found_us = {m.entity_id for m in extract_entities(us, segment(us, "de"), "de", table).mentions}
    found_se = {m.entity_id for m in extract_entities(se, segment(se, "de"), "de", table).mentions}
    assert "org:signal" not in found_us  # "Signal" is a word
    assert "org:se-seko" in found_se  # a union's bare name still counts in an article about its country


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        ("In Italia indaga la Guardia di finanza.", "it", "org:gdf"),  # the press's sentence case
        ("In Italia indaga la Guardia di Finanza.", "it", "org:gdf"),
        ("La Banque centrale européenne a relevé ses taux.", "fr", "org:ecb"),
        ("Le monde entier regarde.", "fr", None),  # a name opening with a function word keeps its capitals
        ("Die linke Hand zittert.", "de", None),  # German nouns are capitalised: no sentence case
    ],
)
def test_a_name_is_also_found_with_only_its_first_word_capitalised(
    text: str, language: str, found: str | None, tmp_path: Path
) -> None:
    orgs = (
        "- id: org:gdf\n  name: Guardia di Finanza\n  country: IT\n  aliases: {any: [Guardia di Finanza]}\n"
        "- id: org:ecb\n  name: European Central Bank\n  aliases: {fr: [Banque Centrale Européenne]}\n"
        "- id: org:monde\n  name: Le Monde\n  country: FR\n  aliases: {any: [Le Monde]}\n"
        "- id: org:linke\n  name: The Left (Germany)\n  country: DE\n  aliases: {any: [Die Linke]}\n"
    )
    table = load_actor_table(actor_folder(tmp_path, "case", organizations=orgs))
    result = extract_entities(text, segment(text, language), language, table)
    listed = {m.entity_id for m in result.mentions if m.entity_id.startswith("org:")}
    assert listed == ({found} if found else set())


_CUED_COMPANIES = (
    "- id: org:zf\n  name: ZF Friedrichshafen\n  country: DE\n  aliases: {any: [ZF]}\n"
    "- id: org:conti\n  name: Continental AG\n  country: DE\n  cued: {Continental: {de: [Konzern]}}\n"
    "- id: org:ford\n  name: Ford Motor Company\n  country: US\n  cued: {Ford: {en: [carmaker]}}\n"
    "- id: org:gm\n  name: General Motors\n  country: US\n  aliases: {any: [General Motors]}\n"
)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # In a list with a listed organization, a name that needs a cue is that organization.
        ("Zulieferer wie ZF und Continental bauen Stellen ab.", "de", {"org:zf", "org:conti"}),
        ("Zulieferer wie Continental, ZF und andere bauen ab.", "de", {"org:zf", "org:conti"}),
        ("Ford and General Motors cut jobs.", "en", {"org:ford", "org:gm"}),
        # Not alone, and not as part of a longer name.
        ("Die Continental Gruppe wuchs.", "de", set()),
        ("Harrison Ford and General Motors were named.", "en", {"org:gm"}),
    ],
)
def test_a_name_that_needs_a_cue_counts_in_a_list_of_organizations(
    text: str, language: str, expected: set[str], tmp_path: Path
) -> None:
    table = load_actor_table(actor_folder(tmp_path, "lists", organizations=_CUED_COMPANIES))
    result = extract_entities(text, segment(text, language), language, table)
    assert {m.entity_id for m in result.mentions if m.entity_id.startswith("org:")} == expected


@pytest.mark.parametrize(
    ("text", "org", "person"),
    [
        ("The breach was uncovered by FireEye on Monday.", "FireEye", None),
        ("Donations flowed through GiveSendGo instead.", "GiveSendGo", None),
        # Surnames written with a capital inside open with a particle: people, not companies.
        ("The governor, Ron DeSantis, signed the bill.", None, "Ron DeSantis"),
    ],
)
def test_a_word_with_capitals_inside_is_an_organization(
    text: str, org: str | None, person: str | None, tmp_path: Path
) -> None:
    table = load_actor_table(actor_folder(tmp_path, "camel", organizations="[]\n"))
    result = extract_entities(text, segment(text, "en"), "en", table)
    by_type = {
        t: {m.surface for m in result.mentions if result.entities[m.entity_id].type == t}
        for t in ("organization", "person")
    }
    assert by_type["organization"] == ({org} if org else set())
    assert by_type["person"] == ({person} if person else set())


def test_a_shared_name_in_an_article_about_a_country_is_its_listed_body_under_another_form(tmp_path: Path) -> None:
    orgs = (
        "- id: org:it-coast-guard\n  name: Italian Coast Guard\n  country: IT\n"
        "  generic: {it: [Guardia costiera], en: [Coast Guard]}\n"
        "- id: org:japan-coast-guard\n  name: Japan Coast Guard\n  country: JP\n  aliases: {en: [Japan Coast Guard]}\n"
    )
    table = load_actor_table(actor_folder(tmp_path, "coast", organizations=orgs))
    text = "Il terremoto ha colpito il Giappone. La Guardia costiera ha chiuso il porto di Wajima."
    result = extract_entities(text, segment(text, "it"), "it", table)
    assert {m.entity_id for m in result.mentions if m.surface == "Guardia costiera"} == {"org:japan-coast-guard"}


@pytest.mark.parametrize(
    ("text", "language", "person"),
    [
        # A role inside a capitalised run: the person is the first name after it.
        ("The prosecution, led by Minnesota Attorney General Keith Ellison, rested.", "en", "Keith Ellison"),
        # German roles in another case, and in a compound.
        ("Der Streit endete durch Ministerpräsidenten Daniel Günther (CDU).", "de", "Daniel Günther"),
        ("Bahn-Personalvorstand Martin Seiler verteidigte den Kompromiss.", "de", "Martin Seiler"),
    ],
)
def test_a_person_after_a_role_inside_a_capitalised_run_is_found(
    text: str, language: str, person: str, tmp_path: Path
) -> None:
    table = load_actor_table(actor_folder(tmp_path, "roles", organizations="[]\n"))
    result = extract_entities(text, segment(text, language), language, table)
    assert person in {m.surface for m in result.mentions if result.entities[m.entity_id].type == "person"}


@pytest.mark.parametrize(
    ("text", "language", "person"),
    [
        ("Présentée par Conan O'Brien, la cérémonie a eu lieu.", "fr", "Conan O'Brien"),  # "O'" is no elision
        ("Michael O'Leary, capo di Ryanair, ha parlato.", "it", "Michael O'Leary"),
        # A capitalised particle before a surname that is also a first name belongs to the name.
        ("Il capitano Giovanni Di Lorenzo ha alzato la coppa.", "it", "Giovanni Di Lorenzo"),
        ("Ha segnato Ángel Di María al novantesimo.", "it", "Ángel Di María"),
    ],
)
def test_irish_and_particle_surnames_stay_whole(text: str, language: str, person: str, tmp_path: Path) -> None:
    table = load_actor_table(actor_folder(tmp_path, "surnames", organizations="[]\n"))
    result = extract_entities(text, segment(text, language), language, table)
    assert person in {m.surface for m in result.mentions if result.entities[m.entity_id].type == "person"}


@pytest.mark.parametrize(
    ("text", "language", "person", "not_found"),
    [
        # After "von"/"de", a first name that is also a word starts a person: the party or
        # government is another name.
        ("Die Partei von Herbert Kickl kam auf 29 Prozent.", "de", "Herbert Kickl", "Partei von Herbert Kickl"),
        ("Derogó la reforma del Ejecutivo de Mariano Rajoy.", "es", "Mariano Rajoy", "Ejecutivo de Mariano Rajoy"),
    ],
)
def test_a_first_name_after_a_preposition_starts_a_person(
    text: str, language: str, person: str, not_found: str, tmp_path: Path
) -> None:
    table = load_actor_table(actor_folder(tmp_path, "after", organizations="[]\n"))
    result = extract_entities(text, segment(text, language), language, table)
    surfaces = {m.surface for m in result.mentions}
    assert person in surfaces
    assert not_found not in surfaces
