"""Dated events: date expressions found per sentence, resolved against publication.

Finding: candidates come only from patterns built on the language's month and
weekday names (CLDR, via babel), relative-time phrases, feast days after a
preposition ("bis Ostern") and years where a count cannot stand: after a
preposition, in a range ("dal 2016 al 2022", "2021-2027"), alone in brackets,
carried by an event or an account ("WM 2034", "Jahresabschluss 2019"), as the
sentence's subject before a singular verb ("2019 hatte"), or in the German middle
field after a noun ("den Ausstieg 2011 die Regierung"), never before a noun or
after a count word; so articles ("die"), decimals ("1,5"), counts ("1.500
soldati", "hatten 2000 Soldaten", "rund 2000 der Helfer"), percentages and times
are never dates. Two dates joined by range words are one range ("from January 29
to February 11"). Parsing of the day/month/year inside a candidate uses those
same CLDR names; resolution is ours:

- a day or month without a year goes to the nearest fitting date, past-biased
  (a future date counts double the distance): "a giugno" in November is the
  past June, "5 November" in late October is the coming one;
- a weekday is the latest such day up to publication ("venerdì" in a Saturday
  paper is the day before), or the next one when the tense looks ahead (a future
  or modal verb, an infinitive, "by"/"entro"/"a partir de" governing it);
  "last"/"scorso" right at it in a paper of that weekday is a week ago, and "am
  Freitag vergangener Woche" is that day of the previous Monday-Sunday week;
- "last November" in November is a year ago;
- "early/mid/late October" keeps month precision with a ``part``;
- nothing is ever more precise than the text: no invented day or month;
- without a publication date, relative expressions stay unresolved (kept and
  flagged) while absolute ones resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from presslens.clean import fold
from presslens.config import DATA_DIR
from presslens.entities import EntityResult
from presslens.models import Sentence

EVENT_TYPES_PATH = DATA_DIR / "event_types.yaml"


@dataclass(frozen=True)
class DateMention:
    """A date expression in the text and what it resolves to (``date`` None if it cannot)."""

    text: str
    start: int
    end: int
    sentence: int
    date: str | None  # "2024-10-25", "2024-10", "2024", "2024-10-14/2024-10-20"
    precision: str | None  # day | week | month | year | range
    part: str | None = None  # early | mid | late (of a month or year)
    relative: bool = False


@dataclass(frozen=True)
class Event:
    """One dated event: a sentence with a resolved date, its type and actors."""

    sentence: int
    date: str
    precision: str
    date_text: str
    type: str
    actors: tuple[str, ...]
    part: str | None = None


@dataclass
class EventResult:
    """An article's date mentions and the events built from them."""

    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


# --- language data ---------------------------------------------------------------------


