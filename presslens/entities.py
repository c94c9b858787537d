"""Entity extraction: canonical actors in any language, with or without a model.

Three methods, in order of trust, each recorded on its mentions:

1. ``table``: a spaCy PhraseMatcher over the actor table (names and acronyms as
   written, demonyms in any case), on a tokenizer that also splits hyphenated
   compounds ("russisch-nordkoreanische", "US-Präsident").
2. ``model``: a statistical spaCy pipeline's NER, when one is configured and
   installed for the language (``PRESSLENS_SPACY_MODELS``).
3. ``name_finder``: without a model, capitalised spans that are not words of the
   language's lexicon (spaCy's lemma tables), typed as people by role cues
   ("il ministro degli Esteri", "Außenminister") or first names, as
   organizations by head words ("Agenzia", "Agentur") and acronyms.

Names found by 2 and 3 are resolved to table actors through a spelling-
insensitive key (Lawrow = Lavrov); the rest become actors of their own, with an
id derived from that key, so the same person is one actor across articles.
"""

from __future__ import annotations

import bisect
import gzip
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy loads in ~1 s: imported where it runs, so the dashboard never pays for it
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span

from presslens import diskcache
from presslens.actors import Actor, ActorTable, ContextualAlias, is_acronym, name_key
from presslens.clean import fold
from presslens.models import Segment, Sentence
from presslens.orgnames import LANGUAGES as NAMED_LANGUAGES
from presslens.orgnames import country_words, english_name, german_nominative, load_name_words

log = logging.getLogger(__name__)
diskcache.pin_source(__file__)  # the cache keys name this code as imported

