"""English names for organizations found in Romance-language text, without a translation.

The export contract names every actor in English. An organization the table lacks is
found as written ("Partido Liberal Democrático"); when the article has a translation,
:func:`presslens.entities.name_from_translation` names it from there. Without one, a
name made only of words from ``data/actors/name_words.yaml``, countries and their
demonyms is rebuilt in English word order: adjectives before the head noun (a
demonym first), complements after "de"/"di" before it ("Fédération ivoirienne de
football" -> "Ivorian Football Federation") or as "of ..." after heads that take it
("Ministerio de Defensa" -> "Ministry of Defence") and for places ("Banco Central de
Bolivia" -> "Central Bank of Bolivia"). Any unknown word: no English name (None),
so the name stays as written rather than half-translated.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from presslens.actors import ActorTable
from presslens.clean import fold

LANGUAGES = ("it", "fr", "es", "pt", "de")
# Prepositions and articles between a head and its complement, by language.
_PREPOSITIONS: dict[str, frozenset[str]] = {
    "it": frozenset("di del della dello dei degli delle dell per".split()),
    "fr": frozenset("de du des d pour".split()),
    "es": frozenset("de del para".split()),
    "pt": frozenset("de do da dos das para".split()),
}
_ARTICLES: dict[str, frozenset[str]] = {
    "it": frozenset("il lo la i gli le l".split()),
    "fr": frozenset("le la les l".split()),
    "es": frozenset("el la los las".split()),
    "pt": frozenset("o a os as".split()),
}
# A preposition that carries an article ("del", "della", "du", "des", "do", "das").
_WITH_ARTICLE: dict[str, frozenset[str]] = {
    "it": frozenset("del della dello dei degli delle dell".split()),
    "fr": frozenset("du des".split()),
    "es": frozenset(["del"]),
    "pt": frozenset("do da dos das".split()),
}
_CONJUNCTIONS = frozenset("e ed et y".split())
_SAINTS = frozenset("san santa santo sao".split())
# "for": "Front national pour la défense de la Constitution" -> "National Front for the
# Defence of the Constitution", "Agenzia per la cybersicurezza" -> "Agency for ...".
_FOR = frozenset("per pour para".split())
_MILITARY_HEADS = frozenset(["Navy", "Army", "Force", "Forces"])
_SCOPE = frozenset(["National", "Federal", "Regional"])
# Inflectional endings stripped to compare a word with a base form (longest first).
_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "it": (("che", "c"), ("chi", "c"), ("ghe", "g"), ("ghi", "g"), ("o", ""), ("a", ""), ("i", ""), ("e", "")),
    "fr": (
        ("trices", "teur"),
        ("trice", "teur"),
        ("iennes", "ien"),
        ("ienne", "ien"),
        ("elles", "el"),
        ("elle", "el"),
        ("euses", "eur"),
        ("euse", "eur"),
        ("ives", "if"),
        ("ive", "if"),
        ("aux", "al"),
        ("es", ""),
        ("e", ""),
        ("s", ""),
        ("x", ""),
    ),
    "es": (("es", ""), ("os", ""), ("as", ""), ("o", ""), ("a", ""), ("e", ""), ("s", "")),
    "pt": (("ões", "ão"), ("es", ""), ("os", ""), ("as", ""), ("o", ""), ("a", ""), ("e", ""), ("s", "")),
    # German adjective endings and the genitive -s of nouns ("Seismologischen Zentrums").
    "de": (("en", ""), ("em", ""), ("er", ""), ("es", ""), ("e", ""), ("s", "")),
}
# German: the articles before a genitive complement ("Partei der Arbeit": of), and "für".
_GERMAN_OF = frozenset("der des".split())
_GERMAN_FOR = frozenset(["fur"])


def stem(word: str, language: str) -> str:
    """A word without its inflection, accents or case: "Democráticas" -> "democratic"."""
    w = fold(word)
    for ending, replacement in _ENDINGS.get(language, ()):
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            return w[: -len(ending)] + replacement
    return w


def _is_plural(word: str, base: str, language: str) -> bool:
    w, b = fold(word), fold(base)
    if language == "it":
        return (w[-1:], b[-1:]) in {("i", "o"), ("e", "a"), ("i", "e"), ("i", "a")} and w != b
    return w != b and w[-1:] in ("s", "x") and b[-1:] not in ("s", "x")


@dataclass(frozen=True)
class _Word:
    english: str
    base: str
    kind: str  # "noun" | "person" | "adjective" | "place" (an adjective that goes first)


@dataclass
class NameWords:
    """The glossary of one language: stems -> English, and the heads that take "of"."""

    words: dict[str, list[_Word]] = field(default_factory=dict)
    of_heads: frozenset[str] = frozenset()
    of_people_heads: frozenset[str] = frozenset()


@lru_cache(maxsize=8)
def load_name_words(path: Path, language: str, fingerprint: str = "") -> NameWords:
    """The glossary of ``language`` from ``name_words.yaml`` (empty when the file or language is missing).

    Cached per ``fingerprint``: pass the actor table's, which covers this file, so an edit
    is read again with the table.
    """
    if language not in LANGUAGES or not path.is_file():
        return NameWords()
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    columns = list(data.get("languages") or LANGUAGES)
    if language not in columns:
        return NameWords()  # an edited file without this language's column: names stay as written
    column = columns.index(language)
    out = NameWords(
        of_heads=frozenset(data.get("of_heads") or ()), of_people_heads=frozenset(data.get("of_people_heads") or ())
    )
    sections = (
        ("nouns", "noun"),
        ("people_nouns", "person"),
        ("adjectives", "adjective"),
        ("place_adjectives", "place"),
    )
    for section, kind in sections:
        for english, forms in (data.get(section) or {}).items():
            for base in str(forms[column] if column < len(forms) else "-").split("|"):  # a short row: none
                if base.strip() and base.strip() != "-":
                    out.words.setdefault(stem(base.strip(), language), []).append(
                        _Word(str(english), base.strip(), kind)
                    )
    return out


@dataclass
class _Phrase:
    """A noun with its adjectives, as parsed from the name."""

    noun: str  # English, plural applied
    plural: bool
    person: bool
    adjectives: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)

    def english(self) -> str:
        return " ".join([*self.demonyms, *self.adjectives, self.noun])


def _plural(noun: str) -> str:
    if noun.endswith(("s", "ics")) or noun in ("Police", "Gendarmerie", "Intelligence", "Labour", "Finance"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def _lookup(words: NameWords, token: str, language: str, kinds: tuple[str, ...]) -> _Word | None:
    """The glossary's first word of one of ``kinds`` for a folded token."""
    return next((w for w in words.words.get(stem(token, language), ()) if w.kind in kinds), None)