# Phrases per language. Keys are folded (lower case, no accents) when matched.
PARTS = {
    "it": {"early": ["inizio", "primi di", "principio"], "mid": ["meta", "metà"], "late": ["fine", "ultimi di"]},
    "de": {"early": ["anfang"], "mid": ["mitte"], "late": ["ende"]},
    "en": {
        "early": ["early", "the beginning of", "beginning of", "the start of", "start of"],
        "mid": ["mid", "mid-", "the middle of", "middle of"],
        "late": ["late", "the end of", "end of"],
    },
    "fr": {"early": ["debut", "début"], "mid": ["mi", "mi-", "milieu"], "late": ["fin"]},
    "es": {
        "early": ["principios de", "comienzos de", "inicios de", "principios", "comienzos"],
        "mid": ["mediados de", "mediados"],
        "late": ["finales de", "fines de", "finales", "fines", "fin de"],
    },
    "pt": {"early": ["inicio de", "início de", "começo de"], "mid": ["meados de"], "late": ["fim de", "final de"]},
}
# Relative expressions: phrase -> (unit, offset). unit: day | week | month | year.
RELATIVE = {
    "it": {
        "ieri": ("day", -1),
        "oggi": ("day", 0),
        "domani": ("day", 1),
        "l'altro ieri": ("day", -2),
        "stamattina": ("day", 0),
        "stamane": ("day", 0),
        "stasera": ("day", 0),
        "stanotte": ("day", 0),
        "dopodomani": ("day", 2),
        "la settimana scorsa": ("week", -1),
        "la scorsa settimana": ("week", -1),
        "settimana scorsa": ("week", -1),
        "scorsa settimana": ("week", -1),
        "la settimana prossima": ("week", 1),
        "la prossima settimana": ("week", 1),
        "questa settimana": ("week", 0),
        "il mese scorso": ("month", -1),
        "lo scorso mese": ("month", -1),
        "il mese prossimo": ("month", 1),
        "questo mese": ("month", 0),
        "l'anno scorso": ("year", -1),
        "lo scorso anno": ("year", -1),
        "l'anno prossimo": ("year", 1),
        "il prossimo anno": ("year", 1),
        "quest'anno": ("year", 0),
        "questo anno": ("year", 0),
        "il prossimo anno.": ("year", 1),
        "il prossimo mese": ("month", 1),
        "mese in corso": ("month", 0),
        "settimana in corso": ("week", 0),
        "anno in corso": ("year", 0),
    },
    "de": {
        "gestern": ("day", -1),
        "heute": ("day", 0),
        "morgen": ("day", 1),
        "vorgestern": ("day", -2),
        "ubermorgen": ("day", 2),
        "vergangene woche": ("week", -1),
        "letzte woche": ("week", -1),
        "vergangenen woche": ("week", -1),
        "letzten woche": ("week", -1),
        "vorige woche": ("week", -1),
        "nachste woche": ("week", 1),
        "kommende woche": ("week", 1),
        "diese woche": ("week", 0),
        "dieser woche": ("week", 0),
        "vergangenen monat": ("month", -1),
        "letzten monat": ("month", -1),
        "vergangenes jahr": ("year", -1),
        "vergangenen jahr": ("year", -1),
        "letztes jahr": ("year", -1),
        "letzten jahr": ("year", -1),
        "vorjahr": ("year", -1),
        "nachstes jahr": ("year", 1),
        "nachsten jahr": ("year", 1),
        "kommendes jahr": ("year", 1),
        "kommenden jahr": ("year", 1),
        "dieses jahr": ("year", 0),
        "diesem jahr": ("year", 0),
        "dieses jahres": ("year", 0),
        "in diesem monat": ("month", 0),
        "diesen monat": ("month", 0),
        "dieses monats": ("month", 0),
        "im vergangenen monat": ("month", -1),
        "vorigen monat": ("month", -1),
        "vormonat": ("month", -1),
        "kommenden monat": ("month", 1),
        "nachsten monat": ("month", 1),
        "in dieser woche": ("week", 0),
        "kommenden woche": ("week", 1),
        "nachsten woche": ("week", 1),
        "in diesem jahr": ("year", 0),
        "laufenden jahr": ("year", 0),
        "laufenden jahres": ("year", 0),
        "vorigen jahr": ("year", -1),
        "voriges jahr": ("year", -1),
    },
    "en": {
        "yesterday": ("day", -1),
        "today": ("day", 0),
        "tomorrow": ("day", 1),
        "this morning": ("day", 0),
        "this afternoon": ("day", 0),
        "this evening": ("day", 0),
        "tonight": ("day", 0),
        "last night": ("day", -1),
        "last week": ("week", -1),
        "next week": ("week", 1),
        "this week": ("week", 0),
        "last month": ("month", -1),
        "next month": ("month", 1),
        "this month": ("month", 0),
        "last year": ("year", -1),
        "next year": ("year", 1),
        "this year": ("year", 0),
        "earlier this year": ("year", 0),
        "later this year": ("year", 0),
    },
    "fr": {
        "hier": ("day", -1),
        "aujourd'hui": ("day", 0),
        "demain": ("day", 1),
        "avant-hier": ("day", -2),
        "apres-demain": ("day", 2),
        "ce matin": ("day", 0),
        "ce soir": ("day", 0),
        "cet apres-midi": ("day", 0),
        "la semaine derniere": ("week", -1),
        "la semaine passee": ("week", -1),
        "la semaine prochaine": ("week", 1),
        "cette semaine": ("week", 0),
        "le mois dernier": ("month", -1),
        "le mois prochain": ("month", 1),
        "ce mois-ci": ("month", 0),
        "l'an dernier": ("year", -1),
        "l'annee derniere": ("year", -1),
        "l'an passe": ("year", -1),
        "l'annee prochaine": ("year", 1),
        "l'an prochain": ("year", 1),
        "cette annee": ("year", 0),
        "le mois passe": ("month", -1),
        "ce mois": ("month", 0),
        "l'annee passee": ("year", -1),
        "l'annee en cours": ("year", 0),
    },
    "es": {
        "ayer": ("day", -1),
        "hoy": ("day", 0),
        "manana": ("day", 1),
        "anteayer": ("day", -2),
        "anoche": ("day", -1),
        "pasado manana": ("day", 2),
        "esta manana": ("day", 0),
        "esta tarde": ("day", 0),
        "esta noche": ("day", 0),
        "la semana pasada": ("week", -1),
        "la semana anterior": ("week", -1),
        "la proxima semana": ("week", 1),
        "la semana que viene": ("week", 1),
        "esta semana": ("week", 0),
        "el mes pasado": ("month", -1),
        "el proximo mes": ("month", 1),
        "este mes": ("month", 0),
        "el ano pasado": ("year", -1),
        "el ano proximo": ("year", 1),
        "el proximo ano": ("year", 1),
        "el ano que viene": ("year", 1),
        "este ano": ("year", 0),
        "el mes que viene": ("month", 1),
        "el mes proximo": ("month", 1),
        "la semana proxima": ("week", 1),
        "el ano en curso": ("year", 0),
    },
}
# Words that push a weekday or month into the future / past, anywhere near it.
FUTURE_CUES = {
    "it": ["prossim"],
    "de": ["nachst", "kommend"],
    "en": ["next", "coming", "upcoming"],
    "fr": ["prochain"],
    "es": ["proxim", "que viene"],
}
# Prepositions that look ahead only when they govern the expression, right before it
# ("by Friday", "a partir del jueves"): "after Saturday's vote was marred by delays" is past.
FUTURE_PREPOSITIONS = {
    "it": ["entro", "fino a", "fino al", "fino all'", "a partire da", "a partire dal", "a partire dall'"],
    "de": ["bis", "bis zum", "bis zur", "ab", "spatestens"],
    "en": ["due", "until", "by", "beginning", "starting", "as of"],
    "fr": ["jusqu'a", "jusqu'au", "a partir de", "a partir du", "d'ici"],
    "es": ["hasta", "hasta el", "a partir de", "a partir del", "desde el proximo"],
}
# Prepositions that look back when they govern the expression ("seit Juni", "since June").
PAST_PREPOSITIONS = {
    "it": ["sin da", "sin dal", "fin da", "fin dal"],
    "de": ["seit", "seit dem"],
    "en": ["since"],
    "fr": ["depuis", "depuis le"],
    "es": ["desde", "desde el"],
}
# A day something is planned or scheduled for ("prevista per martedì", "ha annunciato per
# lunedì", "scheduled for Monday") may be past or coming: the nearest such weekday.
SCHEDULED_CUES = {
    "it": ["previst", "per"],
    "de": ["geplant", "angesetzt", "fur"],
    "en": ["scheduled", "planned", "set for", "slated"],
    "fr": ["prevu", "pour"],
    "es": ["previst", "programad", "para"],
}
# Future verb forms anywhere in the sentence ("sarà schierato già domenica").
FUTURE_VERBS = {
    "it": [
        "sara", "saranno", "verra", "verranno", "dovra", "dovranno", "potra",
        "e atteso", "e attesa", "sono attesi", "sono attese", "deve", "devono", "dovrebbe", "dovrebbero",
    ],
    "de": ["wird", "werden"],
    "en": ["will", "shall", "would", "is to", "are to", "is due", "is expected", "are expected"],
    "fr": [
        "sera", "seront", "va", "vont", "devra", "doit", "doivent", "devrait", "devraient",
        "est attendu", "est attendue", "sont attendus",
    ],
    "es": ["sera", "seran", "va a", "van a", "debera", "debe", "deben", "deberia", "se espera", "esta previsto"],
}  # fmt: skip
# A participle after a form of "to be" is a passive, not a past ("sera examiné vendredi",
# "debe ser votado el viernes"): it tells no tense.
_PASSIVE_BEFORE = re.compile(
    r"(?:\b(?:etre|sera|seront|serait|seraient|est|sont|soit|ser|es|son|sea|sean|seria|serian|estara|be|being)\s+)$"
)
PAST_CUES = {
    "it": ["scors"],
    "de": ["vergangen", "letzt", "vorig"],
    "en": ["last", "past"],
    "fr": ["dernier", "derniere", "passe"],
    "es": ["pasad"],
}
# "Am heutigen Montag", "this Monday": the weekday is the publication day.
TODAY_WORDS = {
    "de": ["am heutigen", "heutigen", "diesen", "an diesem"],
    "en": ["this"],
    "it": ["questo", "oggi"],
    "fr": ["ce"],
    "es": ["este"],
}
YEAR_PREPOSITIONS = {
    "it": [
        "nel",
        "del",
        "dal",
        "al",
        "nell'anno",
        "entro il",
        "fino al",
        "dall'anno",
        "nel corso del",
        "per il",
        "verso il",
        "dopo il",
        "prima del",
        # a season of a year: "nell'estate del 2021", "im Sommer 2021", "in the spring of 2020"
        "nell'estate",
        "nell'estate del",
        "nell'autunno",
        "nell'autunno del",
        "nella primavera",
        "nella primavera del",
        "nell'inverno",
        "nell'inverno del",
    ],
    "de": [
        "im jahr",
        "im jahre",
        "seit",
        "bis",
        "von",
        "ab",
        "jahr",
        "im sommer",
        "im fruhjahr",
        "im fruhling",
        "im herbst",
        "im winter",
    ],
    "en": [
        "in",
        "since",
        "by",
        "until",
        "from",
        "of",
        "in the year",
        "through",
        "in the summer of",
        "in the spring of",
        "in the autumn of",
        "in the fall of",
        "in the winter of",
    ],
    "fr": [
        "en",
        "depuis",
        "depuis l'an",
        "jusqu'en",
        "d'ici",
        "de",
        "dès",
        "à l'été",
        "à l'automne",
        "au printemps",
        "à l'hiver",
        "l'été",
        "l'automne",
        "l'hiver",
    ],
    "es": [
        "en",
        "desde",
        "hasta",
        "de",
        "del ano",
        "en el ano",
        "en el verano de",
        "en la primavera de",
        "en el otoño de",
        "en el invierno de",
    ],
    "pt": ["em", "desde", "ate", "de"],
}


# Ranges: an opener before the first date and a link before the second ("von 2006 bis
# 2007", "dal 2016 al 2022", "between 2017 and 2018", "du 29 janvier au 11 février",
# "del 29 de enero al 11 de febrero"). Folded; an article may follow either word.
RANGE_WORDS = {
    "it": (["dal", "dall'", "da", "tra", "fra", "dall'anno"], ["al", "all'", "a", "e", "fino al", "fino all'"]),
    "de": (["von", "vom", "zwischen", "seit"], ["bis", "bis zum", "bis zur", "und"]),
    "en": (["from", "between"], ["to", "until", "till", "through", "and"]),
    "fr": (["de", "du", "d'", "entre", "depuis"], ["a", "au", "jusqu'a", "jusqu'au", "jusqu'en", "et"]),
    "es": (["de", "del", "desde", "entre"], ["a", "al", "hasta", "hasta el", "y"]),
    "pt": (["de", "do", "desde", "entre"], ["a", "ao", "ate", "e"]),
}
# "between" pairs only with "and": "de marzo y abril" is two months, "entre marzo y abril" a range.
RANGE_BETWEEN = {
    "it": ({"tra", "fra"}, {"e"}),
    "de": ({"zwischen"}, {"und"}),
    "en": ({"between"}, {"and"}),
    "fr": ({"entre"}, {"et"}),
    "es": ({"entre"}, {"y"}),
    "pt": ({"entre"}, {"e"}),
}
RANGE_ARTICLES = r"(?:(?:il|l'|the|le|el|o|den|dem)\s*)?"


def _range_words_pair(language: str, opener: str, link: str) -> bool:
    """Whether a range's opener and link go together (between ... and, from ... to)."""
    between, and_words = RANGE_BETWEEN.get(language, (set(), set()))
    words = re.compile(r"\b(?:il|l'|the|le|el|o|den|dem)\s*$|\s+")
    first = words.sub(" ", fold(opener)).split()
    last = words.sub(" ", fold(link)).split()
    return bool(first and last) and (first[0] in between) == (last[0] in and_words)


