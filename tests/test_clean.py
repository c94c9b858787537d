"""Cleaning: site chrome goes in five languages, real paragraphs stay."""

from __future__ import annotations

import pytest

from presslens.clean import chrome_category, clean_text, derive_title, normalise_whitespace, split_title

CHROME_LINES = [
    # skip links
    ("skip link", 'Press "Enter" to skip to content'),
    ("skip link", "Skip to main content"),
    ("skip link", "Vai al contenuto"),
    ("skip link", "Zum Inhalt springen"),
    ("skip link", "Aller au contenu principal"),
    ("skip link", "Saltar al contenido"),
    # comment forms and counters
    ("comments", "Be First to Comment"),
    ("comments", "Leave a Reply Cancel reply"),
    ("comments", "Your email address will not be published. Required fields are marked *"),
    ("comments", "3 Comments"),
    ("comments", "Lascia un commento"),
    ("comments", "Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *"),
    ("comments", "Questo sito usa Akismet per ridurre lo spam. Scopri come i tuoi dati vengono elaborati."),
    ("comments", "12 commenti"),
    ("comments", "Schreibe einen Kommentar"),
    ("comments", "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert"),
    ("comments", "Laisser un commentaire"),
    ("comments", "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *"),
    ("comments", "Deja una respuesta"),
    ("comments", "Tu dirección de correo electrónico no será publicada."),
    # theme footers
    ("theme footer", "Mission News Theme by Compete Themes."),
    ("theme footer", "Proudly powered by WordPress"),
    ("theme footer", "© 2024 La Gazzetta. Tutti i diritti riservati."),
    ("theme footer", "© RIPRODUZIONE RISERVATA"),
    ("theme footer", "Copyright 2023 Zeitung GmbH. Alle Rechte vorbehalten."),
    ("theme footer", "Tous droits réservés"),
    ("theme footer", "Todos los derechos reservados."),
    # newsletter and cookies
    ("newsletter", "Iscriviti alla nostra newsletter"),
    ("newsletter", "Jetzt den Newsletter abonnieren!"),
    ("newsletter", "Subscribe to our newsletter for daily updates"),
    ("newsletter", "Abonnez-vous à notre newsletter"),
    ("newsletter", "Suscríbete a nuestra newsletter"),
    ("cookie notice", "Questo sito utilizza cookie tecnici e di profilazione. Continuando la navigazione accetti."),
    ("cookie notice", "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie der Datenschutzerklärung zu."),
    ("cookie notice", "We use cookies to improve your experience. Accept all"),
    ("cookie notice", "Ce site utilise des cookies. En poursuivant votre navigation, vous acceptez leur utilisation."),
    ("cookie notice", "Este sitio web utiliza cookies. Aceptar"),
    # share buttons and separators
    ("share buttons", "Facebook Twitter WhatsApp"),
    ("share buttons", "Condividi su Facebook"),
    ("separator", "-"),
    ("separator", "* * *"),
]


@pytest.mark.parametrize(("category", "line"), CHROME_LINES)
def test_chrome_line_recognised(category: str, line: str) -> None:
    assert chrome_category(line) == category


REAL_LINES = [
    "La Commissione europea ha proposto nuove regole sui cookie e sulla privacy dei cittadini.",
    "Die Zeitung hat ihren Newsletter eingestellt, nachdem die Redaktion geschlossen wurde, sagte der Sprecher.",
    "Il tema della giornata è stato il commento del ministro sulla crisi.",
    "Themen der Konferenz waren Energie, Handel und Sicherheit in Europa.",
    "Comments by the foreign minister were condemned by Seoul on Friday.",
    "Tags and labels were removed from the exported goods, customs officials said.",
    "Truppe nordcoreane avvistate al confine tra Russia e Ucraina",  # a heading: kept
    "Related talks will continue next week in Geneva, the ministry said.",
    "Leggi anche il rapporto dell'ONU, ha detto il portavoce, che sarà pubblicato lunedì.",
]


@pytest.mark.parametrize("line", REAL_LINES)
def test_real_content_is_kept(line: str) -> None:
    assert chrome_category(line) is None
    assert clean_text(f"Primo paragrafo dell'articolo.\n{line}").text.endswith(line)


def test_trailing_related_block_goes_with_its_links() -> None:
    text = (
        "Paragrafo vero dell'articolo, con una frase completa.\n"
        "Leggi anche:\n"
        "Il governo approva la manovra\n"
        "Nuove sanzioni contro Mosca\n"
    )
    result = clean_text(text)
    assert result.text == "Paragrafo vero dell'articolo, con una frase completa."
    assert [kind for kind, _ in result.removed] == ["related links"] * 3


def test_related_block_stops_at_a_real_paragraph() -> None:
    text = (
        "Erster Absatz des Artikels.\n"
        "Lesen Sie auch: Die Lage an der Grenze\n"
        "Der zweite Absatz ist echter Text, der mit einem Punkt endet und erhalten bleibt.\n"
    )
    result = clean_text(text)
    assert "Der zweite Absatz ist echter Text" in result.text
    assert "Lesen Sie auch" not in result.text


def test_tag_list_after_themen() -> None:
    result = clean_text("Der letzte Absatz endet hier.\n- Themen:\n- #Energie\n- #Russland")
    assert result.text == "Der letzte Absatz endet hier."


def test_leading_site_name_is_dropped_only_at_the_top() -> None:
    text = "DayFR Italian\n\nTitolo\n\nTesto che cita DayFR Italian.\nDayFR Italian"
    result = clean_text(text, source="DayFR Italian")
    assert result.text == "Titolo\nTesto che cita DayFR Italian.\nDayFR Italian"


def test_whitespace_and_invisible_characters() -> None:
    assert normalise_whitespace("  a\u00a0 b\u200b\r\n\r\n\tc\u00ad d  \n") == ["a b", "c d"]


def test_nfc_normalisation() -> None:
    decomposed = "citta\u0300"  # "città" with a combining grave accent
    assert clean_text(decomposed).text == "città"


@pytest.mark.parametrize(
    ("text", "title", "body_start"),
    [
        ("Titolo breve\nCorpo del testo.", "Titolo breve", "Corpo"),
        ("Solo una riga di testo.", None, "Solo"),
        ("A" * 250 + "\nCorpo.", None, "AAA"),
        (
            "Una prima riga lunga che è chiaramente un paragrafo e non un titolo, perché continua ancora.\nAltro.",
            "Una prima riga lunga che è chiaramente un paragrafo e non un titolo, perché continua ancora.",
            "Altro",
        ),
        ("Una prima riga molto lunga " * 6 + "che finisce con un punto.\nAltro.", None, "Una"),
    ],
)
def test_split_title(text: str, title: str | None, body_start: str) -> None:
    got_title, body = split_title(text)
    assert got_title == title
    assert body.lstrip().startswith(body_start)


def test_derive_title_cuts_at_a_word() -> None:
    text = (
        "La Corea del Nord e la Russia hanno riaffermato la loro alleanza strategica, "
        "con entrambe le nazioni che si sono impegnate."
    )
    title = derive_title(text)
    assert title.endswith("…") and len(title) <= 111
    assert text.startswith(title[:-1])
    assert derive_title("Breve frase. Seconda frase.") == "Breve frase"
