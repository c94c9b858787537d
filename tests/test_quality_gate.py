"""Quality gate: the pipeline's scores on the development set stay above pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.config import Settings
from presslens.evaluation import ENTITY_TYPES, evaluate_dates, evaluate_entities, load_dev_set

BASELINE = json.loads((Path(__file__).parent / "baselines" / "quality.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entity_scores():  # type: ignore[no-untyped-def]
    docs = load_dev_set()
    assert len(docs) >= 20, "the development set has at least 20 documents"
    assert {d.language for d in docs} >= {"it", "de", "en", "fr", "es"}
    return evaluate_entities(docs, Settings())


@pytest.mark.parametrize("kind", ENTITY_TYPES)
def test_entity_floors(entity_scores, kind: str) -> None:  # type: ignore[no-untyped-def]
    counts = entity_scores[kind]
    floor = BASELINE["entities"][kind]
    assert counts.precision >= floor["precision"], (counts.precision, counts.false_positives)
    assert counts.recall >= floor["recall"], (counts.recall, counts.misses)


def test_gold_is_well_formed() -> None:
    for doc in load_dev_set():
        assert set(doc.gold) >= {"countries", "people", "organizations"}, doc.id
        assert all(len(c) == 2 and c.isupper() for c in doc.gold["countries"]), doc.id


def test_date_floors() -> None:
    score = evaluate_dates(load_dev_set(), Settings())
    floor = BASELINE["dates"]
    assert score.gold >= 100
    assert score.recall >= floor["recall"], (score.recall, score.errors)
    assert score.false_share <= floor["max_false_share"], (score.false_share, score.errors)


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        # A shortened name must not take the gold a full name needs ("Kim" is Kim Yo Jong here).
        (
            {"Kim": {"Kim"}, "Kim Jong Un": {"Kim Jong Un"}},
            ["Kim Jong Un", "Kim Yo Jong"],
            {"Kim Jong Un": "Kim Jong Un", "Kim": "Kim Yo Jong"},
        ),
        # The canonical name takes its own gold first, whatever the order.
        (
            {"United Nations": {"United Nations", "UN"}, "United Nations Security Council": {"UNSC"}},
            ["United Nations Security Council", "United Nations"],
            {"United Nations": "United Nations", "United Nations Security Council": "United Nations Security Council"},
        ),
        # No looser: an unrelated name stays unmatched.
        ({"Bild": {"Bild"}}, ["SVT"], {}),
    ],
)
def test_names_are_matched_one_to_one_at_best(
    predicted: dict[str, set[str]], gold: list[str], expected: dict[str, str]
) -> None:
    from presslens.evaluation import Counts, match_names, score_sets

    assert match_names(predicted, gold) == expected
    counts = Counts()
    score_sets("people", predicted, gold, counts, "doc")
    assert (counts.tp, counts.fp, counts.fn) == (
        len(expected),
        len(predicted) - len(expected),
        len(gold) - len(expected),
    )