_YEAR = r"(?:1[89]|20)\d\d"

# A cue attached to a weekday or month names the one before / after the current one:
# "lunedì scorso" in a Monday paper is a week ago, "last November" in November a year ago.
ATTACHED_BEFORE = {
    "it": {"scorso": -1, "scorsa": -1, "prossimo": 1, "prossima": 1},
    "de": {"vergangenen": -1, "vergangener": -1, "letzten": -1, "vorigen": -1, "nachsten": 1, "kommenden": 1},
    "en": {"last": -1, "this past": -1, "next": 1, "this coming": 1},
    "fr": {},
    "es": {"pasado": -1, "proximo": 1},
}
ATTACHED_AFTER = {
    "it": {"scorso": -1, "scorsa": -1, "passato": -1, "prossimo": 1, "prossima": 1, "venturo": 1},
    "de": {},
    "en": {},
    "fr": {"dernier": -1, "derniere": -1, "passe": -1, "prochain": 1, "prochaine": 1},
    "es": {"pasado": -1, "proximo": 1, "que viene": 1},
}
# A weekday of the week before or after the publication's (Monday to Sunday): "am Freitag
# vergangener Woche", "venerdì della settimana scorsa", "Friday of last week".
WEEK_OF = {
    "it": {
        "della settimana scorsa": -1,
        "della scorsa settimana": -1,
        "della settimana prossima": 1,
        "della prossima settimana": 1,
    },
    "de": {
        "vergangener woche": -1,
        "der vergangenen woche": -1,
        "letzter woche": -1,
        "der letzten woche": -1,
        "voriger woche": -1,
        "der vorigen woche": -1,
        "nachster woche": 1,
        "der nachsten woche": 1,
        "kommender woche": 1,
        "der kommenden woche": 1,
    },
    "en": {"of last week": -1, "last week": -1, "of next week": 1, "next week": 1},
    "fr": {"de la semaine derniere": -1, "de la semaine passee": -1, "de la semaine prochaine": 1},
    "es": {
        "de la semana pasada": -1,
        "de la semana anterior": -1,
        "de la proxima semana": 1,
        "de la semana que viene": 1,
    },
}

# Feast days, after a preposition that governs them ("bis Ostern", "entro Natale", "by
# Christmas", "avant Noël", "antes de Navidad"): "Isla de Pascua" or a Natale surname is not.
# The value is (month, day), or "easter" for Easter Sunday.
HOLIDAYS: dict[str, dict[str, tuple[int, int] | str]] = {
    "it": {
        "natale": (12, 25), "pasqua": "easter", "capodanno": (1, 1), "ferragosto": (8, 15),
        "vigilia di natale": (12, 24),
    },
    "de": {
        "weihnachten": (12, 25), "ostern": "easter", "silvester": (12, 31), "neujahr": (1, 1),
        "heiligabend": (12, 24),
    },
    "en": {
        "christmas": (12, 25), "christmas day": (12, 25), "easter": "easter", "new year's eve": (12, 31),
        "new year's day": (1, 1), "christmas eve": (12, 24),
    },
    "fr": {
        "noel": (12, 25), "paques": "easter", "la saint-sylvestre": (12, 31), "nouvel an": (1, 1),
        "jour de l'an": (1, 1),
    },
    "es": {"navidad": (12, 25), "nochebuena": (12, 24), "nochevieja": (12, 31), "ano nuevo": (1, 1)},
}  # fmt: skip
HOLIDAY_PREPOSITIONS = {
    "it": ["a", "entro", "per", "prima di", "dopo", "fino a", "sotto", "da", "dopo la", "prima della", "entro la"],
    "de": ["bis", "vor", "nach", "seit", "zu", "an", "uber", "bis zu"],
    "en": ["by", "before", "after", "until", "since", "at", "over", "for", "on"],
    "fr": ["a", "avant", "apres", "depuis", "jusqu'a", "pour", "d'ici", "des"],
    "es": ["en", "antes de", "despues de", "desde", "hasta", "para", "por"],
}

# Ordinal words for the first day of a month: "il primo dicembre", "am ersten Dezember".
FIRST_DAY_WORDS = {
    "it": ["primo"],
    "de": ["ersten", "erster", "erste"],
    "en": ["first"],
    "fr": ["premier"],
    "es": ["primero"],
    "pt": ["primeiro"],
}
# Named events and elections that carry their year: "WM 2034", "World Cup 2030", "Euro 2024".
# So do the accounts, budgets and seasons of a year ("Jahresabschluss 2019", "bilancio 2023").
YEAR_EVENTS = {
    "it": [
        "mondiali", "mondiale", "europei", "olimpiadi", "giochi", "expo", "giubileo", "elezioni",
        "bilancio", "legge di bilancio", "manovra", "esercizio", "stagione", "campionato", "edizione",
        "trimestre", "semestre",
    ],
    "de": [
        "wm", "em", "weltmeisterschaft", "europameisterschaft", "olympia", "spiele", "expo", "wahl",
        "jahresabschluss", "jahresabschlusses", "bilanz", "haushalt", "haushalts", "haushaltsjahr",
        "geschaftsjahr", "geschaftsjahres", "jahresbericht", "saison", "spielzeit", "jahrgang", "quartal",
        "halbjahr",
    ],
    "en": [
        "world cup", "euro", "olympics", "games", "expo", "election", "elections",
        "budget", "fiscal", "fiscal year", "financial year", "season", "class of", "census", "quarter",
    ],
    "fr": [
        "mondial", "coupe du monde", "euro", "jeux", "jo", "expo", "election", "elections", "presidentielle",
        "budget", "exercice", "saison", "promotion", "recensement", "loi de finances", "trimestre", "semestre",
    ],
    "es": [
        "mundial", "copa del mundo", "eurocopa", "juegos", "expo", "elecciones",
        "presupuesto", "presupuestos", "ejercicio", "temporada", "censo", "trimestre", "semestre",
    ],
}  # fmt: skip
# Before an attributive year ("the 2006 Nobel prize", "his 2021 conviction"), and German
# auxiliaries before a year ("hatten 1999 begonnen": not before a noun, "hatten 2000 Soldaten").
YEAR_DETERMINERS = {"en": ["the", "his", "her", "its", "their", "our", "a", "an"]}
YEAR_AUXILIARIES = {
    "de": [
        "hatte", "hatten", "hat", "haben", "war", "waren", "wurde", "wurden", "ist", "sind",
        "noch", "erst", "schon", "bereits", "spatestens", "fruhestens", "fur",
    ]
}  # fmt: skip
# A year as the subject, at the start of a sentence, before a verb in the singular ("2019
# hatte die Partei", "2020 was a hard year", "Il 2023 è stato", "2019 fue"): a count would
# take the plural ("2000 kamen").
YEAR_SUBJECT_VERBS = {
    "de": "hatte|war|wurde|kam|gab|folgte|begann|brachte|gewann|verlor|trat|zog|ging|erhielt|stieg|sank|fiel|lag"
    "|ist|hat|wird|soll|beginnt|folgt|endet|endete|markiert|markierte",
    "en": "was|saw|brought|marked|began|ended|is|will|has|had",
    "it": "e|fu|sara|ha|aveva|era|segna|segno|vide",
    "fr": "a|fut|sera|avait|etait|marque|restera|s'annonce",
    "es": "fue|sera|ha|habia|era|marco|marca|trajo|vio",
}
YEAR_SUBJECT_ARTICLES = {"it": "il", "es": "el"}
# A German year in the middle field, between a noun and an article, a preposition or a
# participle: "hatte den Ausstieg 2011 die Regierung beschlossen", "das Unternehmen 2008 mit
# ihm gegründet", "den Park 2016 gebaut"; never after a count word or a verb ("rund 2000 die
# Stadt", "kamen 2000 mit Bussen").
_DE_MIDFIELD_NEXT = (
    r"die|das|den|dem|des|ein|eine|einen|einem|einer|mit|im|am|auf|aus|bei|nach|zum|zur"
    r"|er|sie|es|wir|sich|erstmals|erneut|wieder|gemeinsam"
)
_DE_PARTICIPLE_END = (
    # "gebaut", "eingeführt", "abgesagt" (a separable prefix first), "präsentiert"
    r"(?:(?:[a-z]{1,5})?ge[a-zß]+(?:t|en)|[a-zß]{3,}iert)"
    r"(?=\s*(?:[,.;:]|$|\s(?:hat|haben|hatte|hatten|wurde|wurden|ist|sind|war|waren|worden)\b))"
)
# A year of birth, founding or death: "Pääbo, 1955 in Stockholm geboren", "die 1968 in
# Frankreich geborene Mikrobiologin", "1904 gegründet".
_DE_LIFE_EVENT = r"(?:(?:in|im|bei|nahe)\s+[\w-]+(?:\s+[\w-]+)?\s+)?(?:geboren|gegrundet|gestorben)\w*"
_COUNT_WORDS = {
    "rund", "etwa", "fast", "knapp", "uber", "mehr", "weniger", "als", "insgesamt", "mit", "von", "um", "auf",
    "bis", "zu", "nur", "gut", "ca", "mindestens", "hochstens", "je", "pro", "alle", "die", "der", "den", "dem",
    "des", "das", "ihre", "seine", "diese", "nummer", "nr", "platz", "und", "oder", "weitere", "jeweils",
    "sogar", "unter", "nahezu", "circa", "zirka", "ungefahr", "bislang", "zusammen", "total",
    "plus", "more", "than", "piu", "mas", "oltre", "about", "around", "environ", "nearly", "almost", "quasi",
    "presque", "casi", "some", "population", "totale", "cifra", "somme", "sum", "number", "numero",
}  # fmt: skip
# "esa misma mañana", "am Morgen": the word is the morning there, not tomorrow.
MORNING_BEFORE = {
    "es": ["la", "esa", "misma", "aquella", "cada", "una", "toda", "media", "por"],
    "de": ["am", "den", "jeden", "diesen", "heute", "gestern", "guten"],
}