def _place_at(tokens: list[str], i: int, places: dict[str, str]) -> tuple[str, int] | None:
    """A country's English name written from ``tokens[i]`` (up to four words), and where it ends."""
    prefix = next((p for p in _prefixes(tokens[i:]) if p in places), None)
    return (places[prefix], i + len(prefix.split())) if prefix is not None else None


def english_name(
    surface: str,
    language: str,
    words: NameWords,
    demonyms: dict[str, str],
    places: dict[str, str],
    lexicon: Container[str] = frozenset(),
) -> str | None:
    """The English name of an organization written ``surface`` in ``language``, or None.

    ``demonyms`` maps a folded inflected demonym ("boliviana") to its English adjective
    ("Bolivian"); ``places`` a folded country name ("bolivia") to its English name.
    Capitalised words that are not words of the language (``lexicon``, lower case) are
    proper names and stay as written: "Movimiento San Isidro" -> "San Isidro Movement",
    "Tribunale del popolo di Ho Chi Minh City" -> "People's Court of Ho Chi Minh City".
    """
    if language not in LANGUAGES or not words.words or re.search(r"[\d()\"«»]", surface):
        return None
    raw = _TOKEN.findall(surface.replace("’", "'").replace("'", " "))
    tokens = [fold(t) for t in raw]
    if len(tokens) < 2:
        return None
    if language == "de":
        return _german_name(raw, tokens, words, demonyms, places, lexicon)
    preps, articles = _PREPOSITIONS[language], _ARTICLES[language]

    def lookup(token: str, kinds: tuple[str, ...]) -> _Word | None:
        return _lookup(words, token, language, kinds)

    def proper(i: int) -> int:
        """The end of a run of proper names from ``tokens[i]`` (at most four), ``i`` for none."""
        j = i
        saint = False
        while j + 1 < len(tokens) and tokens[j] in _SAINTS and raw[j + 1][:1].isupper():
            j, saint = j + 2, True  # "San Isidro", "Santa Fe": the saint's name may be a word
        while (
            j < len(tokens)
            and j - i < 4
            and raw[j][:1].isupper()
            and not raw[j].isupper()
            and tokens[j] not in preps
            and not words.words.get(stem(tokens[j], language))
            and tokens[j] not in demonyms
        ):
            j += 1
        # A capital alone does not make a word a name ("armée de l'Air", "Partido Popular"):
        # one word of the run is no word of the language ("Ho Chi Minh City", "Desjardins").
        if not saint and all(t in lexicon for t in tokens[i:j]):
            return i
        return j

    def phrase(i: int) -> tuple[_Phrase | None, int]:
        """A noun phrase from ``tokens[i]``: adjectives, noun, adjectives."""
        before: list[str] = []
        while (
            i < len(tokens) and (adj := lookup(tokens[i], ("adjective", "place"))) and not lookup(tokens[i], ("noun",))
        ):
            before.append(adj.english)
            i += 1
        if i >= len(tokens):
            return None, i
        noun = lookup(tokens[i], ("noun", "person"))
        if noun is None:
            return None, i
        plural = _is_plural(tokens[i], noun.base, language)
        out = _Phrase(_plural(noun.english) if plural else noun.english, plural, noun.kind == "person", before)
        i += 1
        while i < len(tokens):
            if (j := proper(i)) > i and (j == len(tokens) or tokens[j] in preps):
                out.demonyms.append(" ".join(raw[i:j]))  # "Partido Justicialista": Justicialista Party
                i = j
                continue
            if tokens[i] in demonyms:
                out.demonyms.append(demonyms[tokens[i]])
            elif (place := lookup(tokens[i], ("place",))) is not None:
                out.demonyms.append(place.english)
            elif (adj := lookup(tokens[i], ("adjective",))) is not None:
                out.adjectives.append(adj.english)
            else:
                break
            i += 1
        return out, i

    head, i = phrase(0)
    if head is None:
        return None
    before: list[str] = []  # complements written before the head in English
    after: list[str] = []  # "of ..." complements
    while i < len(tokens):
        if tokens[i] not in preps:
            return None
        with_article = tokens[i] in _WITH_ARTICLE[language]
        purpose = tokens[i] in _FOR
        i += 1
        if i < len(tokens) and tokens[i] in articles:
            with_article, i = True, i + 1
        if (place := _place_at(tokens, i, places)) is not None:
            after.append(f"of {place[0]}")
            i = place[1]
            continue
        if not after and not before and not with_article and (j := proper(i)) == len(tokens) and j > i:
            after.append("of " + " ".join(raw[i:j]))  # "di Ho Chi Minh City", "de Kyoto": a place's name
            break
        parts: list[_Phrase] = []
        while True:
            part, i = phrase(i)
            if part is None:
                return None
            parts.append(part)
            if i < len(tokens) and tokens[i] in _CONJUNCTIONS:
                i += 1
                continue
            break
        text = " and ".join(p.english() for p in parts)
        people = all(p.person and p.plural for p in parts)
        if purpose:
            after.append(f"for the {text}" if with_article else f"for {text}")
        elif after:  # a complement of the complement: "... de la Constitution"
            after.append(f"of the {text}" if with_article else f"of {text}")
        elif head.noun in words.of_heads or (people and head.noun in words.of_people_heads):
            after.append(f"of the {text}" if with_article and parts[-1].noun == "Republic" else f"of {text}")
        elif people:
            before.append(text + "'")  # "Partido de los Trabajadores": Workers' Party
        elif parts[-1].plural and not parts[-1].person:  # "Groupement des forces spéciales": Special Forces Group
            before.append(text)
        elif with_article:  # "Partido de la Revolución Democrática": Party of the Democratic Revolution
            after.append(f"of the {text}" if parts[-1].adjectives or parts[-1].noun == "Republic" else f"of {text}")
        else:  # "Fédération de football": Football Federation
            before.append(text)
    adjectives = [a if a != "People's" or head.noun == "Party" else "Popular" for a in head.adjectives]
    # Scope first: "Instituto Meteorológico Nacional" is the National Meteorological Institute.
    adjectives = sorted(adjectives, key=lambda a: a not in _SCOPE)
    if head.noun in _MILITARY_HEADS:  # "Marina militare" is the Navy, not a "Military Navy"
        adjectives = [a for a in adjectives if a != "Military"]
        # "Fuerzas Armadas Revolucionarias": "Armed Forces" is one noun, so Revolutionary Armed Forces
        adjectives = sorted(adjectives, key=lambda a: a == "Armed")
    words_before = [*head.demonyms, *adjectives, *before, head.noun]
    return " ".join([*words_before, *after])


