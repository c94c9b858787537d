"""Sentence segmentation: offsets into the cleaned text, paragraphs respected."""

from __future__ import annotations

import pytest

from presslens.segment import segment


def texts(text: str, lang: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text, lang)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("it", "Prima frase. Seconda frase!", ["Prima frase.", "Seconda frase!"]),
        ("it", "Titolo senza punto\nIl testo inizia qui.", ["Titolo senza punto", "Il testo inizia qui."]),
        (
            "it",
            "Il 5 nov. 2024 il sig. Rossi è arrivato. Poi è ripartito.",
            ["Il 5 nov. 2024 il sig. Rossi è arrivato.", "Poi è ripartito."],
        ),
        (
            "de",
            "Der Vertrag wurde z. B. in Moskau ratifiziert. Dr. Müller sagte nichts.",
            ["Der Vertrag wurde z. B. in Moskau ratifiziert.", "Dr. Müller sagte nichts."],
        ),
        ("en", "U.S. President J. Biden spoke. Then he left.", ["U.S. President J. Biden spoke.", "Then he left."]),
        ("it", "Fino a 12.000 soldati. Circa 1,5 milioni.", ["Fino a 12.000 soldati.", "Circa 1,5 milioni."]),
        ("it", "Ha detto. “Stiamo indagando.” Poi «basta».", ["Ha detto.", "“Stiamo indagando.”", "Poi «basta»."]),
        ("ja", "北朝鮮とロシア。二つ目の文。", ["北朝鮮とロシア。", "二つ目の文。"]),
        (
            "ko",
            "북한과 러시아는 동맹을 맺었다. 두번째 문장이다.",
            ["북한과 러시아는 동맹을 맺었다.", "두번째 문장이다."],
        ),
        (
            "ru",
            "Министр заявил в пятницу. Переговоры продолжатся.",
            ["Министр заявил в пятницу.", "Переговоры продолжатся."],
        ),
        ("ar", "قال الوزير يوم الجمعة. ستستمر المحادثات.", ["قال الوزير يوم الجمعة.", "ستستمر المحادثات."]),
        (
            "zh",
            "中国外交部发言人周五表示。中方愿与各方共同努力！",
            ["中国外交部发言人周五表示。", "中方愿与各方共同努力！"],
        ),
        ("und", "Hello there. Second one.", ["Hello there.", "Second one."]),
    ],
)
def test_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert texts(text, lang) == expected


def test_offsets_and_paragraphs() -> None:
    text = "Uno. Due.\nTre.\n\nQuattro."
    sents = segment(text, "it")
    assert [s.idx for s in sents] == [0, 1, 2, 3]
    assert [s.paragraph for s in sents] == [0, 0, 1, 2]
    for s in sents:
        assert text[s.start : s.end] == text[s.start : s.end].strip() != ""


def test_empty_text() -> None:
    assert segment("", "it") == []