@dataclass(frozen=True)
class _LangData:
    months: dict[str, int]  # folded name/abbreviation -> month number
    weekdays: dict[str, int]  # folded name -> 0 (Monday) .. 6
    pattern: re.Pattern[str]
    full_months: frozenset[str]


@lru_cache(maxsize=16)
def _language_data(language: str) -> _LangData | None:
    try:
        locale = Locale.parse(language)
    except (ValueError, Exception):  # noqa: BLE001 - babel raises UnknownLocaleError or ValueError
        return None
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    full = frozenset(fold(str(n)) for c in ("format", "stand-alone") for n in locale.months[c]["wide"].values())
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for num, name in locale.months[context][width].items():
                key = fold(str(name)).rstrip(".")
                if len(key) >= 3:
                    months[key] = int(num)
            for num, name in locale.days[context]["wide"].items():
                weekdays[fold(str(name))] = int(num)
    if language == "en":
        months.pop("may", None)  # handled only as a full date ("May 5", "5 May 2024") below
        months["sept"] = 9
    month_alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    day_alt = "|".join(sorted((re.escape(d) for d in weekdays), key=len, reverse=True))
    parts = PARTS.get(language, {})
    part_alt = "|".join(sorted({re.escape(fold(p)) for ps in parts.values() for p in ps}, key=len, reverse=True))
    rel_alt = "|".join(sorted((re.escape(fold(r)) for r in RELATIVE.get(language, {})), key=len, reverse=True))
    year_preps = "|".join(
        sorted({re.escape(fold(p)) for p in YEAR_PREPOSITIONS.get(language, [])}, key=len, reverse=True)
    )
    may = r"|may" if language == "en" else ""
    holiday_alt = "|".join(sorted((re.escape(h) for h in HOLIDAYS.get(language, {})), key=len, reverse=True))
    holiday_preps = "|".join(
        sorted((re.escape(p) for p in HOLIDAY_PREPOSITIONS.get(language, [])), key=len, reverse=True)
    )
    first_alt = "|".join(FIRST_DAY_WORDS.get(language, ["-"]))
    events_alt = "|".join(sorted((re.escape(e) for e in YEAR_EVENTS.get(language, [])), key=len, reverse=True))
    det_alt = "|".join(YEAR_DETERMINERS.get(language, []))
    aux_alt = "|".join(YEAR_AUXILIARIES.get(language, []))
    today_alt = "|".join(re.escape(w) for w in TODAY_WORDS.get(language, ["-"]))
    week_of_alt = "|".join(sorted((re.escape(w) for w in WEEK_OF.get(language, {})), key=len, reverse=True))
    week_of = rf"(?:\s+(?P<week_of>{week_of_alt}))?" if week_of_alt else ""
    openers, links = RANGE_WORDS.get(language, ([], []))
    between, and_words = RANGE_BETWEEN.get(language, (set(), set()))

    def alt(words: Any) -> str:
        return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))

    from_open, from_link = alt(set(openers) - between), alt(set(links) - and_words)
    between_open, between_link = alt(between), alt(and_words)
    alternatives = [
        # year ranges: von 2006 bis 2007, dal 2016 al 2022, entre 2017 y 2018, 2021-2027 (a
        # "between" opener takes "and", a "from" opener "to": "de 2019 y 2020" is two years)
        *(
            [
                rf"(?:{from_open})\s*{RANGE_ARTICLES}(?P<yr1>{_YEAR})(?!\d|[.,]\d)\s*(?:{from_link})\s*"
                rf"{RANGE_ARTICLES}(?P<yr2>{_YEAR})(?!\d|[.,]\d)",
                rf"(?:{between_open})\s*{RANGE_ARTICLES}(?P<yr1b>{_YEAR})(?!\d|[.,]\d)\s*(?:{between_link})\s*"
                rf"{RANGE_ARTICLES}(?P<yr2b>{_YEAR})(?!\d|[.,]\d)",
            ]
            if from_open and between_open
            else []
        ),
        rf"(?P<yr1h>{_YEAR})\s?[-–]\s?(?P<yr2h>{_YEAR})(?!\d|[.,]\d|[-–/])",
        # 5 novembre 2024, 5. November, 5 de noviembre de 2024, 1er novembre, 25-27 ottobre
        rf"(?:(?P<wd_prefix>{day_alt}),?\s+(?:(?:den|dem|le|el|the)\s+)?)?"
        rf"(?:(?P<day>\d{{1,2}})(?:\.?\s*(?:-|–|al?|bis(?:\s+zum)?|au|y|and|to|e)\s*(?P<day2>\d{{1,2}}))?"
        rf"(?:º|°|\.|er|st|nd|rd|th)?"
        rf"|(?P<day_word>{first_alt}))"
        rf"\s+(?:de\s+|of\s+)?(?P<month>{month_alt}{may})\.?(?:\s+(?:de\s+|del\s+)?(?P<year>(?:1[89]|20)\d\d))?",
        # November 5, 2024 (English)
        rf"(?:(?P<wd_prefix_a>{day_alt}),?\s+)?(?P<month_a>{month_alt}{may})\.?\s+(?P<day_a>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year_a>(?:1[89]|20)\d\d))?",
        # all'inizio di ottobre, Anfang Oktober, early October, à la fin de l'année
        rf"(?:(?:all'|alla\s+|a\s+|agli\s+|ai\s+|in\s+|à\s+la\s+|a\s+la\s+|a\s+|at\s+the\s+|au\s+|a\s+|en\s+)?"
        rf"(?P<part>{part_alt})[\s\-]*(?:di\s+|de\s+|d'|of\s+|del\s+)?(?:l'|la\s+|le\s+|el\s+|the\s+)?)?"
        rf"(?P<month_b>{month_alt}{may})(?:\s+(?:de\s+|del\s+|of\s+)?(?P<year_b>(?:1[89]|20)\d\d))?",
        # weekdays, with "last"/"next" cues around them resolved later
        rf"(?P<today>{today_alt}\s+)?(?P<weekday>{day_alt})(?:morgen|abend|nachmittag|vormittag|nacht|mittag)?"
        rf"{week_of}",
        # the end of the year, fine dell'anno, Ende des Jahres
        *(
            [
                rf"(?P<ypart2>{part_alt})\s*(?:di\s+|de\s+|of\s+|des\s+|d')?"
                rf"(?:quest'|questo\s+|dieses\s+|this\s+|cette\s+|este\s+|dell'|del\s+|l'|the\s+|la\s+)?"
                rf"(?:anno|jahres|year|annee|ano)"
            ]
            if part_alt
            else []
        ),
        # feast days after a preposition
        *([rf"(?:{holiday_preps})\s+(?P<holiday>{holiday_alt})"] if holiday_alt and holiday_preps else []),
        # relative phrases
        *([rf"(?P<relative>{rel_alt})"] if rel_alt else []),
        # years after a preposition (never a bare number: "2024 soldati")
        *(
            [
                rf"(?:(?P<ypart>{part_alt})[\s\-]*(?:(?:di|de|of|del|des)\s+)?(?:(?:{year_preps})\s+)?"
                rf"|(?:{year_preps})\s+)(?P<year_c>(?:1[89]|20)\d\d)(?!\d|[.,]\d)"
            ]
            if year_preps
            else []
        ),
        # a year a named event or an election carries, one used as an adjective, one after
        # a German auxiliary (resolved only when no noun follows it)
        *([rf"(?:{events_alt})\s+(?P<year_e>(?:1[89]|20)\d\d)(?!\d|[.,]\d)"] if events_alt else []),
        *([rf"(?:{det_alt})\s+(?P<year_e2>(?:1[89]|20)\d\d)(?=\s+[a-z])"] if det_alt else []),
        *([rf"(?:{aux_alt})\s+(?P<year_f>(?:1[89]|20)\d\d)(?!\d|[.,]\d)"] if aux_alt else []),
        *(
            [
                rf"(?<![^\s\"'«„“(])(?:(?:{YEAR_SUBJECT_ARTICLES.get(language, '-')})\s+)?(?P<year_s>(?:1[89]|20)\d\d)"
                rf"(?=,?\s+(?:{YEAR_SUBJECT_VERBS[language]})\b)"
            ]
            if language in YEAR_SUBJECT_VERBS
            else []
        ),
        # a year alone in brackets: "le Cameroun (1990)"
        r"\((?P<year_p>(?:1[89]|20)\d\d)\)",
        # an old year after a preposition, only before punctuation: "victoire de 1781,"
        *([rf"(?:{year_preps})\s+(?P<year_o>1[0-7]\d\d)(?=\s*(?:[,.;:)]|$))"] if year_preps else []),
        *(
            [
                rf"(?P<year_n>(?:1[89]|20)\d\d)(?=\s+{_DE_LIFE_EVENT})",
                rf"(?P<year_g>(?:1[89]|20)\d\d)(?=\s+(?:(?:{_DE_MIDFIELD_NEXT})\b|{_DE_PARTICIPLE_END}))",
            ]
            if language == "de"
            else []
        ),
    ]
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)
    return _LangData(months, weekdays, pattern, full | {"may"})


