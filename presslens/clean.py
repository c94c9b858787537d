"""Clean scraped text: normalise whitespace and drop the site chrome scrapers leave behind.

Chrome is recognised line by line with whole-line patterns in Italian, German,
English, French, Spanish and Portuguese, each bounded in length, so that a real
paragraph that merely mentions "cookie" or "newsletter" is never removed. The
raw text is kept by the caller; this module only decides what to drop.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def _any(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_COLON = r"\s*[:：]?"
# Whole-line patterns by category. Each is matched against a stripped line with
# re.fullmatch (case-insensitive); MAX_LEN guards against eating a paragraph.
_CHROME: dict[str, tuple[int, str]] = {
    "skip link": (
        120,
        _any(
            r"press\s+[\"“”']?enter[\"“”']?\s+to\s+skip\s+to\s+(?:the\s+)?(?:main\s+)?content",
            r"skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation)",
            r"jump\s+to\s+(?:content|navigation)",
            r"(?:vai|salta|passa)\s+al\s+contenuto(?:\s+principale)?",
            r"(?:direkt\s+)?zum\s+(?:haupt)?inhalt(?:\s+springen)?",
            r"(?:aller|passer)\s+(?:directement\s+)?au\s+contenu(?:\s+principal)?",
            r"(?:saltar|ir)\s+al\s+contenido(?:\s+principal)?",
            r"(?:pular|saltar|ir)\s+para\s+o\s+conte[uú]do(?:\s+principal)?",
        ),
    ),
    "comments": (
        220,
        _any(
            # English (WordPress defaults)
            r"be\s+(?:the\s+)?first\s+to\s+comment",
            r"leave\s+a\s+(?:reply|comment)(?:\s+cancel\s+reply)?",
            r"(?:no|\d+)\s+comments?(?:\s+yet)?",
            r"comments?",
            r"your\s+email\s+address\s+will\s+not\s+be\s+published\.?.*",
            r"required\s+fields\s+are\s+marked\s*\*?",
            r"(?:post|submit)\s+comment",
            r"save\s+my\s+name,\s+email,?\s+and\s+website.*",
            r"this\s+site\s+uses\s+akismet\s+to\s+reduce\s+spam\..*",
            # Italian
            r"lascia\s+un\s+commento",
            r"commenta\s+per\s+primo",
            r"(?:nessun|\d+)\s+comment[oi]",
            r"comment[oi]",
            r"il\s+tuo\s+indirizzo\s+(?:e-?mail\s+)?non\s+sar[àa]\s+pubblicato\.?.*",
            r"i\s+campi\s+obbligatori\s+sono\s+contrassegnati\s*\*?",
            r"(?:invia|pubblica)\s+(?:il\s+)?commento",
            r"salva\s+il\s+mio\s+nome.*",
            r"questo\s+sito\s+usa\s+akismet\s+per\s+ridurre\s+lo\s+spam\..*",
            # German
            r"(?:schreibe|hinterlasse)\s+einen\s+kommentar",
            r"(?:einen\s+)?kommentar\s+(?:hinterlassen|schreiben|abschicken|absenden)",
            r"(?:keine|\d+)\s+kommentare?",
            r"kommentare?",
            r"sei\s+der\s+erste,?\s+der\s+(?:einen\s+)?kommentar.*",
            r"deine\s+e-?mail-?adresse\s+wird\s+nicht\s+ver[öo]ffentlicht\.?.*",
            r"erforderliche\s+felder\s+sind\s+mit\s*\*?\s*markiert\.?",
            r"diese\s+website\s+verwendet\s+akismet.*",
            # French
            r"laisser\s+un\s+commentaire",
            r"laisser\s+une\s+r[ée]ponse",
            r"soyez\s+le\s+premier\s+[àa]\s+commenter",
            r"(?:aucun|\d+)\s+commentaires?",
            r"commentaires?",
            r"votre\s+adresse\s+(?:e-?mail|de\s+messagerie)\s+ne\s+sera\s+pas\s+publi[ée]e\.?.*",
            r"les\s+champs\s+obligatoires\s+sont\s+indiqu[ée]s\s+avec\s*\*?",
            r"ce\s+site\s+utilise\s+akismet.*",
            # Spanish
            r"deja\s+(?:una\s+respuesta|un\s+comentario)",
            r"s[ée]\s+el\s+primero\s+en\s+comentar",
            r"(?:sin|\d+)\s+comentarios?",
            r"comentarios?",
            r"tu\s+direcci[óo]n\s+de\s+correo\s+electr[óo]nico\s+no\s+ser[áa]\s+publicada\.?.*",
            r"los\s+campos\s+obligatorios\s+est[áa]n\s+marcados\s+con\s*\*?",
            r"este\s+sitio\s+usa\s+akismet.*",
        ),
    ),
    "theme footer": (
        160,
        _any(
            r".{0,80}\btheme\s+by\s+.{1,60}",
            r"(?:proudly\s+)?powered\s+by\s+wordpress.*",
            r"(?:copyright\s+)?(?:©|\(c\)|copyright)\s*\d{4}.*",
            r".{0,80}\ball\s+rights\s+reserved\.?",
            r".{0,80}\btutti\s+i\s+diritti\s+riservati\.?",
            r"©?\s*riproduzione\s+riservata\.?",
            r".{0,80}\balle\s+rechte\s+vorbehalten\.?",
            r".{0,80}\btous\s+droits\s+r[ée]serv[ée]s\.?",
            r".{0,80}\btodos\s+los\s+derechos\s+reservados\.?",
            r".{0,80}\btodos\s+os\s+direitos\s+reservados\.?",
        ),
    ),
    "newsletter": (
        250,
        _any(
            r".{0,80}\b(?:subscribe|sign\s+up|iscriviti|abonnieren|abonnez-vous|inscrivez-vous|"
            r"suscr[íi]bete|assine|melden\s+sie\s+sich)\b.{0,80}\bnewsletter\b.{0,120}",
            r".{0,40}\bnewsletter\b.{0,80}\b(?:subscribe|sign\s+up|iscriviti|iscrizione|abonnieren|"
            r"anmelden|abonnez|inscri|suscr|assine)\w*.{0,120}",
            r"newsletter",
        ),
    ),
    "share buttons": (
        120,
        r"(?:(?:share|condividi|teilen|partager|compartir|compartilhar)(?:\s+(?:this|su|on|sur|en))?"
        r"\s*[:：]?\s*)?(?:(?:facebook|twitter|x|whatsapp|telegram|linkedin|e-?mail|print|stampa|"
        r"drucken|imprimer|imprimir|reddit|pinterest|copy\s+link|copia\s+link)[\s,|·•]*)+"
        r"|(?:share\s+this|condividi(?:\s+questo\s+articolo)?|teilen|partager|compartir)\s*[:：]?",
    ),
}

_CHROME_RE = {name: (limit, re.compile(pat, re.I)) for name, (limit, pat) in _CHROME.items()}

# Cookie notices vary too much for whole-line patterns: a short paragraph that
# names cookies *and* speaks as the site itself ("this site", "we use") is a
# notice; a news sentence about cookie rules does not speak as the site.
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_SITE_VOICE = re.compile(
    r"\b(?:(?:this|our)\s+(?:web\s*)?site|we\s+use|questo\s+sito|il\s+nostro\s+sito|(?:utilizz|us)iamo|"
    r"diese\s+(?:web)?(?:site|seite)|unsere\s+(?:web)?(?:site|seite)|wir\s+(?:verwenden|nutzen|setzen)|"
    r"ce\s+site|notre\s+site|nous\s+utilisons|este\s+sitio|nuestro\s+sitio|utilizamos|usamos|"
    r"este\s+site|o\s+nosso\s+site)\b",
    re.I,
)
_COOKIE_MAX_LEN = 600

# Markers that open a trailing block of links or tags ("Related News :", "Leggi
# anche", "Themen:"). The marker line goes, and so do the link titles or tags
# under it, up to the first line that reads like a real paragraph.
_TRAILER = re.compile(
    r"[-•*–]?\s*"
    + _any(
        r"related\s+(?:news|articles?|posts?|stories)",
        r"read\s+(?:also|more)",
        r"see\s+also",
        r"more\s+on\s+this(?:\s+(?:topic|story))?",
        r"you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)",
        r"tags?",
        r"topics",
        r"leggi\s+anche",
        r"potrebbe\s+interessarti",
        r"ti\s+potrebbe\s+(?:anche\s+)?interessare",
        r"(?:articoli|notizie)\s+correlat[ei]",
        r"argomenti",
        r"themen",
        r"mehr\s+zum\s+thema",
        r"lesen\s+sie\s+(?:auch|mehr)",
        r"auch\s+interessant",
        r"das\s+k[öo]nnte\s+sie\s+(?:auch\s+)?interessieren",
        r"schlagw[öo]rter",
        r"(?:weitere|verwandte)\s+artikel",
        r"(?:[àa]\s+)?lire\s+aussi",
        r"voir\s+aussi",
        r"sur\s+le\s+m[êe]me\s+sujet",
        r"articles\s+(?:similaires|li[ée]s)",
        r"mots[-\s]cl[ée]s",
        r"(?:lee|lea)\s+tambi[ée]n",
        r"(?:noticias|art[íi]culos)\s+relacionad[oa]s",
        r"te\s+puede\s+interesar",
        r"etiquetas",
        r"temas",
        r"leia\s+tamb[ée]m",
    )
    + r"(?:\s*[:：]\s*.{0,200}|\s*)",
    re.I,
)
_TAG_LINE = re.compile(r"[-•*–]?\s*#\S.{0,120}")
_SENTENCE_END = re.compile(r"[.!?…»”\"')\]]$")
_LINK_TITLE_MAX = 160
_PUNCT_ONLY = re.compile(r"[\W_]+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_HSPACE = re.compile(r"[^\S\n]+")


def fold(text: str) -> str:
    """Lower case without accents: "Démocrates" -> "democrates" (for comparing words)."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


