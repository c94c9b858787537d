"""Dated events: candidate filter, resolution against publication, types, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.config import SAMPLE_DIR
from presslens.events import event_type, find_dates
from presslens.segment import segment
from tests.conftest import run_cli


def resolve(text: str, language: str, published: str | None) -> list[tuple[str, str | None, str | None]]:
    sentences = segment(text, language)
    out = []
    for d in find_dates(text, sentences, language, published):
        assert text[d.start : d.end] == d.text
        out.append((d.text, d.date, d.precision))
    return out


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # a month without a year: nearest fitting month, past-biased
        ("it", "2024-11-02", "I leader si sono accordati a giugno.", [("giugno", "2024-06", "month")]),
        ("it", "2024-01-10", "L'accordo firmato a dicembre.", [("dicembre", "2023-12", "month")]),
        # ... but the coming one when it is near and the text looks ahead
        ("it", "2024-10-26", "Chi vincerà le elezioni del 5 novembre?", [("5 novembre", "2024-11-05", "day")]),
        ("en", "2024-10-26", "The election on November 5 will decide.", [("November 5", "2024-11-05", "day")]),
        # parts of a month keep month precision
        ("it", "2024-10-26", "Soldati inviati all'inizio di ottobre.", [("all'inizio di ottobre", "2024-10", "month")]),
        ("de", "2024-10-26", "Die Truppen kamen Anfang Oktober an.", [("Anfang Oktober", "2024-10", "month")]),
        ("fr", "2024-10-26", "Les troupes sont arrivées début octobre.", [("début octobre", "2024-10", "month")]),
        (
            "es",
            "2024-10-26",
            "Las tropas llegaron a principios de octubre.",
            [("a principios de octubre", "2024-10", "month")],
        ),
        # weekdays: the latest such day up to publication (2024-10-26 is a Saturday)
        (
            "it",
            "2024-10-26",
            "I funzionari hanno espresso venerdì la loro preoccupazione.",
            [("venerdì", "2024-10-25", "day")],
        ),
        ("de", "2024-10-26", "Er sagte am Donnerstagabend nichts.", [("Donnerstagabend", "2024-10-24", "day")]),
        ("it", "2024-10-26", "Le truppe saranno schierate già domenica.", [("domenica", "2024-10-27", "day")]),
        # relative expressions
        (
            "it",
            "2024-10-26",
            "L'agenzia ha dichiarato la scorsa settimana che...",
            [("la scorsa settimana", "2024-10-14/2024-10-20", "week")],
        ),
        ("en", "2024-10-26", "He arrived yesterday.", [("yesterday", "2024-10-25", "day")]),
        (
            "de",
            "2024-10-26",
            "Das Abkommen wurde vergangene Woche ratifiziert.",
            [("vergangene Woche", "2024-10-14/2024-10-20", "week")],
        ),
        # absolute dates and years
        ("it", "2024-11-16", "Hanno stabilito rapporti diplomatici nel 1949.", [("nel 1949", "1949", "year")]),
        (
            "fr",
            "2024-11-16",
            "Le traité du 12 juin 2024 est entré en vigueur.",
            [("12 juin 2024", "2024-06-12", "day")],
        ),
        ("es", "2024-11-16", "El 1 de enero de 2023 Lula asumió.", [("1 de enero de 2023", "2023-01-01", "day")]),
        (
            "en",
            "2024-11-16",
            "Talks from 23 to 27 September failed.",
            [("23 to 27 September", "2024-09-23/2024-09-27", "range")],
        ),
    ],
)
def test_resolution(language: str, published: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Die Regierung und die Opposition streiten. Die Zahl stieg um 1,5 Prozent."),
        ("it", "Circa 1.500 soldati e il 18% della popolazione; alle 10:30 il decreto n. 2024/15."),
        ("it", "Il tasso è salito a 2,3 e poi a 1,5 punti."),
        ("en", "Some 2024 troops may leave; we may see more. 3,000 soldiers."),
        ("es", "El 18% de los 1.300 detenidos; el documento 2023-45."),
        ("fr", "Le 1er ministre a 2 000 soldats et 18 % des voix."),
    ],
)
def test_numbers_articles_and_verbs_are_not_dates(language: str, text: str) -> None:
    assert resolve(text, language, "2024-10-26") == []


def test_without_publication_date() -> None:
    found = resolve("Il vertice di venerdì e la firma del 12 giugno 2024; poi a giugno.", "it", None)
    assert ("venerdì", None, "day") in found  # relative: kept, unresolved
    assert ("12 giugno 2024", "2024-06-12", "day") in found  # absolute: resolved
    assert ("giugno", None, "month") in found  # no year: unresolved


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Russia e Corea del Nord hanno firmato un trattato di difesa.", "it", "agreement"),
        ("Nordkorea hat 1.500 Soldaten nach Wladiwostok verlegt.", "de", "military"),
        ("The United States imposed new sanctions on Pyongyang.", "en", "sanctions"),
        ("Les deux ministres se sont rencontrés à Moscou.", "fr", "meeting"),
        ("El portavoz advirtió de una escalada.", "es", "statement"),
        ("Il cielo era sereno.", "it", "other"),
    ],
)
def test_event_types(sentence: str, language: str, expected: str) -> None:
    assert event_type(sentence, language) == expected


def test_sample_events_in_the_export(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run_cli("ingest", str(SAMPLE_DIR), "--db", str(db), "-q").returncode == 0
    records = [json.loads(line) for line in run_cli("export", "--db", str(db)).stdout.splitlines()]
    events = [(r["id"], e) for r in records for e in r["events"]]
    for _, e in events:
        assert set(e) >= {"date", "precision", "date_text", "sentence", "type", "actors"}
        assert e["date_text"] in e["sentence"]
        assert e["translation"]  # the sample's supplied translation, sentence-aligned
    by_text: dict[tuple[str, str], dict[str, object]] = {}
    for _, e in events:
        by_text.setdefault((e["date"], e["precision"]), e)  # the first event with that date
    pact = by_text[("2024-06", "month")]
    assert pact["type"] == "agreement" and {"Q423", "Q159"} <= set(pact["actors"])
    vladivostok = by_text[("2024-10", "month")]
    assert vladivostok["part"] == "early" and "Vladivostok" in vladivostok["sentence"]
    assert "Q423" in vladivostok["actors"] and vladivostok["type"] == "military"
    election = by_text[("2024-11-05", "day")]
    assert "5 novembre" in election["date_text"]
    assert "Q30" in election["actors"]
    assert by_text[("1949", "year")]["date_text"] == "nel 1949"


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # ordinal first days (2023-12-14 is a Thursday)
        ("it", "2023-12-14", "Il primo dicembre il governo aveva deciso.", [("primo dicembre", "2023-12-01", "day")]),
        ("de", "2024-12-07", "Am ersten Dezember kam er an.", [("ersten Dezember", "2024-12-01", "day")]),
        ("es", "2024-01-10", "El primero de enero asumió.", [("primero de enero", "2024-01-01", "day")]),
        # a month the text looks ahead to is the coming one
        ("it", "2023-12-14", "La prossima conferenza si terrà a novembre.", [("novembre", "2024-11", "month")]),
        # a day something is planned for: the nearest such weekday, past or coming
        ("it", "2024-10-19", "Ha annunciato per lunedì un vertice.", [("lunedì", "2024-10-21", "day")]),
        (
            "it",
            "2023-12-14",
            "Si è discusso oltre la chiusura prevista per martedì.",
            [("martedì", "2023-12-12", "day")],
        ),
        # an infinitive that looks ahead; the publication day's weekday in the future is that day
        ("en", "2024-08-07", "He is expected to return on Thursday.", [("Thursday", "2024-08-08", "day")]),
        (
            "en",
            "2023-07-12",
            "Leaders are expected to sign it later on Wednesday.",
            [("Wednesday", "2023-07-12", "day")],
        ),
        # the morning, not tomorrow
        ("es", "2024-04-07", "Había recibido esa misma mañana el asilo.", []),
        ("de", "2024-04-07", "Am Morgen kam die Nachricht.", []),
        ("es", "2024-04-07", "Mañana se reúne el gabinete.", [("Mañana", "2024-04-08", "day")]),
        # years not after a preposition: coordinated, attributive, carried by an event, after an auxiliary
        (
            "en",
            "2024-08-07",
            "Talks in 2021 and 2022 failed.",
            [("in 2021", "2021", "year"), ("2022", "2022", "year")],
        ),
        ("en", "2024-08-07", "He shared the 2006 Nobel prize.", [("2006", "2006", "year")]),
        ("de", "2024-12-12", "Die WM 2034 findet in Saudi-Arabien statt.", [("2034", "2034", "year")]),
        ("de", "2024-12-07", "Die Gespräche hatten 1999 begonnen.", [("1999", "1999", "year")]),
        # ... but a count before a noun is no year
        ("de", "2024-12-07", "Sie hatten 2000 Soldaten geschickt.", []),
        ("en", "2024-08-07", "In the 2020s prices rose.", []),
    ],
)
def test_more_date_expressions(language: str, published: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # a span of years is one range, not its first year and a false second one
        ("de", "2024-05-02", "Sie lebte von 1998 bis 2004 in Wien.", [("von 1998 bis 2004", "1998/2004", "range")]),
        (
            "de",
            "2024-05-02",
            "Zwischen 2015 und 2019 wuchs der Umsatz.",
            [("Zwischen 2015 und 2019", "2015/2019", "range")],
        ),
        (
            "it",
            "2024-05-02",
            "Ha guidato la regione dal 2010 al 2015, poi il partito.",
            [("dal 2010 al 2015", "2010/2015", "range")],
        ),
        ("it", "2024-05-02", "Il piano 2024-2030 costa poco.", [("2024-2030", "2024/2030", "range")]),
        (
            "en",
            "2024-05-02",
            "He chaired the board from 2001 to 2009.",
            [("from 2001 to 2009", "2001/2009", "range")],
        ),
        (
            "en",
            "2024-05-02",
            "Prices doubled between 2019 and 2022.",
            [("between 2019 and 2022", "2019/2022", "range")],
        ),
        (
            "fr",
            "2024-05-02",
            "Il a dirigé le club de 2003 à 2011.",
            [("de 2003 à 2011", "2003/2011", "range")],
        ),
        ("fr", "2024-05-02", "Entre 2012 et 2014, rien.", [("Entre 2012 et 2014", "2012/2014", "range")]),
        (
            "es",
            "2024-05-02",
            "Gobernó del 2004 al 2011 y después entre 2018 y 2023.",
            [("del 2004 al 2011", "2004/2011", "range"), ("entre 2018 y 2023", "2018/2023", "range")],
        ),
        # days across two months are one range too
        (
            "en",
            "2024-03-05",
            "The plant will close from March 18 to April 2 for repairs.",
            [("from March 18 to April 2", "2024-03-18/2024-04-02", "range")],
        ),
        (
            "it",
            "2024-03-05",
            "La mostra resta aperta dal 28 marzo all'8 aprile.",
            [("dal 28 marzo all'8 aprile", "2024-03-28/2024-04-08", "range")],
        ),
        (
            "de",
            "2024-03-05",
            "Die Messe läuft vom 28. März bis zum 3. April.",
            [("vom 28. März bis zum 3. April", "2024-03-28/2024-04-03", "range")],
        ),
        (
            "fr",
            "2024-03-05",
            "Le salon aura lieu du 28 mars au 3 avril.",
            [("du 28 mars au 3 avril", "2024-03-28/2024-04-03", "range")],
        ),
        (
            "es",
            "2024-03-05",
            "La feria se celebra del 28 de marzo al 3 de abril.",
            [("del 28 de marzo al 3 de abril", "2024-03-28/2024-04-03", "range")],
        ),
        # ... but counts are no span of years, and two dates without a range word stay two
        ("it", "2024-05-02", "Tra 1800 e 2000 soldati sono partiti.", []),
        ("de", "2024-05-02", "Es kamen 1800-1900 Menschen.", []),
        (
            "en",
            "2024-03-05",
            "Talks on March 18 and April 2 failed.",
            [("March 18", "2024-03-18", "day"), ("April 2", "2024-04-02", "day")],
        ),
    ],
)
def test_ranges(language: str, published: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # "last"/"next" right at a weekday: in a Monday paper (2024-03-11) "last Monday" is a week ago
        ("it", "2024-03-11", "Lunedì scorso il sindaco si è dimesso.", [("Lunedì", "2024-03-04", "day")]),
        ("en", "2024-03-11", "The mayor resigned last Monday.", [("Monday", "2024-03-04", "day")]),
        ("fr", "2024-03-11", "Le maire a démissionné lundi dernier.", [("lundi", "2024-03-04", "day")]),
        ("es", "2024-03-11", "El alcalde dimitió el pasado lunes.", [("lunes", "2024-03-04", "day")]),
        ("de", "2024-03-11", "Der Bürgermeister trat letzten Montag zurück.", [("Montag", "2024-03-04", "day")]),
        ("it", "2024-03-11", "Il voto è lunedì prossimo.", [("lunedì", "2024-03-18", "day")]),
        ("fr", "2024-03-11", "Le vote aura lieu lundi prochain.", [("lundi", "2024-03-18", "day")]),
        # a weekday of last / next week (Monday to Sunday) in a Friday paper (2024-03-15)
        (
            "de",
            "2024-03-15",
            "Er war am Freitag vergangener Woche gegangen.",
            [("Freitag vergangener Woche", "2024-03-08", "day")],
        ),
        (
            "it",
            "2024-03-15",
            "Era partito venerdì della settimana scorsa.",
            [("venerdì della settimana scorsa", "2024-03-08", "day")],
        ),
        ("en", "2024-03-15", "He left on Friday of last week.", [("Friday of last week", "2024-03-08", "day")]),
        (
            "fr",
            "2024-03-15",
            "Il était parti le vendredi de la semaine dernière.",
            [("vendredi de la semaine dernière", "2024-03-08", "day")],
        ),
        (
            "es",
            "2024-03-15",
            "Se fue el martes de la semana pasada.",
            [("martes de la semana pasada", "2024-03-05", "day")],
        ),
        (
            "de",
            "2024-03-15",
            "Die Wahl ist am Dienstag nächster Woche.",
            [("Dienstag nächster Woche", "2024-03-19", "day")],
        ),
        # "last November" in November is a year ago; in a later month, this year's
        ("en", "2024-11-20", "They walked out last November.", [("November", "2023-11", "month")]),
        ("it", "2024-11-20", "Se ne sono andati lo scorso novembre.", [("novembre", "2023-11", "month")]),
        ("de", "2024-11-20", "Sie gingen im vergangenen November.", [("November", "2023-11", "month")]),
        ("fr", "2024-11-20", "Ils sont partis en novembre dernier.", [("novembre", "2023-11", "month")]),
        ("es", "2024-11-20", "Se fueron el pasado noviembre.", [("noviembre", "2023-11", "month")]),
        ("es", "2024-12-20", "Se fueron el pasado noviembre.", [("noviembre", "2024-11", "month")]),
        ("en", "2024-11-20", "The vote is due next November.", [("November", "2025-11", "month")]),
    ],
)
def test_last_and_next_at_a_weekday_or_month(
    language: str, published: str, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # "by", "until" look ahead only right before the expression (2024-10-09 is a Wednesday)
        (
            "en",
            "2024-10-09",
            "Monday's summit was overshadowed by protests.",
            [("Monday", "2024-10-07", "day")],
        ),
        ("en", "2024-10-09", "The report is due by Friday.", [("Friday", "2024-10-11", "day")]),
        # "from ... on" right before a weekday: the coming one
        ("es", "2024-10-09", "Las nuevas tarifas rigen a partir del lunes.", [("lunes", "2024-10-14", "day")]),
        ("it", "2024-10-09", "Le nuove tariffe valgono a partire da lunedì.", [("lunedì", "2024-10-14", "day")]),
        ("fr", "2024-10-09", "Les nouveaux tarifs s'appliquent à partir de lundi.", [("lundi", "2024-10-14", "day")]),
        ("de", "2024-10-09", "Die neuen Tarife gelten ab Montag.", [("Montag", "2024-10-14", "day")]),
        ("en", "2024-10-09", "The new fares apply starting Monday.", [("Monday", "2024-10-14", "day")]),
        # a German modal in the clause looks ahead (2024-10-12 is a Saturday) ...
        ("de", "2024-10-12", "Die Abstimmung soll am Sonntag stattfinden.", [("Sonntag", "2024-10-13", "day")]),
        # ... unless it reports a past ("soll ... geflohen sein")
        ("de", "2024-10-12", "Er soll am Sonntag geflohen sein.", [("Sonntag", "2024-10-06", "day")]),
        # a French past participle is as good a clue as an auxiliary (2024-10-14 is a Monday)
        (
            "fr",
            "2024-10-14",
            "Les Bleus joueront contre le Portugal, éliminé dimanche par la Suisse.",
            [("dimanche", "2024-10-13", "day")],
        ),
        # an infinitive right before a month looks ahead: "urged voters to vote in March" in October
        ("fr", "2024-10-09", "Le maire a invité les habitants à voter en mars.", [("mars", "2025-03", "month")]),
        ("it", "2024-10-09", "Il sindaco ha invitato i cittadini a votare a marzo.", [("marzo", "2025-03", "month")]),
        ("es", "2024-10-09", "El alcalde llamó a los vecinos a votar en marzo.", [("marzo", "2025-03", "month")]),
        ("en", "2024-10-09", "The mayor urged residents to vote in March.", [("March", "2025-03", "month")]),
        # ... one further off is a purpose of a past act
        (
            "es",
            "2024-10-09",
            "Los agentes entraron el viernes en la embajada para detener al exministro.",
            [("viernes", "2024-10-04", "day")],
        ),
        # "seit", "since", "depuis", "desde" look back: in May, "since June" is last year's
        ("de", "2024-05-10", "Seit Juni läuft die Prüfung.", [("Juni", "2023-06", "month")]),
        ("en", "2024-05-10", "The review has been running since June.", [("June", "2023-06", "month")]),
        ("fr", "2024-05-10", "L'enquête est en cours depuis juin.", [("juin", "2023-06", "month")]),
        ("es", "2024-05-10", "La revisión sigue abierta desde junio.", [("junio", "2023-06", "month")]),
    ],
)
def test_tense_clues(language: str, published: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # a year alone in brackets
        ("fr", "2024-05-02", "Après le Brésil (1994), l'Italie.", [("1994", "1994", "year")]),
        ("it", "2024-05-02", "Come la Spagna (2010), anche la Germania.", [("2010", "2010", "year")]),
        ("en", "2024-05-02", "Like Argentina (1986), they won.", [("1986", "1986", "year")]),
        ("de", "2024-05-02", "Wie Frankreich (1998) gewann es.", [("1998", "1998", "year")]),
        ("es", "2024-05-02", "Igual que Brasil (2002), ganó.", [("2002", "2002", "year")]),
        # the accounts, budget or season of a year
        ("de", "2024-05-02", "Der Haushalt 2025 wurde verabschiedet.", [("2025", "2025", "year")]),
        ("it", "2024-05-02", "Il bilancio 2023 chiude in utile.", [("2023", "2023", "year")]),
        ("en", "2024-05-02", "Revenue rose in fiscal 2023.", [("2023", "2023", "year")]),
        ("fr", "2024-05-02", "Le budget 2025 prévoit des coupes.", [("2025", "2025", "year")]),
        ("es", "2024-05-02", "El presupuesto 2024 recorta el gasto.", [("2024", "2024", "year")]),
        # an old year after a preposition, before punctuation
        ("fr", "2024-05-02", "C'était la victoire de 1415.", [("1415", "1415", "year")]),
        ("it", "2024-05-02", "Si ricorda la battaglia del 1571, poi la pace.", [("1571", "1571", "year")]),
        ("en", "2024-05-02", "It recalls the treaty of 1648.", [("1648", "1648", "year")]),
        ("de", "2024-05-02", "Man feierte den Frieden von 1648.", [("1648", "1648", "year")]),
        ("es", "2024-05-02", "Fue la derrota de 1588.", [("1588", "1588", "year")]),
        # German years in the middle field, after a noun or an adverb like "noch"
        ("de", "2024-05-02", "Gegründet hatte die Firma 2012 ein Ingenieur.", [("2012", "2012", "year")]),
        ("de", "2024-05-02", "Sie hat das Museum 2015 mit ihrem Mann eröffnet.", [("2015", "2015", "year")]),
        ("de", "2024-05-02", "Die Stadt hat den Park 2016 gebaut.", [("2016", "2016", "year")]),
        ("de", "2024-05-02", "Die Firma will noch 2025 an die Börse.", [("2025", "2025", "year")]),
        ("de", "2024-05-02", "Erst 2019 kam der Durchbruch.", [("2019", "2019", "year")]),
        ("de", "2024-05-02", "Kuroda hatte die Zinsen 2016 eingeführt.", [("2016", "2016", "year")]),
        # years of birth and founding, lists of years, seasons of a year
        ("de", "2024-05-02", "Pääbo, 1955 in Stockholm geboren, forscht.", [("1955", "1955", "year")]),
        ("de", "2024-05-02", "Die 1968 in Frankreich geborene Forscherin.", [("1968", "1968", "year")]),
        (
            "de",
            "2024-05-02",
            "Abgesagt wurden sie wegen der Weltkriege, 1916, 1940 und 1944.",
            [("1916", "1916", "year"), ("1940", "1940", "year"), ("1944", "1944", "year")],
        ),
        (
            "en",
            "2024-05-02",
            "He won in 2008, 2012 and 2016.",
            [("in 2008", "2008", "year"), ("2012", "2012", "year"), ("2016", "2016", "year")],
        ),
        ("de", "2024-05-02", "Die Spiele sollen im Sommer 2021 stattfinden.", [("im Sommer 2021", "2021", "year")]),
        ("it", "2024-05-02", "Nell'estate del 2021 pioveva.", [("Nell'estate del 2021", "2021", "year")]),
        ("en", "2024-05-02", "In the spring of 2020 it began.", [("In the spring of 2020", "2020", "year")]),
        ("fr", "2024-05-02", "À l'été 2021, il pleuvait.", [("À l'été 2021", "2021", "year")]),
        ("es", "2024-05-02", "En el verano de 2021 llovió.", [("En el verano de 2021", "2021", "year")]),
        # ... but counts stay numbers
        ("de", "2024-05-02", "Es warten noch 2000 Menschen.", []),
        ("de", "2024-05-02", "Rund 2000 der Helfer kamen.", []),
        ("de", "2024-05-02", "Es kamen 2000 mit Bussen.", []),
        ("de", "2024-05-02", "Er bekam 2000 für das Bild.", []),
        ("de", "2024-05-02", "Der Verband zählt 2000 Mitglieder.", []),
        ("de", "2024-05-02", "Er hat 2500 Euro eingenommen.", []),
        ("de", "2024-05-02", "Der Anteil soll bis 2030 auf 20 Prozent steigen.", [("bis 2030", "2030", "year")]),
        ("de", "2024-05-02", "Die Zahl stieg von 1900 auf 2000.", []),
        ("es", "2024-07-26", "Ismael El Mayo Zambada fue detenido.", []),  # a nickname: months are lower case
        ("en", "2024-05-02", "They counted 1850, 1920 and 2040 votes.", []),
        ("fr", "2024-05-02", "Ils étaient plus de 1500, selon la police.", []),
        ("es", "2024-05-02", "Llegaron más de 1500.", []),
        ("it", "2024-05-02", "I feriti (2000 in tutto) sono in ospedale.", []),
    ],
)
def test_years_without_a_preposition(
    language: str, published: str, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # this / next / last month and year, as each language also says them
        (
            "de",
            "2024-05-02",
            "Noch in diesem Monat soll das Gesetz kommen.",
            [("in diesem Monat", "2024-05", "month")],
        ),
        ("de", "2024-05-02", "Die Preise stiegen im Vormonat.", [("Vormonat", "2024-04", "month")]),
        ("de", "2024-05-02", "Im kommenden Monat wird gewählt.", [("kommenden Monat", "2024-06", "month")]),
        ("it", "2024-05-02", "Il voto è atteso il prossimo mese.", [("il prossimo mese", "2024-06", "month")]),
        ("it", "2024-05-02", "I prezzi sono saliti nel mese in corso.", [("mese in corso", "2024-05", "month")]),
        ("fr", "2024-05-02", "Les prix ont baissé le mois passé.", [("le mois passé", "2024-04", "month")]),
        ("es", "2024-05-02", "Se votará el mes que viene.", [("el mes que viene", "2024-06", "month")]),
        ("es", "2024-05-02", "Se votará la semana próxima.", [("la semana próxima", "2024-05-06/2024-05-12", "week")]),
        ("en", "2024-05-02", "Prices rose earlier this month.", [("this month", "2024-05", "month")]),
        # "May" the month, after a part or a preposition, not the verb or the person
        ("en", "2024-06-12", "Grossi reported at the end of May.", [("at the end of May", "2024-05", "month")]),
        ("en", "2024-06-12", "Prices fell in May, then rose.", [("May", "2024-05", "month")]),
        ("en", "2024-06-12", "Prices fell in mid-May.", [("in mid-May", "2024-05", "month")]),
        ("en", "2024-06-12", "Prices fell in May 2023.", [("May 2023", "2023-05", "month")]),
        ("en", "2024-06-12", "Things changed since May took office.", []),
        ("en", "2024-06-12", "Prices may fall. Theresa May spoke.", []),
    ],
)
def test_more_relative_phrases_and_may(
    language: str, published: str, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # feast days after a preposition: the nearest one (Easter 2025 is 20 April)
        ("de", "2025-02-10", "Die Koalition soll bis Ostern stehen.", [("bis Ostern", "2025-04-20", "day")]),
        ("it", "2025-02-10", "Il governo nascerà entro Pasqua.", [("entro Pasqua", "2025-04-20", "day")]),
        ("en", "2025-02-10", "A deal is expected before Easter.", [("before Easter", "2025-04-20", "day")]),
        ("fr", "2024-11-20", "Le texte sera voté avant Noël.", [("avant Noël", "2024-12-25", "day")]),
        ("es", "2025-01-10", "Lo anunció antes de Navidad.", [("antes de Navidad", "2024-12-25", "day")]),
        ("de", "2024-12-10", "Die Ware kommt vor Weihnachten.", [("vor Weihnachten", "2024-12-25", "day")]),
        # ... not a place or an adjective
        ("es", "2025-02-10", "Viajó a la Isla de Pascua.", []),
        ("it", "2025-02-10", "È tornato nella sua città natale.", []),
    ],
)
def test_feast_days(language: str, published: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # a year as the sentence's subject, before a verb in the singular
        ("de", "2024-10-16", "2019 hatte die Partei noch 20 Prozent.", [("2019", "2019", "year")]),
        ("en", "2024-10-16", "2020 was a hard year for airlines.", [("2020", "2020", "year")]),
        ("it", "2024-10-16", "Il 2023 è stato l'anno più caldo.", [("2023", "2023", "year")]),
        ("fr", "2024-10-16", "2022 a été marquée par la guerre.", [("2022", "2022", "year")]),
        ("es", "2024-10-16", "El 2019 fue un año difícil.", [("2019", "2019", "year")]),
        # ... a count takes the plural, and a year elsewhere needs its preposition
        ("de", "2024-10-16", "2000 kamen zur Demo.", []),
        ("en", "2024-10-16", "2000 were arrested.", []),
        ("fr", "2024-10-16", "Il a dit que 2000 a été payé.", []),
        # more years after a preposition: "für 2023" (before no noun), "per il 2025"
        ("de", "2024-10-16", "Die Firma meldete für 2023 einen Verlust.", [("2023", "2023", "year")]),
        ("de", "2024-10-16", "Die Firma zahlte für 2000 Mitarbeiter.", []),
        ("it", "2024-10-16", "Le stime per il 2025 sono buone.", [("per il 2025", "2025", "year")]),
        # the end of the year in Spanish; a French future in -ra looks ahead (a Wednesday paper)
        ("es", "2024-10-16", "Antes de fin de año llegarán los fondos.", [("fin de año", "2024", "year")]),
        ("fr", "2024-10-16", "Le président s'exprimera jeudi.", [("jeudi", "2024-10-17", "day")]),
    ],
)
def test_year_subjects_and_more_prepositions(
    language: str, published: str, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # German day ranges with the ordinal dot
        (
            "de",
            "2024-10-16",
            "Die Messe findet vom 3. bis 5. Oktober statt.",
            [("3. bis 5. Oktober", "2024-10-03/2024-10-05", "range")],
        ),
        (
            "de",
            "2024-10-16",
            "Die Manöver liefen vom 4.-7. August.",
            [("4.-7. August", "2024-08-04/2024-08-07", "range")],
        ),
        # a weekday before the date is one expression
        (
            "de",
            "2024-10-16",
            "Am Montag, dem 14. Oktober, sprach er.",
            [("Montag, dem 14. Oktober", "2024-10-14", "day")],
        ),
        ("en", "2024-10-16", "On Monday, Oct. 14, he spoke.", [("Monday, Oct. 14", "2024-10-14", "day")]),
        # months of a range without a year: the start is the one before the end
        (
            "en",
            "2024-10-16",
            "Between January and March, 300 died.",
            [("Between January and March", "2024-01/2024-03", "range")],
        ),
        (
            "it",
            "2024-10-16",
            "Tra gennaio e marzo sono morte 300 persone.",
            [("Tra gennaio e marzo", "2024-01/2024-03", "range")],
        ),
        (
            "de",
            "2024-10-16",
            "Zwischen Januar und März starben 300 Menschen.",
            [("Zwischen Januar und März", "2024-01/2024-03", "range")],
        ),
        (
            "fr",
            "2024-10-16",
            "Entre janvier et mars, 300 personnes sont mortes.",
            [("Entre janvier et mars", "2024-01/2024-03", "range")],
        ),
        (
            "es",
            "2024-10-16",
            "De enero a marzo murieron 300 personas.",
            [("De enero a marzo", "2024-01/2024-03", "range")],
        ),
        # the quarter or half of a year carries the year
        ("de", "2024-10-16", "Im ersten Quartal 2024 sank der Umsatz.", [("2024", "2024", "year")]),
        ("fr", "2024-10-16", "Au premier semestre 2024, les ventes ont chuté.", [("2024", "2024", "year")]),
        ("en", "2024-10-16", "Sales fell in the third quarter 2024.", [("2024", "2024", "year")]),
        ("es", "2024-10-16", "En el primer trimestre 2024 cayeron las ventas.", [("2024", "2024", "year")]),
        ("it", "2024-10-16", "Nel primo semestre 2024 il fatturato è sceso.", [("2024", "2024", "year")]),
    ],
)
def test_day_and_month_ranges_and_weekday_prefixes(
    language: str, published: str, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # "expected", "must", "should" look ahead (2024-10-16 is a Wednesday) ...
        ("it", "2024-10-16", "Il premier è atteso venerdì a Bruxelles.", [("venerdì", "2024-10-18", "day")]),
        ("fr", "2024-10-16", "Le texte doit être examiné vendredi par le Sénat.", [("vendredi", "2024-10-18", "day")]),
        ("es", "2024-10-16", "El texto debe ser votado el viernes.", [("viernes", "2024-10-18", "day")]),
        ("en", "2024-10-16", "Ministers are expected in Rome on Friday.", [("Friday", "2024-10-18", "day")]),
        # ... and a passive participle after "to be" is no past tense
        ("fr", "2024-10-16", "Le texte sera examiné vendredi par le Sénat.", [("vendredi", "2024-10-18", "day")]),
        ("es", "2024-10-16", "La ley será votada el viernes.", [("viernes", "2024-10-18", "day")]),
        # while the past stays past
        ("fr", "2024-10-16", "Le texte a été adopté vendredi.", [("vendredi", "2024-10-11", "day")]),
        ("it", "2024-10-16", "Il decreto è stato approvato venerdì.", [("venerdì", "2024-10-11", "day")]),
        ("de", "2024-10-16", "Der Text wurde am Freitag beschlossen.", [("Freitag", "2024-10-11", "day")]),
    ],
)
def test_modal_and_passive_tense_clues(
    language: str, published: str, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # a part of a year right before it, without a preposition between
        ("de", "2024-10-16", "Ende 2023 hatte die Firma 500 Mitarbeiter.", [("Ende 2023", "2023", "year", "late")]),
        ("it", "2024-10-16", "A fine 2023 erano 500.", [("fine 2023", "2023", "year", "late")]),
        ("fr", "2024-10-16", "Début 2024, les prix ont baissé.", [("Début 2024", "2024", "year", "early")]),
        ("en", "2024-10-16", "In early 2024 prices fell.", [("early 2024", "2024", "year", "early")]),
        ("en", "2024-10-16", "At the end of 2023 there were 500.", [("the end of 2023", "2023", "year", "late")]),
        ("es", "2024-10-16", "A mediados de 2022 subieron.", [("mediados de 2022", "2022", "year", "mid")]),
        # counts: from one figure to another, an all-caps code before a number
        ("de", "2024-10-16", "Die Zahl stieg von 1900 auf 2000.", []),
        ("en", "2024-10-16", "The total went from 1800 to 1900.", []),
        ("de", "2024-10-16", "Flug LH 2019 nach New York fiel aus.", []),
        ("it", "2024-10-16", "Tra il 2000 e il 3000 per cento.", []),
    ],
)
def test_parts_of_years_and_more_counts(language: str, published: str, text: str, expected: list[object]) -> None:
    found = [
        (d.text, d.date, d.precision, d.part) for d in find_dates(text, segment(text, language), language, published)
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # this morning / tonight / last night, the day after tomorrow
        ("it", "2024-10-16", "Stamattina il governo ha riunito i ministri.", [("Stamattina", "2024-10-16", "day")]),
        ("en", "2024-10-16", "The minister resigned last night.", [("last night", "2024-10-15", "day")]),
        ("en", "2024-10-16", "He will speak tonight.", [("tonight", "2024-10-16", "day")]),
        ("fr", "2024-10-16", "Le ministre a parlé ce matin.", [("ce matin", "2024-10-16", "day")]),
        ("es", "2024-10-16", "El ministro dimitió anoche.", [("anoche", "2024-10-15", "day")]),
        ("es", "2024-10-16", "Votarán pasado mañana.", [("pasado mañana", "2024-10-18", "day")]),
        ("de", "2024-10-16", "Übermorgen wird gewählt.", [("Übermorgen", "2024-10-18", "day")]),
    ],
)
def test_more_relative_days(language: str, published: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # past forms beyond the auxiliaries keep a day in the past next to a future (2024-06-20
        # is a Thursday): passato remoto, essere + participle, German preterite, English
        # irregular pasts
        (
            "it",
            "2024-06-20",
            "Il ministro, che parlerà domani, firmò l'accordo lunedì.",
            [("domani", "2024-06-21", "day"), ("lunedì", "2024-06-17", "day")],
        ),
        (
            "it",
            "2024-06-20",
            "Il governo, che sarà sciolto, è caduto lunedì.",
            [("lunedì", "2024-06-17", "day")],
        ),
        (
            "de",
            "2024-06-20",
            "Die Partei, die morgen wählen wird, forderte am Montag Neuwahlen.",
            [("morgen", "2024-06-21", "day"), ("Montag", "2024-06-17", "day")],
        ),
        (
            "en",
            "2024-06-20",
            "The minister, who will speak tomorrow, spoke on Monday.",
            [("tomorrow", "2024-06-21", "day"), ("Monday", "2024-06-17", "day")],
        ),
        (
            "es",
            "2024-06-20",
            "El ministro, que hablará mañana, hizo el anuncio el lunes.",
            [("mañana", "2024-06-21", "day"), ("lunes", "2024-06-17", "day")],
        ),
        (
            "fr",
            "2024-06-20",
            "Le ministre, qui parlera demain, est arrivé lundi.",
            [("demain", "2024-06-21", "day"), ("lundi", "2024-06-17", "day")],
        ),
        # a participle after "be" is no past
        ("en", "2024-06-20", "Talks would be held in Muscat on Sunday.", [("Sunday", "2024-06-23", "day")]),
        # "died": a short verb in -ed is a past too (in October, the months before)
        (
            "en",
            "2024-10-16",
            "Between January and March, 300 died.",
            [("Between January and March", "2024-01/2024-03", "range")],
        ),
    ],
)
def test_more_past_forms(language: str, published: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # "de ... y", "de ... et": two dates in one phrase, not a range ("between" takes "and")
        (
            "es",
            "2024-10-16",
            "Las elecciones de marzo y abril fueron tensas.",
            [("marzo", "2024-03", "month"), ("abril", "2024-04", "month")],
        ),
        (
            "fr",
            "2024-10-16",
            "Les élections de mars et avril ont eu lieu.",
            [("mars", "2024-03", "month"), ("avril", "2024-04", "month")],
        ),
        (
            "es",
            "2024-10-16",
            "Las cifras de 2019 y 2020 crecieron.",
            [("de 2019", "2019", "year"), ("2020", "2020", "year")],
        ),
        ("es", "2024-10-16", "Entre marzo y abril bajó.", [("Entre marzo y abril", "2024-03/2024-04", "range")]),
    ],
)
def test_range_words_pair_up(language: str, published: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolve(text, language, published) == expected


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    [
        # A past verb in the same clause puts a month without a year in the past.
        ("en", "2021-11-19", "The Supreme Court suspended the laws in January.", "2021-01"),
        ("en", "2022-11-12", "FTX was valued at $32 billion in January.", "2022-01"),
        ("de", "2022-12-14", "Erst im Februar hatte die Behörde einen Rekord erzielt.", "2022-02"),
        # Not from another clause: announced, then a plan for the coming month.
        (
            "de",
            "2022-10-06",
            "Das Weiße Haus kündigte an, im November weitere Barrel auf den Markt zu bringen.",
            "2022-11",
        ),
        # French "à" is no "a" (has), even folded.
        ("fr", "2023-09-11", "Le FMI doit tenir ses assemblées à Marrakech en octobre.", "2023-10"),
    ],
)
def test_a_past_verb_close_by_puts_a_month_in_the_past(language: str, published: str, text: str, expected: str) -> None:
    assert [d for _, d, _ in resolve(text, language, published)] == [expected]


def test_a_french_sentence_opened_by_its_participle_is_past() -> None:
    text = "Signé lundi à Addis-Abeba par le Premier ministre, le protocole fâche Mogadiscio."
    assert resolve(text, "fr", "2024-01-03") == [("lundi", "2024-01-01", "day")]


@pytest.mark.parametrize(
    "text",
    ["Le 24 janvier, à Genève", "L’ONU a voté Mardi", "ASCII only, On Monday 5 May", "Ünterschied ÆØÅ œuvre İstanbul"],
)
def test_folding_for_date_matching_keeps_offsets(text: str) -> None:
    from presslens.clean import fold
    from presslens.events import _fold_keep_length

    folded = _fold_keep_length(text)
    assert len(folded) == len(text)
    by_char = "".join(f if len(f := fold(c)) == 1 else c.lower() for c in text).replace("’", "'")
    assert folded == by_char