# --- resolution ------------------------------------------------------------------------


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _nearest_year_for(month: int, day: int | None, published: date, future_bias: str | None) -> int:
    """Year that puts (month, day) nearest to publication; future distances count double."""
    best, best_cost = published.year, float("inf")
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            when = date(year, month, day or 15)
        except ValueError:
            continue
        delta = (when - published).days
        if day is None:  # month precision: the current month is distance 0
            months_apart = (year - published.year) * 12 + (month - published.month)
            delta = months_apart * 30
        if future_bias == "future" and delta < 0:
            # A coming month whenever one fits ("si terrà a novembre"); a day keeps some doubt
            # ("barred by the court on May 20": "by" is no future there).
            cost = 10_000 + abs(delta) if day is None else abs(delta) * 3
        elif future_bias == "past" and delta > 0:
            cost = 10_000 + delta if day is None else delta * 3
        elif future_bias == "scheduled":
            cost = abs(delta)
        else:
            cost = abs(delta) * (2 if delta > 0 else 1)
        if cost < best_cost:
            best, best_cost = year, cost
    return best


# Future verb endings, on the accented text: chiuderà, terranno, será, seront.
FUTURE_ENDINGS = {
    "it": re.compile(r"\b\w+(?:rà|ranno)\b"),
    "es": re.compile(r"\b\w+(?:rá|rán)\b"),
    "fr": re.compile(
        r"\b(?!(?:cam|op|chol)[eé]ra\b|extra\b|mantra\b|ultra\b|contra\b|cobra\b|sierra\b)\w{2,}(?:ront|rai|ra|rons|rez)\b"
    ),
}
PAST_ENDINGS = {
    "es": re.compile(r"\b\w+(?:ó|aron|ieron|ado|ido)\b"),
    "pt": re.compile(r"\b\w+(?:ou|aram|eram)\b"),
    "en": re.compile(r"\b(?!(?:ne|fe|se|he|de|re|sh|br|bl|fl)ed\b)\w{2,}ed\b"),
    # passato remoto (firmò, annunciarono), not però / ciò / può
    "it": re.compile(r"\b(?!(?:per|perci|ci|pu|cio)[oò]\b)\w{2,}(?:ò|arono|erono|irono)\b"),
    # German weak preterite (demonstrierten, forderte), not heute / Mitte / ordinals
    "de": re.compile(r"\b(?!heute\b|(?:ers|zwei|drit|vier|letz|meis|bes|wei|hal)ten?\b)[a-zäöüß]{3,}(?:te|ten)\b"),
}
# French past participles ("qualifiée samedi soir"), not the nouns that end like them.
_FR_PARTICIPLE = re.compile(r"\b[a-zàâçéèêëîïôûùüÿœ]{2,}(?:é|ée|és|ées)\b")
_FR_NOT_PARTICIPLE = re.compile(
    r"(?:i[eé]?t[eé]e?s?|ann[eé]es?|journ[eé]es?|soir[eé]es?|matin[eé]es?|arm[eé]es?|id[eé]es?|entr[eé]es?"
    r"|arriv[eé]es?|dur[eé]es?|pens[eé]es?|mus[eé]es?|lyc[eé]es?|d[eé]put[eé]s?|comit[eé]s?|c[oô]t[eé]s?"
    r"|march[eé]s?|caf[eé]s?|degr[eé]s?|trait[eé]s?|assembl[eé]es?|vall[eé]es?|mosqu[eé]es?|troph[eé]es?"
    r"|tourn[eé]es?|rentr[eé]es?|port[eé]es?|fus[eé]es?|chauss[eé]es?|all[eé]es?|mar[eé]es?|[eé]t[eé])$"
)
# An infinitive right before the expression looks ahead ("appelé les électeurs à voter en
# novembre", "invitati a votare a novembre", "llamó a votar en noviembre", "urged voters
# to return in May"); one further off is often a purpose ("irrumpieron ... para detener").
INFINITIVES = {
    "it": re.compile(r"\ba\s+(?!essere\b|avere\b|aver\b|partire\b)[a-zàèéìòù]+(?:are|ere|ire)\b"),
    "es": re.compile(r"\ba\s+(?!ser\b|haber\b|partir\b)[a-záéíóúñ]+(?:ar|er|ir)\b"),
    "fr": re.compile(
        r"\bà\s+(?!être\b|avoir\b|notre\b|votre\b|autre\b|contre\b|entre\b|cette\b|partir\b)"
        r"[a-zàâçéèêëîïôûùüÿœ]+(?:er|ir|re)\b"
    ),
    "en": re.compile(
        r"\b(?:agreed|promised|vowed|decided|threatened|aims?|seeks?|ready|likely|poised|preparing"
        r"|(?:urged|urging|asked|called on|told|invited)\s+(?:\w+\s+){0,3}?)\s*to\s+[a-z]+\b"
    ),
}
# German modals that look ahead ("soll am Sonntag stattfinden"), unless a perfect infinitive
# follows ("soll am Sonntag geflohen sein": reported past).
_DE_MODAL = re.compile(r"\b(?:soll|sollen|will|wollen)\b(?![^,;.]*\b(?:haben|sein)\b)")
# Compound pasts with "to be" ("è caduto", "sono partiti", "est tombé", "sont arrivés").
_COMPOUND_PAST = {
    "it": re.compile(
        r"\b(?:e|sono|era|erano|fu|furono)\s+(?:gia\s+|stato\s+|stata\s+)?(?:[a-z]+(?:at|ut|it)"
        r"|mort|nat|pres|mess|dett|fatt|scritt|chius|apert|rimast|giunt|uccis|scompars|success|espost|vint|pers"
        r"|scelt|esplos|sort|cors|mors|ris|accor|rott)[oaie]\b"
    ),
    "fr": re.compile(
        r"\b(?:est|sont|etait|etaient)\s+(?:alle|venu|arrive|parti|entre|sorti|monte|descendu|ne|mort|tombe|reste"
        r"|retourne|devenu|revenu|decede|rentre|passe)e?s?\b"
    ),
}
# Past markers (auxiliaries and frequent past forms) for telling tense by proximity.
PAST_VERBS = {
    "it": ["ha", "hanno", "e stato", "e stata", "sono stati", "era", "erano", "aveva", "avevano"],
    "de": [
        "hat", "haben", "hatte", "hatten", "wurde", "wurden", "war", "waren", "sagte", "erklarte",
        "kam", "kamen", "gab", "ging", "gingen", "fiel", "fielen", "stieg", "sank", "lag", "trat", "zog",
        "fand", "hielt", "rief", "sprach", "nahm", "traf", "trafen", "blieb", "begann", "gewann", "verlor",
    ],
    "en": [
        "has", "have", "had", "was", "were", "said", "did",
        "began", "won", "met", "took", "came", "went", "fell", "rose", "gave", "told", "held", "led",
        "saw", "sent", "spoke", "struck", "wrote", "became", "broke", "fled", "sold", "bought", "brought",
        "fought", "chose", "grew", "knew",
    ],
    "fr": ["a", "ont", "avait", "avaient", "etait", "etaient", "fut"],
    "es": [
        "ha", "han", "habia", "fue", "fueron", "dijo", "era",
        "hizo", "tuvo", "estuvo", "puso", "vino", "pudo", "quiso", "dio", "hubo",
    ],
}  # fmt: skip