METHODS = ("table", "model", "name_finder")


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity: character offsets into the cleaned original text."""

    entity_id: str
    sentence: int
    start: int
    end: int
    surface: str
    method: str


@dataclass(frozen=True)
class TranslationMention:
    """An entity located in a translation segment (offsets into the segment's text)."""

    entity_id: str
    segment: int  # the segment's first original sentence index
    start: int
    end: int
    surface: str


@dataclass
class EntityResult:
    """The entities of one article and all their mentions."""

    entities: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


# --- per-language resources ------------------------------------------------------

_HYPHEN_INFIX = r"(?<=[^\W\d_])[-‐‑–](?=[^\W\d_])"


@lru_cache(maxsize=32)
def tokenizer_pipeline(language: str) -> Language:
    """A blank pipeline whose tokenizer also splits hyphenated compounds."""
    import spacy

    try:
        nlp = spacy.blank(language)
    except Exception:  # noqa: BLE001 - languages needing an uninstalled segmenter
        nlp = spacy.blank("xx")
    infixes = [*(nlp.Defaults.infixes or ()), _HYPHEN_INFIX]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    nlp.max_length = 10_000_000
    return nlp


@lru_cache(maxsize=16)
def lexicon(language: str) -> frozenset[str]:
    """Lower-cased ordinary words: spaCy's lemma tables and stop words, weekday and month names.

    English stop and calendar words are added for every language ("On Monday" in a quote).
    """
    words = _lemma_words(language) | _stop_words(language) | _calendar_words(language)
    return frozenset(words | _stop_words("en") | _calendar_words("en"))


@lru_cache(maxsize=16)
def function_words(language: str) -> frozenset[str]:
    """Stop words and calendar words only: never the start of a name, even when also a first name."""
    return frozenset(_stop_words(language) | _calendar_words(language) | _stop_words("en") | _calendar_words("en"))


def _lemma_words(language: str) -> set[str]:
    try:
        path = resources.files("spacy_lookups_data") / "data" / f"{language}_lemma_lookup.json.gz"
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            table: dict[str, Any] = json.load(fh)
    except (FileNotFoundError, OSError, ModuleNotFoundError):
        return set()
    words: set[str] = set()
    for key, value in table.items():
        words.add(key.lower())
        if isinstance(value, str):
            words.add(value.lower())
    return words


@lru_cache(maxsize=32)
def _stop_words(language: str) -> frozenset[str]:
    import spacy

    try:
        # The language's class, not a blank pipeline: building one (French's tokenizer
        # exceptions above all) costs seconds that a cold start would pay twice.
        return frozenset(w.lower() for w in spacy.util.get_lang_class(language).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - a language spaCy does not know
        return frozenset()


@lru_cache(maxsize=32)
def _calendar_words(language: str) -> frozenset[str]:
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    words: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            words |= {str(v).lower().rstrip(".") for v in locale.days[context][width].values()}
            words |= {str(v).lower().rstrip(".") for v in locale.months[context][width].values()}
    return frozenset(words)


@lru_cache(maxsize=32)
def _calendar_abbreviations(language: str) -> frozenset[str]:
    """Abbreviated day and month names that are no full name nor stop word ("Jan", "Mar")."""
    from babel import Locale, UnknownLocaleError

    out: set[str] = set()
    for lang in {language, "en"}:
        try:
            locale = Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for kind in (locale.days, locale.months):
                out |= {str(v).lower().rstrip(".") for v in kind[context]["abbreviated"].values()}
    full = {str(v).lower() for lang in {language, "en"} for kind in ("days", "months") for v in _wide_names(lang, kind)}
    return frozenset(out - full - _stop_words(language) - _stop_words("en"))


def _wide_names(language: str, kind: str) -> list[str]:
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return []
    table = locale.days if kind == "days" else locale.months
    return [str(v) for context in ("format", "stand-alone") for v in table[context]["wide"].values()]


class _Names(frozenset[str]):
    """Lower-case names that also contain a name written with accents its list lacks ("éamon")."""

    def __contains__(self, word: object) -> bool:
        return super().__contains__(word) or (
            isinstance(word, str) and not word.isascii() and super().__contains__(_folded(word))
        )


@lru_cache(maxsize=65536)
def _folded(word: str) -> str:
    return fold(word)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names of many countries (gender-guesser's name dictionary), lower case.

    The dictionary spells many without their accents: "Éamon" is found as "eamon".
    """
    try:
        path = resources.files("gender_guesser") / "data" / "nam_dict.txt"
        text = path.read_bytes().decode("utf-8", errors="replace")
    except (FileNotFoundError, OSError, ModuleNotFoundError):
        return _Names()
    names: set[str] = set()
    for line in text.splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        for part in line[3:29].strip().split("+"):
            if len(part) > 1:
                names.add(part.lower())
    return _Names(names)


# Words that announce a person's name a few tokens later (lower case). German
# compounds ending in one of these ("Außenminister", "Regierungssprecher") count.
PERSON_CUES: dict[str, frozenset[str]] = {
    "it": frozenset(
        "ministro ministra presidente premier segretario segretaria portavoce consigliere consigliera leader "
        "generale ambasciatore ambasciatrice direttore direttrice capo sindaco senatore senatrice deputato "
        "deputata analista giornalista cancelliere commissario commissaria re regina papa principe signor "
        "signora sig dott prof vicepresidente viceministro sottosegretario comandante colonnello ammiraglio "
        "dittatore fondatore fondatrice amministratore ceo governatore procuratore sceicco emiro".split()
    ),
    "de": frozenset(
        "minister ministerin präsident präsidentin kanzler kanzlerin sprecher sprecherin generalsekretär "
        "botschafter botschafterin chef chefin berater beraterin regierungschef regierungschefin premierminister "
        "premierministerin analyst analystin general herr frau ministerpräsident staatschef machthaber diktator "
        "oppositionsführer bürgermeister senator senatorin abgeordnete abgeordneter kommissar kommissarin "
        "gründer gründerin direktor direktorin papst könig königin kommandeur admiral vorsitzende vorsitzender "
        "gouverneur staatsanwalt scheich emir".split()
    ),
    "en": frozenset(
        "minister president premier secretary spokesman spokeswoman spokesperson adviser advisor leader general "
        "ambassador director chief mayor senator chancellor commissioner analyst king queen pope mr mrs ms dr "
        "prof governor lawmaker congressman congresswoman representative envoy commander admiral dictator "
        "founder ceo chairman chairwoman prosecutor judge colonel lieutenant sheikh emir major brigadier captain "
        "sergeant marshal".split()
    ),
    "fr": frozenset(
        "ministre président présidente secrétaire porte-parole conseiller conseillère dirigeant "
        "dirigeante général ambassadeur ambassadrice directeur directrice chef maire sénateur sénatrice "
        "chancelier chancelière commissaire analyste roi reine pape m mme dr député députée gouverneur "
        "commandant amiral dictateur fondateur fondatrice procureur cheikh émir".split()
    ),
    "es": frozenset(
        "ministro ministra presidente presidenta primer secretario secretaria portavoz asesor asesora líder "
        "general embajador embajadora director directora jefe jefa alcalde alcaldesa senador senadora canciller "
        "comisario comisaria analista rey reina papa sr sra dr diputado diputada gobernador comandante almirante "
        "dictador fundador fundadora fiscal jeque emir".split()
    ),
    "pt": frozenset(
        "ministro ministra presidente presidenta primeiro secretário secretária porta-voz assessor líder general "
        "embaixador embaixadora diretor diretora chefe prefeito senador senadora chanceler comissário analista "
        "rei rainha papa sr sra dr deputado deputada governador comandante".split()
    ),
}
_PERSON_CUE_SUFFIXES = (
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "sprecher",
    "sprecherin",
    "chef",
    "chefin",
    "berater",
    "beraterin",
    "kanzler",
    "kanzlerin",
    "führer",
    "führerin",
    "sekretär",
    "sekretärin",
    "vorstand",
    "vorsitzende",
    "vorsitzender",
    "direktor",
    "direktorin",
    # occupations that announce a name as often (not "Investor": funds and companies too,
    # "der Investor Top Shine Global"): "Bundestrainer Gordon Herbert",
    # "Logistikunternehmer Klaus-Michael Kühne", "Kapitän Dennis Schröder"
    "trainer",
    "trainerin",
    "kapitän",
    "kapitänin",
    "unternehmer",
    "unternehmerin",
    "manager",
    "managerin",
    "spieler",
    "spielerin",
    "politiker",
    "politikerin",
    "anwalt",
    "anwältin",
    "richter",
    "richterin",
    "professor",
    "professorin",
    "regisseur",
    "regisseurin",
    "schauspieler",
    "schauspielerin",
)
# The same words alone are cues too ("Trainer Xabi Alonso"), in German text only; not
# "Richter", a surname as often ("Gerhard Richter"). Every German cue also in the genitive
# ("des Managers"): in the set itself, since English "-s" is a plural ("Founders").
PERSON_CUES["de"] |= frozenset(_PERSON_CUE_SUFFIXES[_PERSON_CUE_SUFFIXES.index("trainer") :]) - {"richter", "richterin"}
PERSON_CUES["de"] |= {cue + "s" for cue in PERSON_CUES["de"]}

# Head words of organizations' names (it/de/en/fr/es): bodies of state (courts, police,
# armed forces, guards, commissions, councils, agencies, assemblies), associations,
# federations, unions, parties, banks, committees, clubs, leagues, alliances.
ORG_HEADS: dict[str, frozenset[str]] = {
    "it": frozenset(
        "ministero agenzia organizzazione partito banca fondazione istituto università consiglio commissione "
        "corte tribunale esercito società gruppo compagnia associazione federazione unione fronte comitato "
        "servizio guardia movimento polizia marina aeronautica procura sindacato confederazione coalizione "
        "alleanza autorità assemblea lega club camera museo laboratorio biblioteca".split()
    ),
    "de": frozenset(
        "ministerium agentur organisation partei bank stiftung institut universität rat kommission gericht "
        "armee gesellschaft konzern gruppe verband bund union front komitee dienst garde bewegung polizei "
        "marine behörde gewerkschaft verein klub club liga allianz koalition ausschuss kammer gerichtshof "
        "streitkräfte museum bibliothek".split()
    ),
    "en": frozenset(
        "ministry agency organization organisation party bank foundation institute university council "
        "commission court army company group corporation inc ltd association union front committee service "
        "guard movement forces department office police navy tribunal authority league federation club "
        "alliance coalition confederation chamber assembly bureau airlines airways lines news broadcasting "
        "motors holdings industries technologies pharmaceuticals petroleum administration directorate "
        "secretariat institution society network unit command corps brigade brigades regiment force fund trust "
        "ventures partners bancorp securities insurance railways systems labs studios pictures "
        "entertainment mining logistics shipping telecom telecommunications semiconductor aerospace museum "
        "laboratory library press publishing engineering consulting hospital school college squad".split()
    ),
    "fr": frozenset(
        "ministère agence organisation parti banque fondation institut université conseil commission cour "
        "tribunal armée société groupe compagnie association fédération union front comité service garde "
        "mouvement police gendarmerie marine autorité ligue club coalition alliance confédération syndicat "
        "assemblée chambre musée laboratoire bibliothèque".split()
    ),
    "es": frozenset(
        "ministerio agencia organización partido banco fundación instituto universidad consejo comisión corte "
        "tribunal ejército empresa grupo compañía asociación federación unión frente comité servicio guardia "
        "movimiento policía armada marina fuerzas juzgado autoridad liga club coalición alianza confederación "
        "sindicato asamblea cámara fiscalía museo laboratorio biblioteca".split()
    ),
}
# Words of venues, buildings and events: a name with one of them is no person's.
_NOT_A_PERSON = frozenset(
    "arena stadium stadio stadion estadio stade cottage tower torre turm palace palazzo palast palais palacio "
    "airport aeroporto flughafen aéroport aeropuerto bridge ponte brücke contest festival cup prize award "
    "trophy games marathon grand prix "
    # streets, squares and spas: "Sloane Avenue", "Piazza Navona", "Casamicciola Terme" (not "Lane",
    # "Street", "Corso" or "Rue": surnames and first names too)
    "avenue boulevard piazza viale calle avenida straße strasse allee platz terme centre center".split()
)
# German compounds ending in one of these are organizations' head words too
# ("Bundesverband", "Bauernverband", "Raumfahrtbehörde", "Fußball-Bund").
_GERMAN_ORG_SUFFIXES = (
    "museum",
    "verband",
    "bund",
    "bank",
    "behörde",
    "agentur",
    "partei",
    "gericht",
    "gerichtshof",
    "kommission",
    "polizei",
    "gewerkschaft",
    "ministerium",
    "komitee",
    "ausschuss",
    "organisation",
    "stiftung",
    "institut",
    "konzern",
    "allianz",
    "union",
    "liga",
    "verein",
    "club",
    "klub",
    "rat",
)
_GERMAN_ORG_SUFFIX = re.compile(f"(?:{'|'.join(_GERMAN_ORG_SUFFIXES)})(?:es|s)?$")
# Adjectives in lower case after an organization's head word ("Guardia costiera",
# "Commission électorale nationale", "Policía Nacional"), by their endings.
_ADJECTIVE_ENDINGS: dict[str, tuple[str, ...]] = {
    "it": tuple(
        "ale ali ile ili ico ica ici iche ario aria ari arie ese esi ivo iva ivi ive ano ana ani ane iero iera "
        "ieri iere are ista isti ente enti".split()
    ),
    "fr": tuple(
        "al ale aux ales el elle els elles ique iques aire aires ien ienne iens iennes if ive ifs ives ais aise "
        "ier ière eur".split()
    ),
    "es": tuple("al ales ico ica icos icas ario aria ivo iva ero era ense ano ana és esa ior".split()),
    "pt": tuple("al ais ico ica ário ária ivo iva eiro eira ense ano ana ês esa ior".split()),
}
_DIGIT = re.compile(r"\d")
_GERMAN_ADJECTIVE_FORM = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:sch|lich|ig|al|är|ell|iv|an)(?:e|en|er|es|em)?")


def _has_head(word: str, heads: frozenset[str], lang: str) -> bool:
    """Whether a word is an organization's head word ("Corte"), or a German compound led to one."""
    low = word.lower()
    if low in heads:
        return True
    if lang != "de":
        return False
    last = re.split(r"[-‐‑]", low)[-1]
    m = _GERMAN_ORG_SUFFIX.search(last)
    return m is not None and (m.start() == 0 or m.start() >= 4)


# Nouns that announce a company, an outlet or a bank by name right after them (with a
# lower-case adjective or two between in it/fr/es): "the airline Ryanair", "the
# cybersecurity company CrowdStrike", "la compagnia aerea Ita", "la société minière Eramet",
# "la empresa pública Adif"; German compounds ending in one: "die Fluggesellschaft Lufthansa".
COMPANY_CUES: dict[str, frozenset[str]] = {
    "it": frozenset(
        "società compagnia azienda gruppo colosso banca emittente quotidiano giornale settimanale marchio "
        "startup multinazionale vettore operatore produttore costruttore fabbricante holding assicurazione "
        "casa osservatorio ong collettivo sindacato associazione".split()
    ),
    "en": frozenset(
        "company firm airline carrier bank lender broadcaster newspaper daily tabloid magazine conglomerate "
        "giant maker manufacturer carmaker automaker drugmaker chipmaker insurer operator startup retailer "
        "outlet developer contractor supplier producer provider utility miner refiner shipper "
        "group fund watchdog monitor charity ngo tank".split()
    ),
    "fr": frozenset(
        "société compagnie groupe entreprise banque chaîne quotidien journal hebdomadaire constructeur géant "
        "opérateur fabricant laboratoire assureur transporteur start-up firme média observatoire ong collectif "
        "syndicat".split()
    ),
    "es": frozenset(
        "compañía empresa aerolínea grupo banco cadena diario periódico constructora gigante operadora firma "
        "fabricante farmacéutica aseguradora petrolera multinacional naviera observatorio ong colectivo "
        "sindicato".split()
    ),
}
_GERMAN_COMPANY_CUES = (
    "gesellschaft",
    "konzern",
    "unternehmen",
    "hersteller",
    "sender",
    "zeitung",
    "firma",
    "airline",
    "fluglinie",
    "versicherer",
    "riese",
    "autobauer",
    "betreiber",
    "anbieter",
    "gruppe",
    "beobachtungsstelle",
    "versorger",
)


def _german_company_cue(low: str) -> bool:
    """A German compound ending in a company cue, in any case form: "Reisekonzerns", "Autobauern"."""
    return low.endswith(_GERMAN_COMPANY_CUES) or any(
        low.endswith(ending) and low[: -len(ending)].endswith(_GERMAN_COMPANY_CUES) for ending in ("es", "s", "en", "n")
    )


def _company_cue_before(doc: Doc, start: int, lang: str) -> bool:
    """Whether a company cue ends right before ``start`` (lower-case adjectives between in it/fr/es)."""
    cues = COMPANY_CUES.get(lang)
    if not cues:
        return False
    k = start - 1
    skipped = 0
    while k >= 0 and skipped < 2 and lang in ("it", "fr", "es") and doc[k].text.isalpha() and doc[k].text.islower():
        if doc[k].text.lower() in cues:
            return True
        if doc[k].text.lower() in function_words(lang):
            return False
        k -= 1
        skipped += 1
    return k >= 0 and doc[k].text.islower() and doc[k].text.lower() in cues


# Endings of English adjectives: "Independent Electoral and Boundaries Commission" is one
# name, "Virgin Money and Skipton Building Society" two.
_ENGLISH_ADJECTIVE = ("al", "ic", "ive", "ary", "ian", "an", "ous", "ent", "ant", "ern", "ese", "ish", "ed")
# Ordinary English words that open names of bodies, even at a sentence's start.
_ENGLISH_NAME_OPENERS = frozenset(
    "national federal central supreme international independent royal state united european african american "
    "democratic republican people's peoples popular islamic military civil public general special high "
    "constitutional electoral".split()
)
# Words of the English stop list that open names when capitalised in mid-sentence.
_ENGLISH_STOP_OPENERS = frozenset("first second third one new all top former great".split())
# Heads of ministries: named by their role ("il ministero degli Esteri", "le ministère de
# la Santé"), of no country the name says, so the name finder leaves them (the table
# lists the ministries that act in the news, with their country).
MINISTRY_HEADS = frozenset("ministero ministère ministerio ministry ministerium ministerie".split())
# Words of a government body named by its role: "Consejo de Ministros", "Consiglio dei ministri".
GOVERNMENT_WORDS = frozenset(
    "ministri ministros ministres ministers minister ministerrat governo gobierno gouvernement government "
    "regierung".split()
)
# Lower-case words allowed inside an organization's or person's name.
_CONNECTORS = frozenset(
    "di del della dei degli delle per für der des of the for de du des la le pour los las para "
    "van von bin al el da dos do das l' l’ d' d’ dell' dell’ dall' dall’ all' all’ nell' nell’".split()
)
# Languages written without spaces between words (or with particles glued to
# nouns, as Korean): the gazetteer matches substrings there, not tokens.
UNSPACED = frozenset({"ko", "ja", "zh", "th"})
_PERSON_PARTICLES = frozenset("de di da van von der bin al el ibn dos del la le".split())
# After these a capital's name is the place, not the state ("a Mosca", "in Moscow").
# Not "from": "Aus Washington gratulierte Trump" is the government speaking.
LOCATIVES: dict[str, frozenset[str]] = {
    "it": frozenset({"a", "in", "verso"}),
    "de": frozenset({"in", "nach", "bei"}),
    "en": frozenset({"in", "to", "at", "into"}),
    "fr": frozenset({"à", "a", "en", "vers"}),
    "es": frozenset({"en", "a", "hacia", "hasta"}),
    "pt": frozenset({"em", "a", "no", "na", "para"}),
}
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{2,6}")
# Derived German nouns the lemma tables miss ("Lockerung", "Sicherheit").
_GERMAN_NOUN_SUFFIX = re.compile(r".{3,}(ung|heit|keit|schaft|tion|tät|ismus|nis|ität|ierung|ment)(en|s)?$")
CONJUNCTIONS = frozenset("e o ed od y u und oder and or et ou".split())
PLACE_PREFIXES = frozenset(
    "são san santa santo saint sainte st sankt new nueva nuovo nouvelle port porto puerto fort bad".split()
)
GEO_WORDS = frozenset(
    "nord sud est ovest orientale occidentale settentrionale meridionale centrale north south east west eastern "
    "western northern southern central middle far near nordost südost nördlich südlich östlich westlich "
    "orient oriental occidental septentrional méridional norte sur este oeste oriente pacifico pacific pazifik "
    "pacifique pacífico atlantico atlantic atlantik atlantique atlántico haut haute bas basse upper lower alto "
    "alta bajo baja".split()
)
# Words that make a name a place, never a person: at its end ("Red Sea", "Lagos State",
# "Persian Gulf", "Rotes Meer"), or at its start ("Mar Rosso", "Lake Chad", "Golfe de
# Guinée", "Monte Bianco"); "Haut Atlas", "Upper Nile", "Baja California" by GEO_WORDS.
LOCATION_HEADS_AFTER = frozenset(
    "sea ocean state province region mountains mountain range river lake gulf bay strait straits island "
    "islands peninsula valley desert canal county district coast delta basin plateau meer see golf insel "
    "inseln gebirge".split()
)
LOCATION_HEADS_BEFORE = frozenset(
    "mar mare mer lago lac lake monte mont monts mount golfo golfe gulf cape cabo capo isla isola île îles "
    "río rio fiume fleuve canale stretto détroit estrecho sierra cordillera bay".split()
)
# German compounds naming a kind of place, right before its name: "die Ölstadt Schanaosen",
# "die Hafenstadt Odessa", "die Grenzregion Kursk".
_GERMAN_PLACE_SUFFIX = re.compile(r".+(stadt|städte|metropole|dorf|region|provinz|gemeinde|insel|hafen|ort)$")
# Broadcasters' head words: "Myawaddy TV", "Radio Free Asia" is the table's.
MEDIA_HEADS = frozenset("tv radio television télévision televisión televisione channel news fm".split())
_ROMAN = re.compile(r"[IVXLCDM]+")
# Abbreviations of things, not of organizations: economic measures, roles, technology,
# medicine, weapons (it/de/en/fr/es spellings). The name finder does not take them.
COMMON_ACRONYMS = frozenset(
    "GDP GNP PIL BIP PIB CPI IPC VAT IVA TVA MWST IPO ETF LNG GNL GPL CEO CFO COO CTO PDG SMS GPS "
    "USB PDF HTML URL DNA ADN RNA ARN HIV AIDS SIDA COVID SARS MRI ICU PTSD UAV ICBM IRBM SLBM MLRS "
    "HIMARS ATACMS IED RPG APC IFV CBRN GMT UTC CET CEST ESG PPP FAQ PIN VIP MEP KPI".split()
)


# --- the gazetteer ------------------------------------------------------------------


def _is_acronym_surface(surface: str) -> bool:
    """An all-capitals name: "TASS", "CIO", "ITAR-TASS", "G7" (matched only as written)."""
    return is_acronym(surface) and len(surface) <= 12


def title_case_acronym(surface: str, language: str) -> str | None:
    """The title-case form the press gives an acronym of 3+ letters ("Onu", "Nato", "Adnoc").

    None when that form is an ordinary word of the language ("Esa" in Spanish is
    "that", "Who" in English), or the surface is no plain acronym.
    """
    title = _title_case(surface)
    if title is None or title.lower() in lexicon(language):
        return None
    return title


def _sentence_case(surface: str, language: str, stops: Container[str]) -> str | None:
    """A name of capitalised words as the Romance press also writes it: only the first one capitalised.

    "Guardia di Finanza" is "Guardia di finanza" in many Italian papers, "Banque Centrale
    Européenne" "Banque centrale européenne". None where nothing would change, for German
    (its nouns are capitalised: "Die linke Hand" is no party), and for names that open with
    a function word ("La Repubblica", "Le Monde": "Le monde entier" is no newspaper).
    Acronyms inside keep their capitals.
    """
    words = surface.split(" ")
    if language == "de" or len(words) < 2 or words[0].lower() in stops or not words[0][:1].isupper():
        return None
    rest = [w[:1].lower() + w[1:] if w[:1].isupper() and not w.isupper() and w.isalpha() else w for w in words[1:]]
    lowered = " ".join([words[0], *rest])
    return lowered if lowered != surface else None


def _title_case(surface: str) -> str | None:
    """The title case of a plain acronym of 3-8 letters ("Coni" for "CONI"), None for anything else."""
    if not (3 <= len(surface) <= 8 and surface.isalpha() and surface.isupper()):
        return None
    return surface[0] + surface[1:].lower()


@dataclass
class Gazetteer:
    """PhraseMatchers over one language's aliases."""

    nlp: Language
    exact: PhraseMatcher
    caseless: PhraseMatcher
    keys: dict[int, tuple[str, str]]  # match id -> (actor id, alias kind); "" for contextual ones
    name_keys: dict[str, str]  # spelling-insensitive key -> actor id (people and organizations)
    contextual: dict[int, ContextualAlias] = field(default_factory=dict)  # match id -> candidates
    cued_tokens: dict[int, int] = field(default_factory=dict)  # match id -> tokens of the name after its cue
    # German compounds: names of organizations and countries that open a compound
    # ("Bundestagswahl", "Ukrainekrieg"), by surface.
    prefixes: dict[str, str] = field(default_factory=dict)
    # Lower-case demonyms (adjectives) -> country, for "filorussi", "pronorcoreanas".
    demonyms: dict[str, str] = field(default_factory=dict)
    # Match ids of acronyms in title case that are also ordinary words ("Coni": cones),
    # which count only inside a sentence, where an ordinary word is not capitalised.
    inside_only: frozenset[int] = frozenset()
    # Organizations' names that need a cue ("Bosch", "Chelsea", "Azione"), as token
    # texts -> actor id: in a list with another organization the list is their cue.
    cued_names: dict[tuple[str, ...], str] = field(default_factory=dict)


_GAZETTEERS: dict[tuple[str, str], Gazetteer] = {}


def gazetteer(table: ActorTable, language: str) -> Gazetteer:
    """The matcher for ``language`` over ``table`` (built once per table version)."""
    cache_key = (table.fingerprint, language)
    if cache_key in _GAZETTEERS:
        return _GAZETTEERS[cache_key]
    disk = _disk_cache_path(table, language)
    gaz = _read_disk_cache(disk, language) if disk is not None else None
    if gaz is None:
        gaz = _build_gazetteer(table, language)
        if disk is not None:
            _write_disk_cache(disk, gaz)
    # Every correction or table edit is a new fingerprint: keep the matchers of the
    # three latest tables only (a long-running dashboard must not pile them up).
    fingerprints = list(dict.fromkeys(f for f, _ in _GAZETTEERS))
    if table.fingerprint not in fingerprints and len(fingerprints) >= 3:
        for key in [k for k in _GAZETTEERS if k[0] == fingerprints[0]]:
            del _GAZETTEERS[key]
    _GAZETTEERS[cache_key] = gaz
    return gaz


# --- matchers kept on disk between processes ----------------------------------------
# Building a language's matchers tokenises some 80k alias patterns (seconds per
# language); a new CLI process or test run reads them back instead. The file is named
# by everything the build depends on: the table's files, this code, spaCy's versions.
_DISK_CACHE_FILES = 24  # the newest ones kept; a test run makes many small tables


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    # lookups missing: the lexicon is empty, which the key need not say
    here = Path(__file__).parent
    return diskcache.code_key([here / "entities.py", here / "actors.py"], ["spacy", "spacy-lookups-data"])


def _disk_cache_path(table: ActorTable, language: str) -> Path | None:
    if not table.fingerprint:
        return None
    return diskcache.cache_file(f"gazetteer-{language}-{table.fingerprint}-{_code_fingerprint()}.pickle")


def _read_disk_cache(path: Path, language: str) -> Gazetteer | None:
    fields = diskcache.read(path)
    if not isinstance(fields, dict):
        return None
    try:
        nlp = tokenizer_pipeline(language)
        for key in fields.pop("match_keys"):  # spans are labelled by them
            nlp.vocab.strings.add(key)
        return Gazetteer(nlp=nlp, **fields)
    except Exception as exc:  # noqa: BLE001 - a file of other fields: rebuild, never fail
        log.warning("matcher cache %s unreadable (%s); rebuilding", path, exc)
        return None


def _write_disk_cache(path: Path, gaz: Gazetteer) -> None:
    fields: dict[str, Any] = {name: getattr(gaz, name) for name in Gazetteer.__dataclass_fields__ if name != "nlp"}
    fields["match_keys"] = [gaz.nlp.vocab.strings[match_id] for match_id in gaz.keys]
    diskcache.write(path, fields, keep=_DISK_CACHE_FILES)


def _build_gazetteer(table: ActorTable, language: str) -> Gazetteer:
    from spacy.matcher import PhraseMatcher

    nlp = tokenizer_pipeline(language)
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
    keys: dict[int, tuple[str, str]] = {}
    cued_tokens: dict[int, int] = {}
    by_key: dict[str, list[Doc]] = {}
    caseless_by_key: dict[str, list[Doc]] = {}
    name_keys: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    inside_only: set[int] = set()
    cued_names: dict[tuple[str, ...], str] = {}
    ambiguous_keys: set[str] = set()
    words = lexicon(language)
    stops = function_words(language)
    for alias in table.aliases_for(language):
        actor = table.actors[alias.actor_id]
        if actor.type != "country" and alias.language not in (None, language) and alias.surface.lower() in words:
            continue  # Portuguese "Supremo" (Brazil's court) is a word in Italian: "il Supremo tribunale"
        if alias.kind == "cued":
            name_doc = nlp.make_doc(alias.surface)
            if actor.type == "organization":
                names = tuple(t.text for t in name_doc)
                if cued_names.setdefault(names, alias.actor_id) != alias.actor_id:
                    cued_names[names] = ""  # two organizations' name: neither
            # "red social X", "Plattform X": the cue and the name, as one pattern; the mention is the name.
            n_name = len(name_doc)
            match_key = f"{alias.actor_id}|cued|{n_name}"
            cued_tokens[nlp.vocab.strings.add(match_key)] = n_name
            keys[nlp.vocab.strings[match_key]] = (alias.actor_id, "cued")
            docs = by_key.setdefault(match_key, [])
            for cue in alias.cues:
                for variant in {cue, cue[:1].upper() + cue[1:]}:
                    docs.append(nlp.make_doc(f"{variant} {alias.surface}"))
                    if len(alias.surface) == 1:  # "su X." is one token "X." (as an initial would be)
                        docs.append(nlp.make_doc(f"{variant} {alias.surface}."))
            continue
        match_key = f"{alias.actor_id}|{alias.kind}"
        keys[nlp.vocab.strings.add(match_key)] = (alias.actor_id, alias.kind)
        if alias.kind == "demonym":
            caseless_by_key.setdefault(match_key, []).append(nlp.make_doc(alias.surface))
            if alias.surface.isalpha():  # lower-cased: "Sino-American" as well as "filorussi"
                demonyms.setdefault(alias.surface.lower(), alias.actor_id)
            continue
        docs = by_key.setdefault(match_key, [])
        docs.append(nlp.make_doc(alias.surface))
        if (
            language == "de"
            and actor.type == "person"
            and alias.kind == "name"
            and alias.surface[-1:].isalpha()
            and alias.surface[-1:].lower() not in "sxzß"
        ):
            docs.append(nlp.make_doc(alias.surface + "s"))  # genitive: "Tokajews Bitte", "Lawrows Worte"
        if len(alias.surface) > 3 and not alias.surface.isupper():
            docs.append(nlp.make_doc(alias.surface.upper()))  # headlines in capitals
        if actor.type == "organization" and (lowered := _sentence_case(alias.surface, language, stops)) is not None:
            docs.append(nlp.make_doc(lowered))  # "Guardia di finanza", "Banque centrale européenne"
        if (title := title_case_acronym(alias.surface, language)) is not None:
            docs.append(nlp.make_doc(title))  # "Onu", "Nato", "Adnoc": the acronym as the press writes it
        elif language not in ("en", "de") and (title := _title_case(alias.surface)) is not None:
            # "del Coni": inside a sentence only. English keeps "Who" out: headlines capitalise
            # words; German every noun ("der Bund" is the federation, not the BUND).
            inside_key = f"{match_key}|inside"
            inside_only.add(nlp.vocab.strings.add(inside_key))
            keys[nlp.vocab.strings.add(inside_key)] = (alias.actor_id, alias.kind)
            by_key.setdefault(inside_key, []).append(nlp.make_doc(title))
        if (
            language == "de"
            and alias.kind == "name"
            and actor.type in ("organization", "country")
            and len(alias.surface) >= 4
            and alias.surface.replace("-", "").isalpha()
            and not alias.surface.isupper()
            and not alias.surface.startswith("-")
            and alias.surface.lower() not in stops  # "Mehr" (the agency) opens "Mehrwertsteuer"
        ):
            prefixes.setdefault(alias.surface, alias.actor_id)  # "Bundestag", "EU-Kommission"
        # Acronyms match only as written (or in title case, above): "Ciò" must not become
        # the IOC ("CIO") by its key, nor "TAS" the agency TASS (the key drops doubled letters).
        if actor.type in ("person", "organization") and not _is_acronym_surface(alias.surface):
            k = name_key(alias.surface)
            if k and name_keys.get(k, actor.id) != actor.id:
                ambiguous_keys.add(k)
            name_keys[k] = actor.id
    contextual: dict[int, ContextualAlias] = {}
    for ctx in table.contextual_for(language):
        match_key = f"ctx|{ctx.surface}"
        match_id = nlp.vocab.strings.add(match_key)
        keys[match_id] = ("", "contextual")
        contextual[match_id] = ctx
        docs = by_key.setdefault(match_key, [nlp.make_doc(ctx.surface)])
        if len(ctx.surface) > 3 and not ctx.surface.isupper():
            docs.append(nlp.make_doc(ctx.surface.upper()))
        if (lowered := _sentence_case(ctx.surface, language, stops)) is not None:
            docs.append(nlp.make_doc(lowered))
        if (title := title_case_acronym(ctx.surface, language)) is not None:
            docs.append(nlp.make_doc(title))
    for match_key, docs in by_key.items():
        exact.add(match_key, docs)
    for match_key, docs in caseless_by_key.items():
        caseless.add(match_key, docs)
    for k in ambiguous_keys:
        name_keys.pop(k, None)
    return Gazetteer(
        nlp,
        exact,
        caseless,
        keys,
        name_keys,
        contextual,
        cued_tokens,
        prefixes,
        demonyms,
        frozenset(inside_only),
        {names: actor_id for names, actor_id in cued_names.items() if actor_id},
    )


# Words that join the items of a list: "Bosch, ZF und Continental", "Chelsea et Manchester City".
_LIST_JOINERS = frozenset([",", "e", "ed", "et", "y", "und", "and", "sowie", "o", "oder", "ou", "or"])


def _listed_beside(
    processed: list[tuple[Doc, int, set[int]]], gaz: Gazetteer, table: ActorTable, result: EntityResult, lang: str
) -> list[tuple[Actor, int, int]]:
    """Names that need a cue, in a list with an organization the table found: (actor, start, end) chars.

    "Zulieferer wie Bosch, ZF und Continental": ZF is found, so Bosch and Continental
    are the companies, not a surname and an adjective; "contre le Paris Saint-Germain,
    Chelsea et Manchester City": the clubs, not the London district. A list's item is
    one word or joiner away from the next; the items found so go on the list in turn.
    """
    if not gaz.cued_names:
        return []
    longest = max(len(names) for names in gaz.cued_names)
    words = lexicon(lang)
    offsets = [offset for _, offset, _ in processed]
    anchors: list[list[tuple[int, int]]] = [[] for _ in processed]
    for m in result.mentions:
        if result.entities[m.entity_id].type != "organization":
            continue
        k = bisect.bisect_right(offsets, m.start) - 1  # the paragraph it is in
        doc, offset, _ = processed[k]
        span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        if span is not None:
            anchors[k].append((span.start, span.end))
    found: list[tuple[Actor, int, int]] = []
    for (doc, offset, taken), doc_anchors in zip(processed, anchors, strict=True):
        found += _beside(doc, offset, taken, doc_anchors, gaz, table, longest, words)
    return found


def _beside(
    doc: Doc,
    offset: int,
    taken: set[int],
    anchors: list[tuple[int, int]],
    gaz: Gazetteer,
    table: ActorTable,
    longest: int,
    words: Container[str],
) -> list[tuple[Actor, int, int]]:
    """One paragraph's list items beside its ``anchors`` (token spans), as :func:`_listed_beside`."""
    found: list[tuple[Actor, int, int]] = []
    while anchors:
        start, end = anchors.pop()
        candidates = []
        if end + 1 < len(doc) and doc[end].text in _LIST_JOINERS:
            candidates += [(end + 1, end + 1 + n) for n in range(longest, 0, -1)]
        if start >= 2 and doc[start - 1].text in _LIST_JOINERS:
            candidates += [(start - 1 - n, start - 1) for n in range(longest, 0, -1)]
        for s, e in candidates:
            if s < 0 or e > len(doc) or any(i in taken for i in range(s, e)):
                continue
            before = doc[s - 1] if s > 0 else None
            if (
                before is not None
                and before.text[:1].isupper()
                and (not before.is_sent_start or before.text.lower() not in words)
            ) or (e < len(doc) and doc[e].text[:1].isupper()):
                continue  # part of a longer name: "Harrison Ford and Disney" is no Ford company
            actor_id = gaz.cued_names.get(tuple(t.text for t in doc[s:e]))
            if actor_id is None:
                continue
            taken.update(range(s, e))
            found.append((table.actors[actor_id], offset + doc[s].idx, offset + doc[e - 1].idx + len(doc[e - 1].text)))
            anchors.append((s, e))
            break
    return found


def _substring_matches(text: str, table: ActorTable, lang: str) -> list[tuple[int, int, str]]:
    """Longest-first substring matches of the language's aliases (for unspaced scripts)."""
    pattern, owners = _substring_pattern(table, lang)
    if pattern is None:
        return []
    return [(m.start(), m.end(), owners[m.group(0)]) for m in pattern.finditer(text)]


_SUBSTRING_PATTERNS: dict[tuple[str, str], tuple[re.Pattern[str] | None, dict[str, str]]] = {}


def _substring_pattern(table: ActorTable, lang: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    key = (table.fingerprint, lang)
    if key not in _SUBSTRING_PATTERNS and len(_SUBSTRING_PATTERNS) >= 16:
        _SUBSTRING_PATTERNS.clear()  # old table versions (each correction is one)
    if key not in _SUBSTRING_PATTERNS:
        owners = {a.surface: a.actor_id for a in table.aliases_for(lang) if a.kind != "demonym"}
        surfaces = sorted(owners, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(s) for s in surfaces)) if surfaces else None
        _SUBSTRING_PATTERNS[key] = (pattern, owners)
    return _SUBSTRING_PATTERNS[key]


@dataclass(frozen=True)
class TableMatch:
    """A gazetteer match: the span, its actor and alias kind.

    ``actor_id`` is "" for a contextual surface (``contextual`` holds its
    candidates); ``inner`` marks an organization named inside another one's
    name ("Conseil de sécurité de l'ONU": the UN), recorded besides it.
    """

    span: Span
    actor_id: str
    kind: str
    contextual: ContextualAlias | None = None
    inner: bool = False
    trim: int = 0  # characters at the span's end that are not the name ("X." at a sentence's end)
    # A contextual name's country named right beside it ("Tribunal Constitucional del Perú",
    # "Corte costituzionale peruviana", "Peru's Constitutional Court", "Perus Verfassungsgericht").
    near_country: str | None = None

    @property
    def end_char(self) -> int:
        """Where the name ends in the paragraph."""
        return self.span.end_char - self.trim


def _table_spans(doc: Doc, gaz: Gazetteer, table: ActorTable) -> list[TableMatch]:
    import spacy
    from spacy.tokens import Span

    found = [
        Span(doc, s, e, label=m) for m, s, e in gaz.exact(doc) if m not in gaz.inside_only or not doc[s].is_sent_start
    ]
    found += [Span(doc, s, e, label=m) for m, s, e in gaz.caseless(doc)]
    spans = spacy.util.filter_spans(found)  # longest wins: "Corea del Nord" over "Corea"
    out: list[TableMatch] = []
    for span in spans:
        actor_id, kind = gaz.keys[span.label]
        if kind == "cued":
            n = gaz.cued_tokens[span.label]
            name = Span(doc, span.end - n, span.end, label=span.label)
            trim = 1 if name.text.endswith(".") and len(name.text) == 2 else 0
            out.append(TableMatch(name, actor_id, kind, trim=trim))
            continue
        if kind == "contextual":
            out.append(TableMatch(span, "", kind, gaz.contextual[span.label]))
            continue
        if kind == "demonym" and (_names_a_language(span) or _a_surname(span)):
            continue
        out.append(TableMatch(span, actor_id, kind))
        if table.actors[actor_id].type == "organization" and len(span) > 1:
            out += _inner_matches(span, actor_id, found, gaz, table)
    return out


# "in inglese", "en anglais", "auf Englisch", "in English": the language, not the country.
_IN_LANGUAGE = frozenset(["in", "en", "auf"])
_AFTER_LANGUAGE = frozenset(["e", "ed", "et", "y", "und", "and", "o", "ou", "oder", "or"])


def _names_a_language(span: Span) -> bool:
    """A demonym right after "in"/"en"/"auf": a language named ("una video in inglese").

    In English, where an adjective comes before its noun ("in British waters"), only
    before a pause or "and".
    """
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ not in _IN_LANGUAGE:
        return False
    if doc.lang_ != "en":
        return True
    return span.end == len(doc) or doc[span.end].is_punct or doc[span.end].lower_ in _AFTER_LANGUAGE


def _a_surname(span: Span) -> bool:
    """A capitalised demonym right after a first name is a surname: "Oskar Deutsch", "Gary English"."""
    if span.start == 0 or not span.text[:1].isupper() or len(span) != 1:
        return False
    doc = span.doc
    before = doc[span.start - 1]
    after = doc[span.end] if span.end < len(doc) else None
    if doc.lang_ == "de" and after is not None and after.text[:1].isupper() and after.lower_ in lexicon("de"):
        return False  # an adjective before its noun: "zum ersten Mal Deutscher Meister"
    return before.text[:1].isupper() and before.lower_ in first_names() and not before.is_sent_start


def _inner_matches(
    outer: Span, outer_id: str, found: list[Span], gaz: Gazetteer, table: ActorTable
) -> list[TableMatch]:
    """Actors named inside an organization's name, recorded besides it.

    The organization it is part of ("Conseil de sécurité de l'ONU": the UN, by
    ``part_of`` in the table; "Democratic Party" inside "Social Democratic Party"
    is no such thing), and a country by its name (not a demonym: "Deutsche Bank")
    when the organization is international or that country's own
    ("NATO-Ukraine Council", "Atomic Energy Organization of Iran").
    """
    import spacy

    parents = table.ancestors(outer_id)
    country = table.actors[outer_id].country
    inner = []
    for span in found:
        if span.start < outer.start or span.end > outer.end or (span.start, span.end) == (outer.start, outer.end):
            continue
        actor_id, kind = gaz.keys[span.label]
        if kind != "name" or actor_id == outer_id:
            continue
        actor = table.actors[actor_id]
        if actor_id in parents or (actor.type == "country" and country in (None, actor.country)):
            inner.append(span)
    return [TableMatch(s, gaz.keys[s.label][0], "name", inner=True) for s in spacy.util.filter_spans(inner)]


# --- the name finder ------------------------------------------------------------------


def _is_cap(token: Any) -> bool:
    text = token.text
    return (len(text) > 1 and text[0].isupper() and not text.isupper()) or bool(_ACRONYM.fullmatch(text))


_POSSESSIVES = frozenset({"'s", "’s"})
# Irregular plurals whose possessive names a body: "Women's", "Children's", "People's".
_PLURAL_POSSESSORS = frozenset({"women", "children", "men", "people"})


def _possessive_at(doc: Doc, j: int) -> int:
    """Tokens of an English possessive of a common noun at ``j``, inside a name: "Women's Health".

    "'s" as one token (English, Italian) or "'" glued to the noun and "s" (French); the
    noun an English word ("Women", "Children", "Veterans"), a capitalised word after it.
    """
    n = len(doc)
    if doc[j].text not in _POSSESSIVES and doc[j].text != "s":
        return 0
    if j < 1 or not doc[j - 1].text[:1].isupper():
        return 0
    noun = doc[j - 1].text.rstrip("'’").lower()
    if noun not in _PLURAL_POSSESSORS and not (noun.endswith("men") and noun in lexicon("en")):
        return 0  # "Trump's Republican Party" is his party, not a name
    glued = not doc[j - 1].whitespace_
    if not glued or not (doc[j].text in _POSSESSIVES or (doc[j].text == "s" and doc[j - 1].text[-1:] in "'’")):
        return 0
    return 1 if j + 1 < n and _is_cap(doc[j + 1]) and not _ACRONYM.fullmatch(doc[j + 1].text) else 0


def _candidate_spans(
    doc: Doc, taken: set[int], lang: str, country_tokens: Container[int] = frozenset()
) -> Iterable[tuple[int, int]]:
    """Maximal runs of capitalised tokens (with connectors inside), skipping matched tokens.

    A country's name or adjective the table matched stays inside a name when connectors
    lead to it and a capitalised word follows: "Bank of the Philippine Islands".
    """
    i, n = 0, len(doc)
    while i < n:
        if i in taken or not _is_cap(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n and j not in taken and not _ACRONYM.fullmatch(doc[i].text):
            tok = doc[j]
            if _ACRONYM.fullmatch(tok.text):
                break  # "NATO Mark Rutte": an acronym is a name of its own
            if _is_cap(tok):
                j += 1
                continue
            if tok.text in ("O'", "O’") and j + 1 < n and j + 1 not in taken and _is_cap(doc[j + 1]):
                j += 2  # "Conan O'Brien": Romance tokenizers split the Irish "O'" off as an elision
                continue
            if (width := _possessive_at(doc, j)) and j + width not in taken:
                j += width  # "the Jackson Women's Health Organization"
                continue
            # "Lee Jae-myung", "Han Dong-hoon": a lower-case syllable after a hyphen.
            if (
                tok.text in "-‐‑"
                and j + 1 < n
                and doc[j + 1].text.isalpha()
                and doc[j + 1].text.islower()
                and (len(doc[j + 1].text) <= 6 and _is_cap(doc[j - 1]))
            ):
                j += 2
                continue
            # Connectors ("per l'", "of the", "-") join two capitalised parts of one name.
            k = j
            while k < n and k not in taken and (doc[k].text.lower() in _CONNECTORS or doc[k].text in "-‐‑"):
                k += 1
            if (
                k > j
                and k + 1 < n
                and k in country_tokens
                and doc[k].text[:1].isupper()
                and (k + 1) not in taken
                and _is_cap(doc[k + 1])
                and not _ACRONYM.fullmatch(doc[k + 1].text)
                # "ein Treffer des Schweizers Granit Xhaka", "des Nigerianers Victor Boniface":
                # an inhabitant in the genitive, or a first name after the country, starts a person.
                and not (lang == "de" and doc[k].text.endswith("ers"))
                and doc[k + 1].text.lower() not in first_names()
            ):
                j = k + 2  # "Bank of the Philippine Islands": the country's adjective inside a name
                continue
            if (
                k > j
                and k < n
                and k not in taken
                and _is_cap(doc[k])
                and not _ACRONYM.fullmatch(doc[k].text)
                and not _person_after_preposition(doc, k, lang)
            ):
                j = k + 1
            else:
                break
        yield i, j
        i = j


def _extend_after_head(
    doc: Doc, start: int, end: int, taken: set[int], lang: str, heads: frozenset[str], stops: frozenset[str]
) -> tuple[int, int]:
    """Where a name led by a capitalised head word ends, and how many lower-case words it took.

    In Italian, French, Spanish and Portuguese adjectives follow the noun:
    "la Guardia costiera", "la Commission électorale nationale", "Corte d'appello
    di Roma" (a connector and a noun, then a capitalised name). A head at a
    sentence's start is not known to be a name's, so it is not extended.
    """
    endings = _ADJECTIVE_ENDINGS.get(lang)
    if not endings or end <= start:
        return end, 0
    last = doc[end - 1]
    if not (
        _has_head(last.text, heads, lang) and last.text[:1].isupper() and (end - 1 > start or not last.is_sent_start)
    ):
        return end, 0
    j, added, n = end, 0, len(doc)
    while j < n and j not in taken and added < 4:
        tok = doc[j]
        low = tok.text.lower()
        if tok.text.isalpha() and tok.text.islower() and low not in stops and len(low) > 4 and low.endswith(endings):
            j, added = j + 1, added + 1  # "costiera", "électorale", "nationale"
            continue
        if low in GOVERNMENT_WORDS:
            break
        if low in _CONNECTORS and added < 2:
            k = j
            while k < n and k not in taken and doc[k].text.lower() in _CONNECTORS:
                k += 1
            if k >= n or k in taken:
                break
            nxt = doc[k]
            if _is_cap(nxt) and not _ACRONYM.fullmatch(nxt.text):
                m = k
                while m < n and m not in taken and _is_cap(doc[m]) and not _ACRONYM.fullmatch(doc[m].text):
                    m += 1
                return m, added + 1  # "... di Roma": a capitalised name closes it
            low_next = nxt.text.lower()
            if (
                nxt.text.isalpha()
                and nxt.text.islower()
                and low_next not in stops
                and low_next not in GOVERNMENT_WORDS
                and len(low_next) > 4
            ):
                j, added = k + 1, added + 1  # "d'appello", "de recensement"
                continue
        break
    return j, added


# Honorifics that open a name ("Mister Niet", "Lady Ashton"): English words, but a person's.
_HONORIFICS = frozenset("mister miss sir lord lady dame madame monsieur master".split())
# Particles inside Arabic, German and Dutch names, before a father's or a family name:
# "Musaed bin Mohammed Al-Aiban", "Sultan Al Jaber", "Ursula von der Leyen".
_NAME_INNER_PARTICLES = frozenset("bin ibn bint ben al el von van zu ould abu".split())
_VOWELS = frozenset("aeiouyàáâäèéêëìíîïòóôöùúûüÿ")


def _is_generation(word: str) -> bool:
    """A generational suffix after a name: "Jr.", "jr", "Sr."."""
    return word.lower().rstrip(".") in ("jr", "sr")


def _unpronounceable(word: str) -> bool:
    """A title-case word without a vowel is an acronym ("Tplf", "Pkk"), never a person's name."""
    return 3 <= len(word) <= 6 and word.isalpha() and word[:1].isupper() and not (_VOWELS & set(word.lower()))


def _cut_at_preposition(tokens: list[Any], firsts: frozenset[str]) -> list[Any]:
    """A person's name keeps only its own particles ("von der Leyen", "da Silva", "bin Salman").

    A connector that is no particle there ends it: "Vikram der Mission" (German
    "der" not after "von"), "Barcelona de Joan Laporta" (a first name follows).
    """
    for i, t in enumerate(tokens):
        low = t.text.lower()
        if i == 0 or low not in _CONNECTORS:
            continue
        prev = tokens[i - 1].text.lower()
        nxt = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
        particle = low in _PERSON_PARTICLES and (low not in ("der", "la", "le") or prev in _PERSON_PARTICLES)
        if not particle or (
            nxt in firsts
            and nxt not in _PERSON_PARTICLES
            and low not in _NAME_INNER_PARTICLES
            and t.text[:1].islower()  # "Giovanni Di Lorenzo": a capitalised particle is the surname's
        ):
            return tokens[:i]
    return tokens


def _german_name_like(named: list[Any], words: frozenset[str]) -> bool:
    """German capitalises every noun: a name also has an unknown word, an acronym or an adjective.

    "Bundesverband der Deutschen Industrie" (an adjective), "Raumfahrtbehörde
    Isro"; not "Kontrollzentrum der Raumfahrtbehörde" (only nouns).
    """
    for t in named:
        text = t.text
        if _ACRONYM.fullmatch(text) or _GERMAN_ADJECTIVE_FORM.fullmatch(text):
            return True
        if text.lower() not in words and not _common_noun(text, "de"):
            return True
    return False


def _person_after_preposition(doc: Doc, k: int, lang: str) -> bool:
    """A first name and a surname after a connector: "el Barcelona de Joan Laporta" is two names."""
    low = doc[k].text.lower()
    if (
        low not in first_names()
        or low in _PERSON_PARTICLES
        or low in function_words(lang)
        # A first name that is also a word ("Herbert", "Mariano") may start one, but not
        # in a role's complement: "Ministro degli Esteri Choe" is the foreign minister Choe.
        or (low in lexicon(lang) and k >= 2 and _is_cue(doc[k - 2].text, PERSON_CUES.get(lang, PERSON_CUES["en"])))
        or k + 1 >= len(doc)
        or (
            # "Mohammed bin Salman" is one name; "die Partei von Herbert Kickl" is a party and a person
            doc[k - 1].text.lower() in _NAME_INNER_PARTICLES
            and (k < 2 or doc[k - 2].text.lower() in first_names() or doc[k - 2].text.lower() not in lexicon(lang))
        )
    ):
        return False
    nxt = doc[k + 1]
    return _is_cap(nxt) and not _ACRONYM.fullmatch(nxt.text) and nxt.text.lower() not in lexicon(lang)


@lru_cache(maxsize=200_000)
def _common_noun(word: str, lang: str) -> bool:
    """German nouns the lemma tables miss: derived ("Lockerung") and compounds ("Gasleitung")."""
    if lang != "de":
        return False
    low = word.lower()
    if _GERMAN_NOUN_SUFFIX.match(low):
        return True
    return _compound(low, _german_words(), depth=2)


class _WordsWithout:
    """A lexicon without some words, without copying it."""

    def __init__(self, words: frozenset[str], without: frozenset[str]) -> None:
        self.words, self.without = words, without

    def __contains__(self, word: object) -> bool:
        return word in self.words and word not in self.without


@lru_cache(maxsize=1)
def _german_words() -> _WordsWithout:
    """German words only, for splitting compounds: "Armand" is no "Arm" + English "and"."""
    return _WordsWithout(lexicon("de"), _stop_words("en") - _stop_words("de"))


def _compound(low: str, words: Container[str], depth: int) -> bool:
    """Whether a German word splits into lexicon words (with linking -s-/-n-/-es-)."""
    for i in range(3, len(low) - 2):
        left, right = low[:i], low[i:]
        if len(right) < 3 or not (right in words or (depth > 1 and _compound(right, words, depth - 1))):
            continue
        if left in words or left[:-1] in words or left[:-2] in words:
            return True
    return False


def _german_noun_form(low: str, words: Container[str]) -> bool:
    """A German word of the lexicon, or its genitive or dative plural form ("Impfstoffs", "Ländern")."""
    if low in words:
        return True
    return any(
        low.endswith(ending) and len(low) - len(ending) >= 4 and low[: -len(ending)] in words
        for ending in ("es", "en", "s", "n")
    )


def _is_cue(word: str, cues: frozenset[str]) -> bool:
    low = word.lower().rstrip(".")
    # German cases and compounds too: "Ministerpräsidenten", "Bahn-Personalvorstand",
    # and the genitive of a compound: "des Bundestrainers" (not a plural -s: "Founders").
    base = low[:-2] if low.endswith("en") else low[:-1] if low.endswith("n") else low
    if any(form in cues or (len(form) > 8 and form.endswith(_PERSON_CUE_SUFFIXES)) for form in (low, base)):
        return True
    genitive = low[:-1] if low.endswith("s") else ""
    return len(genitive) > 8 and genitive.endswith(_PERSON_CUE_SUFFIXES)


def _cue_before(doc: Doc, start: int, cues: frozenset[str], window: int = 5) -> bool:
    sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    return any(_is_cue(doc[k].text, cues) for k in range(max(sent_start, start - window), start))


# One word with capitals inside ("SolarWinds", "GasBuddy", "DarkSide") names a company or a
# group; surnames written so open with a particle ("McCarthy", "DeSantis", "LeBron", "DiCaprio").
_CAMEL_CASE = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")
_CAMEL_SURNAME = re.compile(r"(?:Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|Fitz|St)[A-Z]")


def _find_names(
    doc: Doc,
    taken: set[int],
    lang: str,
    known: dict[str, str],
    person_words: Iterable[str] = (),
    country_tokens: Container[int] = frozenset(),
) -> list[tuple[int, int, str, str | None]]:
    """(start, end, type, table actor id or None) for names the table did not match.

    ``person_words``: parts of the people the table found in the article; "el
    partido de Yoon" is Yoon's party, not an organization called so.
    ``country_tokens``: the tokens of the countries the table found (names, adjectives).
    """
    person_words = set(person_words)
    words = lexicon(lang)
    stops = function_words(lang)
    firsts = first_names()
    cues = PERSON_CUES.get(lang, PERSON_CUES["en"])
    heads = ORG_HEADS.get(lang, ORG_HEADS["en"])
    sentence_starts = {s.start for s in doc.sents} if doc.has_annotation("SENT_START") else {0}
    found: list[tuple[int, int, str, str | None]] = []
    unclaimed: dict[int, int] = {}  # end -> start of capitalised runs that became no name
    previous: tuple[int, int, int] | None = None
    english_heads = ORG_HEADS["en"]
    for start, end in _candidate_spans(doc, taken, lang, country_tokens):
        if previous is not None and len(found) == previous[2]:
            unclaimed[previous[1]] = previous[0]
        previous = (start, end, len(found))
        if (
            lang == "en"
            and start >= 2
            and doc[start - 1].text == "and"
            and (start - 1) in unclaimed
            and _has_head(doc[end - 1].text, heads, lang)
            and not any(_has_head(t.text, heads, lang) for t in doc[unclaimed[start - 1] : start - 1])
            and (
                sum(t.text.lower() not in stops for t in doc[unclaimed[start - 1] : start - 1]) == 1
                or doc[start - 2].text.lower().endswith(_ENGLISH_ADJECTIVE)
            )
        ):
            start = unclaimed[start - 1]  # "Independent Electoral and Boundaries Commission"
        # "università di Bologna", "tribunale di Milano": a lower-case head word before the name.
        k = start - 1
        while k > 0 and doc[k].text.lower() in _CONNECTORS:
            k -= 1
        lower_head = k >= 0 and k < start - 1 and doc[k].text.lower() in heads and k not in taken
        if lower_head and doc[k + 1].text.lower() in ("al", "all'", "all’"):
            lower_head = False  # "frente al Palacio", "di fronte all'Ambasciata": "to the", not "of the"
        if lower_head and end - start == 1 and doc[start].text in person_words:
            lower_head = False
        if lower_head and k < start - 1 and doc[start].text.lower() in firsts and end - start >= 2:
            lower_head = False  # "il partito di André Ventura", "the party of David Seymour": a person's party
        if lower_head and _is_cue(doc[start].text, cues):
            lower_head = False  # "the office of President Mohammed Shahabuddin": the person, not an office
        if lower_head:
            start = k
        # "Guardia costiera", "Corte d'appello di Roma", "Commission électorale nationale":
        # lower-case adjectives and complements after a capitalised head word.
        end, described = _extend_after_head(doc, start, end, taken, lang, heads, stops)
        tokens = list(doc[start:end])
        head = next((k for k, t in enumerate(tokens) if _has_head(t.text, heads, lang)), None)
        english = lang == "en"
        if head is None and lang != "en" and len(tokens) >= 2:
            # An English name in another language's text: "la Refugee Health Organization".
            last = tokens[-1]
            if (
                last.text[:1].isupper()
                and last.text.lower() in english_heads
                and last.text.lower() not in words
                and _is_cap(tokens[-2])
            ):
                head, english = len(tokens) - 1, True
        if head is not None and tokens[head].text.lower() in MINISTRY_HEADS:
            continue  # "ministère de la Santé", "Ministero degli Esteri": a government body named by its role
        if head is not None and lang == "de":
            # German puts the adjectives and the compound's first parts before the head:
            # "des Deutschen Bauernverbands", "der Deutsche Fußball-Bund".
            while head > 0 and (
                (tokens[head - 1].text in "-‐‑" and head >= 2 and not tokens[head - 1].whitespace_)
                or (tokens[head].text in "-‐‑")
                or (_GERMAN_ADJECTIVE_FORM.fullmatch(tokens[head - 1].text) and not tokens[head - 1].is_sent_start)
            ):
                head -= 1
        if head is not None and english:
            # English puts the name's other words before the head: "Supreme Defence Council",
            # "United Airlines", "Federal Aviation Administration".
            while (
                head > 0
                and (
                    _is_cap(tokens[head - 1])
                    or (
                        (
                            tokens[head - 1].text in "-&"
                            or tokens[head - 1].text.lower() in ("and", "of", "for")
                            or tokens[head - 1].text in _POSSESSIVES
                            or (tokens[head - 1].text == "s" and tokens[head - 2].text[-1:] in "'’")
                        )
                        and head >= 2
                        and _is_cap(tokens[head - 2])
                    )
                )
                and (
                    tokens[head - 1].text.lower() not in stops
                    or not _is_cap(tokens[head - 1])
                    # "and First Republic Bank": a capitalised word in mid-sentence opens the name
                    or (not tokens[head - 1].is_sent_start and tokens[head - 1].text.lower() in _ENGLISH_STOP_OPENERS)
                )
                and not _is_cue(tokens[head - 1].text, cues)
                and not (
                    tokens[head - 1].is_sent_start
                    and tokens[head - 1].text.lower() in words
                    and head == 1
                    and tokens[head - 1].text.lower() not in _ENGLISH_NAME_OPENERS
                )
            ):
                head -= 1
        if head is not None and any(_is_cue(t.text, cues) for t in tokens[head + 1 :]):
            # "Kommission Präsident X": a role inside is a person's; cut the organization before it
            cut = next(i for i in range(head + 1, len(tokens)) if _is_cue(tokens[i].text, cues))
            tokens = tokens[:cut]
            end = tokens[-1].i + 1 if tokens else end
        named = (
            [t for t in tokens[head:] if _is_cap(t) and t.text.lower() not in GOVERNMENT_WORDS]
            if head is not None and tokens
            else []
        )
        if (
            head is not None
            and tokens
            and len(named) + described >= (1 if lower_head else 2)
            and (lang != "de" or _german_name_like(named, words))
        ):
            # "Agenzia Internazionale per l'Energia Atomica": ordinary words, but a name.
            while tokens and (tokens[-1].text.lower() in _CONNECTORS or tokens[-1].text in "-‐‑"):
                tokens.pop()
            s, e = tokens[head].i, tokens[-1].i + 1
            if (
                english
                and s > 0
                and (s - 1) in country_tokens
                and doc[s - 1].text[:1].isupper()
                and (s < 2 or (s - 2) not in country_tokens)
            ):
                s -= 1  # "the Australian Border Force", "the Rwanda Defence Force": the country's body
            if (
                lang == "de"
                and _german_company_cue(tokens[head].text.lower())
                and head + 1 < len(tokens)
                and _is_cap(tokens[head + 1])
            ):
                s = tokens[head + 1].i  # "der Pharmakonzern Bayer": the company is Bayer
            known_id = known.get(name_key(doc[s:e].text))
            found.append((s, e, "table", known_id) if known_id else (s, e, "organization", None))
            continue
        if any(t.text.lower() in _NOT_A_PERSON for t in tokens):
            continue  # "Estadio Nacional", "Rod Laver Arena", "Song Contest": a venue or an event
        # Drop leading ordinary words ("Die", "Il", "Außenminister", a sentence's first word).
        # A first name that is also a word ("Joe", "Mark", "Wladimir") stays, unless it
        # follows a role ("Ministro degli Esteri Choe": "Esteri" is part of the role).
        # A first name right after the role word stays ("Wirtschaftsminister Antoine Armand",
        # "Präsident Bernd Neuendorf"); after the role's connector it is the role's own word.
        after_role = False
        # "la vicepresidente Sara Duterte": a lower-case role right before the name counts too
        right_after_cue = (
            bool(tokens)
            and tokens[0].i > 0
            and doc[tokens[0].i - 1].text.islower()
            and _is_cue(doc[tokens[0].i - 1].text, cues)
        )
        company = _company_cue_before(doc, tokens[0].i, lang) if tokens else False
        while tokens and not _ACRONYM.fullmatch(tokens[0].text):
            low = tokens[0].text.lower()
            if lang == "de" and len(tokens) > 1 and _german_company_cue(low):
                company = True  # "die Fluggesellschaft Lufthansa", "der Pharmakonzern Bayer"
                tokens.pop(0)
                continue
            if (
                low in firsts
                and low in _calendar_abbreviations(lang)
                and len(tokens) > 1
                and _is_cap(tokens[1])
                and tokens[1].text.lower() not in words
            ):
                break  # "Jan Novák": a first name, not January's abbreviation
            cue = _is_cue(low, cues)
            role = low in _CONNECTORS or low in "-‐‑" or cue
            first_kept = (
                right_after_cue
                and low in firsts
                and len(tokens) > 1
                and (low not in stops or (lang != "de" and not tokens[0].is_sent_start and _is_cap(tokens[1])))
            )  # "la vicepresidente Sara Duterte": a first name that is also a stop word, after a role
            ordinary = low in words and (after_role or low not in firsts or low in stops) and not first_kept
            if company and low not in stops:
                # "la aerolínea Iberia", "der Versorger SachsenEnergie": a company's name may be a word
                ordinary = False
            # "Dennis", "Gordon" look like German nouns (-nis, -don) but open a name before a surname
            opens_name = low in firsts and len(tokens) > 1 and _is_cap(tokens[1])
            if not (
                role or ordinary or (_common_noun(low, lang) and not first_kept and not company and not opens_name)
            ):
                break
            after_role = after_role or role
            right_after_cue = cue
            tokens.pop(0)
        # "Minnesota Attorney General Keith Ellison": a role inside the run, then a first name
        # (or the run's last two or three words, none a word: "West Bengal Chief Minister
        # Mamata Banerjee"): the person is what follows the role.
        inner_cue = max(
            (
                k
                for k in range(len(tokens) - 1)
                if _is_cue(tokens[k].text, cues)
                and (
                    tokens[k + 1].text.lower() in firsts
                    or (
                        2 <= len(tokens) - k - 1 <= 3
                        and all(_is_cap(t) and t.text.lower() not in words for t in tokens[k + 1 :])
                    )
                )
            ),
            default=None,
        )
        if inner_cue is not None:
            tokens = tokens[inner_cue + 1 :]
        tokens = _cut_at_preposition(tokens, firsts)
        while tokens and (tokens[-1].text.lower() in _CONNECTORS or tokens[-1].text in "-‐‑"):
            tokens.pop()
        after = tokens[-1].i + 1 if tokens else 0
        if tokens and len(tokens) >= 2 and after < len(doc) and after not in taken and _is_generation(doc[after].text):
            tokens.append(doc[after])  # "Ferdinand Marcos Jr.": the son, not the father
        if not tokens or any(_DIGIT.search(t.text) for t in tokens):
            continue  # "Cop28 di Dubai", "Chandrayaan-3": events and things, not people
        s, e = tokens[0].i, tokens[-1].i + 1
        caps = [t for t in tokens if t.text.lower() not in _CONNECTORS and t.text not in "-‐‑"]
        unknown = [
            t
            for t in caps
            if t.text.lower() not in words
            and not _common_noun(t.text, lang)
            and not (lang == "de" and _german_noun_form(t.text.lower(), words))  # "Banken" = "Bank"
        ]
        text = doc[s:e].text
        key = name_key(text)
        if key in known and not _is_acronym_surface(text):  # "TAS" is not TASS
            found.append((s, e, "table", known[key]))
            continue
        if company and len(caps) <= 4 and not any(t.text.lower() in stops or _is_cue(t.text, cues) for t in caps):
            found.append((s, e, "organization", None))  # "the cybersecurity company CrowdStrike"
            continue
        last_low = caps[-1].text.lower() if caps else ""
        if len(caps) >= 2 and last_low in MEDIA_HEADS:
            found.append((s, e, "organization", None))  # "Myawaddy TV": a broadcaster
            continue
        if last_low in heads or (lang != "en" and last_low in ORG_HEADS["en"] and last_low not in words):
            continue  # "Health Organization": an organization's head word never ends a person's name
        if (
            last_low in LOCATION_HEADS_AFTER
            or caps[0].text.lower() in LOCATION_HEADS_BEFORE
            or (lang == "de" and s > 0 and _GERMAN_PLACE_SUFFIX.match(doc[s - 1].text.lower()) is not None)
            or (lang == "de" and _GERMAN_PLACE_SUFFIX.match(caps[0].text.lower()) is not None and len(caps) > 1)
        ):
            continue  # "Red Sea", "Lagos State", "Lake Chad", "die Ölstadt Schanaosen": places
        if len(caps) == 1:
            tok = caps[0]
            if (
                (_ACRONYM.fullmatch(tok.text) or _unpronounceable(tok.text))
                and not _ROMAN.fullmatch(tok.text)
                and tok.text.lower() not in words
                and tok.text.upper() not in COMMON_ACRONYMS
            ):
                found.append((s, e, "organization", None))  # "SVR", and "Tplf" as the Italian press writes TPLF
            elif _CAMEL_CASE.fullmatch(tok.text) and not _CAMEL_SURNAME.match(tok.text):
                found.append((s, e, "organization", None))  # "SolarWinds", "FireEye": a company's or group's name
            elif (
                unknown
                and not _common_noun(tok.text, lang)
                and s not in sentence_starts
                and _cue_before(doc, s, cues, window=2)
                and doc[s - 1].text.lower() not in _CONNECTORS
            ):  # not "il sindaco di Davao", "the mayor of Kharkiv": the role's place
                found.append((s, e, "person", None))  # "Kanzler Scholz", "il presidente russo Putin"
            continue
        if any(t.text.lower() in GEO_WORDS for t in caps) or caps[0].text.lower() in PLACE_PREFIXES:
            continue  # "Asia Orientale", "Middle East", "São Paulo": places, not people
        if (
            lang == "de"
            and any(t.text in "-‐‑" for t in tokens)
            and _german_noun_form(caps[-1].text.lower(), words)
            and not (caps[0].text.lower() in firsts and caps[0].whitespace_ and _cue_before(doc, s, cues, window=2))
        ):
            continue  # "Storm-Shadow-Raketen", "Grippe-Impfstoffs": a compound noun, not "Elisabeth Baume-Schneider"
        if (
            lang == "de"
            and len(caps) == 2
            and caps[0].text.endswith("s")
            and caps[0].text.lower() not in firsts
            and caps[1].text.lower() in words
        ):
            continue  # "Tokajews Bitte", "Orbáns Partei": a genitive and the noun it qualifies
        if (
            lang == "de"
            and len(caps) >= 2
            and not any(t.whitespace_ for t in tokens[:-1])
            and not _cue_before(doc, s, cues)
        ):
            continue  # "Corona-Pandemie": one hyphenated German word is a compound noun, no full name
        starts_with_first_name = caps[0].text.lower() in firsts
        # A first name and a surname that looks like a compound ("Bernd Neuendorf") after a role.
        named_after_role = (
            starts_with_first_name
            and len(caps) >= 2
            and (not _common_noun(caps[-1].text, lang) or _cue_before(doc, s, cues, window=2))
        )
        if not unknown and not named_after_role:
            continue  # every word is an ordinary word: "Casa Bianca" is in the table, "Der Westen" is not a name
        all_caps_unknown_or_names = all(
            (t.text.lower() not in words and not (lang == "de" and _german_noun_form(t.text.lower(), words)))
            or t.text.lower() in firsts
            for t in caps
        )
        # Two unknown words are a name only when the first is no English common noun
        # ("Rover Pragyan") and no preposition joins them ("Bayern de Múnich").
        unknown_pair = (
            all_caps_unknown_or_names
            and len(caps) >= 2
            and (caps[0].text.lower() not in lexicon("en") or caps[0].text.lower() in _HONORIFICS)
            and not any(t.text in _CONNECTORS and t.text.lower() not in _NAME_INNER_PARTICLES for t in tokens)
        )
        if len(caps) <= 4 and (_cue_before(doc, s, cues) or starts_with_first_name or unknown_pair):
            found.append((s, e, "person", None))
    return found


# --- statistical models ----------------------------------------------------------------


@lru_cache(maxsize=4)
def load_model(name: str) -> Language | None:
    """A statistical pipeline by package name, or None when it is not installed."""
    import spacy

    if not spacy.util.is_package(name):
        log.info("spaCy model %s is not installed; the name finder is used instead", name)
        return None
    return spacy.load(name, exclude=["lemmatizer"])


_MODEL_TYPES = {"PER": "person", "PERSON": "person", "ORG": "organization", "LOC": "location", "GPE": "location"}


# --- extraction --------------------------------------------------------------------------


def _unlisted_actor(surface: str, kind: str) -> Actor:
    """A found name's own actor: the same id for the same name everywhere."""
    return Actor(id="name:" + name_key(surface).replace(" ", "-"), name=surface, type=kind, country=None)


# How English names a kind of national body with its country (as English Wikipedia
# titles do): armed forces and police by the demonym ("Bolivian Army"), these with
# "of" ("Central Bank of Sri Lanka"), any other with the country in brackets
# ("National Assembly (Kenya)").
_DEMONYM_FIRST_KINDS = frozenset(["Army", "Navy", "Air Force", "Armed Forces", "Coast Guard", "Police", "Marines"])
_OF_COUNTRY_KINDS = frozenset(["Central Bank", "Supreme Court", "Constitutional Court", "Parliament", "High Court"])


def national_body_name(kind: str, country: str, table: ActorTable) -> str:
    """The English name of a country's body of ``kind`` ("Army", BO -> "Bolivian Army")."""
    demonym = country_words(table, "en")[2].get(country)
    if kind in _DEMONYM_FIRST_KINDS and demonym:
        return f"{demonym} {kind}"
    if kind in _OF_COUNTRY_KINDS:
        return f"{kind} of {_country_name(table, country)}"
    return f"{kind} ({_country_name(table, country)})"


def _unlisted_body(surface: str, ctx: ContextualAlias, country: str, table: ActorTable) -> Actor:
    """A national body the table lacks, by its kind's English name and its country's.

    "Banca centrale" of Sri Lanka: "Central Bank of Sri Lanka"; the same id in every
    language. Without an English name for the kind, the name as written, with the
    country's name in brackets ("Conseil constitutionnel (Senegal)").
    """
    if ctx.english and table.country_actor(country) is not None:
        name = national_body_name(ctx.english, country, table)
        # The table may list the body under another form of the name, without the shared
        # surface: "Japan Coast Guard" for "la Guardia costiera" in an article about Japan.
        country_name = _country_name(table, country)
        for form in (name, f"{country_name} {ctx.english}", f"{ctx.english} of {country_name}"):
            if (listed := _listed_organization(form, country, table)) is not None:
                return table.actors[listed]
        key = name_key(ctx.english).replace(" ", "-")
        return Actor(f"name:{key}-{country.lower()}", name, "organization", country)
    return _body_as_written(surface, country, table)


def _country_name(table: ActorTable, country: str) -> str:
    """The table's English name of a country ("Senegal"), its code if the table has none."""
    country_actor = table.country_actor(country)
    return country_actor.name if country_actor is not None else country


def _body_as_written(surface: str, country: str, table: ActorTable) -> Actor:
    """A country's body the table lacks, named as written with the country ("Federcalcio (Argentina)")."""
    name = f"{surface[:1].upper()}{surface[1:]} ({_country_name(table, country)})"
    return Actor(f"name:{name_key(surface).replace(' ', '-')}-{country.lower()}", name, "organization", country)


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, line) for each non-empty line: the unit entities are extracted in."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def extract_entities(
    text: str,
    sentences: list[Sentence],
    language: str,
    table: ActorTable,
    *,
    model: str | None = None,
    article_id: str | None = None,
) -> EntityResult:
    """Find every actor in an article's cleaned text; mentions carry sentence and offsets.

    The table's corrections apply last: merged ids become their target, and
    extractions marked wrong (everywhere, or in ``article_id``) are dropped.

    Paragraph by paragraph (names never cross a line), so memory stays bounded
    for any article size. The table goes first over the whole article (its
    countries resolve the surfaces several countries' institutions share), then
    the model or the name finder takes what it left.
    """
    lang = language if language != "und" else "xx"
    starts = [s.start for s in sentences]
    result = EntityResult()

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def add(actor: Actor, start_char: int, end_char: int, method: str) -> None:
        result.entities.setdefault(actor.id, actor)
        result.mentions.append(
            Mention(actor.id, sentence_of(start_char), start_char, end_char, text[start_char:end_char], method)
        )

    if lang in UNSPACED:
        for start_char, end_char, actor_id in _substring_matches(text, table, lang):
            add(table.actors[actor_id], start_char, end_char, "table")
        result.mentions.sort(key=lambda m: m.start)
        return apply_corrections(result, table, article_id)

    gaz = gazetteer(table, lang)
    nlp_model = load_model(model) if model else None
    paragraphs = _paragraphs(text)
    docs = gaz.nlp.pipe(line for _, line in paragraphs)
    start_set = set(starts)
    processed: list[tuple[Doc, int, set[int]]] = []
    pending: list[tuple[int, set[int], TableMatch]] = []
    country_tokens: list[set[int]] = []
    for (offset, line), doc in zip(paragraphs, docs, strict=True):
        # Sentence boundaries from the segmenter, so cues never reach into the previous sentence.
        for token in doc:
            token.is_sent_start = token.i == 0 or (offset + token.idx) in start_set
        first_mention = len(result.mentions)
        taken, contextual = _table_mentions(doc, offset, gaz, table, lang, add, line)
        countries: set[int] = set()
        for m in result.mentions[first_mention:]:
            if result.entities[m.entity_id].type == "country":
                span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
                countries.update(t.i for t in span or ())
        country_tokens.append(countries)
        pending += [(offset, taken, match) for match in contextual]
        processed.append((doc, offset, taken))
    _resolve_contextual(pending, result, table, add)
    for actor, start_char, end_char in _listed_beside(processed, gaz, table, result, lang):
        add(actor, start_char, end_char, "table")

    person_words = {
        part for m in result.mentions if result.entities[m.entity_id].type == "person" for part in m.surface.split()
    }
    model_docs = nlp_model.pipe(line for _, line in paragraphs) if nlp_model is not None else None
    for (doc, offset, taken), countries in zip(processed, country_tokens, strict=True):
        if model_docs is not None:
            for ent in next(model_docs).ents:
                model_kind = _MODEL_TYPES.get(ent.label_)
                tokens = doc.char_span(ent.start_char, ent.end_char, alignment_mode="expand")
                if model_kind is None or tokens is None or any(t.i in taken for t in tokens):
                    continue
                known_id = gaz.name_keys.get(name_key(ent.text))
                actor = table.actors[known_id] if known_id else _unlisted_actor(ent.text, model_kind)
                add(actor, offset + ent.start_char, offset + ent.end_char, "model")
                taken.update(t.i for t in tokens)
        else:
            for s, e, found_kind, found_id in _find_names(doc, taken, lang, gaz.name_keys, person_words, countries):
                span = doc[s:e]
                if found_kind == "person" and not found_id and (region := _subdivision(span.text)) is not None:
                    # "Uttar Pradesh", "Santa Cruz": a country's state or province, not a person
                    key = name_key(span.text).replace(" ", "-")
                    place = Actor(f"place:{key}", span.text, "location", region or None)
                    add(place, offset + span.start_char, offset + span.end_char, "name_finder")
                    taken.update(range(s, e))
                    continue
                # German organizations are named in the nominative: "des Deutschen Richterbunds" is
                # the Deutscher Richterbund, one entity across the cases it is written in.
                name = german_nominative(span.text) if lang == "de" and found_kind == "organization" else span.text
                actor = table.actors[found_id] if found_id else _unlisted_actor(name, found_kind)
                add(actor, offset + span.start_char, offset + span.end_char, "name_finder")
                taken.update(range(s, e))

    _merge_parenthesised_acronyms(result, text, table, lang, sentence_of)
    _resolve_surnames(result, processed, table, sentence_of)
    _shared_short_names(result, table)
    _english_found_names(result, table, lang)
    result.mentions.sort(key=lambda m: m.start)
    return apply_corrections(result, table, article_id)


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, str]:
    """Names of two words or more of countries' states, provinces and regions (pycountry) -> ISO code.

    "" when several countries have one by that name. One-word names are left out: many
    are first names ("Victoria", "Sofia").
    """
    import pycountry

    out: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if len(re.split(r"[\s-]+", sub.name)) >= 2:  # "Emilia-Romagna" too
            key = name_key(sub.name)
            out[key] = sub.country_code if out.get(key, sub.country_code) == sub.country_code else ""
    return out


def _subdivision(surface: str) -> str | None:
    """The country of the state or province ``surface`` names ("" if several), or None."""
    return _subdivisions().get(name_key(surface))


# Between a name and "(ACRONYM)": nothing, or the name's last words the finder did not
# take ("Agence mondiale antidopage (AMA)", "Fronte ... di liberazione del Tigrè (Tplf)").
_PARENTHESISED = re.compile(r"(?:\s+[\w'’-]+){0,2}\s*\(\s*$")
_PARENTHESIS = re.compile(r"\(\s*([^()\s]{2,14})\s*\)")
# Where the words that may spell out an acronym stop, going back from its parenthesis.
_CLAUSE_BREAK = re.compile(r"[,;:()\n«»“”\"]|[.!?]\s")


def _name_continues(gap: str) -> bool:
    """Words between a found name and "(": the rest of its name, "di Croce Rossa e Mezzaluna Rossa"."""
    words = gap.split()
    return (
        0 < len(words) <= 6
        and any(w[:1].isupper() for w in words)
        and all(w[:1].isupper() or w.lower() in _CONNECTORS or w.lower() in CONJUNCTIONS for w in words)
        and words[-1][:1].isupper()
    )


_LOWER_TAIL = re.compile(r"(?:,?\s+[a-zà-ÿ'’]+)+\s*\(\s*")


def _described_before(orgs: list[Mention], text: str, opening: int, short: str, table: ActorTable) -> Mention | None:
    """A found name whose lower-case rest runs on to a listed acronym's parenthesis.

    "il Partito dell'unione, della solidarietà e dello sviluppo (Usdp)": the name the
    finder cut at the comma, and every letter of the acronym an initial of its words.
    """
    letters = {c.lower() for c in short if c.isalpha()}
    for m in reversed(orgs):
        if m.end > opening or opening - m.end > 80 or m.entity_id in table.actors or m.method != "name_finder":
            continue
        gap = text[m.end : opening + 1]
        segments = [seg.split() for seg in gap.rstrip("( ").split(",") if seg.strip()]
        if (
            not _LOWER_TAIL.fullmatch(gap)
            or len(gap.split()) > 9
            or not all(seg[0] in _CONNECTORS or seg[0] in CONJUNCTIONS for seg in segments)
        ):
            return None  # "Partito democratico, che guida il governo (Pd)": a clause, not the name's rest
        initials = {w[0].lower() for w in re.split(r"[\s'’,-]+", text[m.start : opening]) if w}
        return m if letters <= initials else None
    return None


def _short_form(surface: str, lang: str) -> bool:
    """An acronym as the press writes it: "IEBC", "CISA", "Tplf", "Aemet", "Servel"."""
    if _is_acronym_surface(surface):
        return sum(c.isupper() for c in surface) >= 2 and surface.upper() not in COMMON_ACRONYMS
    return (
        3 <= len(surface) <= 8
        and surface.isalpha()
        and surface[0].isupper()
        and surface[1:].islower()
        and surface.lower() not in lexicon(lang)
    )


def _spelled_out(text: str, opening: int, short: str, lang: str) -> int | None:
    """Where the words spelling out ``short`` start, before its parenthesis (Schwartz-Hearst).

    Every letter of the acronym, from the last, is found going back through the words
    before "(", the first one at the start of a word: "Independent Electoral and
    Boundaries Commission (IEBC)", "Unidad Militar de Emergencias (UME)", "Office
    fédéral de la justice (OFJ)", "Agencia Estatal de Meteorología (Aemet)". At most
    as many words as the acronym has letters plus five (and twice its letters), within
    the clause; the first word is capitalised and no function word or role.
    """
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, opening - 200), opening)]
    window_start = breaks[-1] if breaks else max(0, opening - 200)
    words = list(re.finditer(r"\S+", text[window_start:opening]))
    letters = [c.lower() for c in short if c.isalnum()]
    if not words or not letters:
        return None
    words = words[-min(len(letters) + 5, 2 * len(letters)) :]
    base = window_start + words[0].start()
    long = text[base : window_start + words[-1].end()]
    low = long.lower()
    li = len(long) - 1
    for si in range(len(letters) - 1, -1, -1):
        c = letters[si]
        while li >= 0 and (low[li] != c or (si == 0 and li > 0 and long[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
    at = li + 1  # the acronym's first letter, at the start of a word or after an elision ("l'Office")
    first = at if at > 0 and long[at - 1] in "'’" else long.rfind(" ", 0, at) + 1
    head = long[first:].split()[0] if long[first:].split() else ""
    cues = PERSON_CUES.get(lang, PERSON_CUES["en"])
    if (
        not head[:1].isupper()
        or head.lower() in function_words(lang)
        or _is_cue(head, cues)
        or long[first:].strip() == short
        or (len(long[first:].split()) < 2 <= len(letters) and len(head) < 8)
    ):
        return None
    return base + first


def _merge_parenthesised_acronyms(
    result: EntityResult,
    text: str,
    table: ActorTable,
    lang: str = "en",
    sentence_of: Callable[[int], int] | None = None,
) -> None:
    """A name and its acronym in parentheses are one organization, named by the long form.

    The name is either one the table or the finder found right before "(ACRONYM)"
    ("Bundesverband ... (BDI)", "Agence mondiale antidopage (AMA)"), or the words
    that spell the acronym out ("Independent Electoral and Boundaries Commission
    (IEBC)"), which become a mention. A table actor absorbs a found one (an acronym the
    table lists names its long form too); of two found ones, the entity keeps the
    acronym's id, stable across articles and languages ("Tplf" = "TPLF"), and takes the
    long form as its name; every mention in the article of either, and every later use
    of the acronym alone, follows.
    """
    orgs = sorted(
        (m for m in result.mentions if result.entities[m.entity_id].type == "organization"), key=lambda m: m.start
    )
    by_start = {m.start: m for m in orgs}
    redirects: dict[str, str] = {}
    names: dict[str, str] = {}  # found id -> the long form it is named by
    added: list[Mention] = []
    for paren in _PARENTHESIS.finditer(text):
        opening, short = paren.start(), paren.group(1)
        inner_start, inner_end = paren.start(1), paren.end(1)
        acronym = by_start.get(inner_start)
        if acronym is not None and acronym.end != inner_end:
            acronym = None
        if acronym is None and not _short_form(short, lang):
            continue
        if acronym is not None and not (
            _is_acronym_surface(acronym.surface) or _unpronounceable(acronym.surface) or len(acronym.surface) <= 6
        ):
            continue
        # A name found right before it, or the words that spell it out.
        long = next(
            (
                m
                for m in orgs
                if m.end <= opening
                and (
                    opening - m.end <= 40
                    or (opening - m.end <= 80 and _name_continues(text[m.end : opening]))  # "... de la Croix-Rouge"
                )
                and (_PARENTHESISED.fullmatch(text[m.end : opening + 1]) or _name_continues(text[m.end : opening]))
                and (
                    _name_continues(text[m.end : opening])
                    or not any(w.lower() in CONJUNCTIONS for w in text[m.end : opening].split())
                )
            ),
            None,
        )
        if long is None and acronym is not None and acronym.entity_id in table.actors:
            long = _described_before(orgs, text, opening, short, table)
            if long is not None:
                grown = replace(long, end=len(text[:opening].rstrip()))
                grown = replace(grown, surface=text[grown.start : grown.end])
                result.mentions[result.mentions.index(long)] = grown
                orgs = [grown if m is long else m for m in orgs]
                long = grown
        if long is not None and _name_continues(text[long.end : opening]):
            # "Federazione internazionale delle società | di Croce Rossa (Ifrc)": the rest of the name.
            grown = Mention(long.entity_id, long.sentence, long.start, len(text[:opening].rstrip()), "", long.method)
            grown = replace(grown, surface=text[grown.start : grown.end])
            result.mentions[result.mentions.index(long)] = grown
            long = grown
            result.mentions[:] = [  # names inside it are parts of it ("Croce Rossa"), countries stay
                m
                for m in result.mentions
                if m is grown
                or not (m.start >= grown.start and m.end <= grown.end)
                or result.entities[m.entity_id].type == "country"
            ]
            orgs = [m for m in orgs if m in result.mentions or m.start == grown.start]
        spelled = _spelled_out(text, opening, short, lang) if _short_form(short, lang) else None
        end = len(text[:opening].rstrip())
        if spelled is not None and (long is None or spelled < long.start):
            inside = [m for m in result.mentions if m.start < end and m.end > spelled]
            if any(result.entities[m.entity_id].type == "person" for m in inside):
                spelled = None  # "President X (PX)"? a person's name is not spelled out here
            elif long is None or (long.end >= end - 1 and long.start > spelled):
                long = None  # the spelled-out words are the name: a mention of their own below
            else:
                spelled = None
        elif spelled is not None:
            spelled = None
        if long is None and spelled is None:
            continue
        if long is not None and acronym is not None and long.entity_id == acronym.entity_id:
            continue
        long_id = long.entity_id if long is not None else None
        long_listed = long_id in table.actors if long_id else False
        short_listed = acronym is not None and acronym.entity_id in table.actors
        if long_listed and short_listed:
            continue
        if short_listed:
            assert acronym is not None
            target = acronym.entity_id
        elif long_listed or (long is not None and result.entities[long.entity_id].country):
            assert long_id is not None
            target = long_id  # a table actor, or a body of a country ("Armed Forces (Sudan)")
        else:
            target = acronym.entity_id if acronym is not None else _unlisted_actor(short, "organization").id
            if long is not None:
                names[target] = result.entities[long.entity_id].name
            else:
                names[target] = text[spelled:end]
        if spelled is not None:
            # The spelled-out words are one mention; names the finder cut from them go.
            covered = [m for m in result.mentions if m.start >= spelled and m.end <= end and m.method == "name_finder"]
            for m in covered:
                if result.entities[m.entity_id].type == "organization":
                    redirects.setdefault(m.entity_id, target)
            result.mentions[:] = [m for m in result.mentions if m not in covered]
            sentence = sentence_of(spelled) if sentence_of else 0
            added.append(Mention(target, sentence, spelled, end, text[spelled:end], "name_finder"))
        if acronym is None:
            sentence = sentence_of(inner_start) if sentence_of else 0
            added.append(Mention(target, sentence, inner_start, inner_end, short, "name_finder"))
        for pair in (long, acronym):
            if pair is not None and pair.entity_id != target:
                redirects[pair.entity_id] = target
        # Later uses of the acronym alone are the same organization, found or not.
        for m in result.mentions:
            if m.surface == short and m.entity_id != target and m.entity_id not in table.actors:
                redirects[m.entity_id] = target
        if target not in table.actors:
            taken_at = {(m.start, m.end) for m in result.mentions} | {(m.start, m.end) for m in added}
            for use in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
                if (use.start(), use.end()) not in taken_at and not any(
                    m.start < use.end() and m.end > use.start() for m in result.mentions
                ):
                    sentence = sentence_of(use.start()) if sentence_of else 0
                    added.append(Mention(target, sentence, use.start(), use.end(), short, "name_finder"))
        if target not in result.entities:
            if target in table.actors:
                result.entities[target] = table.actors[target]
            else:
                result.entities[target] = Actor(target, short, "organization", None)
    if not redirects and not added and not names:
        return
    for source, target in list(redirects.items()):
        while target in redirects and redirects[target] != source and target != redirects[target]:
            target = redirects[target]
        redirects[source] = target
    seen = {(m.start, m.end) for m in result.mentions}
    result.mentions += [m for m in added if (m.start, m.end) not in seen]
    for i, m in enumerate(result.mentions):
        if m.entity_id in redirects:
            result.mentions[i] = Mention(redirects[m.entity_id], m.sentence, m.start, m.end, m.surface, m.method)
    for source in redirects:
        if source not in redirects.values():
            result.entities.pop(source, None)
    for entity_id, name in names.items():
        actor = result.entities.get(redirects.get(entity_id, entity_id))
        if actor is not None and actor.id not in table.actors:
            result.entities[actor.id] = Actor(actor.id, name, "organization", actor.country)
    used = {m.entity_id for m in result.mentions}
    for entity_id in [e for e in result.entities if e not in used]:
        del result.entities[entity_id]


def _english_found_names(result: EntityResult, table: ActorTable, lang: str) -> None:
    """Found organizations of a Romance-language text named in English where the glossary can.

    Without a translation the export would carry "Partido Liberal Democrático"; made of
    words of ``name_words.yaml`` it becomes "Liberal Democratic Party" (see
    :mod:`presslens.orgnames`). The id, the surfaces and a body's country stay; a name
    from a translation (``name_from_translation``) still replaces this one later.
    """
    if lang not in NAMED_LANGUAGES or not table.folder:
        return
    words = load_name_words(Path(table.folder) / "name_words.yaml", lang, table.fingerprint)
    if not words.words:
        return
    demonyms, places, _ = country_words(table, lang)
    main_country = _main_country(_country_counts(result, table))
    redirects: dict[str, str] = {}
    first_surface: dict[str, str] = {}
    for m in sorted(result.mentions, key=lambda m: m.start):
        first_surface.setdefault(m.entity_id, m.surface)
    for entity_id, actor in list(result.entities.items()):
        if actor.type != "organization" or not is_found_entity(entity_id) or entity_id not in first_surface:
            continue
        english = english_name(first_surface[entity_id], lang, words, demonyms, places, lexicon(lang))
        if english is None:
            continue
        listed = _listed_organization(english, actor.country or main_country, table)
        if listed is not None:
            # "Assemblea della Repubblica" in an article about Portugal: the table's Assembly of
            # the Republic (Portugal), which has no Italian name there, not a new organization.
            redirects[entity_id] = listed
            continue
        if actor.country:
            english += f" ({_country_name(table, actor.country)})"
        result.entities[entity_id] = replace(actor, name=english)
    if redirects:
        result.mentions = _to_listed(result.entities, result.mentions, redirects, table)


def _to_listed(
    entities: dict[str, Actor], mentions: list[Mention], redirects: dict[str, str], table: ActorTable
) -> list[Mention]:
    """``mentions`` of found entities re-pointed to the table actors they are (``redirects``).

    ``entities`` loses the found entities and gains the table actors.
    """
    out = []
    for m in mentions:
        if m.entity_id in redirects:
            target = redirects[m.entity_id]
            entities.setdefault(target, table.actors[target])
            m = Mention(target, m.sentence, m.start, m.end, m.surface, m.method)
        out.append(m)
    for source in redirects:
        entities.pop(source, None)
    return out


# Short names two countries share, with the country a bare one goes to by default: "Congo"
# is the Republic of the Congo unless the article names the DRC and not the Republic otherwise.
_SHARED_SHORT_NAMES = {"congo": ("CG", "CD"), "kongo": ("CG", "CD")}
_SHARED_DEFAULTS = frozenset(default for default, _ in _SHARED_SHORT_NAMES.values())


def _shared_short_names(result: EntityResult, table: ActorTable) -> None:
    """A bare "Congo" in an article about the DRC ("l'Église du Christ au Congo", "RDC") is the DRC."""
    by_country: dict[str, set[str]] = {}
    for m in result.mentions:
        if (actor := result.entities[m.entity_id]).type == "country" and actor.country:
            # the surface's key only where a shared name may be at stake
            key = name_key(m.surface) if actor.country in _SHARED_DEFAULTS else ""
            by_country.setdefault(actor.country, set()).add(key)
    for key, (default, other) in _SHARED_SHORT_NAMES.items():
        if key not in by_country.get(default, ()) or by_country[default] != {key} or other not in by_country:
            continue
        target = table.country_actor(other)
        if target is None:
            continue
        result.entities.setdefault(target.id, target)
        source = table.country_actor(default)
        result.mentions = [
            Mention(target.id, m.sentence, m.start, m.end, m.surface, m.method)
            if source is not None and m.entity_id == source.id and name_key(m.surface) == key
            else m
            for m in result.mentions
        ]
        if source is not None and not any(m.entity_id == source.id for m in result.mentions):
            result.entities.pop(source.id, None)


def _listed_organization(english: str, country: str | None, table: ActorTable) -> str | None:
    """The table organization an English name means in an article about ``country``, or None.

    Of the organizations going by that name, the one of ``country``; else the only one,
    if it belongs to no country (an international body).
    """
    candidates = table.organizations_named(english)
    if country is not None:
        of_country = [c for c in candidates if table.actors[c].country == country]
        if len(of_country) == 1:
            return of_country[0]
    if len(candidates) == 1 and table.actors[candidates[0]].country is None:
        return candidates[0]
    return None


def _country_counts(result: EntityResult, table: ActorTable) -> Counter[str]:
    """How often the article names each country: its name, its people and its institutions.

    Companies and media (listed organizations without a generic name such as "Senate") only
    break ties: an article about Australia's law on TikTok, Instagram and YouTube is not about the US.
    """
    institutions = table.institutions()
    counts: Counter[str] = Counter()
    for m in result.mentions:
        actor = result.entities[m.entity_id]
        if actor.country:
            company = actor.type == "organization" and actor.id in table.actors and actor.id not in institutions
            counts[actor.country] += 1 if company else 100
    return counts


def _main_country(counts: Counter[str]) -> str | None:
    """The country the article names most (``_country_counts``), alone (None on a tie or none)."""
    top = counts.most_common(2)
    return top[0][0] if top and (len(top) == 1 or top[1][1] < top[0][1]) else None


def apply_corrections(result: EntityResult, table: ActorTable, article_id: str | None = None) -> EntityResult:
    """Merged ids become the id they were merged into; extractions marked wrong go.

    Works for any id: "name:..." ids of the name finder and models included.
    """
    if not table.redirects and not table.rejections:
        return result
    kept: list[Mention] = []
    entities: dict[str, Actor] = {}
    seen: set[tuple[int, str]] = set()
    for m in result.mentions:
        actor = result.entities[m.entity_id]
        target = table.resolve(m.entity_id)
        if target != m.entity_id:
            actor = table.actors.get(target) or Actor(target, actor.name, actor.type, actor.country)
            m = Mention(target, m.sentence, m.start, m.end, m.surface, m.method)
        if table.is_rejected(target, m.surface, article_id) or (m.start, target) in seen:
            continue
        seen.add((m.start, target))  # two merged names at one place are one mention
        entities.setdefault(target, actor)
        kept.append(m)
    return EntityResult(entities, kept)


def resolve_by_country(ctx: ContextualAlias, counts: Counter[str], table: ActorTable) -> str | None:
    """The candidate whose country the article mentions most, or None (tie, or none mentioned).

    A generic name ("Supreme Court") also needs its country to be the article's most
    mentioned one, alone: the court of a country the article names once in passing is not meant.
    """
    scored = sorted(((counts.get(table.actors[c].country or "", 0), c) for c in ctx.candidates), reverse=True)
    best, winner = scored[0]
    if best == 0 or (len(scored) > 1 and scored[1][0] == best):
        return None
    if ctx.generic and (best < max(counts.values()) or sum(v == best for v in counts.values()) > 1):
        return None  # the court of a country named once in passing, or of one of two main countries
    return winner


def _resolve_contextual(
    pending: list[tuple[int, set[int], TableMatch]],
    result: EntityResult,
    table: ActorTable,
    add: Callable[[Actor, int, int, str], None],
) -> None:
    """Resolve the shared surfaces by the countries of the article's table mentions."""
    if not pending:
        return
    counts = _country_counts(result, table)
    article_country = _main_country(counts)
    for offset, taken, match in pending:
        ctx = match.contextual
        assert ctx is not None
        if match.near_country is not None:
            # "Tribunal Constitucional del Perú", "Corte costituzionale peruviana": the body of
            # the country named beside it, listed or not, whatever the article's main country.
            winner = next((c for c in ctx.candidates if table.actors[c].country == match.near_country), None)
            if winner is None and ctx.generic:
                actor = _unlisted_body(match.span.text, ctx, match.near_country, table)
                add(actor, offset + match.span.start_char, offset + match.span.end_char, "table")
                continue
        else:
            winner = resolve_by_country(ctx, counts, table)
        if (
            winner is None
            and match.near_country is None
            and ctx.generic
            and article_country is not None
            and (len(match.span) > 1 or (ctx.english is not None and match.span.doc.lang_ != "de"))
            and _names_an_institution(match.span, ctx)
            and all(counts[article_country] >= 2 * counts.get(table.actors[c].country or "", 0) for c in ctx.candidates)
        ):
            # "le Conseil constitutionnel" in an article about Senegal (its mentions at least
            # twice any candidate's country's), which the table lacks: Senegal's council,
            # "Constitutional Council (Senegal)", never France's. Otherwise nothing is sure enough.
            actor = _unlisted_body(match.span.text, ctx, article_country, table)
            add(actor, offset + match.span.start_char, offset + match.span.end_char, "table")
            continue
        if winner is None:
            taken.difference_update(range(match.span.start, match.span.end))  # the name finder may take it
            continue
        add(table.actors[winner], offset + match.span.start_char, offset + match.span.end_char, "table")


# Heads of names that are parties and movements, not institutions every country has:
# their shared short forms ("Sociaux-démocrates", "Labor", "los socialistas") never make
# a body of the article's country that the table lacks.
_PARTY_HEADS = frozenset(
    "partito partei parti partido party movimento mouvement movimiento bewegung movement lega ligue liga league "
    "fronte front frente alleanza alliance alianza allianz coalizione coalition coalición koalition union unione "
    "unión".split()
)


def _names_an_institution(span: Span, ctx: ContextualAlias) -> bool:
    """Whether a generic name is an institution's (court, bank, council...), by its head words."""
    lang = span.doc.lang_
    heads = ORG_HEADS.get(lang, ORG_HEADS["en"]) | ORG_HEADS["en"]
    words = {w.lower() for w in re.split(r"[\s'’-]+", f"{span.text} {ctx.english or ''}") if w}
    return bool(words & heads) and not words & _PARTY_HEADS


def _after_a_first_name(doc: Doc, start: int, taken: set[int], words: frozenset[str], firsts: frozenset[str]) -> bool:
    """A first name right before ``start`` (or a first name and another name): a person's name goes on."""
    k = start - 1
    if k < 0 or k in taken or not _is_cap(doc[k]) or _ACRONYM.fullmatch(doc[k].text) or not doc[k].whitespace_:
        return False
    low = doc[k].text.lower()
    if low in firsts and not doc[k].is_sent_start and low not in function_words(doc.lang_):
        return True  # "Präsident Thomas Jordan": a first name that is also a word, inside a sentence
    if low in words:
        return False
    if low in firsts:
        return True
    j = k - 1  # "Thérèse Kayikwamba Wagner": a first name and a name unknown to the lexicon
    return (
        j >= 0
        and j not in taken
        and _is_cap(doc[j])
        and doc[j].text.lower() in firsts
        and doc[j].text.lower() not in words
        and bool(doc[j].whitespace_)
    )


_NAME_WORDS: dict[str, dict[str, frozenset[str]]] = {}


def _name_words(table: ActorTable, actor_id: str) -> frozenset[str]:
    """The spelling keys of every word of a listed person's names (first names included)."""
    if table.fingerprint not in _NAME_WORDS:
        if len(_NAME_WORDS) >= 3:
            _NAME_WORDS.clear()
        by_actor: dict[str, set[str]] = {}
        for alias in table.aliases:
            if table.actors[alias.actor_id].type == "person":
                by_actor.setdefault(alias.actor_id, set()).update(name_key(w) for w in alias.surface.split())
        for actor in table.actors.values():
            if actor.type == "person":
                by_actor.setdefault(actor.id, set()).update(name_key(w) for w in actor.name.split())
        _NAME_WORDS[table.fingerprint] = {k: frozenset(v) for k, v in by_actor.items()}
    return _NAME_WORDS[table.fingerprint].get(actor_id, frozenset())


_ENGLISH_DEMONYMS: dict[str, dict[str, str]] = {}


def _english_demonyms(table: ActorTable) -> dict[str, str]:
    """Capitalised English adjectives of countries ("Canadian" -> CA), for English names in any text."""
    if table.fingerprint not in _ENGLISH_DEMONYMS:
        if len(_ENGLISH_DEMONYMS) >= 3:
            _ENGLISH_DEMONYMS.clear()
        _ENGLISH_DEMONYMS[table.fingerprint] = {
            a.surface: country
            for a in table.aliases_for("en")
            if a.kind == "demonym"
            and a.surface[:1].isupper()
            and " " not in a.surface
            and (country := table.actors[a.actor_id].country)
        }
    return _ENGLISH_DEMONYMS[table.fingerprint]


# Languages whose adjectives follow the noun: a demonym after a national body's name
# says whose body it is.
_ADJECTIVE_AFTER = frozenset({"it", "fr", "es", "pt"})


def _another_countrys(doc: Doc, span: Span, country_ends: dict[int, str], table: ActorTable, actor: Actor) -> bool:
    """Whether a country's adjective or name right before a national body is another country's.

    "the Canadian Border Force", "l'Australian Border Force": not the British one the
    table lists as "Border Force", but a body of its own.
    """
    if not actor.country or span.start == 0:
        return False
    before = doc[span.start - 1]
    if not before.text[:1].isupper() or before.whitespace_ == "":
        return False
    country = country_ends.get(span.start) or _english_demonyms(table).get(before.text)
    return country is not None and country != actor.country


def _table_mentions(
    doc: Doc,
    offset: int,
    gaz: Gazetteer,
    table: ActorTable,
    lang: str,
    add: Callable[[Actor, int, int, str], None],
    text: str | None = None,
) -> tuple[set[int], list[TableMatch]]:
    """Add one paragraph's gazetteer matches; return the token indices they cover.

    ``text`` is the paragraph's text, when the caller has it (``Doc.text`` joins every token).

    Also returns the contextual matches (resolved once the whole article is read);
    their tokens count as covered until then.
    """
    taken: set[int] = set()
    contextual: list[TableMatch] = []
    locatives = LOCATIVES.get(lang, frozenset())
    words = lexicon(lang)
    place_tokens: set[int] = set()
    matches = _table_spans(doc, gaz, table)
    match_starts = {m.span.start for m in matches}
    matched = {i for m in matches if m.kind != "contextual" for i in range(m.span.start, m.span.end)}
    org_starts = {
        m.span.start
        for m in matches
        if m.actor_id and m.kind == "name" and table.actors[m.actor_id].type == "organization"
    }
    firsts = first_names()
    country_ends = {  # one-word country matches by their end: "Canadian" before "Border Force"
        m.span.end: country
        for m in matches
        if len(m.span) == 1
        and m.actor_id
        and m.kind in ("name", "demonym")
        and table.actors[m.actor_id].type == "country"
        and (country := table.actors[m.actor_id].country)
    }
    demonym_starts = {  # "argentina" in "la Federcalcio argentina": the adjective after a name
        m.span.start: country
        for m in matches
        if m.kind == "demonym"
        and m.actor_id
        and m.span.text[:1].islower()
        and (country := table.actors[m.actor_id].country)
    }
    for match in matches:
        span, actor_id, kind = match.span, match.actor_id, match.kind
        if (
            kind == "name"
            and lang in _ADJECTIVE_AFTER
            and table.actors[actor_id].type == "organization"
            and table.actors[actor_id].country
            and demonym_starts.get(span.end, table.actors[actor_id].country) != table.actors[actor_id].country
        ):
            # "la Federcalcio argentina": Argentina's federation, not Italy's Federcalcio; a body
            # of its own, named as written with its country's name.
            other_body = _body_as_written(span.text, demonym_starts[span.end], table)
            add(other_body, offset + span.start_char, offset + span.end_char, "table")
            taken.update(range(span.start, span.end))
            continue
        if kind == "contextual" and span.end in org_starts:
            continue  # "die Zentralbank Bangko Sentral ng Pilipinas": a description of the name after it
        if kind == "contextual":
            near = _country_beside(doc, match, matches, table, lang)
            if near is None and _inside_a_longer_name(doc, span, matched, lang):
                continue  # "Tribunal Supremo Electoral", "Irish Republican Army": another name, the finder's
            contextual.append(replace(match, near_country=near))
            taken.update(range(span.start, span.end))
            continue
        if match.inner:
            add(table.actors[actor_id], offset + span.start_char, offset + span.end_char, "table")
            continue
        nxt = doc[span.end] if span.end < len(doc) else None
        if (
            kind == "name"
            and table.actors[actor_id].type == "country"
            and len(span) == 1
            and nxt is not None
            and _is_cap(nxt)
            and not _ACRONYM.fullmatch(nxt.text)
            and nxt.text.lower() not in words
            and span.text.lower() in first_names()
        ):
            continue  # "Jordan Bardella", "Israel Katz": a first name, not the country
        if (
            kind == "name"
            and len(span) == 1
            and table.actors[actor_id].type in ("country", "organization")
            and not _is_acronym_surface(span.text)
            and _after_a_first_name(doc, span.start, taken, words, firsts)
        ):
            continue  # "Thomas Jordan", "Thérèse Kayikwamba Wagner": a surname, not the country or the group
        if (
            kind == "name"
            and len(span) == 1
            and table.actors[actor_id].type == "organization"
            and span.text[:1].isupper()
            and span.text[1:].islower()
            and span.text.lower() in first_names()
            and nxt is not None
            and _is_cap(nxt)
            and not _ACRONYM.fullmatch(nxt.text)
        ):
            continue  # "Ana Botín", "Nia Long": a first name, not the acronym in title case (ANA, NIA)
        if (
            lang == "de"
            and kind == "name"
            and len(span) == 1
            and table.actors[actor_id].type == "organization"
            and span.text.lower() in words
            and nxt is not None
            and _is_cap(nxt)
            and span.end not in match_starts
        ):
            continue  # "Grüne Woche": a capitalised adjective opening another name, not the party
        if (
            lang == "de"
            and kind == "name"
            and span.text == "Islands"
            and span.start > 0
            and _is_cap(doc[span.start - 1])
            and doc[span.start - 1].text.lower() not in words
        ):
            continue  # "Cayman Islands", "Bank of the Philippine Islands": English, not Iceland's
        if (
            kind == "name"
            and table.actors[actor_id].type == "organization"
            and _another_countrys(doc, span, country_ends, table, table.actors[actor_id])
        ):
            body = doc[span.start - 1 : span.end]
            actor = _unlisted_actor(body.text, "organization")
            add(actor, offset + body.start_char, offset + body.end_char, "name_finder")
            taken.update(range(body.start, body.end))
            continue
        if (
            kind == "name"
            and table.actors[actor_id].type == "organization"
            and table.actors[actor_id].country is None
            and nxt is not None
            and nxt.text.lower() in _NATIONAL
        ):
            continue  # "Consejo de Seguridad Nacional": a country's council (the finder's), not the UN's
        if kind == "demonym" and lang == "de" and _demonym_in_a_name(doc, span):
            continue  # "der Deutsche Fußball-Bund", "Bundesverband der Deutschen Industrie": a name
        if table.actors[actor_id].type == "person" and nxt is not None and _is_generation(nxt.text):
            # "Ferdinand Marcos jr": the son, listed or a name of his own; never the father.
            son = gaz.name_keys.get(name_key(doc[span.start : span.end + 1].text))
            if son is None or table.actors[son].type != "person":
                continue
            actor_id, span = son, doc[span.start : span.end + 1]
        if (
            table.actors[actor_id].type == "person"
            and len(span) == 1
            and span.start > 0
            and (span.start - 1) not in taken
            and _is_cap(doc[span.start - 1])
            and doc[span.start - 1].text.lower() in firsts
            and (
                doc[span.start - 1].text.lower() not in words
                or _cue_before(doc, span.start - 1, PERSON_CUES.get(lang, PERSON_CUES["en"]), window=2)
            )  # "¡Viva Lula!" is a cheer; "la vicepresidente Sara Duterte" a name
            and name_key(doc[span.start - 1].text) not in _name_words(table, actor_id)
            and (doc[span.start - 1].text.lower() not in function_words(lang) or not doc[span.start - 1].is_sent_start)
            and not _is_cue(doc[span.start - 1].text, PERSON_CUES.get(lang, PERSON_CUES["en"]))
        ):
            continue  # "Sara Duterte", "Melania Trump": a relative named by the surname, not the listed person
        if table.actors[actor_id].type == "person":
            # "Sergueï Lavrov" where only "Lavrov" is listed: the first name belongs to the mention.
            start = span.start
            while (
                start > 0
                and _is_cap(doc[start - 1])
                and doc[start - 1].text.lower() not in words
                and not _is_cue(doc[start - 1].text, PERSON_CUES.get(lang, PERSON_CUES["en"]))
                and not _common_noun(doc[start - 1].text, lang)
                and not _ACRONYM.fullmatch(doc[start - 1].text)
                and (start - 1) not in taken
            ):
                start -= 1
            span = doc[start : span.end]
        actor = table.actors[actor_id]
        before = doc[span.start - 1].text.lower() if span.start > 0 else ""
        # "a Mosca e Pyongyang", "a Estambul o Ereván": a capital coordinated with a place.
        coordinated = before in CONJUNCTIONS and (
            (span.start - 2) in place_tokens
            or (span.start >= 3 and _is_cap(doc[span.start - 2]) and doc[span.start - 3].text.lower() in locatives)
        )
        named_thing = (kind == "metonym" or (kind == "name" and actor.country in CITY_STATES)) and _in_a_named_thing(
            doc, span, lang
        )
        if (kind == "metonym" and (before in locatives or coordinated)) or named_thing:
            # "a Mosca", "la Convención de Viena", "the Beijing Olympics": the city itself, a place.
            place = Actor(f"place:{name_key(span.text).replace(' ', '-')}", span.text, "location", actor.country)
            add(place, offset + span.start_char, offset + span.end_char, "table")
            place_tokens.update(range(span.start, span.end))
        else:
            add(actor, offset + span.start_char, offset + span.end_char - match.trim, "table")
        taken.update(range(span.start, span.end))
    if gaz.prefixes:
        _compound_prefixes(doc, offset, taken, gaz, table, add)
    text = doc.text if text is None else text
    if lang in DEMONYM_PREFIXES:
        _prefixed_demonyms(doc, text, offset, taken, gaz, table, lang, add)
    _hyphenated_demonyms(doc, text, offset, taken, gaz, table, add)
    return taken, contextual


def _inside_a_longer_name(doc: Doc, span: Span, matched: set[int], lang: str) -> bool:
    """A shared name with a capitalised word of another name right before or after it."""
    cues = PERSON_CUES.get(lang, PERSON_CUES["en"])
    stops = function_words(lang)
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    for tok in (before, after):
        if tok is None or tok.i in matched or not _is_cap(tok) or _ACRONYM.fullmatch(tok.text):
            continue
        if tok is before and (tok.is_sent_start or tok.text.lower() in stops):
            continue
        if _is_cue(tok.text, cues) or (lang == "de" and tok is after):
            continue  # "Supreme Court Judge X"; German capitalises every noun
        return True
    return False


# "National" after a name: "Consejo de Seguridad Nacional" is not the UN's "Consejo de Seguridad".
_NATIONAL = frozenset("national nationale nationaux nationales nazionale nazionali nacional nacionales".split())

# Words between an institution's name and its country: "del Perú", "dello Sri Lanka",
# "d'Haïti", "of Sri Lanka", "der Ukraine".
_OF_COUNTRY = frozenset("di del della dello dell' dell’ dei degli delle de du des d' d’ la l' l’ el of the der".split())


def _country_beside(doc: Doc, match: TableMatch, matches: list[TableMatch], table: ActorTable, lang: str) -> str | None:
    """The country a shared institution's name is given by the words beside it, if any.

    After it, in every language: its name after "of"/"di"/"de"... ("Banca centrale dello
    Sri Lanka", "Central Bank of Sri Lanka", "Verfassungsgericht Perus") or a demonym
    ("Corte costituzionale peruviana", "Fuerzas Armadas peruanas"). Before it, in English
    and German, where adjectives precede: "Peru's Constitutional Court", "the Peruvian
    Congress", "Perus Verfassungsgericht", "das peruanische Verfassungsgericht".
    """
    countries: dict[int, tuple[int, str, str]] = {}  # start token -> (end token, kind, ISO code)
    ends: dict[int, tuple[str, str]] = {}
    for m in matches:
        actor = table.actors.get(m.actor_id) if m.actor_id else None
        if actor is None or actor.type != "country" or not actor.country or m.kind not in ("name", "demonym"):
            continue
        countries[m.span.start] = (m.span.end, m.kind, actor.country)
        ends[m.span.end] = (m.kind, actor.country)
    span = match.span
    j = span.end
    if j in countries and ((countries[j][1] == "demonym" and lang not in ("en", "de")) or lang == "de"):
        return countries[j][2]  # "Corte costituzionale peruviana", "Verfassungsgericht Perus"
    k = j
    while k < len(doc) and k - j < 3 and doc[k].text.lower() in _OF_COUNTRY:
        k += 1
    if k > j and k in countries and countries[k][1] == "name" and (lang != "en" or doc[j].text.lower() == "of"):
        return countries[k][2]  # "del Perú", "of Sri Lanka", "der Ukraine"
    if lang in ("en", "de"):
        i = span.start
        if i in ends:
            return ends[i][1]  # "the Peruvian Congress", "Perus Verfassungsgericht", "peruanische Verfassungsgericht"
        if i >= 1 and doc[i - 1].text in ("'s", "’s", "'", "’") and (i - 1) in ends:
            return ends[i - 1][1]  # "Peru's Constitutional Court"
    return None


def _demonym_in_a_name(doc: Doc, span: Span) -> bool:
    """A German adjective demonym capitalised inside an organization's name.

    German writes adjectives in lower case, so "Deutsche" in mid-sentence before a
    noun opens a name: "der Deutsche Fußball-Bund", "des Deutschen Bauernverbands"
    (a noun led by an organization's head word), or it follows one, "Bundesverband
    der Deutschen Industrie". Such a name does not make its country a mention.
    """
    if len(span) != 1 or not span.text[:1].isupper() or not re.search(r"(e|en|er|es|em)$", span.text):
        return False
    if doc[span.start].is_sent_start:
        return False
    heads = ORG_HEADS["de"] | frozenset(_GERMAN_ORG_SUFFIXES)
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and _is_cap(nxt):
        # The noun after it, hyphenated parts joined: "Fußball-Bund".
        j, noun = span.end, nxt.text
        while j + 2 < len(doc) and doc[j + 1].text in "-‐‑" and not doc[j].whitespace_ and not doc[j + 1].whitespace_:
            noun += "-" + doc[j + 2].text
            j += 2
        if _has_head(noun, heads, "de"):
            return True
    k = span.start - 1
    if k >= 1 and doc[k].text.lower() in ("der", "des") and _has_head(doc[k - 1].text, heads, "de"):
        return nxt is not None and _is_cap(nxt)
    return False


# Named events, treaties, conventions, games and courts called after a city: "la
# Convención de Viena", "les Jeux de Pékin", "Olympische Spiele von Paris", "the Treaty
# of Rome", "the Paris Agreement", "la corte de Luxemburgo". The city there is a place.
EVENT_HEADS: dict[str, frozenset[str]] = {
    "it": frozenset(
        "trattato trattati accordo accordi intesa convenzione convenzioni protocollo giochi olimpiadi vertice "
        "summit conferenza dichiarazione processo formato patto statuto carta corte tribunale finale".split()
    ),
    "de": frozenset(
        "vertrag verträge abkommen konvention protokoll spiele olympia olympiade gipfel gipfeltreffen konferenz "
        "erklärung prozess format gericht gerichtshof finale endspiel endrunde".split()
    ),
    "en": frozenset(
        "treaty treaties accord accords agreement agreements convention conventions protocol games olympics summit "
        "conference declaration process format court final".split()
    ),
    "fr": frozenset(
        "traité traités accord accords convention conventions protocole jeux olympiades sommet conférence "
        "déclaration processus format cour tribunal finale".split()
    ),
    "es": frozenset(
        "tratado tratados acuerdo acuerdos convención convenciones protocolo juegos olimpiadas cumbre conferencia "
        "declaración proceso formato corte tribunal final".split()
    ),
}
# English names the city before the head: "the Paris Agreement", "the Beijing Olympics".
_EVENT_HEADS_AFTER = frozenset(
    "treaty treaties accord accords agreement agreements convention conventions protocol games olympics summit "
    "conference declaration process format final".split()
)
# Countries named like their capital: "la corte de Luxemburgo" is the city.
CITY_STATES = frozenset({"LU", "SG", "MC", "SM", "VA", "KW", "DJ"})


def _in_a_named_thing(doc: Doc, span: Span, lang: str) -> bool:
    """Whether a capital is part of a named event, treaty, games or court ("la Convención de Viena")."""
    heads = EVENT_HEADS.get(lang, EVENT_HEADS["en"])
    k = span.start - 1
    while k >= 0 and doc[k].text.lower() in _CONNECTORS:
        k -= 1
    if k >= 0 and k < span.start - 1 and doc[k].text.lower() in heads:
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    return lang == "en" and nxt is not None and nxt.text.lower() in _EVENT_HEADS_AFTER


# Adjectives of sympathy and hostility written as one word: "filorussi", "pronorcoreanas",
# "prorussische", "antiaméricain" (with a hyphen, "pro-russi" already splits).
DEMONYM_PREFIXES: dict[str, tuple[str, ...]] = {
    "it": ("filo", "pro", "anti"),
    "es": ("pro", "anti"),
    "pt": ("pró", "anti"),
    "fr": ("pro", "anti"),
    "de": ("pro", "anti"),
}


_PREFIXED_WORD = {
    lang: re.compile(rf"(?<!\w)(?:{'|'.join(prefixes)})\w{{4,}}", re.IGNORECASE)
    for lang, prefixes in DEMONYM_PREFIXES.items()
}


def _prefixed_demonyms(
    doc: Doc,
    text: str,
    offset: int,
    taken: set[int],
    gaz: Gazetteer,
    table: ActorTable,
    lang: str,
    add: Callable[[Actor, int, int, str], None],
) -> None:
    """A demonym behind "filo-", "pro-", "anti-" in one word is that country."""
    prefixes = DEMONYM_PREFIXES[lang]
    for found in _PREFIXED_WORD[lang].finditer(text):  # not every token: see _hyphenated_demonyms
        span = doc.char_span(found.start(), found.end())
        if span is None or len(span) != 1 or span[0].i in taken:
            continue
        token = span[0]
        low = token.lower_
        for prefix in prefixes:
            if low.startswith(prefix) and (actor_id := gaz.demonyms.get(low[len(prefix) :])):
                start = offset + token.idx
                add(table.actors[actor_id], start, start + len(token.text), "table")
                taken.add(token.i)
                break


# Combining forms of countries in hyphenated compounds: "franco-allemand", "italo-americano",
# "Sino-American", "germano-russe". Forms that are demonyms themselves ("russo-ucraina",
# "deutsch-französisch") are matched as demonyms.
COMBINING_FORMS: dict[str, str] = {
    "franco": "FR",
    "italo": "IT",
    "germano": "DE",
    "anglo": "GB",
    "brito": "GB",
    "sino": "CN",
    "nippo": "JP",
    "hispano": "ES",
    "ispano": "ES",
    "luso": "PT",
    "austro": "AT",
    "russo": "RU",
    "greco": "GR",
    "gréco": "GR",
    "turco": "TR",
    "israelo": "IL",
    "israélo": "IL",
    "indo": "IN",
    "irano": "IR",
    "irako": "IQ",
    "syro": "SY",
    "siro": "SY",
    "libano": "LB",
    "égypto": "EG",
    "algéro": "DZ",
    "tuniso": "TN",
    "belgo": "BE",
    "helvético": "CH",
    "polono": "PL",
    "serbo": "RS",
    "croato": "HR",
    "ukraino": "UA",
    "ucraino": "UA",
    "americano": "US",
    "américano": "US",
    "canado": "CA",
}
# From a word's start only: tried inside every word it would rescan each word's tail.
_HYPHENATED = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:[-‐‑][^\W\d_]+)+")
_HYPHENS = "-‐‑"


def _hyphenated_demonyms(
    doc: Doc,
    text: str,
    offset: int,
    taken: set[int],
    gaz: Gazetteer,
    table: ActorTable,
    add: Callable[[Actor, int, int, str], None],
) -> None:
    """Each country of a hyphenated compound: "franco-allemand" is France and Germany.

    A part counts by its combining form ("franco", "sino") or as a demonym; the last
    part must be a demonym, so "anglo-saxon" and "indo-pacifique" name no country.
    French keeps such a compound one token; other tokenizers split at the hyphen,
    where the demonym after it is matched already and only the combining form is left.
    """

    def country(word: str) -> Actor | None:
        if (actor_id := gaz.demonyms.get(word)) is not None:
            return table.actors[actor_id]
        return table.country_actor(code) if (code := COMBINING_FORMS.get(word)) else None

    # Only the hyphenated words of the text: walking every token costs more than the rest.
    for found in _HYPHENATED.finditer(text):
        span = doc.char_span(found.start(), found.end())
        if span is None:
            continue
        if len(span) == 1:  # one token (French): each part a country, the last a demonym
            token = span[0]
            parts = list(re.finditer(r"[^\W\d_]+", token.text))
            if token.i in taken or parts[-1].group().lower() not in gaz.demonyms:
                continue
            for part in parts:
                if (actor := country(part.group().lower())) is not None:
                    begin = offset + token.idx + part.start()
                    add(actor, begin, begin + len(part.group()), "table")
            taken.add(token.i)
            continue
        for token in span[:-2]:  # split at the hyphens: a combining form before a hyphen
            low = token.lower_
            if token.i in taken or low not in COMBINING_FORMS or token.whitespace_:
                continue
            hyphen, nxt = doc[token.i + 1], doc[token.i + 2]
            if (
                hyphen.text in _HYPHENS
                and not hyphen.whitespace_
                and (nxt.lower_ in gaz.demonyms or nxt.lower_ in COMBINING_FORMS)
                and (actor := country(low)) is not None
            ):
                add(actor, offset + token.idx, offset + token.idx + len(token.text), "table")
                taken.add(token.i)


def _compound_prefixes(
    doc: Doc,
    offset: int,
    taken: set[int],
    gaz: Gazetteer,
    table: ActorTable,
    add: Callable[[Actor, int, int, str], None],
) -> None:
    """German compounds opened by a name: "Bundestagswahl", "Ukrainekrieg", "Bundeswehrsoldaten".

    The rest must be a word of the lexicon (or a compound of them), with an
    optional linking -s-, so "Chinesen" or "Perlen" never match.
    """
    words = lexicon("de")
    for token in doc:
        text = token.text
        if token.i in taken or len(text) < 8 or not text[:1].isupper() or not text.isalpha() or text.isupper():
            continue
        # "EU-Kommissionspräsidentin": the hyphenated name "EU-Kommission" opens it (the
        # tokenizer split the hyphen off; "EU" stays a mention of its own).
        first = token.i
        if (
            token.i >= 2
            and doc[token.i - 1].text in "-‐‑"
            and not doc[token.i - 1].whitespace_
            and not doc[token.i - 2].whitespace_
            and doc[token.i - 2].text.isalpha()
        ):
            first = token.i - 2
        lead = doc[first : token.i].text if first < token.i else ""
        for k in range(len(text) - 4, 3, -1):
            actor_id = gaz.prefixes.get(lead + text[:k]) if lead else None
            if actor_id is None:
                actor_id = gaz.prefixes.get(text[:k])
                start = offset + token.idx
            else:
                start = offset + doc[first].idx
            if actor_id is None:
                continue
            rest = text[k:].lower()
            if rest[:1] == "s" and rest not in words and len(rest) > 4:
                rest = rest[1:]
            if len(rest) >= 4 and (rest in words or _compound(rest, words, depth=2)):
                add(table.actors[actor_id], start, offset + token.idx + k, "table")
                taken.add(token.i)
            break


def _resolve_surnames(
    result: EntityResult,
    processed: list[tuple[Doc, int, set[int]]],
    table: ActorTable,
    sentence_of: Callable[[int], int],
) -> None:
    """A lone surname ("Rutte", "Kirby", "Choe") of a person named in full is that person."""
    surnames: dict[str, str] = {}
    for m in result.mentions:
        actor = result.entities[m.entity_id]
        parts = m.surface.split()
        if actor.type == "person" and len(parts) >= 2:
            surnames.setdefault(parts[-1], actor.id)
            surnames.setdefault(parts[0], actor.id)  # East Asian order: Choe Son Hui -> Choe
    # Lone names the finder made people of their own fold into the full name.
    for i, m in enumerate(result.mentions):
        actor = result.entities[m.entity_id]
        if actor.id.startswith("name:") and " " not in m.surface and m.surface in surnames:
            target = surnames[m.surface]
            if target != actor.id:
                result.mentions[i] = Mention(target, m.sentence, m.start, m.end, m.surface, m.method)
    used = {m.entity_id for m in result.mentions}
    for entity_id in [e for e in result.entities if e not in used]:
        del result.entities[entity_id]
    for doc, offset, taken in processed:
        for token in doc:
            if token.i in taken or token.text not in surnames:
                continue
            actor = result.entities[surnames[token.text]]
            method = "table" if actor.id in table.actors else "name_finder"
            start = offset + token.idx
            result.mentions.append(
                Mention(actor.id, sentence_of(start), start, start + len(token.text), token.text, method)
            )
            taken.add(token.i)


def locate_in_translation(
    segments: list[Segment],
    result: EntityResult,
    table: ActorTable,
    target: str,
) -> list[TranslationMention]:
    """Find the article's entities in its translation, segment by segment."""
    if not segments or not result.entities:
        return []
    gaz = gazetteer(table, target)
    wanted = set(result.entities)
    surfaces: dict[str, set[str]] = {}
    for m in result.mentions:
        entity = result.entities[m.entity_id]
        if entity.type in ("person", "organization", "location"):
            surfaces.setdefault(m.entity_id, set()).add(m.surface)
            if entity.id.startswith("name:"):
                surfaces[m.entity_id].add(entity.name)  # a name taken from the translation
    found: list[TranslationMention] = []
    for seg in segments:
        doc = gaz.nlp(seg.text)
        covered: set[int] = set()
        # Capitals the original used as places ("a Mosca") stay places here ("in Moscow").
        places = {
            result.entities[m.entity_id].country: m.entity_id
            for m in result.mentions
            if seg.first_idx <= m.sentence <= seg.last_idx and m.entity_id.startswith("place:")
        }
        for tm in _table_spans(doc, gaz, table):
            span, actor_id, kind = tm.span, tm.actor_id, tm.kind
            if tm.contextual is not None:
                # A shared surface ("National Assembly") is the candidate the original resolved to.
                actor_id = next((c for c in tm.contextual.candidates if c in wanted), "")
            elif kind == "metonym" and table.actors[actor_id].country in places:
                actor_id = places[table.actors[actor_id].country]
            if actor_id in wanted:
                end = tm.end_char
                found.append(
                    TranslationMention(actor_id, seg.first_idx, span.start_char, end, seg.text[span.start_char : end])
                )
                covered.update(range(span.start_char, end))
        for entity_id, forms in surfaces.items():
            for form in sorted(forms, key=len, reverse=True):
                for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", seg.text):
                    if not covered.intersection(range(match.start(), match.end())):
                        found.append(TranslationMention(entity_id, seg.first_idx, match.start(), match.end(), form))
                        covered.update(range(match.start(), match.end()))
    found.sort(key=lambda t: (t.segment, t.start))
    return found


# --- English names from the translation ------------------------------------------------

# Head words of organizations' names and their English counterparts ("Agencia" -> "Agency").
_ENGLISH_HEADS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("agencia", "agenzia", "agence", "agentur", "agência"), ("agency",)),
    **dict.fromkeys(("comisión", "commissione", "commission", "kommission", "comissão"), ("commission",)),
    **dict.fromkeys(("consejo", "consiglio", "conseil", "rat", "conselho"), ("council", "board")),
    **dict.fromkeys(("tribunal", "tribunale", "gericht", "gerichtshof"), ("court", "tribunal")),
    **dict.fromkeys(("corte", "cour"), ("court",)),
    **dict.fromkeys(("universidad", "università", "université", "universität", "universidade"), ("university",)),
    **dict.fromkeys(("banco", "banca", "banque", "bank"), ("bank",)),
    **dict.fromkeys(("instituto", "istituto", "institut"), ("institute",)),
    **dict.fromkeys(("unidad", "unità", "unité", "einheit"), ("unit",)),
    **dict.fromkeys(("oficina", "ufficio", "office", "amt", "bundesamt"), ("office",)),
    **dict.fromkeys(("servicio", "servizio", "service", "dienst", "serviço"), ("service",)),
    **dict.fromkeys(("autoridad", "autorità", "autorité", "behörde", "garante"), ("authority",)),
    **dict.fromkeys(("partido", "partito", "parti", "partei"), ("party",)),
    **dict.fromkeys(("asociación", "associazione", "association", "verband", "associação"), ("association",)),
    **dict.fromkeys(("federación", "federazione", "fédération", "federação"), ("federation",)),
    **dict.fromkeys(("confederación", "confederazione", "confédération"), ("confederation",)),
    **dict.fromkeys(("fundación", "fondazione", "fondation", "stiftung", "fundação"), ("foundation",)),
    **dict.fromkeys(("departamento", "dipartimento", "département"), ("department",)),
    **dict.fromkeys(("dirección", "direzione", "direction", "direktion"), ("directorate",)),
    **dict.fromkeys(("centro", "centre", "zentrum"), ("centre", "center")),
    **dict.fromkeys(("comité", "comitato", "komitee", "ausschuss"), ("committee",)),
    **dict.fromkeys(("guardia", "garde"), ("guard",)),
    **dict.fromkeys(("policía", "polizia", "police", "polizei", "polícia"), ("police",)),
    **dict.fromkeys(("ejército", "esercito", "armée", "armee", "exército"), ("army",)),
    **dict.fromkeys(("fuerzas", "forze", "forces", "streitkräfte"), ("forces",)),
    **dict.fromkeys(("cámara", "camera", "chambre", "kammer"), ("chamber", "house")),
    **dict.fromkeys(("asamblea", "assemblea", "assemblée", "versammlung"), ("assembly",)),
    **dict.fromkeys(("movimiento", "movimento", "mouvement", "bewegung"), ("movement",)),
    **dict.fromkeys(("frente", "fronte", "front"), ("front",)),
    **dict.fromkeys(("unión", "unione", "union"), ("union",)),
    **dict.fromkeys(("liga", "lega", "ligue"), ("league",)),
    **dict.fromkeys(("sindicato", "sindacato", "syndicat", "gewerkschaft"), ("union",)),
    **dict.fromkeys(
        ("empresa", "società", "société", "gesellschaft", "compañía", "compagnia", "compagnie"), ("company",)
    ),
    **dict.fromkeys(("grupo", "gruppo", "groupe", "gruppe"), ("group",)),
    **dict.fromkeys(
        ("organización", "organizzazione", "organisation", "organização"), ("organization", "organisation")
    ),
    **dict.fromkeys(("coalición", "coalizione", "coalition", "koalition"), ("coalition",)),
    **dict.fromkeys(("alianza", "alleanza", "alliance", "allianz"), ("alliance",)),
    **dict.fromkeys(("corpo", "cuerpo", "corps", "korps"), ("corps",)),
    **dict.fromkeys(("red", "rete", "réseau", "netzwerk"), ("network",)),
}
_ENGLISH_NAME_WORDS = frozenset("of for and the on in de la du al el".split())


