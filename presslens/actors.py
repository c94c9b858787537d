"""The actor knowledge base: one canonical actor per real-world entity.

Built from the editable files in ``data/actors/`` (see its README) plus country
names generated from CLDR (babel) and pycountry. Produces, per language, the
surface forms the gazetteer matches and the actor each one stands for.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from anyascii import anyascii
from babel import Locale

from presslens import diskcache
from presslens.config import DATA_DIR

log = logging.getLogger(__name__)
diskcache.pin_source(__file__)  # the cache keys name this code as imported

ACTORS_DIR = DATA_DIR / "actors"
ACTOR_TYPES = ("country", "person", "organization", "location", "other")
# Locales whose CLDR country names are generated into the table.
NAME_LOCALES = ("en", "it", "de", "fr", "es", "pt", "nl", "pl", "ru", "uk", "tr", "ko", "zh", "ja", "ar")


@dataclass(frozen=True)
class Actor:
    """A canonical actor: stable id, English name, type, ISO country."""

    id: str
    name: str
    type: str
    country: str | None = None
    # The name was taken from the article's English translation (a found organization's
    # counterpart there): the store keeps it over a name as written elsewhere.
    translated: bool = field(default=False, compare=False, repr=False)


@dataclass(frozen=True)
class Alias:
    """A surface form of an actor in one language (``None``: any language).

    Kinds: ``name`` (as written), ``demonym`` (any case), ``metonym`` (a capital
    or seat of power), ``cued`` (a name that counts only right after one of its
    ``cues``: "la red social X"), ``generic`` (an institution's name that many
    countries share, "Supreme Court": resolved by the article's country).
    """

    surface: str
    actor_id: str
    language: str | None
    kind: str  # name | demonym | metonym | cued | generic
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContextualAlias:
    """A surface several organizations go by (or a generic one), resolved per article.

    ``candidates`` are actor ids, each with a country; the article's most
    mentioned country among theirs picks one (see data/actors/README.md).
    """

    surface: str
    candidates: tuple[str, ...]
    generic: bool
    # The English name of the kind of body a generic surface names ("Banca centrale" ->
    # "Central Bank"), for a body of a country the table has none of; None when unknown.
    english: str | None = None


@dataclass
class ActorTable:
    """Actors and their aliases, with a fingerprint of the files they came from."""

    actors: dict[str, Actor] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fingerprint: str = ""
    folder: str = ""  # where the files came from: name_words.yaml is read from there too
    # organ -> the organization it belongs to (``part_of``): "UN Security Council" -> UN.
    parents: dict[str, str] = field(default_factory=dict)
    # Corrections (overrides.yaml): merged ids -> the id they became (any id, "name:..."
    # included); extractions marked wrong: (entity id, surface) -> article ids (None: everywhere).
    redirects: dict[str, str] = field(default_factory=dict)
    rejections: dict[tuple[str, str], set[str | None]] = field(default_factory=dict)
    _by_language: dict[str, tuple[list[Alias], list[ContextualAlias]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _national: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _country_words: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _country_actors: dict[str, Actor] = field(default_factory=dict, repr=False, compare=False)
    _english_orgs: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _institutions: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def country_actor(self, code: str) -> Actor | None:
        """The actor of the country with this ISO alpha-2 code."""
        if not self._country_actors:
            self._country_actors = {a.country: a for a in self.actors.values() if a.type == "country" and a.country}
        return self._country_actors.get(code)

    def institutions(self) -> frozenset[str]:
        """Ids of the organizations with a generic name ("Senate", "Supreme Court"): a country's bodies."""
        if self._institutions is None:
            self._institutions = frozenset(a.actor_id for a in self.aliases if a.kind == "generic")
        return self._institutions

    def organizations_named(self, english: str) -> tuple[str, ...]:
        """Ids of the organizations whose English name (less a "(Country)" suffix) or alias is ``english``.

        "Assembly of the Republic" -> Portugal's, "Socialist Party" -> every country's, so
        a name found in another language and put into English can be matched to the table.
        """
        if not self._english_orgs:
            index: dict[str, set[str]] = {}
            for actor in self.actors.values():
                if actor.type == "organization":
                    index.setdefault(name_key(_DISAMBIGUATION.sub("", actor.name)), set()).add(actor.id)
            for alias in self.aliases:
                if alias.language in ("en", None) and self.actors[alias.actor_id].type == "organization":
                    index.setdefault(name_key(alias.surface), set()).add(alias.actor_id)
            self._english_orgs = {k: tuple(sorted(v)) for k, v in index.items() if k}
        return self._english_orgs.get(name_key(english), ())

    def aliases_for(self, language: str) -> list[Alias]:
        """Aliases that apply to text in ``language`` with one owner each (cued ones included)."""
        if language not in self._by_language:
            self._by_language[language] = _aliases_for(self, language)
        return self._by_language[language][0]

    def contextual_for(self, language: str) -> list[ContextualAlias]:
        """Surfaces of ``language`` that organizations of several countries share, or generic ones."""
        if language not in self._by_language:
            self._by_language[language] = _aliases_for(self, language)
        return self._by_language[language][1]

    def resolve(self, entity_id: str) -> str:
        """The id ``entity_id`` was merged into (itself when it was not)."""
        return self.redirects.get(entity_id, entity_id)

    def is_rejected(self, entity_id: str, surface: str, article_id: str | None) -> bool:
        """Whether an editor marked this extraction wrong, everywhere or in this article."""
        where = self.rejections.get((entity_id, surface), set())
        return None in where or (article_id is not None and article_id in where)

    def ancestors(self, actor_id: str) -> set[str]:
        """The organizations ``actor_id`` is part of, transitively (``part_of``)."""
        out: set[str] = set()
        while (parent := self.parents.get(actor_id)) and parent not in out:
            out.add(parent)
            actor_id = parent
        return out


# --- inflection ----------------------------------------------------------------


def _strip_last_accent(word: str) -> str:
    for i in range(len(word) - 1, -1, -1):
        decomposed = unicodedata.normalize("NFD", word[i])
        if len(decomposed) > 1:
            return word[:i] + decomposed[0] + word[i + 1 :]
    return word


def inflect_demonym(base: str, language: str) -> set[str]:
    """The inflected forms of a demonym's base form (nordcoreano -> -a, -i, -e)."""
    forms = {base}
    low = base.lower()
    if language == "it" and low.endswith("a"):  # saudita -> sauditi, saudite
        forms |= {base[:-1] + "i", base[:-1] + "e"}
    elif language in ("es", "pt") and low.endswith("a"):  # belga -> belgas
        forms |= {base + "s"}
    elif language == "es" and low.endswith("í"):  # israelí -> israelíes
        forms |= {base + "es", base + "s"}
    elif language == "pt" and low.endswith("ês"):  # francês -> francesa, franceses, francesas
        stem = base[:-2] + "es"
        forms |= {stem + "a", stem + "es", stem + "as"}
    elif language == "pt" and low.endswith("ão"):  # alemão -> alemã, alemães, alemãs
        stem = base[:-2]
        forms |= {stem + "ã", stem + "ães", stem + "ãs"}
    elif language in ("it", "es", "pt") and low.endswith("o"):
        stem = base[:-1]
        forms |= {stem + s for s in (("a", "i", "e") if language == "it" else ("a", "os", "as"))}
        if language == "it" and low.endswith(("co", "go")):  # tedesco -> tedeschi, tedesche
            forms |= {stem + "hi", stem + "he"}
    elif language in ("it", "es", "pt") and low.endswith("e"):
        forms |= {base[:-1] + "i"} if language == "it" else {base + "s"}
    elif language == "es":  # francés -> francesa, franceses, francesas; alemán -> alemana
        stem = _strip_last_accent(base)
        forms |= {stem + "a", stem + "es", stem + "as"}
    elif language == "de" and low.endswith("isch"):
        forms |= {base + s for s in ("e", "en", "er", "es", "em")}
    elif language == "de" and base[:1].isupper():  # inhabitant nouns: Russe, Ukrainer, Jemenit
        if low.endswith("it"):
            forms |= {base + "en", base + "in", base + "innen"}
        elif low.endswith("e"):
            forms |= {base + "n", base[:-1] + "in", base[:-1] + "innen"}
        else:  # "des Schweizers", "den Nigerianern", "die Spanierin"
            forms |= {base + "s", base + "n", base + "in", base + "innen"}
    elif language == "fr":
        if low.endswith("en"):
            forms |= {base + "s", base + "ne", base + "nes"}
        elif low.endswith("e"):
            forms |= {base + "s"}
        elif low.endswith("s"):
            forms |= {base + "e", base + "es"}
        else:
            forms |= {base + "s", base + "e", base + "es"}
    elif language == "en":
        forms |= {base + "s"}
    return forms


# German nouns of masculine or neuter gender by their ending: the genitive takes -s/-es
# ("des Bundestags", "des Bauernverbands", "des Parlaments"); feminine ones take none.
_GERMAN_STRONG_NOUNS = (
    "tag",
    "rat",
    "bund",
    "verband",
    "gericht",
    "gerichtshof",
    "hof",
    "amt",
    "dienst",
    "institut",
    "parlament",
    "ministerium",
    "komitee",
    "kommando",
    "zentrum",
    "büro",
    "ausschuss",
    "werk",
    "haus",
    "konzern",
    "verein",
    "klub",
    "club",
    "fonds",
    "senat",
    "kongress",
    "gremium",
    "sekretariat",
    "präsidium",
    "kabinett",
    "netzwerk",
    "bündnis",
)
_GERMAN_ARTICLES = frozenset("der die das den dem des ein eine einer eines einem einen".split())
_GERMAN_ADJECTIVE = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:er|es|e)")