def _german_name(
    raw: list[str],
    tokens: list[str],
    words: NameWords,
    demonyms: dict[str, str],
    places: dict[str, str],
    lexicon: Container[str],
) -> str | None:
    """A German name in English: German puts adjectives before the head, as English does.

    "Ethnologisches Museum" -> "Ethnological Museum", "Europäisch-Mediterranes
    Seismologisches Zentrum" -> "European-Mediterranean Seismological Centre",
    "Kommunistische Partei der Tschechoslowakei" -> "Communist Party of Czechoslovakia",
    "Institut für Geologie" -> "Institute for Geology", "Medizinische Universität Nara"
    -> "Nara Medical University". Compounds ("Weltraumphysik") are not split: a word
    the glossary lacks leaves the name as written (None).
    """

    def lookup(token: str, kinds: tuple[str, ...]) -> _Word | None:
        return _lookup(words, token, "de", kinds)

    def adjective(token: str) -> str | None:
        parts = []
        for part in token.split("-"):
            if part in demonyms or stem(part, "de") in demonyms:
                parts.append(demonyms.get(part) or demonyms[stem(part, "de")])
            elif (adj := lookup(part, ("adjective", "place"))) is not None and not lookup(part, ("noun",)):
                parts.append(adj.english)
            else:
                return None
        return "-".join(parts)

    def phrase(i: int) -> tuple[str | None, int]:
        before: list[str] = []
        while i < len(tokens) and (adj := adjective(tokens[i])) is not None:
            before.append(adj)
            i += 1
        noun = lookup(tokens[i], ("noun", "person")) if i < len(tokens) else None
        if noun is None:
            return None, i
        return " ".join([*before, noun.english]), i + 1

    head, i = phrase(0)
    if head is None:
        return None
    front: list[str] = []
    after: list[str] = []
    while i < len(tokens):
        if tokens[i] in _GERMAN_OF or tokens[i] in _GERMAN_FOR:
            purpose, i = tokens[i] in _GERMAN_FOR, i + 1
            if not purpose and (place := _place_at(tokens, i, places)) is not None:
                after.append(f"of {place[0]}")
                i = place[1]
                continue
            part, i = phrase(i)
            if part is None:
                return None
            after.append(f"for {part}" if purpose else f"of the {part}" if " " in part else f"of {part}")
            continue
        j = i
        while j < len(tokens) and raw[j][:1].isupper() and not lookup(tokens[j], ("noun", "adjective", "place")):
            j += 1
        if j == len(tokens) and j > i and not all(t in lexicon for t in tokens[i:j]) and not after:
            front = raw[i:j]  # "Medizinische Universität Nara": Nara Medical University
            break
        return None
    return " ".join([*front, head, *after])