@dataclass
class CleanResult:
    """Cleaned text (one paragraph per line) and the lines removed, by category."""

    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)


def normalise_whitespace(text: str) -> list[str]:
    """NFC, invisible characters out, runs of spaces collapsed; return non-empty lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    lines = (_HSPACE.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def chrome_category(line: str) -> str | None:
    """The kind of site chrome this whole line is, or None for content."""
    if _PUNCT_ONLY.fullmatch(line):
        return "separator"
    for name, (limit, pattern) in _CHROME_RE.items():
        if len(line) <= limit and pattern.fullmatch(line):
            return name
    if len(line) <= _COOKIE_MAX_LEN and _COOKIE.search(line) and _SITE_VOICE.search(line):
        return "cookie notice"
    return None


def _is_link_title(line: str) -> bool:
    return bool(_TAG_LINE.fullmatch(line)) or (len(line) <= _LINK_TITLE_MAX and not _SENTENCE_END.search(line))


def clean_text(text: str, *, source: str | None = None) -> CleanResult:
    """Clean scraped article text; ``source`` lets a leading site-name line go too."""
    lines = normalise_whitespace(text)
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    site = source.casefold().strip() if source else None
    in_trailer = False
    for line in lines:
        if in_trailer:
            if _is_link_title(line):
                removed.append(("related links", line))
                continue
            in_trailer = False
        if site and not kept and line.casefold() == site:
            removed.append(("site name", line))
            continue
        category = chrome_category(line)
        if category is None and _TRAILER.fullmatch(line):
            category, in_trailer = "related links", True
        if category:
            removed.append((category, line))
        else:
            kept.append(line)
    return CleanResult("\n".join(kept), removed)


def split_title(text: str, max_title_len: int = 200) -> tuple[str | None, str]:
    """Take the first line as the title when it reads like one; return (title, body).

    A first line that is a long paragraph, or the only line, is body text: the
    title is then None and the caller may derive one.
    """
    first, _, rest = text.partition("\n")
    if not rest.strip():
        return None, text
    if len(first) > max_title_len or (len(first) > 120 and first.endswith(".")):
        return None, text
    return first.strip(), rest


def derive_title(text: str, limit: int = 110) -> str:
    """A title from the first sentence-ish stretch of text, cut at a word boundary."""
    first = text.split("\n", 1)[0]
    match = re.search(r"[.!?](?:\s|$)", first)
    head = first[: match.start() + 1] if match else first
    if len(head) <= limit:
        return head.rstrip(".")
    cut = head[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