_PAST_REACH = 40  # characters (a clause break counts 40)


def _tense(sentence: str, language: str, start: int, end: int) -> str | None:
    """'future' / 'past' from cue words near the expression, else from the nearest verb marker.

    'scheduled' when the expression is what something is planned for ("per lunedì",
    "prevista per martedì"): the nearest fitting date, past or coming.
    """
    window = fold(sentence[max(0, start - 40) : end + 25]).replace("’", "'")
    for cue in PAST_CUES.get(language, []):
        if re.search(rf"\b{re.escape(cue)}", window):
            return "past"
    for cue in FUTURE_CUES.get(language, []):
        if re.search(rf"\b{re.escape(cue)}", window):
            return "future"
    before = fold(sentence[max(0, start - 25) : start]).replace("’", "'")
    for cue in FUTURE_PREPOSITIONS.get(language, []):
        if re.search(
            rf"(?<![\w']){re.escape(cue)}\s*(?:(?:the|on|in|am|im|il|lo|la|el|le|l'|au|en|a|nel)\s+)?$", before
        ):
            return "future"
    for cue in PAST_PREPOSITIONS.get(language, []):
        if re.search(rf"(?<![\w']){re.escape(cue)}\s*(?:(?:the|on|in|am|im|il|la|el|le|l'|en)\s+)?$", before):
            return "past"
    for cue in SCHEDULED_CUES.get(language, []):
        # right before the expression ("per lunedì"), or a participle a few words before
        if re.search(rf"\b{re.escape(cue)}\w*\s+(?:\w+\s+){{0,1}}$", before):
            return "scheduled"
    folded = fold(sentence)
    middle = (start + end) / 2
    best: tuple[float, str] | None = None
    markers: list[tuple[str, re.Match[str]]] = []
    for tense, verbs in (("future", FUTURE_VERBS.get(language, [])), ("past", PAST_VERBS.get(language, []))):
        for verb in verbs:
            # French "a" (has) on the accented text: folded, the preposition "à" reads the same.
            text = sentence.lower() if language == "fr" and verb == "a" else folded
            markers += [
                (tense, m)
                for m in re.finditer(rf"\b{re.escape(verb)}\b", text)
                if tense == "future" or not _PASSIVE_BEFORE.search(folded[max(0, m.start() - 12) : m.start()])
            ]
    for tense, endings in (("future", FUTURE_ENDINGS), ("past", PAST_ENDINGS)):
        if language in endings:  # lower-case words only: "Irán" is no verb
            markers += [
                (tense, m)
                for m in endings[language].finditer(sentence)
                if m.group()[0].islower()
                and not (tense == "past" and _PASSIVE_BEFORE.search(fold(sentence[max(0, m.start() - 12) : m.start()])))
            ]
    # "is expected to", "is scheduled to": the -ed of a future phrase is no past tense.
    futures = [m for t, m in markers if t == "future"]
    markers = [
        (t, m) for t, m in markers if t == "future" or not any(f.start() <= m.start() < f.end() + 1 for f in futures)
    ]
    # "expected to return on Thursday", "à voter en novembre": an infinitive looks ahead.
    if language == "en":
        to_verb = re.compile(r"\b(?:expected|set|due|scheduled|plans?|planned|going|hopes?|intends?|wants?)\s+to\s+\w+")
        markers += [("future", m) for m in to_verb.finditer(folded)]
    if language in INFINITIVES:
        markers += [
            ("future", m)
            for m in INFINITIVES[language].finditer(sentence)
            if m.end() <= start and re.fullmatch(r"\s+(?:[\w']+\s+){0,3}", sentence[m.end() : start])
        ]
    if language == "de":  # a modal in the same clause
        markers += [
            ("future", m)
            for m in _DE_MODAL.finditer(folded)
            if not re.search(r"[;:]", sentence[min(m.end(), start) : max(m.start(), end)])
        ]
    if language in _COMPOUND_PAST:
        markers += [("past", m) for m in _COMPOUND_PAST[language].finditer(folded)]
    if language == "fr":
        markers += [
            ("past", m)
            for m in _FR_PARTICIPLE.finditer(sentence)
            if not _FR_NOT_PARTICIPLE.search(m.group())
            and not _PASSIVE_BEFORE.search(fold(sentence[max(0, m.start() - 12) : m.start()]))
        ]
        # A sentence opened by its participle: "Signé lundi à Addis-Abeba par ..."
        if (
            first := re.match(r"[A-ZÉ][a-zàâçéèêëîïôûùüÿœ]+(?:é|ée|és|ées)\b", sentence)
        ) and not _FR_NOT_PARTICIPLE.search(first.group()):
            markers.append(("past", first))
    for tense, m in markers:
        distance = abs((m.start() + m.end()) / 2 - middle)
        if m.start() > middle:
            distance *= 1.5  # the verb a time adverb belongs to usually comes first ("anunció el miércoles")
        between = sentence[min(m.end(), start) : max(m.start(), end)]
        distance += 40 * sum(between.count(p) for p in ",;:()")  # another clause: a weaker clue
        if best is None or distance < best[0]:
            best = (distance, tense)
    if best is None:
        return None
    # A past verb counts only close by, in the same clause ("suspended the laws in January",
    # "Erst im Februar hatte"); a future one anywhere in the sentence.
    return best[1] if best[1] == "future" or best[0] < _PAST_REACH else None


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian), by the anonymous Gregorian algorithm."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _holiday_date(holiday: tuple[int, int] | str, published: date, tense: str | None) -> date:
    """The feast day nearest to publication, past-biased like a day without a year."""
    if isinstance(holiday, tuple):
        month, day = holiday
        return date(_nearest_year_for(month, day, published, tense), month, day)
    candidates = [_easter(y) for y in (published.year - 1, published.year, published.year + 1)]
    return min(candidates, key=lambda d: _nearest_cost(d, published, tense))


def _nearest_cost(when: date, published: date, tense: str | None) -> int:
    delta = (when - published).days
    if tense == "future" and delta < 0:
        return abs(delta) * 3
    if tense == "past" and delta > 0:
        return delta * 3
    if tense == "scheduled":
        return abs(delta)
    return abs(delta) * (2 if delta > 0 else 1)


def _attached_cue(sentence: str, language: str, start: int, end: int) -> int:
    """-1 / 1 when "last"/"next" (or "scorso", "dernier", "pasado"...) is right at the expression."""
    before = fold(sentence[max(0, start - 20) : start]).replace("’", "'")
    after = fold(sentence[end : end + 20]).replace("’", "'")
    for word, offset in ATTACHED_BEFORE.get(language, {}).items():
        if re.search(rf"(?<!\w){re.escape(word)}\s+(?:(?:am|an|im|on|de|el)\s+)?$", before):
            return offset
    for word, offset in ATTACHED_AFTER.get(language, {}).items():
        if re.match(rf"\s+{re.escape(word)}(?!\w)", after):
            return offset
    return 0


