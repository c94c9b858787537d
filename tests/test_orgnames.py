"""English names for found organizations without a translation (presslens.orgnames)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from presslens.actors import load_actor_table
from presslens.config import DATA_DIR
from presslens.entities import extract_entities, lexicon
from presslens.orgnames import country_words, english_name, german_nominative, load_name_words, stem
from presslens.segment import segment
from tests.conftest import actor_folder

COUNTRIES = textwrap.dedent(
    """
    BO:
      demonyms: {es: [boliviano], en: [Bolivian]}
    CI:
      demonyms: {fr: [ivoirien], en: [Ivorian]}
    ES:
      demonyms: {es: [español], en: [Spanish]}
    MX:
      demonyms: {es: [mexicano], en: [Mexican]}
    """
)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    folder = actor_folder(tmp_path, countries=COUNTRIES)
    shutil.copy(DATA_DIR / "actors" / "name_words.yaml", folder / "name_words.yaml")
    return folder


def named(surface: str, language: str, kb: Path) -> str | None:
    table = load_actor_table(kb)
    demonyms, places, _ = country_words(table, language)
    words = load_name_words(kb / "name_words.yaml", language)
    return english_name(surface, language, words, demonyms, places, lexicon(language))


@pytest.mark.parametrize(
    ("language", "surface", "english"),
    [
        # Adjectives before the head, in the order written.
        ("es", "Partido Liberal Democrático", "Liberal Democratic Party"),
        ("fr", "Parti conservateur", "Conservative Party"),
        ("fr", "Assemblée nationale", "National Assembly"),
        ("es", "Fuerzas Armadas", "Armed Forces"),  # the plural stays plural
        ("it", "Marina militare", "Navy"),  # not a "Military Navy"
        ("es", "Fuerzas Armadas Revolucionarias", "Revolutionary Armed Forces"),
        ("es", "Instituto Meteorológico Nacional", "National Meteorological Institute"),
        # A plural complement goes before the head; "pour"/"per"/"para" is "for".
        ("fr", "Groupement des forces spéciales", "Special Forces Group"),
        (
            "fr",
            "Front national pour la défense de la Constitution",
            "National Front for the Defence of the Constitution",
        ),
        # A demonym or a place adjective goes first.
        ("es", "Partido Socialista Obrero Español", "Spanish Socialist Workers' Party"),
        ("es", "Banco Central Europeo", "European Central Bank"),
        # A bare complement goes before the head; with an article, after it, with "of".
        ("fr", "Fédération ivoirienne de football", "Ivorian Football Federation"),
        ("es", "Consejo de Seguridad Nacional", "National Security Council"),
        ("es", "Partido de la Revolución Democrática", "Party of the Democratic Revolution"),
        ("fr", "Confédération générale du travail", "General Confederation of Labour"),
        # Heads that take "of", and places.
        ("es", "Ministerio de Asuntos Exteriores", "Ministry of Foreign Affairs"),
        ("it", "Ministero degli Affari Esteri", "Ministry of Foreign Affairs"),
        ("it", "Camera dei deputati", "Chamber of Deputies"),
        ("es", "Banco Central de Bolivia", "Central Bank of Bolivia"),
        ("it", "Senato della Repubblica", "Senate of the Republic"),
        # People in the plural make a possessive, except after assemblies and councils.
        ("pt", "Partido dos Trabalhadores", "Workers' Party"),
        ("es", "Consejo de Ministros", "Council of Ministers"),
        # "People's" is for parties; other heads are "Popular".
        ("es", "Partido Popular", "People's Party"),
        ("fr", "Nouveau Front populaire", "New Popular Front"),
        ("es", "Comisión Nacional de Derechos Humanos", "National Human Rights Commission"),
        # Proper names stay as written, before the head or as its place.
        ("fr", "Mouvement Desjardins", "Desjardins Movement"),
        ("es", "Movimiento San Isidro", "San Isidro Movement"),  # a saint's name may be a word
        ("it", "Università Doshisha di Kyoto", "Doshisha University of Kyoto"),
        # German: adjectives (inflected, hyphenated) before the head, genitive and "für" after it.
        ("de", "Sozialdemokratische Partei", "Social Democratic Party"),
        ("de", "Europäisch-Mediterranen Seismologischen Zentrums", "European-Mediterranean Seismological Centre"),
        ("de", "Partei der Arbeit", "Party of Labour"),
        ("de", "Medizinischen Universität Nara", "Nara Medical University"),
    ],
)
def test_a_name_of_known_words_is_rebuilt_in_english_order(language: str, surface: str, english: str, kb: Path) -> None:
    assert named(surface, language, kb) == english


@pytest.mark.parametrize(
    ("language", "surface"),
    [
        ("it", "Fratelli d'Italia"),  # "fratelli" is not an institution's word
        ("fr", "Agence nationale de sécurité du médicament"),  # one unknown word: no half-translation
        ("es", "Partido"),  # a head alone is not a name
        ("es", "Partido 2030"),
        ("it", "Università federale dell'Estremo Oriente"),  # capitalised words of the language: no half-translation
        ("es", "Liga de Gobernantes Anticorrupción"),
        ("es", "Sindicato de los Metalúrgicos"),  # a capitalised noun after an article is no place's name
        ("de", "Institut für Weltraumphysik"),  # German compounds are not split
        ("en", "Liberal Party"),
    ],
)
def test_unknown_words_leave_the_name_as_written(language: str, surface: str, kb: Path) -> None:
    assert named(surface, language, kb) is None


def test_inflected_forms_share_a_stem() -> None:
    assert stem("democratiche", "it") == stem("democratico", "it")
    assert stem("Démocrates", "fr") == stem("démocrate", "fr")
    assert stem("nationaux", "fr") == stem("national", "fr")
    assert stem("ivoirienne", "fr") == stem("ivoirien", "fr")
    assert stem("Nacionales", "es") == stem("nacional", "es")


def test_a_found_organization_is_exported_under_its_english_name_and_keeps_its_surface(kb: Path) -> None:
    text = "El Partido Liberal Democrático ganó. El Partido Liberal Democrático gobernará."
    result = extract_entities(text, segment(text, "es"), "es", load_actor_table(kb))
    orgs = [e for e in result.entities.values() if e.type == "organization"]
    assert [o.name for o in orgs] == ["Liberal Democratic Party"]
    assert {m.surface for m in result.mentions if m.entity_id == orgs[0].id} == {"Partido Liberal Democrático"}
    assert orgs[0].id == "name:partido-liberal-democratico"  # the id is still the name as written


def test_without_the_glossary_file_names_stay_as_written(kb: Path) -> None:
    (kb / "name_words.yaml").unlink()
    text = "El Partido Liberal Democrático ganó las elecciones."
    result = extract_entities(text, segment(text, "es"), "es", load_actor_table(kb))
    assert [e.name for e in result.entities.values() if e.type == "organization"] == ["Partido Liberal Democrático"]


PARTIES = textwrap.dedent(
    """
    - id: org:ps-bo
      name: Socialist Party (Bolivia)
      type: organization
      country: BO
      aliases: {any: [Bolivian Socialist Party]}
    - id: org:ps-mx
      name: Socialist Party (Mexico)
      type: organization
      country: MX
      aliases: {any: [Mexican Socialist Party]}
    - id: org:intl-union
      name: International Football Federation
      type: organization
      aliases: {any: [International Football Federation]}
    """
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The glossary's English name is a listed party's: the one of the article's country.
        ("El Partido Socialista boliviano no. Bolivia votó. En Bolivia, el Partido Socialista ganó.", "org:ps-bo"),
        ("Mexicanos: el Partido Socialista ganó en México. México votó.", "org:ps-mx"),
        # Only international bodies are taken without a country.
        ("La Federación Internacional de Fútbol protestó.", "org:intl-union"),
    ],
)
def test_a_found_name_whose_english_name_is_listed_is_that_actor(text: str, expected: str, kb: Path) -> None:
    (kb / "organizations.yaml").write_text(PARTIES, encoding="utf-8")
    result = extract_entities(text, segment(text, "es"), "es", load_actor_table(kb))
    orgs = {m.entity_id for m in result.mentions if result.entities[m.entity_id].type == "organization"}
    assert expected in orgs
    assert not any(o.startswith("name:") for o in orgs), orgs


def test_a_listed_english_name_of_another_country_is_not_taken(kb: Path) -> None:
    (kb / "organizations.yaml").write_text(PARTIES, encoding="utf-8")
    text = "En España, el Partido Socialista ganó. España votó."
    result = extract_entities(text, segment(text, "es"), "es", load_actor_table(kb))
    orgs = [e for e in result.entities.values() if e.type == "organization"]
    assert [(o.id, o.name) for o in orgs] == [("name:partido-socialista", "Socialist Party")]


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Deutschen Richterbunds", "Deutscher Richterbund"),  # genitive, masculine head
        ("Deutsche Hanfverband", "Deutscher Hanfverband"),  # after "der": the strong form
        ("Hessischen Landesarbeitsgericht", "Hessisches Landesarbeitsgericht"),  # neuter
        ("Sozialdemokratischen Partei Deutschlands", "Sozialdemokratische Partei Deutschlands"),  # feminine
        ("Leipziger Institut", "Leipziger Institut"),  # a place's adjective does not inflect
        ("Medizinischen Fakultät", "Medizinischen Fakultät"),  # head of unknown gender: as written
    ],
)
def test_german_names_are_put_in_the_nominative(surface: str, name: str) -> None:
    assert german_nominative(surface) == name


def test_a_german_organization_found_in_two_cases_is_one_entity(kb: Path) -> None:
    text = "Der Sprecher des Deutschen Richterbunds kritisierte das Gesetz. Auch der Deutsche Richterbund protestierte."
    table = load_actor_table(kb)
    result = extract_entities(text, segment(text, "de"), "de", table)
    found = {m.surface: m.entity_id for m in result.mentions}
    assert found["Deutschen Richterbunds"] == found["Deutsche Richterbund"]
    assert result.entities[found["Deutsche Richterbund"]].name == "Deutscher Richterbund"


def test_a_glossary_without_a_languages_column_leaves_names_as_written(tmp_path: Path) -> None:
    path = tmp_path / "name_words.yaml"
    path.write_text("languages: [it, fr]\nnouns:\n  Party: [partito, parti]\n  Union: [unione]\n", encoding="utf-8")
    assert load_name_words(path, "de").words == {}  # no German column: no German names
    french = load_name_words(path, "fr").words
    assert [w.english for w in french[stem("parti", "fr")]] == ["Party"]
    assert stem("union", "fr") not in french  # a row too short for French gives it nothing