def _german_genitive_noun(noun: str) -> set[str]:
    """'Parlament' -> Parlaments, Parlamentes; 'Ausschuss' -> Ausschusses."""
    last = re.split(r"[-‐‑]", noun)[-1].lower()
    if not last.endswith(_GERMAN_STRONG_NOUNS):
        return set()
    if noun[-1:] in "sßxz":
        return {noun + "es"} if not noun.endswith("nis") else {noun + "ses"}
    return {noun + "s", noun + "es"} if noun[-1:] not in "aeiouyäöü" else {noun + "s"}


def german_name_variants(surface: str) -> set[str]:
    """The case forms of a German name with adjectives or a strong head noun.

    "Europäisches Parlament" -> "Europäische Parlament" (das), "Europäischen
    Parlament(s)" (dem, des); "Deutscher Bauernverband" -> "Deutsche
    Bauernverband", "Deutschen Bauernverband(e)s"; "Europäische Kommission" ->
    "Europäischen Kommission"; "Bundestag" -> "Bundestags", "Bundestages";
    "Bundesverband der Deutschen Industrie" -> "Bundesverbands der ...". Words
    after the head noun (its own genitive, "der Deutschen Industrie") stay.
    """
    words = surface.split(" ")
    if not words or not words[0][:1].isupper() or surface.isupper() or words[0].lower() in _GERMAN_ARTICLES:
        return set()
    # Uninflected adjectives of a compound adjective stay: "Christlich Demokratische Union".
    fixed = 0
    while fixed < len(words) - 1 and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+(?:lich|isch|ig)", words[fixed]):
        fixed += 1
    adjectives = fixed
    while (
        adjectives < len(words) - 1
        and _GERMAN_ADJECTIVE.fullmatch(words[adjectives])
        and words[adjectives + 1][:1].isupper()
    ):
        adjectives += 1
    head = adjectives
    if not words[head][:1].isupper() or not words[head].replace("-", "").isalpha():
        return set()
    lead, inflected, rest = words[:fixed], words[fixed:adjectives], words[head + 1 :]
    strong = bool(inflected) and inflected[0][-2:] in ("er", "es")  # masculine or neuter
    out: set[str] = set()
    heads = {words[head]}
    if strong or not inflected:
        heads |= _german_genitive_noun(words[head])
    if inflected:
        stems = [re.sub(r"(er|es|e)$", "", w) for w in inflected]
        weak = [w + "e" for w in stems]
        oblique = [w + "en" for w in stems]
        out |= {" ".join([*lead, *oblique, noun, *rest]) for noun in heads}
        if strong:
            out.add(" ".join([*lead, *weak, words[head], *rest]))
    elif not fixed:
        out |= {" ".join([noun, *rest]) for noun in heads}
    out.discard(surface)
    return out