def _week_range(day: date) -> str:
    monday = day - timedelta(days=day.weekday())
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def find_dates(text: str, sentences: list[Sentence], language: str, published: str | None) -> list[DateMention]:
    """Every date expression in the cleaned text, resolved against ``published``."""
    data = _language_data(language)
    if data is None or not text:
        return []
    pub = _parse_published(published)
    found: list[DateMention] = []
    for s in sentences:
        sentence = text[s.start : s.end]
        here: list[DateMention] = []
        for m in data.pattern.finditer(_fold_keep_length(sentence)):
            mention = _resolve(m, sentence, s, language, data, pub)
            if mention is not None:
                here.append(mention)
                if (also := _coordinated_year(mention, sentence, s)) is not None:
                    here.append(also)
        here = _listed_years(here, sentence, s)
        found += _merge_ranges(here, sentence, s, language)
    return found


_YEAR_LIST = re.compile(
    rf"(?<![\w.,]){_YEAR}(?:,\s*{_YEAR})+,?\s+(?:und|oder|and|or|e|ed|o|et|ou|y|u)\s+{_YEAR}"
    r"(?=\s*(?:[,;:)]|\.(?!\d)|$))"  # not before a noun: "1800, 1900 and 2000 votes" are counts
)


def _listed_years(mentions: list[DateMention], sentence: str, s: Sentence) -> list[DateMention]:
    """Every year of a list of three or more before a pause: "1916, 1940 und 1944", "in 2008, 2012 and 2016"."""
    taken = [(m.start - s.start, m.end - s.start) for m in mentions]
    added = []
    for listed in _YEAR_LIST.finditer(sentence):
        for year in re.finditer(_YEAR, listed.group()):
            start, end = listed.start() + year.start(), listed.start() + year.end()
            if not any(a < end and start < b for a, b in taken):
                added.append(DateMention(year.group(), s.start + start, s.start + end, s.idx, year.group(), "year"))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


def _merge_ranges(mentions: list[DateMention], sentence: str, s: Sentence, language: str) -> list[DateMention]:
    """Two absolute dates of one precision joined by range words become one range.

    "from January 29 to February 11", "dal 29 gennaio all'11 febbraio", "vom 29. Januar
    bis 11. Februar", "de marzo a mayo".
    """
    openers, links = RANGE_WORDS.get(language, ([], []))
    if len(mentions) < 2 or not openers:
        return mentions
    open_alt = "|".join(sorted((re.escape(w) for w in openers), key=len, reverse=True))
    link_alt = "|".join(sorted((re.escape(w) for w in links), key=len, reverse=True))
    folded = _fold_keep_length(sentence)
    out: list[DateMention] = []
    i = 0
    while i < len(mentions):
        a = mentions[i]
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        merged = None
        if (
            b is not None
            and not a.relative
            and not b.relative
            and a.date
            and b.date
            and a.precision == b.precision
            and a.precision in ("day", "month")
            and a.part is None
            and b.part is None
        ):
            a_start, a_end, b_start = a.start - s.start, a.end - s.start, b.start - s.start
            link = re.fullmatch(rf"\s*(?:{link_alt})\s*{RANGE_ARTICLES}", folded[a_end:b_start])
            opener = re.search(rf"(?<![\w'])(?:{open_alt})\s*{RANGE_ARTICLES}$", folded[:a_start])
            a_date: str | None = a.date
            if link and opener and not _range_words_pair(language, opener.group(), link.group()):
                link = None
            if link and opener and a.date >= b.date and not re.search(r"\d{4}", a.text):
                # "zwischen Januar und März" in October: the January before that March
                a_date = f"{int(a.date[:4]) - 1}{a.date[4:]}"
                if a_date[5:] == "02-29":
                    a_date = None
            if link and opener and a_date and a_date < b.date:
                start = opener.start()
                merged = DateMention(
                    sentence[start : b.end - s.start],
                    s.start + start,
                    b.end,
                    s.idx,
                    f"{a_date}/{b.date}",
                    "range",
                )
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


_COORDINATED_YEAR = re.compile(r"\s+(?:and|or|e|ed|o|und|oder|et|ou|y|u)\s+((?:1[89]|20)\d\d)(?!\d|[.,]\d)\b")


def _coordinated_year(mention: DateMention, sentence: str, s: Sentence) -> DateMention | None:
    """The second year of "in 2021 and 2022", "nel 2019 e 2020": a date like the first."""
    if mention.precision != "year" or mention.date is None or not mention.text[-4:].isdigit():
        return None
    local_end = mention.end - s.start
    m = _COORDINATED_YEAR.match(sentence, local_end)
    if m is None:
        return None
    start, end = s.start + m.start(1), s.start + m.end(1)
    return DateMention(m.group(1), start, end, s.idx, m.group(1), "year", None, False)


