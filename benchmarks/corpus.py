"""A deterministic synthetic multilingual news corpus for benchmarks (random.Random(42))."""

from __future__ import annotations

import random
from collections.abc import Iterator

ACTORS = {
    "it": ["la Corea del Nord", "la Russia", "gli Stati Uniti", "la NATO", "l'Unione Europea", "Pechino", "Kiev"],
    "de": ["Nordkorea", "Russland", "die USA", "die NATO", "die Europäische Union", "Peking", "Kiew"],
    "en": ["North Korea", "Russia", "the United States", "NATO", "the European Union", "Beijing", "Kyiv"],
    "fr": ["la Corée du Nord", "la Russie", "les États-Unis", "l'OTAN", "l'Union européenne", "Pékin", "Kiev"],
    "es": ["Corea del Norte", "Rusia", "Estados Unidos", "la OTAN", "la Unión Europea", "Pekín", "Kiev"],
}
PEOPLE = ["Sergei Lavrov", "Choe Son Hui", "Mark Rutte", "Antony Blinken", "Josep Borrell", "Kim Jong Un"]
TEMPLATES = {
    "it": [
        "Secondo fonti diplomatiche, {a} e {b} hanno firmato un nuovo accordo di cooperazione militare a {m}.",
        "Il ministro degli Esteri {p} ha incontrato i rappresentanti di {a} per discutere delle sanzioni.",
        "Circa {n}.000 soldati sarebbero stati inviati al confine, ha riferito un funzionario di {a}.",
        "Gli analisti avvertono che la crisi potrebbe coinvolgere {b} nei prossimi mesi.",
        "{p} ha dichiarato che {a} non accetterà alcuna pressione esterna sul proprio programma.",
        "La riunione si è conclusa senza una dichiarazione congiunta, ma i colloqui continueranno a {m}.",
    ],
    "de": [
        "Nach Angaben von Diplomaten haben {a} und {b} in {m} ein neues Abkommen unterzeichnet.",
        "Außenminister {p} traf sich mit Vertretern von {a}, um über Sanktionen zu sprechen.",
        "Rund {n}.000 Soldaten sollen an die Grenze verlegt worden sein, sagte ein Beamter aus {a}.",
        "Analysten warnen, dass die Krise in den kommenden Monaten auch {b} erfassen könnte.",
        "{p} erklärte, {a} werde keinen Druck von außen auf das eigene Programm hinnehmen.",
        "Das Treffen endete ohne gemeinsame Erklärung, die Gespräche sollen in {m} fortgesetzt werden.",
    ],
    "en": [
        "According to diplomatic sources, {a} and {b} signed a new military cooperation agreement in {m}.",
        "Foreign minister {p} met representatives of {a} to discuss sanctions.",
        "About {n},000 troops were reportedly sent to the border, an official from {a} said.",
        "Analysts warn that the crisis could draw in {b} in the coming months.",
        "{p} said {a} would not accept any outside pressure on its programme.",
        "The meeting ended without a joint statement, but talks will continue in {m}.",
    ],
    "fr": [
        "Selon des sources diplomatiques, {a} et {b} ont signé un nouvel accord de coopération à {m}.",
        "Le ministre des Affaires étrangères {p} a rencontré des représentants de {a} pour parler des sanctions.",
        "Environ {n} 000 soldats auraient été envoyés à la frontière, selon un responsable de {a}.",
        "Les analystes avertissent que la crise pourrait entraîner {b} dans les mois à venir.",
        "{p} a déclaré que {a} n'accepterait aucune pression extérieure sur son programme.",
        "La réunion s'est terminée sans déclaration commune, mais les discussions reprendront à {m}.",
    ],
    "es": [
        "Según fuentes diplomáticas, {a} y {b} firmaron un nuevo acuerdo de cooperación militar en {m}.",
        "El ministro de Exteriores {p} se reunió con representantes de {a} para hablar de las sanciones.",
        "Unos {n}.000 soldados habrían sido enviados a la frontera, dijo un funcionario de {a}.",
        "Los analistas advierten que la crisis podría arrastrar a {b} en los próximos meses.",
        "{p} afirmó que {a} no aceptará ninguna presión externa sobre su programa.",
        "La reunión terminó sin una declaración conjunta, pero las conversaciones seguirán en {m}.",
    ],
}
CITIES = ["Mosca", "Pyongyang", "Washington", "Bruxelles", "Pechino", "Seul", "Tokyo", "Berlino"]
CHROME = ["Leggi anche:", "Lascia un commento", "Zum Inhalt springen", "Skip to content", "© 2024 All rights reserved."]


def make_articles(n: int, seed: int = 42, sentences: tuple[int, int] = (8, 30)) -> Iterator[dict[str, str]]:
    """Yield ``n`` distinct article records in it/de/en/fr/es with a little site chrome."""
    rng = random.Random(seed)
    languages = list(TEMPLATES)
    for i in range(n):
        lang = languages[i % len(languages)]
        lines = []
        for _ in range(rng.randint(*sentences)):
            a, b = rng.sample(ACTORS[lang], 2)
            sent = rng.choice(TEMPLATES[lang]).format(
                a=a, b=b, p=rng.choice(PEOPLE), m=rng.choice(CITIES), n=rng.randint(1, 20)
            )
            lines.append(sent[0].upper() + sent[1:])
        paragraphs = [" ".join(lines[j : j + 3]) for j in range(0, len(lines), 3)]
        if rng.random() < 0.3:
            paragraphs.append(rng.choice(CHROME))
        yield {
            "title": f"Article {i} ({lang})",
            "text": "\n".join(paragraphs) + f"\nRef. {i}.",  # the reference keeps every text distinct
            "source": f"Source {i % 17}",
            "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "language": lang if rng.random() < 0.5 else "",
        }