def german_genitive(name: str) -> str | None:
    """'Nordkorea' -> 'Nordkoreas' (names ending in s/ß/x/z take none)."""
    if name[-1:].lower() in "sßxz" or " " in name:
        return None
    return name + "s"


# --- loading -----------------------------------------------------------------


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        # libyaml's loader parses the table about 5x faster (2.8 s -> 0.5 s for organizations.yaml),
        # a large part of every CLI process's cold start; same result as SafeLoader.
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from exc


def _with_apostrophes(surface: str) -> set[str]:
    """Both apostrophes: press text has ’ and ' for the same name."""
    return {surface, surface.replace("’", "'"), surface.replace("'", "’")}


def _alias_lists(value: Any, where: str, warnings: list[str]) -> Iterable[tuple[str | None, str]]:
    """(language, surface) pairs from an ``aliases``-style mapping."""
    if value is None:
        return
    if isinstance(value, list):
        value = {"any": value}
    if not isinstance(value, dict):
        warnings.append(f"{where}: aliases must be a mapping of language to list")
        return
    for lang, surfaces in value.items():
        for surface in surfaces if isinstance(surfaces, list) else [surfaces]:
            if isinstance(surface, str) and len(surface.strip()) >= 2:
                for variant in _with_apostrophes(surface.strip()):
                    yield (None if lang == "any" else str(lang)), variant
            else:
                warnings.append(f"{where}: alias {surface!r} ignored (too short or not text)")


def _clean_cldr_name(name: str) -> str | None:
    # CLDR disambiguates with " - " and parentheses ("Congo - Kinshasa", "Myanmar (Birmania)").
    if " - " in name or "(" in name or "," in name:
        return None
    return name.strip() or None