def _fold_keep_length(text: str) -> str:
    """Lower case without accents, same length (so match offsets stay valid)."""
    if text.isascii():  # most sentences of most languages: folding is lower-casing
        return text.lower()
    return "".join(map(_fold_char, text)).replace("’", "'")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded if len(folded) == 1 else ch.lower()


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        parts = [int(p) for p in published.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


_MAY_BEFORE = {"in", "of", "since", "until", "by", "early", "mid", "late", "last", "next", "this", "through", "from"}
_MAY_AFTER = {
    "the", "a", "an", "and", "or", "to", "of", "in", "on", "at", "for", "when", "after", "before", "this", "that",
    "last", "next", "as", "but", "he", "she", "they", "it", "we", "his", "her", "their", "its", "with", "by",
    "from", "until", "while", "amid", "following", "alone", "only", "so", "there",
}  # fmt: skip


def _is_month_may(m: re.Match[str], g: dict[str, Any], sentence: str) -> bool:
    """Whether a "May" without a day is the month.

    It must be capitalised, after "in"/"of"/"early"... or a part ("the end of May"), and
    not followed by a verb ("since May took office": the person).
    """
    start, end = m.start("month_b"), m.end("month_b")
    if g.get("month_b") != "may" or sentence[start] != "M":
        return False
    if g.get("year_b"):
        return True
    previous = fold(sentence[:start]).split()[-1:]
    if not (g.get("part") or (previous and previous[0].strip("-") in _MAY_BEFORE)):
        return False
    after = re.match(r"\s*([\w']+|[^\w\s])?", sentence[end:])
    following = after.group(1) if after else None
    return following is None or not following[0].isalpha() or following in _MAY_AFTER


# The pattern groups of a year standing alone (an event's, an attributive one, after an
# auxiliary, in brackets, an old one, the German middle field, a subject, a life event).
_BARE_YEAR_GROUPS = ("year_e", "year_e2", "year_f", "year_p", "year_o", "year_g", "year_s", "year_n")


def _resolve(
    m: re.Match[str], sentence: str, s: Sentence, language: str, data: _LangData, pub: date | None
) -> DateMention | None:
    g = m.groupdict()
    start, end = m.start(), m.end()
    for group in _BARE_YEAR_GROUPS:
        if g.get(group):
            start, end = m.start(group), m.end(group)  # the year alone: "WM 2034" -> "2034"
            if group in ("year_f", "year_e") and language == "de" and re.match(r"\s+[A-ZÄÖÜ]", sentence[end:]):
                return None  # "hatten 2000 Soldaten": a number before a noun
            if group == "year_s" and sentence[: m.start()].strip(" \"'«„“("):
                return None  # the sentence's subject: at its start only
            if group in ("year_o", "year_g"):
                previous = re.findall(r"[\w']+|[^\w\s]", fold(sentence[: m.start()]))[-1:]
                if not previous or not previous[0].isalpha() or previous[0] in _COUNT_WORDS:
                    return None  # "plus de 1500.", "rund 2000 die": a count
                if group == "year_g" and not re.search(
                    r"(?<![\w-])[A-ZÄÖÜ][\w-]*[a-zäöüß][\w-]*\s+$", sentence[: m.start()]
                ):
                    return None  # after a noun only: "kamen 2000 mit Bussen" counts people
    while end > start and sentence[end - 1] == ".":
        end -= 1  # the sentence's full stop, not part of "5 novembre"
    surface = sentence[start:end]
    if g.get("relative") in ("manana", "morgen"):
        # "esa misma mañana", "am Morgen", "heute Morgen": the morning, not tomorrow.
        previous = fold(sentence[:start]).split()[-1:] or [""]
        if previous[0] in MORNING_BEFORE.get(language, []) or (
            language == "de" and surface[:1].isupper() and start > 0
        ):
            return None

    def mk(*, date: str | None, precision: str | None, part: str | None = None, relative: bool = False) -> DateMention:
        return DateMention(surface, s.start + start, s.start + end, s.idx, date, precision, part, relative)

    tense = _tense(sentence, language, start, end)
    attached = _attached_cue(sentence, language, start, end)
    part = None
    if g.get("part") or g.get("ypart"):
        folded_part = fold(g.get("part") or g.get("ypart") or "").strip(" -")
        for name, words in PARTS.get(language, {}).items():
            if folded_part in {fold(w).strip(" -") for w in words}:
                part = name

    month_name = g.get("month") or g.get("month_a") or g.get("month_b")
    if month_name:
        month = data.months.get(month_name.rstrip(".")) or (5 if month_name == "may" else None)
        if month is None:
            return None
        day_text = g.get("day") or g.get("day_a") or ("1" if g.get("day_word") else None)
        year_text = g.get("year") or g.get("year_a") or g.get("year_b")
        day = int(day_text) if day_text else None
        if day is not None and not 1 <= day <= 31:
            return None
        if language == "en" and month_name == "may" and day is None and not _is_month_may(m, g, sentence):
            return None  # the verb "may", Theresa May
        if (
            g.get("month_b")
            and language in ("es", "it", "fr", "pt")
            and day is None
            and not year_text
            and sentence[m.start("month_b")].isupper()
            and fold(sentence[: m.start("month_b")]).split()[-1:] in (["el"], ["il"], ["le"], ["lo"])
        ):
            return None  # months are lower case there: "Ismael El Mayo Zambada" is a nickname
        full_names = data.full_months
        if (
            day is None
            and not (g.get("year") or g.get("year_a") or g.get("year_b"))
            and (month_name.rstrip(".") not in full_names)
        ):
            return None  # a bare abbreviation ("Mar", "Dez") is too often something else
        if year_text:
            year = int(year_text)
        elif pub is None:
            return mk(date=None, precision="day" if day else "month", part=part, relative=True)
        elif attached and day is None:
            # "last November" in November: the one before this month; "next June" the one after
            year = pub.year
            while (year, month) >= (pub.year, pub.month) if attached == -1 else (year, month) <= (pub.year, pub.month):
                year += attached
        else:
            year = _nearest_year_for(month, day, pub, tense)
        if g.get("day2") and day is not None:
            try:
                first, last = date(year, month, day), date(year, month, int(g["day2"]))
            except ValueError:
                return None
            return mk(date=f"{first.isoformat()}/{last.isoformat()}", precision="range")
        if day is not None:
            try:
                return mk(date=date(year, month, day).isoformat(), precision="day")
            except ValueError:
                return None
        return mk(date=f"{year}-{month:02d}", precision="month", part=part)

    if g.get("weekday"):
        weekday = data.weekdays[g["weekday"]]
        if pub is None:
            return mk(date=None, precision="day", relative=True)
        if g.get("today") and weekday == pub.weekday():
            return mk(date=pub.isoformat(), precision="day", relative=True)
        if g.get("week_of"):
            offset = WEEK_OF[language][re.sub(r"\s+", " ", g["week_of"])]
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset)
            return mk(date=(monday + timedelta(days=weekday)).isoformat(), precision="day", relative=True)
        # A coming weekday that is the publication day's is that day ("expected later on
        # Wednesday" in a Wednesday paper); a week ahead would be "next Wednesday".
        ahead = (weekday - pub.weekday()) % 7
        back = (pub.weekday() - weekday) % 7
        if attached == -1:
            return mk(date=(pub - timedelta(days=back or 7)).isoformat(), precision="day", relative=True)
        if attached == 1:
            return mk(date=(pub + timedelta(days=ahead or 7)).isoformat(), precision="day", relative=True)
        if tense == "future" or (tense == "scheduled" and back and ahead < back):
            when = pub + timedelta(days=ahead)
        else:
            when = pub - timedelta(days=back)
        return mk(date=when.isoformat(), precision="day", relative=True)

    if g.get("relative"):
        unit, offset = {fold(k): v for k, v in RELATIVE[language].items()}[g["relative"]]
        if pub is None:
            return mk(date=None, precision=unit, relative=True)
        if unit == "day":
            return mk(date=(pub + timedelta(days=offset)).isoformat(), precision="day", relative=True)
        if unit == "week":
            return mk(date=_week_range(pub + timedelta(weeks=offset)), precision="week", relative=True)
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, offset)
            return mk(date=f"{y}-{mo:02d}", precision="month", relative=True)
        return mk(date=str(pub.year + offset), precision="year", relative=True)

    if (from_year := g.get("yr1") or g.get("yr1b") or g.get("yr1h")) and (
        to_year := g.get("yr2") or g.get("yr2b") or g.get("yr2h")
    ):
        span = int(to_year) - int(from_year)
        if not 0 < span <= 100 or (int(from_year) % 100 == 0 and int(to_year) % 100 == 0):
            return None  # "tra 1800 e 2000 soldati", "2020-2020": counts or codes, not a span
        return mk(date=f"{from_year}/{to_year}", precision="range")
    if g.get("year_c"):
        if re.match(r"\s+(?:auf|to|a|à|al|au|bis)\s+\d{3}", sentence[end:]):
            return None  # "von 1900 auf 2000": counts, not a span of years (not "bis 2030 auf 20 Prozent")
        return mk(date=g["year_c"], precision="year", part=part)
    if bare_year := next((g[k] for k in _BARE_YEAR_GROUPS if g.get(k)), None):
        return mk(date=bare_year, precision="year")
    if g.get("holiday"):
        if pub is None:
            return mk(date=None, precision="day", relative=True)
        when = _holiday_date(HOLIDAYS[language][re.sub(r"\s+", " ", g["holiday"])], pub, tense)
        return mk(date=when.isoformat(), precision="day")
    if g.get("ypart2"):
        if pub is None:
            return mk(date=None, precision="year", relative=True)
        folded_part = fold(g["ypart2"]).strip(" -")
        part = next((n for n, ws in PARTS.get(language, {}).items() if folded_part in {fold(w) for w in ws}), None)
        return mk(date=str(pub.year), precision="year", part=part, relative=True)
    return None


# --- events ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _event_type_cues(path: str, mtime: float) -> list[tuple[str, dict[str, list[str]]]]:
    data: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return [
        (name, {k: [fold(c) for c in v] for k, v in (spec.get("cues") or {}).items()}) for name, spec in data.items()
    ]


def event_type(sentence: str, language: str, path: Path = EVENT_TYPES_PATH) -> str:
    """The first type whose cue starts a word of the sentence; ``other`` if none."""
    if not path.is_file():
        return "other"
    words = re.findall(r"\w[\w']*", fold(sentence))
    folded = " " + " ".join(words) + " "
    for name, cues in _event_type_cues(str(path), path.stat().st_mtime):
        for cue in cues.get(language, cues.get("en", [])):
            if " " in cue:
                if f" {cue}" in folded:
                    return name
            elif any(w.startswith(cue) for w in words):
                return name
    return "other"


_PRECISION_RANK = {"day": 0, "range": 1, "week": 2, "month": 3, "year": 4}


def extract_events(
    text: str,
    sentences: list[Sentence],
    language: str,
    published: str | None,
    entities: EntityResult | None,
    *,
    types_path: Path = EVENT_TYPES_PATH,
) -> EventResult:
    """Date mentions of an article and one event per sentence with a resolved date."""
    result = EventResult(dates=find_dates(text, sentences, language, published))
    actors_by_sentence: dict[int, list[str]] = {}
    if entities is not None:
        for m in entities.mentions:
            actor = entities.entities[m.entity_id]
            ids = actors_by_sentence.setdefault(m.sentence, [])
            if actor.type != "location" and m.entity_id not in ids:
                ids.append(m.entity_id)
    by_sentence: dict[int, list[DateMention]] = {}
    for d in result.dates:
        if d.date is not None:
            by_sentence.setdefault(d.sentence, []).append(d)
    for idx, mentions in sorted(by_sentence.items()):
        # What happened is dated absolutely ("all'inizio di ottobre"); when it was said,
        # relatively ("ha dichiarato la scorsa settimana"): absolute dates win.
        best = min(mentions, key=lambda d: (d.relative, _PRECISION_RANK.get(d.precision or "year", 9), d.start))
        sentence = sentences[idx]
        result.events.append(
            Event(
                sentence=idx,
                date=best.date or "",
                precision=best.precision or "year",
                date_text=best.text,
                type=event_type(text[sentence.start : sentence.end], language, types_path),
                actors=tuple(actors_by_sentence.get(idx, [])),
                part=best.part,
            )
        )
    return result