# The gender of a German organization's head noun, by how its word ends (compounds
# take their last part's): what the adjectives before it end in when no article is written.
_GERMAN_GENDER_ENDINGS: tuple[tuple[str, str], ...] = (
    *((suffix, "m") for suffix in "bund verband verein rat ausschuss dienst konzern tag kreis hof senat".split()),
    *((suffix, "n") for suffix in "gericht amt institut ministerium zentrum museum werk haus büro komitee".split()),
    *(
        (suffix, "f")
        for suffix in (
            "partei bank kammer gesellschaft stiftung behörde agentur union universität kommission anstalt "
            "gewerkschaft vereinigung bewegung front liga polizei akademie hochschule klinik zentrale"
        ).split()
    ),
)
_STRONG_ENDING = {"m": "er", "n": "es", "f": "e"}
# Not "-ig": "Leipziger Institut" is a place's invariable adjective.
_GERMAN_INFLECTED = re.compile(r"([A-ZÄÖÜ][a-zäöüß]*(?:sch|lich|al|är|ell|iv|an))(e|en|er|es|em)")


def german_nominative(surface: str) -> str:
    """A German organization's name in the nominative without article, as it is listed.

    The press writes it in any case: "des Deutschen Richterbunds", "beim Hessischen
    Landesarbeitsgericht", "der Deutsche Hanfverband"; the name is "Deutscher
    Richterbund", "Hessisches Landesarbeitsgericht", "Deutscher Hanfverband". The
    adjectives before the head take the head's gender ending and a genitive -s goes;
    a name whose head's gender is unknown stays as written.
    """
    words = surface.split(" ")
    inflected = [_GERMAN_INFLECTED.fullmatch(w) for w in words]
    head = next((i for i, m in enumerate(inflected) if i > 0 and m is None), None)
    if head is None or inflected[0] is None:
        return surface
    noun = words[head]
    low = noun.lower()
    for genitive in ("es", "s"):
        base = low[: -len(genitive)]
        if low.endswith(genitive) and any(base.endswith(x) and g != "f" for x, g in _GERMAN_GENDER_ENDINGS):
            noun, low = noun[: -len(genitive)], base
            break
    gender = next((g for x, g in _GERMAN_GENDER_ENDINGS if low.endswith(x)), None)
    if gender is None:
        return surface
    adjectives = [m.group(1) + _STRONG_ENDING[gender] for m in inflected[:head] if m is not None]
    return " ".join([*adjectives, noun, *words[head + 1 :]])


