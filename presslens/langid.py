"""Language identification with py3langid, restricted to a configurable set."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from py3langid.langid import MODEL_FILE, LanguageIdentifier

UNDETERMINED = "und"
# Enough text for a stable answer; more only costs time (py3langid is linear).
_SAMPLE_CHARS = 8000
# Fewer letters than this and any answer is a guess ("ok", "12345").
_MIN_LETTERS = 12
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (or ``und``) and the detector's normalised probability."""

    language: str
    confidence: float


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    # Loading the model takes ~0.8 s: once per process and language set.
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(ident.nb_classes)
    ident.set_languages([code for code in languages if code in known])
    return ident


def detect_language(text: str, languages: tuple[str, ...], min_confidence: float) -> LanguageGuess:
    """Detect the language of ``text`` among ``languages``; ``und`` when unsure."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return LanguageGuess(UNDETERMINED, 0.0)
    code, prob = _identifier(tuple(sorted(languages))).classify(sample)
    prob = float(prob)
    if prob < min_confidence:
        return LanguageGuess(UNDETERMINED, round(prob, 3))
    return LanguageGuess(str(code), round(prob, 3))


def normalise_language_code(value: str | None) -> str | None:
    """An input's ``language`` as a lower-case ISO 639-1 code, or None if it is not one.

    Accepts region tags ("it-IT", "de_CH") and ISO 639-2/3 codes ("ita", "deu").
    """
    if not value:
        return None
    code = re.split(r"[-_]", value.strip())[0].lower()
    if len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None:
        return code
    if len(code) == 3:
        lang = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
        alpha2 = getattr(lang, "alpha_2", None) if lang else None
        return str(alpha2) if alpha2 else None
    return None