def _files_fingerprint(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


# Disambiguations of media and products: a one-word name so told apart ("Signal
# (software)", "Stern (magazine)") is usually a word of its own.
_MEDIA_WORDS = re.compile(
    r"\b(?:software|app|channel|magazine|newspaper|website|brand|band|film|song|album|radio|tv|television"
    r"|broadcaster|video game|game|programme|program|service)\b",
    re.IGNORECASE,
)


def _bare_name_counts(bracket: str) -> bool:
    """Whether a disambiguation, " (Senegal)", " (trade union)", lets the bare name count.

    Not " (software)" or " (magazine)": the bare word of those ("Signal") is a word.
    """
    return not _MEDIA_WORDS.search(bracket)


def load_actor_table(folder: Path = ACTORS_DIR) -> ActorTable:
    """Build the table from ``folder`` (cached until a file there changes)."""
    return _load_cached(str(folder), _files_fingerprint(folder) if folder.is_dir() else "")


@lru_cache(maxsize=4)
def _load_cached(folder_name: str, fingerprint: str) -> ActorTable:
    # Parsing the YAML is most of a CLI process's start (about 3 s for 12k actors): a later
    # process reads the built table from the cache folder, named by the files, the folder
    # and this code, in a tenth of that.
    path = _table_cache_path(folder_name, fingerprint)
    table = diskcache.read(path) if path is not None else None
    if not (isinstance(table, ActorTable) and table.fingerprint == fingerprint and table.folder == folder_name):
        table = _build_table(folder_name, fingerprint)
        if path is not None:
            diskcache.write(path, table, keep=_TABLE_CACHE_FILES)
    for warning in table.warnings:
        log.warning("actor table: %s", warning)
    return table


_TABLE_CACHE_FILES = 8


def _table_cache_path(folder_name: str, fingerprint: str) -> Path | None:
    if not fingerprint:
        return None
    # country names come from babel and pycountry
    code = diskcache.code_key([Path(__file__)], ["babel", "pycountry"], folder_name)
    return diskcache.cache_file(f"table-{fingerprint}-{code}.pickle")


def _build_table(folder_name: str, fingerprint: str) -> ActorTable:
    folder = Path(folder_name)
    table = ActorTable(fingerprint=fingerprint, folder=folder_name)
    _load_countries(table, _read_yaml(folder / "countries.yaml") or {})
    for name in ("organizations.yaml", *_extra_organization_files(folder), "people.yaml", "places.yaml"):
        _load_entries(table, _read_yaml(folder / name) or [], name)
    _apply_overrides(table, _read_yaml(folder / "overrides.yaml") or {})
    return table


def _extra_organization_files(folder: Path) -> list[str]:
    """``organizations-<topic>.yaml`` files beside ``organizations.yaml``, in name order.

    Splitting the table by topic or region keeps each file reviewable; they load after
    ``organizations.yaml``, so a duplicate id there is reported against the extra file.
    """
    return sorted(p.name for p in folder.glob("organizations-*.yaml"))


def _load_countries(table: ActorTable, extras: dict[str, Any]) -> None:
    for country in pycountry.countries:
        code = country.alpha_2
        extra = extras.get(code) or {}
        english = _clean_cldr_name(Locale.parse("en").territories.get(code, ""))
        name = extra.get("name") or english or getattr(country, "common_name", None) or country.name
        actor = Actor(id=str(extra.get("id") or f"country:{code}"), name=name, type="country", country=code)
        table.actors[actor.id] = actor
        surfaces: set[tuple[str | None, str]] = {(None, name), ("en", country.name)}
        if getattr(country, "official_name", None):
            surfaces.add(("en", country.official_name))
        for loc in NAME_LOCALES:
            cldr = _clean_cldr_name(Locale.parse(loc).territories.get(code, ""))
            if cldr:
                surfaces.add((loc, cldr))
                if loc == "de" and (gen := german_genitive(cldr)):
                    surfaces.add((loc, gen))
        surfaces |= set(_alias_lists(extra.get("aliases"), f"countries.yaml {code}", table.warnings))
        for lang, surface in surfaces:
            if _clean_cldr_name(surface) or surface.isupper():
                table.aliases.append(Alias(surface, actor.id, lang, "name"))
        for lang, surface in _alias_lists(extra.get("metonyms"), f"countries.yaml {code}", table.warnings):
            table.aliases.append(Alias(surface, actor.id, lang, "metonym"))
        for lang, base in _alias_lists(extra.get("demonyms"), f"countries.yaml {code}", table.warnings):
            for form in inflect_demonym(base, lang or "en"):
                table.aliases.append(Alias(form, actor.id, lang, "demonym"))
    unknown = sorted(set(extras) - {c.alpha_2 for c in pycountry.countries})
    if unknown:
        table.warnings.append(f"countries.yaml: not ISO 3166 alpha-2 codes, ignored: {', '.join(unknown)}")


_DISAMBIGUATION = re.compile(r"\s*\([^()]*\)$")  # "Senate (France)", "Lega (political party)"


def _load_entries(table: ActorTable, entries: list[Any], filename: str) -> None:
    for n, entry in enumerate(entries):
        where = f"{filename} entry {n + 1}"
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            table.warnings.append(f"{where}: needs at least id and name; ignored")
            continue
        default_type = {"people.yaml": "person", "places.yaml": "location"}.get(filename, "organization")
        kind = str(entry.get("type") or default_type)
        if kind not in ACTOR_TYPES:
            table.warnings.append(f"{where}: type {kind!r} is not one of {', '.join(ACTOR_TYPES)}; ignored")
            continue
        country = entry.get("country")
        if country is not None and pycountry.countries.get(alpha_2=str(country)) is None:
            table.warnings.append(f"{where}: country {country!r} is not an ISO alpha-2 code; dropped")
            country = None
        actor = Actor(id=str(entry["id"]), name=str(entry["name"]), type=kind, country=country)
        if actor.id in table.actors:
            table.warnings.append(f"{where}: duplicate id {actor.id}; ignored")
            continue
        table.actors[actor.id] = actor
        table.aliases.append(Alias(actor.name, actor.id, None, "name"))
        base = _DISAMBIGUATION.sub("", actor.name)
        if (
            base != actor.name
            and kind == "organization"
            and country
            and len(base) >= 3
            and (" " in base or _bare_name_counts(actor.name[len(base) :]))
        ):
            # "Workers' Party (Singapore)": the press writes "Workers' Party", a name other
            # countries' parties bear too, so it counts in articles about Singapore only.
            table.aliases.append(Alias(base, actor.id, None, "generic"))
        for lang, surface in _alias_lists(entry.get("aliases"), where, table.warnings):
            table.aliases.append(Alias(surface, actor.id, lang, "name"))
            if lang == "de" and kind == "organization":  # "des Europäischen Parlaments"
                table.aliases += [Alias(v, actor.id, lang, "name") for v in sorted(german_name_variants(surface))]
        for lang, surface in _alias_lists(entry.get("generic"), where, table.warnings):
            table.aliases.append(Alias(surface, actor.id, lang, "generic"))
            if lang == "de":
                table.aliases += [Alias(v, actor.id, lang, "generic") for v in sorted(german_name_variants(surface))]
        table.aliases += _cued_aliases(entry.get("cued"), actor.id, where, table.warnings)
        if entry.get("part_of"):
            table.parents[actor.id] = str(entry["part_of"])


def _cued_aliases(value: Any, actor_id: str, where: str, warnings: list[str]) -> list[Alias]:
    """``cued: {X: {any: [platform], es: [red social]}}``: X counts only right after a cue."""
    if value is None:
        return []
    if not isinstance(value, dict):
        warnings.append(f"{where}: cued must map a name to its cues by language")
        return []
    out = []
    for name, cues in value.items():
        by_language: dict[str | None, list[str]] = {}
        for lang, cue in _alias_lists(cues, f"{where} cued {name!r}", warnings):
            by_language.setdefault(lang, []).append(cue)
        if not str(name).strip():
            warnings.append(f"{where}: cued name is empty; ignored")
            continue
        for lang, listed in by_language.items():
            out.append(Alias(str(name).strip(), actor_id, lang, "cued", tuple(sorted(set(listed)))))
    return out


_FOUND_ID = re.compile(r"(name|place):[a-z0-9]+(-[a-z0-9]+)*")


def is_found_id(entity_id: str) -> bool:
    """Whether an id is one the name finder, a model or a place match gives (not the table's)."""
    return bool(_FOUND_ID.fullmatch(entity_id))


def _found_actor(entity_id: str, entry: dict[str, Any], prefix: str, source: Actor | None) -> Actor:
    """An actor for a found id that a correction names (merged into, given an alias)."""
    name = entry.get(f"{prefix}name") or (
        source.name if source else entity_id.split(":", 1)[1].replace("-", " ").title()
    )
    kind = entry.get(f"{prefix}type") or (source.type if source else "other")
    country = entry.get(f"{prefix}country") or (source.country if source else None)
    return Actor(entity_id, str(name), str(kind) if kind in ACTOR_TYPES else "other", country)


def _apply_overrides(table: ActorTable, overrides: Any) -> None:
    """Corrections (data/actors/overrides.yaml): merges, extra aliases, extractions marked wrong.

    Any id may be merged, a table actor's or a found one ("name:..."): its mentions
    become the target's, in every article, from the next extraction on. Entries
    that name unknown ids are ignored with a warning.
    """
    if not isinstance(overrides, dict):
        table.warnings.append("overrides.yaml: not a mapping of aliases, merges and rejections; ignored")
        return
    known = set(table.actors)
    for n, entry in enumerate(overrides.get("merges") or []):
        where = f"overrides.yaml merges entry {n + 1}"
        if not isinstance(entry, dict):
            table.warnings.append(f"{where}: not a mapping; ignored")
            continue
        source, target = str(entry.get("from") or ""), str(entry.get("into") or "")
        source, target = table.resolve(source), table.resolve(target)
        if not source or not target or source == target:
            table.warnings.append(f"{where}: needs two different ids in from/into; ignored")
            continue
        if not all(i in known or is_found_id(i) for i in (source, target)):
            table.warnings.append(f"{where}: unknown id in {source!r} -> {target!r}; ignored")
            continue
        source_actor = table.actors.get(source)
        if target not in table.actors and (source_actor is not None or is_found_id(target)):
            table.actors[target] = _found_actor(target, entry, "into_", source_actor)
        table.redirects = {k: (target if v == source else v) for k, v in table.redirects.items()}
        table.redirects[source] = target
        if source_actor is not None:
            del table.actors[source]
            table.aliases = [
                Alias(a.surface, target, a.language, a.kind, a.cues) if a.actor_id == source else a
                for a in table.aliases
            ]
            table.parents = {
                (target if k == source else k): (target if v == source else v) for k, v in table.parents.items()
            }
    for n, entry in enumerate(overrides.get("aliases") or []):
        where = f"overrides.yaml aliases entry {n + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("alias"), str) or not entry["alias"].strip():
            table.warnings.append(f"{where}: needs an id and an alias; ignored")
            continue
        entity_id = table.resolve(str(entry.get("id") or ""))
        if entity_id not in table.actors:
            if not is_found_id(entity_id):
                table.warnings.append(f"{where}: unknown id {entity_id!r}; ignored")
                continue
            table.actors[entity_id] = _found_actor(entity_id, entry, "", None)
        language = entry.get("language")
        table.aliases.append(Alias(entry["alias"].strip(), entity_id, str(language) if language else None, "name"))
    for n, entry in enumerate(overrides.get("rejections") or []):
        where = f"overrides.yaml rejections entry {n + 1}"
        if not isinstance(entry, dict) or not entry.get("id") or not isinstance(entry.get("surface"), str):
            table.warnings.append(f"{where}: needs an id and a surface; ignored")
            continue
        article = entry.get("article")
        key = (table.resolve(str(entry["id"])), entry["surface"])
        table.rejections.setdefault(key, set()).add(str(article) if article else None)


def _applies(table: ActorTable, alias: Alias, language: str) -> bool:
    if alias.kind in ("demonym", "cued", "generic"):
        # Cues are words of one language; a generic name ("Supreme Court") is one too.
        return alias.language in (None, language)
    if alias.kind == "metonym":
        # "Seul" is Seoul in Italian and "alone" in French: a metonym keeps to its language.
        return alias.language in (None, language)
    if table.actors[alias.actor_id].type != "country":
        return True  # proper names of people, organizations and places read the same in any language
    return alias.language in (None, language, "en")  # country names: this language's, and English ones


# Head words of the institutions every state has (courts, councils, assemblies, central
# banks, police, guards, armed forces, commissions): a name made of one of them and
# ordinary words ("Conseil constitutionnel") may be any country's.
INSTITUTION_HEADS: dict[str, frozenset[str]] = {
    "it": frozenset(
        "corte tribunale consiglio assemblea camera senato parlamento banca polizia guardia marina esercito "
        "aeronautica procura commissione".split()
    ),
    "de": frozenset(
        "gericht gerichtshof rat versammlung kammer senat parlament polizei garde marine armee kommission".split()
    ),
    "en": frozenset(
        "court tribunal council assembly chamber senate parliament bank police guard navy army commission".split()
    ),
    "fr": frozenset(
        "cour tribunal conseil assemblée chambre sénat parlement banque police garde marine armée commission "
        "gendarmerie".split()
    ),
    "es": frozenset(
        "corte tribunal consejo asamblea cámara senado parlamento banco policía guardia armada marina ejército "
        "comisión fiscalía juzgado".split()
    ),
}
_NAME_CONNECTORS = frozenset("di del della dei degli delle de des du la le of the für der los las d l".split())


def _descriptive_name(table: ActorTable, alias: Alias, language: str) -> bool:
    """A national body's name made of ordinary words, a kind of institution any country has.

    "Conseil constitutionnel", "Corte Suprema", "Guardia costiera", "Banco Central",
    "Supreme Court": an institution's head word first (last in English and German)
    and one more word of the language, not a country's name or demonym.
    Such a name is resolved like a ``generic`` one: only to the body of the
    article's most mentioned country.
    """
    actor = table.actors[alias.actor_id]
    heads = INSTITUTION_HEADS.get(language)
    if heads is None or actor.type != "organization" or not actor.country or " " not in alias.surface:
        return False
    written = [w for w in re.split(r"[\s'’]+", alias.surface) if w and w.lower() not in _NAME_CONNECTORS]
    words = [w.lower() for w in written]
    head = words[-1] if language in ("en", "de") else words[0]
    if head not in heads or len(words) != 2:
        return False
    from presslens.entities import _ADJECTIVE_ENDINGS, lexicon  # the name finder's lexicon (loaded once)

    lexicon_words = lexicon(language)
    endings = _ADJECTIVE_ENDINGS.get(language, ())
    national = _national_words(table, language)
    low = alias.surface.lower()
    # An ordinary word: in the lexicon, written in lower case, or an adjective by its ending.
    ordinary = all(
        w.lower() in heads or w.lower() in lexicon_words or w.islower() or (endings and w.lower().endswith(endings))
        for w in written
    )
    return ordinary and not any(w in national for w in words) and not any(n in low for n in national if " " in n)


def _national_words(table: ActorTable, language: str) -> frozenset[str]:
    """Lower-case demonyms (of any language) and country names of ``language``: "francés", "france"."""
    if language not in table._national:
        table._national[language] = frozenset(
            a.surface.lower()
            for a in table.aliases
            if a.kind == "demonym" or (a.language in (None, language) and table.actors[a.actor_id].type == "country")
        )
    return table._national[language]


def _english_generics(table: ActorTable) -> dict[str, list[str]]:
    """Each actor's English generic names ("Congress", "Parliament"), by actor id."""
    out: dict[str, list[str]] = {}
    for alias in table.aliases:
        if alias.kind == "generic" and alias.language == "en" and not is_acronym(alias.surface):
            names = out.setdefault(alias.actor_id, [])
            if alias.surface not in names:
                names.append(alias.surface)
    return out


def _common_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _english_for(surface: str, english: list[str]) -> str:
    """Of an actor's English generic names, the one ``surface`` translates ("Parlamento" -> "Parliament").

    By the English form of its head word ("Fuerzas Armadas" -> "Armed Forces") or the
    longest shared beginning of a word ("Congreso" -> "Congress"); the first one otherwise.
    """
    if len(english) == 1:
        return english[0]
    from presslens.entities import _ENGLISH_HEADS  # loaded with the gazetteer anyway

    words = [anyascii(w).lower() for w in re.split(r"[\s'’-]+", surface) if w]
    heads = {h for w in re.split(r"[\s'’-]+", surface.lower()) for h in _ENGLISH_HEADS.get(w, ())}

    def score(name: str) -> tuple[int, int]:
        low = [w.lower() for w in name.split()]
        shared = max((_common_start(a, b) for a in words for b in low), default=0)
        return (3 if heads & set(low) else 0) + (shared if shared >= 4 else 0), -english.index(name)

    return max(english, key=score)


def is_acronym(surface: str) -> bool:
    """Every letter a capital: "NATO", "ITAR-TASS", "G7" (the store and the gazetteer add their own bounds)."""
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _without_country(table: ActorTable, actor: Actor) -> str | None:
    """A national body's English name without its country: "Italian Air Force" -> "Air Force".

    "Constitutional Council (France)" -> "Constitutional Council", "Constitutional Court of
    Italy" -> "Constitutional Court"; None when the name names no country (it is its own).
    """
    if not actor.country:
        return None
    names = _english_country_words(table).get(actor.country, frozenset())
    name = re.sub(r"\s*\([^)]*\)$", "", actor.name)
    for n in sorted(names, key=len, reverse=True):
        if name.startswith(n + " "):
            name = name[len(n) + 1 :]
            break
        if name.endswith(" of " + n) or name.endswith(" of the " + n):
            name = name[: name.rindex(" of ")]
            break
    if name == actor.name or not name or name.split()[0][:1].islower():
        return None
    return name


def _english_country_words(table: ActorTable) -> dict[str, frozenset[str]]:
    """Per ISO code, the country's English names and demonyms ("Italy", "Italian")."""
    if not table._country_words:
        words: dict[str, set[str]] = defaultdict(set)
        for a in table.aliases:
            actor = table.actors[a.actor_id]
            if actor.type == "country" and actor.country and a.language in (None, "en"):
                words[actor.country].add(a.surface)
        table._country_words = {k: frozenset(v) for k, v in words.items()}
    return table._country_words


def _aliases_for(table: ActorTable, language: str) -> tuple[list[Alias], list[ContextualAlias]]:
    owners: dict[tuple[str, bool], set[str]] = defaultdict(set)
    chosen: dict[tuple[str, bool], Alias] = {}
    generic: dict[str, set[str]] = defaultdict(set)
    english: dict[str, Counter[str]] = defaultdict(Counter)
    english_generic = _english_generics(table)
    cued: list[Alias] = []
    for alias in table.aliases:
        if not _applies(table, alias, language):
            continue
        if alias.kind == "cued":
            cued.append(alias)
            continue
        if alias.kind == "generic" or (alias.kind == "name" and _descriptive_name(table, alias, language)):
            generic[alias.surface].add(alias.actor_id)
            if language == "en" and alias.kind == "generic":
                english[alias.surface][alias.surface] += 1
            elif alias.kind == "generic" and english_generic.get(alias.actor_id):
                english[alias.surface][_english_for(alias.surface, english_generic[alias.actor_id])] += 1
            elif alias.kind == "name" and (plain := _without_country(table, table.actors[alias.actor_id])):
                english[alias.surface][plain] += 1
            continue
        caseless = alias.kind == "demonym"
        key = (alias.surface.lower() if caseless else alias.surface, caseless)
        owners[key].add(alias.actor_id)
        chosen.setdefault(key, alias)

    def national_orgs(ids: set[str]) -> bool:
        return all(table.actors[i].type == "organization" and table.actors[i].country for i in ids)

    # A surface organizations of several countries share ("Asamblea Nacional") and a
    # generic one ("Supreme Court") are resolved per article by its countries; any
    # other surface claimed by two actors is ambiguous: matched by neither.
    contextual: list[ContextualAlias] = []
    for surface in sorted(set(generic) | {s for (s, caseless), ids in owners.items() if len(ids) > 1 and not caseless}):
        ids = owners.get((surface, False), set()) | generic.get(surface, set())
        if national_orgs(ids):
            votes = english.get(surface)
            name = min(votes, key=lambda n: (-votes[n], len(n), n)) if votes else None
            contextual.append(ContextualAlias(surface, tuple(sorted(ids)), surface in generic, name))
    resolved = {c.surface for c in contextual}
    unique = [
        alias for key, alias in chosen.items() if len(owners[key]) == 1 and not (not key[1] and key[0] in resolved)
    ]
    return unique + cued, contextual


def ambiguous_surfaces(table: ActorTable, language: str) -> list[str]:
    """Surfaces dropped for ``language`` because two actors claim them (for editors).

    Surfaces resolved by the article's country (``contextual_for``) are not dropped.
    """
    kept = {a.surface for a in table.aliases_for(language)} | {c.surface for c in table.contextual_for(language)}
    return sorted(
        {
            a.surface
            for a in table.aliases
            if a.surface not in kept and a.language in (None, language) and a.kind not in ("cued", "generic")
        }
    )


# --- name keys -----------------------------------------------------------------

# Spelling variants of the same transliterated name across languages:
# Lawrow/Lavrov, Sergej/Sergei/Sergueï, Selenskyj/Zelenskyy, Tschernyschow/Chernyshov.
_TRANSLIT_RULES = [
    ("tsch", "ch"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("dj", "j"),
    ("kh", "h"),
    ("ch", "h"),  # German Mychajlo = English Mykhailo
    ("ck", "k"),
    ("ph", "f"),
    ("ou", "u"),
    ("gue", "ge"),
    ("w", "v"),
    ("z", "s"),
    ("yy", "i"),
    ("yj", "i"),
    ("ij", "i"),
    ("iy", "i"),
    ("ey", "ei"),
    ("y", "i"),
    ("j", "i"),
    ("ii", "i"),
]


# Whole-word variants no letter rule catches.
_NAME_VARIANTS = {
    **dict.fromkeys(("mohammed", "mohamed", "mohammad", "muhammad", "mohamad", "muhammed", "mohamud"), "muhammad"),
    **dict.fromkeys(("abdel", "abdul", "abd"), "abdul"),
    **dict.fromkeys(("mohamoud", "mahamoud", "mouhamed", "mouhammad"), "muhammad"),
    **dict.fromkeys(("sheikh", "cheikh", "shaikh", "scheich", "sheik", "cheik"), "sheikh"),  # Hassan Cheikh Mohamoud
    **dict.fromkeys(("hussein", "hussien", "husein", "houssein", "hussain"), "hussein"),
}


@lru_cache(maxsize=1 << 17)  # the same surfaces come back in every article
def name_key(name: str) -> str:
    """A spelling-insensitive key for a name: same person, same key, across languages."""
    text = anyascii(unicodedata.normalize("NFKC", name)).lower()
    text = re.sub(r"[-‐‑'’`.]", " ", text)
    text = re.sub(r"[^a-z ]", "", text)
    words = [_NAME_VARIANTS.get(w, w) for w in text.split()]
    if len(words) >= 2 and len(words[-1]) > 5 and words[-1].endswith("ine"):
        words[-1] = words[-1][:-1]  # French spelling of Russian -in surnames: Matytsine, Poutine = Putin
    text = " ".join(words)
    for old, new in _TRANSLIT_RULES:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)  # doubled letters: Zelenskyy/Zelensky, Rutte/Rute