def _prefixes(tokens: list[str]) -> list[str]:
    """Joined leading runs of ``tokens``, longest first (for multi-word country names)."""
    return [" ".join(tokens[:n]) for n in range(min(len(tokens), 4), 0, -1)]


def country_words(table: ActorTable, language: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(demonyms, places, adjectives) of ``language``: folded forms -> English, and per country.

    ``demonyms`` maps a folded inflected demonym ("boliviana") to the country's English
    adjective, ``places`` a folded country name ("bolivia") to its English name, and
    ``adjectives`` an ISO code to that adjective: the first English demonym form whose
    plural is listed too ("Bolivian", not "Bolivians"). Cached per table and language.
    """
    key = (table.fingerprint, language)
    if key not in _COUNTRY_WORDS:
        if len(_COUNTRY_WORDS) >= 12:
            _COUNTRY_WORDS.clear()
        _COUNTRY_WORDS[key] = _country_words(table, language)
    return _COUNTRY_WORDS[key]


_COUNTRY_WORDS: dict[tuple[str, str], tuple[dict[str, str], dict[str, str], dict[str, str]]] = {}


def _country_words(table: ActorTable, language: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    forms_by_country: dict[str, list[str]] = {}
    for a in table.aliases:
        if a.kind == "demonym" and a.language == "en" and a.surface[:1].isupper():
            code = table.actors[a.actor_id].country
            if code:
                forms_by_country.setdefault(code, []).append(a.surface)
    english = {
        code: next((f for f in forms if f + "s" in forms), min(forms, key=len))
        for code, forms in forms_by_country.items()
    }
    demonyms: dict[str, str] = {}
    places: dict[str, str] = {}
    for a in table.aliases:
        actor = table.actors[a.actor_id]
        if actor.type != "country" or not actor.country or a.language not in (None, language):
            continue
        if a.kind == "demonym" and actor.country in english:
            demonyms.setdefault(fold(a.surface), english[actor.country])
        elif a.kind == "name" and not a.surface.isupper():
            places.setdefault(fold(a.surface).replace("'", " "), actor.name)
    return demonyms, places, english
