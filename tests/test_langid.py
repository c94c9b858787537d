"""Language identification: restricted set, confidence, `und`, input wins."""

from __future__ import annotations

import pytest

from presslens.config import DEFAULT_LANGUAGES, Settings
from presslens.langid import detect_language, normalise_language_code
from presslens.models import RawRecord
from presslens.pipeline import process_record

SNIPPETS = [
    ("it", "Il governo italiano ha approvato ieri la nuova legge sul bilancio dopo un lungo dibattito in Parlamento."),
    ("de", "Die Bundesregierung hat am Mittwoch neue Sanktionen gegen Russland beschlossen, teilte ein Sprecher mit."),
    ("en", "The foreign ministers met in Brussels on Thursday to discuss further support for Ukraine."),
    ("fr", "Le président a annoncé mardi une nouvelle réforme des retraites, provoquant la colère des syndicats."),
    ("es", "El Gobierno español aprobó el martes un nuevo paquete de ayudas para los agricultores afectados."),
    ("pt", "O governo brasileiro anunciou nesta segunda-feira um novo pacote de medidas econômicas para o país."),
    ("ru", "Министр иностранных дел России заявил в пятницу, что переговоры продолжатся на следующей неделе."),
    ("uk", "Міністр закордонних справ України заявив у п'ятницю, що переговори продовжаться наступного тижня."),
    ("ko", "북한과 러시아는 금요일 모스크바에서 열린 회담에서 군사 협력을 강화하기로 합의했다고 밝혔다."),
    ("zh", "中国外交部发言人周五表示，中方愿与各方共同努力，推动局势早日降温。"),
    ("ja", "日本政府は金曜日、北朝鮮のミサイル発射について強く抗議したと発表した。"),
    ("ar", "قال وزير الخارجية يوم الجمعة إن المحادثات ستستمر الأسبوع المقبل في جنيف."),
]


@pytest.mark.parametrize(("expected", "text"), SNIPPETS)
def test_detects_default_languages(expected: str, text: str) -> None:
    guess = detect_language(text, DEFAULT_LANGUAGES, 0.6)
    assert guess.language == expected
    assert 0.6 <= guess.confidence <= 1.0


@pytest.mark.parametrize("text", ["ok", "12345 67,8 %", "—", "ᚠᛇᚻ᛫ᛒᛦᚦ ᚠᛁᚱᛖ ᚻᚢᚾᛏ", "asdkj qwpoeiu zxcmnb"])
def test_unplaceable_text_is_und(text: str) -> None:
    assert detect_language(text, DEFAULT_LANGUAGES, 0.6).language == "und"


def test_restricted_set_is_respected() -> None:
    # Portuguese text, but Portuguese is not allowed: the answer is one of the allowed codes or und.
    guess = detect_language(SNIPPETS[5][1], ("it", "de"), 0.0)
    assert guess.language in {"it", "de", "und"}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("it", "it"),
        ("IT", "it"),
        ("de-CH", "de"),
        ("pt_BR", "pt"),
        ("deu", "de"),
        ("ger", "de"),
        ("xx", None),
        ("english", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_language_code(value: str | None, code: str | None) -> None:
    assert normalise_language_code(value) == code


def test_input_language_wins() -> None:
    record = RawRecord(text="Titolo\n" + SNIPPETS[0][1], origin="t", language="de")
    article = process_record(record, Settings())
    assert (article.language, article.language_method, article.language_confidence) == ("de", "input", 1.0)


def test_invalid_input_language_falls_back_to_detection_with_warning() -> None:
    record = RawRecord(text="Titolo\n" + SNIPPETS[0][1], origin="t", language="italiano")
    article = process_record(record, Settings())
    assert article.language == "it" and article.language_method == "detected"
    assert any("not an ISO 639-1 code" in w for w in article.warnings)


def test_unsupported_script_still_ingests_as_und() -> None:
    record = RawRecord(text="ᚠᛇᚻ ᛒᛦᚦ ᚠᛁᚱᛖ ᚻᚢᚾᛏ. ᚦᚫᛏ ᚻᛖ ᛒᚢᛞᛖ ᚩᚾ.", origin="t")
    article = process_record(record, Settings())
    assert article.language == "und"
    assert article.sentences