def _english_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised English words, "of"/"for"/"and" inside: candidate names."""
    runs = []
    i, n = 0, len(doc)
    while i < n:
        if not (_is_cap(doc[i]) or _ACRONYM.fullmatch(doc[i].text)):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _is_cap(doc[j]) or _ACRONYM.fullmatch(doc[j].text) or (doc[j].text in "-&" and not doc[j].whitespace_):
                j += 1
                continue
            k = j
            while k < n and doc[k].text.lower() in _ENGLISH_NAME_WORDS:
                k += 1
            if k > j and k < n and _is_cap(doc[k]):
                j = k + 1
                continue
            break
        while i < j and doc[i].text.lower() in function_words("en"):
            i += 1  # "The State Meteorological Agency"
        if i < j:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _content_words(surface: str) -> list[str]:
    return [w for w in re.split(r"[\s'’]+", surface) if w and w.lower() not in _CONNECTORS and w.lower() != "the"]


def _fold_word(word: str) -> str:
    from anyascii import anyascii

    return anyascii(word).lower()


def _counterpart(
    surfaces: set[str], doc: Doc, runs: list[tuple[int, int]], used: set[int], source: str
) -> tuple[int, int] | None:
    """The English span in a translated segment that names the same organization, or None.

    By a shared acronym ("Unidad Militar de Emergencias (UME)" -> "Military Emergencies
    Unit (UME)"), a shared proper noun ("Medizinische Universität Nara" -> "Nara Medical
    University"), or the English form of the name's head word with as many content words,
    give or take one, and cognate words ("Agencia Estatal de Meteorología" -> "State
    Meteorological Agency"). Only when one span alone fits: otherwise None.
    """
    words = lexicon(source)
    acronyms = {s for s in surfaces if _short_form(s, source)}
    names = [s for s in surfaces if s not in acronyms]
    free = [(s, e) for s, e in runs if not used.intersection(range(s, e))]
    # 1. "(UME)" after the span, or the span is the acronym's spelled-out form.
    for s, e in free:
        bracketed = e + 2 < len(doc) and doc[e].text == "(" and doc[e + 1].text in acronyms and doc[e + 2].text == ")"
        if bracketed and (e - s >= 2 or any(_has_head(t.text, ORG_HEADS["en"], "en") for t in doc[s:e])):
            return s, e
    if not names:
        return None
    fits: list[tuple[int, int]] = []
    for s, e in free:
        span_words = [t.text for t in doc[s:e] if t.text.lower() not in _ENGLISH_NAME_WORDS and t.text not in "-&"]
        if not span_words or len(span_words) > 8:
            continue
        low = [w.lower() for w in span_words]
        folded = {_fold_word(w) for w in span_words}
        for name in names:
            content = _content_words(name)
            if not content:
                continue
            proper = {_fold_word(w) for w in content if w[:1].isupper() and w.lower() not in words and len(w) >= 3} - {
                _fold_word(w) for w in content[:1] if w.lower() in _ENGLISH_HEADS
            }
            heads = _ENGLISH_HEADS.get(content[0].lower()) or _ENGLISH_HEADS.get(content[-1].lower()) or ()
            if source == "de" and not heads:
                last = re.split(r"[-‐‑]", content[-1].lower())[-1]
                heads = next((v for k, v in _ENGLISH_HEADS.items() if len(k) >= 4 and last.endswith(k)), ())
            if proper and proper <= folded and (len(span_words) >= 2 or heads):
                fits.append((s, e))  # a shared proper noun: "Nara"
                break
            if not heads or not any(h in low for h in heads) or abs(len(span_words) - len(content)) > 1:
                continue
            if len(content) >= 2 and len(span_words) >= 2:
                fits.append((s, e))  # the head's English form, with as many words
                break
    fits = list(dict.fromkeys(fits))
    return fits[0] if len(fits) == 1 else None


def name_from_translation(
    result: EntityResult, segments: list[Segment], table: ActorTable, language: str, target: str = "en"
) -> EntityResult:
    """Found organizations named by their counterpart in the article's English translation.

    An organization the table lacks is found as written ("Agencia Estatal de
    Meteorología"), but the export contract's name is the English one: when the
    aligned English segment of its first mention names it in a way only one span fits
    (see :func:`_counterpart`), that span becomes its name ("State Meteorological
    Agency"); when that span is a table actor's name, its mentions become that actor's.
    The surfaces stay as written, the ids of found names too (corrections keep applying).
    When unsure, the name stays as written.
    """
    if target != "en" or language in ("en", target) or not segments or not result.entities:
        return result
    by_sentence = {i: seg for seg in segments for i in range(seg.first_idx, seg.last_idx + 1)}
    candidates = [
        e
        for e in result.entities.values()
        if e.type == "organization" and is_found_entity(e.id) and e.id not in table.actors and not e.country
    ]
    if not candidates:
        return result
    gaz = gazetteer(table, "en")
    docs: dict[int, tuple[Doc, list[tuple[int, int]], set[int], dict[tuple[int, int], str]]] = {}
    renamed: dict[str, Actor] = {}
    redirects: dict[str, str] = {}
    for entity in candidates:
        mentions = sorted((m for m in result.mentions if m.entity_id == entity.id), key=lambda m: m.start)
        surfaces = {m.surface for m in mentions} | {entity.name}
        for m in mentions:
            seg = by_sentence.get(m.sentence)
            if seg is None:
                continue
            if seg.first_idx not in docs:
                doc = gaz.nlp(seg.text)
                spans = _table_spans(doc, gaz, table)
                listed = {
                    (t.span.start, t.span.end): t.actor_id
                    for t in spans
                    if t.actor_id and table.actors[t.actor_id].type == "organization"
                }
                used = {
                    i
                    for t in spans
                    if t.actor_id and (t.span.start, t.span.end) not in listed
                    for i in range(t.span.start, t.span.end)
                }
                docs[seg.first_idx] = (doc, _english_runs(doc), used, listed)
            doc, runs, used, listed = docs[seg.first_idx]
            runs_and_listed = sorted(set(runs) | set(listed))
            found = _counterpart(surfaces, doc, runs_and_listed, used, language)
            if found is None:
                continue
            if found in listed:
                redirects[entity.id] = listed[found]
            else:
                name = doc[found[0] : found[1]].text
                if name_key(name) != name_key(entity.name):
                    renamed[entity.id] = Actor(entity.id, name, entity.type, entity.country, translated=True)
            used.update(range(*found))
            break
    if not renamed and not redirects:
        return result
    entities = dict(result.entities)
    mentions = _to_listed(entities, result.mentions, redirects, table)
    entities.update(renamed)
    return EntityResult(entities, mentions)


def is_found_entity(entity_id: str) -> bool:
    """A name the finder or a model found (not a table actor, not a place)."""
    return entity_id.startswith("name:")
